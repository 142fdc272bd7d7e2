// One parser per article format. Each returns the article's metadata and its body as pieces of the
// file's text, so every body position maps back to the file (the extract contract reports file offsets).
// Pure: text in, data out; bad input becomes a reason string, never an exception.
import { createRequire } from 'node:module';
import { parseYaml } from '../config/yaml.js';
import { z } from 'zod';
import type { OffsetSegment } from '../model.js';
import {
  copyrightYear,
  datelineDay,
  opensWithYearlessDateline,
  findDate,
  parseDateValue,
  readsDayFirst,
  type DateCandidate,
} from './dates.js';
import {
  bylineOf,
  clean,
  creditLine,
  endsSentence,
  isBodyLine,
  isCaption,
  isProse,
  isTerminator,
  isWidget,
  wordCount,
} from './furniture.js';

/** A verbatim stretch of the file's text (`text === file.slice(start, start + text.length)`) or inserted text (start -1). */
export interface Piece {
  text: string;
  start: number;
}

export interface Parsed {
  title: string | null;
  /** The headline as it stands in the file (verbatim line and its offset), when it is one line of it. */
  headline?: { start: number; text: string } | null;
  source: string | null;
  byline: string | null;
  url: string | null;
  /** Every date found, most trusted first; the caller picks the first that is not in the future. */
  dates: DateCandidate[];
  /** Paragraphs, each a list of pieces. */
  paragraphs: Piece[][];
  warnings: string[];
}

export type FormatResult = { ok: true; articles: Parsed[] } | { ok: false; reason: string };

/** Joins paragraphs with a blank line and records where each verbatim piece came from. */
export function assemble(paragraphs: Piece[][]): { body: string; offsets: OffsetSegment[] } {
  // Joined once at the end: a body grown by += is a chain of string pieces that every later reading
  // of it (extraction reads it character by character) would have to walk or flatten.
  const parts: string[] = [];
  let length = 0;
  const offsets: OffsetSegment[] = [];
  for (const para of paragraphs) {
    if (para.length === 0) continue;
    if (length > 0) {
      parts.push('\n\n');
      length += 2;
    }
    for (const piece of para) {
      if (piece.start >= 0 && piece.text.length > 0)
        offsets.push({ body: length, file: piece.start, length: piece.text.length });
      parts.push(piece.text);
      length += piece.text.length;
    }
  }
  return { body: parts.join(''), offsets };
}

interface Line {
  text: string;
  start: number;
}

/** Splits into trimmed lines with their file offsets (handles \n, \r\n and \r). */
export function linesOf(text: string, base = 0): Line[] {
  const out: Line[] = [];
  const re = /[^\r\n]*(\r\n|\r|\n|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const raw = m[0].replace(/[\r\n]+$/, '');
    const lead = raw.length - raw.replace(/^[\s\u00a0\u200b\ufeff]+/, '').length;
    out.push({ text: clean(raw), start: base + m.index + lead });
    if (m[0] === '' || re.lastIndex >= text.length) break;
  }
  return out;
}

const LEADING_DATE = /^date\s*[:=]?\s*(\d{4}-\d{2}-\d{2}|\d{4}-\d{2}|\d{4})\b\s*/i;

/** The line of `text` starting at `start`, as written (trailing space dropped). */
function verbatimLine(text: string, start: number): { start: number; text: string } {
  const end = text.slice(start).search(/\r|\n|$/);
  return { start, text: text.slice(start, start + end).trimEnd() };
}

/** A headline: one short sentence-or-phrase, not a byline, widget, date or caption. */
function titleLike(text: string): boolean {
  const words = wordCount(text);
  if (words < 3 || words > 30 || text.length > 220) return false;
  if (isWidget(text) || isCaption(text) || isTerminator(text) || bylineOf(text)) return false;
  if (/^(updated|published|posted)\b/i.test(text)) return false;
  // More than one sentence is a paragraph, not a headline (a CJK full stop needs no space after it).
  if (/[。！？][」』”]?(?=\S)/u.test(text)) return false;
  return !/[.!?]["”’]?\s+["“‘]?[A-Z]/.test(
    text.replace(
      /\b(?:[A-Z]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Jan|Feb|Aug|Sept|Oct|Nov|Dec|U\.S|U\.K)\./g,
      '',
    ),
  );
}

