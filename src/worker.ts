// The scheduled worker: one ingest schedule and one digest schedule per list, one runner per store.
// A lease row ('worker') is taken before any work and renewed every leaseSeconds/3; a second worker polls
// and takes over once the lease expires. While it stands by, it helps with any delivery the active one
// has opened (pipeline/share.ts), so several workers share one large list. On start it marks runs left 'running' by a dead worker as
// 'abandoned' (runs whose process stopped renewing them) and catches up with ONE coalesced digest per list whose scheduled time passed meanwhile.
// All work goes through one queue so ingest and digests never race on the store.
// Shutdown is driven by an AbortSignal (the command installs the SIGTERM/SIGINT handlers).
import { hostname } from 'node:os';
import cron, { type ScheduledTask } from 'node-cron';
import { pino, type DestinationStream } from 'pino';
import type { SubscriberList } from './config/schema.js';
import type { Logger } from './log.js';
import type { PipelineContext } from './pipeline/context.js';
import { heldDigestsDue } from './pipeline/review.js';
import { markStaleRuns } from './pipeline/runs.js';
import { helpOpenDeliveries } from './pipeline/share.js';
import { configuredExtractor } from './pipeline/extract-pool.js';
import { ingestSources, type SourcesSummary } from './pipeline/sources.js';
import { pause } from './pause.js';

export const LEASE_NAME = 'worker';

/** The slice of runDigests the worker uses (the real one accepts more options). */
export type RunDigestsFn = (
  ctx: PipelineContext,
  options: {
    listIds?: string[];
    scheduled?: boolean;
    scheduledFor?: string | null;
    /** The list locks are taken under the worker's holder name. */
    holder?: string;
    /** Aborted when the worker loses its lease or the shutdown grace is over: stop before the next recipient. */
    stop?: AbortSignal;
    /** Aborted when the shutdown grace is over: abort the send in flight (it stays pending). */
    abort?: AbortSignal;
  },
) => Promise<unknown[]>;

export interface WorkerEvent {
  /** `help`: a standby worker helped deliver another worker's open digest. */
  kind: 'ingest' | 'digest' | 'help';
  listId?: string;
  scheduledFor?: string;
  catchUp?: boolean;
  ok: boolean;
  error?: string;
}

export interface WorkerOptions {
  /** Who holds the lease (default host:pid). */
  holder?: string;
  signal?: AbortSignal;
  runDigests: RunDigestsFn;
  /** Called after each piece of work (tests wait on it). */
  onIdle?: (event: WorkerEvent) => void;
  /** Called once the lease is held and the schedules are running. */
  onActive?: () => void;
}

export interface WorkerHandle {
  /** Resolves when the worker has shut down (lease released, store closed). */
  readonly done: Promise<void>;
  /** Whether this worker currently holds the lease. */
  isActive(): boolean;
}

/** Latest scheduled time at or before `now` for a cron expression in a time zone, or null within a year. */
export function previousTick(expression: string, timeZone: string, now: Date): Date | null {
  return findTick(expression, timeZone, now, -1);
}

/** First scheduled time strictly after `now`, or null within a year. */
export function nextTick(expression: string, timeZone: string, now: Date): Date | null {
  return findTick(expression, timeZone, now, 1);
}

function findTick(expression: string, timeZone: string, now: Date, direction: 1 | -1): Date | null {
  const fields = cron.parse(expression);
  const seconds = [...fields.second].sort((a, b) => (b - a) * -direction);
  const task = cron.createTask(expression, () => undefined, { timezone: timeZone });
  const t = now.getTime();
  try {
    const minuteStart = Math.floor(t / 60_000) * 60_000;
    // Walk minute by minute (node-cron matches in the zone; within a matching minute every listed
    // second is a tick); a year bounds the search.
    for (let i = 0; i <= 366 * 24 * 60; i++) {
      const minute = minuteStart + direction * i * 60_000;
      for (const s of seconds) {
        const at = minute + s * 1000;
        if (direction < 0 ? at > t : at <= t) continue;
        if (task.match(new Date(at))) return new Date(at);
      }
    }
    return null;
  } finally {
    void task.destroy();
  }
}

