// Two real worker processes on one PostgreSQL database (STANCEWATCH_TEST_DATABASE_URL), one list of
// 1,000 recipients, a real SMTP server on loopback counting messages per recipient. The first worker is
// SIGKILLed mid-list while the server holds one message (so that message was never acknowledged; one
// connection, so no other message is in flight: with several, one per connection may be in the window
// between the server's 250 and the ledger write, which is resent by design with the same Message-ID); the
// second takes over once the lease runs out and finishes the list. Every wait is on a condition.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/store/postgres.js';
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

function writeConfig(smtp: TestSmtp, recipients: string[]): string {
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
  smtp: { host: 127.0.0.1, port: ${smtp.port}, maxConnections: 1, rateLimitPerSecond: 100000, connectionTimeoutMs: 1000, greetingTimeoutMs: 1000, socketTimeoutMs: 3000 }
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

describe.skipIf(!PG_TEST_URL)(`two workers on PostgreSQL${PG_TEST_URL ? '' : ` — ${PG_SKIP_REASON}`}`, () => {
  it('share a 1,000-recipient list: each recipient gets exactly one message, also when one is killed mid-list', async () => {
    const schema = schemas.fresh();
    // Migrate once up front, as a deployment would before starting its workers.
    await (await createPostgresStore({ url: PG_TEST_URL, schema })).close();
    const smtp = await startTestSmtp();
    cleanups.push(() => smtp.close());
    const recipients = Array.from({ length: 1000 }, (_, i) => `reader${i + 1}@example.org`);
    const config = writeConfig(smtp, recipients);
    const env = { DATABASE_URL: urlFor(schema) };
    // The server sits on one message mid-list until worker a has been killed: never acknowledged.
    const victim = 'reader300@example.org';
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    let holding = false;
    smtp.holdUntil = (to) => {
      if (!to.includes(victim) || holding) return null;
      holding = true;
      return held;
    };
    cleanups.push(() => release());

    const workers: CliProcess[] = [];
    const start = (holder: string) => {
      const w = startCli(['--config', config, 'worker', '--holder', holder], env);
      workers.push(w);
      cleanups.push(() => {
        if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
      });
      return w;
    };
    const logged = (w: CliProcess, text: string) => () => w.lines.some((l) => l.includes(text));

    const a = start('worker-a');
    await waitUntil('worker a to take the lease', logged(a, 'lease acquired'));
    const b = start('worker-b');
    await waitUntil('worker b to stand by', logged(b, 'another worker holds the lease; waiting'));
    await waitUntil('worker a to be mid-list, on the held message', () => holding, 120_000);
    const sentByA = smtp.messages.length;
    const openedByA = smtp.sessionsOpened;
    a.child.kill('SIGKILL');
    await a.exited;
    // Release the held message only once the server has seen a's connections end: a reply to a client
    // that is gone is no acknowledgement, so the message must not count as delivered.
    await waitUntil("the server to see worker a's connections end", () => smtp.sessionsClosed >= openedByA);
    release();

    await waitUntil('worker b to take over', logged(b, 'lease acquired'));
    const ledger = await createPostgresStore({ url: PG_TEST_URL, schema });
    cleanups.push(() => ledger.close());
    await waitUntil(
      'every recipient sent in the ledger',
      async () =>
        (await ledger.listDeliveries({ listId: 'desk', status: 'sent' })).length === recipients.length,
      180_000,
    );
    b.child.kill('SIGTERM');
    expect(await b.exited).toBe(0);

    const counts = new Map<string, number>();
    for (const m of smtp.messages) for (const r of m.to) counts.set(r, (counts.get(r) ?? 0) + 1);
    const wrong = recipients.filter((r) => counts.get(r) !== 1);
    expect(wrong).toEqual([]);
    expect(smtp.messages).toHaveLength(recipients.length);
    // Both processes did part of the list: a up to the kill, b the rest; a's run is recorded abandoned.
    expect(sentByA).toBeGreaterThan(0);
    expect(sentByA).toBeLessThan(recipients.length);
    const runs = await ledger.listRuns({ kind: 'digest' });
    expect(runs.some((r) => r.status === 'abandoned')).toBe(true);
    expect(runs.some((r) => r.status === 'ok' && (r.counts.sent ?? 0) > 0)).toBe(true);
    expect(b.lines.join('\n')).toMatch(/marked abandoned/);
  }, 300_000);
});