/**
 * Raw page text (.txt): a copy of a web page, or a plain article whose first line is its headline.
 * The article runs from its first prose paragraph to the last body line before the page's closing
 * furniture (copyright, author box, comments, a list of other stories).
 */
export function parseTxt(text: string): FormatResult {
  const lines = linesOf(text);
  const warnings: string[] = [];
  const dates: DateCandidate[] = [];

  const nonBlank: Array<Line & { i: number }> = [];
  lines.forEach((l, i) => {
    if (l.text !== '') nonBlank.push({ text: l.text, start: l.start, i });
  });
  const first = nonBlank[0];
  if (!first) return { ok: false, reason: 'no text' };
  // A leading "date 2024-01-26" line is explicit metadata; what follows it on the line is furniture.
  const lead = LEADING_DATE.exec(first.text);
  const skip = new Set<number>();
  if (lead) {
    const value = parseDateValue(lead[1]);
    if (value) dates.push({ ...value, from: 'metadata', label: 'leading date line' });
    skip.add(first.i);
  }

  const usable = (i: number) => {
    const l = lines[i];
    return l !== undefined && l.text !== '' && !skip.has(i);
  };

  // Start: the first prose paragraph that is not a caption or widget.
  let start = -1;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]?.text ?? '';
    if (!usable(i) || isCaption(t) || isWidget(t) || isTerminator(t) || bylineOf(t)) continue;
    if (isProse(t)) {
      start = i;
      break;
    }
  }
  if (start < 0)
    return { ok: false, reason: 'no article text found (no line reads like a paragraph of prose)' };

  // Head: the lines before the body. The headline is the first title-like line there; when the file
  // starts straight with prose, its first line is the headline if a paragraph follows it.
  let title: string | null = null;
  let byline: string | null = null;
  let source: string | null = null;
  const head = lines
    .slice(0, start)
    .map((l, i) => ({ ...l, i }))
    .filter((l) => usable(l.i));
  // Site names and section labels are title-like too, but shorter than a headline: take the longest.
  let titleAt = -1;
  for (const l of head) {
    if (!titleLike(l.text) || creditLine(l.text)) continue;
    if (!title || wordCount(l.text) >= wordCount(title)) {
      title = l.text.replace(/\.$/, '');
      titleAt = l.i;
    }
  }
  for (const l of head) {
    if (byline || l.i === titleAt) continue;
    const b = bylineOf(l.text);
    const c = b || l.i < titleAt ? null : creditLine(l.text);
    if (b) byline = b;
    else if (c) {
      byline = c.byline;
      source = c.source;
    }
  }
  const firstUsable = nonBlank.find((l) => !skip.has(l.i));
  if (!title && firstUsable?.i === start && titleLike(firstUsable.text)) {
    const next = lines.findIndex((l, i) => i > start && usable(i) && isProse(l.text));
    if (next > 0) {
      title = firstUsable.text.replace(/\.$/, '');
      titleAt = firstUsable.i;
      start = next;
    }
  }
  const titleLine = lines[titleAt];
  const headline = titleLine ? verbatimLine(text, titleLine.start) : null;

  // End: the first closing-furniture line after the body started.
  let end = lines.length;
  for (let i = start + 1; i < lines.length; i++) {
    const t = lines[i]?.text ?? '';
    if (usable(i) && isTerminator(t)) {
      end = i;
      break;
    }
  }

  const paragraphs: Piece[][] = [];
  for (let i = start; i < end; i++) {
    const l = lines[i];
    if (!l || !usable(i) || !isBodyLine(l.text)) continue;
    // A paragraph repeated right after itself is a page glitch (a pull quote, a doubled block).
    if (paragraphs[paragraphs.length - 1]?.[0]?.text === l.text) continue;
    paragraphs.push([{ text: l.text, start: l.start }]);
  }

  // After the body: an author box names the author when no byline did.
  for (let i = end; i < lines.length && !byline; i++) {
    const m = /^(?:author|written by)\s*:\s*(.{3,80})$/i.exec(lines[i]?.text ?? '');
    if (m) byline = m[1] ?? null;
  }
  const tail = lines.slice(end).map((l) => l.text);
  const credit = tail.find((t) => /^(©|\(c\)|copyright)/i.test(t) || /©\s?\d{4}/.test(t));
  if (!source && credit) source = copyrightHolder(credit);
  const sourceLine = lines.find((l) => /^source\s*:\s*\S/i.test(l.text));
  if (!source && sourceLine) source = sourceLine.text.replace(/^source\s*:\s*/i, '');

  const dayFirst = readsDayFirst(text);
  for (const l of lines.slice(0, start + 1)) {
    if (!l.text || isCaption(l.text) || opensWithYearlessDateline(l.text)) continue;
    const found = findDate(l.text, { dayFirst });
    if (found) dates.push({ ...found, from: 'dateline', label: 'dateline' });
  }
  dates.push(...copyrightDates(text, paragraphs[0]?.[0]?.text));
  return {
    ok: true,
    articles: [{ title, headline, source, byline, url: null, dates, paragraphs, warnings }],
  };
}

