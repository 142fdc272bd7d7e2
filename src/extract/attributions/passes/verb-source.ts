// The source of a cue verb: an appositive name ("Anna Berg, an adviser, said"), an inverted source
// ("…, said the minister"), the subject before an aside, or the subject before the cue.
import { TITLES } from '../../cues.js';
import {
  APPOSITIVE_HEADS,
  SOURCE_STOP,
  afterDatelineTok,
  isCap,
  isWord,
  tokAt,
  type Tok,
} from '../tokens.js';
import { isFiller, sourceAfter, sourceBefore, subjectBeforeAside } from '../sources.js';
import { CLOSE_Q } from '../tokens.js';

export interface VerbSource {
  src: [number, number];
  inverted: boolean;
  appositive: boolean;
}

/** "Ann Lee, 59, of Ashton, Md., said": one comma-separated chunk read back from `right`. */
function asideChunk(
  toks: Tok[],
  k: number,
  right: number,
  chunk: number,
): { c: number; span: [number, number] | null } | null {
  let c = right - 1;
  while (c >= 0 && toks[c]?.text !== ',' && right - c < 32) c--;
  if (c <= 0 || toks[c]?.text !== ',') return null;
  // State abbreviations keep their period as a token of its own ("Md.").
  const inner = toks.slice(c + 1, right).filter((x) => x.text !== '.');
  const det = inner[0];
  if (!det) return null;
  const innerIsName =
    chunk === 0 &&
    inner.length <= 4 &&
    inner.every((x) => isCap(x) || /^(de|van|von|al|bin|jr\.?)$/i.test(x.text));
  const innerIsAside =
    /^(a|an|the|its|his|her|their|our|who|whose|which|of|from|one|among|\d+)$/i.test(det.text) ||
    APPOSITIVE_HEADS.test(det.text) ||
    TITLES.has(det.lower) ||
    (inner.length <= 3 && inner.every((x) => isCap(x)));
  if (!innerIsName && !innerIsAside) return null;
  // "Rep. Ina Vale (D-N.Y.), chairman of …": a short parenthetical after the name is part of it.
  let nameEnd = c - 1;
  if (toks[nameEnd]?.text === ')') {
    let o = nameEnd - 1;
    while (o > 0 && toks[o]?.text !== '(' && nameEnd - o < 8) o--;
    if (toks[o]?.text === '(') nameEnd = o - 1;
  }
  let b = nameEnd;
  // "Fish and Wildlife Service": a lower-case joiner between capitalised words stays in the name.
  const joiner = (x: number) =>
    /^(and|of|for)$/.test(tokAt(toks, x).lower) && isCap(toks[x - 1]) && isCap(toks[x + 1]);
  const inName = (x: number) => isWord(toks[x]) && (!SOURCE_STOP.has(tokAt(toks, x).lower) || joiner(x));
  while (b - 1 >= 0 && inName(b - 1) && c - b < 8) b--;
  // '“…,” Ina Vale, the mayor, said': the name may also follow the quote it signs.
  // "But Ana Lee, a senior fellow, said": a conjunction opening the sentence or clause.
  const conj =
    /^(but|and|yet|so|while|although|though)$/.test(tokAt(toks, b - 1).lower) &&
    (b === 1 || !isWord(toks[b - 2]));
  const startsClause = b === 0 || conj || /^[,;:(—–-]$|^[”"’]$/.test(tokAt(toks, b - 1).text);
  // "A lawyer for the families, Ana Lee, said": a role noun phrase before the name.
  const head = toks[nameEnd];
  const headed = isCap(head) || (innerIsName && (head?.pos === 'NOUN' || TITLES.has(head?.lower ?? '')));
  const ok = nameEnd >= 0 && startsClause && headed && (innerIsName || !inner.every((x) => isCap(x)));
  // The whole "X, role," phrase is the source when the aside is the name; else the name.
  return { c, span: ok ? (innerIsName ? [b, k - 2] : [b, c - 1]) : null };
}

/** "Anna Berg, an adviser to the president, said …": the name before up to four asides. */
function appositiveSource(toks: Tok[], k: number): [number, number] | null {
  let appositive: [number, number] | null = null;
  // A candidate that is itself an aside after a comma ("Ina Vale, the mayor of Eastport, one of the
  // towns that sued, said") gives way to the name before it, if there is one.
  const isAsideItself = (span: [number, number]) =>
    /^(a|an|the|of|from|in|at)$/i.test(tokAt(toks, span[0]).text) && toks[span[0] - 1]?.text === ',';
  let right = k - 1;
  for (let chunk = 0; chunk < 4 && (!appositive || isAsideItself(appositive)); chunk++) {
    const r = asideChunk(toks, k, right, chunk);
    if (!r) break;
    if (r.span) appositive = r.span;
    right = r.c;
  }
  return appositive;
}

/** The source of the cue at k, or null. */
export function verbSource(toks: Tok[], k: number): VerbSource | null {
  const prev = tokAt(toks, k - 1);
  let inverted = prev.text === ',' || CLOSE_Q.has(prev.text);
  if (prev.text === ',') {
    const appositive = appositiveSource(toks, k);
    if (appositive) return { src: appositive, inverted: false, appositive: true };
  }
  // "Ana Lee, a host, had previously denounced …": auxiliaries and adverbs after the appositive.
  let f = k - 1;
  while (f > 0 && isFiller(toks[f])) f--;
  if (f < k - 1 && toks[f]?.text === ',') {
    const appositive = appositiveSource(toks, f + 1);
    if (appositive) return { src: appositive, inverted: false, appositive: true };
  }
  let src: [number, number] | null = null;
  if (inverted) {
    src = sourceAfter(toks, k, toks.length);
    // "Trump, speaking to veterans, said he would …": no short source follows the cue, so the
    // comma closed an aside and the subject opens the clause before it.
    if (!src && prev.text === ',') {
      src = subjectBeforeAside(toks, k - 1);
      if (src) inverted = false;
    }
  }
  // A dateline ("LONDON —") opens the sentence but is never who speaks.
  if (!src) src = sourceBefore(toks, k, afterDatelineTok(toks));
  return src ? { src, inverted, appositive: false } : null;
}
