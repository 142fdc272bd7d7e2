// `stancewatch extract --format jsonl FILE|FOLDER...`: pure extraction, no store. Prints one JSON object per
// file in the order given (the contract in ../shared/eval/README.md); a file that cannot be read, or
// whose extraction throws, still gets a line, with `error` set, so the batch and its consumers go on.
import { statSync } from 'node:fs';
import { loadWatchlist } from '../config/watchlist.js';
import { StancewatchError } from '../errors.js';
import { extract } from '../extract/index.js';
import { discoverFiles, parseArticleText, readArticleFile } from '../ingest/index.js';
import type { Logger } from '../log.js';
import type { Extraction, ParsedArticle, Span } from '../model.js';

export interface ExtractOptions {
  files: string[];
  format: 'jsonl' | 'json';
  watchlist?: string;
  logger: Logger;
  write: (chunk: string) => void;
}

const span = (s: Span | null) =>
  s == null
    ? null
    : s.fragments
      ? { fragments: s.fragments, text: s.text }
      : { start: s.start, end: s.end, text: s.text };

export function toContractRecord(file: string, article: ParsedArticle, extraction: Extraction) {
  return {
    file,
    article: {
      title: article.title,
      published: article.published,
      datePrecision: article.datePrecision,
      source: article.source,
      url: article.url,
      byline: article.byline,
      body: article.body,
    },
    attributions: extraction.attributions.map((a) => ({
      source: span(a.source),
      cue: span(a.cue),
      content: span(a.content),
      kind: a.kind,
    })),
    positions: extraction.positions.map((p) => ({
      actor: p.actor,
      speaker: p.speaker,
      topic: p.topic,
      polarity: p.polarity,
      claim: p.claim,
      evidence: span(p.evidence),
      reported: p.reported,
      relayer: p.relayer,
      confidence: p.confidence,
      via: p.via,
    })),
  };
}

/** What a file's line says when it has no extraction: the reason, and nothing found. */
const errorRecord = (file: string, error: string) => ({
  file,
  error,
  article: null,
  attributions: [],
  positions: [],
});

/**
 * Reads, parses and extracts each file in order, handing `emit` one contract record per file (per
 * article for a JSON file holding several). A file that cannot be read or parsed, and an article whose
 * extraction throws, get a record with `error` (the message only) and the batch goes on. Returns the
 * number of files and articles that failed.
 */
export function extractEach(
  files: string[],
  extractFn: (article: ParsedArticle) => Extraction,
  emit: (record: unknown) => void,
  logger: Logger,
): number {
  let failed = 0;
  for (const file of files) {
    const read = readArticleFile(file);
    const parsed = read.ok ? parseArticleText(file, read.text, { mtime: read.mtime, meta: read.meta }) : read;
    if (!parsed.ok) {
      failed++;
      logger.warn(`${file}: ${parsed.reason}`);
      emit(errorRecord(file, parsed.reason));
      continue;
    }
    // A JSON file may hold several articles; the contract wants one line per file, so the first is
    // printed under the file's name and the rest under `file#N`.
    parsed.articles.forEach((article, i) => {
      const name = i === 0 ? file : `${file}#${i}`;
      let extraction: Extraction;
      try {
        extraction = extractFn(article);
      } catch (error) {
        failed++;
        const message = error instanceof Error ? error.message : String(error);
        logger.warn(`${name}: extraction failed: ${message}`);
        emit(errorRecord(name, `extraction failed: ${message}`));
        return;
      }
      emit(toContractRecord(name, article, extraction));
    });
  }
  return failed;
}

/**
 * A folder given on the command line stands for the article files in it (recursively, sorted), so a
 * large batch does not need a command line longer than the system allows. Files are kept in the
 * order given.
 */
async function expandFolders(paths: string[], logger: Logger): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    if (!isDirectory(path)) {
      out.push(path);
      continue;
    }
    const found = await discoverFiles([path]);
    for (const p of found.problems) logger.warn(`${p.file}: skipped, ${p.reason}`);
    out.push(...found.files);
  }
  return out;
}

const isDirectory = (path: string) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** Returns the number of files (and articles) that could not be read, parsed or extracted. */
export async function extractCommand(options: ExtractOptions): Promise<number> {
  const watchlist = loadWatchlist(options.watchlist);
  const files = await expandFolders(options.files, options.logger);
  const records: unknown[] = [];
  const emit = (record: unknown) => {
    if (options.format === 'jsonl') options.write(`${JSON.stringify(record)}\n`);
    else records.push(record);
  };
  const failed = extractEach(files, (article) => extract(article, watchlist), emit, options.logger);
  if (options.format === 'json') options.write(`${JSON.stringify(records, null, 2)}\n`);
  // Every line is printed either way; a batch in which nothing at all could be extracted is a failure.
  if (files.length > 0 && failed >= files.length)
    throw new StancewatchError(
      `none of the ${files.length} file(s) could be extracted (see the lines above)`,
    );
  return failed;
}
