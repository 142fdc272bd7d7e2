// Publication dates: the one module that turns written dates into the day an article is dated by.
// Pure. The rules:
// - A timestamp is dated by the day written in it: the publisher's local day when it carries an offset
//   or a zone ("2025-01-06T23:30:00-05:00", "Mon, 06 Jan 2025 23:30:00 EST" and RFC 822's named zones
//   all give 2025-01-06), so a feed and a page that state the same instant in the same zone give the
//   same day. Only a bare epoch number (no zone at all) is dated by its UTC day.
// - Metadata values may be a day, a month ("2025-01"), a year, a written date or an RFC 822 date
//   (two-digit years too); datelines and bylines are read from the text; copyright years last.
// - Relative dates ("on Tuesday", "last week") are never a publication date.
// - A date after `now` plus FUTURE_TOLERANCE_DAYS (a typo'd 2031 or 2099) is never used: chooseDate
//   skips it with a warning and takes the next candidate; with none left the article stays undated
//   (not dated by its file time), so it can never become the "now" side of a change.
import type { DatePrecision } from '../model.js';

export interface FoundDate {
  published: string;
  precision: DatePrecision;
}

/** Where a date came from, in the order a parser prefers them. */
export type DateOrigin = 'metadata' | 'dateline' | 'copyright';

/** A date a parser found, with what it was read from (named in warnings). */
export interface DateCandidate extends FoundDate {
  from: DateOrigin;
  /** What it was read from, for messages: "front matter published", "meta article:published_time". */
  label: string;
}

/** Days a date may lie ahead of the clock (time zones, an embargo lifted early) before it is a typo. */
export const FUTURE_TOLERANCE_DAYS = 2;

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};
const MONTH =
  '(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';

const pad = (n: number) => String(n).padStart(2, '0');

