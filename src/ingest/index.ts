// Ingest: turns article files into ParsedArticle records. parseArticleText is pure (text in, data out);
// readArticleFile and discoverFiles are the IO edge. (Placeholder parse: body = whole file; the ingest
// issue replaces it with per-format parsers and furniture removal.)
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { ArticleFormat, ParsedArticle } from '../model.js';

export interface ParseOptions {
  /** File modification time, used only as a last-resort date with precision `unknown`. */
  mtime?: Date;
  /** Overrides the extension, so a fetched page (file = its URL) can be parsed as html. */
  format?: ArticleFormat;
  /** Canonical URL known by the caller (e.g. the feed item link). */
  url?: string;
}

const ACCEPTED = '.txt, .md, .markdown, .html, .htm, .json';
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

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

export function parseArticleText(file: string, text: string, options: ParseOptions = {}): ParseOutcome {
  const format = options.format ?? formatOf(file);
  if (!format) return { ok: false, reason: unknownExtension(file) };
  if (text.trim() === '') return { ok: false, reason: 'empty file' };
  return {
    ok: true,
    articles: [
      {
        file,
        entry: 0,
        format,
        url: options.url ?? null,
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

function unknownExtension(file: string): string {
  const ext = extname(file) || '(none)';
  return `unknown extension ${ext}; accepted: ${ACCEPTED}`;
}

function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}

/** IO edge: reads one article file, rejecting what no parser should see (too big, binary, not UTF-8). */
export function readArticleFile(
  file: string,
  options: { maxBytes?: number } = {},
): { ok: true; text: string; mtime: Date } | { ok: false; reason: string } {
  if (!formatOf(file)) return { ok: false, reason: unknownExtension(file) };
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let size: number;
  let mtime: Date;
  try {
    const st = statSync(file);
    if (!st.isFile()) return { ok: false, reason: 'not a regular file' };
    size = st.size;
    mtime = st.mtime;
  } catch (err) {
    return { ok: false, reason: `cannot read: ${(err as Error).message}` };
  }
  // Check size before reading so a huge file is never loaded into memory.
  if (size === 0) return { ok: false, reason: 'empty file' };
  if (size > maxBytes) return { ok: false, reason: `larger than the ${mb(maxBytes)} limit (${mb(size)})` };
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    return { ok: false, reason: `cannot read: ${(err as Error).message}` };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { ok: false, reason: `binary file (NUL byte at ${nul})` };
  try {
    // Text is kept exactly as decoded (BOM included) so offsets index the same string extraction sees.
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    if (text.trim() === '') return { ok: false, reason: 'empty file' };
    return { ok: true, text, mtime };
  } catch {
    return { ok: false, reason: `invalid UTF-8 at byte ${firstInvalidUtf8(bytes)}` };
  }
}

/** Offset of the first byte that starts an invalid UTF-8 sequence (failure path only). */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need =
      b < 0x80
        ? 0
        : b >= 0xc2 && b <= 0xdf
          ? 1
          : b >= 0xe0 && b <= 0xef
            ? 2
            : b >= 0xf0 && b <= 0xf4
              ? 3
              : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return i;
}

function isReadme(name: string): boolean {
  return /^readme(\.|$)/i.test(name);
}

/**
 * Expands files and folders (recursively) into a sorted list of article files. Dotfiles/dirs and
 * README files are skipped silently (feeds/README.md documents the folder); missing paths and files
 * with unknown extensions named explicitly or found in folders are reported as problems.
 */
export async function discoverFiles(
  paths: string[],
): Promise<{ files: string[]; problems: Array<{ file: string; reason: string }> }> {
  const files = new Set<string>();
  const problems: Array<{ file: string; reason: string }> = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile()) {
        if (isReadme(e.name)) continue;
        if (formatOf(full)) files.add(full);
        else problems.push({ file: full, reason: unknownExtension(full) });
      }
    }
  };
  for (const p of paths) {
    try {
      const st = await stat(p);
      if (st.isDirectory()) await walk(p);
      else if (formatOf(p)) files.add(p);
      else if (!isReadme(basename(p))) problems.push({ file: p, reason: unknownExtension(p) });
    } catch {
      problems.push({ file: p, reason: 'no such file or directory' });
    }
  }
  return { files: [...files].sort(), problems: problems.sort((a, b) => a.file.localeCompare(b.file)) };
}
