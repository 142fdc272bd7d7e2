// The cue scan: the cue verbs of a sentence (outside quotes, used as verbs, with a source before or
// after them), found once per sentence and shared by the verb-cue passes (direct-quote, sign-off,
// interposed, reported, passive), which differ only in the shape of the content they read.
import { CUE_VERBS, NOUNISH_CUES, PHRASAL_CUES, PRONOUNS, TITLES } from '../../cues.js';
import type { SentenceContext } from '../context.js';
import { bareVerbContext, interposedAt, isFiller, isProgressiveCue } from '../sources.js';
import {
  GROUP_NOUNS,
  IRREGULAR_PAST,
  STRONG_CUES,
  TIME_WORDS,
  isCap,
  OPEN_Q,
  tokAt,
  type Tok,
} from '../tokens.js';
import { signOff } from './sign-off.js';
import { verbSource, type VerbSource } from './verb-source.js';

/** One cue of the sentence: the cue tokens [k, cueEnd], its source, and whether it is a passive. */
export interface CueSite {
  k: number;
  cueEnd: number;
  vs: VerbSource;
  /** "The plan was endorsed by the union": the agent after "by" is the source (pass 'passive'). */
  passive: boolean;
}

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
const STANCE_ADJECTIVES: ReadonlySet<string> = new Set(
  'sure certain convinced confident afraid adamant hopeful frustrated critical skeptical sceptical wary supportive doubtful concerned'.split(
    ' ',
  ),
);
/** The preposition or clause opener each stance adjective takes ("critical of", "sure that"). */
const ADJECTIVE_OBJECTS: Record<string, RegExp> = {
  of: /^(critical|skeptical|sceptical|wary|supportive|afraid|doubtful|convinced|confident|certain|sure)$/,
  about: /^(concerned|hopeful|frustrated|skeptical|sceptical|doubtful|sure|certain|confident)$/,
  that: /^(sure|certain|convinced|confident|afraid|adamant|hopeful|frustrated|concerned|doubtful)$/,
};

