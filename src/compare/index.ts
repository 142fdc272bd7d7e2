// Compare (pure): stored positions in, changes out. For every actor × topic stated in the window, the
// position as first stated (then) is compared with the latest (now). Statements from one date are
// merged into one side by majority; a side whose statements disagree is marked mixed, and a change
// involving a mixed side is never called a reversal.
import { dateRange } from '../ingest/dates.js';
import {
  GUESSED_CONFIDENCE,
  sideOnly,
  type Change,
  type ChangeKind,
  type ChangeSide,
  type Polarity,
  type ReviewVerdict,
  type TimelinePoint,
} from '../model.js';
import type { StoredPosition as Stored } from '../store/types.js';

/** A stored position as compared: with an analyst's review mark once overrides are applied (overrides.ts). */
type StoredPosition = Stored & { review?: { verdict: Exclude<ReviewVerdict, 'rejected'> } | null };

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
  // A stance read by default, with no stance word behind it, is no evidence that anything moved.
  if (
    before.polarity !== after.polarity &&
    Math.min(before.confidence, after.confidence) <= GUESSED_CONFIDENCE
  )
    return 'unchanged';
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

/** A statement's place in reading order within its date (articles in storage order, then position order). */
type Place = { articleId: number; ordinal: number };
const later = (a: Place, b: Place) => a.articleId - b.articleId || a.ordinal - b.ordinal;

/** What one polarity holds within one date: enough to merge the date without keeping its statements. */
interface Stance {
  count: number;
  /** The last statement of this polarity in reading order (a tie goes to the newer word). */
  last: Place;
  /** The first statement, and the first one not alleged (the quote shown). */
  first: StoredPosition;
  firstDirect: StoredPosition | null;
  confidence: number;
  articleIds: Set<number>;
}

/** One date of one pair: its statements merged as they arrive, in any order. */
interface DatePoint {
  published: string;
  stances: Map<Polarity, Stance>;
  ids: number[];
  reviewed: boolean;
  corrected: boolean;
}

function addToPoint(point: DatePoint | undefined, p: StoredPosition): DatePoint {
  const d: DatePoint = point ?? {
    published: p.published ?? '',
    stances: new Map(),
    ids: [],
    reviewed: true,
    corrected: false,
  };
  d.ids.push(p.id);
  if (!p.review) d.reviewed = false;
  else if (p.review.verdict === 'corrected') d.corrected = true;
  const s = d.stances.get(p.polarity);
  const direct = p.reported !== 'alleged';
  if (!s) {
    d.stances.set(p.polarity, {
      count: 1,
      last: p,
      first: p,
      firstDirect: direct ? p : null,
      confidence: p.confidence ?? 0,
      articleIds: new Set([p.articleId]),
    });
    return d;
  }
  s.count++;
  if (later(p, s.last) > 0) s.last = p;
  if (later(p, s.first) < 0) s.first = p;
  if (direct && (!s.firstDirect || later(p, s.firstDirect) < 0)) s.firstDirect = p;
  s.confidence = Math.max(s.confidence, p.confidence ?? 0);
  s.articleIds.add(p.articleId);
  return d;
}

/** The merged side of one date: majority stance (a tie to the later statement), mixed when split. */
function sideOf(d: DatePoint): TimelinePoint {
  const stanced = [...d.stances.keys()].filter((k) => k !== 'neutral');
  const candidates = stanced.length > 0 ? stanced : (['neutral'] as Polarity[]);
  const polarity = candidates.reduce((best, k) => {
    const a = d.stances.get(k);
    const b = d.stances.get(best);
    if (!a || !b) return a ? k : best;
    const diff = a.count - b.count;
    return diff > 0 || (diff === 0 && later(a.last, b.last) > 0) ? k : best;
  });
  const chosen = d.stances.get(polarity) ?? [...d.stances.values()][0];
  if (!chosen) throw new Error('a date point without statements');
  // The quote shown: a first-hand statement with the chosen polarity if there is one.
  const rep = chosen.firstDirect ?? chosen.first;
  return {
    polarity,
    mixed: d.stances.has('supports') && d.stances.has('opposes'),
    published: rep.published,
    datePrecision: rep.datePrecision,
    claim: rep.claim,
    speaker: rep.speaker,
    evidence: rep.evidence.text,
    reported: rep.reported,
    relayer: rep.relayer ?? null,
    // A side is as solid as the best statement behind its chosen stance.
    confidence: chosen.confidence,
    articleId: rep.articleId,
    file: rep.file,
    url: rep.url,
    title: rep.title,
    source: rep.source,
    // Sorted, so the result does not depend on the order statements arrived in.
    positionIds: [...d.ids].sort((a, b) => a - b),
    // Reviewed when every statement behind the side is; corrected when any of them was.
    review: d.reviewed ? (d.corrected ? 'corrected' : 'confirmed') : null,
    sources: chosen.articleIds.size,
    articleIds: [...chosen.articleIds].sort((a, b) => a - b),
  };
}

