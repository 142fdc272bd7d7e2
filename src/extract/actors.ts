// Speaker → actor: a watched actor named in the speaker's name ("Vladimir Putin"), in the source phrase
// ("U.S. officials", "the Kremlin") or in a stated affiliation ("an aide to the Polish president").
// A former official speaks for themselves, not for the state. Pure.
import type { Speaker } from '../model.js';
import type { CompiledWatchlist } from './matcher.js';

const FORMER = /\b(former|ex-|retired|one-time|onetime|erstwhile|then-)\b|\bex-/i;

/**
 * The actor a speaker stands for, or null. Looks at the resolved name first, then the role, then the
 * raw source phrase; in each, the first watched actor named wins.
 */
export function resolveActor(
  speaker: Speaker | null,
  sourceText: string | null,
  compiled: CompiledWatchlist,
): string | null {
  const role = speaker?.role ?? '';
  const before = sourceText ?? '';
  if (FORMER.test(role) || FORMER.test(before)) return null;
  for (const text of [speaker?.name ?? '', role, before]) {
    if (!text) continue;
    const hit = compiled.actors.all(text)[0];
    if (hit) return hit.id;
  }
  return null;
}
