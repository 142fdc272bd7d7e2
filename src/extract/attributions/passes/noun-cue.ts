// Pass 'noun-cue': "X's assessment is that …" / "X's view: …" / "her decision to …" / "his claim that …".
import { CUE_NOUNS } from '../../cues.js';
import type { Candidate, SentenceContext } from '../context.js';
import { reportedFields } from '../context.js';
import { isCap, isPossessive, mkSpan, tokAt, trimSpan, type Tok } from '../tokens.js';

/** Nouns of stance that take a clause: "his claim that …", "her decision to …", "its criticism of …". */
const STANCE_NOUNS: Record<string, RegExp> = {
  that: /^(claims?|conclusion|argument|insistence|belief|assertion|suggestion|contention|admission|acknowledge?ment|emphasis|view|warning|assessment|promise|pledge|hope|fear|concern|message|statement)$/,
  to: /^(decision|determination|plans?|proposal|promises?|refusal|threat|pledge|vow|call|eagerness|willingness|desire|intention|commitment|offer|demand|push)$/,
  of: /^(criticism|support|rejection|defen[cs]e|endorsement|praise|condemnation|adulation|dismissal|denunciation|opposition)$/,
};

const POSSESSIVE_PRONOUNS: ReadonlySet<string> = new Set(['his', 'her', 'their', 'its']);

/** The owner of a possessive at k ("Lee's", "the mayor's", "her"): its token range, or null. */
function possessor(toks: Tok[], k: number): [number, number] | null {
  const t = tokAt(toks, k);
  if (POSSESSIVE_PRONOUNS.has(t.lower)) return [k, k];
  if (!isPossessive(t.text) || t.text.length < 3) return null;
  let b = k;
  while (b - 1 >= 0 && isCap(toks[b - 1]) && k - b < 4) b--;
  if (!isCap(toks[b]) && toks[b - 1]?.lower === 'the') b--;
  return [b, k];
}

/**
 * Where a noun's clause ends: at the verb of the sentence it is the subject of ("her decision to
 * leave | angered them"), the first finite verb after a noun phrase once `own` of the clause's own
 * verbs are passed; the sentence end when there is none.
 */
function phraseEnd(toks: Tok[], from: number, own: number): number {
  let seen = 0;
  for (let i = from + 1; i < toks.length; i++) {
    const t = tokAt(toks, i);
    const prev = tokAt(toks, i - 1);
    // A finite verb: an auxiliary or an -ed / -s form ("angered", "sways"), not a base form…
    const finite = t.pos === 'AUX' || (t.pos === 'VERB' && /[^s](ed|s)$/.test(t.lower));
    // …right after a noun phrase, not a pronoun ("the sway he has" is a relative clause).
    if (!finite || prev.lower === 'to' || !/^(NOUN|PROPN|ADJ|ADV|NUM)$/.test(prev.pos ?? '')) continue;
    if (seen++ >= own) return i;
  }
  return toks.length;
}

/** "her decision to meet …", "his claim that …": a possessor, a stance noun and its clause. */
function possessiveStance(ctx: SentenceContext): Candidate | null {
  const { toks, body } = ctx;
  for (let k = 0; k + 2 < toks.length; k++) {
    const owner = ctx.inQuote[k] ? null : possessor(toks, k);
    if (!owner) continue;
    let n = k + 1;
    while (n < k + 3 && tokAt(toks, n).pos === 'ADJ' && !isCap(toks[n])) n++;
    const noun = tokAt(toks, n);
    const next = tokAt(toks, n + 1);
    if (!STANCE_NOUNS[next.lower]?.test(noun.lower)) continue;
    const fromIdx = next.lower === 'of' ? n + 2 : n + 1;
    const from = toks[fromIdx];
    const stop = toks[phraseEnd(toks, fromIdx, next.lower === 'that' ? 1 : 0)];
    const content = from ? trimSpan(body, from.start, stop ? stop.start : ctx.sentence.end) : null;
    if (!content) continue;
    const first = tokAt(toks, owner[0]);
    const last = tokAt(toks, owner[1]);
    const end = isPossessive(last.text) ? last.end - 2 : last.end;
    const source = mkSpan(body, first.start, end);
    return {
      via: 'noun-cue',
      source,
      cue: mkSpan(body, noun.start, next.lower === 'of' ? next.end : noun.end),
      content,
      ...reportedFields(ctx),
      speakerRef: { text: source.text, role: null },
      sentence: ctx.sentence,
    };
  }
  return null;
}

export function nounCuePass(ctx: SentenceContext): Candidate[] {
  const found = ownerCue(ctx);
  if (found.length > 0) return found;
  const stance = possessiveStance(ctx);
  return stance ? [stance] : [];
}

function ownerCue(ctx: SentenceContext): Candidate[] {
  const { toks, body } = ctx;
  for (let k = 0; k + 2 < toks.length; k++) {
    const owner = tokAt(toks, k);
    if (ctx.inQuote[k] || !isPossessive(owner.text) || !isCap(owner)) continue;
    const noun = tokAt(toks, k + 1);
    if (!CUE_NOUNS.has(noun.lower)) continue;
    // "X's view is that …", "X's warning: …", "X's announcement of …"; not "X's comments came …".
    if (!/^(is|was|that|:|,|of|on|about)$/.test(toks[k + 2]?.lower ?? '')) continue;
    let b = k;
    while (b - 1 >= 0 && isCap(toks[b - 1]) && k - b < 4) b--;
    let c = k + 2;
    while (c < toks.length && /^(is|was|that|:|,)$/.test(tokAt(toks, c).lower) && c - k < 5) c++;
    const from = toks[c];
    const content = from ? trimSpan(body, from.start, ctx.sentence.end) : null;
    if (!content) continue;
    const source = mkSpan(body, tokAt(toks, b).start, owner.end - 2);
    return [
      {
        via: 'noun-cue',
        source,
        cue: mkSpan(body, noun.start, noun.end),
        content,
        ...reportedFields(ctx),
        speakerRef: { text: source.text, role: null },
        sentence: ctx.sentence,
      },
    ];
  }
  return [];
}
