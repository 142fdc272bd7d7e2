// Deeds: an actor doing something to a watched topic is a stance too ("The U.S. Treasury imposed
// sanctions on Rosneft", "Washington has paused all military aid"). They feed positions only; the
// attribution output stays what was said. Pure.
import { splitSentences, tokenize, type Tok } from './attributions.js';
import { CUE_VERBS, DEED_VERBS } from './cues.js';
import { inflect } from './inflect.js';
import { OPPOSE_VERBS, SUPPORT_VERBS } from './stance-lexicon.js';

/**
 * Verbs that make a deed: the policy verbs, and every act of the stance lexicon ("signed the bill",
 * "scrapped the levy", "withdrew from the accord"); a phrasal verb counts by its first word.
 */
const ACT_VERBS: ReadonlySet<string> = new Set([
  ...DEED_VERBS,
  ...[...SUPPORT_VERBS, ...OPPOSE_VERBS].flatMap(inflect).map((f) => f.split(' ')[0] ?? f),
]);

export interface Deed {
  /** The actor phrase doing it ("The U.S. Treasury"). */
  subject: { start: number; end: number; text: string };
  verb: { start: number; end: number; text: string };
  /** The verb phrase from the verb to the end of the clause. */
  predicate: { start: number; end: number; text: string };
  sentence: { start: number; end: number; text: string };
}

/** Words between a subject and its verb: auxiliaries, adverbs and short time phrases. */
const BETWEEN =
  /^(has|have|had|will|would|also|already|now|again|formally|officially|quietly|finally|recently|last|this|next|week|month|year|on|monday|tuesday|wednesday|thursday|friday|saturday|sunday|earlier|later|today|yesterday)$/;
/** An opening adverbial before the subject ends at its comma ("On Monday, …", "Last week, …"). */
const OPENER =
  /^(on|in|at|last|this|earlier|late|early|after|before|during|since|following|meanwhile|separately|also)$/;
const SPAN = (body: string, start: number, end: number) => ({ start, end, text: body.slice(start, end) });

/** Words a subject noun phrase cannot contain: clause words, forms of "be", modals. */
const NOT_IN_SUBJECT =
  /^(to|is|are|was|were|be|been|being|could|would|should|can|may|might|must|do|does|did|not|when|while|if|because|that|which|who|whom|whose|but|and|or|nor|as|than|so|yet|what|how|why|where|there|here)$/;

/** After a plural noun, not after a verb: "sanctions would …", "sanctions on …". */
const NOUN_FOLLOWER =
  /^(would|will|could|should|may|might|must|can|are|were|is|was|have|had|has|on|against|in|of|for|to|and|or|from|by|with|[,.;:])$/;

function subjectEnd(toks: Tok[], from: number): number {
  // A noun phrase of up to eight words: names, determiners, possessives and plain nouns.
  let i = from;
  while (
    i < toks.length &&
    i - from < 8 &&
    /^[\p{L}\p{N}]/u.test(toks[i]!.text) &&
    !CUE_VERBS.has(toks[i]!.lower) &&
    !ACT_VERBS.has(toks[i]!.lower) &&
    !BETWEEN.test(toks[i]!.lower) &&
    !NOT_IN_SUBJECT.test(toks[i]!.lower) &&
    // A lowercase -ed word is another verb ("He enacted rules to cut …").
    !/^\p{Ll}.*ed$/u.test(toks[i]!.text)
  )
    i++;
  return i;
}

export function findDeeds(body: string, skip: (sentenceStart: number) => boolean = () => false): Deed[] {
  const deeds: Deed[] = [];
  for (const sent of splitSentences(body)) {
    if (skip(sent.start)) continue;
    const toks = tokenize(body, sent.start, sent.end);
    let from = 0;
    if (toks[0] && OPENER.test(toks[0].lower)) {
      const comma = toks.findIndex((t, i) => i < 8 && t.text === ',');
      if (comma < 0) continue;
      from = comma + 1;
    }
    // Quotes and headlines-in-quotes are statements, not deeds.
    if (!toks[from] || !/^\p{Lu}/u.test(toks[from]!.text)) continue;
    const end = subjectEnd(toks, from);
    if (end === from || end >= toks.length) continue;
    // "But when Congress cut …", "They were joined by …": a clause word or a passive, not a deed.
    if (NOT_IN_SUBJECT.test(toks[end]!.lower) || NOT_IN_SUBJECT.test(toks[from]!.lower)) continue;
    let v = end;
    while (v < toks.length && v - end < 4 && BETWEEN.test(toks[v]!.lower)) v++;
    const verb = toks[v];
    if (!verb || !ACT_VERBS.has(verb.lower)) continue;
    // A bare form is a deed only as a plan ("will send"), not a noun ("a cut", "the ban").
    const bare = !/(ed|[^s]s)$/.test(verb.lower) && !/^(sent|lent|froze|withdrew|cut|kept|held|upheld|quit)$/.test(verb.lower);
    if (bare && !/^(will|would)$/.test(toks[v - 1]?.lower ?? '')) continue;
    // A present form is a verb after a name ("Washington sanctions …"), else mostly a plural noun
    // ("further sanctions would …", "a few blocks away").
    if (/[^s]s$/.test(verb.lower) && v === end) {
      const next = toks[v + 1]?.lower ?? '.';
      if (!/^\p{Lu}/u.test(toks[end - 1]!.text) || NOUN_FOLLOWER.test(next)) continue;
    }
    // The predicate runs to a semicolon, a colon or the sentence end; positions then read each topic
    // from its own clause of it.
    let stop = toks.length;
    for (let j = v + 1; j < toks.length; j++) {
      if (/^[;:]$/.test(toks[j]!.text)) {
        stop = j;
        break;
      }
    }
    const last = toks[stop - 1];
    if (!last || stop <= v + 1) continue;
    const subjectStart = toks[from]!.start;
    deeds.push({
      subject: SPAN(body, subjectStart, toks[end - 1]!.end),
      verb: SPAN(body, verb.start, verb.end),
      predicate: SPAN(body, verb.start, last.end),
      sentence: SPAN(body, sent.start, sent.end),
    });
  }
  return deeds;
}
