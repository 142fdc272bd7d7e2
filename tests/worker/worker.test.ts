import { describe, expect, it } from 'vitest';
import { Config } from '../../src/config/schema.js';
import { silentLogger } from '../../src/log.js';
import type { PipelineContext } from '../../src/pipeline/context.js';
import type { Store } from '../../src/store/types.js';
import {
  nextTick,
  previousTick,
  startWorker,
  type RunDigestsFn,
  type WorkerEvent,
} from '../../src/worker.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import { tmpSqliteStore } from '../helpers/sqlite.js';

describe('previousTick / nextTick', () => {
  it('finds the last scheduled time in the list time zone, including the current instant', () => {
    // 09:00 in Berlin is 08:00 UTC in winter and 07:00 UTC in summer.
    expect(previousTick('0 9 * * *', 'Europe/Berlin', new Date('2025-01-06T07:59:00Z'))?.toISOString()).toBe(
      '2025-01-05T08:00:00.000Z',
    );
    expect(previousTick('0 9 * * *', 'Europe/Berlin', new Date('2025-01-06T08:00:00Z'))?.toISOString()).toBe(
      '2025-01-06T08:00:00.000Z',
    );
    expect(previousTick('0 9 * * *', 'Europe/Berlin', new Date('2025-07-06T12:00:00Z'))?.toISOString()).toBe(
      '2025-07-06T07:00:00.000Z',
    );
    expect(previousTick('30 7 * * 1-5', 'UTC', new Date('2025-01-05T12:00:00Z'))?.toISOString()).toBe(
      '2025-01-03T07:30:00.000Z',
    );
  });
  it('handles second-level expressions and the next tick', () => {
    expect(previousTick('*/10 * * * * *', 'UTC', new Date('2025-01-01T00:00:25.500Z'))?.toISOString()).toBe(
      '2025-01-01T00:00:20.000Z',
    );
    expect(nextTick('*/10 * * * * *', 'UTC', new Date('2025-01-01T00:00:20.000Z'))?.toISOString()).toBe(
      '2025-01-01T00:00:30.000Z',
    );
    expect(nextTick('0 9 * * *', 'America/New_York', new Date('2025-01-06T15:00:00Z'))?.toISOString()).toBe(
      '2025-01-07T14:00:00.000Z',
    );
  });
});

function contextFor(
  store: Store,
  lists: Array<{ id: string; schedule?: string; timeZone?: string }>,
  now: () => Date = () => new Date(),
): PipelineContext {
  const config = Config.parse({
    sources: [],
    lists: lists.map((l) => ({ name: l.id, ...l })),
    ingest: { schedule: '0 0 1 1 *' },
    worker: { leaseSeconds: 5, shutdownGraceSeconds: 2 },
  });
  return {
    loaded: { config, file: null, baseDir: process.cwd(), warnings: [] },
    watchlist: { actors: [], topics: [] } as never,
    store,
    logger: silentLogger,
    now,
  };
}

/** A digest runner that records its calls and a run row, like the real runDigests. */
function recordingDigests(
  calls: Array<{ holder: string; scheduledFor: string | null | undefined }>,
  holder: string,
  delayMs = 0,
): RunDigestsFn {
  return async (ctx, options) => {
    const id = await ctx.store.startRun({
      kind: 'digest',
      listId: options.listIds?.[0] ?? null,
      scheduledFor: options.scheduledFor ?? null,
    });
    calls.push({ holder, scheduledFor: options.scheduledFor });
    await new Promise((r) => setTimeout(r, delayMs));
    await ctx.store.finishRun(id, { status: 'ok', counts: { sent: 1 } });
    return [];
  };
}

