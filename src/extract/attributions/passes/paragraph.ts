// Passes over paragraphs: 'speaker-label' ("WALLACE: Governor, …" opening a paragraph: the whole
// paragraph is the labelled speaker's), 'colon-intro' ("The Times reports:" closing a paragraph: the
// next paragraph is what it reports) and 'quote-continuation' (a paragraph of quotes carries the
// speaker of the quote before it).
import type { Speaker } from '../../../model.js';
import { CUE_VERBS } from '../../cues.js';
import type { Candidate, SentenceContext } from '../context.js';
import { quoteEnd } from '../context.js';
import { sourceBefore } from '../sources.js';
import { isCap, isWord, mkSpan, tokAt, trimSpan } from '../tokens.js';

const NOT_SPEAKERS =
  /^(note|update|updated|editor|editor's note|photo|source|sources|related|read|watch|see|warning|correction|advertisement|q|a|abstract|letters|background|context|why|what|when|where|how)$/i;

export function speakerLabelPass(ctx: SentenceContext): Candidate[] {
  const { toks, body, sentence } = ctx;
  if (!ctx.paraStart) return [];
  let n = 0;
  while (
    n < toks.length &&
    n < 4 &&
    (isCap(toks[n]) || /^(of|the|de|van|von)$/.test(tokAt(toks, n).lower)) &&
    isWord(toks[n])
  )
    n++;
  const colon = toks[n];
  if (n < 1 || colon?.text !== ':') return [];
  const label = body.slice(tokAt(toks, 0).start, tokAt(toks, n - 1).end);
  // "Said Ana Lee: “…”" is a fronted cue (the verb-cue pass), not a label.
  if (NOT_SPEAKERS.test(label) || /^(said|says|asked|asks|added|adds|wrote|writes)\b/i.test(label)) return [];
  const content = trimSpan(body, colon.end, ctx.paraEnd);
  if (!content || content.text.split(/\s+/).length < 3) return [];
  const source = mkSpan(body, tokAt(toks, 0).start, tokAt(toks, n - 1).end);
  return [
    {
      via: 'speaker-label',
      source,
      cue: mkSpan(body, colon.start, colon.end),
      content,
      kind: ctx.quotes.length > 0 ? 'mixed' : 'direct',
      reported: ctx.alleged ? 'alleged' : 'direct',
      speakerRef: { text: source.text, role: null },
      sentence: mkSpan(body, sentence.start, ctx.paraEnd),
    },
  ];
}

export interface ColonIntro {
  source: Candidate['source'];
  cue: Candidate['cue'];
  speakerText: string;
  para: number;
}

/** "X said:" / "The New York Times reports:" at the end of a paragraph introduces the next one. */
export function colonIntroAt(ctx: SentenceContext): ColonIntro | null {
  const { toks, body } = ctx;
  if (ctx.sentence.end !== ctx.paraEnd || !/:\s*$/.test(ctx.sentence.text)) return null;
  const colonTok = toks[toks.length - 1];
  const cueIdx = toks.length - 2;
  const cueTok = toks[cueIdx];
  if (colonTok?.text !== ':' || !cueTok || !CUE_VERBS.has(cueTok.lower)) return null;
  const src = sourceBefore(toks, cueIdx, 0);
  if (!src) return null;
  const source = mkSpan(body, tokAt(toks, src[0]).start, tokAt(toks, src[1]).end);
  return { source, cue: mkSpan(body, cueTok.start, colonTok.end), speakerText: source.text, para: ctx.para };
}

/** The paragraph after a colon introduction, as what the introduced source says. */
export function colonIntroPass(ctx: SentenceContext, intro: ColonIntro | null): Candidate[] {
  if (!intro || !ctx.paraStart || intro.para !== ctx.para - 1) return [];
  const content = trimSpan(ctx.body, ctx.sentence.start, ctx.paraEnd);
  if (!content) return [];
  return [
    {
      via: 'colon-intro',
      source: intro.source,
      cue: intro.cue,
      content,
      kind: 'direct',
      reported: 'direct',
      speakerRef: { text: intro.speakerText, role: null },
      sentence: mkSpan(ctx.body, ctx.sentence.start, ctx.paraEnd),
    },
  ];
}

export interface LastQuoted {
  source: Candidate['source'];
  speaker: Speaker | null;
  para: number;
}

/**
 * A quote in a sentence of the same paragraph as the previous quote's: the same speaker. When the
 * previous attribution was that quote, the candidate merges into it (one attribution, in pieces).
 */
export function quoteContinuationPass(
  ctx: SentenceContext,
  last: LastQuoted | null,
  prev: { kind: string; sentenceEnd: number; speaker: Speaker | null } | null,
): Candidate[] {
  const q = ctx.quotes[0];
  if (!q || !last || last.para !== ctx.para) return [];
  const s = tokAt(ctx.toks, q.open).start;
  const e = quoteEnd(ctx, q);
  if (e - s < 3) return [];
  const merge =
    prev !== null &&
    prev.kind !== 'indirect' &&
    prev.sentenceEnd <= ctx.sentence.start &&
    prev.speaker === last.speaker;
  return [
    {
      via: 'quote-continuation',
      source: last.source,
      cue: null,
      content: mkSpan(ctx.body, s, e),
      kind: 'direct',
      reported: ctx.alleged ? 'alleged' : 'direct',
      speakerRef: { known: last.speaker },
      sentence: ctx.sentence,
      merge,
    },
  ];
}
