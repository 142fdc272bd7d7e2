// Stance of a statement toward a topic's proposition: supports / opposes / conditional / neutral.
// The lexicons are generic (they work for tariffs or climate as well as for peace talks); topic-specific
// wording comes only from the watchlist's optional supportPhrases / opposePhrases. Pure.
import type { Polarity } from '../model.js';
import type { PhraseHit, TopicStance } from './matcher.js';
import { createPhraseMatcher } from './matcher.js';

import {
  ACT_FORMS,
  CONDITIONAL_WORDS,
  NEGATING_VERBS,
  NEGATION_WORDS,
  OPPOSE_CUE_VERBS,
  OPPOSE_VERBS,
  OPPOSE_WORDS,
  SUPPORT_CUE_VERBS,
  SUPPORT_VERBS,
  SUPPORT_WORDS,
  formsOf,
} from './stance-lexicon.js';
import { inflect, withPlurals } from './inflect.js';

const SUPPORT = [...formsOf(SUPPORT_VERBS), ...withPlurals(SUPPORT_WORDS)];
const OPPOSE = [...formsOf(OPPOSE_VERBS), ...withPlurals(OPPOSE_WORDS)];
const NEGATING_FORMS = formsOf(NEGATING_VERBS);
/**
 * Oppose phrases that are only a negation: when a stance word follows shortly after, they negate that
 * word (which `score` already flips) and do not count again ("will not drop the levy" keeps it).
 */
const BARE_NEGATIONS = new Set([...NEGATION_WORDS, ...NEGATING_FORMS]);

// A negation reaches a stance word a few words on, past one comma aside ("would never, under any
// circumstances, recognise …").
const NEGATION_REACH = String.raw`(?:\s*,[^,.;]{1,45},)?[^.;]{0,25}`;
/** "until Friday", "until the end of the year": a date, not a condition ("until Russia pays"). */
const UNTIL_A_TIME =
  /^\s+(?:(?:at\s+least|at\s+the\s+earliest|around|about|roughly)\s+)?(?:(?:the\s+)?(?:end|middle|start|beginning|spring|summer|autumn|fall|winter|weekend)\b|now\b|then\b|today|tomorrow|tonight|recently|further notice|next\b|last\b|this\b|mid|early\b|late\b|\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)/i;

/** "failed to", "could not": before "agree" or "decide", no decision was made. */
const FAILED_TO = String.raw`fail(?:s|ed|ing)?\s+to|could\s+not|couldn['’]t`;
const UNDECIDED = new RegExp(
  String.raw`\b(?:${FAILED_TO})\s+(?:agree|decide|settle)(?:\s+(?:on|over|about)\b[^.;]{0,25})?$`,
  'i',
);
const JUST_FAILED = new RegExp(String.raw`\b(?:${FAILED_TO})\s+$`, 'i');
const UNDECIDED_VERB = /^(?:agree|agreed|agrees|decide|settle)$/i;

/** "opposition to a plan to extend the levy": against what the plan would do. */
const NEGATING_NOUNS =
  'opposition to|objection to|objections to|rejection of|resistance to|refusal to|reluctance to';
/** Every negator but "against", which turns around only acts (see `negated`). */
const NEGATOR_WORDS = String.raw`not|no|never|cannot|n't|without|hardly|(?:hard|difficult)\s+to|neither|nor|nothing|none|rather than|instead of|${FAILED_TO}|${NEGATING_NOUNS}|${NEGATING_FORMS.join('|')}`;
const NEGATORS = new RegExp(String.raw`\b(${NEGATOR_WORDS}|against)\b${NEGATION_REACH}$`, 'i');
const WITHIN_NEGATION_REACH = new RegExp(`^${NEGATION_REACH}$`);
const AGAINST_ONLY = new RegExp(String.raw`\bagainst\b${NEGATION_REACH}$`, 'i');
const OTHER_NEGATORS = new RegExp(String.raw`\b(${NEGATOR_WORDS})\b${NEGATION_REACH}$`, 'i');

