// `stancewatch worker --serve`: the web server runs in the worker's process on the worker's store, and
// stops with it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { workerCommand } from '../../src/commands/worker.js';
import { silentLogger } from '../../src/log.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import { SECRET } from './fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'sw-worker-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('serves the pages beside the worker, including lists made in the browser, and stops with it', async () => {
  const db = join(dir, 'store.db');
  const seed = createSqliteStore({ path: db });
  await seed.saveWebList({
    id: 'browser-made',
    name: 'Made in the browser',
    filters: { actors: [], topics: [], kinds: ['new'] },
    format: 'text',
    timeZone: 'UTC',
    schedule: null,
    sendEmpty: false,
    archive: 'public',
    signup: true,
  });
  await seed.close();
  const config = join(dir, 'stancewatch.config.json');
  writeFileSync(
    config,
    JSON.stringify({
      sources: [],
      store: { driver: 'sqlite', path: db },
      mail: { outbox: join(dir, 'outbox') },
      lists: [{ id: 'news', name: 'News', subscribers: ['a@example.org'] }],
    }),
  );
  process.env.STANCEWATCH_UNSUBSCRIBE_SECRET = SECRET;
  const stop = new AbortController();
  let url = '';
  let finished = false;
  const listening = new Promise<void>((resolve) => {
    void workerCommand({
      config,
      logger: silentLogger,
      signal: stop.signal,
      serve: {
        port: 0,
        host: '127.0.0.1',
        onListening: (u) => {
          url = u;
          resolve();
        },
      },
    }).then(() => (finished = true));
  });
  await listening;
  const page = await fetch(new URL('subscribe/browser-made', url));
  expect(page.status).toBe(200);
  expect(await page.text()).toMatch(/Made in the browser/);
  stop.abort();
  const deadline = Date.now() + 30_000;
  while (!finished) {
    if (Date.now() > deadline) throw new Error('the worker did not stop');
    await new Promise((r) => setTimeout(r, 20));
  }
  await expect(fetch(url)).rejects.toThrow();
}, 60_000);
