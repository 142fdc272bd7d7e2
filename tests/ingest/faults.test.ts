// Fault matrix, ingest side (issue 13, items 7, 9 and 10): hostile or unusual article files go through
// the real ingest pipeline into a real SQLite file, and what a user would see — the stored dates, the
// warning lines, the changes, the text kept — is checked. One test per row.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { changesCommand } from '../../src/commands/changes.js';
import { ingestCommand } from '../../src/commands/ingest.js';
import { discoverFiles, parseArticleText, readArticleFile } from '../../src/ingest/index.js';
import { createConsoleLogger } from '../../src/log.js';
import type { Change } from '../../src/model.js';
import { createSqliteStore } from '../../src/store/sqlite.js';

const repo = new URL('../../', import.meta.url).pathname;
const fixture = (name: string) => new URL(`../fixtures/ingest/${name}`, import.meta.url).pathname;

const WATCHLIST = `actors:
  - id: council
    name: Harbour council
    aliases: [the harbour council, Harbour council]
topics:
  - id: levy
    name: Harbour levy
    description: a levy on harbour traffic (supports = for the levy; opposes = against it)
    phrases: [harbour levy]
`;

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'sw-faults-'));
  const src = join(dir, 'articles');
  mkdirSync(src);
  const watchlist = join(dir, 'watchlist.yaml');
  writeFileSync(watchlist, WATCHLIST);
  const lines: string[] = [];
  const stream = { isTTY: false, write: (s: string) => lines.push(s) > 0 } as unknown as NodeJS.WriteStream;
  const logger = createConsoleLogger({ level: 'normal', stream });
  return { dir, src, db: join(dir, 'sw.db'), watchlist, lines, logger };
}

const md = (published: string, sentence: string) =>
  `---\ntitle: Harbour council and the levy\npublished: ${published}\n---\n\n${sentence}\n`;

async function storedArticles(db: string) {
  const store = createSqliteStore({ path: db });
  try {
    return await store.listArticles();
  } finally {
    await store.close();
  }
}

