// Delivery faults with real parts: a loopback SMTP server (smtp-server), a TCP server that accepts and
// never greets, and the delivery ledger in real SQLite files (two handles on one file stand for two
// processes sharing a database).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/commands/run.js';
import { statusCommand } from '../../src/commands/status.js';
import { MailConfig, SubscriberList } from '../../src/config/schema.js';
import { createMailer, deliverDigest, type DeliverOptions } from '../../src/deliver/index.js';
import { silentLogger } from '../../src/log.js';
import { UNSUBSCRIBE_PLACEHOLDER, type RenderedDigest } from '../../src/model.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import type { Fence, Store } from '../../src/store/types.js';
import { startSilentServer, startTestSmtp } from '../helpers/smtp.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const list = SubscriberList.parse({ id: 'desk', name: 'Foreign desk', subscribers: [] });
const digest: RenderedDigest = {
  id: 'desk-00112233445566aa',
  listId: 'desk',
  subject: '[Foreign desk] What changed',
  text: `Something changed.\nUnsubscribe: ${UNSUBSCRIBE_PLACEHOLDER}\n`,
  html: null,
  coveredUntil: '2026-03-01T00:00:00.000Z',
  changeCount: 1,
  empty: false,
};
const people = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ email: `r${i + 1}@example.org`, name: null }));

function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sw-faults-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function twoSenders(recipientCount: number) {
  const smtp = await startTestSmtp();
  cleanups.push(() => smtp.close());
  const dir = tmp();
  let t = Date.parse('2026-03-02T07:00:00Z');
  const now = () => new Date(t);
  const open = (): Store => {
    const s = createSqliteStore({ path: join(dir, 'one.db'), now });
    cleanups.push(() => s.close());
    return s;
  };
  const mail = MailConfig.parse({
    from: 'stancewatch <digest@news.example>',
    smtp: { host: '127.0.0.1', port: smtp.port, pool: false, rateLimitPerSecond: 100 },
  });
  const mailer = createMailer(mail, { cwd: dir, env: {} });
  cleanups.push(() => mailer.close());
  const recipients = people(recipientCount);
  const deliver = (store: Store, over: Partial<DeliverOptions> = {}) =>
    deliverDigest({
      store,
      mailer,
      mail,
      digest,
      list,
      recipients,
      now,
      env: {},
      logger: silentLogger,
      ...over,
    });
  return { smtp, a: open(), b: open(), deliver, recipients, advance: (ms: number) => (t += ms) };
}

describe('lease fencing in delivery', () => {
  it('a sender that lost its list lock mid-list stops at its next claim; nobody gets the digest twice', async () => {
    const { smtp, a, b, deliver, recipients, advance } = await twoSenders(6);
    const fenceA = await a.takeLease('list:desk', 'worker-a', 5000);
    // While A's third message is on the wire, A "pauses" past its lease and B takes the list over.
    let takeover: Promise<Fence | null> | null = null;
    smtp.holdUntil = (to) => {
      if (to[0] !== 'r3@example.org' || takeover) return null;
      advance(6000);
      takeover = b.takeLease('list:desk', 'worker-b', 5000);
      return takeover;
    };
    const first = await deliver(a, { fence: fenceA });
    // Two lanes: what A claimed before the takeover goes out (r3, and r4 beside it); nothing after.
    expect(first).toMatchObject({ stopKind: 'fenced' });
    expect(first.sent).toBeGreaterThanOrEqual(3);
    expect(first.sent + first.notAttempted).toBe(6);
    expect(first.stopped).toMatch(/lost the lock on list desk: lease list:desk is now held by worker-b/);
    const fenceB = await (takeover as Promise<Fence | null> | null);
    expect(fenceB?.generation).toBe(2);
    const second = await deliver(b, { fence: fenceB });
    expect(second).toMatchObject({ sent: 6 - first.sent, skippedAlreadySent: first.sent, stopped: null });
    for (const r of recipients)
      expect(
        smtp.messages.filter((m) => m.to.includes(r.email)),
        r.email,
      ).toHaveLength(1);
    expect((await b.listDeliveries()).every((d) => d.status === 'sent')).toBe(true);
  });

  it("leaves a recipient whose message another sender may still have in flight, and sends it once that sender's window has passed", async () => {
    const { smtp, a, b, deliver, advance } = await twoSenders(3);
    // A claimed r2 (its message may be on the wire) and then went quiet.
    await a.claimDelivery({
      digestId: digest.id,
      listId: 'desk',
      recipient: 'r2@example.org',
      messageId: null,
      coveredUntil: digest.coveredUntil,
      fence: null,
      claimer: 'worker-a#1',
      inDoubtMs: 50_000,
    });
    expect(await deliver(b)).toMatchObject({ sent: 2, inDoubt: 1 });
    expect(await b.getDelivery(digest.id, 'r2@example.org')).toMatchObject({ status: 'pending' });
    advance(51_000);
    expect(await deliver(b)).toMatchObject({ sent: 1, skippedAlreadySent: 2, inDoubt: 0 });
    expect(smtp.messages).toHaveLength(3);
  });
});

