// Deeds: an actor doing something to a watched topic is a stance too ("The U.S. Treasury imposed
// sanctions on Rosneft", "Washington has paused all military aid"). They feed positions only; the
// attribution output stays what was said. Pure.
import { sentenceView } from './attributions/context.js';
import { afterDatelineTok, isWord, lemmaOf, type Tok } from './attributions/tokens.js';
import { CUE_VERBS, DEED_VERBS } from './cues.js';
import { inflect } from './inflect.js';
import type { Doc, Sentence } from './document.js';
import { ACT_FORMS, OPPOSE_VERBS, SUPPORT_VERBS } from './stance-lexicon.js';

/** Verbs of stating a stance whose object is the stance ("voiced opposition to", "expressed support for"). */
const STATING_VERBS = ['voice', 'express', 'signal', 'register', 'reiterate', 'repeat', 'restate'];

/**
 * Verbs that make a deed: the policy verbs, the stating verbs and every one-word act of the stance
 * lexicon ("signed the bill", "scrapped the levy"); phrasal acts count only with their particles.
 */
const ACT_VERBS: ReadonlySet<string> = new Set([
  ...DEED_VERBS,
  ...[...ACT_FORMS].filter((f) => !f.includes(' ')),
  ...STATING_VERBS.flatMap(inflect),
]);
/** The same acts by lemma, for forms the tagger knows better than the inflection table. */
const ACT_LEMMAS: ReadonlySet<string> = new Set(
  [...SUPPORT_VERBS, ...OPPOSE_VERBS, ...STATING_VERBS].filter((v) => !v.includes(' ')),
);
/** Phrasal acts by their verb, with the particles that must follow ("pulled" + "out of"). */
const PHRASAL: ReadonlyMap<string, string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const form of [...ACT_FORMS].filter((f) => f.includes(' '))) {
    const [verb = '', ...rest] = form.split(' ');
    map.set(verb, [...(map.get(verb) ?? []), rest.join(' ')]);
  }
  return map;
})();

/**
 * A word that is a watched topic's own verb ("fined" for a topic about fining platforms, "retaliated"
 * for one about retaliation): with an actor as its subject, a deed on that topic.
 */
export type TopicVerb = (word: string) => boolean;

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
  /^(has|have|had|will|would|also|already|now|again|formally|officially|quietly|finally|recently|last|this|next|week|month|year|on|monday|tuesday|wednesday|thursday|friday|saturday|sunday|earlier|later|today|yesterday|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|\d{1,2}(?:st|nd|rd|th)?)$/;
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

const LOWER_ED = /^\p{Ll}.*ed$/u;

function subjectEnd(toks: Tok[], from: number): number {
  // A noun phrase of up to eight words: names, determiners, possessives and plain nouns.
  let i = from;
  for (let t = toks[i]; t && i - from < 8; t = toks[++i]) {
    const word = t.lower;
    if (!isWord(t) || CUE_VERBS.has(word) || ACT_VERBS.has(word) || PHRASAL.has(word)) break;
    if (BETWEEN.test(word) || NOT_IN_SUBJECT.test(word)) break;
    // A lowercase -ed word is another verb ("He enacted rules to cut …").
    if (LOWER_ED.test(t.text)) break;
  }
  return i;
}

const BE = /^(is|are|was|were)$/;
/** Parts of speech a deed's verb cannot have. */
const NOT_A_VERB = /^(?:PROPN|ADJ|ADP|DET|NUM)$/;

/** "Britain and France signed …": a second name joined by "and" belongs to the subject. */
function coordinatedEnd(toks: Tok[], from: number, end: number): number {
  const and = toks[end];
  const next = toks[end + 1];
  if (end === from || and?.lower !== 'and' || !next || !/^\p{Lu}/u.test(next.text)) return end;
  const second = subjectEnd(toks, end + 1);
  return second > end + 1 ? second : end;
}

/** Whether the token at `v` starts a phrasal act: its particles follow ("pulled out of the deal"). */
function phrasalAt(toks: Tok[], v: number): boolean {
  const verb = toks[v];
  const particles = verb ? PHRASAL.get(verb.lower) : undefined;
  if (!particles) return false;
  // Up to three particles: "voted in favour of the deal".
  const next = [toks[v + 1]?.lower, toks[v + 2]?.lower, toks[v + 3]?.lower].filter(Boolean).join(' ');
  return particles.some((p) => next === p || next.startsWith(`${p} `) || toks[v + 1]?.lower === p);
}