describe('fault matrix, item 7: dates', () => {
  it('a future date (typo 2099) is flagged with a line naming the file and never becomes "now"', async () => {
    const s = setup();
    writeFileSync(
      join(s.src, 'early.md'),
      md(
        '2024-02-01',
        '"We oppose the harbour levy and we will vote against it," the harbour council said in a statement on Monday.',
      ),
    );
    writeFileSync(
      join(s.src, 'typo.md'),
      md(
        '2099-02-01',
        '"We support the harbour levy and we will vote for it," the harbour council said in a statement on Monday.',
      ),
    );
    const summary = await ingestCommand({
      paths: [s.src],
      db: s.db,
      watchlist: s.watchlist,
      logger: s.logger,
    });
    expect(summary.new).toBe(2);
    const warning = s.lines.find((l) => l.includes('typo.md') && l.includes('2099-02-01'));
    expect(warning).toMatch(/in the future/);
    const byFile = Object.fromEntries((await storedArticles(s.db)).map((a) => [a.file.split('/').pop(), a]));
    expect(byFile['early.md']?.published).toBe('2024-02-01');
    // Not 2099 and not the file time either: it stays undated, so it cannot be the latest statement.
    expect(byFile['typo.md']?.published).toBeNull();
    let out = '';
    await changesCommand({
      db: s.db,
      since: '2024-01-01',
      format: 'json',
      logger: s.logger,
      write: (x) => (out += x),
    });
    const { changes } = JSON.parse(out) as { changes: Change[] };
    expect(changes.map((c) => c.kind)).not.toContain('reversed');
    expect(changes.every((c) => c.after?.published !== '2099-02-01')).toBe(true);
  });

  it('a future date falls back to the next stated date (a dateline) instead', () => {
    const out = parseArticleText(
      'a.md',
      '---\ntitle: Pier plan\npublished: 2031-05-02\n---\n\nMay 2, 2021 — The harbour council approved the pier plan on Monday after a long debate.\n',
      { now: new Date('2026-12-07T00:00:00Z') },
    );
    const a = out.ok ? out.articles[0] : undefined;
    expect(a?.published).toBe('2021-05-02');
    expect(a?.warnings.join('\n')).toMatch(/front matter published 2031-05-02 is in the future/);
  });

  it('a wire dateline without a year ("PORTVILLE, Mar. 3 —") is dated in the copyright year', () => {
    const page = (copyright: string) =>
      `Harbour news\n\nPORTVILLE, Norland, Mar. 3 — The harbour council approved the pier plan on Monday after a long debate.\n\n${copyright}\n`;
    const dated = parseArticleText('wire.txt', page('© 2025 Portville Post. All rights reserved.'));
    expect(dated.ok && [dated.articles[0]?.published, dated.articles[0]?.datePrecision]).toEqual([
      '2025-03-03',
      'day',
    ]);
    const undated = parseArticleText('wire.txt', page('Portville Post'), {
      mtime: new Date('2025-09-09T10:00:00Z'),
    });
    expect(undated.ok && undated.articles[0]?.datePrecision).toBe('unknown');
    // Day first, the British way.
    const british = parseArticleText(
      'wire.txt',
      'Harbour news\n\nPORTVILLE, 30 July — The harbour council approved the pier plan.\n\n© 2025 Portville Post\n',
    );
    expect(british.ok && british.articles[0]?.published).toBe('2025-07-30');
  });

  it('a file time in the future is not used as a fallback date either', () => {
    const out = parseArticleText(
      'clock.txt',
      'Harbour news\n\nThe harbour council approved the pier plan after a long debate.\n',
      {
        mtime: new Date('2099-01-01T00:00:00Z'),
        now: new Date('2026-12-07T00:00:00Z'),
      },
    );
    const a = out.ok ? out.articles[0] : undefined;
    expect([a?.published, a?.datePrecision]).toEqual([null, 'unknown']);
    expect(a?.warnings.join('\n')).toMatch(/modification time 2099-01-01 is in the future/);
  });

  it('JSON articles: publishedAt, published_at, datePublished and epoch numbers are read', async () => {
    const s = setup();
    const body = 'The harbour council said on Monday that the new pier would open in the spring.';
    const entries = [
      { title: 'One', publishedAt: '2025-03-04T09:00:00+02:00', body },
      { title: 'Two', published_at: '2025-03-05', body: `${body} Two.` },
      { title: 'Three', datePublished: 'Thu, 06 Mar 2025 10:00:00 EST', body: `${body} Three.` },
      { title: 'Four', pubDate: 1741435200, body: `${body} Four.` },
    ];
    writeFileSync(join(s.src, 'items.json'), JSON.stringify(entries));
    await ingestCommand({ paths: [s.src], db: s.db, watchlist: s.watchlist, logger: s.logger });
    const dates = (await storedArticles(s.db)).map((a) => [a.title, a.published, a.datePrecision]).sort();
    expect(dates).toEqual([
      ['Four', '2025-03-08', 'day'],
      ['One', '2025-03-04', 'day'],
      ['Three', '2025-03-06', 'day'],
      ['Two', '2025-03-05', 'day'],
    ]);
    expect(s.lines.join('')).not.toMatch(/modification time/);
  });

  it('HTML: itemprop datePublished, parsely-pub-date, JSON-LD in CDATA and DC.Date.Issued in any case', () => {
    const para =
      '<p>The harbour council said on Monday that the new pier would open in the spring, and that the work would start soon.</p>';
    const pages: Array<[string, string]> = [
      ['<meta itemprop="datePublished" content="2025-04-01T08:00:00+02:00">', '2025-04-01'],
      ['<span itemprop="datePublished" datetime="2025-04-02">2 April</span>', '2025-04-02'],
      ['<meta name="parsely-pub-date" content="2025-04-03T10:00:00Z">', '2025-04-03'],
      [
        '<script type="application/ld+json">//<![CDATA[\n{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","datePublished":"2025-04-04T12:00:00-04:00"}]}\n//]]></script>',
        '2025-04-04',
      ],
      ['<meta name="DC.Date.Issued" content="2025-04-05">', '2025-04-05'],
      ['<meta name="dc.date.issued" content="2025-04-06">', '2025-04-06'],
      ['<META NAME="DCTERMS.issued" CONTENT="2025-04-07">', '2025-04-07'],
    ];
    for (const [head, expected] of pages) {
      const html = `<html><head><title>Pier news</title>${head}</head><body><article>${para}${para}</article></body></html>`;
      const out = parseArticleText('page.html', html, { now: new Date('2026-12-07T00:00:00Z') });
      const a = out.ok ? out.articles[0] : undefined;
      expect([head, a?.published, a?.datePrecision]).toEqual([head, expected, 'day']);
    }
  });

  it('a timestamp is dated by the day written in it, the same in a page, a JSON article and a feed', () => {
    // 23:30 in New York on 6 January is 04:30 UTC on the 7th: the publisher's day is the 6th.
    const sentence =
      'The harbour council said on Monday that the new pier would open in the spring next year.';
    const html = `<html><head><meta property="article:published_time" content="2025-01-06T23:30:00-05:00"></head><body><article><p>${sentence}</p><p>${sentence}</p></article></body></html>`;
    const json = JSON.stringify({ title: 'Pier', publishedAt: '2025-01-06T23:30:00-05:00', body: sentence });
    const days = [
      parseArticleText('p.html', html),
      parseArticleText('p.json', json),
      parseArticleText('p.md', md('2025-01-06T23:30:00-05:00', sentence)),
    ].map((o) => (o.ok ? o.articles[0]?.published : o.reason));
    expect(days).toEqual(['2025-01-06', '2025-01-06', '2025-01-06']);
  });

  it('an unclosed front-matter block is an error for that file; the other files are ingested', async () => {
    const s = setup();
    writeFileSync(
      join(s.src, 'open.md'),
      '---\ntitle: Pier plan\npublished: 2025-01-06\n\nThe harbour council approved the pier plan on Monday after a long debate.\n',
    );
    writeFileSync(
      join(s.src, 'fine.md'),
      md('2025-01-07', 'The harbour council approved the ferry plan on Tuesday after a short debate.'),
    );
    const summary = await ingestCommand({
      paths: [s.src],
      db: s.db,
      watchlist: s.watchlist,
      logger: s.logger,
    });
    expect(summary.new).toBe(1);
    expect(summary.skipped.map((x) => [x.file.split('/').pop(), x.reason])).toEqual([
      ['open.md', expect.stringMatching(/front matter is not closed/)],
    ]);
    expect(s.lines.join('')).toMatch(/open\.md: skipped: front matter is not closed/);
    expect((await storedArticles(s.db)).map((a) => a.file.split('/').pop())).toEqual(['fine.md']);
  });
});

