// A stance that carries its own counterweight. "Should not restrict the models for now, but be ready
// to act if the evidence changes"; "will sign the code, although it remains concerned the rules slow
// growth"; "no new licences, but drilling next to existing fields": the speaker is for the topic on
// terms, or for one part and against another, which a reader knows as a conditional position. Pure.
import { clauseBounds } from './clauses.js';
import type { Polarity } from '../model.js';

/** Connectors that set a clause against the one before it. */
const CONTRAST = /^[\s,;—–-]*(?:but|although|though|while|whereas|yet)\b|^[\s,;]*(?:however|still)\s*,/i;
/** A clause opening with a contrast adverb after its break ("…; however, …", "…, but still …"). */
const OPENS_WITH_CONTRAST = /^(?:however|nevertheless|nonetheless|still)\b/i;

/** Whether a clause, after the break `gap` before it, is set against the clause before ("…, but …"). */
export function setAgainst(gap: string, clause: string): boolean {
  return CONTRAST.test(gap) || OPENS_WITH_CONTRAST.test(clause);
}

export interface ClauseFacts {
  /** The clause names the topic by one of its phrases. */
  topic: boolean;
  /** The clause names another watched topic or another watched actor: its stance is not ours. */
  other: boolean;
  /** The clause names the topic or refers back to it ("the cut", "it"). */
  refers: boolean;
}

export interface HedgeReader {
  /** The clause's polarity on the topic, read without the statement's cue. */
  polarity(clause: string): Polarity;
  /** The clause sets a condition ("only if", "act if needed", "unless") or names one of the topic's terms. */
  condition(clause: string): boolean;
  facts(clause: string): ClauseFacts;
}

/** Words of reservation: "although it warned …", "but remains concerned …". */
const RESERVATION =
  /\b(?:warn(?:s|ed|ing)?|caution(?:s|ed|ing)?|concern(?:s|ed)?|worr(?:y|ies|ied)|fear(?:s|ed)?|reservations?|misgivings?)\b/i;

const opposite = (a: Polarity, b: Polarity) =>
  (a === 'supports' && b === 'opposes') || (a === 'opposes' && b === 'supports');

/**
 * Whether a statement whose stance on the topic is `own` (for or against) holds, in a clause set
 * against it by "but", "although", "while" …, the opposite stance on the same topic or a condition
 * ("act if needed"): then its position is conditional. A contrasting clause about another topic or
 * another actor ("…, while Russia rejects it") is theirs, not a hedge.
 */
export function hedgedByContrast(scope: string, own: Polarity, reader: HedgeReader): boolean {
  if (own !== 'supports' && own !== 'opposes') return false;
  const bounds = clauseBounds(scope);
  if (bounds.length < 2) return false;
  const clauses = bounds.map(([a, b]) => scope.slice(a, b));
  // Each clause is read only when a contrast touches it (most statements have none).
  const read = new Map<
    number,
    { facts: ClauseFacts; polarity: Polarity; condition: boolean; reserved: boolean }
  >();
  const side = (k: number) => {
    const clause = clauses[k] ?? '';
    let r = read.get(k);
    if (!r) {
      r = {
        facts: reader.facts(clause),
        polarity: reader.polarity(clause),
        condition: reader.condition(clause),
        reserved: RESERVATION.test(clause),
      };
      read.set(k, r);
    }
    return r;
  };
  for (let i = 1; i < bounds.length; i++) {
    const gap = scope.slice(bounds[i - 1]?.[1] ?? 0, bounds[i]?.[0] ?? 0);
    if (!setAgainst(gap, clauses[i] ?? '')) continue;
    const before = side(i - 1);
    const after = side(i);
    // One side states our stance on the topic; the other turns it into terms.
    const sides = [
      [before, after],
      [after, before],
    ] as const;
    for (const [stated, counter] of sides) {
      // The topic is named on one side at least ("would sign the code, although … the AI Act …").
      if (stated.polarity !== own || counter.facts.other) continue;
      if (!stated.facts.topic && !counter.facts.topic) continue;
      if (counter.condition || counter.polarity === 'conditional') return true;
      // A reservation about something else ("although he warned supply was low") leaves the stance.
      if (counter.reserved && counter.facts.refers) return true;
      // The opposite stance on the topic, named or referred to ("but wanted the rules narrowed").
      if (counter.facts.refers && opposite(own, counter.polarity)) return true;
    }
  }
  return false;
}
