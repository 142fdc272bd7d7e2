// Compare (pure): stored positions in, changes out. For every actor × topic stated in the window, the
// position as first stated (then) is compared with the latest (now). Statements from one date are
// merged into one side by majority; a side whose statements disagree is marked mixed, and a change
// involving a mixed side is never called a reversal.
import { dateRange } from '../ingest/dates.js';
import type { Change, ChangeKind, ChangeSide, Polarity, ReviewVerdict, TimelinePoint } from '../model.js';
import type { StoredPosition as Stored } from '../store/types.js';

/** A stored position as compared: with an analyst's review mark once overrides are applied (overrides.ts). */
type StoredPosition = Stored & { review?: { verdict: Exclude<ReviewVerdict, 'rejected'> } | null };

/** A side is reviewed when every statement behind it is; corrected when any of them was corrected. */
function sideReview(group: StoredPosition[]): ChangeSide['review'] {
  if (group.some((p) => !p.review)) return null;
  return group.some((p) => p.review?.verdict === 'corrected') ? 'corrected' : 'confirmed';
}

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

/** The statements that decide a pair: its solid ones, or all of them when none is solid. */
function deciding(list: StoredPosition[], floor: number): StoredPosition[] {
  const solid = list.filter((p) => (p.confidence ?? 1) >= floor);
  return solid.length > 0 ? solid : list;
}

const KIND_ORDER: ChangeKind[] = [
  'reversed',
  'shifted',
  'hardened',
  'softened',
  'new',
  'unchanged',
  'dropped',
];

function byDate(a: StoredPosition, b: StoredPosition): number {
  const da = dateRange(a.published ?? '').first;
  const db = dateRange(b.published ?? '').first;
  return da < db ? -1 : da > db ? 1 : a.articleId - b.articleId || a.ordinal - b.ordinal;
}

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
  const confidence = Math.max(...matching.map((p) => p.confidence ?? 0), 0);
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
    positionIds: group.map((p) => p.id),
    review: sideReview(group),
  };
}

/** A date's statements as one timeline point, with the number of articles behind its stance. */
export function timelinePoint(group: StoredPosition[]): TimelinePoint {
  const side = mergeSide(group);
  const backing = group.filter((p) => p.polarity === side.polarity);
  const articleIds = [...new Set(backing.map((p) => p.articleId))];
  return { ...side, sources: articleIds.length, articleIds };
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

export function computeChanges(positions: StoredPosition[], options: CompareOptions): Change[] {
  const inWindow = positions.filter((p) => {
    if (!p.published) return false;
    const { first, last } = dateRange(p.published);
    return last >= options.since && (!options.until || first <= options.until);
  });
  const pairs = new Map<string, StoredPosition[]>();
  for (const p of inWindow) {
    const key = `${p.actor}\u0000${p.topic}`;
    const group = pairs.get(key);
    if (group) group.push(p);
    else pairs.set(key, [p]);
  }
  const changes: Change[] = [];
  const floor = options.minConfidence ?? SOLID_CONFIDENCE;
  for (const all of pairs.values()) {
    const list = deciding(all, floor).sort(byDate);
    const groups: StoredPosition[][] = [];
    for (const p of list) {
      const last = groups[groups.length - 1];
      if (last && last[0]?.published === p.published) last.push(p);
      else groups.push([p]);
    }
    const first = groups[0];
    const latest = groups[groups.length - 1];
    const head = list[0];
    if (!first || !latest || !head) continue;
    const after = mergeSide(latest);
    const before = groups.length > 1 ? mergeSide(first) : null;
    changes.push({
      actor: head.actor,
      topic: head.topic,
      kind: classify(before, after),
      before,
      after,
      confidence: Math.min(after.confidence, before?.confidence ?? after.confidence),
      timeline: groups.map(timelinePoint),
    });
  }
  return changes.sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      a.actor.localeCompare(b.actor) ||
      a.topic.localeCompare(b.topic),
  );
}
