// `stancewatch changes [--since] [--actor] [--topic] [--format json|text]`: what changed in stated
// positions since the baseline, computed from the store.
import type { Logger } from '../log.js';
import { GUESSED_CONFIDENCE, type Change, type ChangeSide } from '../model.js';
import { changesFromStore } from '../pipeline/changes.js';
import { openContext } from '../pipeline/context.js';

export interface ChangesOptions {
  config?: string;
  db?: string;
  watchlist?: string;
  since?: string;
  actor?: string;
  topic?: string;
  format?: 'text' | 'json';
  logger: Logger;
  write: (chunk: string) => void;
}

function sideLine(label: string, s: ChangeSide): string {
  const tags = [
    s.reported === 'alleged' ? 'alleged' : null,
    s.reported === 'relayed' ? `relayed by ${s.relayer ?? 'another speaker'}` : null,
    s.mixed ? 'mixed statements' : null,
    // A guess (no stance word read) or hearsay as thin: compared, but it never moves a pair.
    s.confidence <= GUESSED_CONFIDENCE ? `weak, confidence ${s.confidence.toFixed(2)}` : null,
    s.review ? `${s.review} by an analyst` : null,
  ].filter(Boolean);
  return `  ${label} ${s.published ?? 'undated'}  ${s.polarity}${tags.length ? ` (${tags.join(', ')})` : ''} — ${s.speaker}: ${s.claim}\n      ${s.title ?? s.file ?? ''}${s.source ? `, ${s.source}` : ''}${s.url ? ` <${s.url}>` : ''}\n`;
}

export function formatChangesText(changes: Change[], since: string): string {
  if (changes.length === 0) return `No stated positions since ${since}.\n`;
  return changes
    .map(
      (c) =>
        `${c.actor} / ${c.topic}: ${c.kind}\n${c.before ? sideLine('then', c.before) : ''}${sideLine(c.kind === 'new' ? 'new ' : 'now ', c.after)}`,
    )
    .join('\n');
}

export async function changesCommand(options: ChangesOptions): Promise<Change[]> {
  const ctx = await openContext(options);
  try {
    const since = options.since ?? ctx.loaded.config.baseline;
    const changes = await changesFromStore(ctx, { actor: options.actor, topic: options.topic }, { since });
    if (options.format === 'json') options.write(`${JSON.stringify({ since, changes }, null, 2)}\n`);
    else options.write(formatChangesText(changes, since));
    return changes;
  } finally {
    await ctx.store.close();
  }
}