describe('circuit breaker', () => {
  it('a server that accepts but never greets: 200 recipients give up after 3 timeouts, well within 60 s, and are retried next run', async () => {
    const silent = await startSilentServer();
    cleanups.push(() => silent.close());
    const smtp = await startTestSmtp();
    cleanups.push(() => smtp.close());
    const dir = tmp();
    const recipients = people(200).map((p) => p.email);
    const writeConfig = (port: number) =>
      writeFileSync(
        join(dir, 'stancewatch.config.yaml'),
        `sources: []
store: { driver: sqlite, path: ${join(dir, 'sw.db')} }
mail:
  from: "stancewatch <digest@example.org>"
  smtp: { host: 127.0.0.1, port: ${port}, rateLimitPerSecond: 1000, connectionTimeoutMs: 2000, greetingTimeoutMs: 500, circuitBreakerFailures: 3 }
  retry: { maxAttempts: 5, backoffMinutes: 10 }
lists:
  - id: desk
    name: Foreign desk
    sendEmpty: true
    subscribers: [${recipients.join(', ')}]
`,
      );
    writeConfig(silent.port);
    const config = join(dir, 'stancewatch.config.yaml');
    let out = '';
    let now = new Date('2026-03-02T07:00:00Z');
    const run = () =>
      runCommand({
        config,
        noIngest: true,
        logger: silentLogger,
        write: (s) => (out += s),
        now: () => now,
        env: {},
      });

    const started = Date.now();
    const first = await run();
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(60_000);
    expect(first.failed).toBe(true);
    // The pool's two connections try side by side: the breaker opens at the third failure, and the
    // attempt beside it may fail too.
    const delivery = first.digests[0]?.delivery;
    expect(delivery).toMatchObject({ sent: 0, stopKind: 'breaker' });
    const failed = delivery?.failed ?? 0;
    expect(failed).toBeGreaterThanOrEqual(3);
    expect(failed).toBeLessThanOrEqual(4);
    expect(delivery?.notAttempted).toBe(200 - failed);
    expect(out).toMatch(/gave up on SMTP server 127\.0\.0\.1:\d+ after [34] consecutive connection failures/);
    expect(out).toContain(`${200 - failed} recipients left pending for the next run`);
    expect(silent.connections).toBeLessThanOrEqual(5);

    const store = createSqliteStore({ path: join(dir, 'sw.db') });
    const ledger = await store.listDeliveries({ listId: 'desk' });
    await store.close();
    expect(ledger.filter((d) => d.status === 'pending')).toHaveLength(200 - failed);
    expect(ledger.filter((d) => d.status === 'failed')).toHaveLength(failed);

    // The server is back: the next run sends to everyone left pending, the failed ones after their backoff.
    writeConfig(smtp.port);
    const second = await run();
    expect(second.digests[0]?.delivery).toMatchObject({ sent: 200 - failed, deferred: failed });
    now = new Date(now.getTime() + 11 * 60_000);
    const third = await run();
    expect(third.digests[0]?.delivery).toMatchObject({ sent: failed, skippedAlreadySent: 200 - failed });
    expect(new Set(smtp.messages.map((m) => m.to[0])).size).toBe(200);
    expect(smtp.messages).toHaveLength(200);
  }, 90_000);

  it('the default timeouts keep a never-greeting server under a minute', () => {
    const smtp = MailConfig.parse({ smtp: { host: 'mail.example' } }).smtp!;
    const worstPerAttempt = smtp.connectionTimeoutMs + smtp.greetingTimeoutMs;
    expect(smtp.circuitBreakerFailures * worstPerAttempt).toBeLessThan(60_000);
  });
});

