// Ingest with extraction on a pool of threads, several articles in flight (src/pipeline/extract-pool.ts,
// ingest-files.ts): what it stores, reports and logs must be exactly what the one-at-a-time ingest in
// the process gives, and one failing extraction costs its own file only.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadWatchlist } from '../../src/config/watchlist.js';
import { extract } from '../../src/extract/index.js';
import { parseArticleText } from '../../src/ingest/index.js';
import { createConsoleLogger } from '../../src/log.js';
import { openContext, type PipelineContext } from '../../src/pipeline/context.js';
import { createExtractPool } from '../../src/pipeline/extract-pool.js';
import {
  ingestPaths,
  inProcessExtractor,
  type Extractor,
  type IngestSummary,
} from '../../src/pipeline/ingest-files.js';

const repo = resolve(import.meta.dirname, '../..');
const watchlist = loadWatchlist();
const fixedNow = () => new Date('2026-03-01T12:00:00Z');

/** The bundled feeds (which state positions) many times over, each copy unique, plus the ingest fixtures (good and bad files). */
function corpus(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sw-pool-'));
  const feeds = join(repo, 'feeds');
  const texts = readdirSync(feeds)
    .filter((n) => n.endsWith('.txt'))
    .sort()
    .map((n) => readFileSync(join(feeds, n), 'utf8'));
  expect(texts.length).toBeGreaterThan(0);
  for (let i = 0; i < 24; i++) {
    writeFileSync(
      join(dir, `a${String(i).padStart(2, '0')}.md`),
      `---\ntitle: Wire copy ${i}\n---\n\nHarbour officials counted ${i + 3} ships at anchor on Monday morning.\n\n${texts[i % texts.length]}\n`,
    );
  }
  // The same content twice in one batch: the second is unchanged, however far ahead it was read.
  copyFileSync(join(dir, 'a03.md'), join(dir, 'a03-copy.md'));
  writeFileSync(join(dir, 'empty.txt'), '');
  const fixtures = join(repo, 'tests/fixtures/ingest');
  for (const name of readdirSync(fixtures)) copyFileSync(join(fixtures, name), join(dir, `fx-${name}`));
  return dir;
}

async function context(): Promise<{ ctx: PipelineContext; lines: string[] }> {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (s: string) => lines.push(s) > 0 };
  const db = join(mkdtempSync(join(tmpdir(), 'sw-pool-db-')), 'sw.db');
  const ctx = await openContext({
    db,
    cwd: repo,
    logger: createConsoleLogger({ level: 'verbose', stream }),
    now: fixedNow,
  });
  return { ctx, lines };
}

async function stored(ctx: PipelineContext) {
  const articles = (await ctx.store.listArticles({ includeRetired: true })).map(({ storedAt: _, ...a }) => a);
  const positions = (await ctx.store.listPositions()).map(({ storedAt: _, ...p }) => p);
  return { articles, positions };
}

const withoutStart = ({ startedAt: _, ...s }: IngestSummary) => s;

describe('ingest with a pool of extraction threads', () => {
  const pool = createExtractPool(watchlist, 2, { oneThreadFor: 0 });
  afterAll(() => pool.close());

  it('stores, counts and logs exactly what the one-at-a-time ingest does, in the same order', async () => {
    const dir = corpus();
    const one = await context();
    const many = await context();
    const passes: Array<[IngestSummary, IngestSummary]> = [];
    for (let pass = 0; pass < 2; pass++) {
      passes.push([
        await ingestPaths(one.ctx, [dir], inProcessExtractor(one.ctx)),
        await ingestPaths(many.ctx, [dir], pool),
      ]);
      // The second pass: one file edited (a new version), one new, the rest unchanged.
      const edit = (name: string, to: string) =>
        writeFileSync(
          join(dir, to),
          readFileSync(join(dir, name), 'utf8').replace('at anchor', 'at the quay'),
        );
      edit('a05.md', 'a05.md');
      edit('a01.md', 'a01-again.md');
    }
    const [first, second] = passes;
    expect(first![0].new).toBeGreaterThan(20);
    expect(first![0].unchanged).toBeGreaterThan(0);
    expect(first![0].positions).toBeGreaterThan(0);
    expect(first![0].skipped.length).toBeGreaterThan(0);
    expect(second![0].updated).toBe(1);
    for (const [a, b] of passes) expect(withoutStart(b)).toEqual(withoutStart(a));
    expect(many.lines).toEqual(one.lines);
    const [s1, s2] = [await stored(one.ctx), await stored(many.ctx)];
    expect(s1.positions.length).toBeGreaterThan(0);
    expect(s2).toEqual(s1);
    await one.ctx.store.close();
    await many.ctx.store.close();
  });

  it('reports a failing extraction for its file only and stores the others', async () => {
    const dir = corpus();
    const { ctx, lines } = await context();
    const failing: Extractor = {
      ...pool,
      extract: (article) =>
        article.file.endsWith('a07.md')
          ? Promise.reject(new Error('the thread gave up'))
          : pool.extract(article),
    };
    const summary = await ingestPaths(ctx, [dir], failing);
    const bad = summary.skipped.filter((s) => s.reason.startsWith('could not be stored'));
    expect(bad).toEqual([{ file: join(dir, 'a07.md'), reason: 'could not be stored: the thread gave up' }]);
    expect(lines).toContain(`error: ${join(dir, 'a07.md')}: could not be stored: the thread gave up\n`);
    const files = (await ctx.store.listArticles()).map((a) => a.file);
    expect(files).not.toContain(join(dir, 'a07.md'));
    expect(files).toContain(join(dir, 'a06.md'));
    expect(files).toContain(join(dir, 'a08.md'));
    // 24 copies of the feeds, one of them twice (stored once): all but the one that failed.
    expect(files.filter((f) => /\/a\d\d(-copy)?\.md$/.test(f))).toHaveLength(23);
    await ctx.store.close();
  });

  it('fails the pending articles of a thread that stops, and starts another for the next', async () => {
    const file = join(
      repo,
      'feeds',
      readdirSync(join(repo, 'feeds')).find((n) => n.endsWith('.txt'))!,
    );
    const parsed = await parseArticleText(file, readFileSync(file, 'utf8'), {
      mtime: fixedNow(),
      now: fixedNow(),
    });
    if (!parsed.ok) throw new Error(parsed.reason);
    const article = parsed.articles[0]!;
    const one = createExtractPool(watchlist, 1);
    try {
      const pending = [one.extract(article), one.extract(article)];
      await one.close();
      for (const p of pending) await expect(p).rejects.toThrow(/the extraction thread stopped/);
      expect(await one.extract(article)).toEqual(extract(article, watchlist));
    } finally {
      await one.close();
    }
  });

  it('extracts in the process an article for which a thread ran out of its heap', async () => {
    const file = join(
      repo,
      'feeds',
      readdirSync(join(repo, 'feeds')).find((n) => n.endsWith('.txt'))!,
    );
    const parsed = await parseArticleText(file, readFileSync(file, 'utf8'), {
      mtime: fixedNow(),
      now: fixedNow(),
    });
    if (!parsed.ok) throw new Error(parsed.reason);
    const article = parsed.articles[0]!;
    // A heap far too small for the language model: the thread dies of it on its first article.
    const starved = createExtractPool(watchlist, 1, { maxHeapMb: 8 });
    try {
      const expected = extract(article, watchlist);
      expect(expected.positions.length).toBeGreaterThan(0);
      expect(await starved.extract(article)).toEqual(expected);
    } finally {
      await starved.close();
    }
  });
});
