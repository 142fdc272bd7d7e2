// `stancewatch review [--list ID]`: the review queue (positions behind the next digest's changes, lowest
// confidence first); `stancewatch review confirm|reject|set-polarity|set-actor|set-topic ID … --by NAME`:
// an analyst's verdict on one position, stored as an override that `changes` and the digest honour.
import type { Logger } from '../log.js';
import { openContext } from '../pipeline/context.js';
import {
  parseReviewRequest,
  Reviewer,
  reviewPosition,
  reviewQueue,
  type QueueItem,
  type ReviewQueue,
} from '../pipeline/review.js';
import { positionKey } from '../compare/overrides.js';
import { formatIssues } from '../config/issues.js';
import { StancewatchError, UsageError } from '../errors.js';
import type { ReviewOverride } from '../model.js';
import { dateCell, table } from './_table.js';

interface Common {
  config?: string;
  db?: string;
  watchlist?: string;
  logger: Logger;
  write: (chunk: string) => void;
}

export interface ReviewQueueOptions extends Common {
  list?: string;
  format?: 'text' | 'json';
}

export interface ReviewActionOptions extends Common {
  /** The stored position id (as the queue shows it). */
  positionId: string;
  action: 'confirm' | 'reject' | 'set-polarity' | 'set-actor' | 'set-topic';
  /** The new polarity, actor id or topic id for the set-* actions. */
  value?: string;
  by?: string;
  note?: string;
}

function stanceCell(i: QueueItem): string {
  const p = i.position;
  const tags = [
    p.reported === 'relayed' ? `relayed by ${p.relayer ?? 'another speaker'}` : null,
    p.reported === 'alleged' ? 'alleged' : null,
  ].filter(Boolean);
  return `${p.polarity}${tags.length ? ` (${tags.join(', ')})` : ''}`;
}

export function formatQueueText(queue: ReviewQueue): string {
  if (queue.pending.length === 0)
    return `Nothing to review: every position behind the next digest is reviewed (${queue.reviewed.length} reviewed).\n`;
  return (
    table(
      ['id', 'conf', 'date', 'actor', 'topic', 'stance', 'change', 'speaker', 'evidence'],
      queue.pending.map((i) => [
        String(i.position.id),
        i.position.extractedConfidence.toFixed(2),
        dateCell(i.position.published, i.position.datePrecision),
        i.position.actor,
        i.position.topic,
        stanceCell(i),
        `${i.kind} (${i.side})`,
        i.position.speaker,
        i.position.evidence.text,
      ]),
      [8, 4, 10, 16, 20, 36, 18, 28, 100],
    ) + `\n${queue.pending.length} to review, ${queue.reviewed.length} reviewed.\n`
  );
}

export async function reviewQueueCommand(options: ReviewQueueOptions): Promise<ReviewQueue> {
  const ctx = await openContext(options);
  try {
    const queue = await reviewQueue(ctx, options.list);
    if (options.format === 'json') options.write(`${JSON.stringify(queue, null, 2)}\n`);
    else options.write(formatQueueText(queue));
    return queue;
  } finally {
    await ctx.store.close();
  }
}

const VALUE_FIELD = { 'set-polarity': 'polarity', 'set-actor': 'actor', 'set-topic': 'topic' } as const;

function positionIdOf(value: string): number {
  if (!/^\d{1,12}$/.test(value))
    throw new UsageError(`position id: expected a number from \`stancewatch review\`, received "${value}"`);
  return Number(value);
}

export async function reviewActionCommand(options: ReviewActionOptions): Promise<void> {
  const positionId = positionIdOf(options.positionId);
  const reviewerInput = {
    by: options.by ?? '',
    ...(options.note !== undefined ? { note: options.note } : {}),
  };
  const reviewer = Reviewer.safeParse(reviewerInput);
  if (!reviewer.success)
    throw new UsageError(
      formatIssues(reviewer.error.issues, reviewerInput)
        .map((l) => `--${l}`)
        .join('; '),
    );
  const ctx = await openContext(options);
  try {
    const field =
      options.action === 'confirm' || options.action === 'reject' ? null : VALUE_FIELD[options.action];
    const input = { action: options.action, ...(field ? { [field]: options.value } : {}) };
    const parsed = parseReviewRequest(ctx.watchlist, input);
    if (!parsed.ok) throw new UsageError(parsed.issues.join('; '));
    const { position, override } = await reviewPosition(ctx, positionId, parsed.request, reviewer.data);
    const shown = `${override.correctedActor ?? position.actor} / ${override.correctedTopic ?? position.topic}: ${override.polarity ?? position.polarity}`;
    options.write(
      override.verdict === 'rejected'
        ? `Position ${position.id} rejected by ${override.by}: it no longer counts in changes or digests.\n`
        : `Position ${position.id} ${override.verdict} by ${override.by} (${shown}).\n`,
    );
  } finally {
    await ctx.store.close();
  }
}

export interface ReviewHistoryOptions extends Common {
  positionId: string;
}

/** `stancewatch review history ID`: every verdict recorded on a position (and its earlier versions), oldest first. */
export async function reviewHistoryCommand(options: ReviewHistoryOptions): Promise<ReviewOverride[]> {
  const id = positionIdOf(options.positionId);
  const ctx = await openContext(options);
  try {
    const position = await ctx.store.getPosition(id);
    if (!position) throw new StancewatchError(`no stored position with id ${id}`, { exitCode: 2 });
    const history = await ctx.store.overrideHistory(positionKey(position));
    if (history.length === 0) options.write(`Position ${id} has not been reviewed.\n`);
    else
      options.write(
        table(
          ['when', 'by', 'verdict', 'polarity', 'actor', 'topic', 'note'],
          history.map((o) => [
            o.at,
            o.by,
            o.verdict,
            o.polarity ?? `(${o.extractedPolarity})`,
            o.correctedActor ?? `(${o.actor})`,
            o.correctedTopic ?? `(${o.topic})`,
            o.note ?? '',
          ]),
        ),
      );
    return history;
  } finally {
    await ctx.store.close();
  }
}
