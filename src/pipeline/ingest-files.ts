// The ingest shell: files → parse → extract → store, one article per transaction. A bad file is
// reported (file: reason) and counted; the rest of the batch goes on.
import { statSync } from 'node:fs';
import { discoverFiles, parseArticleText, readArticleFile } from '../ingest/index.js';
import type { extract as extractWithModel } from '../extract/index.js';
import type { Extraction, ParsedArticle } from '../model.js';
import type { PipelineContext } from './context.js';
import { beginRun } from './runs.js';

export interface IngestSummary {
  files: number;
  new: number;
  updated: number;
  unchanged: number;
  skipped: Array<{ file: string; reason: string }>;
  positions: number;
  /** Stored-at timestamps are compared against this to find what a run added. */
  startedAt: string;
}

export function emptyIngestSummary(startedAt: string): IngestSummary {
  return { files: 0, new: 0, updated: 0, unchanged: 0, skipped: [], positions: 0, startedAt };
}

/** Reads an article's positions (see createThreadExtractor for one that runs off the main thread). */
export type Extract = (article: ParsedArticle) => Promise<Extraction>;

let inProcess: Promise<{ extract: typeof extractWithModel }> | null = null;
/**
 * The extractor in this process. Its module and language model (~45 MB of memory, ~0.3 s) load with the
 * first article that needs extracting, so a run or a re-ingest that finds nothing new never loads them.
 */
export function inProcessExtract(ctx: Pick<PipelineContext, 'watchlist'>): Extract {
  return async (article) => {
    const { extract } = await (inProcess ??= import('../extract/index.js'));
    return extract(article, ctx.watchlist);
  };
}

/** Extracts and stores already-parsed articles (from files or feed items), adding to `summary`. */
export async function storeArticles(
  ctx: PipelineContext,
  articles: ParsedArticle[],
  summary: IngestSummary,
  extract: Extract = inProcessExtract(ctx),
): Promise<void> {
  for (const article of articles) {
    const label = article.entry > 0 ? `${article.file}#${article.entry}` : article.file;
    for (const w of article.warnings) ctx.logger.warn(`${label}: ${w}`);
    await yieldNow();
    // Content already stored needs no extraction: a re-read of an unchanged folder costs a hash lookup
    // per file. saveArticle checks again in its own transaction (another process may store it meanwhile).
    const same = await ctx.store.findSameContent(article);
    if (same) {
      summary.unchanged++;
      ctx.logger.debug(`${label}: unchanged${same.reason ? ` (${same.reason})` : ''}`);
      continue;
    }
    const extraction = await extract(article);
    const result = await ctx.store.saveArticle(article, extraction);
    summary[result.status]++;
    if (result.status !== 'unchanged') summary.positions += extraction.positions.length;
    const what =
      result.status === 'unchanged'
        ? `unchanged${result.reason ? ` (${result.reason})` : ''}`
        : `${result.status}${result.status === 'updated' ? ` (version ${result.version})` : ''}, ${extraction.positions.length} positions`;
    ctx.logger.debug(`${label}: ${what}`);
  }
}

let lastYield = Date.now();
/**
 * Lets timers run (lease and run renewals) during a long ingest: with a synchronous store, awaiting it
 * never leaves the microtask queue, and a worker busy for minutes would look dead to the others.
 */
async function yieldNow(): Promise<void> {
  if (Date.now() - lastYield < 50) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  lastYield = Date.now();
}

export async function ingestPaths(
  ctx: PipelineContext,
  paths: string[],
  extract: Extract = inProcessExtract(ctx),
): Promise<IngestSummary> {
  const summary = emptyIngestSummary(ctx.now().toISOString());
  const run = await beginRun(ctx, { kind: 'ingest' });
  try {
    const { files, problems } = await discoverFiles(paths);
    for (const p of problems) {
      summary.skipped.push(p);
      ctx.logger.warn(`${p.file}: ${p.reason}`);
    }
    summary.files = files.length + problems.length;
    let done = 0;
    for (const file of files) {
      ctx.logger.progress(done++, files.length, file);
      const read = readArticleFile(file, { maxBytes: ctx.loaded.config.ingest.maxFileBytes });
      const parsed = read.ok
        ? await parseArticleText(file, read.text, {
            mtime: read.mtime ?? statSync(file).mtime,
            now: ctx.now(),
            meta: read.meta,
          })
        : read;
      if (!parsed.ok) {
        summary.skipped.push({ file, reason: parsed.reason });
        ctx.logger.warn(`${file}: skipped: ${parsed.reason}`);
        continue;
      }
      try {
        await storeArticles(ctx, parsed.articles, summary, extract);
      } catch (error) {
        // One article's failure (a bug or a storage error) must not lose the rest of the batch.
        const reason = `could not be stored: ${error instanceof Error ? error.message : String(error)}`;
        summary.skipped.push({ file, reason });
        ctx.logger.error(`${file}: ${reason}`);
      }
    }
    ctx.logger.progress(files.length, files.length);
    await run.finish({ status: 'ok', counts: countsOf(summary) });
    return summary;
  } catch (error) {
    await run.finish({ status: 'failed', counts: countsOf(summary), error: String(error) });
    throw error;
  }
}

export function countsOf(summary: IngestSummary): Record<string, number> {
  return {
    files: summary.files,
    new: summary.new,
    updated: summary.updated,
    unchanged: summary.unchanged,
    skipped: summary.skipped.length,
    positions: summary.positions,
  };
}

export function describeIngest(summary: IngestSummary): string {
  return `${summary.files} files: ${summary.new} new, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.skipped.length} skipped; ${summary.positions} positions extracted`;
}
