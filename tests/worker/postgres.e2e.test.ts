// Two real worker processes on one PostgreSQL database (STANCEWATCH_TEST_DATABASE_URL) sharing ONE list
// of 1,000 recipients, a real SMTP server on loopback counting messages per recipient. Worker a holds the
// 'worker' lease and delivers under the list lock; worker b stands by and helps (pipeline/share.ts). The
// server holds a's first message until b has joined, so both really send at the same time.
// The kill cases SIGKILL one worker while the server holds one of ITS messages (so that message was never
// acknowledged, and that worker, with one connection, has nothing else in flight: a message between the
// server's 250 and the ledger write is resent by design with the same Message-ID); the other finishes.
// Every wait is on a condition.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/store/postgres.js';
import type { Store } from '../../src/store/types.js';
import { PG_SKIP_REASON, PG_TEST_URL, schemaPool } from '../helpers/postgres.js';
import { startCli, waitUntil, type CliProcess } from '../helpers/process.js';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.js';

const schemas = schemaPool('workers');
afterAll(() => schemas.dropAll());
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The test URL with the schema as search_path, as DATABASE_URL for the worker processes. */
const urlFor = (schema: string) =>
  `${PG_TEST_URL}${PG_TEST_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;

const recipients = Array.from({ length: 1000 }, (_, i) => `reader${i + 1}@example.org`);

function writeConfig(smtp: TestSmtp): string {
  const dir = mkdtempSync(join(tmpdir(), 'sw-pg-workers-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const config = join(dir, 'stancewatch.config.yaml');
  writeFileSync(join(dir, 'subscribers.csv'), `email\n${recipients.join('\n')}\n`);
  writeFileSync(
    config,
    `sources: []
store: { driver: postgres }
ingest: { schedule: "0 0 1 1 *" }
mail:
  from: "stancewatch <digest@example.org>"
  smtp: { host: 127.0.0.1, port: ${smtp.port}, maxConnections: 1, rateLimitPerSecond: 100000, connectionTimeoutMs: 1000, greetingTimeoutMs: 1000, socketTimeoutMs: 8000 }
  retry: { maxAttempts: 5, backoffMinutes: 0.02 }
lists:
  - id: desk
    name: Foreign desk
    sendEmpty: true
    schedule: "*/2 * * * * *"
    subscribersFile: subscribers.csv