/** Words between "be" and a stance adjective ("was so sure"). */
const ADJECTIVE_ADVERB = /^(so|too|very|quite|increasingly|deeply|not|n['’]t|also|still|now|always)$/;
/** Forms of "be" (and its kin) before a stance adjective. */
const ADJECTIVE_BE =
  /^(is|are|was|were|been|be|am|['’]s|['’]re|['’]m|remain|remains|remained|became|become|becomes)$/;

/** The form of "be" before a stance adjective at k ("she was (so) sure"), or -1. */
export function adjectiveCueBe(toks: Tok[], k: number): number {
  if (!STANCE_ADJECTIVES.has(tokAt(toks, k).lower)) return -1;
  let b = k - 1;
  while (b > 0 && ADJECTIVE_ADVERB.test(tokAt(toks, b).lower)) b--;
  if (!ADJECTIVE_BE.test(tokAt(toks, b).lower)) return -1;
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

const EXPRESS: ReadonlySet<string> = new Set(['express', 'expresses', 'expressed', 'expressing']);
const MAKE: ReadonlySet<string> = new Set(['made', 'makes', 'make', 'making']);

/**
 * The last token of a multi-word cue at k, or -1: "expressed (deep) concern about / that …",
 * "made it clear (that) …", "as X put it, …".
 */
export function phraseCueEnd(toks: Tok[], k: number): number {
  const w = tokAt(toks, k).lower;
  for (const rest of PHRASAL_CUES.get(w) ?? [])
    if (rest.every((p, i) => toks[k + 1 + i]?.lower === p)) return k + rest.length;
  if (EXPRESS.has(w)) {
    let n = k + 1;
    while (n < k + 3 && tokAt(toks, n).pos === 'ADJ') n++;
    if (!EXPRESSED_NOUNS.test(tokAt(toks, n).lower)) return -1;
    const next = tokAt(toks, n + 1).lower;
    if (next === 'that') return n;
    return /^(about|over|for|with|at|in|of)$/.test(next) ? n + 1 : -1;
  }
  if (MAKE.has(w) && toks[k + 1]?.lower === 'it' && toks[k + 2]?.lower === 'clear') return k + 2;
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
  const w = tokAt(toks, k).lower;
  if (w !== 'continued' && w !== 'continues') return false;
  const subject = tokAt(toks, k - 1);
  const named = PRONOUNS.has(subject.lower) || isCap(subject);
  const after = named && /^[,:]$/.test(toks[k + 1]?.text ?? '') && OPEN_Q.has(toks[k + 2]?.text ?? '');
  const before = ctx.quotes.some((q) => q.close < k && q.close >= k - 3);
  return after || (before && /^[.,]$/.test(toks[k + 1]?.text ?? '.'));
}

/** The words a fixed cue starts with: stance adjectives, "express", "make", "put" and "continue". */
const FIXED_CUE_WORDS: ReadonlySet<string> = new Set([
  ...STANCE_ADJECTIVES,
  ...EXPRESS,
  ...MAKE,
  'put',
  'continued',
  'continues',
]);

/**
 * Whether the word at k is one that some rule of cueAt starts from: a fixed or phrasal cue's first
 * word, a cue verb, an -ing form (a progressive cue), a that-cue or a verb before a colon. Most words are none,
 * and are passed over with one look (keep this in step with cueAt).
 */
function mayBeCue(toks: Tok[], k: number): boolean {
  const t = tokAt(toks, k);
  const w = t.lower;
  return (
    CUE_VERBS.has(w) ||
    FIXED_CUE_WORDS.has(w) ||
    PHRASAL_CUES.has(w) ||
    THAT_CUES.has(w) ||
    (w.length >= 6 && w.endsWith('ing')) ||
    (t.pos === 'VERB' && toks[k + 1]?.text === ':')
  );
}

/** The last token of the cue at k ("called for", "spoke out against"), or -1 when k is no cue. */
function cueAt(ctx: SentenceContext, k: number): number {
  const { toks } = ctx;
  const t = tokAt(toks, k);
  if (ctx.inQuote[k] || !mayBeCue(toks, k)) return -1;
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
  // "the binding rules that govern …": a form tagged as a noun right after an adjective or a
  // determiner is the noun.
  if (t.pos === 'NOUN' && /^(ADJ|DET)$/.test(before.pos ?? '')) return false;
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
  // "They add five rare earths to the list": "add" with an object and "to" is no speech ("…, he
  // added", "added that …" and "added the levy would go" are).
  if (
    /^add(s|ed|ing)?$/.test(t.lower) &&
    /^(a|an|the|its|their|his|her|our|new|more|another|some|\d[\d.,]*|one|two|three|four|five|six|seven|eight|nine|ten)$/.test(
      next?.lower ?? '',
    ) &&
    !/^[,“”"]$/.test(before.text) &&
    toks.slice(cueEnd + 2, cueEnd + 8).some((x) => x.lower === 'to')
  )
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

/** The cue at k as a site, or null when the word is no cue verb here. */
function siteAt(ctx: SentenceContext, k: number, cueEnd: number): CueSite | null {
  const { toks } = ctx;
  // "The plan was endorsed by the union", "the levy, first proposed by the mayor": a passive's source
  // is its agent after "by", whatever stands before it (pass 'passive' reads both).
  const t0 = tokAt(toks, k);
  if (
    toks[cueEnd + 1]?.lower === 'by' &&
    !isCap(t0) &&
    (/ed$/.test(t0.lower) || IRREGULAR_PAST.has(t0.lower))
  )
    return {
      k,
      cueEnd,
      vs: { src: [cueEnd + 2, cueEnd + 2], inverted: false, appositive: false },
      passive: true,
    };
  // "She was sure that …": the subject of "be" is the source of a stance adjective.
  const be = adjectiveCueBe(toks, k);
  const vs = verbSource(toks, be > 0 ? be : k);
  const fixedUse = be > 0 || phraseCueEnd(toks, k) > 0;
  if (!vs || (!fixedUse && !isVerbUse(toks, k, cueEnd, vs))) return null;
  // "a further Russian attack", "an official report": an indefinite noun phrase before a bare verb
  // form is a noun phrase, not a subject and its verb.
  const t = tokAt(toks, k);
  if (
    /^(a|an|another)$/.test(tokAt(toks, vs.src[0]).lower) &&
    !/(ed|s)$/.test(t.lower) &&
    !IRREGULAR_PAST.has(t.lower)
  )
    return null;
  return { k, cueEnd, vs, passive: false };
}

function scan(ctx: SentenceContext): CueSite[] {
  const { toks } = ctx;
  const out: CueSite[] = [];
  // "Ukraine rejected the plan, Russian state media claimed.": a speech cue signing off the sentence
  // makes everything before its comma what was said, weaker cues in it included.
  const signed = signOff(toks);
  for (let k = 1; k < toks.length; k++) {
    const t = tokAt(toks, k);
    // Before the sign-off only plain speech cues count; inside it only its cue ("state" is no verb).
    if (signed && (k < signed.comma ? !STRONG_CUES.has(t.lower) : k !== signed.cue)) continue;
    const cueEnd = cueAt(ctx, k);
    if (cueEnd < 0) continue;
    const site = siteAt(ctx, k, cueEnd);
    if (site) out.push(site);
  }
  return out;
}

/** The sentence's cue sites, in order (computed once per sentence context, kept on it). */
export function cueSites(ctx: SentenceContext): CueSite[] {
  ctx.cueSites ??= scan(ctx);
  return ctx.cueSites;
}
