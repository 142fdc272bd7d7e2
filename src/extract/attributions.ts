// Attribution extraction: who said / believes what, as spans into the article body.
// The article is read once into a Doc (document.ts); named passes (attributions/passes/) each propose
// candidates for a sentence or the whole text, and one selection step (attributions/select.ts)
// decides by explicit precedence which become attributions. The rules key on cue words, quotes,
// punctuation and part of speech, never on particular names or topics.
import type { Attribution, Span, Speaker } from '../model.js';
import {
  makeContext,
  paragraphBreaks,
  type Candidate,
  type PassId,
  type SentenceContext,
} from './attributions/context.js';
import { accordingToPass } from './attributions/passes/according-to.js';
import { labelledLinePass, voxPopPass } from './attributions/passes/lines.js';
import { nounCuePass } from './attributions/passes/noun-cue.js';
import {
  colonIntroAt,
  colonIntroPass,
  quoteContinuationPass,
  speakerLabelPass,
  type ColonIntro,
  type LastQuoted,
} from './attributions/passes/paragraph.js';
import { participleSubjectPass, splitParticiples } from './attributions/passes/participle.js';
import {
  cleanSource,
  occasionOnly,
  plausibleSource,
  selectDocument,
  selectSentence,
  unquotedIsIndirect,
} from './attributions/select.js';
import { TITLES } from './cues.js';
import { buildDocument, type Doc } from './document.js';
import { createSpeakerTracker, type SpeakerTracker } from './speakers.js';
import { isCap, isWord, mkSpan, tokAt } from './attributions/tokens.js';
import { directQuotePass } from './attributions/passes/direct-quote.js';
import { passivePass } from './attributions/passes/passive.js';
import { interposedPass, reportedPass } from './attributions/passes/reported.js';
import { signOffPass } from './attributions/passes/sign-off-pass.js';

export { splitSentences } from './document.js';
export { tokenize, type Tok } from './attributions/tokens.js';
export { findHeadlineAttributions, type HeadlineAttribution } from './attributions/passes/headline.js';
export type { PassId } from './attributions/context.js';
export { PRECEDENCE } from './attributions/select.js';

/** An attribution and the pass that found it. */
export interface FoundAttribution extends Attribution {
  via: PassId;
}

interface RunState {
  tracker: SpeakerTracker;
  /** Offsets of the paragraph breaks, found once. */
  breaks: number[];
  result: FoundAttribution[];
  lastQuoted: LastQuoted | null;
  colonIntro: ColonIntro | null;
  para: number;
  lastEnd: number;
  skipUntil: number;
}

/** Resolves the speakers of selected candidates in reading order (a follower shares its parent's). */
function resolveSpeakers(state: RunState, cands: readonly Candidate[]): FoundAttribution[] {
  let parent: Speaker | null = null;
  return cands.map((c, i) => {
    const isFollow = i > 0 && c.via === 'second-predicate';
    const ref = c.speakerRef;
    const speaker: Speaker | null = isFollow
      ? parent
      : 'known' in ref
        ? ref.known
        : state.tracker.resolve(ref.text, ref.role);
    parent = speaker;
    const { speakerRef: _r, okAsSecond: _o, onlyFirst: _f, follow: _w, merge: _m, ...att } = c;
    return { ...att, speaker };
  });
}

/** A quote going on in the next sentence of the same paragraph: the previous attribution grows. */
function mergeInto(body: string, prev: FoundAttribution, content: Span, sentence: Span): void {
  const pieces = prev.content.fragments ?? [{ start: prev.content.start, end: prev.content.end }];
  prev.content = {
    ...mkSpan(body, prev.content.start, content.end),
    fragments: [...pieces, { start: content.start, end: content.end }],
  };
  prev.sentence = mkSpan(body, prev.sentence.start, sentence.end);
}

/** Keeps a subject-position name (a sentence-initial run of capitalised words) for later pronouns. */
function observeSubject(ctx: SentenceContext, tracker: SpeakerTracker): void {
  const { toks } = ctx;
  // A capitalised conjunction or preposition opening the sentence ("While Kyiv …") is not a name.
  let k0 = 0;
  while (
    k0 < toks.length &&
    /^(while|but|and|as|after|when|if|although|though|since|because|however|meanwhile|in|on|at|for|with|by|from|yet|so|still|the|a|an|this|that)$/.test(
      tokAt(toks, k0).lower,
    )
  )
    k0++;
  let k = k0;
  while (k < toks.length && k < k0 + 6 && (isCap(toks[k]) || TITLES.has(tokAt(toks, k).lower))) k++;
  const next = toks[k] ?? toks[0];
  const text = ctx.body.slice(ctx.sentence.start, ctx.sentence.end);
  if (k - k0 >= 2 && isWord(next) && !isCap(next))
    tracker.observe(ctx.body.slice(tokAt(toks, k0).start, tokAt(toks, k - 1).end));
  else if (k - k0 >= 2 && next?.lower === ',') {
    // "Jan Roe, Valdor's trade minister, arrived …": the aside is the role the name is known by.
    const aside = NAME_ASIDE.exec(text.slice(tokAt(toks, k).end - ctx.sentence.start));
    if (aside?.[1])
      tracker.observe(ctx.body.slice(tokAt(toks, k0).start, tokAt(toks, k - 1).end), aside[1].trim());
  } else {
    // "Valdor's trade minister Jan Roe arrived …": a role before the name.
    const titled = TITLED_NAME.exec(text);
    if (titled?.[1] && titled[2]) tracker.observe(`${titled[1]}${titled[2]}`);
  }
}