describe('credentials', () => {
  it('AUTH over a connection without TLS is refused with a clear line (the password never leaves), unless allowInsecureAuth: true', async () => {
    const smtp = await startTestSmtp({ auth: true });
    cleanups.push(() => smtp.close());
    const dir = tmp();
    const store = createSqliteStore({ path: join(dir, 'sw.db') });
    cleanups.push(() => store.close());
    const env = { SMTP_PASSWORD: 'hunter2' };
    const send = async (allowInsecureAuth: boolean) => {
      const mail = MailConfig.parse({
        from: 'stancewatch <digest@news.example>',
        smtp: {
          host: '127.0.0.1',
          port: smtp.port,
          user: 'desk',
          allowInsecureAuth,
          rateLimitPerSecond: false,
        },
      });
      const mailer = createMailer(mail, { cwd: dir, env });
      cleanups.push(() => mailer.close());
      return deliverDigest({
        store,
        mailer,
        mail,
        digest,
        list,
        recipients: people(5),
        now: () => new Date('2026-03-02T07:00:00Z'),
        env,
        logger: silentLogger,
        force: allowInsecureAuth,
      });
    };
    const refused = await send(false);
    expect(refused).toMatchObject({ sent: 0, stopKind: 'config' });
    expect(refused.stopped).toMatch(
      /refused to send the SMTP password for user "desk" without TLS: 127\.0\.0\.1:\d+ does not offer STARTTLS; .*mail\.smtp\.allowInsecureAuth: true/,
    );
    expect(refused.failed + refused.notAttempted).toBe(5);
    expect(smtp.logins).toEqual([]);
    expect(smtp.messages).toHaveLength(0);

    const allowed = await send(true);
    expect(allowed.sent).toBe(5);
    expect(smtp.logins.length).toBeGreaterThan(0);
    expect(new Set(smtp.logins)).toEqual(new Set(['desk']));
  });
});

describe('bounces', () => {
  it('a permanent 550 is marked bounced at once, never retried; after the configured number of hard bounces the address is suppressed and shown in status', async () => {
    const smtp = await startTestSmtp();
    cleanups.push(() => smtp.close());
    let triesOfGone = 0;
    smtp.refuse = (a) => {
      if (a !== 'gone@example.org') return null;
      triesOfGone++;
      return 550;
    };
    const dir = tmp();
    const db = join(dir, 'sw.db');
    const config = join(dir, 'stancewatch.config.yaml');
    writeFileSync(
      config,
      `sources: []
store: { driver: sqlite, path: ${db} }
mail:
  from: "stancewatch <digest@example.org>"
  smtp: { host: 127.0.0.1, port: ${smtp.port}, rateLimitPerSecond: false }
  retry: { maxAttempts: 5, backoffMinutes: 1 }
  suppressAfterBounces: 2
lists:
  - { id: desk, name: Foreign desk, subscribers: [] }
`,
    );
    const mail = MailConfig.parse({
      from: 'stancewatch <digest@example.org>',
      smtp: { host: '127.0.0.1', port: smtp.port, rateLimitPerSecond: false },
      retry: { maxAttempts: 5, backoffMinutes: 1 },
      suppressAfterBounces: 2,
    });
    let now = new Date('2026-03-02T07:00:00Z');
    const store = createSqliteStore({ path: db, now: () => now });
    cleanups.push(() => store.close());
    const mailer = createMailer(mail, { cwd: dir, env: {} });
    cleanups.push(() => mailer.close());
    const recipients = [...people(2), { email: 'gone@example.org', name: null }];
    const deliver = (d: RenderedDigest) =>
      deliverDigest({
        store,
        mailer,
        mail,
        digest: d,
        list,
        recipients,
        now: () => now,
        env: {},
        logger: silentLogger,
      });

    const first = await deliver(digest);
    expect(first).toMatchObject({ sent: 2, bounced: 1, failed: 0 });
    const gone = await store.getDelivery(digest.id, 'gone@example.org');
    expect(gone).toMatchObject({ status: 'bounced', attempts: 1, nextAttemptAt: null });
    expect(gone?.response).toMatch(/^550/);
    // Long past any backoff: the bounced address is not tried again for this digest.
    now = new Date(now.getTime() + 24 * 3600_000);
    expect(await deliver(digest)).toMatchObject({ sent: 0, gaveUp: 1, skippedAlreadySent: 2 });
    expect(triesOfGone).toBe(1);
    expect(await store.isSuppressed('gone@example.org', 'desk')).toBe(false);

    // The next digest bounces too: the second hard bounce suppresses the address on every list.
    const next = { ...digest, id: 'desk-99887766554433aa' };
    expect(await deliver(next)).toMatchObject({ sent: 2, bounced: 1 });
    expect(await store.isSuppressed('gone@example.org', 'any-list')).toBe(true);
    const third = { ...digest, id: 'desk-1122334455667788' };
    expect(await deliver(third)).toMatchObject({ sent: 2, suppressed: 1, bounced: 0 });
    expect(triesOfGone).toBe(2);

    let out = '';
    const report = await statusCommand({ config, logger: silentLogger, write: (s) => (out += s) });
    expect(report.suppressions).toEqual([
      expect.objectContaining({
        email: 'gone@example.org',
        listId: null,
        reason: expect.stringMatching(/^2 hard bounces \(last: 550/),
      }),
    ]);
    expect(out).toMatch(/suppressed addresses: 1 \(1 after hard bounces/);
    expect(out).toMatch(/gone@example\.org \(every list, since .*\): 2 hard bounces/);
  });
});
