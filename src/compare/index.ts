// Compare (pure): stored positions in, changes out. For every actor × topic stated in the window, the
// position as first stated (then) is compared with the latest (now). Statements from one date are
// merged into one side by majority; a side whose statements disagree is marked mixed, and a change
// involving a mixed side is never called a reversal.
import { dateRange } from '../ingest/dates.js';
import type { Change, ChangeKind, ChangeSide, Polarity } from '../model.js';
import type { StoredPosition } from '../store/types.js';

export interface CompareOptions {
  /** Baseline YYYY-MM-DD: positions dated before it are ignored. */
  since: string;
  /** Optional end of the window (YYYY-MM-DD, inclusive). */
  until?: string;
  /**
   * Statements below this confidence decide a pair's stance only when it has no firmer ones: one
   * weak reading (an unnamed source, a topic found by reference) must not make a reversal.
   */
  minConfidence?: number;
}

/** The default floor: a named speaker's quote or reported speech and a deed pass; relayed, alleged, headline-only and by-reference readings do not. */
export const SOLID_CONFIDENCE = 0.6;

const KIND_ORDER: ChangeKind[] = [
  'reversed',
  'shifted',
  'hardened',
  'softened',
  'new',
  'unchanged',
  'dropped',
];

/** Merges the statements of one date into one side. */
export function mergeSide(group: StoredPosition[]): ChangeSide {
  const counts = new Map<Polarity, number>();
  const lastAt = new Map<Polarity, number>();
  group.forEach((p, i) => {
    counts.set(p.polarity, (counts.get(p.polarity) ?? 0) + 1);
    lastAt.set(p.polarity, i);
  });
  const stances = [...counts.keys()].filter((k) => k !== 'neutral');
  const candidates = stances.length > 0 ? stances : ['neutral' as Polarity];
  // Majority; on a tie the later statement wins (it is the newer word within the day).
  const polarity = candidates.reduce((best, k) => {
    const d = (counts.get(k) ?? 0) - (counts.get(best) ?? 0);
    return d > 0 || (d === 0 && (lastAt.get(k) ?? 0) > (lastAt.get(best) ?? 0)) ? k : best;
  });
  const mixed = counts.has('supports') && counts.has('opposes');
  // The quote shown: a first-hand statement with the chosen polarity if there is one.
  const matching = group.filter((p) => p.polarity === polarity);
  const rep = matching.find((p) => p.reported !== 'alleged') ?? matching[0] ?? group[0]!;
  // A side is as solid as the best statement behind its chosen stance.
  const confidence = matching.reduce((m, p) => Math.max(m, p.confidence ?? 0), 0);
  return {
    polarity,
    mixed,
    published: rep.published,
    datePrecision: rep.datePrecision,
    claim: rep.claim,
    speaker: rep.speaker,
    evidence: rep.evidence.text,
    reported: rep.reported,
    relayer: rep.relayer ?? null,
    confidence,
    articleId: rep.articleId,
    file: rep.file,
    url: rep.url,
    title: rep.title,
    source: rep.source,
  };
}

