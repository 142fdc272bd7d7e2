// The named Handlebars helpers of the digest templates. Each is a plain function (tested on its own)
// registered on the digest's isolated Handlebars instance by render.ts.
import type { ChangeKind, Polarity } from '../model.js';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * A publication date as precise as it is known: "26 January 2024", "January 2024", "2026", or
 * "undated". Day dates are calendar days as published, so no time-zone shift applies to them.
 */
export function formatDate(published: unknown, precision: unknown): string {
  if (typeof published !== 'string' || published === '') return 'undated';
  const [y, m, d] = published.split('-');
  const month = m ? MONTHS[Number(m) - 1] : undefined;
  if (precision === 'year' || !month) return y ?? published;
  if (precision === 'month' || !d) return `${month} ${y}`;
  const day = `${Number(d)} ${month} ${y}`;
  return precision === 'unknown' ? `${day} (date uncertain)` : day;
}

/** An instant (ISO) in the list's time zone: "22 November 2026, 07:00 UTC". */
export function formatInstant(iso: unknown, timeZone: unknown): string {
  if (typeof iso !== 'string') return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const tz = typeof timeZone === 'string' ? timeZone : 'UTC';
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(date);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('day')} ${get('month')} ${get('year')}, ${get('hour')}:${get('minute')} ${get('timeZoneName')}`;
}

const POLARITY_LABELS: Record<Polarity, string> = {
  supports: 'supports',
  opposes: 'opposes',
  conditional: 'open only on conditions',
  neutral: 'no clear stance',
};

/** The stance in words: the topic's own label when the watchlist gives one, else the generic word. */
export function polarityLabel(polarity: unknown, labels?: unknown): string {
  const own =
    labels && typeof labels === 'object' ? (labels as Record<string, unknown>)[String(polarity)] : undefined;
  if (typeof own === 'string' && own) return own;
  return POLARITY_LABELS[polarity as Polarity] ?? String(polarity);
}

const KIND_LABELS: Record<ChangeKind, string> = {
  reversed: 'Reversed',
  shifted: 'Shifted',
  hardened: 'Hardened',
  softened: 'Softened',
  unchanged: 'Restated',
  new: 'New voice',
  dropped: 'No longer stated',
};

/** The heading of a card's only quote: the latest word of a restatement, the statement of a new voice. */
export function latestLabel(kind: unknown): string {
  return kind === 'unchanged' ? 'Latest' : 'Stated';
}

export function kindLabel(kind: unknown): string {
  return KIND_LABELS[kind as ChangeKind] ?? String(kind);
}

/** "1 change", "3 changes"; an irregular plural can be given ("1 child", "2 children"). */
export function plural(count: unknown, singular: unknown, pluralForm?: unknown): string {
  const n = typeof count === 'number' ? count : Number(count);
  const one = String(singular);
  // A heading in capitals ("ARTICLE") takes a capital S.
  const many =
    typeof pluralForm === 'string'
      ? pluralForm
      : `${one}${one === one.toUpperCase() && /\p{L}/u.test(one) ? 'S' : 's'}`;
  return `${n} ${n === 1 ? one : many}`;
}

/** Wraps prose to `width` columns for the text part, keeping an indent on continuation lines. */
export function wrap(text: unknown, width: unknown = 72, indent: unknown = ''): string {
  const w = typeof width === 'number' ? width : 72;
  const pad = typeof indent === 'string' ? indent : '';
  const words = String(text ?? '')
    .replace(/\s+/g, ' ')
    .trim()
    .split(' ');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && line.length + 1 + word.length > w - pad.length) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : pad + l)).join('\n');
}

/**
 * Who said it, with the hearsay flag readers need: "Dmitry Peskov (reported/alleged)", "United States,
 * per Volodymyr Zelensky" (a position another speaker attributes to the actor). `relayer` counts only as
 * a string (Handlebars passes its options object last).
 */
export function attributionLabel(speaker: unknown, reported: unknown, relayer?: unknown): string {
  const who = String(speaker ?? 'unnamed');
  if (reported === 'relayed' && typeof relayer === 'string' && relayer) return `${who}, per ${relayer}`;
  return reported === 'alleged' ? `${who} (reported/alleged)` : who;
}

/** A side's stance words: its prepared `stances` ("Territory: refuses to cede land; …") or its polarity. */
function stanceWords(s: Record<string, unknown>, labels?: unknown): string {
  if (Array.isArray(s.stances) && s.stances.length > 0) {
    return (s.stances as Array<{ label: string; topic: string | null }>)
      .map((st) => (st.topic ? `${st.topic}: ${st.label}` : st.label))
      .join('; ');
  }
  return polarityLabel(s.polarity, labels) + (s.mixed === true ? ' (mixed statements)' : '');
}

/**
 * One side's heading in the text part: "26 January 2024: Putin (reported/alleged), open only on
 * conditions". Takes the side object so the template can wrap the whole line.
 */
export function sideHeading(side: unknown, labels?: unknown): string {
  if (!side || typeof side !== 'object') return '';
  const s = side as Record<string, unknown>;
  return `${formatDate(s.published, s.datePrecision)}: ${attributionLabel(s.speaker, s.reported, s.relayer)}, ${stanceWords(s, labels)}`;
}

/**
 * One timeline point on one line of the text part: "Jan 2024 · U.S. officials · opposes · reported
 * speech · 2 sources · Kyiv Independent".
 */
export function pointLine(point: unknown): string {
  if (!point || typeof point !== 'object') return '';
  const p = point as Record<string, unknown>;
  const sources = typeof p.sources === 'number' && p.sources > 1 ? `${p.sources} sources` : null;
  return [
    formatDate(p.published, p.datePrecision),
    attributionLabel(p.speaker, p.reported, p.relayer),
    stanceWords(p),
    p.how,
    sources,
    p.source,
  ]
    .filter((x) => typeof x === 'string' && x !== '')
    .join(' · ');
}

export function upper(text: unknown): string {
  return String(text ?? '').toUpperCase();
}

/** Where to read it: the URL, or the file name when the article came from a file without one (used only when there is no title either). */
export function sourceLink(url: unknown, file: unknown): string {
  if (typeof url === 'string' && url) return url;
  // Only the name: a server's folder layout is none of the reader's business.
  return typeof file === 'string' ? (file.split(/[\\/]/).pop() ?? file) : '';
}

/**
 * A URL fit for an href: http(s) only. Feed URLs are outside input, and escaping alone would let a
 * "javascript:" link through.
 */
export function httpUrl(url: unknown): string {
  return typeof url === 'string' && /^https?:\/\/[^\s]+$/i.test(url) ? url : '';
}

/** "Title, Publisher" (either may be missing). */
export function sourceLine(title: unknown, source: unknown): string {
  return [title, source].filter((x): x is string => typeof x === 'string' && x !== '').join(', ');
}

/** "26 January 2024: Title (Publisher)" for the text part's list of articles. */
export function articleLine(published: unknown, precision: unknown, title: unknown, source: unknown): string {
  const from = typeof source === 'string' && source ? ` (${source})` : '';
  return `${formatDate(published, precision)}: ${String(title ?? '')}${from}`;
}

export function eq(a: unknown, b: unknown): boolean {
  return a === b;
}

export function gt(a: unknown, b: unknown): boolean {
  return typeof a === 'number' && typeof b === 'number' && a > b;
}

/** Joins its arguments as text (to build one line that `wrap` then wraps). */
export function concat(...parts: unknown[]): string {
  return parts.map((p) => String(p ?? '')).join('');
}

export const HELPERS = {
  formatDate,
  sourceLine,
  formatInstant,
  polarityLabel,
  kindLabel,
  latestLabel,
  plural,
  wrap,
  attributionLabel,
  sourceLink,
  httpUrl,
  sideHeading,
  pointLine,
  upper,
  articleLine,
  eq,
  gt,
  concat,
};