/**
 * The deed verb after a subject ending at `end`, skipping auxiliaries and adverbs; a form of "be" is
 * allowed only before an -ing form ("Britain is preparing …"), never before a passive ("was granted").
 */
function verbAfter(toks: Tok[], end: number, topicVerb: TopicVerb = () => false): number | null {
  let v = end;
  let progressive = false;
  for (let t = toks[v]; t && v - end < 4; t = toks[++v]) {
    if (BE.test(t.lower)) progressive = true;
    else if (!BETWEEN.test(t.lower)) break;
  }
  const verb = toks[v];
  // "voted to repeal the law", "decided on Thursday to extend the pumps": a decision whose
  // infinitive is an act.
  let to = v + 1;
  while (to < v + 4 && toks[to] && BETWEEN.test(toks[to]?.lower ?? '')) to++;
  const act = toks[to + 1];
  if (
    verb &&
    !progressive &&
    DECIDED.test(verb.lower) &&
    toks[to]?.lower === 'to' &&
    act &&
    (ACT_VERBS.has(act.lower) ||
      ACT_LEMMAS.has(lemmaOf(act) ?? '') ||
      phrasalAt(toks, v + 2) ||
      topicVerb(act.lower))
  )
    return v;
  // By form, or by the tagger's lemma (irregular forms the inflection table lacks: "forbade", "shut").
  if (
    !verb ||
    !(
      ACT_VERBS.has(verb.lower) ||
      ACT_LEMMAS.has(lemmaOf(verb) ?? '') ||
      phrasalAt(toks, v) ||
      topicVerb(verb.lower)
    )
  )
    return null;
  // The tagger rules out names, adjectives and prepositions (it often calls "Eastport lifts …" a noun).
  if (verb.pos && NOT_A_VERB.test(verb.pos) && !/ed$/.test(verb.lower)) return null;
  if (progressive !== verb.lower.endsWith('ing')) return null;
  if (progressive) return v;
  // A bare form is a deed only as a plan ("will send"), not a noun ("a cut", "the ban").
  // The tagger's lemma tells a base form ("ban") from an inflected one ("forbade"); the word's ending
  // decides where it has none.
  // A past that looks like its base ("cut", "shut", "set") is past right after its subject.
  const lemma = lemmaOf(verb);
  const bare =
    (lemma ? lemma === verb.lower : !/(ed|[^s]s)$/.test(verb.lower)) &&
    !(
      IRREGULAR_PAST.test(verb.lower) &&
      (lemma === undefined ||
        // …with an object or particle after it, not another verb ("the budget cut hurt").
        (v === end && verb.pos === 'VERB' && !/^(?:VERB|AUX)$/.test(toks[v + 1]?.pos ?? 'VERB')))
    );
  if (bare && !/^(will|would)$/.test(toks[v - 1]?.lower ?? '')) return null;
  // A present form is a verb after a name ("Washington sanctions …"), else mostly a plural noun
  // ("further sanctions would …", "a few blocks away").
  if (/[^s]s$/.test(verb.lower) && v === end) {
    const next = toks[v + 1]?.lower ?? '.';
    if (!/^\p{Lu}/u.test(toks[end - 1]?.text ?? '') || NOUN_FOLLOWER.test(next)) return null;
  }
  return v;
}

/** Past forms of deciding, whose infinitive names the act decided ("voted to repeal"). */
const DECIDED = /^(?:voted|decided|agreed|moved|opted|resolved|chose|elected|declined|refused)$/;

const IRREGULAR_PAST =
  /^(sent|lent|froze|withdrew|cut|kept|held|upheld|quit|set|put|shut|sought|gave|took|made|struck|left|led|built|sold)$/;

/** Where the subject starts: after an opening adverbial's comma ("On Monday, …"); null if none. */
function subjectStart(toks: Tok[]): number | null {
  const at = afterDatelineTok(toks);
  const lead = toks[at];
  if (!lead || !OPENER.test(lead.lower)) return at;
  const comma = toks.findIndex((t, i) => i > at && i < at + 8 && t.text === ',');
  return comma < 0 ? null : comma + 1;
}

