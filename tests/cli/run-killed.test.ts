// A `stancewatch run` killed mid-send (SIGKILL) leaves its run record behind; it must not stay `running`
// forever: once the process has stopped renewing it, `status` shows it abandoned and the next run records
// it so. A real process, a real SQLite file, a real SMTP server on loopback holding the message.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/commands/run.js';
import { statusCommand, type StatusReport } from '../../src/commands/status.js';
import { silentLogger } from '../../src/log.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import { startCli, waitUntil } from '../helpers/process.js';
import { startTestSmtp } from '../helpers/smtp.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('a killed run', () => {
  it('is shown abandoned once its process is gone, and the next run records it so', async () => {
    const smtp = await startTestSmtp();
    cleanups.push(() => smtp.close());
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    smtp.holdUntil = () => held;
    cleanups.push(() => release());
    const dir = mkdtempSync(join(tmpdir(), 'sw-run-killed-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const config = join(dir, 'stancewatch.config.yaml');
    const db = join(dir, 'sw.db');
    writeFileSync(
      config,
      `sources: []
store: { driver: sqlite, path: ${db} }
mail:
  from: "stancewatch <digest@example.org>"
  smtp: { host: 127.0.0.1, port: ${smtp.port}, rateLimitPerSecond: 1000 }
lists:
  - id: desk
    name: Foreign desk
    sendEmpty: true
    subscribers: [ana@example.org]
worker: { leaseSeconds: 2 }
`,
    );
    const run = startCli(['--config', config, 'run']);
    cleanups.push(() => void run.child.kill('SIGKILL'));
    await waitUntil('the message to be on the wire', () => smtp.started.length > 0);
    run.child.kill('SIGKILL');
    await run.exited;

    const status = async (): Promise<StatusReport> =>
      statusCommand({ config, logger: silentLogger, write: () => {}, format: 'json' });
    await waitUntil(
      'status to show the run abandoned',
      async () => (await status()).lists[0]?.lastRun?.status === 'abandoned',
    );

    await runCommand({ config, dryRun: true, logger: silentLogger, write: () => {} });
    const store = createSqliteStore({ path: db });
    cleanups.push(() => store.close());
    const runs = await store.listRuns({ kind: 'digest' });
    const killed = runs.at(-1);
    expect(killed).toMatchObject({ status: 'abandoned', error: expect.stringMatching(/process stopped/) });
    expect(killed?.holder).toMatch(/:\d+$/);
    expect(runs.filter((r) => r.status === 'running')).toEqual([]);
  }, 60_000);
});
