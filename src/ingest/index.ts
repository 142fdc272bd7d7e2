// Ingest: turns article files into ParsedArticle records. parseArticleText is pure (text in, data out)
// and dispatches to one parser per format (formats.ts); readArticleFile and discoverFiles are the IO edge.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parseYaml } from '../config/yaml.js';
import { z } from 'zod';
import type { ArticleFormat, ParsedArticle } from '../model.js';
import { chooseDate, isFutureDate, latestAcceptedDay, parseDateValue, type DateCandidate } from './dates.js';
import { decodeBytes, normalizeCharset } from './decode.js';
import { formatOf, unknownExtension } from './file-kinds.js';
import { assemble, parseHtml, parseJson, parseMarkdown, parseTxt, type FormatResult } from './formats.js';

/** Metadata kept next to an article file (`<name>.meta.yaml`): what a raw page dump cannot say itself. */
export const Sidecar = z.strictObject({
  title: z.string().min(1).optional(),
  published: z.union([z.string(), z.number(), z.date()]).optional(),
  source: z.string().min(1).optional(),
  url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
  author: z.string().min(1).optional(),
  /** The file's charset when it is not UTF-8 and has no byte-order mark ("windows-1252", "shift_jis"). */
  charset: z
    .string()
    .refine((c) => normalizeCharset(c) !== null, { error: 'unknown charset (expected e.g. windows-1252)' })
    .optional(),
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
  /** The clock: dates after it (plus a small tolerance) are flagged and not used. Default: the current time. */
  now?: Date;
}

const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

export type ParseOutcome = { ok: true; articles: ParsedArticle[] } | { ok: false; reason: string };

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
  const now = options.now ?? new Date();
  const articles = result.articles.map((a, entry): ParsedArticle => {
    const { body, offsets } = assemble(a.paragraphs);
    const warnings = [...a.warnings];
    const candidates: DateCandidate[] = [];
    if (meta.published !== undefined) {
      const d = parseDateValue(meta.published);
      if (d) candidates.push({ ...d, from: 'metadata', label: 'sidecar published' });
      else warnings.push(`sidecar published "${String(meta.published)}" is not a date (expected YYYY-MM-DD)`);
    }
    candidates.push(...a.dates);
    const chosen = chooseDate(candidates, now);
    warnings.push(...chosen.warnings);
    // An article whose only stated date is in the future stays undated: the file time would make it the
    // newest statement of all, the very thing a typo'd 2099 must not do.
    const { published, datePrecision } = chosen.date
      ? { published: chosen.date.published, datePrecision: chosen.date.precision }
      : chosen.warnings.length > 0
        ? undatedAfterFuture(file, warnings)
        : fileTimeDate(options.mtime, now, warnings);
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

function undatedAfterFuture(file: string, warnings: string[]): { published: null; datePrecision: 'unknown' } {
  // A fetched page has no sidecar to fix; a file does.
  const fix = /^https?:/i.test(file)
    ? ''
    : ` (correct the date, or set "published" in ${basename(sidecarPath(file))})`;
  warnings.push(`no other publication date found; left undated${fix}`);
  return { published: null, datePrecision: 'unknown' };
}

/** The last resort, never silent: the file time says when the file was copied, not when the article appeared. */
function fileTimeDate(
  mtime: Date | undefined,
  now: Date,
  warnings: string[],
): { published: string | null; datePrecision: 'unknown' } {
  const day = mtime?.toISOString().slice(0, 10);
  if (!day) {
    warnings.push('no publication date found');
    return { published: null, datePrecision: 'unknown' };
  }
  if (isFutureDate(day, now)) {
    warnings.push(
      `no publication date found, and the file's modification time ${day} is in the future (after ${latestAcceptedDay(now)}); left undated`,
    );
    return { published: null, datePrecision: 'unknown' };
  }
  warnings.push(`no publication date found; using the file's modification time ${day} (precision unknown)`);
  return { published: day, datePrecision: 'unknown' };
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
  const sidecar = readSidecar(file);
  if (!sidecar.ok) return sidecar;
  // Text is kept exactly as decoded (BOM included) so offsets index the same string extraction sees.
  const decoded = decodeBytes(bytes, {
    kind: formatOf(file) === 'html' ? 'html' : 'text',
    declared: sidecar.meta?.charset ?? null,
    keepBom: true,
  });
  if (!decoded.ok) {
    if (bytes.includes(0)) return { ok: false, reason: `binary file (NUL byte at ${bytes.indexOf(0)})` };
    return {
      ok: false,
      reason: `${decoded.reason} (save it as UTF-8, or name its charset in ${basename(sidecarPath(file))}: "charset: windows-1252")`,
    };
  }
  const nul = decoded.text.indexOf('\0');
  if (nul >= 0) {
    const at = decoded.charset === 'utf-8' ? `byte ${bytes.indexOf(0)}` : `character ${nul}`;
    return { ok: false, reason: `binary file (NUL ${at})` };
  }
  if (decoded.text.trim() === '') return { ok: false, reason: 'empty file' };
  return { ok: true, text: decoded.text, mtime, ...(sidecar.meta ? { meta: sidecar.meta } : {}) };
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

export { discoverFiles } from './discover.js';
export { formatOf } from './file-kinds.js';