describe('fault matrix, item 8: files in legacy charsets', () => {
  it('decodes an HTML file by its meta charset, a UTF-16 file by its BOM, a text file by its sidecar charset', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-charset-'));
    const ja = '港湾委員会は月曜日、新しい桟橋を来年の春に開くと発表した。工事は今月始まる予定だ。';
    writeFileSync(
      join(dir, 'sjis.html'),
      iconv.encode(
        `<html><head><meta charset="shift_jis"><title>桟橋</title></head><body><article><p>${ja}</p><p>${ja}</p></article></body></html>`,
        'shift_jis',
      ),
    );
    const ru = 'Совет гавани в понедельник одобрил план нового причала после долгих споров.';
    writeFileSync(
      join(dir, 'utf16.txt'),
      iconv.encode(`Новости гавани\n\n${ru}\n`, 'utf-16le', { addBOM: true }),
    );
    const fr = 'Le conseil du port a approuvé lundi le plan de la nouvelle jetée, a déclaré sa présidente.';
    writeFileSync(join(dir, 'latin.txt'), iconv.encode(`Nouvelles du port\n\n${fr}\n`, 'windows-1252'));
    writeFileSync(join(dir, 'latin.meta.yaml'), 'charset: windows-1252\npublished: 2025-01-06\n');
    const bodies = ['sjis.html', 'utf16.txt', 'latin.txt'].map((name) => {
      const read = readArticleFile(join(dir, name));
      if (!read.ok) return read.reason;
      const out = parseArticleText(join(dir, name), read.text, { meta: read.meta });
      return out.ok ? out.articles[0]?.body : out.reason;
    });
    expect(bodies).toEqual([`${ja}\n\n${ja}`, ru, fr]);
  });
});

describe('fault matrix, item 9: HTML and CJK text', () => {
  it('takes the long article, not the short newsletter box beside it', () => {
    const html = readFileSync(fixture('article-beside-newsletter.html'), 'utf8');
    const out = parseArticleText('page.html', html);
    const a = out.ok ? out.articles[0] : undefined;
    expect(a?.body).toMatch(/^The regional water board voted on Thursday/);
    expect(a?.body.length).toBeGreaterThan(1500);
    expect(a?.body).not.toMatch(/newsletter|Letters to the editor/);
  });

  it('keeps Chinese and Japanese paragraphs (。！？ end sentences) in text and HTML files', () => {
    const zh = [
      '港口委员会周一表示，新码头将于明年春天开放。',
      '委员会主席说，这项工程已经拖延了太久，必须尽快开工！',
      '反对者问道，为什么预算比去年增加了一倍？',
    ];
    const ja = [
      '港湾委員会は月曜日、新しい桟橋を来年の春に開くと発表した。',
      '委員長は「もう待てない」と述べた。',
    ];
    const txt = parseArticleText('zh.txt', `港口委员会批准新码头\n\n${zh.join('\n\n')}\n`);
    expect(txt.ok && txt.articles[0]?.body.split('\n\n')).toEqual(zh);
    expect(txt.ok && txt.articles[0]?.title).toBe('港口委员会批准新码头');
    const html = parseArticleText(
      'ja.html',
      `<html><head><title>桟橋</title></head><body><article>${ja.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`,
    );
    expect(html.ok && html.articles[0]?.body.split('\n\n')).toEqual(ja);
  });
});

