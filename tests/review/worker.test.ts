// The worker releases a digest held for review once its changes are confirmed: a real worker on a real
// SQLite store, checking held digests every second (worker.reviewCheck), delivering to the file outbox.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDigests } from '../../src/pipeline/digest.js';
import { reviewPosition, reviewQueue } from '../../src/pipeline/review.js';
import { previousTick, startWorker, type WorkerEvent } from '../../src/worker.js';
import { newsroom } from '../helpers/review.js';
import { waitUntil } from '../helpers/process.js';

const emls = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.eml'))
    : [];

describe('worker and review: required', () => {
  it('sends the held digest once every change behind it is confirmed', async () => {
    const room = await newsroom({
      deadlineHours: 48,
      extraYaml: [
        'worker:',
        '  leaseSeconds: 5',
        '  shutdownGraceSeconds: 2',
        '  reviewCheck: "* * * * * *"',
      ],
    });
    const ctx = await room.open();
    // The desk's last scheduled time, held for review (as the worker's own tick would have left it).
    const tick = previousTick('0 7 * * *', 'UTC', new Date())!.toISOString();
    const [held] = await runDigests(ctx, { listIds: ['desk'], scheduled: true, scheduledFor: tick });
    expect(held?.outcome).toBe('held-for-review');

    const events: WorkerEvent[] = [];
    const controller = new AbortController();
    let active = false;
    const handle = await startWorker(ctx, {
      holder: 'review-test',
      signal: controller.signal,
      runDigests,
      onIdle: (e) => events.push(e),
      onActive: () => (active = true),
    });
    try {
      await waitUntil('the worker to be active', () => active);
      // Unconfirmed, the held tick is neither caught up nor released when the worker starts.
      const checksBefore = (await ctx.store.listRuns({ listId: 'desk', kind: 'digest' })).length;
      expect(checksBefore).toBe(1);
      for (const item of (await reviewQueue(ctx, 'desk')).pending)
        await reviewPosition(ctx, item.position.id, { action: 'confirm' }, { by: 'Ana' });
      await waitUntil(
        'the held digest to go out',
        () => emls(join(room.outbox, 'desk')).length === 1,
        30_000,
      );
      expect(events.find((e) => e.kind === 'digest' && e.listId === 'desk')).toMatchObject({
        ok: true,
        scheduledFor: tick,
      });
      const runs = await ctx.store.listRuns({ listId: 'desk', kind: 'digest' });
      expect(runs[0]).toMatchObject({ status: 'ok', scheduledFor: tick });
      expect(runs[0]?.counts.held).toBeUndefined();
      expect(runs[0]?.counts.sent).toBe(1);
    } finally {
      controller.abort();
      await handle.done;
    }
  }, 60_000);
});
