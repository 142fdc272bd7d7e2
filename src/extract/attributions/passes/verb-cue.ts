// Pass family "verb cue": a cue verb outside quotes with its source before ("X said …") or after
// ("…, said X"). Its candidates carry the shape of their content as `via`: 'direct-quote' (a quote
// abutting source and cue), 'interposed' ("A, officials said, B"), 'sign-off' ("A, X said."),
// 'reported' ("X said that A"), 'passive' ("A was endorsed by X") and 'second-predicate'
// ("X said A and urged B").
import type { Span } from '../../../model.js';
import { CUE_VERBS, NOUNISH_CUES, PRONOUNS, TITLES } from '../../cues.js';
import { quoteEnd, type Candidate, type SQuote, type SentenceContext } from '../context.js';
import {
  bareVerbContext,
  interposedAt,
  isFiller,
  isPassive,
  isProgressiveCue,
  relativeAntecedent,
  srcAfterCue,
  srcGuess,
} from '../sources.js';
import {
  GROUP_NOUNS,
  IRREGULAR_PAST,
  STRONG_CUES,
  TIME_WORDS,
  isCap,
  mkSpan,
  OPEN_Q,
  tokAt,
  trimSpan,
  type Tok,
} from '../tokens.js';
import { passiveCandidate } from './passive.js';
import { signOff } from './sign-off.js';
import {
  interposedContent,
  quoteContent,
  quoteSignOffContent,
  reportedContent,
  signOffContent,
  signsOff,
} from './verb-content.js';
import { verbSource, type VerbSource } from './verb-source.js';

/** Verbs that report a finding only with "that" after them ("the court ruled that …", not "ruled the city"). */
const THAT_CUES = new Set([
  'discovered',
  'discovers',
  'determined',
  'determines',
  'established',
  'ruled',
  'rules',
  'demonstrated',
  'demonstrates',
]);

/** Adjectives of belief and attitude that cue what follows them after "be" ("is sure that …"). */
const STANCE_ADJECTIVES =
  /^(sure|certain|convinced|confident|afraid|adamant|hopeful|frustrated|critical|skeptical|sceptical|wary|supportive|doubtful|concerned)$/;
/** The preposition or clause opener each stance adjective takes ("critical of", "sure that"). */
const ADJECTIVE_OBJECTS: Record<string, RegExp> = {
  of: /^(critical|skeptical|sceptical|wary|supportive|afraid|doubtful|convinced|confident|certain|sure)$/,
  about: /^(concerned|hopeful|frustrated|skeptical|sceptical|doubtful|sure|certain|confident)$/,
  that: /^(sure|certain|convinced|confident|afraid|adamant|hopeful|frustrated|concerned|doubtful)$/,
};

