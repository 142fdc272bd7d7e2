// "Ukraine rejected the plan, Russian state media claimed.": a speech cue signing off the sentence.
// Used by the verb-cue pass: before the sign-off, weaker cues are part of what was said.
import {
  CLOSE_Q,
  OPEN_Q,
  SIGN_OFF_CUES,
  STRONG_CUES,
  TRAILING_ADJUNCT,
  isCap,
  isWord,
  tokAt,
  type Tok,
} from '../tokens.js';

export interface SignOff {
  comma: number;
  cue: number;
}

/** "…, said Ina Vale, a senior fellow at the institute.": the cue first, then the source. */
function invertedSignOff(toks: Tok[], end: number): SignOff | null {
  for (let c = Math.max(1, end - 22); c < end - 1; c++) {
    if (toks[c]?.text !== ',' || !SIGN_OFF_CUES.has(tokAt(toks, c + 1).lower)) continue;
    const first = toks[c + 2];
    const rest = toks.slice(c + 2, end);
    if (
      c > 2 &&
      first &&
      (isCap(first) || /^(the|a|an)$/.test(first.lower)) &&
      rest.every((x) => (isWord(x) || /^[,.()'’-]$/.test(x.text)) && !STRONG_CUES.has(x.lower))
    )
      return { comma: c, cue: c + 1 };
  }
  return null;
}

/**
 * The comma before a sentence-final "…, <source> <speech cue> [when/where]." (a short source of up to
 * six words, a speech cue, then only an adjunct), or null.
 */
export function signOff(toks: Tok[]): SignOff | null {
  let end = toks.length;
  while (end > 0 && /^[.!?”"’]$/.test(tokAt(toks, end - 1).text)) end--;
  const inv = invertedSignOff(toks, end);
  if (inv) return inv;
  for (let c = end - 1; c > 0 && end - c <= 14; c--) {
    const t = tokAt(toks, c);
    if (t.text === ',' || OPEN_Q.has(t.text) || CLOSE_Q.has(t.text)) return null;
    if (!SIGN_OFF_CUES.has(t.lower)) continue;
    let b = c - 1;
    while (b >= 0 && toks[b]?.text !== ',' && c - b <= 7) b--;
    if (b <= 2 || toks[b]?.text !== ',' || c - b < 2) return null;
    const source = toks.slice(b + 1, c);
    if (!source.every((x) => isWord(x) && !SIGN_OFF_CUES.has(x.lower) && !STRONG_CUES.has(x.lower)))
      return null;
    // Then nothing, a when or where, or ", citing …".
    const after = toks.slice(c + 1, end).filter((x, i) => i > 0 || x.text !== ',');
    const next = after[0]?.lower ?? '';
    if (after.length > 0 && !TRAILING_ADJUNCT.test(next) && !/^(in|at|to)$/.test(next)) return null;
    return { comma: b, cue: c };
  }
  return null;
}
