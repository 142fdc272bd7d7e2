// Worker faults with real processes: a worker paused (SIGSTOP) past its lease while another takes over,
// and a worker stopped (SIGTERM) while a message is on the wire. A real SQLite file, a real SMTP server
// on loopback; every wait is on a condition (log line, server state, ledger), never a fixed time.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite.js';
import type { DeliveryRecord, RunRecord } from '../../src/store/types.js';
import { startCli, waitUntil, type CliProcess } from '../helpers/process.js';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup(smtp: TestSmtp, recipients: string[], worker: string, smtpExtra = '') {
  const dir = mkdtempSync(join(tmpdir(), 'sw-worker-faults-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const config = join(dir, 'stancewatch.config.yaml');
  writeFileSync(
    config,
    `sources: []
store: { driver: sqlite, path: ${join(dir, 'sw.db')} }
ingest: { schedule: "0 0 1 1 *" }
mail:
  from: "stancewatch <digest@example.org>"
  smtp: { host: 127.0.0.1, port: ${smtp.port}, pool: false, rateLimitPerSecond: 1000${smtpExtra} }
  # A send cut short by the pause itself (its greeting timer fires on waking) is retried soon.
  retry: { maxAttempts: 5, backoffMinutes: 0.02 }
lists:
  - id: desk
    name: Foreign desk
    sendEmpty: true
    schedule: "*/2 * * * * *"
    subscribers: [${recipients.join(', ')}]
worker: ${worker}
`,
  );
  return { config, db: join(dir, 'sw.db') };
}

async function ledger(db: string): Promise<{ deliveries: DeliveryRecord[]; runs: RunRecord[] }> {
  const store = createSqliteStore({ path: db });
  try {
    return {
      deliveries: await store.listDeliveries({ listId: 'desk' }),
      runs: await store.listRuns({ kind: 'digest' }),
    };
  } finally {
    await store.close();
  }
}

const workers: CliProcess[] = [];
const startWorker = (config: string, holder: string) => {
  const w = startCli(['--config', config, 'worker', '--holder', holder]);
  workers.push(w);
  cleanups.push(() => {
    if (w.child.exitCode === null && w.child.signalCode === null) {
      w.child.kill('SIGCONT');
      w.child.kill('SIGKILL');
    }
  });
  return w;
};
const logged = (w: CliProcess, text: string) => () => w.lines.some((l) => l.includes(text));
const countFor = (smtp: TestSmtp, r: string) => smtp.messages.filter((m) => m.to.includes(r)).length;

describe('worker faults', () => {
  it('a worker paused past its lease (SIGSTOP, then SIGCONT) sends no duplicate after another took over', async () => {
    const smtp = await startTestSmtp();
    cleanups.push(() => smtp.close());
    const recipients = Array.from({ length: 30 }, (_, i) => `reader${i + 1}@example.org`);
    const { config, db } = setup(smtp, recipients, '{ leaseSeconds: 3, shutdownGraceSeconds: 5 }');
    // Every message takes the server a moment, so worker a is mid-list when it is paused.
    smtp.holdFor = () => 150;

    const a = startWorker(config, 'worker-a');
    await waitUntil('worker a to take the lease', logged(a, 'lease acquired'));
    const b = startWorker(config, 'worker-b');
    await waitUntil('worker b to stand by', logged(b, 'another worker holds the lease; waiting'));
    await waitUntil('worker a to be mid-list', () => smtp.messages.length >= 5);
    a.child.kill('SIGSTOP');

    // b takes over once a's lease runs out and delivers the rest of the list.
    await waitUntil('worker b to take over', logged(b, 'lease acquired'));
    await waitUntil('worker b to finish a digest run', logged(b, 'digest finished'));
    a.child.kill('SIGCONT');
    // a wakes up, finds its lock taken (the fence), and stands by; its message in flight is recorded.
    await waitUntil(
      'worker a to notice',
      () => logged(a, 'lost the lock on list desk')() || logged(a, 'lease lost')(),
    );
    await waitUntil('every recipient served', () => recipients.every((r) => countFor(smtp, r) >= 1));
    await waitUntil(
      'the ledger to be complete',
      async () =>
        (await ledger(db)).deliveries.filter((d) => d.status === 'sent').length === recipients.length,
    );
    for (const w of [a, b]) w.child.kill('SIGTERM');
    expect(await Promise.all([a.exited, b.exited])).toEqual([0, 0]);

    for (const r of recipients) expect(countFor(smtp, r), r).toBe(1);
    expect(smtp.messages).toHaveLength(recipients.length);
    expect(a.lines.join('\n')).not.toMatch(/database connection is not open/);
  }, 120_000);

  it('SIGTERM mid-send: the database stays open until the send has ended; the next worker sends it exactly once', async () => {
    const smtp = await startTestSmtp();
    cleanups.push(() => smtp.close());
    const recipients = ['ana@example.org', 'ben@example.org', 'cy@example.org', 'dee@example.org'];
    const { config, db } = setup(
      smtp,
      recipients,
      '{ leaseSeconds: 3, shutdownGraceSeconds: 1 }',
      // One connection: one message in flight when the signal comes.
      ', maxConnections: 1, connectionTimeoutMs: 1000, greetingTimeoutMs: 1000, socketTimeoutMs: 3000',
    );
    // The server sits on ben's message (longer than the grace period) until the test lets it go.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    let holding = false;
    smtp.holdUntil = (to) => {
      if (!to.includes('ben@example.org') || holding) return null;
      holding = true;
      return held;
    };
    cleanups.push(() => release());

    const a = startWorker(config, 'worker-a');
    await waitUntil('ben’s message to be on the wire', () => holding);
    a.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    const out = a.lines.join('\n');
    expect(out).toMatch(/did not finish within 1s/);
    expect(out).toMatch(/send to ben@example\.org aborted by shutdown; left pending/);
    expect(out).not.toMatch(/database connection is not open/);
    release();

    const after = await ledger(db);
    const status = Object.fromEntries(after.deliveries.map((d) => [d.recipient, d.status]));
    expect(status).toEqual({
      'ana@example.org': 'sent',
      'ben@example.org': 'pending',
      'cy@example.org': 'pending',
      'dee@example.org': 'pending',
    });
    expect(after.runs[0]?.status).toBe('abandoned');

    // The next worker finishes the digest: ben once (the server dropped the cut-off copy), the rest once.
    const b = startWorker(config, 'worker-b');
    await waitUntil('every recipient served', () => recipients.every((r) => countFor(smtp, r) >= 1));
    await waitUntil('the ledger to be complete', async () =>
      (await ledger(db)).deliveries.every((d) => d.status === 'sent'),
    );
    b.child.kill('SIGTERM');
    expect(await b.exited).toBe(0);
    for (const r of recipients) expect(countFor(smtp, r), r).toBe(1);
  }, 120_000);
});
