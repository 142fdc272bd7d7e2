// The fence: a lease's generation is checked in the same transaction that claims a recipient in the
// delivery ledger. Two store handles on one SQLite file stand for two processes; one clock moves both.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite.js';
import type { DeliveryClaim, Store } from '../../src/store/types.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function twoHandles() {
  const dir = mkdtempSync(join(tmpdir(), 'sw-fence-'));
  let t = Date.parse('2026-03-02T07:00:00Z');
  const now = () => new Date(t);
  const a = createSqliteStore({ path: join(dir, 'one.db'), now });
  const b = createSqliteStore({ path: join(dir, 'one.db'), now });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => a.close());
  cleanups.push(() => b.close());
  return { a, b, advance: (ms: number) => (t += ms) };
}

const claimOf = (
  over: Partial<DeliveryClaim> & Pick<DeliveryClaim, 'recipient' | 'claimer'>,
): DeliveryClaim => ({
  digestId: 'desk-1',
  listId: 'desk',
  messageId: `<m-${over.recipient}>`,
  coveredUntil: null,
  fence: null,
  inDoubtMs: 30_000,
  ...over,
});

const sent = (store: Store, recipient: string, claimer: string) =>
  store.finishDelivery(
    {
      digestId: 'desk-1',
      recipient,
      status: 'sent',
      messageId: null,
      response: '250 OK',
      path: null,
      nextAttemptAt: null,
    },
    claimer,
  );

describe('lease fencing', () => {
  it('a holder that lost its lease cannot claim another recipient, even on its own connection', async () => {
    const { a, b, advance } = twoHandles();
    const fenceA = await a.takeLease('list:desk', 'worker-a', 5000);
    expect(fenceA).toEqual({ name: 'list:desk', holder: 'worker-a', generation: 1 });
    expect(await b.takeLease('list:desk', 'worker-b', 5000)).toBeNull();
    const claimerA = 'worker-a#1';
    expect(
      await a.claimDelivery(claimOf({ recipient: 'r1@x.org', fence: fenceA, claimer: claimerA })),
    ).toEqual({
      ok: true,
    });
    expect(await sent(a, 'r1@x.org', claimerA)).toBe(true);

    // worker-a is paused past its lease; worker-b takes it over with the next generation.
    advance(6000);
    const fenceB = await b.takeLease('list:desk', 'worker-b', 5000);
    expect(fenceB?.generation).toBe(2);
    const fenced = await a.claimDelivery(
      claimOf({ recipient: 'r2@x.org', fence: fenceA, claimer: claimerA }),
    );
    expect(fenced).toMatchObject({ ok: false, reason: 'fenced' });
    expect(fenced.ok ? '' : fenced.detail).toMatch(/held by worker-b \(generation 2, ours was 1\)/);
    expect(await a.getDelivery('desk-1', 'r2@x.org')).toBeNull();
    // Its renewal fails too, and the new holder claims and records normally.
    expect(await a.takeLease('list:desk', 'worker-a', 5000)).toBeNull();
    expect(
      await b.claimDelivery(claimOf({ recipient: 'r2@x.org', fence: fenceB, claimer: 'worker-b#2' })),
    ).toEqual({
      ok: true,
    });
    expect(
      await b.claimDelivery(claimOf({ recipient: 'r1@x.org', fence: fenceB, claimer: 'worker-b#2' })),
    ).toMatchObject({
      ok: false,
      reason: 'sent',
    });
  });

  it('renewing keeps the generation; taking it again after a release or by another holder bumps it', async () => {
    const { a, b, advance } = twoHandles();
    expect((await a.takeLease('list:desk', 'a', 5000))?.generation).toBe(1);
    advance(4000);
    expect((await a.takeLease('list:desk', 'a', 5000))?.generation).toBe(1);
    // A little late, but nobody took it meanwhile: still the same tenure.
    advance(7000);
    expect((await a.takeLease('list:desk', 'a', 5000))?.generation).toBe(1);
    await a.releaseLease('list:desk', 'a');
    expect(await b.getLease('list:desk')).toBeNull();
    expect((await a.takeLease('list:desk', 'a', 5000))?.generation).toBe(2);
    advance(6000);
    expect((await b.takeLease('list:desk', 'b', 5000))?.generation).toBe(3);
    expect((await a.getLease('list:desk'))?.generation).toBe(3);
  });

  it("another sender's claim is in doubt until its in-flight window passes; a late failure never undoes a send", async () => {
    const { a, b, advance } = twoHandles();
    expect(
      await a.claimDelivery(claimOf({ recipient: 'r1@x.org', claimer: 'a#1', inDoubtMs: 30_000 })),
    ).toEqual({
      ok: true,
    });
    const doubt = await b.claimDelivery(claimOf({ recipient: 'r1@x.org', claimer: 'b#2' }));
    expect(doubt).toMatchObject({ ok: false, reason: 'in-doubt' });
    advance(31_000);
    expect(await b.claimDelivery(claimOf({ recipient: 'r1@x.org', claimer: 'b#2' }))).toEqual({ ok: true });
    expect(await sent(b, 'r1@x.org', 'b#2')).toBe(true);
    // The first sender's send finally times out: its failure must not turn the row back.
    const late = await a.finishDelivery(
      {
        digestId: 'desk-1',
        recipient: 'r1@x.org',
        status: 'failed',
        messageId: null,
        response: 'ETIMEDOUT',
        path: null,
        nextAttemptAt: null,
      },
      'a#1',
    );
    expect(late).toBe(false);
    expect(await a.getDelivery('desk-1', 'r1@x.org')).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it("a helper whose sender lease was taken over claims no batch; the list lock's holder still can", async () => {
    const { a, b, advance } = twoHandles();
    const row = (recipient: string) => ({
      digestId: 'desk-1',
      listId: 'desk',
      recipient,
      status: 'pending' as const,
      messageId: null,
      response: null,
      path: null,
      nextAttemptAt: null,
      coveredUntil: null,
    });
    const emails = ['r1@x.org', 'r2@x.org', 'r3@x.org'];
    await a.recordNewDeliveries?.(emails.map(row));
    const lock = await a.takeLease('list:desk', 'worker-a', 60_000);
    const helper = await b.takeLease('sender:worker-b', 'worker-b', 5000);
    const batch = (fence: typeof helper, claimer: string) => ({
      digestId: 'desk-1',
      recipients: emails,
      limit: 1,
      fence,
      claimer,
      inDoubtMs: 30_000,
    });
    expect(await b.claimDeliveries(batch(helper, 'helper:worker-b#1'))).toMatchObject({
      ok: true,
      claimed: [{ recipient: 'r1@x.org' }],
    });
    // worker-b is paused past its lease; another process takes the name (a restart under the same holder).
    advance(6000);
    expect(await a.takeLease('sender:worker-b', 'worker-b-restarted', 5000)).toMatchObject({ generation: 2 });
    const fenced = await b.claimDeliveries(batch(helper, 'helper:worker-b#1'));
    expect(fenced).toMatchObject({ ok: false, reason: 'fenced' });
    expect(fenced.ok ? '' : fenced.detail).toMatch(/held by worker-b-restarted \(generation 2, ours was 1\)/);
    // Its renewal fails too; r2 and r3 stay untouched for the list lock's holder.
    expect(await b.takeLease('sender:worker-b', 'worker-b', 5000)).toBeNull();
    const own = await a.claimDeliveries({ ...batch(lock, 'worker-a#1'), limit: 5 });
    expect(own.ok && own.claimed.map((c) => c.recipient)).toEqual(['r2@x.org', 'r3@x.org']);
  });
});
