// Ingest: turns article files into ParsedArticle records. parseArticleText is pure (text in, data out);
// readArticleFile and discoverFiles are the IO edge. (Placeholder parse: body = whole file; the ingest
// issue replaces it with per-format parsers and furniture removal.)
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { ArticleFormat, ParsedArticle } from '../model.js';

export interface ParseOptions {
  /** File modification time, used only as a last-resort date with precision `unknown`. */
  mtime?: Date;
}

export type ParseOutcome = { ok: true; articles: ParsedArticle[] } | { ok: false; reason: string };

export function formatOf(file: string): ArticleFormat | null {
  const ext = extname(file).toLowerCase();
  if (ext === '.txt') return 'txt';
  if (ext === '.md' || ext === '.markdown') return 'md';
  if (ext === '.html' || ext === '.htm') return 'html';
  if (ext === '.json') return 'json';
  return null;
}

export function hashBody(body: string): string {
  return createHash('sha256').update(body.replace(/\s+/g, ' ').trim().toLowerCase()).digest('hex');
}

export function parseArticleText(file: string, text: string, _options: ParseOptions = {}): ParseOutcome {
  const format = formatOf(file);
  if (!format) return { ok: false, reason: 'unknown extension' };
  return {
    ok: true,
    articles: [
      {
        file,
        entry: 0,
        format,
        url: null,
        title: null,
        source: null,
        byline: null,
        published: null,
        datePrecision: 'unknown',
        body: text,
        offsets: [{ body: 0, file: 0, length: text.length }],
        contentHash: hashBody(text),
        warnings: [],
      },
    ],
  };
}

export function readArticleFile(file: string): { ok: true; text: string; mtime?: Date } | { ok: false; reason: string } {
  return { ok: true, text: readFileSync(file, 'utf8') };
}
