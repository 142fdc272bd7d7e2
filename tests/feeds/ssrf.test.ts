// Feed links are untrusted input: with fetchPages on, an item linking to loopback, link-local, private or
// unique-local addresses (literal, by name after DNS, IPv4-mapped, or via a redirect) is refused; the
// configured feed URL itself may be on loopback. Real HTTP servers on 127.0.0.1, a real SQLite file,
// the real config loader and `stancewatch status`.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusCommand } from '../../src/commands/status.js';
import type { FeedSource } from '../../src/config/schema.js';
import { blockedAddressReason, fetchFeed, limitedGet } from '../../src/ingest/feeds.js';
import { silentLogger } from '../../src/log.js';
import { openContext } from '../../src/pipeline/context.js';
import { ingestSources } from '../../src/pipeline/sources.js';

const SECRET = 'TOKEN-7f3a9c-internal-only';
let server: Server;
let port = 0;
let base = '';
const hits: string[] = [];
const item = (title: string, link: string) =>
  `<item><title>${title}</title><link>${link}</link><guid>${link}</guid><pubDate>Mon, 06 Jan 2025 10:00:00 GMT</pubDate><description>Teaser.</description></item>`;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? '/';
    hits.push(url);
    if (url === '/feed.xml') {
      res.setHeader('content-type', 'application/rss+xml');
      return void res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>${base}/</link><description>d</description>
${item('Admin panel', `${base}/internal-admin?secret=1`)}
${item('Metadata', 'http://169.254.169.254/latest/meta-data/iam')}
${item('By name', `http://localhost:${port}/internal-admin?secret=2`)}
${item('Mapped', `http://[::ffff:127.0.0.1]:${port}/internal-admin?secret=3`)}
${item('Private', 'http://10.0.0.8/x')}
${item('Gopher', 'gopher://127.0.0.1/1')}
</channel></rss>`);
    }
    if (url === '/redirect-away') {
      res.statusCode = 302;
      res.setHeader('location', `http://localhost:${port}/internal-admin?secret=4`);
      return void res.end();
    }
    if (url === '/redirect-home') {
      res.statusCode = 302;
      res.setHeader('location', '/public-page');
      return void res.end();
    }
    if (url.startsWith('/internal-admin') || url === '/public-page') {
      res.setHeader('content-type', 'text/html');
      return void res.end(
        `<html><head><title>Internal</title></head><body><article><p>The admin token is ${SECRET}, the minister said on Monday, and it must stay inside.</p></article></body></html>`,
      );
    }
    res.statusCode = 404;
    res.end('no');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const limits = { timeoutMs: 3000, maxBytes: 1 << 20, maxRedirects: 3, userAgent: 'sw-test' };

describe('blockedAddressReason', () => {
  it.each([
    ['127.0.0.1', /loopback/],
    ['127.8.9.10', /loopback/],
    ['0.0.0.0', /unspecified/],
    ['10.1.2.3', /private/],
    ['172.16.0.1', /private/],
    ['172.31.255.255', /private/],
    ['192.168.1.20', /private/],
    ['169.254.169.254', /link-local/],
    ['100.64.0.1', /shared/],
    ['::1', /loopback/],
    ['::', /unspecified/],
    ['fe80::1', /link-local/],
    ['febf::1', /link-local/],
    ['fc00::1', /unique-local/],
    ['fd12:3456::1', /unique-local/],
    ['::ffff:127.0.0.1', /loopback/],
    ['::ffff:7f00:1', /loopback/],
    ['::ffff:a9fe:a9fe', /link-local/],
    ['[::ffff:10.0.0.1]', /private/],
    ['::127.0.0.1', /loopback/],
    ['64:ff9b::a9fe:a9fe', /link-local/],
    ['2002:7f00:1::1', /loopback/],
    ['fe80::1%eth0', /link-local/],
  ])('refuses %s', (address, reason) => {
    expect(blockedAddressReason(address)).toMatch(reason);
  });
  it.each(['8.8.8.8', '172.32.0.1', '192.169.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8', '2606:4700::1111'])(
    'allows the public address %s',
    (address) => {
      expect(blockedAddressReason(address)).toBeNull();
    },
  );
});

