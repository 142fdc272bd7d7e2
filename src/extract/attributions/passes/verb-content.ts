// What a cue verb introduces: the quote abutting it, both sides of an interposed "…, officials said,
// …", the clause before a sentence-final "…, X said." or the clause after the cue ("X said that …").
import type { Span } from '../../../model.js';
import { CUE_VERBS } from '../../cues.js';
import type { PassId, SQuote, SentenceContext } from '../context.js';
import { quoteEnd } from '../context.js';
import { commaBefore } from '../sources.js';
import {
  DATELINE,
  PARTICIPLE_CUE,
  SIGN_OFF_CUES,
  STRONG_CUES,
  TIME_WORDS,
  TRAILING_ADJUNCT,
  isCap,
  isWord,
  mkSpan,
  tokAt,
  trimSpan,
} from '../tokens.js';

export interface VerbContent {
  via: PassId;
  content: Span;
  /** Index of a second cue verb of the same subject ("… and urged …"), or -1. */
  secondCue: number;
}

/** All that follows a cue is where or how it was said ("…, X said in a statement on Friday."). */
const ONLY_ADJUNCT = /^\s*(?:in|at|during|via|through|to|on)\s(?![^.!?]*\bthat\b)[^,;:“”"]{0,70}[.!?]?\s*$/;
const TOLD_WHOM = /^\s*(?![^.!?]*\bthat\b)(?:[\p{L}\p{N}'’.-]+\s*){1,9}[.!?]?\s*$/u;

/** A direct quote's content is the quotation as printed, marks included (as annotators mark it). */
export function quoteContent(ctx: SentenceContext, qs: SQuote[]): Span | null {
  const frs = qs
    .filter((q) => q.close > q.open + 1)
    .map((q) => ({ start: tokAt(ctx.toks, q.open).start, end: quoteEnd(ctx, q) }));
  const first = frs[0];
  const last = frs[frs.length - 1];
  if (!first || !last || last.end - first.start < 3) return null;
  const span = mkSpan(ctx.body, first.start, last.end);
  if (frs.length > 1) span.fragments = frs;
  return span;
}

/** "The plan, officials said, would cost billions.": what was said is both sides of the aside. */
export function interposedContent(ctx: SentenceContext, srcStart: number, second: number): Span | null {
  const { toks, body } = ctx;
  let first = 0;
  while (first < srcStart - 1 && /^(but|and|so|yet)$/.test(tokAt(toks, first).lower)) first++;
  const a = trimSpan(body, tokAt(toks, first).start, tokAt(toks, srcStart - 1).start);
  const b = trimSpan(body, tokAt(toks, second).end, ctx.sentence.end);
  if (!a || !b) return null;
  const span = mkSpan(body, a.start, b.end);
  span.fragments = [
    { start: a.start, end: a.end },
    { start: b.start, end: b.end },
  ];
  return span;
}

/** True when nothing but a when, where or "…, citing" follows the cue: "X said [in June, citing …]." */
const THAT_AFTER_ADJUNCT = /^\s*(?:[\w’'-]+\s+){1,5}that\s+(?:\S+\s+){2,}/i;

function onlyAdjunctAfter(ctx: SentenceContext, cueEnd: number, cue: string): boolean {
  const { toks } = ctx;
  const rest = ctx.body.slice(tokAt(toks, cueEnd).end, ctx.sentence.end);
  const afterComma = toks[cueEnd + 1]?.text === ',' ? (toks[cueEnd + 2]?.lower ?? '') : '';
  // "In Beijing, the spokesperson said on Tuesday that China was concerned": after a short adjunct,
  // what was said follows.
  if (THAT_AFTER_ADJUNCT.test(rest)) return false;
  return (
    cueEnd >= toks.length - 3 ||
    TRAILING_ADJUNCT.test(toks[cueEnd + 1]?.lower ?? '') ||
    TRAILING_ADJUNCT.test(afterComma) ||
    // "…, she said, referencing …": a participle clause of the speaker's.
    /^[a-z]{3,}ing$/.test(afterComma) ||
    // "…, the spokesperson said, while declining to …": a clause set beside the statement.
    /^(?:while|whereas|although|though|even|as|before|after|when|but)$/.test(afterComma) ||
    ONLY_ADJUNCT.test(rest) ||
    // "…, the operator told reporters at the pier.": only whom it was told, and where.
    (/^(told|tells)$/.test(cue) && TOLD_WHOM.test(rest))
  );
}

/** True when the content of the cue is before its source: "…, X said [where/when]." */
export function signsOff(
  ctx: SentenceContext,
  srcStart: number,
  cueEnd: number,
  inverted: boolean,
  cue: string,
): boolean {
  if (srcStart <= 1) return false;
  if (inverted) return true;
  // "…, Washington backed out.", "But when …, he decided.": only a verb of saying or thinking signs off.
  if (!SIGN_OFF_CUES.has(cue) && !STRONG_CUES.has(cue) && !SAYING.test(cue)) return false;
  if (commaBefore(ctx.toks, srcStart) <= 0) return false;
  return onlyAdjunctAfter(ctx, cueEnd, cue);
}

/**
 * 'Not paying taxes "makes me smart," Jan Roe said last week.': a quote closing on a comma right
 * before the source, and only adjuncts after the cue: the sentence up to the quote's end was said.
 */
export function quoteSignOffContent(
  ctx: SentenceContext,
  srcStart: number,
  cueEnd: number,
  cue: string,
): Span | null {
  const { toks } = ctx;
  // '“…,” retired pilot Ana Lee said': a few lower-case words of the source's role may come first.
  let at = srcStart - 1;
  while (at > 0 && srcStart - at <= 3 && /^\p{Ll}[\p{L}-]*$/u.test(tokAt(toks, at).text)) at--;
  const q = ctx.quotes.find((x) => x.close === srcStart - 1 || x.close === at);
  if (!q || !/^[,?!]$/.test(tokAt(toks, q.close - 1).text) || !onlyAdjunctAfter(ctx, cueEnd, cue))
    return null;
  const dateline = DATELINE.exec(ctx.body.slice(ctx.sentence.start, ctx.sentence.start + 80));
  const start = ctx.sentence.start + (dateline?.[0].length ?? 0);
  const end = quoteEnd(ctx, q);
  return end - start >= 3 ? mkSpan(ctx.body, start, end) : null;
}

/** Verbs of saying and thinking that can sign off what precedes them ("…, she believes."). */
const SAYING =
  /^(say|says|tell|believes?|believed|thinks?|thought|tweeted|posted|explained|explains|countered|replied|replies|responded|predicted|predicts|cautioned|acknowledged|conceded|admitted|asserted|asserts|contended|maintained|maintains|stressed|emphasized|emphasised|recalled|recalls|observed|agreed|agrees|estimated|estimates|concluded|concludes|found|finds|reported|announced|confirmed|confirms|wrote|writes|said|told|added|argued|insisted|warned|noted|claimed|alleged|suggested|stated|declared|asked|joked|quipped|boasted|complained|lamented|fears?|feared|hopes?|hoped|expects?|expected|worries|worried|shows?|showed|shown|suggests|indicates?|indicated|reveals?|revealed)$/;

/** The clause before the source of a sentence-final cue, past a dateline ("WASHINGTON — "). */
export function signOffContent(ctx: SentenceContext, srcStart: number, k: number): Span | null {
  const { toks, body, sentence } = ctx;
  const dateline = DATELINE.exec(body.slice(sentence.start, sentence.start + 80));
  const upTo = Math.min(commaBefore(toks, srcStart) + 1 || srcStart, k) - 1;
  return trimSpan(body, sentence.start + (dateline?.[0].length ?? 0), tokAt(toks, upTo).start);
}

/** "X told reporters (that) …", "urged supporters to vote": where the content starts after the addressee. */
function pastAddressee(ctx: SentenceContext, cue: string, c: number, cueEnd: number): number {
  const { toks } = ctx;
  if (
    !/^(told|tells|tell|telling|assured|warned|urged|urges|asked|asks|encouraged|encourages|pressed)$/.test(
      cue,
    )
  )
    return c;
  let d = c;
  while (
    d < toks.length &&
    d - c < 4 &&
    isWord(toks[d]) &&
    toks[d]?.lower !== 'that' &&
    toks[d]?.lower !== 'to'
  )
    d++;
  // "urged supporters to vote": what is urged is the whole "supporters to vote" (as annotated), also
  // past a time phrase ("urged the United States on Monday to reconsider").
  const asks = !/^(told|tells|tell|telling|assured)$/.test(cue);
  if (toks[d]?.lower === 'to' && asks) return c;
  if (asks && toks.slice(c, c + 9).some((t, i) => t.lower === 'to' && occasionAt(ctx, c + i - 2))) return c;
  if (toks[d]?.lower === 'that' || toks[d]?.text === ',') return d;
  const first = toks[c];
  if (first && /^(reporters|journalists|him|her|them|us|me|supporters|voters|the)$/.test(first.lower))
    return first.lower === 'the' ? c + 2 : c + 1;
  while (c < toks.length && isCap(toks[c]) && c - cueEnd <= 4) c++;
  return c;
}

/** "tweeted in the early morning hours that X": the time or place phrase is not what was said. */
function pastOccasion(ctx: SentenceContext, c: number): number {
  const { toks } = ctx;
  if (
    !/^(in|on|at|during|after|before|late|early|last|this|earlier|yesterday|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/.test(
      toks[c]?.lower ?? '',
    )
  )
    return c;
  for (let d = c + 1; d < toks.length && d - c <= 10; d++) {
    if (toks[d]?.lower === 'that') return d;
    if (/^[,;:"“”]$/.test(tokAt(toks, d).text)) break;
  }
  return c;
}

/** "called Machado “a con” and encouraged Americans to …": a second predicate ends the content. */
function secondPredicate(ctx: SentenceContext, c: number): { stop: number; secondCue: number } {
  const { toks, inQuote } = ctx;
  for (let d = c + 2; d + 1 < toks.length; d++) {
    const next = tokAt(toks, d + 1);
    const after = toks[d + 2];
    // ("willing to sit down and discuss …": a second infinitive after "to …", not a new predicate.)
    const infinitive = toks.slice(Math.max(c, d - 3), d).some((t) => t.lower === 'to');
    if (
      toks[d]?.lower === 'and' &&
      !inQuote[d] &&
      !infinitive &&
      !isCap(next) &&
      (CUE_VERBS.has(next.lower) || /[a-z]ed$/.test(next.lower)) &&
      after &&
      !/^(by|to|that|with|in|on|as|,|\.)$/.test(after.lower)
    )
      return { stop: d, secondCue: CUE_VERBS.has(next.lower) ? d + 1 : -1 };
  }
  return { stop: toks.length, secondCue: -1 };
}

const OCCASION_NOUN =
  /^(statement|statements|interview|interviews|speech|speeches|remarks|tweet|tweets|post|posts|letter|appearance|hearing|rally|meeting|conference|call|video|briefing|debate|event|op-ed|column|memo|email|report|session|ruling|decision|filing|editorial|broadcast|show|podcast|episode|diatribe|address|visit|forum|summit)$/;
const TIME_HEAD =
  /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|week|month|year|night|weekend|morning|afternoon|evening)$/;
const SUBORDINATOR = /^(when|while|whereas|after|before|since|until|because|although|though|amid)$/;

/** A finite verb: an auxiliary or lower-case verb not after "to" and not a participle in -ing. */
function isFinite(ctx: SentenceContext, d: number): boolean {
  const t = tokAt(ctx.toks, d);
  if (t.pos !== 'AUX' && t.pos !== 'VERB') return false;
  if (isCap(t) || /ing$/.test(t.lower) || ctx.toks[d - 1]?.lower === 'to') return false;
  return t.pos === 'AUX' || !/^(being|been)$/.test(t.lower);
}

/** "… in a statement", "… on Monday", "… last week": a when or where phrase opening at d. */
function occasionAt(ctx: SentenceContext, d: number): boolean {
  const { toks } = ctx;
  const w = tokAt(toks, d).lower;
  if (w === 'during' || w === 'yesterday' || w === 'earlier') return true;
  if (/^(last|this|next)$/.test(w)) return TIME_HEAD.test(toks[d + 1]?.lower ?? '');
  if (!/^(in|at|on)$/.test(w)) return false;
  for (let e = d + 1; e < toks.length && e - d <= 4; e++) {
    const x = tokAt(toks, e).lower;
    if (OCCASION_NOUN.test(x) || TIME_HEAD.test(x)) return true;
    const pos = tokAt(toks, e).pos ?? '';
    if (!/^[\p{L}\p{N}-]+$/u.test(x) || x === 'of' || /^(ADP|SCONJ|VERB|AUX)$/.test(pos)) return false;
  }
  return false;
}

/** True when a new constituent starts at d that is not part of an object ("…, which …", "— …"). */
function objectCut(ctx: SentenceContext, d: number): boolean {
  const { toks } = ctx;
  const t = tokAt(toks, d);
  const next = toks[d + 1];
  if (
    t.text === ',' &&
    next &&
    (/^(which|who|whose|where)$/.test(next.lower) ||
      (/^[a-z]+ing$/.test(next.text) && !/^(including|according)$/.test(next.lower)))
  )
    return true;
  if (/^(―|—|–|--)$/.test(t.text) || SUBORDINATOR.test(t.lower)) return true;
  // "signaled willingness to change it but has been met with …": a second predicate of the subject.
  if (t.lower === 'but' && next && (next.pos === 'AUX' || next.pos === 'VERB') && !isCap(next)) return true;
  // "attacked loopholes that benefit others, and has called for …": the same, after ", and".
  const after = toks[d + 2];
  if (
    t.text === ',' &&
    next?.lower === 'and' &&
    after &&
    /^(AUX|VERB)$/.test(after.pos ?? '') &&
    !isCap(after)
  )
    return true;
  return occasionAt(ctx, d);
}

/**
 * The end of an object content ("criticized the plan as a “crazy system” during a stop"): the first
 * adjunct or relative clause after it, unless the content is a clause with a finite verb of its own
 * ("said the plan would fail during the talks"), which stays whole.
 */
function objectEnd(ctx: SentenceContext, c: number, stop: number, cue: string): number {
  // Speech verbs take a clause, whatever adjuncts open it ("told reporters last week — … — the U.S. is …").
  if (SIGN_OFF_CUES.has(cue) || STRONG_CUES.has(cue) || /^(tell|say)$/.test(cue)) return stop;
  const first = tokAt(ctx.toks, c).lower;
  if (first === 'that' || TIME_WORDS.test(first) || TRAILING_ADJUNCT.test(first)) return stop;
  for (let d = c; d < stop; d++) {
    if (ctx.inQuote[d]) continue;
    if (d > c && objectCut(ctx, d)) {
      // "…, adding that B" after the cut is a second attribution the participle pass splits off.
      const rest = ctx.body.slice(tokAt(ctx.toks, d).start, ctx.toks[stop]?.start ?? ctx.sentence.end);
      // "insisted, most recently in an interview, that …": the complement comes after the adjunct.
      // 'called the plan on Monday “a disaster”': a quoted predicate after the adjunct belongs too.
      // 'urged the United States on Monday to reconsider': so does an infinitive right after it.
      const infinitive = occasionAt(ctx, d) && /^[^,;]{0,40}?\bto\s+\p{Ll}/u.test(rest);
      return infinitive || PARTICIPLE_CUE.test(rest) || /\b(that|how|whether)\b|[“"]/.test(rest) ? stop : d;
    }
    if (isFinite(ctx, d)) return stop;
  }
  return stop;
}

/** The clause after the cue: "X said (that) …", keeping the complementizer as annotators do. */
const SUBORDINATORS = /^(if|while|although|though|as|when|because|since|whereas|unless|once|even)$/;

/**
 * "While critics worried about the cost, the mayor pressed on": a cue inside a fronted subordinate
 * clause; its content ends at the comma that opens the main clause (a subject and its verb).
 */
function subordinateEnd(ctx: SentenceContext, c: number, stop: number, srcStart: number): number {
  const { toks } = ctx;
  if (!SUBORDINATORS.test(tokAt(toks, 0).lower) || srcStart > 2) return stop;
  for (let d = c + 1; d < stop; d++) {
    const next = toks[d + 1];
    if (toks[d]?.text !== ',' || ctx.inQuote[d] || !next) continue;
    if (!/^(DET|PRON|PROPN|NOUN|ADJ|NUM)$/.test(next.pos ?? '') || /^(who|whose|which)$/.test(next.lower))
      continue;
    const verb = toks.slice(d + 2, d + 7).some((t) => t.pos === 'AUX' || t.pos === 'VERB');
    if (verb) return d;
  }
  return stop;
}

/**
 * "ruled that the claim was true, but their report noted …": the content ends before ", but" /
 * ", although" + a clause, a semicolon, or ", with X doing …".
 */
function coordinateEnd(ctx: SentenceContext, c: number, stop: number): number {
  const { toks } = ctx;
  for (let d = c + 1; d < stop; d++) {
    if (ctx.inQuote[d]) continue;
    const semicolon = toks[d]?.text === ';';
    // "…, but could not …" shares the subject and stays; "…, but the board …" opens a new clause.
    const comma = toks[d]?.text === ',';
    // "…, but that it would not agree to …" goes on reporting the same speaker: it stays too.
    const but =
      comma &&
      /^(but|yet|whereas|although|though)$/.test(toks[d + 1]?.lower ?? '') &&
      !/^(AUX|VERB|ADV|PART)$/.test(toks[d + 2]?.pos ?? 'AUX') &&
      toks[d + 2]?.lower !== 'that';
    const window = toks.slice(d + 2, d + 8);
    if ((semicolon || but) && window.some((t) => t.pos === 'AUX' || t.pos === 'VERB')) return d;
    // "…, with two other polls showing …": an absolute clause the writer adds.
    const withClause =
      comma && toks[d + 1]?.lower === 'with' && window.some((t) => /ing$/.test(t.lower) && t.pos === 'VERB');
    if (withClause) return d;
  }
  return stop;
}

export function reportedContent(
  ctx: SentenceContext,
  cue: string,
  cueEnd: number,
  srcStart: number,
): { content: Span | null; secondCue: number } {
  const { toks, body } = ctx;
  let c = pastAddressee(ctx, cue, cueEnd + 1, cueEnd);
  if (toks[c]?.text === ',' || toks[c]?.text === ':') c++;
  c = pastOccasion(ctx, c);
  const second = secondPredicate(ctx, c);
  const { secondCue } = second;
  let { stop } = second;
  // "Farmers, who have denounced the tariff, want …": a relative clause ends at its comma.
  if (/^(who|which)$/.test(tokAt(toks, srcStart).lower) && toks[srcStart - 1]?.text === ',') {
    for (let d = c + 1; d < stop; d++) {
      if (toks[d]?.text === ',' && !ctx.inQuote[d]) {
        stop = d;
        break;
      }
    }
  }
  stop = coordinateEnd(ctx, c, subordinateEnd(ctx, c, stop, srcStart));
  const from = toks[c];
  if (!from) return { content: null, secondCue };
  stop = objectEnd(ctx, c, stop, cue);
  return { content: trimSpan(body, from.start, toks[stop]?.start ?? ctx.sentence.end), secondCue };
}