/**
 * The copyright year, preceded by the day of a year-less dateline opening the first paragraph
 * ("BELÉM, Brazil, Nov. 22 — …") in that year, when there is one.
 */
function copyrightDates(text: string, firstParagraph: string | undefined): DateCandidate[] {
  const year = copyrightYear(text);
  if (!year) return [];
  const day = firstParagraph ? datelineDay(firstParagraph, Number(year.published)) : null;
  return [
    ...(day ? [{ ...day, from: 'dateline' as const, label: 'dateline day in the copyright year' }] : []),
    { ...year, from: 'copyright', label: 'copyright year' },
  ];
}

/**
 * "Published 24.02.2025 · 18:42", "Posted on March 4, 2025": a page's own publication stamp, wherever
 * its template puts it (often after the menus, past the first blocks a dateline is looked for in).
 */
function stampedDates(texts: string[], whole: string, anyLine = false): DateCandidate[] {
  const dayFirst = readsDayFirst(whole);
  for (const t of texts) {
    const stamp = /^(?:first\s+)?(?:published|posted)\b/i.test(t);
    if ((!stamp && !anyLine) || t.length > (anyLine ? 160 : 120)) continue;
    const found = findDate(t, { dayFirst });
    if (found) return [{ ...found, from: 'dateline', label: anyLine ? 'date line' : 'publication stamp' }];
  }
  return [];
}

/** The first full date in each of the first paragraphs, as datelines. */
function datelines(texts: string[], whole: string): DateCandidate[] {
  const dayFirst = readsDayFirst(whole);
  return texts.flatMap((t) => {
    // "LONDON, March 26 — … born after 1 January 2009": the dateline gives the day (in the copyright
    // year); a full date further on is what the story is about.
    if (opensWithYearlessDateline(t)) return [];
    const found = findDate(t, { dayFirst });
    return found ? [{ ...found, from: 'dateline' as const, label: 'dateline' }] : [];
  });
}

/** "©2026 Bloomberg L.P. Visit bloomberg.com." → "Bloomberg L.P." */
function copyrightHolder(line: string): string | null {
  const m = /(?:©|\(c\)|copyright)\s*(?:\d{4}\s*[-–]?\s*)*(?:by\s+)?([^.|,]+(?:\.\s?[A-Z]\.)?)/i.exec(line);
  const holder = m?.[1]?.trim().replace(/\s*all rights reserved.*$/i, '') ?? '';
  return holder.length >= 2 && wordCount(holder) <= 6 ? holder : null;
}

// ---------------------------------------------------------------- markdown

const FrontMatter = z.looseObject({
  title: z.string().optional(),
  published: z.union([z.string(), z.date(), z.number()]).optional(),
  date: z.union([z.string(), z.date(), z.number()]).optional(),
  source: z.string().optional(),
  publisher: z.string().optional(),
  url: z.url({ error: 'expected a URL' }).optional(),
  author: z.union([z.string(), z.array(z.string())]).optional(),
  byline: z.string().optional(),
});
type FrontMatter = z.infer<typeof FrontMatter>;