const NOT_REGARDED_AS =
  /\b(?:not|never|n't)\s+(?:regard|consider|see|view|deem|treat)(?:s|ed|ing)?\s+[^.;]{1,80}?\s+as\s+(?:(?:a|an|very|particularly|especially|at\s+all)\s+)?$/i;

const AMOUNT_CONTRAST = /,\s*not\s+(?:the\s+)?(?=[\d.,]+\s*(?:%|per\s*cent|percent))/gi;
const NOT_EITHER = /\b(?:not|never)\s+[a-z]{3,}\s+[^,.;]{0,40}?\s+or\s+$/i;
const CONTRAST_ASIDE = /,\s*(?:and\s+|but\s+)?not\s+[^,.;]{1,45},/gi;

/**
 * Whether a stance word is negated by what stands shortly before it. "against" turns around an act
 * ("against imposing the levy") but not a judgement ("measures against unfair restrictions").
 */
function negated(given: string, word: string): boolean {
  // "the onus falls on owners, not on crews, to keep …": a contrast set aside between commas
  // negates only itself.
  // "10% of the catch, not the 5% towns agreed": a contrast of amounts negates no act after it.
  const before = given.replace(CONTRAST_ASIDE, ',').replace(AMOUNT_CONTRAST, ', the');
  // "more good than harm": what comes right after "than" is what is weighed against.
  if (/\bthan\s+(?:(?:a|an|the|any)\s+)?$/i.test(before)) return true;
  // "minimally burdensome", "less harmful": a judgement played down is its opposite.
  if (/\b(?:minimally|less|least)\s+$/i.test(before)) return true;
  // "does not regard quotas of that size as realistic": the judgement after "as" is what is denied.
  if (NOT_REGARDED_AS.test(given)) return true;
  // "must not raise fees or draw on public money": the negation holds for each verb of the list.
  if (NOT_EITHER.test(before)) return true;
  if (!NEGATORS.test(before)) return false;
  if (!AGAINST_ONLY.test(before) || OTHER_NEGATORS.test(before)) return true;
  return ACT_FORMS.has(word.toLowerCase());
}

/**
 * "would join the talks if Russia withdraws": a plan with an "if" — not "even if", not "asked if", and
 * not a hedge ("if necessary", "if needed").
 */
const MODAL_IF =
  /\b(?:would|will|could|can|ready|willing|prepared|open)\b(?:(?!\b(?:asked|ask|asks|wondered|whether)\b)[^.;])*?(?<!\beven\s)\bif\b(?!\s+(?:necessary|needed|need\s+be|required|possible|so|asked|appropriate)\b)/i;

/** "…, provided the annex gives companies legal certainty": after a comma, "provided" opens a condition. */
const PROVIDED_CLAUSE =
  /,\s*(?:but\s+only\s+)?provid(?:ed|ing)\s+(?:that\s+)?(?:the|it|its|they|their|there|we|our|he|she|all|both|any)\b/i;

/** "If they go into Rafah, I'm not supplying …": a stance stated as the consequence of a condition. */
const IF_THEN =
  /^\W*(?:but\s+|and\s+)?if\b(?!\s+(?:necessary|needed|need\s+be|required|possible|so|asked)\b)[^,.;]{3,120},\s*\S/i;

const BARE_MODALS = new Set(['must', 'should', 'need to', 'needs to', 'have to', 'has to']);
const NO_AFTER = /^\s+no\s+(?:new|more|further|fresh|additional)?/i;

/** Base and -s forms of the lexicon's verbs: these are also nouns ("oil demand", "a price increase"). */
const NOUN_LIKE = new Set(
  [...SUPPORT_VERBS, ...OPPOSE_VERBS].flatMap((v) => {
    const [base, s] = inflect(v);
    return [base, s].filter((x): x is string => x !== undefined);
  }),
);
/** Words after which a verb form is a verb ("will demand", "they demand", "firmly back"). */
const BEFORE_A_VERB =
  /^(?:to|will|would|can|could|should|must|may|might|shall|not|also|still|now|then|only|just|never|always|often|further|again|did|do|does|they|we|you|i|he|she|it|who|which|that|and|or|but|nor|jointly|both|all|each|instead|rather|than|first|soon|later|who|whom|us)$/;

/**
 * "oil demand", "energy supply", "market support": a verb form right after a lowercase noun that is
 * not a plural subject is the head of a noun compound, not the speaker's act. (Determiners stay
 * stance-bearing: "reaffirmed its support for …".)
 */
function isCompoundNoun(text: string, h: Hit): boolean {
  const word = text.slice(h.start, h.end).toLowerCase();
  if (!NOUN_LIKE.has(word)) return false;
  const prev = /([\p{L}'’-]+)\s+$/u.exec(text.slice(Math.max(0, h.start - 30), h.start))?.[1];
  if (!prev || !/^\p{Ll}/u.test(prev)) return false;
  return !BEFORE_A_VERB.test(prev) && !/(?:s|ly|n['’]t)$/.test(prev);
}

/**
 * "fine rejected applicants", "the return of failed applicants": a past participle after a
 * determiner, a preposition or a verb's base form describes the noun after it; it is not an act.
 */
const BEFORE_A_MODIFIER =
  /(?:\b(?:the|a|an|its|their|his|her|our|these|those|all|any|some|many|of|for|to|with|on|about|against|by|from)|\b(?:to|would|will|could|can|should|must|may|might)\s+(?!(?:have|has|had|be|been|get|got)\b)[a-z]+)\s+$/i;

function isParticipleModifier(text: string, h: Hit): boolean {
  const word = text.slice(h.start, h.end);
  // "its last operating pump": an -ing form between a determiner or "last" and a noun.
  if (/^[a-z]+ing$/.test(word))
    return (
      /(?:\b(?:its|their|the|our|his|her|last|only|remaining|first|sole)|\d[\w-]*|\w+-\w+)\s+$/i.test(
        text.slice(Math.max(0, h.start - 12), h.start),
      ) &&
      /^\s+(?:\p{Ll}+\s+)?\p{Ll}+/u.test(text.slice(h.end, h.end + 30)) &&
      !/^\s+(?:the|a|an|its|their|to|of|on|in|for|with|and|or)\b/i.test(text.slice(h.end, h.end + 8))
    );
  if (!/^[a-z]+(?:ed|en)$/.test(word)) return false;
  if (
    !/^\s+(?!(?:the|a|an|its|their|his|her|our|this|that|these|those|by|to|in|on|at|as|and|or|it|them)\b)\p{Ll}/u.test(
      text.slice(h.end, h.end + 20),
    )
  )
    return false;
  return BEFORE_A_MODIFIER.test(text.slice(Math.max(0, h.start - 30), h.start));
}

const support = createPhraseMatcher([{ id: 's', phrases: SUPPORT }], { caseSensitive: () => false });
const oppose = createPhraseMatcher([{ id: 'o', phrases: OPPOSE }], { caseSensitive: () => false });
const conditional = createPhraseMatcher([{ id: 'c', phrases: CONDITIONAL_WORDS }], {
  caseSensitive: () => false,
});

const supportCues = new Set(formsOf(SUPPORT_CUE_VERBS));
const opposeCues = new Set(formsOf(OPPOSE_CUE_VERBS));
const cueIs = (set: Set<string>, cue: string) => set.has(cue.trim().toLowerCase().replace(/\s+/g, ' '));

type Hit = { start: number; end: number };

export interface StanceInput {
  /** The statement's content. */
  text: string;
  /** The cue word or phrase ("urged", "rejected"), if any. */
  cue: string | null;
  /** Topic-specific stance phrases (the watchlist's, and those read from the topic's description). */
  topic?: TopicStance;
  /** Where the topic is named in `text`: the stance word that governs a mention weighs more. */
  about?: Hit[];
  /**
   * The topic is a restriction and `text` names only what it restricts ("fossil fuels"): the generic
   * stance words then count the other way round; the topic's own words (which include every
   * restricting act) count as they are.
   */
  objectOnly?: boolean;
}

const NOT_RULED_OUT =
  /\b(?:not|n't|never|refus(?:e|es|ed|ing)\s+to|declin(?:e|es|ed|ing)\s+to)\s+(?:\w+\s+)?rul(?:e|es|ed|ing)\s+out\b/i;

/** A sentence end or semicolon between two words; the dots of "U.S." or "E.U." are not one. */
const SENTENCE_BREAK = /;|(?<!\b\p{Lu})[.!?](?=\s|$)/u;

/** An object and then "with" before the topic: the topic is what the act is done with. */
const INSTRUMENT =
  /^\s+(?:these|those|the|this|that|its|their|his|her|our|my|any|such)\s+(?:[\p{L}'’.-]+\s+){0,2}(?!(?:cooperation|relations|ties|talks|contacts?|dealings|engagement|work|partnership|trade|links|dialogue)\s)[\p{L}'’.-]+\s+with\s+(?:[\p{L}\d%'’-]+\s+){0,2}$/iu;

/** How far (characters) a governing stance word may stand from the topic it governs. */
const GOVERNS_BEFORE = 70;
const GOVERNS_AFTER = 40;
/** Words between a topic and a stance word that make the stance its predicate. */
const PREDICATE_LINK =
  /^[^.;!?,]*\b(?:is|are|was|were|be|been|being|remains?|remained|would|will|should|must|could|can|has|have|had)\b[^.;!?,]*$/i;

/**
 * "the agreement the assembly was about to adopt": a clause with its own subject right after the
 * mention, whose verb is the act; what that subject does is not said of the topic by the speaker.
 */
const OWN_SUBJECT_CLAUSE =
  /^\s+(?:the|a|an|its|their|this|that)\s+(?:[\p{L}.'’-]+\s+){1,2}(?:(?:was|were|is|are|had|has|have|would|will|could|about|to|not|just|already)\s+){1,4}$/iu;
function ownSubjectAct(text: string, mentionEnd: number, h: Hit): boolean {
  return (
    ACT_FORMS.has(text.slice(h.start, h.end).toLowerCase()) &&
    OWN_SUBJECT_CLAUSE.test(text.slice(mentionEnd, h.start))
  );
}

/** "fought to keep the quota": striving for what the infinitive says, not an act against anything. */
const STRIVE: ReadonlySet<string> = new Set(formsOf(['fight', 'battle', 'struggle']));
function strivesTo(text: string, h: Hit): boolean {
  return (
    STRIVE.has(text.slice(h.start, h.end).toLowerCase()) &&
    /^\s+(?:hard\s+)?to\s+(?!the\b|a\b|an\b|its\b|their\b)\p{Ll}/u.test(text.slice(h.end, h.end + 30))
  );
}

/** Acts said only of their object: "would replace the old rules" is nothing against its subject. */
const OBJECT_ONLY: ReadonlySet<string> = new Set(formsOf(['replace']));

/**
 * The stance words that govern a topic mention: the nearest one before it ("will scrap the levy"), or
 * failing that the nearest after it ("the levy is a mistake"), with no sentence end between.
 */
function governors(
  text: string,
  stance: Hit[],
  about: Hit[],
  against: ReadonlySet<Hit> = new Set(),
  fearful = false,
): Map<Hit, number> {
  const picked = new Map<Hit, number>();
  for (const t of about) {
    const before = stance
      .filter((h) => h.end <= t.start && t.start - h.end <= GOVERNS_BEFORE)
      .filter((h) => !SENTENCE_BREAK.test(text.slice(h.end, t.start)))
      .sort((a, b) => b.end - a.end)[0];
    // After the topic only as its predicate ("the levy is a mistake", "sanctions must be lifted").
    const after = stance
      .filter((h) => h.start >= t.end && h.start - t.end <= GOVERNS_AFTER)
      .filter((h) => PREDICATE_LINK.test(text.slice(t.end, h.start)))
      .filter((h) => !ownSubjectAct(text, t.end, h))
      .filter((h) => !OBJECT_ONLY.has(text.slice(h.start, h.end).toLowerCase()))
      .sort((a, b) => a.start - b.start)[0];
    const g = before ?? after;
    const between = g && before === g ? text.slice(g.end, t.start) : '';
    // "any weakening of the quota would be dangerous": a stance noun heading the mention's phrase is
    // what the predicate judges, so the judgement's side decides which way the noun counts.
    const judged = g && before === g ? judgedNoun(text, g, t, after, against) : 0;
    if (g && judged !== 0) {
      picked.set(g, judged);
      continue;
    }
    // "warned that the accord could be undermined": harm feared for the topic is a stance for it.
    if (g && g === after && fearful && against.has(g) && PASSIVE_BEFORE.test(text.slice(t.end, g.start))) {
      picked.set(g, -1);
      continue;
    }
    // "impossible to build models without copyrighted works": the topic is what cannot be done without.
    const without = /\bwithout\b/i.test(between);
    // "will fight these tariffs with countermeasures": the topic is the means of the act, whichever
    // way the act goes, so an act against something else is not against it.
    const means = against.has(g as Hit) && INSTRUMENT.test(between);
    if (g) picked.set(g, without || means ? -1 : 1);
  }
  return picked;
}

/** A passive right before the act: "the accord could be undermined", "was being delayed". */
const PASSIVE_BEFORE = /\b(?:be|been|being|is|are|was|were)\s+(?:(?:further|seriously|badly|fatally)\s+)?$/i;
/** A cue of fear or warning: what it fears for the topic is harm to it. */
const FEARFUL_CUE = /^(?:warn|fear|worr|caution)/i;
/** The same, said inside the statement: "fears that", "is concerned that", "worried that". */
const FEARFUL_WORDS =
  /\b(?:fears?|feared|fearing|worried|worries|concerned|alarmed|warned|warns|warning)\s+(?:that\s+)?/i;

/** A stance noun and its preposition ("objection to", "easing of"), then the mention's determiners and modifiers. */
const NOUN_HEAD = /^[\p{L}' -]+\s(?:of|to|for|on|against)$/u;
const HEAD_TO_MENTION =
  /^\s+(?:(?:the|a|an|any|its|their|this|that|these|those|such|further|new)\s+)?(?:[\p{L}-]+\s+){0,2}$/u;

/**
 * +1 or -1 when `g`, a stance noun right before the mention ("weakening of", "objection to"), heads
 * the subject of `p`, the mention's predicate stance word ("… would be dangerous", "… is welcome"):
 * -1 when that predicate is against, +1 when for. 0 when there is no such predicate.
 */
function judgedNoun(text: string, g: Hit, t: Hit, p: Hit | undefined, against: ReadonlySet<Hit>): number {
  const head = text.slice(g.start, g.end).toLowerCase();
  if (!p || ACT_FORMS.has(head) || !NOUN_HEAD.test(head) || !HEAD_TO_MENTION.test(text.slice(g.end, t.start)))
    return 0;
  return against.has(p) ? -1 : 1;
}

/** The sign of one stance hit on its own: its lexicon side, turned around when negated. */
interface Signed extends Hit {
  sign: 1 | -1;
}

/** How far (characters) a stance word reaches into the next one it governs ("not support the end of …"). */
const CHAIN_REACH = 40;

/**
 * The stance words a governing word is nested in: "would not support the planned end to X" puts "end"
 * under a negated "support", so the end is opposed. Negating verbs and nouns are left out: `negated`
 * already turned around what follows them.
 */
function chainSign(text: string, g: Hit, all: Signed[]): { sign: number; from: number } {
  let sign = 1;
  let at: Hit = g;
  for (let step = 0; step < 2; step++) {
    const p = all
      .filter((h) => h.end <= at.start && at.start - h.end <= CHAIN_REACH)
      .filter(
        (h) =>
          !SENTENCE_BREAK.test(text.slice(h.end, at.start)) &&
          !/,\s*(?:and|but|while)\b/.test(text.slice(h.end, at.start)),
      )
      .sort((a, b) => b.end - a.end)[0];
    if (!p) break;
    sign *= p.sign;
    at = p;
  }
  // A negation before the outermost word is already in that word's sign.
  return { sign, from: at === g ? 0 : at.end };
}

interface Scoring {
  text: string;
  /** The stance words that govern a topic mention, with -1 where "without" stands between. */
  governing: Map<Hit, number>;
  /** -1 when the topic is named only by what it restricts: the governing word then counts reversed. */
  toward: number;
  chain: (h: Hit) => { sign: number; from: number };
}

/** Signed weight of stance hits: negated hits count against; a governing one counts three times, nested. */
function score(sc: Scoring, hits: Hit[], weight: number): number {
  const { text, governing } = sc;
  let total = 0;
  for (const h of hits) {
    if (!counts(text, h)) continue;
    const governs = governing.get(h);
    // An act said only of its object says nothing of a topic it does not govern.
    if (governs === undefined && OBJECT_ONLY.has(text.slice(h.start, h.end).toLowerCase())) continue;
    // Only an act (a generic act, or the topic's own words, which its definition gives as acts) nests
    // in the word before it ("not support [ending X]"); a judgement word describes the topic directly
    // ("relief from [burdensome] laws").
    // An act named as a noun ("the attack on", "the suspension of") nests like its verb.
    const word = text.slice(h.start, h.end).toLowerCase();
    const nests = governs !== undefined && (weight > 1 || ACT_FORMS.has(word) || NOUN_HEAD.test(word));
    const chain = nests ? sc.chain(h) : { sign: 1, from: 0 };
    const w = governs !== undefined ? weight * 3 * chain.sign * sc.toward * governs : weight;
    // "not ready to", "no longer wants": a negator shortly before flips the stance.
    const before = text.slice(Math.max(0, chain.from, h.start - 90), h.start);
    total += negated(before, text.slice(h.start, h.end)) ? -w : w;
  }
  return total;
}

/** Whether a stance hit is a stance of the speaker's at all. */
function counts(text: string, h: Hit): boolean {
  // "signed out account holders" is logging out, not signing anything.
  if (/^sign/i.test(text.slice(h.start, h.end)) && /^\s+out\b/i.test(text.slice(h.end, h.end + 5)))
    return false;
  // "changes imposed by force", "a plan backed by Paris": a participle describing a thing by what
  // someone else did to it is not the speaker's stance.
  if (/^\s+by\b/.test(text.slice(h.end, h.end + 5))) return false;
  const before = text.slice(Math.max(0, h.start - 90), h.start);
  // "gave the agency no power to impose lockdowns", "has the right to ban it": a capability described,
  // not an act anyone takes.
  if (/\b(?:powers?|right|authority|mandate|ability|capacity|competence)\s+to\s+$/i.test(before))
    return false;
  // "after failing to agree on using the assets": no decision, so no stance either way.
  if (UNDECIDED.test(before)) return false;
  return !(UNDECIDED_VERB.test(text.slice(h.start, h.end)) && JUST_FAILED.test(before));
}

/** Stance points from the cue verb of the statement. */
/**
 * "Canada warned it would retaliate": a warning of what the speaker itself will do is a threat, and
 * the threatened act is the stance; the warning turns nothing around.
 */
function ownThreat(text: string, cue: string | null): boolean {
  return cue !== null && /^warn/i.test(cue.trim()) && THREAT_CONTENT.test(text);
}
const THREAT_CONTENT =
  /^\s*(?:that\s+)?(?:it|they|we|he|she|i)\s+(?:would|will|could|might|(?:was|were)\s+ready\s+to)\b/i;
/** The same inside a sentence a short statement borrows: "…warned they would retaliate". */
const THREAT_WARNING =
  /\bwarn(?:s|ed|ing)?(?=\s+(?:that\s+)?(?:it|they|we|he|she|i)\s+(?:would|will|could|might|(?:was|were)\s+ready\s+to)\b)/gi;

/**
 * Verbs that bring a measure into being: with the measure as their object ("announced counter-tariffs
 * on …", "unveiled a levy") they are for it; with a clause ("announced that it would scrap …") they
 * only report what follows.
 */
const PUTS_FORWARD = new Set(
  formsOf(['announce', 'unveil', 'introduce', 'launch', 'roll out', 'table', 'present', 'impose']),
);
const CLAUSE_OPENING = /^\s*(?:that|whether|if|it|they|he|she|we|i|you|this|there)\b/i;

/** The same verb written in a statement, its measure the topic's mention right after it. */
const PUT_FORWARD_BEFORE =
  /\b(?:announc(?:e|es|ed|ing)|unveil(?:s|ed|ing)?|introduc(?:e|es|ed|ing)|launch(?:es|ed|ing)?|tabl(?:e|es|ed|ing)|roll(?:s|ed|ing)? out)\s+(?:(?:a|an|the|its|their|new|fresh|further|sweeping|retaliatory|[\d.,]+%?)\s+){0,3}$/i;

/** "will reach the full 5% of income", "would meet the new goal": attaining a target right before it. */
const ATTAINED_BEFORE =
  /\b(?:(?:stay|stays|stayed|remain|remains|remained)\s+(?:at|above)(?:\s+or\s+above)?|reach(?:es|ed|ing)?|meet(?:s|ing)?|met|hit(?:s|ting)?|achiev(?:e|es|ed|ing)|attain(?:s|ed|ing)?|exceed(?:s|ed|ing)?)\s+(?:(?:the|a|an|its|their|our|this|that|new|old|full|higher|agreed|[\p{L}-]+['’]s|[\d.,]+%?)\s+){0,3}$/iu;

function putForward(text: string, about: Hit[], known: Hit[]): PhraseHit[] {
  return about.flatMap((t) => {
    const window = text.slice(Math.max(0, t.start - 60), t.start);
    const m = PUT_FORWARD_BEFORE.exec(window) ?? ATTAINED_BEFORE.exec(window);
    if (!m) return [];
    const start = t.start - window.length + m.index;
    const hit = { id: 'act', start, end: start + (m[0].trim().split(/\s+/)[0]?.length ?? 0) };
    return known.some((k) => k.start < hit.end && k.end > hit.start) ? [] : [hit];
  });
}

/**
 * "asked the board to spare Eastport from the quota": a relief asked for oneself (a name or a pronoun) is
 * against what it relieves from; not one granted to others ("exempt most small importers from the
 * levy", a narrower measure). Case matters here, so no "i" flag. (A protective act, "protect
 * farmers from the levy", was tried the same way and scored worse on cases nobody had read.)
 */
const RELIEF_BEFORE =
  /\b(?:spar(?:e|es|ed|ing)|exempt(?:s|ed|ing)?|exclud(?:e|es|ed|ing)|excus(?:e|es|ed|ing))\s+(?:us|itself|ourselves|themselves|it|them|me|\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)?)\s+(from)\s+(?:(?:a|an|the|this|that|these|those|its|their|any|such|new|further|[\p{L}'’-]+'s)\s+){0,2}$/u;

/** The preposition of each relief right before a mention ("spare Eastport [from] the quota"). */
function reliefFrom(text: string, about: Hit[]): Hit[] {
  return about.flatMap((t) => {
    const from = Math.max(0, t.start - 80);
    const m = RELIEF_BEFORE.exec(text.slice(from, t.start));
    if (!m) return [];
    const at = from + m.index + m[0].lastIndexOf(' from ') + 1;
    return [{ start: at, end: at + 4 }];
  });
}

/**
 * "better upkeep of the reservoirs, not controls on exports", "talks rather than
 * sanctions": the topic set against what the speaker wants is what they reject. The hit is the
 * contrasting word.
 */
const CONTRASTED_BEFORE =
  /(?:[,;—–]\s*(?:and\s+|but\s+)?(not)|\b(rather\s+than|instead\s+of))\s+(?!(?:on|of|from|about|over|under|into|onto|upon|inside|within|through|against|towards?|least|only|just|yet|even|to|because|that|so|as|at|all|always|now|for|in|by|with|be|been|being|a\s+single)\b)(?:(?!(?:least|only|just|yet|even|to|because|that|so|as|all|always|now|be|been|being)\b)[\p{L}'’-]+\s+){0,4}$/iu;

function contrasted(text: string, about: Hit[]): Hit[] {
  return about.flatMap((t) => {
    // "should be at 5%, not 2%": amounts set against each other weigh a size, not the measure.
    if (/^[\d.,]+\s*(?:%|per\s*cent|percent)/i.test(text.slice(t.start, t.end))) return [];
    const from = Math.max(0, t.start - 50);
    // The statement's start opens a clause as a comma does ("not controls on exports").
    const lead = from === 0 ? ', ' : '';
    const m = CONTRASTED_BEFORE.exec(lead + text.slice(from, t.start));
    const word = m?.[1] ?? m?.[2];
    if (!m || !word) return [];
    const start = from - lead.length + m.index + m[0].indexOf(word);
    return [{ start, end: start + word.length }];
  });
}

function cueScore(text: string, cue: string | null): number {
  if (!cue) return 0;
  if (cueIs(PUTS_FORWARD, cue) && !CLAUSE_OPENING.test(text)) return 1;
  // "urged Ottawa not to impose the levy": the cue asks for the opposite of what follows it.
  const negatedAsk = /^\s*(?:\S+\s+){0,4}not\s+to\b/i.test(text);
  if (cueIs(supportCues, cue) && !negatedAsk) return 1;
  if (cueIs(opposeCues, cue)) return -1.5;
  return 0;
}

/**
 * "concessions in exchange for peace", "a condition for any talks": when the topic is named only as
 * what a condition is for, the statement sets terms for it, whatever else it rejects.
 */
function onlyAsTheCondition(text: string, about: Hit[], phrase: (h: Hit) => string): boolean {
  if (about.length === 0) return false;
  const conditions = conditional.all(text).filter((h) => phrase(h) !== 'until');
  return about.every((t) =>
    conditions.some(
      (c) => c.end <= t.start && t.start - c.end <= 20 && !/[.;,!?]/.test(text.slice(c.end, t.start)),
    ),
  );
}

/** A plan with an "if" whose condition comes after the topic it is about (not "retaliate if it is imposed"). */
function plannedOnCondition(text: string, about: Hit[]): boolean {
  const m = MODAL_IF.exec(text);
  if (!m || about.length === 0) return false;
  const ifAt = m.index + m[0].length - 2;
  return about.some((t) => t.end <= ifAt && t.start >= m.index);
}

/** Whether a text sets a condition ("only if", "unless", "ready to act if", "if needed"). */
export function statesCondition(text: string): boolean {
  const phrase = (h: Hit) => text.slice(h.start, h.end).toLowerCase().replace(/’/g, "'");
  return isConditional(text, phrase) || IF_NEEDED.test(text);
}
/** A hedge on a plan ("act if needed"): a condition in a clause set against a stance. */
const IF_NEEDED = /\bif\s+(?:necessary|needed|need\s+be|required|warranted)\b/i;

function isConditional(text: string, phrase: (h: Hit) => string): boolean {
  // 'was "predicated" on': a quoted word of a condition is still the condition.
  const conditions = conditional
    .all(text.replace(/["“”]/g, ' '))
    .filter((h) => phrase(h) !== 'until' || !UNTIL_A_TIME.test(text.slice(h.end)))
    // "will continue for as long as the drought lasts": a time, not a term.
    .filter(
      (h) => phrase(h) !== 'as long as' || !/\bfor\s+$/i.test(text.slice(Math.max(0, h.start - 4), h.start)),
    );
  // "repeated the three conditions she set out: any extension must …": terms listed.
  return (
    conditions.length > 0 || MODAL_IF.test(text) || PROVIDED_CLAUSE.test(text) || LISTED_TERMS.test(text)
  );
}

const LISTED_TERMS = /\b(?:conditions|red\s+lines|preconditions)\s*:/i;

/** "an unconditional ceasefire", "an immediate and unconditional withdrawal". */
const UNCONDITIONAL_BEFORE =
  /\b(?:unconditional(?:ly)?|without\s+(?:any\s+)?(?:conditions|preconditions|strings))\s+(?:[a-z-]+\s+)?$/i;

/** Words that open a condition clause (not "in exchange for …", which names what the terms are for). */
const CONDITION_CLAUSE =
  /\b(?:unless|only\s+(?:if|once|when|after)|provided\s+(?:that\s+)?|providing\s+that|(?<!\bfor\s)as\s+long\s+as|so\s+long\s+as|on\s+(?:the\s+)?condition\s+that)\b/gi;

/**
 * "free speech will suffer unless the law is significantly changed": harm foretold unless the topic
 * itself is changed is a rejection of it as it stands (as "would not sign it in its current form" is).
 */
const UNLESS_BEFORE = /\bunless\s+(?:(?:the|this|that|these|those|its|their)\s+)?(?:[\p{L}'’-]+\s+){0,3}$/iu;
const IS_CHANGED_AFTER =
  /^\s+(?:is|are|was|were|be|gets?|got)\s+(?:\w+ly\s+)?(?:changed|amended|revised|rewritten|overhauled|reworked|scrapped|withdrawn|repealed|dropped|fixed|reformed|redrafted|watered\s+down|delayed|paused|suspended)\b/i;
function changeDemanded(text: string, about: Hit[]): boolean {
  return (
    about.length > 0 &&
    about.every(
      (t) =>
        UNLESS_BEFORE.test(text.slice(Math.max(0, t.start - 60), t.start)) &&
        IS_CHANGED_AFTER.test(text.slice(t.end, t.end + 50)),
    )
  );
}

function onlyInsideCondition(text: string, about: Hit[]): boolean {
  if (about.length === 0) return false;
  const opens = [...text.matchAll(CONDITION_CLAUSE)].map((m) => m.index + m[0].length);
  // "If the negotiations fail, the countermeasures will kick in": an opening "If" clause, to its comma,
  // that names the topic failing is a fallback, not a stance on it ("If there is a frozen conflict,
  // our children will have to fight" is a warning against it, read as usual).
  const opening = OPENING_IF.exec(text);
  const comma = opening ? text.indexOf(',', opening[0].length) : -1;
  const ifEnd = comma > 0 && FAILING.test(text.slice(0, comma)) ? comma : -1;
  return about.every(
    (t) =>
      (opening && ifEnd > 0 && t.start >= opening[0].length && t.end <= ifEnd) ||
      opens.some((at) => at <= t.start && t.start - at <= 120 && !/[.;!?]/.test(text.slice(at, t.start))),
  );
}
const OPENING_IF = /^\W*(?:but\s+|and\s+)?if\b/i;
const FAILING =
  /\b(?:not|no|never|fail(?:s|ed)?|collapse[sd]?|break\s+down|broke\s+down|stall(?:s|ed)?|unsatisfactory|falls?\s+through|fell\s+through)\b|n['’]t\b/i;

/** Plain verbs that end, close or shrink what they act on. */
const ENDING_VERB =
  /^(?:shut|close|closed|closing|cut|cutting|end|ended|ending|stop|stopped|halt|halted|block|blocked|kill|killed|drop|dropped|reduce|reduced|shrink|shrank)$/i;

/** "not to issue (any) new", "no longer grant the": a negated verb a few words before a mention. */
const NEGATED_ACT =
  /\b(?:not|never|no\s+longer)\s+(?:to\s+)?(?:[a-z]{3,}\s+[^,.;]{0,40}?\s+or\s+)?([a-z]{3,})\s+(?:(?:on|from|into|for)\s+)?(?:(?:any|new|more|further|fresh|the|its|their|his|her|our)\s+){0,2}$/di;
/** "would issue no new licences": the verb, then "no" before its object. */
const NO_OBJECT_ACT = /\b([a-z]{3,})\s+no\s+(?:(?:new|more|further|fresh)\s+)?(?:[\p{L}-]+\s+){0,2}$/diu;

/**
 * The plain verbs, outside the lexicon, that act on a topic mention under a negation ("not to issue
 * licences"): each counts as an act for the topic, which the negation before it then turns around.
 */
function negatedActs(text: string, about: Hit[], known: Hit[]): Array<PhraseHit & { negatedAfter: boolean }> {
  const acts: Array<PhraseHit & { negatedAfter: boolean }> = [];
  for (const t of about) {
    const from = Math.max(0, t.start - 50);
    const window = text.slice(from, t.start);
    // "not to issue new licences" (the negation before the verb) or "issue no new licences" (after it).
    const m = NEGATED_ACT.exec(window) ?? NO_OBJECT_ACT.exec(window);
    const verb = m?.[1];
    const at = m?.indices?.[1];
    if (
      !m ||
      !verb ||
      !at ||
      /^(?:be|been|have|has|had|do|did|only|just|even|yet|all|so|is|are|was|were|with|and|or|of|to|for|in|on|at|by|the|any|its|their|his|her|our|this|that|these|those|least|as|more|new)$/i.test(
        verb,
      )
    )
      continue;
    const hit = {
      id: 'act',
      start: from + at[0],
      end: from + at[1],
      negatedAfter: m[0].includes(' no ') && !/\b(?:not|never|longer)\b/i.test(m[0]),
    };
    if (!known.some((k) => k.start < hit.end && k.end > hit.start)) acts.push(hit);
  }
  return acts;
}

/** Verbs (every form) that lead a phrase naming an act against what follows: leaving, undoing. */
const ACT_AGAINST_LEADS: ReadonlySet<string> = new Set([
  ...formsOf(OPPOSE_VERBS.filter((v) => !v.includes(' '))),
  ...formsOf(['leave']),
]);

/**
 * Verbs that end or undo what follows them ("shut down the pumps", "scrap the levy"): a mention led
 * by one names an act against the topic. Not every act of the oppose lexicon: "hit back" or
 * "retaliate" is the very act a retaliation topic names.
 */
const UNDOING_LEADS: ReadonlySet<string> = new Set(
  formsOf([
    'shut',
    'close',
    'end',
    'stop',
    'halt',
    'scrap',
    'abandon',
    'withdraw',
    'phase',
    'dismantle',
    'decommission',
    'suspend',
    'cancel',
    'terminate',
    'repeal',
    'revoke',
    'wind',
    'pull',
  ]),
);

/**
 * Whether a verb and its particle undo what follows ("shut down", "phase out"), and that is not the
 * topic's own act ("phase out" for a topic about phasing fossil fuels out).
 */
function undoes(verb: string, particle: string, topic?: StanceInput['topic']): boolean {
  if (!UNDOING_LEADS.has(verb) || !/^(?:down|out|off|up)$/.test(particle)) return false;
  const act = `${verb} ${particle}`;
  return topic?.support.all(act).some((h) => h.start === 0 && h.end === act.length) !== true;
}

/** Endings that make a noun of an act ("withdrawal", "abandonment", "departure"). */
const ACT_NOUN = /^([a-z-]{4,}?)(?:al|ment|ure)$/;

/**
 * Whether a topic's mention names an act against the topic ("withdrawal", "exit" for a membership
 * topic): the topic's own opposing act, or a generic act of leaving, in its verb or noun form.
 */
export function namesActAgainst(mention: string, topic?: StanceInput['topic']): boolean {
  const words = mention.trim().toLowerCase().split(/\s+/);
  // "leave the agency", "scrap the levy": a phrase led by a verb of leaving or undoing names that act.
  // Not when the topic defines that verb as its own act ("ban TikTok" for a topic about banning it).
  if (words.length > 1) {
    const lead = words[0] ?? '';
    const own = topic?.support.all(lead).some((h) => h.start === 0 && h.end === lead.length) === true;
    // "shut down": the whole mention is a generic act of undoing; "closure calendar": it opens with
    // the noun of the topic's own act against it.
    // (Only a verb and its particle: "end the war" ends its own object, which may be the topic's aim.)
    const undoing = words.length === 2 && undoes(lead, words[1] ?? '', topic);
    const noun = ACT_NOUN.exec(lead)?.[1];
    const ownAgainst =
      noun !== undefined &&
      [noun, `${noun}e`].some(
        (w) => topic?.oppose.all(w).some((h) => h.start === 0 && h.end === w.length) === true,
      );
    return !own && (ACT_AGAINST_LEADS.has(lead) || undoing || ownAgainst);
  }
  const word = words[0] ?? '';
  // "the shutdown", "a phase-out": the noun of a verb and its particle of undoing.
  const joined = /^([a-z]+?)-?(down|out|off)s?$/.exec(word);
  if (joined?.[1] && joined[2] && undoes(joined[1], joined[2], topic)) return true;
  const verb = ACT_NOUN.exec(word)?.[1] ?? word;
  return [word, verb, `${verb}e`].some(
    (w) =>
      topic?.oppose.all(w).some((h) => h.start === 0 && h.end === w.length) === true ||
      // Generic acts only when they leave something ("withdraw from", "pull out of"): "retaliate"
      // is against whatever it answers, not against a retaliation topic.
      oppose.all(`${w} from`).some((h) => h.start === 0 && h.end > w.length) ||
      oppose.all(`${w} of`).some((h) => h.start === 0 && h.end > w.length),
  );
}

/** Words that make what follows them a noun ("the recognised state", "its recognition"). */
const NOUN_LEAD = /\b(?:a|an|the|its|their|his|her|our|this|that|these|those|any|no)\s+(?:[a-z-]+\s+)?$/i;

/**
 * A stance hit that opens a topic mention ("recognise" of "recognise the State of Palestine"), written
 * as a verb form and not after a determiner.
 */
function wholeVerbMention(text: string, h: Hit, about: Hit[]): boolean {
  if (!about.some((t) => t.start === h.start && h.end <= t.end)) return false;
  const word = text.slice(h.start, h.end);
  if (/\s/.test(word) || !/(?:ed|es|s|e|ing)$/.test(word) || NOUN_ENDING.test(word)) return false;
  return !NOUN_LEAD.test(text.slice(Math.max(0, h.start - 30), h.start));
}

/** A modal, auxiliary or "to" right before a word makes it a verb ("would hit back", "to retaliate"). */
const VERB_SLOT =
  /\b(?:will|would|shall|could|can|may|might|must|should|to|has|have|had|['’]ll)\s+(?:[a-z]+ly\s+)?$/i;
/** Endings of nouns a watchlist phrase may start with ("to retaliation", "has withdrawal …"). */
const NOUN_ENDING = /(?:tion|sion|ment|ance|ence|ity|ness|ure|ures|al|als|ism)$/i;

/**
 * "Canada would hit back", "Washington will withdraw": a topic phrase that is itself a verb, used as
 * one, is an act on the topic: against it when the topic's definition lists it so ("opposes =
 * withdrawing"), for it otherwise (it names the topic's own act). Negated uses are read elsewhere.
 */
function verbMentions(input: StanceInput): Array<PhraseHit & { sign: 1 | -1 }> {
  const { text } = input;
  return (input.about ?? []).flatMap((t) => {
    const words = text.slice(t.start, t.end);
    const before = text.slice(Math.max(0, t.start - 30), t.start);
    // (A mention opening the text is its verb too: a deed's predicate starts with the act, "shut down
    // its last pump"; one word only in a past form, "fined the carrier", not a noun, "fines were …".)
    const opening =
      before.trim() === '' && t.start <= 1 && (/\s/.test(words.trim()) || /^\p{Ll}+ed$/u.test(words.trim()));
    if ((!VERB_SLOT.test(before) && !opening) || /\b(?:not|never|n['’]t)\s+(?:[a-z]+\s+)?$/i.test(before))
      return [];
    // "Putin's refusal to end the war": after a noun, "to" opens that noun's complement, not a verb
    // the holder uses.
    if (/\w(?:al|ure|ness|ion|ity|ment|ance|ence)\s+to\s+$/i.test(before)) return [];
    if (/^\p{Lu}/u.test(words) || NOUN_ENDING.test(words.split(/[\s-]/)[0] ?? '')) return [];
    // The topic's own word, or failing that a generic act on what follows ("pull out of" the WHO is
    // against it; "retaliate" alone is the act the topic names, whatever it opposes in general).
    const whole = (h: Hit) => h.start === 0 && h.end >= words.length - 1;
    const tail = text.slice(t.start, t.end + 6);
    const against =
      input.topic?.oppose.all(words).some(whole) === true ||
      oppose.all(tail).some((h) => h.start === 0 && h.end > words.length) ||
      (/\s/.test(words.trim()) && namesActAgainst(words, input.topic));
    return [{ id: 'act', start: t.start, end: t.end, sign: against ? -1 : 1 }];
  });
}

/**
 * "the decision to extend the reactors' lives was reckless": a plan to do something, judged by the
 * predicate. Group 1 is the plan's content, group 2 what is said of it.
 */
const JUDGED_PLAN =
  /\b(?:decision|plan|move|proposal|bid|push|effort|attempt|idea|call|choice|policy)\s+to\s+([^.;!?]{3,120}?)\s+(?:is|was|are|were|would\s+be|will\s+be|has\s+been|had\s+been|remains|seemed|looks)\s+((?:(?:a|an|the|very|deeply|so|too|utterly|completely|hugely|big|grave|serious|costly)\s+){0,3}[\p{L}-]+(?:\s+[\p{L}-]+)?)/iu;

/**
 * "building new dams in the north is not part of its strategy": an act named as the subject (an
 * -ing form opening the statement), judged by the predicate. Groups as in JUDGED_PLAN.
 */
const JUDGED_ACT =
  /(?:^\W*|\bthat\s+)(\p{Ll}+ing\s+[^.;!?,]{3,100}?)\s+(?:(?:is|was|are|were|would\s+be|will\s+be|has\s+been|had\s+been|remains|remained)\s+|(?=(?:would|could|will|might|may)\s))((?:(?:not|no|never|a|an|the|very|deeply|so|too|simply|clearly|would|could|will|might|may)\s+){0,3}[\p{L}-]+(?:\s+[\p{L}'’-]+){0,7})/iu;

/** The plan's (or named act's) stance turned by the judgement on it, or null when the text judges none. */
function judgedPlan(input: StanceInput): Polarity | null {
  const plan = JUDGED_PLAN.exec(input.text);
  const m = plan ?? JUDGED_ACT.exec(input.text);
  if (!m?.[1] || !m[2]) return null;
  const said = m[2];
  const sign = oppose.all(said).length > 0 ? -1 : support.all(said).length > 0 ? 1 : 0;
  if (sign === 0) return null;
  const inner = polarityOf({
    ...input,
    text: m[1],
    cue: null,
    about: shiftAbout(input.about, m.index + m[0].indexOf(m[1]), m[1].length),
  });
  if (inner === 'supports') return sign > 0 ? 'supports' : 'opposes';
  if (inner === 'opposes') return sign > 0 ? 'opposes' : 'supports';
  // "splitting off the port would put jobs at risk": the act judged is the topic itself when the act's
  // phrase names it and says nothing for or against it.
  const judgedAt = m.index + m[0].indexOf(said);
  const named = (input.about ?? []).some((t) => t.start >= m.index && t.end <= judgedAt);
  if (inner === 'neutral' && named && !plan) return sign > 0 ? 'supports' : 'opposes';
  return null;
}

/**
 * "Asked whether Valdor would fine the fleet if it came, Pell replied: 'Yes, absolutely.'": a short
 * answer takes the question's stance (without the question's own "if", which frames the question),
 * turned around by a "no". Group 1 is the question, group 2 the answer.
 */
const ANSWERED =
  /^\W*(?:when\s+|after\s+being\s+)?asked\s+(?:whether|if)\s+([^.;?]{3,200}?),[^.;?]{0,120}?[:,]\s*[“"‘']?\s*(yes|no|absolutely|of course|certainly|definitely|never|not at all|absolutely not|certainly not|of course not)\b/i;
const NO_ANSWER = /^(?:no|never|not at all|absolutely not|certainly not|of course not)$/i;

/**
 * "Asked whether the port should be sold, the mayor said doing so could destroy the town": the
 * answer judges the act the question names. Group 1 is the question, group 2 the judgement.
 */
const JUDGED_ANSWER =
  /^\W*(?:when\s+|after\s+being\s+)?asked\s+(?:[^,.;?]{0,40}?\s+)?(?:whether|if)\s+([^.;?]{3,200}?),[^.;?]{0,80}?\b(?:said|replied|answered|responded|argued|warned)\s+(?:that\s+)?(?:doing\s+so|that|this|it)\s+((?:would|could|will|might|may)\s+[^.;,]{3,80})/i;

function judgedAnswer(input: StanceInput): Polarity | null {
  const m = JUDGED_ANSWER.exec(input.text);
  if (!m?.[1] || !m[2]) return null;
  const sign = oppose.all(m[2]).length > 0 ? -1 : support.all(m[2].replace(/^\S+\s+/, '')).length > 0 ? 1 : 0;
  if (sign === 0) return null;
  const at = m.index + m[0].indexOf(m[1]);
  const inner = polarityOf({
    ...input,
    text: m[1],
    cue: null,
    about: shiftAbout(input.about, at, m[1].length),
  });
  if (inner === 'supports') return sign > 0 ? 'supports' : 'opposes';
  if (inner === 'opposes') return sign > 0 ? 'opposes' : 'supports';
  return null;
}

function answeredQuestion(input: StanceInput): Polarity | null {
  const judged = judgedAnswer(input);
  if (judged) return judged;
  const m = ANSWERED.exec(input.text);
  if (!m?.[1] || !m[2]) return null;
  const at = m.index + m[0].indexOf(m[1]);
  // The question's own condition frames it: "would fine the fleet if it sailed in".
  const question = m[1].replace(/\s+(?:if|when|should)\s+[^,]*$/i, '');
  const inner = polarityOf({
    ...input,
    text: question,
    cue: null,
    about: shiftAbout(input.about, at, question.length),
  });
  if (inner !== 'supports' && inner !== 'opposes') return null;
  const no = NO_ANSWER.test(m[2].trim());
  return (inner === 'supports') !== no ? 'supports' : 'opposes';
}

/** Topic mentions inside a slice of the text, in the slice's offsets. */
function shiftAbout(about: Hit[] | undefined, from: number, length: number): Hit[] | undefined {
  return about
    ?.filter((h) => h.start >= from && h.end <= from + length)
    .map((h) => ({ ...h, start: h.start - from, end: h.end - from }));
}

/** "wants the tariffs lifted", "wanted the rules narrowed": what is wanted done to a thing. */
const WANTED_DONE =
  /\b(?:want|wants|wanted|wanting|prefer|prefers|preferred|would\s+like)\s+(?:the|its|their|those|these|all|some|any)\s+[^,.;:]{1,60}?\s+([a-z]+(?:ed|en))\b(?:\s+(?:before|by|until|within|now|soon|immediately|first)\b|\s*(?:[,.;:]|$))/i;

/** The same after a wanting cue: "Beijing wants [the tariffs lifted before any talks]". */
const DONE_AFTER_CUE =
  /^\s*(?:the|its|their|those|these|all|some|any)\s+[^,.;:]{1,60}?\s+([a-z]+(?:ed|en))\b(?:\s+(?:before|by|until|within|now|soon|immediately|first)\b|\s*(?:[,.;:]|$))/i;
const WANTING_CUE = /^(?:want|wants|wanted|wanting|prefer|prefers|preferred)$/i;

function wantedDone(text: string, cue: string | null): Polarity | null {
  const verb =
    WANTED_DONE.exec(text)?.[1] ??
    (cue && WANTING_CUE.test(cue) ? DONE_AFTER_CUE.exec(text)?.[1] : undefined);
  if (!verb) return null;
  if (oppose.all(verb).length > 0) return 'opposes';
  if (support.all(verb).length > 0) return 'supports';
  return null;
}

/**
 * "could be expelled from the league for refusing to sign up to the quota", "accused Kestria of
 * blocking the accord", "praised Oslo for declining to join the pact": what someone is blamed for
 * doing is what the speaker is against, what they are praised for is what the speaker is for. Group 1
 * is the blaming or praising verb, group 2 the act (an -ing form, "refusal", "failure") that reaches
 * the mention.
 */
const BLAMED_FOR =
  /\b(criticis|criticiz|blam|attack|condemn|punish|expel|single[sd]?\s+out|singling\s+out|threaten|rebuk|slam|lambast|accus|fault|castigat|prais|thank|commend|applaud|laud|reward|hail)[a-z]*\b[^.;!?]{0,120}?\b(?:for|of)\s+(?:(?:its|their|his|her)\s+)?((?:not\s+)?\p{Ll}+(?:ing|al|ure)\s+(?:[\p{L}'’-]+\s+){0,6})$/iu;

function blamedFor(input: StanceInput): Polarity | null {
  const about = input.about ?? [];
  if (about.length === 0) return null;
  const signs = about.map((t) => {
    const from = Math.max(0, t.start - 200);
    const m = BLAMED_FOR.exec(input.text.slice(from, t.start));
    if (!m?.[1] || !m[2]) return 0;
    // The act and the mention it reaches: "refusing to sign up to the quota".
    const at = from + m.index + m[0].length - m[2].length;
    const inner = polarityOf({
      ...input,
      text: input.text.slice(at, t.end),
      cue: null,
      about: shiftAbout([t], at, t.end - at),
    });
    const act = inner === 'supports' ? 1 : inner === 'opposes' ? -1 : 0;
    return /^(?:prais|thank|commend|applaud|laud|reward|hail)/i.test(m[1]) ? act : -act;
  });
  if (signs.some((x) => x === 0)) return null;
  return signs.every((x) => x > 0) ? 'supports' : signs.every((x) => x < 0) ? 'opposes' : null;
}

export function polarityOf(given: StanceInput): Polarity {
  // 'an attack "on all platforms"': a quotation mark inside a phrase does not break it (same length,
  // so every offset stays).
  const input = { ...given, text: given.text.replace(/["“”]/g, ' ') };
  const judged =
    answeredQuestion(input) ?? judgedPlan(input) ?? blamedFor(input) ?? wantedDone(input.text, input.cue);
  if (judged) return judged;
  const text = input.text;
  // A word inside the topic's own mention ("end" in "the end of oil") names the topic, not a stance.
  const about = input.about ?? [];
  // Nor is another subject's act in a clause right after the mention ("the accord the assembly was
  // about to adopt").
  // …and "a deal removing tariffs", "a plan cutting aid": a participle right after the mention says
  // what the topic does, not what the speaker thinks of it.
  const othersAct = (h: Hit) =>
    about.some(
      (t) =>
        (h.start >= t.end && h.start - t.end <= GOVERNS_AFTER && ownSubjectAct(text, t.end, h)) ||
        // (So is one in -ed before a time or place: "the closure calendar agreed five years ago"; not a
        // verb with its object, "the rules risked encouraging …".)
        (/^\s+$/.test(text.slice(t.end, h.start)) &&
          (/ing$/i.test(text.slice(h.start, h.end)) ||
            (/ed$/i.test(text.slice(h.start, h.end)) &&
              /^\s+(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|last|this|earlier|in|on|at|under|with|from|since|after|before|during)\b/i.test(
                text.slice(h.end, h.end + 12),
              )))),
    );
  const outside = (h: Hit) => !about.some((t) => h.start < t.end && h.end > t.start) && !othersAct(h);
  const supportAll = support
    .all(text)
    .filter((h) => outside(h) && !isCompoundNoun(text, h) && !isParticipleModifier(text, h));
  const threats = [...text.matchAll(THREAT_WARNING)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
  }));
  const opposeGeneric = oppose
    .all(text)
    .filter(
      (h) =>
        outside(h) &&
        !isCompoundNoun(text, h) &&
        !isParticipleModifier(text, h) &&
        !threats.some((t) => h.start < t.end && h.end > t.start) &&
        !strivesTo(text, h),
    );
  // A topic's own stance phrase may hold its mention ("mandate had expired" around "mandate"); only
  // one inside a mention is the mention's word.
  // Unless it opens the mention as its verb ("Madrid recognised the State of Palestine", where
  // "recognise" is both in a phrase of the topic and its defined act).
  // (Not when the mention is read as an act against the topic: its verb is then what is judged.)
  const notWithin = (h: Hit) =>
    !othersAct(h) &&
    !isParticipleModifier(text, h) &&
    (!about.some((t) => h.start >= t.start && h.end <= t.end) ||
      (!input.objectOnly && wholeVerbMention(text, h, about)));
  const restricting = (input.topic?.restricting?.all(text) ?? []).filter(notWithin);
  const topicSupport = [
    ...(input.topic?.support.all(text) ?? []).filter(notWithin),
    ...[...governors(text, restricting, about).keys()].map((h) => ({ id: 'restricting', ...h })),
  ];
  const topicOppose = (input.topic?.oppose.all(text) ?? []).filter(notWithin);
  // The topic's own words decide what they mean for it: "limits" is against in general, but for a
  // topic about limiting exports it is for. The generic reading of the same words goes.
  const topicWords = [...topicSupport, ...topicOppose];
  const notTopicWord = (h: Hit) => !topicWords.some((t) => h.start < t.end && h.end > t.start);
  const supportHits = supportAll.filter(notTopicWord);
  const opposeAll = opposeGeneric.filter(notTopicWord);
  const stanceStarts = [...supportHits, ...opposeAll, ...topicSupport, ...topicOppose];
  // "promised not to issue new licences": a negated plain verb right before the topic is an act on it
  // (for it, or against it when the verb ends or closes things: "would not shut existing fields").
  // An act negated after it ("issue no new licences") is counted already turned around.
  for (const { negatedAfter, ...act } of negatedActs(text, about, stanceStarts))
    (ENDING_VERB.test(text.slice(act.start, act.end)) !== negatedAfter ? opposeAll : supportHits).push(act);
  for (const { sign, ...act } of verbMentions(input)) (sign > 0 ? supportHits : opposeAll).push(act);
  // "will approve no further exports": an act of the lexicon with "no" before its object is refused.
  for (const [from, to] of [
    [supportHits, opposeAll],
    [topicSupport, topicOppose],
  ] as const)
    for (let i = from.length - 1; i >= 0; i--) {
      const h = from[i];
      if (h && NO_AFTER.test(text.slice(h.end, h.end + 12))) to.push(...from.splice(i, 1));
    }
  supportHits.push(...putForward(text, about, stanceStarts));
  for (const h of contrasted(text, about)) opposeAll.push({ id: 'act', ...h });
  for (const h of reliefFrom(text, about)) opposeAll.push({ id: 'act', ...h });
  const phrase = (h: Hit) => text.slice(h.start, h.end).toLowerCase().replace(/’/g, "'");
  const governsNext = (h: { end: number }) =>
    stanceStarts.some((o) => o.start > h.end && WITHIN_NEGATION_REACH.test(text.slice(h.end, o.start)));
  // "10% of output, not the 5% agreed": a contrast between amounts rejects neither.
  const amountContrast = (h: Hit) =>
    phrase(h) === 'not' &&
    /[,;—–]\s*$/.test(text.slice(Math.max(0, h.start - 3), h.start)) &&
    about.some(
      (t) =>
        t.start > h.end &&
        t.start - h.end <= 12 &&
        /^[\d.,]+\s*(?:%|per\s*cent|percent)/i.test(text.slice(t.start, t.end)),
    );
  const opposeHits = opposeAll.filter(
    (h) => (!BARE_NEGATIONS.has(phrase(h)) || !governsNext(h)) && !amountContrast(h),
  );
  // "must", "should": support on their own ("talks must resume"), but before a stance word they only
  // carry it ("the tariffs should be scrapped").
  // ("must not …", "should never …": the modal carries the negation to its verb, it is no support.)
  const modalFree = supportHits.filter(
    (h) =>
      !BARE_MODALS.has(phrase(h)) ||
      (!governsNext(h) && !/^\s+(?:not|never)\b/i.test(text.slice(h.end, h.end + 8))),
  );
  const governing = governors(
    text,
    [...modalFree, ...opposeHits, ...topicSupport, ...topicOppose],
    input.about ?? [],
    new Set([...opposeHits, ...topicOppose]),
    (input.cue !== null && FEARFUL_CUE.test(input.cue.trim())) ||
      (input.about ?? []).some((t) => FEARFUL_WORDS.test(text.slice(Math.max(0, t.start - 60), t.start))),
  );
  const signed = (hits: Hit[], side: 1 | -1): Signed[] =>
    hits.map((h) => ({
      ...h,
      sign: negated(text.slice(Math.max(0, h.start - 90), h.start), phrase(h)) ? (-side as 1 | -1) : side,
    }));
  const all = [
    ...signed(modalFree, 1),
    ...signed(opposeHits, -1),
    ...signed(topicSupport, 1),
    ...signed(topicOppose, -1),
  ];
  // Said of what a restriction topic restricts, the word that governs it counts the other way round
  // ("oil will remain essential" is against phasing it out); the statement's other words do not.
  const toward = input.objectOnly && topicSupport.length === 0 ? -1 : 1;
  const sc: Scoring = { text, governing, chain: (h) => chainSign(text, h, all), toward };
  let s = score(sc, modalFree, 1) - score(sc, opposeHits, 1);
  s += score(sc, topicSupport, 3) - score(sc, topicOppose, 3);
  // "rejected recognising the annexation", "denied it would scrap the levy": an opposing cue turns
  // around the stance of what it introduces, and then counts against on its own.
  if (input.cue && cueIs(opposeCues, input.cue) && !ownThreat(text, input.cue))
    s = s !== 0 ? -s : cueScore(text, input.cue);
  else if (!ownThreat(text, input.cue)) s += cueScore(text, input.cue) * toward;
  // "would not rule out", "did not rule out": a door left open, on terms. ("Would not sign it in its
  // current form" is no door left open: annotators and topic definitions read it as a rejection.)
  if (NOT_RULED_OUT.test(text)) return 'conditional';
  // "refused to rule out a freeze": the refusal is the cue, what it refuses is to rule it out.
  if (input.cue && /^(?:refus|declin)/i.test(input.cue) && /^\s*to\s+rul(?:e|es|ed|ing)\s+out\b/i.test(text))
    return 'conditional';
  // "would open an embassy only once the hostages are freed": the topic is the condition set for
  // something else, not a stance taken on it.
  if (changeDemanded(text, input.about ?? [])) return 'opposes';
  if (onlyInsideCondition(text, input.about ?? [])) return 'neutral';
  if (onlyAsTheCondition(text, input.about ?? [], phrase)) return 'conditional';
  // "could not support an unconditional ceasefire": against the topic only without terms.
  if (
    s < 0 &&
    (input.about ?? []).some((t) => UNCONDITIONAL_BEFORE.test(text.slice(Math.max(0, t.start - 40), t.start)))
  )
    return 'conditional';
  // A condition makes a stance that is not against conditional; a rejection stays one even when what
  // it rejects was conditional ("rejected concessions in exchange for peace").
  if (isConditional(text, phrase) && s >= 0) return 'conditional';
  // "If they go into Rafah, I'm not supplying the weapons": for or against, only on that condition.
  const ifThen = IF_THEN.exec(text);
  if (ifThen && (input.about ?? []).some((t) => t.start >= ifThen[0].length - 1)) {
    // "If talks fail, the countermeasures will kick in": the topic itself is what the condition brings.
    const planned = /\b(?:would|will|could|shall)\b/i.test(text.slice(ifThen[0].length - 1));
    if (s !== 0 || planned) return 'conditional';
  }
  // "would lift the tariffs if Beijing buys more": a plan about the topic, on a condition.
  if (plannedOnCondition(text, input.about ?? [])) return 'conditional';
  if (s > 0) return 'supports';
  if (s < 0) return 'opposes';
  return 'neutral';
}