/** A pair's dates: every statement's, and the solid ones' (those decide when there are any). */
interface PairState {
  actor: string;
  topic: string;
  all: Map<string, DatePoint>;
  /** Those read from a word, not guessed (above `GUESSED_CONFIDENCE`). */
  read: Map<string, DatePoint>;
  solid: Map<string, DatePoint>;
  /** The solid ones whose article gave its own date. */
  dated: Map<string, DatePoint>;
}

export interface ChangeAccumulator {
  /** Adds statements (a page at a time is fine; the order does not matter). */
  add(positions: Iterable<StoredPosition>): void;
  /** The changes of everything added. */
  result(): Change[];
}

/**
 * Compares statements as they come. Per actor × topic it keeps one merged point per publication date
 * (counts, the quote to show, the ids behind it), not the statements, so memory grows with pairs ×
 * dates rather than with the corpus, and a pair with 40,000 statements costs 40,000 steps.
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
  const inWindow = (published: string) => {
    const { first, last } = rangeOf(published);
    return last >= options.since && (!options.until || first <= options.until);
  };
  const byDate = (a: DatePoint, b: DatePoint) => {
    const da = rangeOf(a.published).first;
    const db = rangeOf(b.published).first;
    return da < db ? -1 : da > db ? 1 : a.published.localeCompare(b.published);
  };
  return {
    add(positions) {
      for (const p of positions) {
        if (!p.published || !inWindow(p.published)) continue;
        const key = `${p.actor}\u0000${p.topic}`;
        let state = pairs.get(key);
        if (!state)
          pairs.set(
            key,
            (state = {
              actor: p.actor,
              topic: p.topic,
              all: new Map(),
              read: new Map(),
              solid: new Map(),
              dated: new Map(),
            }),
          );
        state.all.set(p.published, addToPoint(state.all.get(p.published), p));
        if ((p.confidence ?? 1) > GUESSED_CONFIDENCE)
          state.read.set(p.published, addToPoint(state.read.get(p.published), p));
        if ((p.confidence ?? 1) >= floor) {
          state.solid.set(p.published, addToPoint(state.solid.get(p.published), p));
          // Dated by the article itself, not by when its file was copied (precision "unknown").
          if (p.datePrecision !== 'unknown')
            state.dated.set(p.published, addToPoint(state.dated.get(p.published), p));
        }
      }
    },
    result() {
      const changes: Change[] = [];
      for (const state of pairs.values()) {
        // The solid statements the articles date decide a pair: a file's copy time says nothing about
        // when a statement was made, and as "today" it would always be the latest word. Then the
        // solid ones; then those read from a word; guesses only when there is nothing else.
        const decide =
          state.dated.size > 0
            ? state.dated
            : state.solid.size > 0
              ? state.solid
              : state.read.size > 0
                ? state.read
                : state.all;
        const points = [...decide.values()].sort(byDate);
        const timeline = confirmedBy(points.map(sideOf), state, decide);
        const first = timeline[0];
        const latest = timeline[timeline.length - 1];
        if (!first || !latest) continue;
        const before = timeline.length > 1 ? sideOnly(first) : null;
        const after = sideOnly(latest);
        // A stance stated firmly once and echoed by weaker statements on other dates is restated, never
        // moved: those echoes only confirm it. Weaker worded statements of other dates that do not echo it
        // make no move either, but the actor did speak of the topic then: not a new voice.
        const echoed = points.length === 1 && (timeline.length > 1 || heardOnOtherDates(state.read, decide));
        changes.push({
          actor: state.actor,
          topic: state.topic,
          kind: echoed ? 'unchanged' : classify(before, after),
          before,
          after,
          confidence: Math.min(after.confidence, before?.confidence ?? after.confidence),
          timeline,
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

/**
 * A pair decided by statements of one date only: the weaker statements of other dates (dated by their
 * articles) that say the same are added to its timeline, so a stance repeated over time reads as
 * unchanged rather than new. Weak statements that disagree are still left out: they never make a move.
 */
function confirmedBy(
  timeline: TimelinePoint[],
  state: PairState,
  decide: Map<string, DatePoint>,
): TimelinePoint[] {
  const only = timeline.length === 1 ? timeline[0] : undefined;
  if (!only || only.polarity === 'neutral' || only.mixed) return timeline;
  const echoes = [...state.all.values()]
    .filter((d) => !decide.has(d.published))
    .map(sideOf)
    .filter((side) => side.polarity === only.polarity && !side.mixed && side.datePrecision !== 'unknown');
  if (echoes.length === 0) return timeline;
  // The order of `byDate`: first day a date can mean, then the date as written.
  const key = (side: TimelinePoint) => `${dateRange(side.published ?? '').first} ${side.published ?? ''}`;
  return [only, ...echoes].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Whether worded statements the articles date were made on dates the deciding statements do not cover. */
function heardOnOtherDates(read: Map<string, DatePoint>, decide: Map<string, DatePoint>): boolean {
  for (const [published, point] of read) {
    if (decide.has(published)) continue;
    if ([...point.stances.values()].some((s) => s.first.datePrecision !== 'unknown')) return true;
  }
  return false;
}

export function computeChanges(positions: Iterable<StoredPosition>, options: CompareOptions): Change[] {
  const acc = createChangeAccumulator(options);
  acc.add(positions);
  return acc.result();
}
