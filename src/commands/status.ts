// `stancewatch status`: what the worker did and will do — per list its last digest run, next scheduled
// run and last delivery; per source its fetch history and backoff.
import type { Logger } from '../log.js';
import { openContext } from '../pipeline/context.js';
import { listLockName } from '../pipeline/digest.js';
import { sourceId } from '../pipeline/sources.js';
import type { RunRecord, SourceState, SuppressionRecord } from '../store/types.js';
import { LEASE_NAME, nextTick } from '../worker.js';
import { table } from './_table.js';

export interface StatusOptions {
  config?: string;
  db?: string;
  logger: Logger;
  write: (chunk: string) => void;
  now?: () => Date;
  format?: 'text' | 'json';
}

export interface ListStatus {
  id: string;
  schedule: string | null;
  timeZone: string;
  lastRun: Pick<
    RunRecord,
    'status' | 'startedAt' | 'finishedAt' | 'scheduledFor' | 'counts' | 'error'
  > | null;
  nextRun: string | null;
  lastDeliveredUntil: string | null;
  lastDeliveryAt: string | null;
  /** Who is delivering this list right now (its lock, shared by `run` and the worker), or null. */
  lock: { holder: string; expiresAt: string } | null;
}

export interface StatusReport {
  lease: { holder: string; expiresAt: string } | null;
  lists: ListStatus[];
  sources: Array<{ id: string; type: 'folder' | 'feed'; state: SourceState | null }>;
  /** Addresses that get no more mail: unsubscribed, or suppressed after repeated hard bounces. */
  suppressions: SuppressionRecord[];
}

/**
 * A run left `running` by a process that stopped renewing it is shown as abandoned (the next run or
 * worker records it so); one still renewed is running.
 */
function shownStatus(run: RunRecord, now: Date): RunRecord['status'] {
  if (run.status !== 'running') return run.status;
  return run.aliveUntil && Date.parse(run.aliveUntil) > now.getTime() ? 'running' : 'abandoned';
}

export async function statusCommand(options: StatusOptions): Promise<StatusReport> {
  const now = options.now ?? (() => new Date());
  const ctx = await openContext({ config: options.config, db: options.db, logger: options.logger, now });
  try {
    const { config } = ctx.loaded;
    const lease = await ctx.store.getLease(LEASE_NAME);
    const lists: ListStatus[] = [];
    for (const list of config.lists) {
      const [last] = await ctx.store.listRuns({ listId: list.id, kind: 'digest', limit: 1 });
      const deliveries = await ctx.store.listDeliveries({ listId: list.id, status: 'sent' });
      const lastDeliveryAt =
        deliveries
          .map((d) => d.updatedAt)
          .sort()
          .at(-1) ?? null;
      lists.push({
        id: list.id,
        schedule: list.schedule ?? null,
        timeZone: list.timeZone,
        lastRun: last
          ? {
              status: shownStatus(last, now()),
              startedAt: last.startedAt,
              finishedAt: last.finishedAt,
              scheduledFor: last.scheduledFor,
              counts: last.counts,
              error: last.error,
            }
          : null,
        nextRun: list.schedule
          ? (nextTick(list.schedule, list.timeZone, now())?.toISOString() ?? null)
          : null,
        lastDeliveredUntil: await ctx.store.lastDeliveredUntil(list.id),
        lastDeliveryAt,
        lock: await ctx.store
          .getLease(listLockName(list.id))
          .then((l) => (l ? { holder: l.holder, expiresAt: l.expiresAt } : null)),
      });
    }
    const sources = [];
    for (const source of config.sources) {
      const id = sourceId(source);
      sources.push({
        id,
        type: source.type,
        state: source.type === 'feed' ? await ctx.store.getSourceState(id) : null,
      });
    }
    const report: StatusReport = {
      lease:
        lease && Date.parse(lease.expiresAt) > now().getTime()
          ? { holder: lease.holder, expiresAt: lease.expiresAt }
          : null,
      lists,
      sources,
      suppressions: await ctx.store.listSuppressions(),
    };
    if (options.format === 'json') {
      options.write(`${JSON.stringify(report, null, 2)}\n`);
      return report;
    }
    const dash = (v: string | null | undefined) => v ?? '-';
    options.write(
      report.lease
        ? `worker: active (${report.lease.holder}, lease until ${report.lease.expiresAt})\n\n`
        : 'worker: not running\n\n',
    );
    for (const l of lists) {
      if (l.lock)
        options.write(`list ${l.id}: being delivered by ${l.lock.holder} (lock until ${l.lock.expiresAt})\n`);
    }
    if (lists.some((l) => l.lock)) options.write('\n');
    options.write(
      table(
        ['list', 'last run', 'status', 'counts', 'next run', 'last delivery', 'last error'],
        lists.map((l) => [
          l.id,
          dash(l.lastRun?.scheduledFor ?? l.lastRun?.startedAt),
          dash(l.lastRun?.status),
          l.lastRun
            ? Object.entries(l.lastRun.counts)
                .map(([k, v]) => `${k}=${v}`)
                .join(' ') || '-'
            : '-',
          l.nextRun ?? (l.schedule ? '-' : 'unscheduled'),
          dash(l.lastDeliveryAt),
          dash(l.lastRun?.error),
        ]),
        [0, 0, 0, 40, 0, 0, 60],
      ),
    );
    options.write('\n');
    options.write(
      table(
        ['source', 'last fetch', 'last ok', 'errors', 'next attempt', 'last error'],
        sources.map((s) =>
          s.type === 'folder'
            ? [s.id, '-', '-', '-', '-', '-']
            : [
                s.id,
                dash(s.state?.lastFetchAt),
                dash(s.state?.lastOkAt),
                String(s.state?.errorCount ?? 0),
                dash(s.state?.nextAttemptAt),
                dash(s.state?.lastError),
              ],
        ),
        [50, 0, 0, 0, 0, 60],
      ),
    );
    // Whole lines, not table cells: a refused link or a failing feed must be readable in full.
    const errors = sources.flatMap((s) => [
      ...(s.state?.lastError ? [`${s.id}: ${s.state.lastError}`] : []),
      ...(s.state?.itemErrors ?? []).map((e) => `${s.id}: ${e}`),
    ]);
    if (errors.length > 0) options.write(`\nsource errors:\n${errors.map((e) => `  ${e}\n`).join('')}`);
    writeSuppressions(report.suppressions, options.write);
    return report;
  } finally {
    await ctx.store.close();
  }
}

/** Suppressed addresses, one line each; bounces first, since those are the ones someone should look at. */
function writeSuppressions(suppressions: SuppressionRecord[], write: (chunk: string) => void) {
  if (suppressions.length === 0) return;
  const bounced = suppressions.filter((s) => /hard bounce/.test(s.reason));
  const other = suppressions.length - bounced.length;
  write(
    `\nsuppressed addresses: ${suppressions.length} (${bounced.length} after hard bounces, ${other} unsubscribed or other)\n`,
  );
  for (const s of bounced)
    write(
      `  ${s.email} (${s.listId ? `list ${s.listId}` : 'every list'}, since ${s.createdAt}): ${s.reason}\n`,
    );
}