/** The predicate runs to a semicolon, a colon or the sentence end. */
function predicateEnd(toks: Tok[], v: number): number {
  const stop = toks.findIndex(
    (t, j) =>
      j > v &&
      (/^[;:]$/.test(t.text) ||
        // "…, but Denmark has blocked it": a contrasting clause with a subject of its own.
        (t.text === ',' &&
          /^(?:but|while|whereas|although|though)$/i.test(toks[j + 1]?.text ?? '') &&
          /^\p{Lu}/u.test(toks[j + 2]?.text ?? ''))),
  );
  return stop < 0 ? toks.length : stop;
}

/** The capitalised subject a sentence opens with (after a dateline or an opening adverbial). */
function openingSubject(toks: Tok[]): { first: Tok; last: Tok; end: number } | null {
  const from = subjectStart(toks);
  const first = from === null ? undefined : toks[from];
  // Quotes and headlines-in-quotes are statements, not deeds; "But when Congress cut …" is a clause.
  if (from === null || !first || !/^\p{Lu}/u.test(first.text) || NOT_IN_SUBJECT.test(first.lower))
    return null;
  const end = coordinatedEnd(toks, from, subjectEnd(toks, from));
  const last = toks[end - 1];
  return end === from || !last ? null : { first, last, end };
}

/** A deed of the opening subject whose verb is token `v`: its predicate runs to the clause's end. */
function deedFrom(
  body: string,
  sent: Sentence,
  toks: Tok[],
  subject: { first: Tok; last: Tok },
  v: number,
): Deed | null {
  const verb = toks[v];
  const stop = predicateEnd(toks, v);
  const last = toks[stop - 1];
  if (!verb || !last || stop <= v + 1) return null;
  return {
    subject: SPAN(body, subject.first.start, subject.last.end),
    verb: SPAN(body, verb.start, verb.end),
    predicate: SPAN(body, verb.start, last.end),
    sentence: SPAN(body, sent.start, sent.end),
  };
}

function deedIn(body: string, sent: Sentence, toks: Tok[], topicVerb: TopicVerb): Deed | null {
  const subject = openingSubject(toks);
  const afterSubject = subject && toks[subject.end];
  if (!subject || !afterSubject) return null;
  // "They were joined by …": a passive, not a deed.
  if (NOT_IN_SUBJECT.test(afterSubject.lower) && !BE.test(afterSubject.lower)) return null;
  const v = verbAfter(toks, subject.end, topicVerb);
  return v === null ? null : deedFrom(body, sent, toks, subject, v);
}

