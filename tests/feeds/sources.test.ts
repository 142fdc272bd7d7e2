import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Config } from '../../src/config/schema.js';
import { silentLogger } from '../../src/log.js';
import type { PipelineContext } from '../../src/pipeline/context.js';
import { ingestSources } from '../../src/pipeline/sources.js';
import { tmpSqliteStore } from '../helpers/sqlite.js';

let server: Server;
let base = '';
const hits: string[] = [];

beforeAll(async () => {
  const atom = readFileSync(new URL('../fixtures/feeds/atom.xml', import.meta.url), 'utf8');
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/good') return void res.end(atom);
    res.statusCode = 500;
    res.end('down');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

it('a failing feed is recorded and backed off while the other feed is stored', async () => {
  let now = new Date('2025-05-01T12:00:00Z');
  const store = tmpSqliteStore(() => now);
  const config = Config.parse({
    sources: [
      { type: 'feed', id: 'broken', url: `${base}/broken` },
      { type: 'feed', id: 'good', url: `${base}/good` },
    ],
  });
  const ctx: PipelineContext = {
    loaded: { config, file: null, baseDir: process.cwd(), warnings: [] },
    watchlist: { actors: [], topics: [] } as never,
    store,
    logger: silentLogger,
    now: () => now,
  };
  const first = await ingestSources(ctx);
  expect(first.sources.map((s) => [s.id, s.ok, s.items])).toEqual([
    ['broken', false, 0],
    ['good', true, 1],
  ]);
  expect(first.new).toBe(1);
  const broken = await store.getSourceState('broken');
  expect(broken).toMatchObject({ errorCount: 1, lastError: expect.stringMatching(/HTTP 500/), lastOkAt: null });
  expect((await store.getSourceState('good'))?.lastOkAt).toBe('2025-05-01T12:00:00.000Z');

  // Within the backoff the broken feed is not requested at all; the good one is, and its item is unchanged.
  hits.length = 0;
  now = new Date('2025-05-01T12:00:30Z');
  const second = await ingestSources(ctx);
  expect(hits).toEqual(['/good']);
  expect(second.sources[0]).toMatchObject({ id: 'broken', ok: false, deferred: true });
  expect(second.unchanged).toBe(1);

  // After the backoff it is retried, and a second failure doubles the wait.
  now = new Date(Date.parse(broken?.nextAttemptAt ?? '') + 1000);
  await ingestSources(ctx, { sourceIds: ['broken'] });
  const again = await store.getSourceState('broken');
  expect(again?.errorCount).toBe(2);
  expect(Date.parse(again?.nextAttemptAt ?? '') - now.getTime()).toBe(2 * (Date.parse(broken?.nextAttemptAt ?? '') - Date.parse('2025-05-01T12:00:00Z')));
});
