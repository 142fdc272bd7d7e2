// The worker end to end, with real parts only: an RSS feed and its pages over HTTP on 127.0.0.1, a real
// SQLite file, a real SMTP server on loopback, second-level cron, and (second test) two worker
// processes of which one is SIGKILLed in the middle of sending a digest.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { workerCommand } from '../../src/commands/worker.js';
import { silentLogger } from '../../src/log.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.js';

const repo = new URL('../../', import.meta.url).pathname;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const waitFor = async (what: string, check: () => boolean, ms = 30_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const waitForAsync = async (what: string, check: () => Promise<boolean>, ms = 30_000) => {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

/** Finished digest runs in the ledger, read through a connection of our own (as another process would). */
async function digestRuns(db: string): Promise<number> {
  const store = createSqliteStore({ path: db });
  try {
    return (await store.listRuns({ kind: 'digest' })).filter((r) => r.status !== 'running').length;
  } finally {
    await store.close();
  }
}

function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stancewatch-e2e-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

interface Page {
  path: string;
  title: string;
  published: string;
  paragraphs: string[];
}

const page = (
  p: Page,
) => `<!doctype html><html><head><meta charset="utf-8"><title>${p.title} | Example Wire</title>
<meta property="og:title" content="${p.title}"><meta property="og:site_name" content="Example Wire">
<meta property="article:published_time" content="${p.published}"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>${p.title}</h1>${p.paragraphs.map((t) => `<p>${t}</p>`).join('\n')}</article>
<footer>© Example Wire</footer></body></html>`;

const rss = (base: string, pages: Page[]) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example Wire</title><link>${base}/</link><description>World news</description>
${pages
  .map(
    (p) => `<item><title>${p.title}</title><link>${base}${p.path}</link><guid>${base}${p.path}</guid>
<pubDate>${new Date(p.published).toUTCString()}</pubDate><description>${p.title}.</description></item>`,
  )
  .join('\n')}
</channel></rss>`;

// Written for this test: an early skeptical statement and a later reversal by the same actor.
const early: Page = {
  path: '/world/doubts',
  title: 'Washington doubts Moscow offer of talks',
  published: '2024-03-04T09:00:00Z',
  paragraphs: [
    'WASHINGTON — The administration is not convinced that the Kremlin wants to end the war.',
    'U.S. officials said on Monday that they were skeptical of Russia’s latest offer of peace talks, calling it a ploy to buy time for a new offensive.',
    '“We see no sign that Moscow is ready to negotiate in good faith,” a senior State Department official said.',
  ],
};
const later: Page = {
  path: '/world/push',
  title: 'Washington pushes for a deal by summer',
  published: '2026-04-10T09:00:00Z',
  paragraphs: [
    'WASHINGTON — The White House stepped up its diplomacy this week.',
    'U.S. officials said the United States wants both sides to finish the peace talks by June and will host the next round of negotiations.',
  ],
};

async function serveFeed(pages: () => Page[]): Promise<string> {
  let base = '';
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/feed.xml') {
      res.setHeader('content-type', 'application/rss+xml');
      return void res.end(rss(base, pages()));
    }
    const p = pages().find((x) => x.path === url);
    if (!p) {
      res.statusCode = 404;
      return void res.end('not found');
    }
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(page(p));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  return base;
}

function config(
  dir: string,
  smtp: TestSmtp,
  extra: { sources: string; recipients: string[]; schedule: string },
): string {
  const file = join(dir, 'stancewatch.config.yaml');
  writeFileSync(
    file,
    `sources:
${extra.sources}
store: { driver: sqlite, path: data/test.db }
ingest: { schedule: "0 0 1 1 *" }
mail:
  from: "stancewatch <digest@example.org>"
  # One connection, so a sender killed "mid-send" has exactly one message in flight (with more, each one
  # whose 250 had arrived but was not yet recorded would be the documented resend, same Message-ID).
  smtp: { host: 127.0.0.1, port: ${smtp.port}, pool: false, maxConnections: 1, rateLimitPerSecond: 100, connectionTimeoutMs: 2000, greetingTimeoutMs: 2000, socketTimeoutMs: 4000 }
lists:
  - id: desk
    name: Foreign desk
    subscribers: [${extra.recipients.join(', ')}]
    schedule: "${extra.schedule}"
    # The first digest has no previous one, so its new voices are those of the last newWithin; the
    # test's early article is from 2024.
    newWithin: 10y
worker: { leaseSeconds: 5, shutdownGraceSeconds: 2 }
`,
  );
  return file;
}

const bodyOf = (m: { parsed: { text?: string | undefined } }) => m.parsed.text ?? '';

describe('worker', () => {
  it('sends one digest per tick with only what is new since the last one', async () => {
    const smtp = await startTestSmtp();
    cleanups.push(() => smtp.close());
    const published: Page[] = [early];
    const base = await serveFeed(() => published);
    const dir = tmp();
    const recipients = ['ana@example.org', 'ben@example.org'];
    const file = config(dir, smtp, {
      // The article pages are on loopback too, which feed links may only reach when the source allows it.
      sources: `  - { type: feed, id: wire, url: "${base}/feed.xml", allowPrivateNetwork: true }`,
      recipients,
      schedule: '*/3 * * * * *',
    });
    const controller = new AbortController();
    const running = workerCommand({ config: file, logger: silentLogger, signal: controller.signal });
    cleanups.push(async () => {
      controller.abort();
      await running;
    });

    await waitFor('the first digest', () => smtp.messages.length >= 2);
    published.push(later);
    await waitFor('the second digest', () => smtp.messages.length >= 4);
    // Two more ticks pass with nothing new: nothing more is sent. (Waits on the run ledger, not the clock.)
    const db = join(dir, 'data', 'test.db');
    const ticksSoFar = await digestRuns(db);
    await waitForAsync('two more ticks', async () => (await digestRuns(db)) >= ticksSoFar + 2);
    controller.abort();
    await running;

    expect(smtp.messages).toHaveLength(4);
    for (const r of recipients) {
      const mine = smtp.messages.filter((m) => m.to.includes(r));
      expect(mine).toHaveLength(2);
      expect(mine.every((m) => m.to.length === 1)).toBe(true);
    }
    const [first, second] = [smtp.messages[0], smtp.messages[3]];
    expect(first?.parsed.subject).toMatch(/United States/);
    expect(bodyOf(first!)).toMatch(/skeptical/);
    expect(bodyOf(first!)).not.toMatch(/finish the peace talks by June/);
    // The second digest is about the change the new article brought, with the old statement as "then".
    expect(second?.parsed.subject).not.toBe(first?.parsed.subject);
    expect(bodyOf(second!)).toMatch(/finish the peace talks by June/);
    expect(bodyOf(second!)).toMatch(/skeptical/);
    expect(bodyOf(second!)).toContain(later.title);
  }, 60_000);

  it('two worker processes on one SQLite file send each digest once, even when one is killed mid-send', async () => {
    const smtp = await startTestSmtp();
    cleanups.push(() => smtp.close());
    const dir = tmp();
    mkdirSync(join(dir, 'feeds'));
    for (const f of readdirSync(join(repo, 'feeds')).filter((f) => f.endsWith('.txt'))) {
      copyFileSync(join(repo, 'feeds', f), join(dir, 'feeds', f));
    }
    const recipients = ['r1@example.org', 'r2@example.org', 'r3@example.org'];
    const file = config(dir, smtp, {
      sources: '  - { type: folder, path: feeds }',
      recipients,
      schedule: '*/2 * * * * *',
    });

    // The first message to r2 is held by the server for long enough to kill its sender mid-send.
    let held = false;
    smtp.holdFor = (to) => {
      if (to.includes('r2@example.org') && !held) {
        held = true;
        return 8000;
      }
      return 0;
    };

    const workers: ChildProcess[] = [];
    const start = (holder: string) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'src/main.ts', '--config', file, 'worker', '--holder', holder],
        {
          cwd: repo,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const lines: string[] = [];
      child.stdout?.on('data', (c: Buffer) => lines.push(...c.toString().split('\n')));
      child.stderr?.on('data', (c: Buffer) => lines.push(...c.toString().split('\n')));
      workers.push(child);
      return { child, lines };
    };
    cleanups.push(() => {
      for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
    });

    const a = start('worker-a');
    await waitFor(
      'worker a to take the lease',
      () => a.lines.some((l) => l.includes('lease acquired')),
      30_000,
    );
    const b = start('worker-b');
    await waitFor('worker a to start sending to r2', () => held, 40_000);
    a.child.kill('SIGKILL');

    // Worker b takes over once a's lease expires and finishes the digest: r2 and r3 once each.
    await waitFor(
      'the rest of the digest',
      () => recipients.every((r) => smtp.messages.some((m) => m.to.includes(r))),
      40_000,
    );
    // a comes back and stands by; a few more ticks pass with nothing new (waited on the ledger and logs).
    const a2 = start('worker-a');
    const db = join(dir, 'data', 'test.db');
    await waitFor('the restarted worker a to stand by', () =>
      a2.lines.some((l) => l.includes('another worker holds the lease; waiting')),
    );
    const ticksSoFar = await digestRuns(db);
    await waitForAsync('two more ticks', async () => (await digestRuns(db)) >= ticksSoFar + 2);
    for (const w of [b.child, a2.child]) w.kill('SIGTERM');
    await Promise.all(
      [b.child, a2.child].map((w) => new Promise((r) => (w.exitCode === null ? w.on('exit', r) : r(null)))),
    );
    // SIGTERM is a clean shutdown: both exit 0.
    expect([b.child.exitCode, a2.child.exitCode]).toEqual([0, 0]);

    for (const r of recipients) {
      expect(
        smtp.messages.filter((m) => m.to.includes(r)),
        r,
      ).toHaveLength(1);
    }
    expect(new Set(smtp.messages.map((m) => m.parsed.subject)).size).toBe(1);
    expect(b.lines.some((l) => l.includes('abandoned'))).toBe(true);

    const store = createSqliteStore({ path: join(dir, 'data', 'test.db') });
    const deliveries = await store.listDeliveries({ listId: 'desk' });
    expect(
      deliveries
        .filter((d) => d.status === 'sent')
        .map((d) => d.recipient)
        .sort(),
    ).toEqual(recipients);
    expect(deliveries.every((d) => d.status === 'sent')).toBe(true);
    await store.close();
  }, 120_000);
});
