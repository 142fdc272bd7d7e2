// Shared delivery in one process (the worker e2e does it across processes on PostgreSQL): the list lock's
// holder and a helper (helping: true) on one digest, the ledger in a real SQLite file (two handles), a real
// SMTP server on loopback. The claims' in-flight window is about a second, and waits are on conditions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MailConfig, SubscriberList } from '../../src/config/schema.js';
import { createMailer, deliverDigest, type DeliverOptions, type Mailer } from '../../src/deliver/index.js';
import { silentLogger } from '../../src/log.js';
import type { RenderedDigest } from '../../src/model.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const list = SubscriberList.parse({ id: 'desk', name: 'Foreign desk', subscribers: [] });
const digest: RenderedDigest = {
  id: 'desk-0011223344556677',
  listId: 'desk',
  subject: '[Foreign desk] what changed',
  text: 'One change.',
  html: null,
  coveredUntil: '2026-03-01T00:00:00.000Z',
  changeCount: 1,
  empty: false,
};
const people = Array.from({ length: 30 }, (_, i) => ({ email: `reader${i + 1}@example.org`, name: null }));

async function setup() {
  const smtp = await startTestSmtp();
  cleanups.push(() => smtp.close());
  const dir = mkdtempSync(join(tmpdir(), 'sw-share-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const open = (): Store => {
    const s = createSqliteStore({ path: join(dir, 'ledger.db') });
    cleanups.push(() => s.close());
    return s;
  };
  const mail = MailConfig.parse({
    from: 'stancewatch <digest@news.example>',
    smtp: {
      host: '127.0.0.1',
      port: smtp.port,
      maxConnections: 1,
      rateLimitPerSecond: false,
      connectionTimeoutMs: 300,
      greetingTimeoutMs: 300,
      socketTimeoutMs: 400,
    },
  });
  const mailer = (): Mailer => {
    const m = createMailer(mail, { cwd: dir, env: {} });
    cleanups.push(() => m.close());
    return m;
  };
  const [holder, helper] = [open(), open()];
  await holder.recordNewDeliveries?.(
    people.map((p) => ({
      digestId: digest.id,
      listId: 'desk',
      recipient: p.email,
      status: 'pending' as const,
      messageId: null,
      response: null,
      path: null,
      nextAttemptAt: null,
      coveredUntil: digest.coveredUntil,
    })),
  );
  const deliver = (store: Store, m: Mailer, over: Partial<DeliverOptions> = {}) =>
    deliverDigest({
      store,
      mailer: m,
      mail,
      digest,
      list,
      recipients: people,
      now: () => new Date(),
      env: {},
      logger: silentLogger,
      ...over,
    });
  return { smtp, holder, helper, mailer, deliver };
}

function expectOnceEach(smtp: TestSmtp) {
  for (const p of people)
    expect(
      smtp.messages.filter((m) => m.to.includes(p.email)),
      p.email,
    ).toHaveLength(1);
}

describe('shared delivery', () => {
  it('a holder and a helper started together send disjoint batches; the holder leaves nothing in doubt', async () => {
    const { smtp, holder, helper, mailer, deliver } = await setup();
    smtp.holdFor = () => 5;
    const lock = await holder.takeLease('list:desk', 'worker-a', 60_000);
    const own = await helper.takeLease('sender:worker-b', 'worker-b', 60_000);
    const [a, b] = await Promise.all([
      deliver(holder, mailer(), { fence: lock }),
      deliver(helper, mailer(), { fence: own, helping: true }),
    ]);
    expect(a.sent + b.sent).toBe(people.length);
    expect(a.sent).toBeGreaterThan(0);
    expect(b.sent).toBeGreaterThan(0);
    expect(a).toMatchObject({ inDoubt: 0, skippedAlreadySent: b.sent, notAttempted: 0 });
    // The helper never walks the list: what it did not send, it did not look at.
    expect(b).toMatchObject({ skippedAlreadySent: 0, inDoubt: 0, notAttempted: 0 });
    expectOnceEach(smtp);
    expect((await holder.listDeliveries({ digestId: digest.id })).every((d) => d.status === 'sent')).toBe(
      true,
    );
  });

  it('a helper that died holding a batch: the holder waits for its claims to run out and sends them, same Message-ID', async () => {
    const { smtp, holder, helper, mailer, deliver } = await setup();
    const own = await helper.takeLease('sender:worker-b', 'worker-b', 60_000);
    const emails = people.map((p) => p.email);
    const started = Date.now();
    const dead = await helper.claimDeliveries({
      digestId: digest.id,
      recipients: emails.slice(10),
      limit: 5,
      fence: own,
      claimer: 'helper:worker-b#1',
      inDoubtMs: 1000,
    });
    expect(dead.ok && dead.claimed).toHaveLength(5);
    const lock = await holder.takeLease('list:desk', 'worker-a', 60_000);
    const a = await deliver(holder, mailer(), { fence: lock });
    expect(a).toMatchObject({ sent: people.length, inDoubt: 0, notAttempted: 0, stopped: null });
    // It waited for the claims' window (they were made after `started`), not for a later run.
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expectOnceEach(smtp);
    for (const d of await holder.listDeliveries({ digestId: digest.id }))
      expect(smtp.messages.find((m) => m.to.includes(d.recipient))?.parsed.messageId).toBe(d.messageId);
  });

  it('a helper whose lease was taken over sends nothing and says why', async () => {
    const { smtp, helper, holder, mailer, deliver } = await setup();
    const own = await helper.takeLease('sender:worker-b', 'worker-b', 1);
    await waitForExpiry(holder);
    expect(await holder.takeLease('sender:worker-b', 'worker-b-restarted', 60_000)).toMatchObject({
      generation: 2,
    });
    const b = await deliver(helper, mailer(), { fence: own, helping: true });
    expect(b).toMatchObject({ sent: 0, stopKind: 'fenced' });
    expect(b.stopped).toMatch(/held by worker-b-restarted/);
    expect(smtp.messages).toHaveLength(0);
  });
});

/** The 1 ms lease has run out once the store no longer reports it. */
async function waitForExpiry(store: Store) {
  while (await store.getLease('sender:worker-b')) await new Promise((r) => setTimeout(r, 5));
}