const waitFor = async (check: () => boolean, ms = 20_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('startWorker', () => {
  it("catches up ONE coalesced digest after missed ticks and abandons a dead worker's run", async () => {
    const store = tmpSqliteStore();
    const now = () => new Date('2025-01-10T12:00:00Z');
    // Last delivered tick was three days ago; a later run was left running by a killed worker.
    const old = await store.startRun({
      kind: 'digest',
      listId: 'daily',
      scheduledFor: '2025-01-07T08:00:00.000Z',
    });
    await store.finishRun(old, { status: 'ok' });
    await store.startRun({ kind: 'digest', listId: 'daily', scheduledFor: '2025-01-08T08:00:00.000Z' });
    const calls: Array<{ holder: string; scheduledFor: string | null | undefined }> = [];
    const controller = new AbortController();
    let active = false;
    const handle = await startWorker(
      contextFor(
        store,
        [
          { id: 'daily', schedule: '0 8 * * *' },
          { id: 'never', schedule: '0 8 * * *' },
        ],
        now,
      ),
      {
        holder: 'a',
        signal: controller.signal,
        runDigests: recordingDigests(calls, 'a'),
        // Called once the catch-up is done and the schedules run: every catch-up call has been made.
        onActive: () => (active = true),
      },
    );
    await waitFor(() => active);
    controller.abort();
    await handle.done;
    expect(calls).toEqual([{ holder: 'a', scheduledFor: '2025-01-10T08:00:00.000Z' }]);
    // The worker closed its connection; look with a fresh one, as another process would.
    const check = createSqliteStore({ path: store.path });
    expect((await check.listRuns()).find((r) => r.scheduledFor === '2025-01-08T08:00:00.000Z')?.status).toBe(
      'abandoned',
    );
    expect(await check.getLease('worker')).toBeNull();
    await check.close();
    expect(store.closed).toBe(1);
  });

  it('does not catch up a tick that already has a run', async () => {
    const store = tmpSqliteStore();
    const now = () => new Date('2025-01-10T12:00:00Z');
    const done = await store.startRun({
      kind: 'digest',
      listId: 'daily',
      scheduledFor: '2025-01-10T08:00:00.000Z',
    });
    await store.finishRun(done, { status: 'ok' });
    const calls: Array<{ holder: string; scheduledFor: string | null | undefined }> = [];
    const controller = new AbortController();
    let active = false;
    const handle = await startWorker(contextFor(store, [{ id: 'daily', schedule: '0 8 * * *' }], now), {
      holder: 'a',
      signal: controller.signal,
      runDigests: recordingDigests(calls, 'a'),
      onActive: () => (active = true),
    });
    await waitFor(() => active);
    controller.abort();
    await handle.done;
    expect(calls).toEqual([]);
  });

  it('runs each second-level tick exactly once with two workers, and the waiting one takes over', async () => {
    const store = tmpSqliteStore();
    const calls: Array<{ holder: string; scheduledFor: string | null | undefined }> = [];
    const events: WorkerEvent[] = [];
    const lists = [{ id: 'fast', schedule: '* * * * * *' }];
    const a = new AbortController();
    const b = new AbortController();
    let aActive = false;
    const workerA = await startWorker(contextFor(store, lists), {
      holder: 'a',
      signal: a.signal,
      runDigests: recordingDigests(calls, 'a'),
      onActive: () => (aActive = true),
    });
    await waitFor(() => aActive);
    // Each worker has its own connection to the one file, as two processes would.
    const workerB = await startWorker(contextFor(createSqliteStore({ path: store.path }), lists), {
      holder: 'b',
      signal: b.signal,
      runDigests: recordingDigests(calls, 'b'),
      onIdle: (e) => events.push(e),
    });
    await waitFor(() => calls.filter((c) => c.holder === 'a').length >= 2);
    expect(workerB.isActive()).toBe(false);
    expect(calls.every((c) => c.holder === 'a')).toBe(true);
    a.abort();
    await workerA.done;
    await waitFor(() => calls.filter((c) => c.holder === 'b').length >= 2);
    b.abort();
    await workerB.done;
    const ticks = calls.map((c) => c.scheduledFor);
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(events.some((e) => e.kind === 'digest' && e.ok)).toBe(true);
  });

  it("waits while another holder's lease is unexpired, then takes over when it expires", async () => {
    const store = tmpSqliteStore();
    // A worker that died without releasing: its lease runs out in 1.5 s.
    await store.acquireLease('worker', 'dead', 1500);
    const controller = new AbortController();
    let activeAt = 0;
    const started = Date.now();
    const handle = await startWorker(contextFor(store, []), {
      holder: 'b',
      signal: controller.signal,
      runDigests: recordingDigests([], 'b'),
      onActive: () => (activeAt = Date.now()),
    });
    expect(handle.isActive()).toBe(false);
    await waitFor(() => activeAt > 0, 6000);
    expect(activeAt - started).toBeGreaterThanOrEqual(1400);
    expect((await store.getLease('worker'))?.holder).toBe('b');
    controller.abort();
    await handle.done;
  });
});
