// Two `stancewatch run` processes started together on one database and 100 recipients: the list lock
// (shared with the worker) lets one deliver while the other waits, so every recipient gets ONE message.
// Real processes, a real SQLite file, a real SMTP server on loopback.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite.js';
import { startCli, waitUntil, type CliProcess } from '../helpers/process.js';
import { startTestSmtp } from '../helpers/smtp.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup(port: number, recipients: string[], extra = '') {
  const dir = mkdtempSync(join(tmpdir(), 'sw-runlock-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const config = join(dir, 'stancewatch.config.yaml');
  writeFileSync(
    config,
    `sources: []
store: { driver: sqlite, path: ${join(dir, 'sw.db')} }
mail:
  from: "stancewatch <digest@example.org>"
  smtp: { host: 127.0.0.1, port: ${port}, rateLimitPerSecond: 1000 }
lists:
  - id: desk
    name: Foreign desk
    sendEmpty: true
    subscribers: [${recipients.join(', ')}]
${extra}`,
  );
  return { dir, config, db: join(dir, 'sw.db') };
}

const track = (p: CliProcess) => {
  cleanups.push(() => {
    if (p.child.exitCode === null) p.child.kill('SIGKILL');
  });
  return p;
};

describe('stancewatch run takes the list lock', () => {
  it('two runs started together on one database with 100 recipients deliver exactly one message each', async () => {
    const smtp = await startTestSmtp();
    cleanups.push(() => smtp.close());
    const recipients = Array.from({ length: 100 }, (_, i) => `reader${i + 1}@example.org`);
    const { config, db } = setup(smtp.port, recipients);
    const runs = [0, 1].map(() => track(startCli(['--config', config, 'run', '--no-ingest'])));
    const waiting = () => runs.some((r) => r.stderr().includes('another run is delivering it'));
    // The first message is held until the other run is seen waiting on the lock: the two really overlap,
    // whichever of them got the lock first.
    let gated = false;
    smtp.holdUntil = () => {
      if (gated) return null;
      gated = true;
      return waitUntil('the second run to wait for the lock', waiting, 90_000).catch(() => {});
    };
    const codes = await Promise.all(runs.map((r) => r.exited));
    expect(codes, runs.map((r) => r.stderr()).join('\n')).toEqual([0, 0]);

    expect(smtp.messages).toHaveLength(100);
    for (const r of recipients)
      expect(
        smtp.messages.filter((m) => m.to.includes(r)),
        r,
      ).toHaveLength(1);
    const [waiter] = runs.filter((r) => r.stderr().includes('another run is delivering it'));
    expect(waiter?.stderr()).toMatch(
      /warning: list desk: another run is delivering it \(run:[^,]+:\d+, lock held until [^)]+\); waiting up to 600 s for it to finish/,
    );
    expect(waiter?.stdout()).toMatch(/sent 0, failed 0, already sent 100/);
    const store = createSqliteStore({ path: db });
    const ledger = await store.listDeliveries({ listId: 'desk' });
    await store.close();
    expect(ledger).toHaveLength(100);
    expect(ledger.every((d) => d.status === 'sent' && d.attempts === 1)).toBe(true);
  }, 120_000);

  it('a run that cannot get the lock in time says who holds the list and exits 1, without a stack trace', async () => {
    const smtp = await startTestSmtp();
    cleanups.push(() => smtp.close());
    const { config, db } = setup(smtp.port, ['ana@example.org'], 'worker: { lockWaitSeconds: 0 }\n');
    // The worker is delivering this list right now.
    const store = createSqliteStore({ path: db });
    expect(await store.takeLease('list:desk', 'worker-a', 600_000)).not.toBeNull();
    await store.close();
    const run = track(startCli(['--config', config, 'run', '--no-ingest']));
    expect(await run.exited).toBe(1);
    expect(run.stdout()).toMatch(
      /error: another run is delivering list desk \(worker-a, lock held until [^)]+\); nothing was sent for it by this run — try again when that run has finished/,
    );
    expect(run.stdout() + run.stderr()).not.toMatch(/\n\s+at /);
    expect(smtp.messages).toHaveLength(0);
  }, 60_000);
});