/** Words of a name or title before ", who": "Britain's energy secretary Ed Miliband". */
const isNameWord = (t: Tok | undefined): boolean =>
  !!t && (/^\p{Lu}/u.test(t.text) || /^['’]s$/.test(t.text) || (t.pos === 'NOUN' && /^\p{Ll}/u.test(t.text)));

/**
 * "X, who joined the call for a roadmap, said …": the act in a relative clause is its antecedent's,
 * read from the verb to the clause's closing comma. The antecedent is the name or title phrase just
 * before ", who" (it must hold a capitalised word).
 */
function relativeDeeds(body: string, sent: Sentence, toks: Tok[]): Deed[] {
  const out: Deed[] = [];
  for (let w = 2; w < toks.length; w++) {
    if (toks[w]?.lower !== 'who' || toks[w - 1]?.text !== ',') continue;
    let a = w - 1;
    while (a - 1 >= 0 && w - 1 - a < 8 && isNameWord(toks[a - 1])) a--;
    const first = toks[a];
    const lastOfSubject = toks[w - 2];
    if (a === w - 1 || !first || !lastOfSubject || !/^\p{Lu}/u.test(first.text)) continue;
    const deed = clauseDeed(body, sent, toks, first, lastOfSubject, verbAfter(toks, w + 1));
    if (deed) out.push(deed);
  }
  return out;
}

/** A deed in a clause of its own: its predicate runs from the verb to the next comma or the end. */
function clauseDeed(
  body: string,
  sent: Sentence,
  toks: Tok[],
  first: Tok,
  lastOfSubject: Tok,
  v: number | null,
): Deed | null {
  const verb = v === null ? undefined : toks[v];
  if (v === null || !verb) return null;
  const comma = toks.findIndex((t, j) => j > v && /^[,;:]$/.test(t.text));
  const lastIdx = (comma < 0 ? predicateEnd(toks, v) : comma) - 1;
  const last = toks[lastIdx];
  if (!last || lastIdx <= v) return null;
  return {
    subject: SPAN(body, first.start, lastOfSubject.end),
    verb: SPAN(body, verb.start, verb.end),
    predicate: SPAN(body, verb.start, last.end),
    sentence: SPAN(body, sent.start, sent.end),
  };
}

/** Whether an offset lies inside a quotation the document paired (an unclosed one runs to its sentence's end). */
function quotedAt(doc: Doc, offset: number): boolean {
  const t = doc.tokenAt(offset);
  if (!t) return false;
  return doc.quotes.some((q) => q.open < t.i && t.i < (q.close ?? doc.sentenceOf(q.open)?.end_ ?? Infinity));
}

/** Words that open a clause the writer sets beside a statement ("…, after the mayor signed orders …"). */
const SUBORDINATOR = /^(after|when|since|as|because|before|once)$/;

/**
 * "Eastport said it would hit back after the mayor signed orders imposing a toll": a
 * clause opened by "after", "when" … whose subject is a name and whose verb is an act is a deed, even
 * inside a statement (the writer's framing, not the speaker's words); never inside quotation marks.
 */
function subordinateDeeds(body: string, sent: Sentence, toks: Tok[], topicVerb: TopicVerb): Deed[] {
  const out: Deed[] = [];
  for (let w = 1; w < toks.length - 2; w++) {
    if (!SUBORDINATOR.test(toks[w]?.lower ?? '') || !/^\p{Lu}/u.test(toks[w + 1]?.text ?? '')) continue;
    const rest = toks.slice(w + 1);
    const end = coordinatedEnd(rest, 0, subjectEnd(rest, 0));
    const first = rest[0];
    const lastOfSubject = rest[end - 1];
    if (end === 0 || !first || !lastOfSubject) continue;
    const deed = clauseDeed(body, sent, rest, first, lastOfSubject, verbAfter(rest, end, topicVerb));
    if (deed) out.push(deed);
  }
  return out;
}

/**
 * The deeds of an article read into a Doc (its sentences and tokens, shared with the attribution
 * passes). `inStatement` tells a verb that lies inside what someone said ("X said it would impose …"):
 * that is a statement, read as an attribution, not a deed.
 */
export function findDeeds(
  doc: Doc,
  inStatement: (offset: number) => boolean = () => false,
  topicVerb: TopicVerb = () => false,
): Deed[] {
  const deeds: Deed[] = [];
  for (const sent of doc.sentences) {
    const toks = sentenceView(doc, sent.i, sent.start, sent.end);
    const deed = deedIn(doc.text, sent, toks, topicVerb);
    for (const d of [...(deed ? [deed] : []), ...relativeDeeds(doc.text, sent, toks)])
      if (!inStatement(d.verb.start)) deeds.push(d);
    for (const d of subordinateDeeds(doc.text, sent, toks, topicVerb))
      if (!quotedAt(doc, d.verb.start)) deeds.push(d);
  }
  return deeds;
}

/** What may stand between a subject and its verb: the words `BETWEEN` allows, forms of "be", modals. */
const AUXILIARY = new RegExp(
  `${BETWEEN.source}|^(?:is|are|was|were|be|been|could|should|can|may|might|must|did|does|do)$`,
);
/** Verbs that report speech or thought: their sentences are statements, read by the attribution passes. */
const STATEMENT_VERB =
  /^(?:say|said|says|saying|tell|told|tells|add|added|adds|note|noted|notes|argue|argued|argues|warn|warned|warns|claim|claimed|claims|insist|insisted|insists|believe|believed|believes|think|thought|thinks|stress|stressed|stresses|state|stated|states|announce|announced|announces|declare|declared|declares|write|wrote|writes|ask|asked|asks|report|reported|reports)$/;

/**
 * "Valdor will host talks on the water accord next month": a named subject and a verb that is no act
 * of the lexicon, in a sentence nobody is quoted in. The clause is about the topic it names but says
 * nothing for or against it; it counts only as a mention (a guess at most, never a move).
 */
export function findNarrations(doc: Doc, inStatement: (offset: number) => boolean = () => false): Deed[] {
  const out: Deed[] = [];
  for (const sent of doc.sentences) {
    if (quotedAt(doc, sent.start)) continue;
    const toks = sentenceView(doc, sent.i, sent.start, sent.end);
    const subject = openingSubject(toks);
    if (!subject) continue;
    let v = subject.end;
    while (v - subject.end < 4 && AUXILIARY.test(toks[v]?.lower ?? '')) v++;
    const verb = toks[v];
    if (!verb || verb.pos !== 'VERB' || STATEMENT_VERB.test(verb.lower) || inStatement(verb.start)) continue;
    const deed = deedFrom(doc.text, sent, toks, subject, v);
    if (deed) out.push(deed);
  }
  return out;
}

/** Where a headline's clauses part: "; ", ": ", a dash, and "as" / "after" / "while" / "amid" before a name. */
const HEADLINE_BREAK = /\s*;\s*|:\s+|\s+[—–-]\s+|\s+(?:as|after|while|amid)\s+(?:the\s+)?(?=\p{Lu})/iu;
/** Words a headline's subject cannot hold: a verb or a clause word makes it no bare subject. */
const NOT_A_SUBJECT_WORD =
  /^(?:is|are|was|were|be|has|have|had|will|would|could|can|should|may|might|to|not|says|said|that|who|which|if|when|how|why|what)$/i;
/** A headline's present tense: "signs", "pushes", "lifts"; the plain form after a plural subject. */
const presentThird = (w: string) => /[^s]s$|(?:sh|ch|ss|x|z)es$/.test(w);
const plainForm = (w: string) => !/(?:s|ed|ing)$/.test(w);

/**
 * Acts in a headline: "Valdor signs harbour charter", "Kestria and Ostmark lift the catch levy;
 * Tarn objects". Headlines drop articles and put past acts in the present tense, so the body's deed
 * rules (past forms, a tagged sentence) do not read them. A clause opens with a short subject of
 * capitalised words (a name, "Valdor's cabinet") and its verb is an act of the stance lexicon or a
 * topic's own verb; spans are relative to the headline. Quoted clauses are statements, not acts.
 */
export function headlineDeeds(headline: string, topicVerb: TopicVerb = () => false): Deed[] {
  const deeds: Deed[] = [];
  let from = 0;
  for (const part of headline.split(HEADLINE_BREAK)) {
    const at = headline.indexOf(part, from);
    from = at + part.length;
    if (at < 0 || /^\s*['‘“"]/.test(part)) continue;
    const deed = headlineDeed(headline, part, at, topicVerb);
    if (deed) deeds.push(deed);
  }
  return deeds;
}

function headlineDeed(headline: string, part: string, at: number, topicVerb: TopicVerb): Deed | null {
  const words = [...part.matchAll(/[^\s]+/g)];
  for (let i = 1; i < Math.min(words.length - 1, 7); i++) {
    const w = words[i];
    const subject = words.slice(0, i).map((x) => x[0]);
    if (
      !w ||
      subject.some((x) => NOT_A_SUBJECT_WORD.test(x) || /[,.;!?'"“”‘]$/.test(x.replace(/['’]s$/, '')))
    )
      return null;
    if (!/^\p{Lu}/u.test(subject[0] ?? '')) return null;
    const word = w[0].toLowerCase();
    const plural = subject.some((x) => /^and$/i.test(x));
    const tense = plural ? plainForm(word) : presentThird(word);
    // A phrasal act counts only with its particles ("pulls out of").
    const next = words
      .slice(i + 1, i + 4)
      .map((x) => x[0].toLowerCase())
      .join(' ');
    const phrasal = PHRASAL.get(word)?.some((p) => `${next} `.startsWith(`${p} `)) === true;
    if (!tense || !(ACT_VERBS.has(word) || topicVerb(word) || phrasal)) continue;
    // "vow to answer the levy": an intent whose infinitive is no act we know says nothing we can read.
    const [to, infinitive = ''] = next.split(' ');
    if (to === 'to' && !ACT_VERBS.has(infinitive) && !topicVerb(infinitive)) return null;
    const lastOfSubject = words[i - 1];
    const end = part.replace(/[\s.!?]+$/, '').length;
    if (!lastOfSubject || end <= w.index + w[0].length) return null;
    return {
      subject: SPAN(headline, at, at + lastOfSubject.index + lastOfSubject[0].length),
      verb: SPAN(headline, at + w.index, at + w.index + w[0].length),
      predicate: SPAN(headline, at + w.index, at + end),
      sentence: SPAN(headline, at, at + end),
    };
  }
  return null;
}
