// A failing feed shows up in `stancewatch status` with its error and next attempt, while a good feed
// next to it is stored; both read from a real SQLite file through the real config loader.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { statusCommand } from '../../src/commands/status.js';
import { silentLogger } from '../../src/log.js';
import { openContext } from '../../src/pipeline/context.js';
import { ingestSources } from '../../src/pipeline/sources.js';

it('status reports a broken feed and when it will be retried', async () => {
  const server = createServer((req, res) => {
    if (req.url === '/good.xml') {
      res.setHeader('content-type', 'application/rss+xml');
      return void res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><link>http://x/</link><description>d</description>
<item><title>Mayor backs tram</title><link>http://x/a</link><guid>a</guid><pubDate>Mon, 06 Jan 2025 10:00:00 GMT</pubDate>
<description><![CDATA[<p>The mayor said on Monday that she backs the new tram line and wants it built fast.</p>]]></description></item></channel></rss>`);
    }
    res.statusCode = 500;
    res.end('boom');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), 'sw-status-'));
  const config = join(dir, 'stancewatch.config.yaml');
  writeFileSync(
    config,
    `sources:\n  - { type: feed, id: broken, url: "${base}/broken.xml" }\n  - { type: feed, id: good, url: "${base}/good.xml", fetchPages: false }\nstore: { driver: sqlite, path: sw.db }\n`,
  );
  try {
    const ctx = await openContext({ config, logger: silentLogger });
    const summary = await ingestSources(ctx);
    await ctx.store.close();
    expect(summary.new).toBe(1);

    let text = '';
    const report = await statusCommand({ config, logger: silentLogger, write: (s) => (text += s), format: 'text' });
    const broken = report.sources.find((s) => s.id === 'broken');
    expect(broken?.state).toMatchObject({ errorCount: 1, lastError: expect.stringMatching(/500/) });
    expect(Date.parse(broken?.state?.nextAttemptAt ?? '')).toBeGreaterThan(Date.now());
    expect(report.sources.find((s) => s.id === 'good')?.state?.lastOkAt).not.toBeNull();
    expect(text).toMatch(/broken/);
    expect(text).toMatch(/500/);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});
