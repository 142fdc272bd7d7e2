// `run` extracts on a thread of its own (src/pipeline/extract-thread.ts): what it stores must be exactly
// what extraction in the process stores, for the bundled feeds and the ingest fixtures.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadWatchlist } from '../../src/config/watchlist.js';
import { extract } from '../../src/extract/index.js';
import { parseArticleText, readArticleFile } from '../../src/ingest/index.js';
import type { ParsedArticle } from '../../src/model.js';
import { createThreadExtractor } from '../../src/pipeline/extract-thread.js';

const repo = resolve(import.meta.dirname, '../..');
const watchlist = loadWatchlist();

async function articlesIn(dir: string): Promise<ParsedArticle[]> {
  const out: ParsedArticle[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!/\.(txt|md|html|json)$/.test(name) || name === 'README.md') continue;
    const file = join(dir, name);
    const read = readArticleFile(file);
    if (!read.ok) continue;
    const parsed = await parseArticleText(file, read.text, {
      mtime: new Date('2026-01-01T00:00:00Z'),
      now: new Date('2026-01-02T00:00:00Z'),
      meta: read.meta,
    });
    if (parsed.ok) out.push(...parsed.articles);
  }
  return out;
}

describe('extraction on a thread', () => {
  const thread = createThreadExtractor(watchlist);
  afterAll(() => thread.close());

  it('gives the same positions and attributions as extraction in the process', async () => {
    const articles = [
      ...(await articlesIn(join(repo, 'feeds'))),
      ...(await articlesIn(join(repo, 'tests/fixtures/ingest'))),
    ];
    expect(articles.length).toBeGreaterThan(5);
    let positions = 0;
    for (const article of articles) {
      const here = extract(article, watchlist);
      positions += here.positions.length;
      expect(await thread.extract(article)).toEqual(here);
    }
    // Not a comparison of empty lists: the bundled feeds state positions.
    expect(positions).toBeGreaterThan(0);
  });

  it('starts another thread when asked again after closing', async () => {
    const [article] = await articlesIn(join(repo, 'feeds'));
    await thread.close();
    expect(await thread.extract(article!)).toEqual(extract(article!, watchlist));
  });
});
