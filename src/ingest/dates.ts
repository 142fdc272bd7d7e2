// Publication dates from text. Pure. Explicit metadata is parsed by the format parsers; this module
// reads datelines and bylines ("January 26, 2024 2:41 PM", "26 Jan 2024", "2024-01-26") and copyright
// years. Relative dates ("on Tuesday", "last week") are never a publication date.
import type { DatePrecision } from '../model.js';

export interface FoundDate {
  published: string;
  precision: DatePrecision;
}

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

/** The first full date in a line of text, or null. */
export function findDate(text: string): FoundDate | null {
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
    const v = valid(Number(us[3]), Number(us[1]), Number(us[2]));
    if (v) candidates.push({ index: us.index, value: v });
  }
  candidates.sort((a, b) => a.index - b.index);
  const first = candidates[0];
  return first ? { published: first.value, precision: 'day' } : null;
}

/**
 * Parses an explicit metadata value (front matter, meta tag, JSON field): ISO date or timestamp,
 * "YYYY-MM", "YYYY", or a written date. Timestamps keep their calendar day as written.
 */
export function parseDateValue(value: unknown): FoundDate | null {
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    return { published: value.toISOString().slice(0, 10), precision: 'day' };
  }
  if (typeof value === 'number' && value >= 1900 && value <= 2100)
    return { published: String(value), precision: 'year' };
  if (typeof value !== 'string') return null;
  const v = value.trim();
  if (/^\d{4}$/.test(v)) return { published: v, precision: 'year' };
  const ym = /^(\d{4})-(\d{2})$/.exec(v);
  if (ym && Number(ym[2]) >= 1 && Number(ym[2]) <= 12) return { published: v, precision: 'month' };
  const found = findDate(v);
  if (found) return found;
  // RFC 2822 and other forms Date understands ("Mon, 06 Jan 2025 10:00:00 GMT").
  const t = Date.parse(v);
  if (!Number.isNaN(t) && /\d{4}/.test(v))
    return { published: new Date(t).toISOString().slice(0, 10), precision: 'day' };
  return null;
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

/** First and last day a date of any precision can mean ("2026" → 2026-01-01 … 2026-12-31). */
export function dateRange(published: string): { first: string; last: string } {
  if (/^\d{4}$/.test(published)) return { first: `${published}-01-01`, last: `${published}-12-31` };
  if (/^\d{4}-\d{2}$/.test(published)) return { first: `${published}-01`, last: `${published}-31` };
  return { first: published, last: published };
}