const issuesText = (error: z.ZodError) =>
  error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');

/** Inline markdown → verbatim pieces: emphasis markers, code ticks and link targets are dropped. */
function inlinePieces(text: string, start: number): Piece[] {
  const pieces: Piece[] = [];
  const re = /!?\[([^\]]*)\]\([^)]*\)|\*\*|__|(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])|`/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m.index > last) pieces.push({ text: text.slice(last, m.index), start: start + last });
    if (m[1] !== undefined && !m[0].startsWith('!')) pieces.push({ text: m[1], start: start + m.index + 1 });
    last = m.index + m[0].length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last), start: start + last });
  return pieces;
}

/** The front matter block, validated, and where the body starts (0 without one). */
function readFrontMatter(
  text: string,
): { ok: true; meta: FrontMatter; bodyStart: number } | { ok: false; reason: string } {
  const fm = /^\ufeff?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(\r?\n|$)/.exec(text);
  // An opening "---" with no closing line would otherwise turn the metadata into body text silently.
  if (!fm && /^\ufeff?---[ \t]*\r?\n/.test(text))
    return {
      ok: false,
      reason: 'front matter is not closed (line 1 opens it with "---"; expected a closing "---" line)',
    };
  if (!fm) return { ok: true, meta: {}, bodyStart: 0 };
  let raw: unknown;
  try {
    raw = parseYaml(fm[1] ?? '');
  } catch (error) {
    return {
      ok: false,
      reason: `front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}`,
    };
  }
  const parsed = FrontMatter.safeParse(raw ?? {});
  if (!parsed.success) return { ok: false, reason: `front matter: ${issuesText(parsed.error)}` };
  return { ok: true, meta: parsed.data, bodyStart: fm[0].length };
}

export function parseMarkdown(text: string): FormatResult {
  const front = readFrontMatter(text);
  if (!front.ok) return front;
  const { meta, bodyStart } = front;
  const warnings: string[] = [];
  let title = meta.title ?? null;
  let headline: { start: number; text: string } | null = null;
  const paragraphs: Piece[][] = [];
  let current: Piece[] = [];
  const flush = () => {
    if (current.length > 0) paragraphs.push(current);
    current = [];
  };
  let inFence = false;
  let ended = false;
  for (const l of linesOf(text.slice(bodyStart), bodyStart)) {
    if (/^(```|~~~)/.test(l.text)) {
      inFence = !inFence;
      flush();
      continue;
    }
    if (inFence || ended) continue;
    if (l.text === '' || /^([-*_]\s*){3,}$/.test(l.text) || /^<!--.*-->$/.test(l.text)) {
      flush();
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*$/.exec(l.text);
    if (heading) {
      flush();
      if (!title && heading[1] === '#') {
        title = heading[2] ?? null;
        const raw = verbatimLine(text, l.start);
        const mark = /^#\s+/.exec(raw.text)?.[0].length ?? 0;
        headline = { start: raw.start + mark, text: raw.text.slice(mark).replace(/\s+#+$/, '') };
      }
      continue;
    }
    if (isTerminator(l.text) && paragraphs.length > 0) {
      ended = true;
      flush();
      continue;
    }
    const prefix = /^(>\s?)+|^([-*+]|\d+[.)])\s+/.exec(l.text);
    const offset = prefix ? prefix[0].length : 0;
    const content = l.text.slice(offset);
    if (current.length === 0 && (isCaption(content) || isWidget(content))) continue;
    if (current.length > 0) current.push({ text: ' ', start: -1 });
    current.push(...inlinePieces(content, l.start + offset));
  }
  flush();
  if (paragraphs.length === 0) return { ok: false, reason: 'no article text after the front matter' };
  const dates: DateCandidate[] = [];
  // The keys a JSON article may use (pubDate, datePublished …), in the same order of trust.
  for (const key of JSON_DATE_KEYS) {
    const value: unknown = meta[key];
    if (value === undefined) continue;
    const d = parseDateValue(value);
    if (d) dates.push({ ...d, from: 'metadata', label: `front matter ${key}` });
    else warnings.push(`front matter ${key} "${String(value)}" is not a date (expected YYYY-MM-DD)`);
  }
  dates.push(
    ...datelines(
      paragraphs.slice(0, 2).map((p) => p.map((x) => x.text).join('')),
      text,
    ),
  );
  dates.push(...copyrightDates(text, paragraphs[0]?.map((x) => x.text).join('')));
  const author = Array.isArray(meta.author) ? meta.author.join(', ') : (meta.author ?? meta.byline ?? null);
  return {
    ok: true,
    articles: [
      {
        title,
        headline,
        source: meta.source ?? meta.publisher ?? null,
        byline: author,
        url: meta.url ?? null,
        dates,
        paragraphs,
        warnings,
      },
    ],
  };
}

