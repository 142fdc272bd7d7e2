// Ingest: turns article files into ParsedArticle records. parseArticleText is pure (text in, data out)
// and dispatches to one parser per format (formats.ts); readArticleFile and discoverFiles are the IO edge.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { parseYaml } from '../config/yaml.js';
import { z } from 'zod';
import type { ArticleFormat, ParsedArticle } from '../model.js';
import { parseDateValue } from './dates.js';
import { assemble, parseHtml, parseJson, parseMarkdown, parseTxt, type FormatResult } from './formats.js';

/** Metadata kept next to an article file (`<name>.meta.yaml`): what a raw page dump cannot say itself. */
export const Sidecar = z.strictObject({
  title: z.string().min(1).optional(),
  published: z.union([z.string(), z.number(), z.date()]).optional(),
  source: z.string().min(1).optional(),
  url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
  author: z.string().min(1).optional(),
});
export type Sidecar = z.infer<typeof Sidecar>;

export interface ParseOptions {
  /** File modification time, used only as a last-resort date with precision `unknown`. */
  mtime?: Date;
  /** Overrides the extension, so a fetched page (file = its URL) can be parsed as html. */
  format?: ArticleFormat;
  /** Canonical URL known by the caller (e.g. the feed item link). */
  url?: string;
  /** Sidecar metadata; it wins over what the parser infers. */
  meta?: Sidecar;
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

function parseFormat(format: ArticleFormat, text: string): FormatResult {
  switch (format) {
    case 'txt':
      return parseTxt(text);
    case 'md':
      return parseMarkdown(text);
    case 'html':
      return parseHtml(text);
    case 'json':
      return parseJson(text);
  }
}

export function parseArticleText(file: string, text: string, options: ParseOptions = {}): ParseOutcome {
  const format = options.format ?? formatOf(file);
  if (!format) return { ok: false, reason: unknownExtension(file) };
  if (text.trim() === '') return { ok: false, reason: 'empty file' };
  const result = parseFormat(format, text);
  if (!result.ok) return result;
  const meta = options.meta ?? {};
  const articles = result.articles.map((a, entry): ParsedArticle => {
    const { body, offsets } = assemble(a.paragraphs);
    const warnings = [...a.warnings];
    let date = a.date;
    if (meta.published !== undefined) {
      const d = parseDateValue(meta.published);
      if (d) date = { ...d, from: 'metadata' };
      else warnings.push(`sidecar published "${String(meta.published)}" is not a date (expected YYYY-MM-DD)`);
    }
    let published: string | null = date?.published ?? null;
    let datePrecision = date?.precision ?? 'unknown';
    if (!date) {
      // Never silently: the file time says when the file was copied, not when the article appeared.
      if (options.mtime) {
        published = options.mtime.toISOString().slice(0, 10);
        warnings.push(
          `no publication date found; using the file's modification time ${published} (precision unknown)`,
        );
      } else warnings.push('no publication date found');
      datePrecision = 'unknown';
    }
    return {
      file,
      entry,
      format,
      url: meta.url ?? a.url ?? options.url ?? null,
      title: meta.title ?? a.title,
      headline: a.headline ?? (format === 'html' || format === 'json' ? verbatimTitle(text, a.title) : null),
      source: meta.source ?? a.source,
      byline: meta.author ?? a.byline,
      published,
      datePrecision,
      body,
      offsets,
      contentHash: hashBody(body),
      warnings,
    };
  });
  return { ok: true, articles };
}

/**
 * HTML and JSON keep their headline in markup or a field; when it stands verbatim in the file (no
 * entities or escapes in it), its statements can be read and pointed to like a text file's headline.
 */
function verbatimTitle(text: string, title: string | null): { start: number; text: string } | null {
  if (!title || title.length < 12) return null;
  const start = text.indexOf(title);
  return start >= 0 ? { start, text: title } : null;
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
): { ok: true; text: string; mtime: Date; meta?: Sidecar } | { ok: false; reason: string } {
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
    const sidecar = readSidecar(file);
    if (!sidecar.ok) return sidecar;
    return { ok: true, text, mtime, ...(sidecar.meta ? { meta: sidecar.meta } : {}) };
  } catch {
    return { ok: false, reason: `invalid UTF-8 at byte ${firstInvalidUtf8(bytes)}` };
  }
}

export function sidecarPath(file: string): string {
  return file.slice(0, file.length - extname(file).length) + '.meta.yaml';
}

function readSidecar(file: string): { ok: true; meta?: Sidecar } | { ok: false; reason: string } {
  const path = sidecarPath(file);
  if (!existsSync(path)) return { ok: true };
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    return {
      ok: false,
      reason: `${basename(path)} is not valid YAML: ${(error as Error).message.split('\n')[0]}`,
    };
  }
  const parsed = Sidecar.safeParse(raw ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      reason: `${basename(path)}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    };
  }
  return { ok: true, meta: parsed.data };
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
        if (isReadme(e.name) || /\.meta\.ya?ml$/i.test(e.name)) continue;
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
