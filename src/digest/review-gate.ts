// The review gate (pure): whether a list that requires review may send its scheduled digest now. A
// change is confirmed when an analyst reviewed every statement behind both of its sides.
import type { Change } from '../model.js';

export type GateDecision =
  /** Every change is confirmed (or there is none): send as composed. */
  | 'send'
  /** Some change awaits review and the deadline has not passed: send nothing yet. */
  | 'hold'
  /** The deadline has passed: send only the confirmed changes. */
  | 'confirmed-only';

export const isConfirmed = (c: Change): boolean =>
  Boolean(c.after.review) && (!c.before || Boolean(c.before.review));

export function gateDigest(
  changes: Change[],
  now: Date,
  deadline: Date,
): { decision: GateDecision; pending: Change[]; confirmed: Change[] } {
  const confirmed = changes.filter(isConfirmed);
  const pending = changes.filter((c) => !isConfirmed(c));
  const decision = pending.length === 0 ? 'send' : now < deadline ? 'hold' : 'confirmed-only';
  return { decision, pending, confirmed };
}