/** Structured JSON logs for worker mode, behind the CLI's Logger interface. */
export function createPinoLogger(options: { destination?: DestinationStream; level?: string } = {}): Logger {
  const log = pino(
    { level: options.level ?? 'info', base: { pid: process.pid, name: 'stancewatch-worker' } },
    options.destination,
  );
  return {
    info: (m, f) => log.info(f ?? {}, m),
    warn: (m, f) => log.warn(f ?? {}, m),
    error: (m, f) => log.error(f ?? {}, m),
    debug: (m, f) => log.debug(f ?? {}, m),
    progress: () => {},
  };
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Scheduled times are recorded to the second so the same tick compares equal across workers. */
const tickIso = (date: Date) => new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString();

export async function startWorker(ctx: PipelineContext, options: WorkerOptions): Promise<WorkerHandle> {
  const { store, logger } = ctx;
  const config = ctx.loaded.config;
  const holder = options.holder ?? `${hostname()}:${process.pid}`;
  const leaseMs = config.worker.leaseSeconds * 1000;
  const graceMs = config.worker.shutdownGraceSeconds * 1000;
  const signal = options.signal;
  let active = false;
  let queue: Promise<void> = Promise.resolve();
  let tasks: ScheduledTask[] = [];
  let renewTimer: NodeJS.Timeout | null = null;
  let lostLease: (() => void) | null = null;
  // Stops the current delivery before its next recipient (lease lost, or shutdown grace over); a new one
  // for every time the lease is taken.
  let standDown = new AbortController();
  // Aborts the send in flight once the shutdown grace is over.
  const hardStop = new AbortController();

  const enqueue = (work: () => Promise<void>): Promise<void> => {
    queue = queue.then(async () => {
      if (!active || signal?.aborted) return;
      try {
        await work();
      } catch (error) {
        // A failed piece of work must not poison the queue for the next tick.
        logger.error(`worker task failed: ${message(error)}`);
      }
    });
    return queue;
  };

  const runIngest = async (): Promise<SourcesSummary | null> => {
    // Threads that start only when something needs extracting and end with the ingest, so the model's
    // memory is not held between ticks (ingest.extractThreads; 0 = in this process).
    const extractor = configuredExtractor(ctx);
    try {
      const summary = await ingestSources(ctx, { extractor });
      logger.info('ingest finished', {
        new: summary.new,
        updated: summary.updated,
        unchanged: summary.unchanged,
        sources: summary.sources,
      });
      options.onIdle?.({ kind: 'ingest', ok: true });
      return summary;
    } catch (error) {
      logger.error(`ingest failed: ${message(error)}`);
      options.onIdle?.({ kind: 'ingest', ok: false, error: message(error) });
      return null;
    } finally {
      await extractor.close();
    }
  };

  /** True when a (non-abandoned) run already stands for this tick: another worker did it before a takeover. */
  const alreadyRan = async (listId: string, scheduledFor: string): Promise<boolean> => {
    const runs = await store.listRuns({ listId, kind: 'digest', limit: 50 });
    // A run held for review (counts.held) has not handled its tick yet; a run still `running` here was
    // left by the worker this one took over from (its process may not yet look stale): the tick is
    // handled only once a run for it has finished.
    return runs.some(
      (r) =>
        r.scheduledFor === scheduledFor &&
        r.status !== 'abandoned' &&
        r.status !== 'running' &&
        !r.counts.held,
    );
  };

  const runDigestTick = async (
    list: SubscriberList,
    scheduledFor: string,
    catchUp: boolean,
  ): Promise<void> => {
    // Renewing right before sending keeps a worker that lost its lease from sending twice.
    if (!(await store.acquireLease(LEASE_NAME, holder, leaseMs))) {
      lostLease?.();
      return;
    }
    await markStaleRuns(ctx);
    if (await alreadyRan(list.id, scheduledFor)) {
      logger.info('digest tick already handled', { listId: list.id, scheduledFor });
      return;
    }
    await runIngest();
    try {
      const results = await options.runDigests(ctx, {
        listIds: [list.id],
        scheduled: true,
        scheduledFor,
        holder,
        stop: standDown.signal,
        abort: hardStop.signal,
      });
      logger.info('digest finished', { listId: list.id, scheduledFor, catchUp, results });
      options.onIdle?.({ kind: 'digest', listId: list.id, scheduledFor, catchUp, ok: true });
    } catch (error) {
      logger.error(`digest for ${list.id} failed: ${message(error)}`, { listId: list.id, scheduledFor });
      options.onIdle?.({
        kind: 'digest',
        listId: list.id,
        scheduledFor,
        catchUp,
        ok: false,
        error: message(error),
      });
    }
  };

  const recover = async (): Promise<void> => {
    // Runs whose process stopped renewing them (a killed worker or `run`) are marked abandoned; a run
    // still renewed belongs to a live process (a `run` beside this worker) and is left alone.
    await markStaleRuns(ctx);
    const now = ctx.now();
    for (const list of config.lists) {
      if (!list.schedule) continue;
      const previous = previousTick(list.schedule, list.timeZone, now);
      if (!previous) continue;
      const runs = await store.listRuns({ listId: list.id, kind: 'digest', limit: 50 });
      // Only a list that has run under a worker before can have missed ticks; a fresh one waits for its first.
      if (runs.length === 0) continue;
      const last = runs
        .filter((r) => r.status !== 'abandoned' && r.status !== 'running' && r.scheduledFor)
        .map((r) => Date.parse(r.scheduledFor ?? ''))
        .reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
      if (last < previous.getTime()) {
        logger.info('catching up missed digest', { listId: list.id, scheduledFor: tickIso(previous) });
        await runDigestTick(list, tickIso(previous), true);
      }
    }
  };

  const schedule = (): void => {
    const ingestTask = cron.schedule(
      config.ingest.schedule,
      () => enqueue(async () => void (await runIngest())),
      {
        noOverlap: true,
        name: 'ingest',
      },
    );
    tasks.push(ingestTask);
    for (const list of config.lists) {
      if (!list.schedule) continue;
      const task = cron.schedule(
        list.schedule,
        (context) => enqueue(() => runDigestTick(list, tickIso(context.date), false)),
        {
          timezone: list.timeZone,
          noOverlap: true,
          name: `digest:${list.id}`,
        },
      );
      tasks.push(task);
    }
    // A scheduled digest held for review (`review: required`) goes out as soon as its changes are
    // confirmed or its deadline passes: checked on worker.reviewCheck (every minute).
    if (config.lists.some((l) => l.review === 'required' && l.schedule)) {
      const release = async () => {
        for (const held of await heldDigestsDue(ctx))
          await runDigestTick(held.list, held.scheduledFor, false);
      };
      tasks.push(
        cron.schedule(config.worker.reviewCheck, () => enqueue(release), { noOverlap: true, name: 'review' }),
      );
    }
  };

  const stopSchedules = async (): Promise<void> => {
    const stopping = tasks;
    tasks = [];
    for (const t of stopping) await t.destroy();
    if (renewTimer) clearInterval(renewTimer);
    renewTimer = null;
  };

  // The digests this worker has helped with (only the first join of each is logged at info).
  const joined = new Set<string>();
  const helpWhileStandingBy = async (): Promise<void> => {
    try {
      for (const help of await helpOpenDeliveries(ctx, holder, signal, joined))
        options.onIdle?.({ kind: 'help', listId: help.listId, ok: help.delivery.stopped === null });
    } catch (error) {
      logger.error(`helping with a delivery failed: ${message(error)}`);
    }
  };

  const main = async (): Promise<void> => {
    while (!signal?.aborted) {
      // Wait for the lease.
      let announced = false;
      while (!signal?.aborted && !(await store.acquireLease(LEASE_NAME, holder, leaseMs))) {
        if (!announced) {
          const lease = await store.getLease(LEASE_NAME);
          logger.info('another worker holds the lease; waiting', {
            holder: lease?.holder,
            expiresAt: lease?.expiresAt,
          });
          announced = true;
        }
        // Standing by is not idling: a delivery the active worker has opened is shared (pipeline/share.ts).
        await helpWhileStandingBy();
        await pause(Math.max(200, Math.floor(leaseMs / 3)), signal);
      }
      if (signal?.aborted) break;
      active = true;
      standDown = new AbortController();
      logger.info('lease acquired; worker active', { holder });
      const lost = new Promise<void>((resolve) => {
        lostLease = () => {
          // The delivery in flight stops before its next recipient; its list lock (a fence checked with
          // every claim) stops it too if another worker already took that.
          standDown.abort();
          resolve();
        };
      });
      renewTimer = setInterval(
        () => {
          store.acquireLease(LEASE_NAME, holder, leaseMs).then(
            (ok) => {
              if (!ok) lostLease?.();
            },
            (error: unknown) => logger.error(`lease renewal failed: ${message(error)}`),
          );
        },
        Math.max(100, Math.floor(leaseMs / 3)),
      );
      await enqueue(recover);
      schedule();
      options.onActive?.();
      const aborted = new Promise<void>((resolve) => {
        if (signal?.aborted) resolve();
        signal?.addEventListener('abort', () => resolve(), { once: true });
      });
      await Promise.race([lost, aborted]);
      await stopSchedules();
      if (!signal?.aborted) {
        // Lost the lease (e.g. paused past its expiry): let the current work end, then wait again.
        logger.warn('lease lost to another worker; standing by');
        active = false;
        await queue;
      }
    }
  };

  const done = (async () => {
    try {
      await main();
    } catch (error) {
      logger.error(`worker failed: ${message(error)}`);
    }
    await stopSchedules();
    // Let the current run finish within the grace period. Past it, the delivery stops before its next
    // recipient and the send in flight is aborted (left pending, in doubt, for the next worker); the run
    // is recorded abandoned so the next worker catches it up. The store is closed only after the work has
    // really ended: never under a send in flight.
    const grace = new AbortController();
    const finished = await Promise.race([
      queue.then(() => true),
      pause(graceMs, grace.signal).then(() => false),
    ]);
    grace.abort();
    if (!finished) {
      logger.warn(
        `current run did not finish within ${config.worker.shutdownGraceSeconds}s; stopping it and leaving the rest for the next worker`,
      );
      standDown.abort();
      hardStop.abort();
      await queue;
    }
    active = false;
    try {
      await store.releaseLease(LEASE_NAME, holder);
    } catch (error) {
      logger.error(`could not release the lease: ${message(error)}`);
    }
    await store.close();
    logger.info('worker stopped', { holder });
  })();

  return { done, isActive: () => active };
}
