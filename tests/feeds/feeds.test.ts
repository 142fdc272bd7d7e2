import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedSource } from '../../src/config/schema.js';
import { feedDate, fetchFeed } from '../../src/ingest/feeds.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const routes = new Map<string, Handler>();
let server: Server;
let base = '';
const fixture = (name: string) => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), 'utf8').replaceAll('{{BASE}}', base);
const clock = () => new Date('2025-05-01T12:00:00Z');
const opts = { now: clock, userAgent: 'stancewatch-test/1' };

function source(path: string, extra: Partial<FeedSource> = {}): FeedSource {
  return { type: 'feed', id: path.slice(1).replace(/\W/g, '-') || 'root', url: `${base}${path}`, fetchPages: true, timeoutMs: 2000, maxBytes: 1024 * 1024, maxRedirects: 2, allowPrivateNetwork: false, ...extra };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const handler = routes.get(req.url ?? '');
    if (!handler) {
      res.statusCode = 404;
      res.end('nope');
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const agents: string[] = [];
  routes.set('/rss', (req, res) => {
    agents.push(String(req.headers['user-agent']));
    res.setHeader('content-type', 'application/rss+xml');
    res.end(fixture('rss.xml'));
  });
  routes.set('/a/page', (_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end('<html><head><title>Page</title></head><body><nav>Menu</nav><article><p>The full story: the mayor said she opposes the levy.</p></article></body></html>');
  });
  routes.set('/atom', (_req, res) => res.end(fixture('atom.xml')));
  routes.set('/json', (_req, res) => res.end(fixture('feed.json')));
  routes.set('/etag', (req, res) => {
    if (req.headers['if-none-match'] === '"v1"') {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.setHeader('etag', '"v1"');
    res.setHeader('last-modified', 'Wed, 01 Jan 2025 00:00:00 GMT');
    res.end(fixture('atom.xml'));
  });
  routes.set('/slow', () => {
    /* never answers */
  });
  routes.set('/error', (_req, res) => {
    res.statusCode = 500;
    res.end('boom');
  });
  routes.set('/invalid', (_req, res) => res.end('<rss><channel><item><title>broken'));
  routes.set('/huge', (_req, res) => {
    // 10 MB streamed without a content-length: the limit must be enforced while reading.
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const push = () => {
      while (sent < 10 * 1024 * 1024) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', push);
      }
      res.end();
    };
    push();
  });
  routes.set('/hop1', (_req, res) => {
    res.statusCode = 302;
    res.setHeader('location', '/hop2');
    res.end();
  });
  routes.set('/hop2', (_req, res) => {
    res.statusCode = 301;
    res.setHeader('location', `${base}/json`);
    res.end();
  });
  routes.set('/to-file', (_req, res) => {
    res.statusCode = 302;
    res.setHeader('location', 'file:///etc/passwd');
    res.end();
  });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('fetchFeed', () => {
  it('parses RSS 2.0: full content, summary-only items fetched as pages, duplicates dropped', async () => {
    // The pages are on loopback too: this source allows its private network (see ssrf.test.ts).
    const result = await fetchFeed(source('/rss', { allowPrivateNetwork: true }), null, opts);
    expect(result.ok).toBe(true);
    expect(result.articles).toHaveLength(2);
    const [first, second] = result.articles;
    expect(first?.title).toBe('Minister backs the harbour plan');
    expect(first?.url).toBe(`${base}/a/harbour`);
    expect(first?.published).toBe('2025-01-06');
    expect(first?.datePrecision).toBe('day');
    expect(first?.byline).toBe('Ada Reporter');
    expect(first?.source).toBe('Example Wire');
    expect(first?.body).toBe('The minister said the harbour plan was "essential".\n\nCritics disagreed.');
    expect(second?.body).toContain('the mayor said she opposes the levy');
    expect(second?.body).not.toContain('Only a teaser');
    expect(second?.published).toBe('2025-01-07');
    expect(result.state.lastOkAt).toBe('2025-05-01T12:00:00.000Z');
    expect(result.state.errorCount).toBe(0);
  });

  it('keeps the summary when fetchPages is off', async () => {
    const result = await fetchFeed(source('/rss', { fetchPages: false }), null, opts);
    expect(result.articles[1]?.body).toBe('Only a teaser.');
  });

  it('parses Atom and JSON Feed', async () => {
    const atom = await fetchFeed(source('/atom'), null, opts);
    expect(atom.articles.map((a) => [a.title, a.published, a.byline, a.body])).toEqual([
      ['Council rejects the bridge', '2025-02-01', 'Bo Writer', 'The council said it opposes the bridge.'],
    ]);
    const json = await fetchFeed(source('/json'), null, opts);
    expect(json.articles.map((a) => [a.title, a.published, a.url, a.body])).toEqual([
      ['Senator changes course', '2025-03-04', 'http://example.test/json-1', 'The senator said she now supports the tariff.\n\nAides confirmed it.'],
    ]);
  });

  it('sends If-None-Match and treats 304 as no new items', async () => {
    const first = await fetchFeed(source('/etag'), null, opts);
    expect(first.articles).toHaveLength(1);
    expect(first.state.etag).toBe('"v1"');
    const second = await fetchFeed(source('/etag'), first.state, opts);
    expect(second.ok).toBe(true);
    expect(second.notModified).toBe(true);
    expect(second.articles).toHaveLength(0);
    expect(second.state.etag).toBe('"v1"');
  });

  it('follows redirects up to maxRedirects and refuses non-http targets', async () => {
    expect((await fetchFeed(source('/hop1'), null, opts)).articles).toHaveLength(1);
    const tooMany = await fetchFeed(source('/hop1', { maxRedirects: 1 }), null, opts);
    expect(tooMany.ok).toBe(false);
    expect(tooMany.error).toMatch(/too many redirects/);
    const file = await fetchFeed(source('/to-file'), null, opts);
    expect(file.error).toMatch(/only http and https/);
  });

  it.each([
    ['/slow', { timeoutMs: 300 }, /timed out after 300 ms/],
    ['/error', {}, /HTTP 500/],
    ['/invalid', {}, /not a valid RSS, Atom or JSON feed/],
    ['/huge', {}, /larger than maxBytes/],
  ] as const)('%s fails with a recorded error and exponential backoff', async (path, extra, pattern) => {
    const started = Date.now();
    const once = await fetchFeed(source(path, extra), null, opts);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(once.ok).toBe(false);
    expect(once.error).toMatch(pattern);
    expect(once.state.errorCount).toBe(1);
    expect(once.state.lastError).toMatch(pattern);
    expect(once.state.lastFetchAt).toBe('2025-05-01T12:00:00.000Z');
    const twice = await fetchFeed(source(path, extra), once.state, opts);
    expect(twice.state.errorCount).toBe(2);
    const delay1 = Date.parse(once.state.nextAttemptAt ?? '') - clock().getTime();
    const delay2 = Date.parse(twice.state.nextAttemptAt ?? '') - clock().getTime();
    expect(delay1).toBeGreaterThan(0);
    expect(delay2).toBe(delay1 * 2);
  });

  it('a success after failures resets the error count', async () => {
    const failed = await fetchFeed(source('/error'), null, opts);
    const ok = await fetchFeed({ ...source('/atom'), id: failed.state.sourceId }, failed.state, opts);
    expect(ok.state.errorCount).toBe(0);
    expect(ok.state.lastError).toBeNull();
    expect(ok.state.nextAttemptAt).toBeNull();
  });

  it('dates a feed timestamp by the day written in it (the publisher\'s local day), as pages are', () => {
    expect(feedDate('Mon, 06 Jan 2025 23:30:00 -0500')).toBe('2025-01-06');
    expect(feedDate('Mon, 06 Jan 2025 23:30:00 MET')).toBe('2025-01-06');
    expect(feedDate('not a date')).toBeNull();
  });
});
