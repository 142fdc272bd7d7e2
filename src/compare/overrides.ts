// Review overrides (pure): an analyst's verdicts on extracted positions, applied to the positions that
// compare reads. An override is keyed on what stays the same when the same article is ingested again
// (its lineage, the actor and topic as extracted, the evidence text), so a new version of the article
// that only changes other paragraphs keeps every verdict; an edited sentence is a new statement and goes
// back to the review queue.
import { createHash } from 'node:crypto';
import type { Polarity, ReviewOverride, ReviewVerdict } from '../model.js';
import type { StoredPosition } from '../store/types.js';
import { SOLID_CONFIDENCE } from './index.js';

/** What an analyst did to a reviewed position (shown in changes, the digest trust rules and the queue). */
export interface ReviewMark {
  verdict: Exclude<ReviewVerdict, 'rejected'>;
  by: string;
  at: string;
  note: string | null;
}

/** A stored position as compare reads it: overrides applied, with its identity and review mark. */
export interface ReviewedPosition extends StoredPosition {
  /** The position's identity across re-ingests (the override key). */
  key: string;
  /** null while no analyst has reviewed it (or the review no longer fits what was extracted). */
  review: ReviewMark | null;
  /** The extractor's own confidence (before a review lifted it to the solid floor). */
  extractedConfidence: number;
}

/** One thing an analyst does to a position. */
export type ReviewAction =
  | { kind: 'confirm' }
  | { kind: 'reject' }
  | { kind: 'set-polarity'; polarity: Polarity }
  | { kind: 'set-actor'; actor: string }
  | { kind: 'set-topic'; topic: string }
  /** All three at once (the review desk's form): the override then holds exactly these values. */
  | { kind: 'correct'; polarity: Polarity; actor: string; topic: string };

/** Whitespace differences (re-wrapped paragraphs, a changed line break) do not make another sentence. */
export const normalizeEvidence = (text: string): string => text.normalize('NFC').replace(/\s+/g, ' ').trim();

/** The identity of a position across re-ingests of its article. */
export function positionKey(p: Pick<StoredPosition, 'articleKey' | 'actor' | 'topic' | 'evidence'>): string {
  return createHash('sha256')
    .update([p.articleKey, p.actor, p.topic, normalizeEvidence(p.evidence.text)].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}

function verdictOf(o: Pick<ReviewOverride, 'polarity' | 'correctedActor' | 'correctedTopic'>): ReviewVerdict {
  return o.polarity !== null || o.correctedActor !== null || o.correctedTopic !== null
    ? 'corrected'
    : 'confirmed';
}

/**
 * The override an action leaves in force, from the one in force before (if any). Corrections add up
 * (a corrected actor stays when the polarity is corrected next); confirming keeps the corrections (the
 * analyst confirms the position as shown); setting a value back to what was extracted clears that
 * correction; rejecting keeps them on record but drops the position.
 */
export function nextOverride(
  position: StoredPosition,
  previous: ReviewOverride | null,
  action: ReviewAction,
  who: { by: string; note: string | null },
): Omit<ReviewOverride, 'id' | 'at'> {
  const base = {
    polarity: previous?.polarity ?? null,
    correctedActor: previous?.correctedActor ?? null,
    correctedTopic: previous?.correctedTopic ?? null,
  };
  if (action.kind === 'set-polarity' || action.kind === 'correct')
    base.polarity = action.polarity === position.polarity ? null : action.polarity;
  if (action.kind === 'set-actor' || action.kind === 'correct')
    base.correctedActor = action.actor === position.actor ? null : action.actor;
  if (action.kind === 'set-topic' || action.kind === 'correct')
    base.correctedTopic = action.topic === position.topic ? null : action.topic;
  return {
    key: positionKey(position),
    articleKey: position.articleKey,
    evidence: normalizeEvidence(position.evidence.text),
    actor: position.actor,
    topic: position.topic,
    extractedPolarity: position.polarity,
    ...base,
    verdict: action.kind === 'reject' ? 'rejected' : verdictOf(base),
    by: who.by,
    note: who.note,
  };
}

/**
 * Applies the overrides in force: a rejected position is dropped; a confirmed or corrected one carries
 * the analyst's values and counts as solid (confidence at least the solid floor). A confirmation of a
 * polarity the extractor no longer reads (the extraction changed since) no longer applies: the position
 * goes back to the queue. Corrections of the polarity stand whatever the extractor reads.
 */
export function applyOverrides(
  positions: StoredPosition[],
  overrides: ReviewOverride[],
  floor = SOLID_CONFIDENCE,
): ReviewedPosition[] {
  const byKey = new Map(overrides.map((o) => [o.key, o]));
  const out: ReviewedPosition[] = [];
  for (const p of positions) {
    const key = positionKey(p);
    const o = byKey.get(key);
    const unreviewed = { ...p, key, review: null, extractedConfidence: p.confidence };
    if (!o) {
      out.push(unreviewed);
      continue;
    }
    if (o.verdict === 'rejected') continue;
    if (o.polarity === null && o.extractedPolarity !== p.polarity) {
      out.push(unreviewed);
      continue;
    }
    out.push({
      ...p,
      key,
      polarity: o.polarity ?? p.polarity,
      actor: o.correctedActor ?? p.actor,
      topic: o.correctedTopic ?? p.topic,
      confidence: Math.max(p.confidence, floor),
      extractedConfidence: p.confidence,
      review: { verdict: o.verdict, by: o.by, at: o.at, note: o.note },
    });
  }
  return out;
}