// chmod 000 does not deny root. As root, the CLI runs as the unprivileged `nobody` (uid 65534), which
// works when nobody can read this checkout; when it cannot (a clone in /root), the test is skipped.
const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
const nobodyCannotRun =
  'uid' in asNobody &&
  spawnSync(
    process.execPath,
    ['-e', `require('fs').accessSync(${JSON.stringify(join(repo, 'src/main.ts'))})`],
    {
      ...asNobody,
    },
  ).status !== 0;
if (nobodyCannotRun)
  console.warn(
    `skipping the unreadable-folder test: running as root (chmod 000 does not deny root) and user nobody cannot read ${repo}`,
  );

/** Runs `stancewatch ingest` as a real process (as `nobody` when the tests run as root). */
function ingestProcess(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'ingest', ...args], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...asNobody,
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

describe('fault matrix, item 10: folders', () => {
  it.skipIf(nobodyCannotRun)(
    'an unreadable subfolder is reported by name and the rest of the tree is ingested',
    async () => {
      const s = setup();
      chmodSync(s.dir, 0o777); // the process may run as `nobody` (see ingestProcess) and writes its db here
      const article = (what: string) =>
        `Harbour news\n\nThe harbour council said on Monday that the ${what} would open in the spring next year.\n`;
      mkdirSync(join(s.src, 'open'));
      mkdirSync(join(s.src, 'locked'));
      writeFileSync(join(s.src, 'top.txt'), article('pier'));
      writeFileSync(join(s.src, 'open', 'a.txt'), article('ferry terminal'));
      writeFileSync(join(s.src, 'locked', 'b.txt'), article('lighthouse'));
      chmodSync(join(s.src, 'locked'), 0o000);
      try {
        const { code, output } = await ingestProcess([s.src, '--db', s.db]);
        expect(output).toMatch(
          /locked: cannot read this folder \(permission denied\); its files were skipped/,
        );
        expect(output).not.toMatch(/no such file or directory/);
        expect(output).toMatch(/2 new/);
        expect(code).toBe(0);
      } finally {
        chmodSync(join(s.src, 'locked'), 0o755);
      }
      const files = (await storedArticles(s.db)).map((a) => a.file.split('/').pop()).sort();
      expect(files).toEqual(['a.txt', 'top.txt']);
    },
  );

  it('symbolic links: followed inside the source folder; outside, broken or looping ones get one line each', async () => {
    const s = setup();
    const outside = join(s.dir, 'elsewhere');
    mkdirSync(outside);
    writeFileSync(
      join(outside, 'secret.txt'),
      'Private notes\n\nThese are private notes that must not be read.\n',
    );
    mkdirSync(join(s.src, '.archive'));
    writeFileSync(join(s.src, '.archive', 'old.txt'), 'x');
    writeFileSync(join(s.src, 'real.txt'), 'x');
    symlinkSync(join(s.src, '.archive'), join(s.src, 'archive')); // a folder inside: followed
    symlinkSync(join(s.src, 'real.txt'), join(s.src, 'again.txt')); // the same file: read once
    symlinkSync(join(outside, 'secret.txt'), join(s.src, 'secret.txt'));
    symlinkSync(outside, join(s.src, 'outside-folder'));
    symlinkSync(join(s.src, 'gone.txt'), join(s.src, 'broken.txt'));
    symlinkSync(s.src, join(s.src, 'loop'));
    const r = await discoverFiles([s.src]);
    expect(r.files).toEqual([join(s.src, 'archive', 'old.txt'), join(s.src, 'real.txt')]);
    const reasons = Object.fromEntries(r.problems.map((p) => [p.file.slice(s.src.length + 1), p.reason]));
    expect(reasons).toEqual({
      'broken.txt': 'symbolic link skipped: its target does not exist',
      loop: expect.stringMatching(/points back to .*, a folder that contains it \(a loop\)/),
      'outside-folder': expect.stringMatching(/points to .*elsewhere, outside the source folder/),
      'secret.txt': expect.stringMatching(/points to .*secret\.txt, outside the source folder/),
    });
  });
});
