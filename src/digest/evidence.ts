// Evidence as a reader sees it (pure): outlet names without page debris, one line saying why a change
// was called a change, a change's dated path (shortened when long) and the start of the "new" window.
import type { Period } from '../config/schema.js';
import { dateRange } from '../ingest/dates.js';
import type { ChangeSide, DatePrecision, Reported, TimelinePoint } from '../model.js';

// Copyright lines and rights notices that page footers glue to an outlet's name ("© 2025 Bloomberg
// L.P. All rights reserved."). Generic legal boilerplate, not any one outlet's wording.
const COPYRIGHT = /(?:©|\(c\)|\bcopyright\b)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?[,.]?\s*/gi;
const RIGHTS = /\b(?:all\s+rights\s+reserved|some\s+rights\s+reserved)\b\.?/gi;

/**
 * The outlet's name as a reader would write it: copyright signs, years and rights notices removed;
 * when nothing is left (or nothing was given) the URL's host without "www.".
 */
export function cleanOutlet(source: string | null, url: string | null): string | null {
  const cleaned = (source ?? '')
    .replace(COPYRIGHT, ' ')
    .replace(RIGHTS, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s,.;:|·–-]+|[\s,;:|·–-]+$/g, '')
    .trim();
  // A period left from a removed notice goes ("Media."), an abbreviation keeps its own ("L.P.", "Inc.").
  const last = cleaned.split(' ').pop() ?? '';
  const name = /^[^.]{4,}\.$/.test(last) ? cleaned.slice(0, -1) : cleaned;
  if (name && /\p{L}/u.test(name)) return name;
  return hostOf(url);
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    const host = new URL(url).hostname.replace(/^www\./, '');
    return host || null;
  } catch {
    return null;
  }
}

const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Jan 2024" for day and month dates, "2026" for a year, "undated" without one. */
export function shortDate(published: string | null, precision: DatePrecision): string {
  if (!published) return 'undated';
  const [y, m] = published.split('-');
  const month = m ? SHORT_MONTHS[Number(m) - 1] : undefined;
  return precision === 'year' || !month ? (y ?? published) : `${month} ${y}`;
}

/** How a statement reached the article, in a reader's words: "direct quote", "per Volodymyr Zelensky". */
export function reportedPhrase(reported: Reported, relayer: string | null): string {
  switch (reported) {
    case 'direct':
      return 'direct quote';
    case 'indirect':
      return 'reported speech';
    case 'relayed':
      return relayer ? `relayed, per ${relayer}` : 'relayed by another speaker';
    case 'alleged':
      return 'alleged by unnamed sources';
  }
}

/**
 * Why a change was called a change, in one line: how each end was reported, how many articles back the
 * path, and when: "reported speech → relayed, per X · 2 sources · Jan 2024 → 2026". A change below the
 * list's floor says so and gives its confidence.
 */
export function whyLine(
  before: ChangeSide | null,
  after: ChangeSide,
  timeline: TimelinePoint[],
  floor: { tentative: boolean; confidence: number; minConfidence: number },
): string {
  const how = [before, after]
    .filter((s): s is ChangeSide => s !== null)
    .map((s) => reportedPhrase(s.reported, s.relayer));
  const ways = how[0] === how[1] || how.length === 1 ? how[0] : how.join(' → ');
  const articles = timeline.reduce((n, p) => n + p.sources, 0);
  const when = before
    ? `${shortDate(before.published, before.datePrecision)} → ${shortDate(after.published, after.datePrecision)}`
    : shortDate(after.published, after.datePrecision);
  const parts = [ways, `${articles} ${articles === 1 ? 'source' : 'sources'}`, when];
  if (timeline.length > 2) parts.push(`${timeline.length} dated points`);
  if (floor.tentative)
    parts.push(
      `confidence ${floor.confidence.toFixed(2)}, below the list's ${floor.minConfidence.toFixed(2)}`,
    );
  return parts.join(' · ');
}

/** Points as shown: every one when few; else the first, a summary of the middle, and the last two. */
export interface TimelineView {
  points: TimelinePoint[];
  /** The points left out of the middle, or null when none were. */
  omitted: { count: number; from: string; to: string; stances: string } | null;
  /** The points after the gap (empty when nothing was left out). */
  tail: TimelinePoint[];
}

/** Longest run of points shown in full; a longer one keeps its first point and its last `LONG_TAIL`. */
export const LONG_TIMELINE = 4;
const LONG_TAIL = 2;

/** `label` words a point's stance (the topic's own words); the omitted middle is counted by it. */
export function compressTimeline(
  timeline: TimelinePoint[],
  label: (p: TimelinePoint) => string = (p) => p.polarity,
): TimelineView {
  if (timeline.length <= LONG_TIMELINE) return { points: timeline, omitted: null, tail: [] };
  const head = timeline.slice(0, 1);
  const middle = timeline.slice(1, timeline.length - LONG_TAIL);
  const tail = timeline.slice(timeline.length - LONG_TAIL);
  const counts = new Map<string, number>();
  for (const p of middle) counts.set(label(p), (counts.get(label(p)) ?? 0) + 1);
  const stances = [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, n]) => `${k} (${n})`)
    .join(', ');
  const first = middle[0]!;
  const last = middle[middle.length - 1]!;
  return {
    points: head,
    omitted: {
      count: middle.length,
      from: shortDate(first.published, first.datePrecision),
      to: shortDate(last.published, last.datePrecision),
      stances,
    },
    tail,
  };
}

/** The first day (YYYY-MM-DD) of a period that ends now: "30d" before 2026-12-07 is 2026-11-07. */
export function periodStart(now: Date, period: Period): string {
  const n = Number(period.slice(0, -1));
  const unit = period.slice(-1);
  const d = new Date(now.getTime());
  if (unit === 'd') d.setUTCDate(d.getUTCDate() - n);
  else if (unit === 'w') d.setUTCDate(d.getUTCDate() - 7 * n);
  else if (unit === 'm') d.setUTCMonth(d.getUTCMonth() - n);
  else d.setUTCFullYear(d.getUTCFullYear() - n);
  return d.toISOString().slice(0, 10);
}

/** True when a publication date may fall on or after `day` (a year date counts while its year does). */
export function statedSince(published: string | null, day: string): boolean {
  return published !== null && dateRange(published).last >= day;
}
