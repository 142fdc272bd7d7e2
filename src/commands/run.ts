// `stancewatch run`: the main job by hand — ingest the sources, then compute, render and deliver each
// list's digest — and a summary a person can read. `npm start` is this command on the default config.
// Each list is delivered under its lock (shared with the worker): a second run on the same list waits
// for the first to finish (worker.lockWaitSeconds), then finds its recipients already served.
import type { Logger } from '../log.js';
import type { Store } from '../store/types.js';
import { formatArticlesTable } from './articles.js';
import { openContext } from '../pipeline/context.js';
import { parseNewWithin, runDigests, selectLists, type DigestRunSummary } from '../pipeline/digest.js';
import { configuredExtractor } from '../pipeline/extract-pool.js';
import { describeIngest, type IngestSummary } from '../pipeline/ingest-files.js';
import { markStaleRuns } from '../pipeline/runs.js';
import { ingestSources } from '../pipeline/sources.js';

export interface RunOptions {
  config?: string;
  db?: string;
  watchlist?: string;
  list?: string[];
  since?: string;
  /** The new-voice window of this one-off run (`--new-within`). */
  newWithin?: string;
  dryRun?: boolean;
  to?: string;
  force?: boolean;
  /** Skip the ingest step (digest from what is already stored). */
  noIngest?: boolean;
  logger: Logger;
  write: (chunk: string) => void;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

export interface RunResult {
  ingest: IngestSummary | null;
  digests: DigestRunSummary[];
  /** True when any list failed to build or any delivery failed: the CLI exits 1. */
  failed: boolean;
}

export async function runCommand(options: RunOptions): Promise<RunResult> {
  const ctx = await openContext(options);
  try {
    // A mistyped --list is a usage error before any work is done.
    selectLists(ctx.loaded.config.lists, options.list);
    await markStaleRuns(ctx);
    const ingest = options.noIngest ? null : await ingestWithoutModel(ctx);
    if (ingest) {
      options.write(`Ingest: ${describeIngest(ingest)}\n\n`);
      options.write(await describeStored(ctx.store, ingest));
    }
    const digests = await runDigests(ctx, {
      listIds: options.list,
      since: options.since,
      ...(options.newWithin ? { newWithin: parseNewWithin(options.newWithin) } : {}),
      dryRun: options.dryRun,
      to: options.to,
      force: options.force,
      env: options.env,
    });
    for (const d of digests) options.write(describeDigestRun(d, options));
    return { ingest, digests, failed: digests.some((d) => d.outcome === 'failed') };
  } finally {
    await ctx.store.close();
  }
}

/**
 * The ingest step, its extraction on threads that end with it (ingest.extractThreads): the language
 * model is not in this process's memory while the digests are built (at 20,000 articles it made `run`
 * ~45 MB bigger than `preview`), and a big batch is extracted on every core.
 */
async function ingestWithoutModel(ctx: Awaited<ReturnType<typeof openContext>>): Promise<IngestSummary> {
  const extractor = configuredExtractor(ctx);
  try {
    return await ingestSources(ctx, { extractor });
  } finally {
    await extractor.close();
  }
}

/** At most this many of a run's new articles are listed (the rest: `stancewatch articles`). */
const LISTED_ARTICLES = 20;

/**
 * The articles this run stored, not the whole table: at 20,000 articles printing every row was most of
 * a run's time and memory.
 */
async function describeStored(store: Store, ingest: IngestSummary): Promise<string> {
  const stored = ingest.new + ingest.updated;
  if (stored === 0) return '';
  const newest = (await store.listArticles({ newest: Math.min(stored, LISTED_ARTICLES) })).filter(
    (a) => a.storedAt >= ingest.startedAt,
  );
  const more = stored - newest.length;
  return `${formatArticlesTable(newest)}${more > 0 ? `… and ${more} more (\`stancewatch articles\` lists every article)\n` : ''}\n`;
}

export function describeDigestRun(
  d: DigestRunSummary,
  options: Pick<RunOptions, 'dryRun' | 'to'> = {},
): string {
  const lines = [
    `List ${d.listId}: ${d.subject ? `"${d.subject}"` : '(no digest)'} — ${d.changes} change${d.changes === 1 ? '' : 's'}`,
  ];
  if (d.outcome === 'skipped-empty')
    lines.push('  nothing to send (no changes, and the list does not want empty digests)');
  const del = d.delivery;
  if (del) {
    const mode = options.dryRun
      ? 'dry run, rendered to the outbox'
      : options.to
        ? `test copy to ${options.to}`
        : null;
    const parts = [
      `sent ${del.sent}`,
      `failed ${del.failed}`,
      del.bounced ? `bounced ${del.bounced}` : null,
      del.skippedAlreadySent ? `already sent ${del.skippedAlreadySent}` : null,
      del.suppressed ? `unsubscribed ${del.suppressed}` : null,
      del.deferred ? `waiting to retry ${del.deferred}` : null,
      del.gaveUp ? `gave up ${del.gaveUp}` : null,
      del.inDoubt ? `in doubt, retried later ${del.inDoubt}` : null,
      del.notAttempted ? `left pending ${del.notAttempted}` : null,
    ].filter(Boolean);
    lines.push(`  ${mode ? `${mode}: ` : ''}${parts.join(', ')}`);
    for (const p of del.outboxPaths) lines.push(`  outbox: ${p}`);
    if (del.previewPath) lines.push(`  preview: ${del.previewPath}`);
  }
  if (d.error) lines.push(`  error: ${d.error}`);
  return `${lines.join('\n')}\n`;
}