// General English intensity markers (not about any topic): words that make a stance categorical, and
// hedges that make it tentative. Only a clear contrast between the two sides counts, so ordinary
// restatements stay "unchanged".
const EMPHATIC =
  /\b(categorically|firmly|strongly|absolutely|unequivocally|adamantly|flatly|vehemently|fully|never|under no circumstances|in no way|will not|won't|refuses?d?|rejects?e?d?|demands?e?d?|insists?e?d?)\b/i;
// A modal hedges a stance only before the stance's own verb ("might object"), not before "be"
// ("anyone who helped could be in breach of the law" describes, it does not hedge).
const HEDGED =
  /\b((?:might|could|may)\s+(?:perhaps\s+|possibly\s+)?(?!be\b|have\b|not\b|also\b)[a-z]+|open to|willing to consider|consider(ing)?|tentative(ly)?|cautious(ly)?|in principle|not ruled? out|not ruling out)\b/i;

/** +1 emphatic, -1 hedged, 0 plain or both. */
export function strength(text: string): number {
  const emphatic = EMPHATIC.test(text);
  const hedged = HEDGED.test(text);
  return emphatic === hedged ? 0 : emphatic ? 1 : -1;
}

export function classify(before: ChangeSide | null, after: ChangeSide): ChangeKind {
  if (!before) return 'new';
  if (before.polarity === after.polarity) {
    // Contradictory statements on one side that include the other side's stance are no evidence of a
    // move: the majority stayed where it was.
    if (before.mixed !== after.mixed) return 'unchanged';
    // Hardening only means something for a real stance stated consistently on both sides.
    if (before.mixed || before.polarity === 'neutral') return 'unchanged';
    const from = strength(before.evidence);
    const to = strength(after.evidence);
    if (from === -1 && to === 1) return 'hardened';
    if (from === 1 && to === -1) return 'softened';
    return 'unchanged';
  }
  const opposite =
    (before.polarity === 'supports' && after.polarity === 'opposes') ||
    (before.polarity === 'opposes' && after.polarity === 'supports');
  // A mixed side that already held the other side's stance (supports and opposes on one day) does
  // not show a move between them.
  if (opposite && (before.mixed || after.mixed)) return 'unchanged';
  if (opposite) return 'reversed';
  return 'shifted';
}

/** The earliest and the latest date of a pair's statements, each with every statement of that date. */
interface Ends {
  lo: StoredPosition[];
  hi: StoredPosition[];
}

type Order = (a: StoredPosition, b: StoredPosition) => number;

/** Keeps `p` if it belongs to the earliest or the latest date seen so far; O(1) per statement. */
function addToEnds(ends: Ends | undefined, p: StoredPosition, byDate: Order): Ends {
  if (!ends) return { lo: [p], hi: [p] };
  const lo = ends.lo[0];
  if (lo && p.published === lo.published) ends.lo.push(p);
  else if (!lo || byDate(p, lo) < 0) ends.lo = [p];
  const hi = ends.hi[0];
  if (hi && p.published === hi.published) ends.hi.push(p);
  else if (!hi || byDate(p, hi) > 0) ends.hi = [p];
  return ends;
}

interface PairState {
  /** Every statement's ends, and the ends of the solid ones (those decide when there are any). */
  all?: Ends;
  solid?: Ends;
}

export interface ChangeAccumulator {
  /** Adds statements (a page at a time is fine; the order does not matter). */
  add(positions: Iterable<StoredPosition>): void;
  /** The changes of everything added. */
  result(): Change[];
}

/**
 * Compares statements as they come, holding per actor × topic only the statements of its first and its
 * latest date: memory does not grow with the corpus, and a pair with 40,000 statements costs 40,000 steps.
 */
export function createChangeAccumulator(options: CompareOptions): ChangeAccumulator {
  const floor = options.minConfidence ?? SOLID_CONFIDENCE;
  const pairs = new Map<string, PairState>();
  // A corpus has few distinct dates and many statements: each date string is read once.
  const ranges = new Map<string, { first: string; last: string }>();
  const rangeOf = (published: string) => {
    let r = ranges.get(published);
    if (!r) ranges.set(published, (r = dateRange(published)));
    return r;
  };
  const byDate: Order = (a, b) => {
    const da = rangeOf(a.published ?? '').first;
    const db = rangeOf(b.published ?? '').first;
    return da < db ? -1 : da > db ? 1 : a.articleId - b.articleId || a.ordinal - b.ordinal;
  };
  const inWindow = (p: StoredPosition) => {
    if (!p.published) return false;
    const { first, last } = rangeOf(p.published);
    return last >= options.since && (!options.until || first <= options.until);
  };
  return {
    add(positions) {
      for (const p of positions) {
        if (!inWindow(p)) continue;
        const key = `${p.actor}\u0000${p.topic}`;
        let state = pairs.get(key);
        if (!state) pairs.set(key, (state = {}));
        state.all = addToEnds(state.all, p, byDate);
        if ((p.confidence ?? 1) >= floor) state.solid = addToEnds(state.solid, p, byDate);
      }
    },
    result() {
      const changes: Change[] = [];
      for (const state of pairs.values()) {
        // The solid statements decide a pair; all of them only when none is solid.
        const ends = state.solid ?? state.all;
        const head = ends?.lo[0];
        if (!ends || !head) continue;
        const first = [...ends.lo].sort(byDate);
        const latest = [...ends.hi].sort(byDate);
        const after = mergeSide(latest);
        const before = head.published !== ends.hi[0]?.published ? mergeSide(first) : null;
        changes.push({
          actor: head.actor,
          topic: head.topic,
          kind: classify(before, after),
          before,
          after,
          confidence: Math.min(after.confidence, before?.confidence ?? after.confidence),
        });
      }
      return changes.sort(
        (a, b) =>
          KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
          a.actor.localeCompare(b.actor) ||
          a.topic.localeCompare(b.topic),
      );
    },
  };
}

export function computeChanges(positions: Iterable<StoredPosition>, options: CompareOptions): Change[] {
  const acc = createChangeAccumulator(options);
  acc.add(positions);
  return acc.result();
}
