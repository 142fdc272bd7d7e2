// Participle cues: "X said A, adding that B" (pass 'participle', splitting an attribution found by
// another pass) and "Trump tried to use the ad, accusing her of …" (pass 'participle-subject': the
// participle attributes to the name or pronoun opening the sentence).
import type { Attribution, Span } from '../../../model.js';
import { PRONOUNS, TITLES } from '../../cues.js';
import type { Candidate, PassId, SentenceContext } from '../context.js';
import { reportedFields } from '../context.js';
import { sourceBefore } from '../sources.js';
import {
  DATELINE,
  PARTICIPLE_CUE,
  TIME_WORDS,
  isCap,
  isWord,
  mkSpan,
  tokAt,
  trimSpan,
  type Tok,
} from '../tokens.js';

/**
 * "Lee sent a letter to the board urging …", "Lee posted tweets early Friday saying that …": a
 * participle of speech after a written or spoken message, no comma needed.
 */
const MESSAGE_PARTICIPLE =
  /\b(?:letter|statement|tweets?|message|memo|e-?mail|release|video|post|note|op-ed|column|ad|advertisement|filing|petition|resolution|editorial|speech|interview)\b[^,.;:“”"]{0,40}?\s(saying|calling for|calling|urging|announcing|warning|arguing|claiming|asking|demanding|accusing|criticizing|praising|declaring|stating|welcoming|insisting|explaining)\b(\s+that)?\s*/i;

/** "In 1990, …", "Last week, …", "After the vote, …": where the main clause starts past a fronted adjunct. */
function mainClauseStart({ toks, body, sentence }: SentenceContext): number {
  // Past a dateline first ("LONDON — Tusk softened …").
  const dateline = DATELINE.exec(body.slice(sentence.start, sentence.start + 80));
  const at = sentence.start + (dateline?.[0].length ?? 0);
  const f0 = Math.max(
    0,
    toks.findIndex((t) => t.start >= at),
  );
  const first = tokAt(toks, f0).lower;
  if (!FRONTED_OPENER.test(first) && !TIME_WORDS.test(first)) return f0;
  for (let c = f0 + 1; c < toks.length && c < f0 + 14; c++) if (toks[c]?.text === ',') return c + 1;
  return f0;
}
const FRONTED_OPENER =
  /^(in|on|at|after|before|during|since|by|for|with|under|over|following|amid|despite|earlier|later|last|this|also|meanwhile|separately|instead|still|however|yet|but|and)$/;

/**
 * The subject of the main clause, as token indexes: the name or pronoun opening it (a run of
 * capitalised words), else the noun phrase before its first finite verb ("the city council blocked").
 */
function mainSubject(toks: Tok[], from: number, before: number): [number, number] | null {
  let n = from;
  while (
    n < before &&
    n - from < 5 &&
    (isCap(toks[n]) || TITLES.has(tokAt(toks, n).lower)) &&
    isWord(toks[n])
  )
    n++;
  const first = tokAt(toks, from).lower;
  if (PRONOUNS.has(first) && first !== 'it') return [from, from];
  const next = toks[n];
  if (n > from && !/^(the|a|an|this|that|there)$/.test(first) && next && !isCap(next) && next.pos !== 'NOUN')
    return [from, n - 1];
  for (let v = from + 1; v < before; v++) {
    const t = tokAt(toks, v);
    // "The bank's chief economist, Ana Lee, took …": a name in apposition to the subject.
    const past = t.text === ',' ? appositiveName(toks, v, before) : -1;
    const verb = toks[past + 1];
    if (past > 0 && verb && (verb.pos === 'VERB' || verb.pos === 'AUX') && !/ing$/.test(verb.lower))
      return [from, past - 1];
    if (t.text === ',' || t.text === '(' || /^[“"”]$/.test(t.text)) return null;
    if ((t.pos === 'VERB' || t.pos === 'AUX') && !isCap(t) && !/ing$/.test(t.lower))
      return sourceBefore(toks, v, from);
  }
  return null;
}

/** The closing comma of ", Ana Lee," at `comma` (a run of one to four capitalised words), else -1. */
function appositiveName(toks: Tok[], comma: number, before: number): number {
  let n = comma + 1;
  while (n < before && n - comma <= 4 && isCap(toks[n]) && isWord(toks[n])) n++;
  return n > comma + 1 && n < before && toks[n]?.text === ',' ? n : -1;
}

export function participleSubjectPass(ctx: SentenceContext): Candidate[] {
  const { toks, body, sentence } = ctx;
  const comma = PARTICIPLE_CUE.exec(sentence.text);
  const m = comma ?? MESSAGE_PARTICIPLE.exec(sentence.text);
  if (!m || m.index <= (comma ? 15 : 4) || !m[1]) return [];
  const cueStart = sentence.start + m.index + m[0].indexOf(m[1]);
  let cueTok = 0;
  while (cueTok < toks.length && tokAt(toks, cueTok).start < cueStart) cueTok++;
  const from = mainClauseStart(ctx);
  const subject = from < cueTok ? mainSubject(toks, from, cueTok) : null;
  if (!subject) return [];
  const restStart = sentence.start + m.index + (m[2] ? m[0].lastIndexOf('that') : m[0].length);
  const content = trimSpan(body, restStart, sentence.end);
  if (!content) return [];
  const source = mkSpan(body, tokAt(toks, subject[0]).start, tokAt(toks, subject[1]).end);
  return [
    {
      via: 'participle-subject',
      source,
      cue: mkSpan(body, cueStart, cueStart + m[1].length),
      content,
      ...reportedFields(ctx),
      speakerRef: { text: source.text, role: null },
      sentence,
    },
  ];
}

type Splittable = Omit<Attribution, 'speaker'> & { via: PassId };

function participleOf<T extends Splittable>(
  a: T,
  body: string,
  cueStart: number,
  cueLen: number,
  content: Span,
): T {
  return {
    ...a,
    via: 'participle',
    cue: mkSpan(body, cueStart, cueStart + cueLen),
    content,
    kind: 'indirect',
    reported: a.reported === 'alleged' ? 'alleged' : 'indirect',
  };
}

/** '"…," she told the council, adding that B': after a quote, the participle follows the cue. */
function afterQuote<T extends Splittable>(body: string, a: T): T | null {
  const after = a.cue && a.content.end <= a.cue.start ? Math.max(a.cue.end, a.source?.end ?? 0) : -1;
  const tail = after >= 0 && after < a.sentence.end ? body.slice(after, a.sentence.end) : '';
  const t = PARTICIPLE_CUE.exec(tail);
  // Only within a few words of the cue ("she told the council, adding …"), not a later clause.
  if (!t || !t[1] || t.index > 60 || /[“”"]/.test(tail.slice(0, t.index))) return null;
  const cueStart = after + t.index + t[0].indexOf(t[1]);
  const restStart = after + t.index + (t[2] ? t[0].lastIndexOf('that') : t[0].length);
  const content = trimSpan(body, restStart, a.sentence.end);
  return content ? participleOf(a, body, cueStart, t[1].length, content) : null;
}

/** "X said A, adding that B": B is a second attribution of the same speaker, cued by the participle. */
export function splitParticiples<T extends Splittable>(body: string, atts: T[]): T[] {
  const out: T[] = [];
  for (const a of atts) {
    const m = a.content.fragments ? null : PARTICIPLE_CUE.exec(a.content.text);
    if (!m || !m[1] || m.index < 8) {
      out.push(a);
      const p = afterQuote(body, a);
      if (p) out.push(p);
      continue;
    }
    const cueStart = a.content.start + m.index + m[0].indexOf(m[1]);
    // Annotators keep the complementizer ("that B"), as for "said that".
    const restStart = a.content.start + m.index + (m[2] ? m[0].lastIndexOf('that') : m[0].length);
    const first = trimSpan(body, a.content.start, a.content.start + m.index);
    // What the participle introduces runs to the sentence's end, even where the first content was
    // cut short ("its plan to …, saying it no longer has a preferred option").
    const second = trimSpan(body, restStart, Math.max(a.content.end, a.sentence.end));
    if (!first || !second) {
      out.push(a);
      continue;
    }
    out.push({ ...a, content: first });
    out.push(participleOf(a, body, cueStart, m[1].length, second));
  }
  return out;
}
