// The ingest shell: files → parse → extract → store, one article per transaction. A bad file is
// reported (file: reason) and counted; the rest of the batch goes on. With an extractor that runs on
// threads, the next files are read and checked while earlier ones are extracted, and each article is
// stored in input order, so the outcome is the one-at-a-time outcome.
import { statSync } from 'node:fs';
import { discoverFiles, parseArticleText, readArticleFile } from '../ingest/index.js';
import type { extract as extractWithModel } from '../extract/index.js';
import type { Extraction, ParsedArticle } from '../model.js';
import type { SaveResult } from '../store/types.js';
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

/** Reads an article's positions (see createExtractPool for threads that run it off the main thread). */
export type Extract = (article: ParsedArticle) => Promise<Extraction>;

/** An Extract and how far the ingest may read ahead of the store while extractions run. */
export interface Extractor {
  extract: Extract;
  /**
   * How many extractions to keep in flight while the next files are read and checked (about twice the
   * threads, so none idles while the store catches up); 0 = one article at a time, as extraction in
   * this process gains nothing from running ahead.
   */
  ahead: number;
  /** Ends any threads (and frees their memory). */
  close(): Promise<void>;
}

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

export function inProcessExtractor(ctx: Pick<PipelineContext, 'watchlist'>): Extractor {
  return { extract: inProcessExtract(ctx), ahead: 0, close: async () => {} };
}

/** One article's turn at the store, prepared (read, checked, its extraction started) before its turn. */
interface Step {
  extracting: boolean;
  commit(): Promise<void>;
}

/**
 * Prepares an article's step. With `eager`, the content-hash check runs now and the extraction starts
 * now (on a thread); the step's commit, in input order, then saves exactly what a one-at-a-time ingest
 * would: it asks the store again where the early answer may since have changed (an earlier article of
 * the batch stored the same content, or made the stored copy no longer current), and saveArticle checks
 * again in its own transaction. Without `eager`, everything happens at the commit.
 */
async function prepare(
  ctx: PipelineContext,
  article: ParsedArticle,
  extract: Extract,
  summary: IngestSummary,
  eager: boolean,
): Promise<Step> {
  const label = article.entry > 0 ? `${article.file}#${article.entry}` : article.file;
  await yieldNow();
  let early: { same: SaveResult | null; extraction: Promise<Extraction> | null } | null = null;
  let earlyError: unknown = null;
  if (eager) {
    try {
      const same = await ctx.store.findSameContent(article);
      const extraction = same ? null : extract(article);
      // A failure is reported when the article's turn comes (or not at all, if its file failed first).
      extraction?.catch(() => {});
      early = { same, extraction };
    } catch (error) {
      earlyError = error;
    }
  }
  return {
    extracting: early?.extraction != null,
    async commit() {
      for (const w of article.warnings) ctx.logger.warn(`${label}: ${w}`);
      if (earlyError !== null) throw earlyError;
      // Content already stored needs no extraction: a re-read of an unchanged folder costs a hash lookup
      // per file. saveArticle checks again in its own transaction (another process may store it meanwhile).
      const same = early?.extraction ? null : await ctx.store.findSameContent(article);
      if (same) {
        summary.unchanged++;
        ctx.logger.debug(`${label}: unchanged${same.reason ? ` (${same.reason})` : ''}`);
        return;
      }
      const extraction = await (early?.extraction ?? extract(article));
      const result = await ctx.store.saveArticle(article, extraction);
      summary[result.status]++;
      if (result.status !== 'unchanged') summary.positions += extraction.positions.length;
      const what =
        result.status === 'unchanged'
          ? `unchanged${result.reason ? ` (${result.reason})` : ''}`
          : `${result.status}${result.status === 'updated' ? ` (version ${result.version})` : ''}, ${extraction.positions.length} positions`;
      ctx.logger.debug(`${label}: ${what}`);
    },
  };
}

/**
 * Steps waiting for their turn: at most `ahead` extractions in flight (and a bounded number of steps
 * that need none), committed strictly in the order they were pushed. With ahead 0 every step commits
 * as it is pushed.
 */
function createAheadQueue(ahead: number) {
  const steps: Step[] = [];
  const maxSteps = ahead > 0 ? ahead * 4 + 16 : 0;
  let extracting = 0;
  const shift = async () => {
    const step = steps.shift();
    if (!step) return;
    if (step.extracting) extracting--;
    await step.commit();
  };
  return {
    async push(step: Step): Promise<void> {
      steps.push(step);
      if (step.extracting) extracting++;
      while (extracting > ahead || steps.length > maxSteps) await shift();
    },
    async drain(): Promise<void> {
      while (steps.length > 0) await shift();
    },
  };
}

/** Extracts and stores already-parsed articles (from files or feed items), adding to `summary`. */
export async function storeArticles(
  ctx: PipelineContext,
  articles: ParsedArticle[],
  summary: IngestSummary,
  extractor: Pick<Extractor, 'extract' | 'ahead'> = inProcessExtractor(ctx),
): Promise<void> {
  const queue = createAheadQueue(extractor.ahead);
  for (const article of articles) {
    await queue.push(await prepare(ctx, article, extractor.extract, summary, extractor.ahead > 0));
  }
  await queue.drain();
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
  extractor: Pick<Extractor, 'extract' | 'ahead'> = inProcessExtractor(ctx),
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
    // The next files are read, parsed and checked while earlier ones are extracted; what reaches the
    // summary, the log and the store does so in file order, as if one file were done at a time.
    const queue = createAheadQueue(extractor.ahead);
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
        const reason = parsed.reason;
        await queue.push({
          extracting: false,
          commit: async () => {
            summary.skipped.push({ file, reason });
            ctx.logger.warn(`${file}: skipped: ${reason}`);
          },
        });
        continue;
      }
      // One article's failure (a bug, a thread that died, a storage error) must not lose the rest of the
      // batch: its file is reported and its remaining articles are left out, the other files go on.
      let failed = false;
      for (const article of parsed.articles) {
        const step = await prepare(ctx, article, extractor.extract, summary, extractor.ahead > 0);
        await queue.push({
          extracting: step.extracting,
          commit: async () => {
            if (failed) return;
            try {
              await step.commit();
            } catch (error) {
              failed = true;
              const reason = `could not be stored: ${error instanceof Error ? error.message : String(error)}`;
              summary.skipped.push({ file, reason });
              ctx.logger.error(`${file}: ${reason}`);
            }
          },
        });
      }
    }
    await queue.drain();
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