/** An appositive role after a name: "… , the chief executive of Ostmark Energy," (a title word in it). */
const NAME_ASIDE = new RegExp(
  String.raw`^\s*((?:[\p{L}'’.-]+\s+){0,6}?(?:${[...TITLES].join('|')})(?:\s+(?:of|for|at|to)\s+(?:the\s+)?[\p{L}'’.-]+(?:\s+\p{Lu}[\p{L}'’.-]+){0,3})?)\s*,`,
  'iu',
);
/** A role then a full name opening a sentence: "Valdor's trade minister Jan Roe …". */
const TITLED_NAME = new RegExp(
  String.raw`^((?:[\p{L}'’.-]+\s+){0,4}?(?:${[...TITLES].join('|')})\s+)(\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){1,2})(?=\s+\p{Ll})`,
  'u',
);

function sentenceCandidates(ctx: SentenceContext, state: RunState, intro: ColonIntro | null): Candidate[] {
  const prev = state.result[state.result.length - 1];
  const prevInfo = prev ? { kind: prev.kind, sentenceEnd: prev.sentence.end, speaker: prev.speaker } : null;
  return [
    ...colonIntroPass(ctx, intro),
    ...speakerLabelPass(ctx),
    ...accordingToPass(ctx),
    ...directQuotePass(ctx),
    ...signOffPass(ctx),
    ...interposedPass(ctx),
    ...reportedPass(ctx),
    ...passivePass(ctx),
    ...nounCuePass(ctx),
    ...quoteContinuationPass(ctx, state.lastQuoted, prevInfo),
    ...participleSubjectPass(ctx),
  ];
}

/** Runs the sentence passes on one sentence, selects, and records the outcome in the run state. */
function readSentence(doc: Doc, si: number, state: RunState): void {
  const s = doc.sentences[si];
  if (!s) return;
  const body = doc.text;
  const paraStart = state.lastEnd === 0 || /\n\s*\n/.test(body.slice(state.lastEnd, s.start));
  if (paraStart && state.lastEnd > 0) state.para++;
  state.lastEnd = s.end;
  if (s.start < state.skipUntil) return;
  const ctx = makeContext(doc, si, state.para, paraStart, state.breaks);
  if (!ctx || ctx.toks.length < 3) return;
  const intro = state.colonIntro;
  state.colonIntro = null;
  // A reading whose content is only the occasion ("said in New York") gives way before selection,
  // so the reading of the same cue with the words before it ("…, the minister said in New York") wins.
  const candidates = sentenceCandidates(ctx, state, intro).filter(
    (c) => !occasionOnly(unquotedIsIndirect(c)),
  );
  const selected = selectSentence(body, candidates).map((c) => cleanSource(doc, c));
  const first = selected[0];
  const prev = state.result[state.result.length - 1];
  if (!first) {
    state.colonIntro = colonIntroAt(ctx);
    observeSubject(ctx, state.tracker);
    return;
  }
  if (first.merge && prev) return mergeInto(body, prev, first.content, ctx.sentence);
  const atts = resolveSpeakers(state, selected);
  if (first.via === 'colon-intro' || first.via === 'speaker-label') {
    state.result.push(...atts);
    state.skipUntil = ctx.paraEnd;
    return;
  }
  // An implausible source is dropped, not the statement: the content still stands, unattributed.
  for (const a of splitParticiples(body, atts).map(unquotedIsIndirect)) {
    if (occasionOnly(a)) continue;
    state.result.push(
      a.source && !plausibleSource(a.source.text) ? { ...a, source: null, speaker: null } : a,
    );
  }
  const lead = atts[0];
  if (lead && lead.kind !== 'indirect')
    state.lastQuoted = { source: lead.source, speaker: lead.speaker, para: state.para };
}

/** All attributions of an article read into a Doc, in order of their content. */
export function findAttributionsInDoc(doc: Doc): FoundAttribution[] {
  const state: RunState = {
    tracker: createSpeakerTracker(),
    breaks: paragraphBreaks(doc.text),
    result: [],
    lastQuoted: null,
    colonIntro: null,
    para: 0,
    lastEnd: 0,
    skipUntil: -1,
  };
  for (let si = 0; si < doc.sentences.length; si++) readSentence(doc, si, state);
  const { result } = state;
  result.push(...resolveSpeakers(state, selectDocument<Candidate>(result, voxPopPass(doc.text))));
  result.push(...resolveSpeakers(state, selectDocument<Candidate>(result, labelledLinePass(doc.text))));
  result.sort((a, b) => a.content.start - b.content.start);
  return result;
}

/** All attributions of an article body (builds its Doc; use findAttributionsInDoc to share one). */
export function findAttributions(body: string): FoundAttribution[] {
  return findAttributionsInDoc(buildDocument(body));
}
