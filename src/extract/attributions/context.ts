// Candidates, pass ids and the per-sentence context every sentence pass reads.
import type { Attribution, Span, Speaker } from '../../model.js';
import { ALLEGATION_MARKERS } from '../cues.js';
import type { Doc } from '../document.js';
import type { CueSite } from './passes/cue-scan.js';
import { CLOSE_Q, OPEN_Q, mkSpan, tokenize, type Tok } from './tokens.js';

/** Which pass proposed an attribution (the `via` field of what findAttributions returns). */
export type PassId =
  | 'speaker-label'
  | 'colon-intro'
  | 'according-to'
  | 'direct-quote'
  | 'interposed'
  | 'sign-off'
  | 'reported'
  | 'passive'
  | 'second-predicate'
  | 'participle'
  | 'noun-cue'
  | 'quote-continuation'
  | 'participle-subject'
  | 'vox-pop'
  | 'labelled-line'
  | 'headline';

/** Who a candidate's source is: already known, or a phrase to resolve (in output order). */
export type SpeakerRef = { known: Speaker | null } | { text: string; role: string | null };

export interface Candidate extends Omit<Attribution, 'speaker'> {
  via: PassId;
  speakerRef: SpeakerRef;
  /** After a first attribution in the sentence, this one is kept only if okAsSecond. */
  okAsSecond?: boolean;
  /** Kept only as the first attribution of its sentence. */
  onlyFirst?: boolean;
  /** Proposed together with this one and kept with it ("… and urged …"). */
  follow?: Candidate;
  /** Extends the previous attribution (a quote going on in the next sentence) instead of a new one. */
  merge?: boolean;
}

/** A quote as token indexes of the sentence view; close is toks.length when it is never closed. */
export interface SQuote {
  open: number;
  close: number;
}

export interface SentenceContext {
  doc: Doc;
  body: string;
  toks: Tok[];
  sentence: Span;
  quotes: SQuote[];
  inQuote: Uint8Array;
  alleged: boolean;
  para: number;
  paraStart: boolean;
  paraEnd: number;
  /** The sentence's cue sites, found once by the cue scan (`cueSites`) and shared by the verb-cue passes. */
  cueSites: CueSite[] | undefined;
}

/** The end offset of a quote (the sentence end when it is never closed). */
export function quoteEnd(ctx: SentenceContext, q: SQuote): number {
  return ctx.toks[q.close]?.end ?? ctx.sentence.end;
}

function findQuotes(toks: Tok[]): SQuote[] {
  const out: SQuote[] = [];
  let open = -1;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]?.text ?? '';
    if (open < 0 && OPEN_Q.has(t) && t !== '”') open = i;
    else if (open >= 0 && CLOSE_Q.has(t) && t !== '“') {
      out.push({ open, close: i });
      open = -1;
    }
  }
  if (open >= 0) out.push({ open, close: toks.length });
  return out;
}

/** The sentence view of one Doc sentence: its word tokens with the Doc's POS tags. */
// The attribution passes and the deeds both read every sentence: its view is made once per document.
const views = new WeakMap<Doc, Map<number, Tok[]>>();

export function sentenceView(doc: Doc, si: number, start: number, end: number): Tok[] {
  const s = doc.sentences[si];
  const whole = s !== undefined && s.start === start && s.end === end;
  let cache = views.get(doc);
  const cached = whole ? cache?.get(si) : undefined;
  if (cached) return cached;
  const toks = viewOf(doc, si, start, end);
  if (whole) {
    if (!cache) views.set(doc, (cache = new Map()));
    cache.set(si, toks);
  }
  return toks;
}

function viewOf(doc: Doc, si: number, start: number, end: number): Tok[] {
  const s = doc.sentences[si];
  let d = s?.first ?? 0;
  const last = s?.end_ ?? 0;
  // The Doc token that ends first after each view token's start (view tokens come in reading order).
  return tokenize(doc.text, start, end, (offset) => {
    while (d < last && (doc.tokens[d]?.end ?? 0) <= offset) d++;
    return doc.tokens[d];
  });
}

/** The offset of the first paragraph break at or after `from` (the text's end when none). */
export function paragraphEnd(text: string, breaks: readonly number[], from: number): number {
  let lo = 0;
  let hi = breaks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((breaks[mid] ?? 0) < from) lo = mid + 1;
    else hi = mid;
  }
  return breaks[lo] ?? text.length;
}

/** Offsets of every paragraph break (a blank line, "\r\n" and trailing spaces allowed), in order. */
export function paragraphBreaks(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/\n[^\S\n]*\n/g)) out.push(m.index);
  return out;
}

export function makeContext(
  doc: Doc,
  si: number,
  para: number,
  paraStart: boolean,
  breaks: readonly number[] = paragraphBreaks(doc.text),
): SentenceContext | null {
  const body = doc.text;
  const s = doc.sentences[si];
  if (!s) return null;
  const toks = sentenceView(doc, si, s.start, s.end);
  const quotes = findQuotes(toks);
  const inQuote = new Uint8Array(toks.length);
  for (const q of quotes) for (let k = q.open; k <= Math.min(q.close, toks.length - 1); k++) inQuote[k] = 1;
  const sentence = mkSpan(body, s.start, s.end);

  return {
    doc,
    body,
    toks,
    sentence,
    quotes,
    inQuote,
    alleged: ALLEGATION_MARKERS.test(sentence.text),
    para,
    paraStart,
    paraEnd: paragraphEnd(body, breaks, s.start),
    cueSites: undefined,
  };
}

/** The kind and reported fields of an attribution whose content is reported (not quoted). */
export function reportedFields(ctx: SentenceContext): Pick<Attribution, 'kind' | 'reported'> {
  return {
    kind: ctx.quotes.length > 0 ? 'mixed' : 'indirect',
    reported: ctx.alleged ? 'alleged' : 'indirect',
  };
}