// ---------------------------------------------------------------- text mapping for decoded formats

/**
 * Finds decoded text (HTML text, a JSON string) in the raw file, piece by piece: runs of characters
 * that are written the same in both are located with indexOf, in order; characters that may be
 * escaped or entity-encoded (quotes, &, <, >, backslash) stay unmapped. Returns the pieces and the
 * cursor after the last one found.
 */
export function mapDecoded(raw: string, text: string, cursor: number): { pieces: Piece[]; cursor: number } {
  const pieces: Piece[] = [];
  // ASCII runs are located with indexOf; any other character (often written as an entity or an
  // escape) maps only when it stands literally right where the previous run ended.
  const re = /[^"'\\&<>\n\u0080-\uffff]+|[\s\S]/g;
  let m: RegExpExecArray | null;
  let c = cursor;
  while ((m = re.exec(text)) !== null) {
    const run = m[0];
    let at = -1;
    if (run.length === 1 && !/[\p{L}\p{N}]/u.test(run)) {
      if (raw.startsWith(run, c)) at = c;
    } else if (run.length >= 2 || /[\p{L}\p{N}]/u.test(run)) {
      at = raw.indexOf(run, c);
      // A run found far ahead is a coincidental match in later text; leave it unmapped.
      if (at >= 0 && at - c > 400 + run.length * 8) at = -1;
    }
    if (at >= 0) {
      pieces.push({ text: run, start: at });
      c = at + run.length;
    } else pieces.push({ text: run, start: -1 });
  }
  return { pieces, cursor: c };
}

// ---------------------------------------------------------------- JSON

/**
 * Keys a JSON article may carry its publication date under, most specific first (camelCase, snake_case
 * and schema.org spellings). Creation dates come after publication dates; a modification date is the
 * last resort.
 */
export const JSON_DATE_KEYS = [
  'published',
  'publishedAt',
  'published_at',
  'datePublished',
  'date_published',
  'publicationDate',
  'publication_date',
  'pubDate',
  'date',
  'dateCreated',
  'created',
  'createdAt',
  'created_at',
  'dateModified',
  'updatedAt',
  'updated_at',
] as const;

const DateValue = z.union([z.string(), z.number()]);

const JsonArticle = z.looseObject({
  ...Object.fromEntries(JSON_DATE_KEYS.map((k) => [k, DateValue.optional()])),
  title: z.string().optional(),
  headline: z.string().optional(),
  // A source or publisher may be written as an object with its name ({"name": "…", "domain": "…"}).
  source: z.union([z.string(), z.looseObject({ name: z.string() })]).optional(),
  publisher: z.union([z.string(), z.looseObject({ name: z.string() })]).optional(),
  url: z.string().optional(),
  author: z.union([z.string(), z.array(z.string()), z.looseObject({ name: z.string() })]).optional(),
  byline: z.string().optional(),
  body: z.string().optional(),
  text: z.string().optional(),
  content: z.string().optional(),
});

export function parseJson(text: string): FormatResult {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (error) {
    return { ok: false, reason: `not valid JSON: ${(error as Error).message}` };
  }
  const entries = Array.isArray(data) ? data : [data];
  if (entries.length === 0)
    return { ok: false, reason: 'empty JSON array (expected one article object or an array of them)' };
  const articles: Parsed[] = [];
  let cursor = 0;
  for (const [index, entry] of entries.entries()) {
    const where = Array.isArray(data) ? `entry ${index}` : 'article';
    const parsed = JsonArticle.safeParse(entry);
    if (!parsed.success) return { ok: false, reason: `${where}: ${issuesText(parsed.error)}` };
    const a = parsed.data;
    const bodyText = a.body ?? a.text ?? a.content;
    if (!bodyText || bodyText.trim() === '') {
      return {
        ok: false,
        reason: `${where}: body: expected the article text in "body", "text" or "content" (received ${bodyText === undefined ? 'nothing' : 'an empty string'})`,
      };
    }
    const paragraphs: Piece[][] = [];
    for (const para of bodyText.split(/\n\s*\n|\r\n\s*\r\n/)) {
      const p = clean(para.replace(/\s*\n\s*/g, ' '));
      if (!p || isWidget(p) || isCaption(p)) continue;
      const mapped = mapDecoded(text, p, cursor);
      cursor = mapped.cursor;
      paragraphs.push(mapped.pieces);
    }
    const warnings: string[] = [];
    const dates: DateCandidate[] = [];
    const record = a as Record<string, unknown>;
    for (const key of JSON_DATE_KEYS) {
      const value = record[key];
      if (value === undefined) continue;
      const d = parseDateValue(value);
      if (d) dates.push({ ...d, from: 'metadata', label: `${where}: ${key}` });
      else warnings.push(`${where}: ${key} "${String(value)}" is not a date (expected YYYY-MM-DD)`);
    }
    dates.push(...jsonTextDates(record, bodyText));
    const publisher = typeof a.publisher === 'string' ? a.publisher : (a.publisher?.name ?? null);
    const author =
      typeof a.author === 'string'
        ? a.author
        : Array.isArray(a.author)
          ? a.author.join(', ')
          : (a.author?.name ?? a.byline ?? null);
    articles.push({
      title: a.title ?? a.headline ?? null,
      source: (typeof a.source === 'string' ? a.source : a.source?.name) ?? publisher,
      byline: author,
      url: a.url && /^https?:\/\//.test(a.url) ? a.url : null,
      dates,
      paragraphs,
      warnings,
    });
  }
  return { ok: true, articles };
}

/**
 * When the metadata holds no date: a full date in the body's first paragraph (a dateline), then the
 * year of a copyright notice in any short string field ("copyright": "© 2026 …"), with the day of a
 * year-less dateline ("BEIJING, Jan. 1 — …") in that year, as the text formats read them.
 */
function jsonTextDates(record: Record<string, unknown>, body: string): DateCandidate[] {
  const first = body.split(/\n\s*\n/)[0] ?? '';
  const credits = Object.values(record)
    .filter((v): v is string => typeof v === 'string' && v.length <= 200 && /©|\(c\)|copyright/i.test(v))
    .join('\n');
  return [...datelines([first], body), ...copyrightDates(credits, first)];
}

// ---------------------------------------------------------------- HTML

/** The slice of the DOM this parser uses (the project compiles without the DOM lib). */
interface El {
  textContent: string | null;
  attributes: ArrayLike<{ name: string; value: string }>;
  getAttribute(name: string): string | null;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El> & Iterable<El>;
}
interface Doc extends El {
  body: El | null;
}

interface HtmlSupport {
  parseHTML: (html: string) => { document: Doc };
  Readability: new (
    doc: Doc,
    options?: Record<string, unknown>,
  ) => {
    parse(): {
      title?: string | null;
      content?: string | null;
      byline?: string | null;
      siteName?: string | null;
      publishedTime?: string | null;
    } | null;
  };
}

let htmlSupport: HtmlSupport | null = null;
/** linkedom and Readability load on the first HTML file only, so txt-only runs start fast. */
function loadHtml(): HtmlSupport {
  if (!htmlSupport) {
    const require = createRequire(import.meta.url);
    const linkedom = require('linkedom') as { parseHTML: HtmlSupport['parseHTML'] };
    const readability = require('@mozilla/readability') as { Readability: HtmlSupport['Readability'] };
    htmlSupport = { parseHTML: linkedom.parseHTML, Readability: readability.Readability };
  }
  return htmlSupport;
}

const BLOCKS = 'p, h2, h3, h4, li, blockquote, pre, figcaption, td';

export function parseHtml(text: string): FormatResult {
  if (!/<(html|body|p|div|article|h1)\b/i.test(text))
    return { ok: false, reason: 'no HTML document found (expected <html>, <body> or <p> elements)' };
  const { parseHTML } = loadHtml();
  let document: Doc;
  try {
    // A fragment (a feed item's content) gets a document around it.
    document = parseHTML(
      /<body\b/i.test(text) ? text : `<!doctype html><html><head></head><body>${text}</body></html>`,
    ).document;
  } catch (error) {
    return { ok: false, reason: `cannot parse HTML: ${(error as Error).message}` };
  }
  const meta = (selector: string): string | null => {
    const el = document.querySelector(selector);
    const v = el?.getAttribute('content') ?? el?.getAttribute('href') ?? el?.getAttribute('datetime') ?? null;
    return v && v.trim() ? v.trim() : null;
  };
  const docTitle = document.querySelector('title')?.textContent?.trim() ?? null;
  const h1 = document.querySelector('h1')?.textContent?.trim() ?? null;
  const title = meta('meta[property="og:title"]') ?? meta('meta[name="twitter:title"]') ?? h1 ?? docTitle;
  const url = meta('link[rel="canonical"]') ?? meta('meta[property="og:url"]');
  const source =
    meta('meta[property="og:site_name"]') ??
    meta('meta[name="publisher"]') ??
    meta('meta[name="application-name"]');
  const byline = meta('meta[name="author"]') ?? meta('meta[property="article:author"]');

  const contentHtml = readabilityContent(text);
  const container = contentHtml
    ? parseHTML(`<html><body>${contentHtml}</body></html>`).document.body
    : document.body;
  if (!container) return { ok: false, reason: 'no <body> in the HTML' };
  const blocks = [...container.querySelectorAll(BLOCKS)].filter((el) => !el.querySelector(BLOCKS));
  const raw: string[] =
    blocks.length > 0
      ? blocks.map((b) => b.textContent ?? '')
      : (container.textContent ?? '').split(/\n\s*\n/);
  const texts = raw.map((t) => clean(t.replace(/\s+/g, ' ')));
  const paragraphs: Piece[][] = [];
  let cursor = 0;
  const bodyTag = text.search(/<body\b/i);
  if (bodyTag > 0) cursor = bodyTag;
  let ended = false;
  for (const t of texts) {
    if (!t || ended) continue;
    if (t === title || t === h1) continue;
    if (isTerminator(t) && paragraphs.length > 0) {
      ended = true;
      continue;
    }
    if (isCaption(t) || isWidget(t) || !(endsSentence(t) || wordCount(t) >= 6 || /^["“]/.test(t))) continue;
    const mapped = mapDecoded(text, t, cursor);
    cursor = mapped.cursor;
    paragraphs.push(mapped.pieces);
  }
  if (paragraphs.length === 0) return { ok: false, reason: 'no article text found in the HTML' };
  const warnings: string[] = [];
  const pageLines = [...document.querySelectorAll('p, span, time, li, small')].map((el) =>
    (el.textContent ?? '').replace(/\s+/g, ' ').trim(),
  );
  const dates = [
    ...htmlMetadataDates(document),
    // The stamp is looked for in the whole page: Readability often leaves it out of the article.
    ...stampedDates(pageLines, texts.join('\n')),
    ...datelines(texts.slice(0, 3), texts.join('\n')),
    // Failing those, the first short line of the page with a full date ("… · Thursday 3 April 2025").
    ...stampedDates(pageLines, texts.join('\n'), true),
    // The dateline may stand in a block of its own after the headline ("BRUSSELS, Nov 12 —").
    ...copyrightDates(
      document.body?.textContent ?? '',
      [...texts.slice(0, 3), ...pageLines.slice(0, 12)].find((t) => datelineDay(t, 2000) !== null) ??
        texts[0],
    ),
  ];
  return {
    ok: true,
    articles: [
      {
        title: title ? title.replace(/\s+/g, ' ') : null,
        source,
        byline,
        url: url && /^https?:\/\//.test(url) ? url : null,
        dates,
        paragraphs,
        warnings,
      },
    ],
  };
}

/** The main content's HTML as Readability finds it, or null. */
function readabilityContent(text: string): string | null {
  const { parseHTML, Readability } = loadHtml();
  try {
    const clone = parseHTML(
      /<body\b/i.test(text) ? text : `<!doctype html><html><head></head><body>${text}</body></html>`,
    ).document;
    // Readability's own threshold (500 characters): with a lower one, a newsletter box or footer that
    // survives its first pass is taken before it retries without stripping unlikely containers.
    return new Readability(clone).parse()?.content ?? null;
  } catch {
    return null;
  }
}

/**
 * Meta names that carry a publication date, most trusted first, compared in lower case (sites write
 * `DC.Date.Issued`, `dc.date.issued`, `DCTERMS.issued`). `name`, `property` and `itemprop` all count.
 */
const META_DATE_KEYS = [
  'article:published_time',
  'datepublished',
  'parsely-pub-date',
  'sailthru.date',
  'og:published_time',
  'article.published',
  'publish-date',
  'publishdate',
  'pubdate',
  'dc.date.issued',
  'dcterms.issued',
  'dc.date',
  'dcterms.date',
  'date',
  'citation_publication_date',
  'dc.date.created',
  'dcterms.created',
  'datecreated',
];

/** An attribute by name in any case (linkedom keeps `NAME="…"` as written; HTML names are case-insensitive). */
function attr(el: El, name: string): string | null {
  for (const a of Array.from(el.attributes)) if (a.name.toLowerCase() === name) return a.value;
  return null;
}

/** Dates in the page's metadata: meta tags, JSON-LD, microdata and <time> elements, in that order. */
function htmlMetadataDates(document: Doc): DateCandidate[] {
  const raw: Array<{ value: string; label: string }> = [];
  const metas = new Map<string, string>();
  for (const el of document.querySelectorAll('meta')) {
    const key = (attr(el, 'name') ?? attr(el, 'property') ?? attr(el, 'itemprop') ?? '').trim().toLowerCase();
    const content = attr(el, 'content')?.trim();
    if (key && content && !metas.has(key)) metas.set(key, content);
  }
  for (const key of META_DATE_KEYS) {
    const value = metas.get(key);
    if (value) raw.push({ value, label: `meta ${key}` });
  }
  for (const value of jsonLdDates(document)) raw.push({ value, label: 'JSON-LD datePublished' });
  for (const el of document.querySelectorAll('[itemprop="datePublished"]')) {
    const value = el.getAttribute('datetime') ?? el.getAttribute('content') ?? el.textContent;
    if (value?.trim()) raw.push({ value: value.trim(), label: 'itemprop datePublished' });
  }
  const time = document.querySelector('time[datetime]')?.getAttribute('datetime');
  if (time?.trim()) raw.push({ value: time.trim(), label: '<time datetime>' });
  return raw.flatMap(({ value, label }) => {
    const d = parseDateValue(value);
    return d ? [{ ...d, from: 'metadata' as const, label }] : [];
  });
}

/** `datePublished` values of the page's JSON-LD blocks (CDATA and comment wrappers allowed; @graph read). */
function jsonLdDates(document: Doc): string[] {
  const out: string[] = [];
  const visit = (v: unknown, depth: number): void => {
    if (depth > 4 || typeof v !== 'object' || v === null) return;
    if (Array.isArray(v)) return v.forEach((x) => visit(x, depth + 1));
    const o = v as Record<string, unknown>;
    if (typeof o.datePublished === 'string') out.push(o.datePublished);
    if (o['@graph'] !== undefined) visit(o['@graph'], depth + 1);
  };
  for (const script of document.querySelectorAll('script')) {
    if (!/ld\+json/i.test(script.getAttribute('type') ?? '')) continue;
    const body = (script.textContent ?? '')
      .replace(/^\s*(?:\/\/|\/\*)?\s*(?:<!\[CDATA\[|<!--)\s*(?:\*\/)?/, '')
      .replace(/(?:\/\/|\/\*)?\s*(?:\]\]>|-->)\s*(?:\*\/)?\s*$/, '');
    try {
      visit(JSON.parse(body) as unknown, 0);
    } catch {
      // Broken JSON-LD is common and not worth failing the article over.
    }
  }
  return out;
}