function valid(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

const MDY = new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i');
const DMY = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH},?\\s+(\\d{4})\\b`, 'i');
const ISO = /\b(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/;
const SLASH_US = /\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/;
const SLASH_YMD = /\b(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b/;
/** "24.02.2025": the dotted numeric form is written day first wherever it is used. */
const DOTTED_DMY = /\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b/;

/** British and American spellings of the same common words, to tell which convention a text follows. */
const BRITISH =
  /\b(?:colour|favour|labour(?!\s+(?:party|government|leader|mp|ministers?))|honour|centre|defence|licence|programme|organisation|organise[sd]?|recognise[sd]?|criticise[sd]?|emphasise[sd]?|analyse[sd]?|realise[sd]?|apologise[sd]?|travelled|cancelled|signalled)\b/gi;
const AMERICAN =
  /\b(?:color|favor|labor|honor|center|defense|program|organization|organize[sd]?|recognize[sd]?|criticize[sd]?|emphasize[sd]?|analyze[sd]?|realize[sd]?|apologize[sd]?|traveled|canceled|signaled)\b/gi;

/**
 * Whether an all-numeric date like 11/07/2024 reads day first: when the text spells the British way
 * more often than the American way (most of the world writes the day first; American outlets do not).
 */
export function readsDayFirst(text: string): boolean {
  const british = text.match(BRITISH)?.length ?? 0;
  const american = text.match(AMERICAN)?.length ?? 0;
  return british > american;
}

/**
 * The first full date in a line of text, or null. An all-numeric date that could be either way
 * (11/07/2024) reads month first unless `dayFirst`; one that can only be one way (25/07/2024) reads so.
 */
export function findDate(text: string, options: { dayFirst?: boolean } = {}): FoundDate | null {
  const candidates: Array<{ index: number; value: string }> = [];
  const mdy = MDY.exec(text);
  if (mdy) {
    const v = valid(
      Number(mdy[3]),
      MONTHS[(mdy[1] ?? '').toLowerCase().replace('.', '')] ?? 0,
      Number(mdy[2]),
    );
    if (v) candidates.push({ index: mdy.index, value: v });
  }
  const dmy = DMY.exec(text);
  if (dmy) {
    const v = valid(
      Number(dmy[3]),
      MONTHS[(dmy[2] ?? '').toLowerCase().replace('.', '')] ?? 0,
      Number(dmy[1]),
    );
    if (v) candidates.push({ index: dmy.index, value: v });
  }
  const iso = ISO.exec(text);
  if (iso) {
    const v = valid(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    if (v) candidates.push({ index: iso.index, value: v });
  }
  const us = SLASH_US.exec(text);
  if (us) {
    const [a, b] = [Number(us[1]), Number(us[2])];
    const dayFirst = a > 12 || (options.dayFirst === true && b <= 12);
    const v = dayFirst ? valid(Number(us[3]), b, a) : valid(Number(us[3]), a, b);
    if (v) candidates.push({ index: us.index, value: v });
  }
  const dotted = DOTTED_DMY.exec(text);
  if (dotted) {
    const v = valid(Number(dotted[3]), Number(dotted[2]), Number(dotted[1]));
    if (v) candidates.push({ index: dotted.index, value: v });
  }
  const ymd = SLASH_YMD.exec(text);
  if (ymd) {
    const v = valid(Number(ymd[1]), Number(ymd[2]), Number(ymd[3]));
    if (v) candidates.push({ index: ymd.index, value: v });
  }
  candidates.sort((a, b) => a.index - b.index);
  const first = candidates[0];
  return first ? { published: first.value, precision: 'day' } : null;
}

/** RFC 822 with a two-digit year ("Mon, 6 Jan 25 23:30 PT"): 00–49 are 20xx, 50–99 are 19xx (RFC 2822 §4.3). */
const RFC822_SHORT = new RegExp(
  `^(?:[A-Za-z]{3},?\\s*)?(\\d{1,2})\\s+${MONTH}\\s+(\\d{2})\\s+\\d{1,2}:\\d{2}`,
  'i',
);

/** A bare epoch timestamp in seconds or milliseconds (no zone: its UTC day). */
function epochDay(n: number): FoundDate | null {
  const ms = n >= 1e11 ? n : n >= 1e8 ? n * 1000 : NaN;
  if (!Number.isFinite(ms)) return null;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : { published: d.toISOString().slice(0, 10), precision: 'day' };
}

/**
 * Parses an explicit metadata value (front matter, meta tag, JSON field, feed element): ISO date or
 * timestamp, "YYYY-MM", "YYYY", a written date, RFC 822 (any zone), or an epoch number. Timestamps keep
 * the calendar day written in them (see the rules at the top).
 */
export function parseDateValue(value: unknown): FoundDate | null {
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    return { published: value.toISOString().slice(0, 10), precision: 'day' };
  }
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 1900 && value <= 2100)
      return { published: String(value), precision: 'year' };
    return epochDay(value);
  }
  if (typeof value !== 'string') return null;
  const v = value.trim();
  if (/^\d{4}$/.test(v)) return { published: v, precision: 'year' };
  if (/^\d{9,13}$/.test(v)) return epochDay(Number(v));
  const ym = /^(\d{4})-(\d{2})$/.exec(v);
  if (ym && Number(ym[2]) >= 1 && Number(ym[2]) <= 12) return { published: v, precision: 'month' };
  const found = findDate(v);
  if (found) return found;
  const short = RFC822_SHORT.exec(v);
  if (short) {
    const yy = Number(short[3]);
    const day = valid(
      yy < 50 ? 2000 + yy : 1900 + yy,
      MONTHS[(short[2] ?? '').toLowerCase().replace('.', '')] ?? 0,
      Number(short[1]),
    );
    if (day) return { published: day, precision: 'day' };
  }
  return null;
}

/** The last day (UTC) a date may start on and still be taken: `now` plus the tolerance. */
export function latestAcceptedDay(now: Date): string {
  return new Date(now.getTime() + FUTURE_TOLERANCE_DAYS * 86_400_000).toISOString().slice(0, 10);
}

/** True when a date of any precision starts after the accepted horizon (a typo'd 2031 or 2099). */
export function isFutureDate(published: string, now: Date): boolean {
  return dateRange(published).first > latestAcceptedDay(now);
}

/**
 * Picks the first candidate that is not in the future; every future one skipped gets a warning naming
 * the value and where it came from. The one rule every format and feeds go through.
 */
export function chooseDate(
  candidates: DateCandidate[],
  now: Date,
): { date: DateCandidate | null; warnings: string[] } {
  const warnings: string[] = [];
  for (const c of candidates) {
    if (!isFutureDate(c.published, now)) return { date: c, warnings };
    warnings.push(
      `${c.label} ${c.published} is in the future (after ${latestAcceptedDay(now)}); not used as the publication date`,
    );
  }
  return { date: null, warnings };
}

const COPYRIGHT_YEAR = /(?:©|\(c\)|copyright)\s*(?:\d{4}\s*[-–]\s*)?(\d{4})/gi;

/** The latest copyright year in the text ("©2026 Bloomberg L.P."), as a year-precision date. */
export function copyrightYear(text: string): FoundDate | null {
  let best: number | null = null;
  for (const m of text.matchAll(COPYRIGHT_YEAR)) {
    const y = Number(m[1]);
    if (y >= 1900 && y <= 2100 && (best === null || y > best)) best = y;
  }
  return best === null ? null : { published: String(best), precision: 'year' };
}

/**
 * A news dateline without a year (the wire style: "BELÉM, Brazil, Nov. 22 — …", "BEIJING, Jan. 1 (Reuters) -"):
 * a place in capitals, optionally a region, then month and day, opening a paragraph. Its day in `year`.
 */
const YEARLESS_DATELINE = new RegExp(
  `^\\p{Lu}[\\p{Lu}\\s./'’-]{1,40}(?:,\\s*\\p{Lu}[\\p{L}\\s.'’-]{1,30})?,\\s+(?:${MONTH}\\s+(\\d{1,2})|(\\d{1,2})\\s+${MONTH})\\s*(?:[—–-]|\\()`,
  'u',
);

/** Whether a paragraph opens with a year-less dateline: a full date later in it is no dateline. */
export const opensWithYearlessDateline = (paragraph: string): boolean => YEARLESS_DATELINE.test(paragraph);

/** Also day first, the British way: "SYDNEY, 30 July — …". */
export function datelineDay(paragraph: string, year: number): FoundDate | null {
  const m = YEARLESS_DATELINE.exec(paragraph);
  if (!m) return null;
  const month = (m[1] ?? m[4] ?? '').toLowerCase().replace('.', '');
  const day = valid(year, MONTHS[month] ?? 0, Number(m[2] ?? m[3]));
  return day ? { published: day, precision: 'day' } : null;
}

/** First and last day a date of any precision can mean ("2026" → 2026-01-01 … 2026-12-31). */
export function dateRange(published: string): { first: string; last: string } {
  if (/^\d{4}$/.test(published)) return { first: `${published}-01-01`, last: `${published}-12-31` };
  if (/^\d{4}-\d{2}$/.test(published)) return { first: `${published}-01`, last: `${published}-31` };
  return { first: published, last: published };
}