/** The form of "be" before a stance adjective at k ("she was (so) sure"), or -1. */
export function adjectiveCueBe(toks: Tok[], k: number): number {
  if (!STANCE_ADJECTIVES.test(tokAt(toks, k).lower)) return -1;
  let b = k - 1;
  while (
    b > 0 &&
    /^(so|too|very|quite|increasingly|deeply|not|n['’]t|also|still|now|always)$/.test(tokAt(toks, b).lower)
  )
    b--;
  const be = tokAt(toks, b).lower;
  if (
    !/^(is|are|was|were|been|be|am|['’]s|['’]re|['’]m|remain|remains|remained|became|become|becomes)$/.test(
      be,
    )
  )
    return -1;
  return b > 0 ? b : -1;
}

/** The last token of a stance adjective's cue ("critical of"), or -1 when no content follows. */
function adjectiveCueEnd(toks: Tok[], k: number): number {
  const adj = tokAt(toks, k).lower;
  const next = toks[k + 1];
  if (!next) return -1;
  const rule = ADJECTIVE_OBJECTS[next.lower];
  if (rule?.test(adj)) return next.lower === 'that' ? k : k + 1;
  // "was sure Trump would win": a clause with its own subject follows a belief adjective.
  const clause =
    /^(PRON|PROPN|DET)$/.test(next.pos ?? '') && /^(sure|certain|convinced|confident|afraid)$/.test(adj);
  return clause && !/^(this|these|those)$/.test(next.lower) ? k : -1;
}

/** Nouns of attitude that "express" takes ("expressed deep concern about …"). */
const EXPRESSED_NOUNS =
  /^(concern|concerns|outrage|support|misgivings|reservations|doubts?|frustration|hopes?|anger|disappointment|dismay|opposition|regret|optimism|skepticism|scepticism|alarm|confidence|sympathy|worry|worries|fears?|gratitude|interest|surprise|satisfaction)$/;

/**
 * The last token of a multi-word cue at k, or -1: "expressed (deep) concern about / that …",
 * "made it clear (that) …", "as X put it, …".
 */
export function phraseCueEnd(toks: Tok[], k: number): number {
  const w = tokAt(toks, k).lower;
  if (/^express(es|ed|ing)?$/.test(w)) {
    let n = k + 1;
    while (n < k + 3 && tokAt(toks, n).pos === 'ADJ') n++;
    if (!EXPRESSED_NOUNS.test(tokAt(toks, n).lower)) return -1;
    const next = tokAt(toks, n + 1).lower;
    if (next === 'that') return n;
    return /^(about|over|for|with|at|in|of)$/.test(next) ? n + 1 : -1;
  }
  if (/^(made|makes|make|making)$/.test(w) && toks[k + 1]?.lower === 'it' && toks[k + 2]?.lower === 'clear')
    return k + 2;
  // "As the mayor put it, …": "as" opens the clause a few words before.
  if (w !== 'put' || toks[k + 1]?.lower !== 'it') return -1;
  let as = k - 1;
  while (as > 0 && k - as < 8 && tokAt(toks, as).lower !== 'as') as--;
  if (tokAt(toks, as).lower !== 'as') return -1;
  // "…put it in a statement to reporters, “…”": the occasion up to the comma belongs to the cue.
  let end = k + 1;
  if (/^(in|on|at|to|during)$/.test(tokAt(toks, k + 2).lower)) {
    let c = k + 2;
    while (c < toks.length && c - k < 16 && tokAt(toks, c).text !== ',') c++;
    if (tokAt(toks, c).text === ',') end = c - 1;
  }
  return end;
}

/** "…,” she continued.", "She continued, “…”": "continue" as a speech verb only next to a quote. */
function continuesQuote(ctx: SentenceContext, k: number): boolean {
  const { toks } = ctx;
  if (!/^(continued|continues)$/.test(tokAt(toks, k).lower)) return false;
  const subject = tokAt(toks, k - 1);
  const named = PRONOUNS.has(subject.lower) || isCap(subject);
  const after = named && /^[,:]$/.test(toks[k + 1]?.text ?? '') && OPEN_Q.has(toks[k + 2]?.text ?? '');
  const before = ctx.quotes.some((q) => q.close < k && q.close >= k - 3);
  return after || (before && /^[.,]$/.test(toks[k + 1]?.text ?? '.'));
}

/** The last token of the cue at k ("called for", "spoke out against"), or -1 when k is no cue. */
function cueAt(ctx: SentenceContext, k: number): number {
  const { toks } = ctx;
  const t = tokAt(toks, k);
  if (ctx.inQuote[k]) return -1;
  if (adjectiveCueBe(toks, k) > 0) return adjectiveCueEnd(toks, k);
  const phrase = phraseCueEnd(toks, k);
  if (phrase > 0) return phrase;
  if (continuesQuote(ctx, k)) return k;
  const isCue =
    CUE_VERBS.has(t.lower) ||
    isProgressiveCue(toks, k) ||
    (THAT_CUES.has(t.lower) && toks[k + 1]?.lower === 'that') ||
    // "Caddell continued: “…”": any verb introducing a quotation after a colon.
    (t.pos === 'VERB' && toks[k + 1]?.text === ':' && OPEN_Q.has(toks[k + 2]?.text ?? ''));
  // A capitalised word inside a sentence is a name ("United States ambassador"), not a verb.
  if (ctx.inQuote[k] || !isCue || isCap(t)) return -1;
  let cueEnd = k;
  const particle = toks[k + 1]?.lower ?? '';
  if (/^(for|out|against|about)$/.test(particle)) cueEnd = k + 1;
  // "warned of …", "pointed to …", "objected to …": a preposition the verb governs is part of the cue.
  else if (particle === 'of' && /^(warn|speak|spoke|talk|approv|disapprov|dream|boast)/.test(t.lower))
    cueEnd = k + 1;
  else if (particle === 'to' && /^(point|refer|object|allud|appeal|testif|react)/.test(t.lower))
    cueEnd = k + 1;
  // "commented on …", "remarked on …": the topic commented on is the content.
  else if (
    particle === 'on' &&
    /^(comment|remark|elaborat)/.test(t.lower) &&
    !TIME_WORDS.test(toks[k + 2]?.lower ?? '')
  )
    cueEnd = k + 1;
  // "called on residents to …": the particle belongs to the cue, the addressee to the content.
  else if (
    /^call(s|ed|ing)?$/.test(t.lower) &&
    toks[k + 1]?.lower === 'on' &&
    !TIME_WORDS.test(toks[k + 2]?.lower ?? '')
  )
    cueEnd = k + 1;
  if (toks[cueEnd + 1]?.lower === 'against') cueEnd++;
  return cueEnd;
}

/** "peace plans", "press conference": a noun-like -s form is a verb only after a name or pronoun. */
function nounishVerb(toks: Tok[], k: number): boolean {
  let f = k - 1;
  while (f > 0 && isFiller(toks[f])) f--;
  const w = tokAt(toks, f);
  const subjectLike =
    (isCap(w) && !/^(the|a|an|this|that|these|those)$/i.test(w.text)) ||
    TITLES.has(w.lower) ||
    /^(he|she|it|who|which)$/.test(w.lower) ||
    (GROUP_NOUNS.test(w.lower) && !/s$/.test(w.lower)) ||
    // "the woman disputes": a singular noun after a determiner or a possessive.
    (/^[a-z]+[^s]$/.test(w.text) &&
      f > 0 &&
      /^(the|a|an|this|that|his|her|its|their|our)$|['’]s$/i.test(tokAt(toks, f - 1).text));
  // …and what follows reads as the verb's complement, not another verb ("the new plans require").
  const complement = /^(to|that|the|a|an|for|on|his|her|its|their|\.|,)$/.test(toks[k + 1]?.lower ?? '.');
  return subjectLike && (isCap(w) || PRONOUNS.has(w.lower) || complement);
}

/** Filters that tell a cue verb from a noun or an event ("Trump's tweet", "spoke to a gathering"). */
function isVerbUse(toks: Tok[], k: number, cueEnd: number, vs: VerbSource): boolean {
  const t = tokAt(toks, k);
  const before = tokAt(toks, k - 1);
  // "Trump's tweet", "the state law": a possessive before a bare form makes it a noun.
  if (/['’]s?$/.test(before.text) && before.text.length > 2) return false;
  // "His views were echoed", "Health worries have dogged": a possessive pronoun before the form, or
  // a noun-tagged -s form followed by its own verb, is a noun.
  if (/^(his|her|their|its|our|my|your)$/.test(before.lower)) return false;
  const next = toks[cueEnd + 1];
  if (
    /[^s]s$/.test(t.lower) &&
    t.pos === 'NOUN' &&
    next &&
    /^(AUX|VERB)$/.test(next.pos ?? '') &&
    !/ing$/.test(next.lower)
  )
    return false;
  const direct = vs.appositive || vs.inverted;
  if (NOUNISH_CUES.has(t.lower) && /[^s]s$/.test(t.lower) && !direct && !nounishVerb(toks, k)) return false;
  // "spoke to a gathering" is an event; "spoke about / of / out against" is a stance.
  if (/^(speak|speaks|spoke)$/.test(t.lower) && !/^(about|of|out|against)$/.test(toks[k + 1]?.lower ?? ''))
    return false;
  // "declined to comment on Monday": "comment" / "remark" cue only "on" a topic, "that …" or a quote.
  if (/^(comment|remark)/.test(t.lower) && cueEnd === k && !/^(that|,|\.|:)$/.test(next?.text ?? '.'))
    return false;
  // "voted against / for / to …" is a stance; "voted in record numbers" is not.
  if (/^vot(e|es|ed)$/.test(t.lower)) {
    const n = TIME_WORDS.test(toks[k + 1]?.lower ?? '') ? k + 2 : k + 1;
    if (!/^(for|against|to)$/.test(toks[n]?.lower ?? '')) return false;
  }
  // A bare form (say, claim, tweet) is a verb only after a plural, I/we/you/they or a modal.
  const bare =
    !/(ed|[^s]s)$/.test(t.lower) && !IRREGULAR_PAST.has(t.lower) && !direct && !isProgressiveCue(toks, k);
  if (bare && !bareVerbContext(toks, k, vs.src) && interposedAt(toks, vs.src[0], cueEnd) < 0) return false;
  return true;
}

/** A quote that abuts the source and cue ("…," she said / she said: "…"), before and after. */
function abuttingQuotes(ctx: SentenceContext, k: number, cueEnd: number, src: [number, number]): SQuote[] {
  const { toks, quotes } = ctx;
  // A quote inside a phrase ("on CBS's “Face the Nation,” X said …") is a title, not what was said:
  // a quoted statement opens its sentence or follows punctuation or another quote.
  const opensClause = (q: SQuote) => q.open === 0 || /^[,:;(—–-]$|^[”"’]$/.test(tokAt(toks, q.open - 1).text);
  let before = quotes.find(
    (q) => q.close < k && q.close + 1 >= Math.min(k, srcGuess(toks, k)) && opensClause(q),
  );
  // "“…,” Jane Roe, an economist, told me", "“…,” panel chairman Rep. Roe said": the quote abuts
  // the whole source phrase, or a few lower-case words before it.
  if (!before && src[0] >= 2) {
    let at = toks[src[0] - 1]?.text === ',' ? src[0] - 2 : src[0] - 1;
    while (at > 0 && src[0] - at <= 3 && /^\p{Ll}+$/u.test(tokAt(toks, at).text)) at--;
    before = quotes.find((q) => q.close === at && opensClause(q));
  }
  const told = /^(told|tells|tell|telling)$/.test(tokAt(toks, k).lower);
  const after = quotes.find(
    (q) =>
      q.open > cueEnd &&
      (q.open === cueEnd + 1 ||
        (q.open === cueEnd + 2 && /^[,:]$/.test(tokAt(toks, cueEnd + 1).text)) ||
        // "said Ann Vale, “…”", "told the paper: “…”": a source or addressee between cue and quote.
        ((srcAfterCue(toks, k) || told) &&
          q.open <= cueEnd + 8 &&
          /^[,:]$/.test(tokAt(toks, q.open - 1).text))),
  );
  return quotes.filter((q) => q === before || q === after);
}

/** After a first attribution, a weaker cue counts only with a subject of its own opening a clause. */
function okAsSecond(toks: Tok[], k: number, vs: VerbSource): boolean {
  if (STRONG_CUES.has(tokAt(toks, k).lower)) return true;
  // "… and urged voters to …" shares the first subject: the second-predicate rule reads it.
  if (toks[k - 1]?.lower === 'and') return false;
  const open = toks[vs.src[0] - 1];
  const head = tokAt(toks, vs.src[1]);
  const clauseOpen = !open || /^(,|;|and|but|while|whereas|although|though|as)$/.test(open.lower);
  return clauseOpen && !vs.appositive && !vs.inverted && (isCap(head) || PRONOUNS.has(head.lower));
}

/** The content of the cue at k and the pass id its shape stands for. */
function contentOf(ctx: SentenceContext, k: number, cueEnd: number, vs: VerbSource) {
  const { toks } = ctx;
  const quoted = abuttingQuotes(ctx, k, cueEnd, vs.src);
  if (quoted.length > 0)
    return { via: 'direct-quote' as const, content: quoteContent(ctx, quoted), secondCue: -1, quoted: true };
  const quotedSignOff = vs.inverted
    ? null
    : quoteSignOffContent(ctx, vs.src[0], cueEnd, tokAt(toks, k).lower);
  if (quotedSignOff)
    return { via: 'sign-off' as const, content: quotedSignOff, secondCue: -1, quoted: false };
  const second = interposedAt(toks, vs.src[0], cueEnd);
  if (second > 0)
    return {
      via: 'interposed' as const,
      content: interposedContent(ctx, vs.src[0], second),
      secondCue: -1,
      quoted: false,
    };
  if (signsOff(ctx, vs.src[0], cueEnd, vs.inverted, tokAt(toks, k).lower))
    return {
      via: 'sign-off' as const,
      content: signOffContent(ctx, vs.src[0], k),
      secondCue: -1,
      quoted: false,
    };
  const r = reportedContent(ctx, tokAt(toks, k).lower, cueEnd, vs.src[0]);
  return { via: 'reported' as const, content: r.content, secondCue: r.secondCue, quoted: false };
}

/** The speaker phrase of a source: the name after a role ("The campaign chairman, Phil Lovas"). */
function speakerOf(
  ctx: SentenceContext,
  source: Span,
  srcIdx: number,
  cueStart: number,
): Candidate['speakerRef'] {
  const appos = ctx.body.slice(source.end, cueStart).match(/^,\s*([^,]{3,100}),\s*$/);
  const named = /^(.{3,100}?),\s*((?:\p{Lu}[\p{L}.'’-]*\s?){1,4})$/u.exec(source.text);
  if (named?.[2]) return { text: named[2].trim(), role: named[1] ?? null };
  return { text: relativeAntecedent(ctx.body, ctx.toks, srcIdx) ?? source.text, role: appos?.[1] ?? null };
}

function quotedWithin(ctx: SentenceContext, span: Span): boolean {
  return ctx.quotes.some((q) => tokAt(ctx.toks, q.open).start >= span.start && quoteEnd(ctx, q) <= span.end);
}

/** The candidate(s) of the cue at k: none, one, or one with a second predicate following it. */
function cueCandidate(ctx: SentenceContext, k: number, cueEnd: number): Candidate | null {
  const { toks, body } = ctx;
  // "She was sure that …": the subject of "be" is the source of a stance adjective.
  const be = adjectiveCueBe(toks, k);
  const vs = verbSource(toks, be > 0 ? be : k);
  const fixedUse = be > 0 || phraseCueEnd(toks, k) > 0;
  if (!vs || (!fixedUse && !isVerbUse(toks, k, cueEnd, vs))) return null;
  const t = tokAt(toks, k);
  // A passive ("endorsed by dozens of papers"): the agent, not the subject, is the source.
  if (toks[cueEnd + 1]?.lower === 'by' && isPassive(toks, k)) return passiveCandidate(ctx, k, cueEnd);
  // "a further Russian attack", "an official report": an indefinite noun phrase before a bare verb
  // form is a noun phrase, not a subject and its verb.
  if (
    /^(a|an|another)$/.test(tokAt(toks, vs.src[0]).lower) &&
    !/(ed|s)$/.test(t.lower) &&
    !IRREGULAR_PAST.has(t.lower)
  )
    return null;
  const c = contentOf(ctx, k, cueEnd, vs);
  // "was first reported by X" read as active: "by X" is the agent, not what was said.
  if (!c.content || /^by\s/i.test(c.content.text)) return null;
  const source = mkSpan(body, tokAt(toks, vs.src[0]).start, tokAt(toks, vs.src[1]).end);
  const mixed = !c.quoted && quotedWithin(ctx, c.content);
  const cand: Candidate = {
    via: c.via,
    source,
    cue: mkSpan(body, t.start, tokAt(toks, cueEnd).end),
    content: c.content,
    kind: c.quoted ? 'direct' : mixed ? 'mixed' : 'indirect',
    reported: ctx.alleged ? 'alleged' : c.quoted || mixed ? 'direct' : 'indirect',
    speakerRef: speakerOf(ctx, source, vs.src[0], t.start),
    sentence: ctx.sentence,
    okAsSecond: okAsSecond(toks, k, vs),
  };
  const secondTok = toks[c.secondCue];
  const nextStart = toks[c.secondCue + 1]?.start ?? ctx.sentence.end;
  const secondContent = secondTok ? trimSpan(body, nextStart, ctx.sentence.end) : null;
  if (secondTok && secondContent)
    cand.follow = {
      ...cand,
      via: 'second-predicate',
      cue: mkSpan(body, secondTok.start, secondTok.end),
      content: secondContent,
      kind: 'indirect',
      follow: undefined,
    };
  return cand;
}

/** 'Said Ana Lee: “…”': a speech verb opening the sentence, a name, then the quote. */
function frontedCue(ctx: SentenceContext): Candidate | null {
  const { toks, body } = ctx;
  const cue = tokAt(toks, 0);
  if (!/^(said|says|asked|asks|added|adds|wrote|writes|recalled|recalls)$/.test(cue.lower)) return null;
  let n = 1;
  while (n < toks.length && n <= 4 && isCap(toks[n]) && tokAt(toks, n).pos !== 'PUNCT') n++;
  const q = ctx.quotes.find((x) => x.open === n + 1);
  if (n === 1 || !q || !/^[,:]$/.test(tokAt(toks, n).text)) return null;
  const content = quoteContent(ctx, [q]);
  if (!content) return null;
  const source = mkSpan(body, tokAt(toks, 1).start, tokAt(toks, n - 1).end);
  return {
    via: 'direct-quote',
    source,
    cue: mkSpan(body, cue.start, cue.end),
    content,
    kind: 'direct',
    reported: ctx.alleged ? 'alleged' : 'direct',
    speakerRef: { text: source.text, role: null },
    sentence: ctx.sentence,
  };
}

/** Pass 'verb-cue': every cue verb of the sentence, in order. */
export function verbCuePass(ctx: SentenceContext): Candidate[] {
  const { toks } = ctx;
  const fronted = frontedCue(ctx);
  const out: Candidate[] = fronted ? [fronted] : [];
  // "Ukraine rejected the plan, Russian state media claimed.": a speech cue signing off the sentence
  // makes everything before its comma what was said, weaker cues in it included.
  const signed = signOff(toks);
  for (let k = 1; k < toks.length; k++) {
    const t = tokAt(toks, k);
    // Before the sign-off only plain speech cues count; inside it only its cue ("state" is no verb).
    if (signed && (k < signed.comma ? !STRONG_CUES.has(t.lower) : k !== signed.cue)) continue;
    const cueEnd = cueAt(ctx, k);
    if (cueEnd < 0) continue;
    const cand = cueCandidate(ctx, k, cueEnd);
    if (cand) out.push(cand);
  }
  return out;
}