worker: { leaseSeconds: 2, shutdownGraceSeconds: 5 }
`,
  );
  return config;
}

/** The JSON log lines of a worker with this message. */
const logs = (w: CliProcess, msg: string): Array<Record<string, unknown>> =>
  w.lines
    .filter((l) => l.startsWith('{') && l.includes(`"msg":"${msg}"`))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** What a worker reports it sent: its own digest runs and its help. */
function sentBy(w: CliProcess): number {
  let sent = 0;
  for (const l of logs(w, 'digest finished'))
    for (const r of l.results as Array<{ delivery: { sent: number } | null }>) sent += r.delivery?.sent ?? 0;
  for (const l of logs(w, 'helped deliver a digest')) sent += l.sent as number;
  return sent;
}

interface Setup {
  smtp: TestSmtp;
  a: CliProcess;
  b: CliProcess;
  ledger: Store;
  schema: string;
}

/** Worker a active, worker b standing by; a's first message is held until b has joined the delivery. */
async function twoWorkers(): Promise<Setup> {
  const schema = schemas.fresh();
  // Migrate once up front, as a deployment would before starting its workers.
  await (await createPostgresStore({ url: PG_TEST_URL, schema })).close();
  const smtp = await startTestSmtp();
  cleanups.push(() => smtp.close());
  const config = writeConfig(smtp);
  const env = { DATABASE_URL: urlFor(schema) };
  const start = (holder: string) => {
    const w = startCli(['--config', config, 'worker', '--holder', holder], env);
    cleanups.push(() => {
      if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    });
    return w;
  };
  let joined = () => {};
  const gate = new Promise<void>((r) => (joined = r));
  cleanups.push(() => joined());
  let first = true;
  smtp.holdUntil = () => (first ? ((first = false), gate) : null);
  const a = start('worker-a');
  await waitUntil('worker a to take the lease', () => logs(a, 'lease acquired; worker active').length > 0);
  const b = start('worker-b');
  await waitUntil('worker b to join a', () => logs(b, 'helping deliver a digest').length > 0, 120_000);
  joined();
  const ledger = await createPostgresStore({ url: PG_TEST_URL, schema });
  cleanups.push(() => ledger.close());
  return { smtp, a, b, ledger, schema };
}

async function allSent(ledger: Store): Promise<void> {
  await waitUntil(
    'every recipient sent in the ledger',
    async () =>
      (await ledger.listDeliveries({ listId: 'desk', status: 'sent' })).length === recipients.length,
    180_000,
  );
}

function expectExactlyOnce(smtp: TestSmtp): void {
  const counts = new Map<string, number>();
  for (const m of smtp.messages) for (const r of m.to) counts.set(r, (counts.get(r) ?? 0) + 1);
  const wrong = recipients.filter((r) => counts.get(r) !== 1).map((r) => `${r}: ${counts.get(r) ?? 0}`);
  expect(wrong).toEqual([]);
  expect(smtp.messages).toHaveLength(recipients.length);
}

/**
 * Holds messages mid-list, one at a time, until one is claimed in the ledger by `claimer…` (worker a's
 * list lock, or worker b's helper claim); every other held message is let go at once.
 */
async function holdOneOf(setup: Setup, claimer: RegExp) {
  const client = new pg.Client({ connectionString: urlFor(setup.schema) });
  await client.connect();
  cleanups.push(() => client.end());
  let held: { to: string; session: string; release: () => void } | null = null;
  setup.smtp.holdUntil = (to, session) => {
    if (held || setup.smtp.messages.length < 150) return null;
    return new Promise<void>((release) => (held = { to: to[0] ?? '', session, release }));
  };
  cleanups.push(() => held?.release());
  for (;;) {
    await waitUntil('a message held mid-list', () => held !== null, 120_000);
    const current = held as unknown as { to: string; session: string; release: () => void };
    const { rows } = await client.query<{ claimed_by: string | null }>(
      'SELECT claimed_by FROM deliveries WHERE recipient = $1',
      [current.to],
    );
    if (claimer.test(rows[0]?.claimed_by ?? '')) return current;
    held = null;
    current.release();
  }
}

describe.skipIf(!PG_TEST_URL)(`two workers on PostgreSQL${PG_TEST_URL ? '' : ` — ${PG_SKIP_REASON}`}`, () => {
  it('share one 1,000-recipient list at the same time: both send a good part, each recipient exactly one message', async () => {
    const setup = await twoWorkers();
    const { smtp, a, b, ledger } = setup;
    await allSent(ledger);
    for (const w of [a, b]) w.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);
    expectExactlyOnce(smtp);
    const [byA, byB] = [sentBy(a), sentBy(b)];
    console.info(`shares: worker a sent ${byA}, worker b ${byB}`);
    expect(byA + byB).toBe(recipients.length);
    expect(byA).toBeGreaterThanOrEqual(100);
    expect(byB).toBeGreaterThanOrEqual(100);
    // b never took the worker lease: it helped while standing by.
    expect(logs(b, 'lease acquired; worker active')).toEqual([]);
  }, 300_000);

  it('a helper SIGKILLed mid-list: the active worker takes over what it held (same Message-ID), exactly once each', async () => {
    const setup = await twoWorkers();
    const { smtp, a, b, ledger } = setup;
    const victim = await holdOneOf(setup, /^helper:worker-b#/);
    b.child.kill('SIGKILL');
    await b.exited;
    // Released only once the server has seen b's connection end: a reply to a client that is gone is no
    // acknowledgement, so that message must not count as delivered.
    await waitUntil("the server to see worker b's connection end", () => smtp.sessionClosed(victim.session));
    victim.release();
    await allSent(ledger);
    a.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    expectExactlyOnce(smtp);
    const row = await ledger.getDelivery(
      (await ledger.listDeliveries({ listId: 'desk' }))[0]!.digestId,
      victim.to,
    );
    expect(smtp.messages.find((m) => m.to.includes(victim.to))?.parsed.messageId).toBe(row?.messageId);
    // a's own pass waited for b's claims to run out and took them over: its run finished the list (no
    // recipient left in doubt for a later run), and b's share counts as already sent there.
    const [firstRun] = logs(a, 'digest finished');
    const [summary] = firstRun?.results as Array<{ delivery: Record<string, number> }>;
    expect(summary?.delivery).toMatchObject({ inDoubt: 0, failed: 0 });
    expect((summary?.delivery.sent ?? 0) + (summary?.delivery.skippedAlreadySent ?? 0)).toBe(
      recipients.length,
    );
  }, 300_000);

  it('the active worker SIGKILLed mid-list: the helper takes over the list and finishes it, exactly once each', async () => {
    const setup = await twoWorkers();
    const { smtp, a, b, ledger } = setup;
    const victim = await holdOneOf(setup, /^worker-a#/);
    a.child.kill('SIGKILL');
    await a.exited;
    await waitUntil("the server to see worker a's connection end", () => smtp.sessionClosed(victim.session));
    victim.release();
    await waitUntil('worker b to take over', () => logs(b, 'lease acquired; worker active').length > 0);
    await allSent(ledger);
    b.child.kill('SIGTERM');
    expect(await b.exited).toBe(0);
    expectExactlyOnce(smtp);
    const runs = await ledger.listRuns({ kind: 'digest' });
    expect(runs.some((r) => r.status === 'abandoned')).toBe(true);
    expect(runs.some((r) => r.status === 'ok' && (r.counts.sent ?? 0) > 0)).toBe(true);
    expect(b.lines.join('\n')).toMatch(/marked abandoned/);
  }, 300_000);
});