describe('feed links', () => {
  const source = (extra: Partial<FeedSource> = {}): FeedSource => ({
    type: 'feed',
    id: 'wire',
    url: `${base}/feed.xml`,
    fetchPages: true,
    timeoutMs: 3000,
    maxBytes: 1 << 20,
    maxRedirects: 3,
    allowPrivateNetwork: false,
    ...extra,
  });

  it('fetches the configured feed on loopback but refuses every link to a non-public address', async () => {
    hits.length = 0;
    const result = await fetchFeed(source(), null, { now: () => new Date(), userAgent: 'sw-test' });
    expect(result.ok).toBe(true);
    expect(result.articles).toEqual([]);
    expect(hits).toEqual(['/feed.xml']);
    const reasons = result.problems.map((p) => p.reason);
    expect(reasons).toHaveLength(6);
    expect(reasons[0]).toMatch(/refused http:\/\/127\.0\.0\.1:\d+\/internal-admin\?….*loopback/);
    expect(reasons[1]).toMatch(/169\.254\.169\.254 is a link-local address/);
    expect(reasons[2]).toMatch(/localhost resolves to a loopback address/);
    expect(reasons[3]).toMatch(/loopback/);
    expect(reasons[4]).toMatch(/10\.0\.0\.8 is a private address/);
    expect(reasons[5]).toMatch(/only http and https/);
    // The query string (which may carry a token) is never repeated in a message.
    expect(reasons.join('\n')).not.toMatch(/secret=/);
    expect(result.state.itemErrors).toEqual(
      result.problems.map((p) => (p.reason.includes(p.item) ? p.reason : `${p.item}: ${p.reason}`)),
    );
  });

  it('checks every redirect after DNS: leaving the feed origin for loopback is refused', async () => {
    const origin = { kind: 'origin', origin: base } as const;
    await expect(limitedGet(`${base}/redirect-away`, limits, {}, origin)).rejects.toThrow(
      /refused http:\/\/localhost:\d+\/internal-admin\?… : |localhost resolves to a loopback address/,
    );
    await expect(limitedGet(`${base}/redirect-away`, limits, {}, { kind: 'public' })).rejects.toThrow(
      /127\.0\.0\.1 is a loopback address/,
    );
    // Redirects within the configured feed's own origin stay allowed.
    const home = await limitedGet(`${base}/redirect-home`, limits, {}, origin);
    expect(home.status).toBe(200);
  });

  it('a source that allows its private network fetches the link', async () => {
    const result = await fetchFeed(source({ allowPrivateNetwork: true }), null, {
      now: () => new Date(),
      userAgent: 'sw-test',
    });
    expect(result.articles.some((a) => a.body.includes(SECRET))).toBe(true);
  });

  it('stancewatch status names the refused link; the secret is never stored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-ssrf-'));
    try {
      const config = join(dir, 'stancewatch.config.yaml');
      writeFileSync(
        config,
        `sources:\n  - { type: feed, id: wire, url: "${base}/feed.xml" }\nstore: { driver: sqlite, path: sw.db }\n`,
      );
      hits.length = 0;
      const ctx = await openContext({ config, logger: silentLogger });
      const summary = await ingestSources(ctx);
      expect(summary.new).toBe(0);
      expect(await ctx.store.listArticles()).toEqual([]);
      await ctx.store.close();
      expect(hits.filter((h) => h.startsWith('/internal-admin'))).toEqual([]);

      let text = '';
      const report = await statusCommand({ config, logger: silentLogger, write: (s) => (text += s) });
      expect(report.sources[0]?.state?.itemErrors?.[0]).toMatch(/loopback/);
      expect(text).toMatch(/source errors/);
      expect(text).toMatch(/wire: refused http:\/\/127\.0\.0\.1:\d+\/internal-admin\?…: 127\.0\.0\.1 is a loopback address/);
      expect(text).toMatch(/wire: refused http:\/\/169\.254\.169\.254\/latest\/meta-data\/iam/);
      for (const f of ['sw.db', 'sw.db-wal']) {
        let bytes = '';
        try {
          bytes = readFileSync(join(dir, f), 'latin1');
        } catch {
          continue;
        }
        expect(bytes).not.toContain(SECRET);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
