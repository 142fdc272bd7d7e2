// Stance of a statement toward a topic's proposition: supports / opposes / conditional / neutral.
// The lexicons are generic (they work for tariffs or climate as well as for peace talks); topic-specific
// wording comes only from the watchlist's optional supportPhrases / opposePhrases. Pure.
import type { Polarity } from '../model.js';
import type { PhraseMatcher } from './matcher.js';
import { createPhraseMatcher } from './matcher.js';

const SUPPORT = [
  'support',
  'supports',
  'supported',
  'supporting',
  'back',
  'backs',
  'backed',
  'backing',
  'endorse',
  'endorses',
  'endorsed',
  'welcome',
  'welcomes',
  'welcomed',
  'favor',
  'favors',
  'favored',
  'favour',
  'favours',
  'favoured',
  'in favor of',
  'in favour of',
  'ready to',
  'willing to',
  'prepared to',
  'open to',
  'want',
  'wants',
  'wanted',
  'call for',
  'calls for',
  'called for',
  'calling for',
  'urge',
  'urges',
  'urged',
  'urging',
  'push for',
  'pushes for',
  'pushed for',
  'pushing',
  'press for',
  'pressed for',
  'demand',
  'demands',
  'demanded',
  'seek',
  'seeks',
  'sought',
  'propose',
  'proposes',
  'proposed',
  'proposing',
  'agree',
  'agrees',
  'agreed',
  'approve',
  'approves',
  'approved',
  'sign',
  'signs',
  'signed',
  'host',
  'hosts',
  'hosted',
  'broker',
  'brokers',
  'brokered',
  'brokering',
  'pursue',
  'pursues',
  'pursued',
  'committed to',
  'commit to',
  'must',
  'should',
  'need to',
  'needs to',
  'insist on',
  'insists on',
  'advocate',
  'advocates',
  'advocated',
  'praise',
  'praised',
  'hail',
  'hailed',
  'step up',
  'stepped up',
  'boost',
  'boosted',
  'increase',
  'increased',
  'expand',
  'expanded',
  'extend',
  'extended',
  'impose',
  'imposed',
  'imposes',
  'tighten',
  'tightened',
  'deliver',
  'delivered',
  'send',
  'sent',
  'provide',
  'provided',
  'resume',
  'resumed',
  'finish',
  'finalize',
  'recognise',
  'recognize',
  'best guarantee',
  'best answer',
  'the answer',
  'best way',
  'the right',
  'guarantee',
  'welcomes',
  'conclude',
  'achieve',
  'irreversible',
  'essential',
  'vital',
  'the only way',
  'more pressure',
  'needs to be applied',
  'right away',
  'important',
  'hopes',
  'hoped',
  'determined to',
  'intend to',
  'intends to',
  'plan to',
  'plans to',
  'ready for',
  'prepared for',
  'serious about',
  'interested in',
  'interest in',
  'in good faith',
  'genuine',
  'useful',
  'constructive',
  'productive',
  'fruitful',
  'encouraging',
  'promising',
  'realistic',
  'feasible',
  'viable',
  // -ing forms
  'endorsing',
  'welcoming',
  'favoring',
  'favouring',
  'wanting',
  'demanding',
  'seeking',
  'agreeing',
  'approving',
  'signing',
  'hosting',
  'pursuing',
  'advocating',
  'praising',
  'hailing',
  'stepping up',
  'boosting',
  'increasing',
  'expanding',
  'extending',
  'imposing',
  'tightening',
  'delivering',
  'sending',
  'providing',
  'resuming',
  'finishing',
  'finalizing',
  'finalising',
  'recognising',
  'recognizing',
  'concluding',
  'achieving',
  'hoping',
  'intending to',
  'planning to',
  // keeping a measure, and judging it good
  'keep',
  'keeps',
  'kept',
  'keeping',
  'maintain',
  'maintains',
  'maintained',
  'retain',
  'retains',
  'retained',
  'uphold',
  'upholds',
  'upheld',
  'preserve',
  'preserves',
  'preserved',
  'stick with',
  'sensible',
  'step in the right direction',
  'right step',
  'positive step',
  'welcome step',
  'good idea',
  'necessary',
  'justified',
  'beneficial',
  'effective',
  'worthwhile',
  'no alternative to',
  'best tool',
  'the best',
  'long overdue',
];

const OPPOSE = [
  'oppose',
  'opposes',
  'opposed',
  'opposing',
  'opposition to',
  'reject',
  'rejects',
  'rejected',
  'rejecting',
  'refuse',
  'refuses',
  'refused',
  'refusing',
  'deny',
  'denies',
  'denied',
  'voted against',
  'vote against',
  'is against',
  'are against',
  'was against',
  'were against',
  'spoke out against',
  'spoken out against',
  'came out against',
  'rule out',
  'rules out',
  'ruled out',
  'dismiss',
  'dismisses',
  'dismissed',
  'block',
  'blocks',
  'blocked',
  'veto',
  'vetoed',
  'condemn',
  'condemns',
  'condemned',
  'criticize',
  'criticized',
  'criticise',
  'criticised',
  'skeptical',
  'sceptical',
  'skepticism',
  'doubt',
  'doubts',
  'doubted',
  'distrust',
  'ploy',
  'manipulation',
  'manipulate',
  'feign',
  'feigns',
  'feigned',
  'disingenuous',
  'insincere',
  'buying time',
  'buy time',
  'playing for time',
  'play for time',
  'stall',
  'stalls',
  'stalled',
  'delay',
  'delays',
  'delayed',
  'halt',
  'halts',
  'halted',
  'pause',
  'pauses',
  'paused',
  'suspend',
  'suspends',
  'suspended',
  'lift',
  'lifted',
  'lifting',
  'ease',
  'eased',
  'easing',
  'relief',
  'no intention',
  'never',
  'impossible',
  'unacceptable',
  'forget about',
  'no sign',
  'warn against',
  'warned against',
  'warns against',
  'hold off',
  'holds off',
  'held off',
  'holding off',
  'reluctant',
  'reluctance',
  'resist',
  'resists',
  'resisted',
  'withdraw from',
  'tactic',
  'pretext',
  'sham',
  'illusion',
  'playing games',
  'games',
  'trap',
  'wedge',
  'undermine',
  'undermines',
  'not ready',
  'unwilling',
  'no plans',
  'premature',
  'out of the question',
  'legally impossible',
  'illegitimate',
  'cannot',
  "can't",
  'will not',
  "won't",
  'would not',
  'no longer',
  'unrealistic',
  'not realistic',
  'unfeasible',
  'not feasible',
  'not viable',
  // Undoing a measure is against it ("will scrap the levy"); negated, it keeps it ("will not drop").
  'drop',
  'drops',
  'dropped',
  'dropping',
  'scrap',
  'scraps',
  'scrapped',
  'abandon',
  'abandons',
  'abandoned',
  'cancel',
  'cancels',
  'cancelled',
  'canceled',
  'repeal',
  'repeals',
  'repealed',
  'abolish',
  'abolished',
  'scale back',
  'scaled back',
  'roll back',
  'rolled back',
  'walk away from',
  'walked away from',
  'pull out of',
  'pulled out of',
  // -ing forms
  'denying',
  'blocking',
  'vetoing',
  'condemning',
  'criticizing',
  'criticising',
  'doubting',
  'dismissing',
  'halting',
  'pausing',
  'suspending',
  'delaying',
  'resisting',
  'undermining',
  'scrapping',
  'abandoning',
  'cancelling',
  'canceling',
  'repealing',
  'abolishing',
  'scaling back',
  'rolling back',
  'walking away from',
  'pulling out of',
  'ruling out',
  // judging a measure bad, and answering it
  'mistake',
  'mistaken',
  'error',
  'wrong',
  'misguided',
  'counterproductive',
  'unjustified',
  'unjustifiable',
  'harmful',
  'damaging',
  'dangerous',
  'reckless',
  'disastrous',
  'foolish',
  'unfair',
  'pointless',
  'useless',
  'ineffective',
  'backfire',
  'backfired',
  'retaliate',
  'retaliated',
  'retaliation',
  'hurt',
  'hurts',
  'harms',
  'reverse',
  'reversed',
  'reversing',
  'reversal',
];

/**
 * Verbs that negate the stance word after them: refusing, ruling out, opposing or rejecting an act is
 * against it ("opposed any new sanctions"); undoing an objection is for the thing ("drop his
 * opposition to …", "lift its veto on …").
 */
const NEGATING_VERBS = [
  'refuse',
  'refuses',
  'refused',
  'refusing',
  'rule out',
  'rules out',
  'ruled out',
  'oppose',
  'opposes',
  'opposed',
  'opposing',
  'reject',
  'rejects',
  'rejected',
  'rejecting',
  'drop',
  'drops',
  'dropped',
  'dropping',
  'abandon',
  'abandons',
  'abandoned',
  'abandoning',
  'lift',
  'lifts',
  'lifted',
  'lifting',
  'ease',
  'eases',
  'eased',
  'easing',
  'give up',
  'gave up',
];

/**
 * Oppose phrases that are only a negation: when a stance word follows shortly after, they negate that
 * word (which `score` already flips) and do not count again ("will not drop the levy" keeps it).
 */
const BARE_NEGATIONS = new Set([
  'will not',
  "won't",
  'would not',
  'cannot',
  "can't",
  'never',
  'no longer',
  ...NEGATING_VERBS,
]);

const CONDITIONAL = [
  'only if',
  'in exchange for',
  'as a condition',
  'on condition',
  'on the condition',
  'condition for',
  'conditions for',
  'precondition',
  'unless',
  'provided that',
  'as long as',
  'on the basis of',
  'built on',
  'must be based on',
  'should be based on',
  'only when',
  'only after',
  'depends on',
  'dependent on',
  'in return for',
  'subject to',
  'would only',
  'must come with',
  'must include',
  'must be accompanied by',
  'must be backed by',
  'only with',
  'not without',
  'only once',
  // "frozen until Russia pays": a state that ends only when a demand is met.
  'until',
];

// A negation reaches a stance word a few words on, past one comma aside ("would never, under any
// circumstances, recognise …").
const NEGATION_REACH = String.raw`(?:\s*,[^,.;]{1,45},)?[^.;]{0,25}`;
/** "until Friday", "until the end of the year": a date, not a condition ("until Russia pays"). */
const UNTIL_A_TIME =
  /^\s+(?:(?:the\s+)?(?:end|middle|start|beginning|spring|summer|autumn|fall|winter|weekend)\b|now\b|then\b|today|tomorrow|tonight|recently|further notice|next\b|last\b|this\b|mid|early\b|late\b|\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)/i;

/** "failed to", "could not": before "agree" or "decide", no decision was made. */
const FAILED_TO = String.raw`fail(?:s|ed|ing)?\s+to|could\s+not|couldn['’]t`;
const UNDECIDED = new RegExp(
  String.raw`\b(?:${FAILED_TO})\s+(?:agree|decide|settle)(?:\s+(?:on|over|about)\b[^.;]{0,25})?$`,
  'i',
);
const JUST_FAILED = new RegExp(String.raw`\b(?:${FAILED_TO})\s+$`, 'i');
const UNDECIDED_VERB = /^(?:agree|agreed|agrees|decide|settle)$/i;

const NEGATORS = new RegExp(
  String.raw`\b(not|no|never|cannot|n't|without|hardly|neither|nor|nothing|none|${FAILED_TO}|against|${NEGATING_VERBS.join('|')})\b${NEGATION_REACH}$`,
  'i',
);
const WITHIN_NEGATION_REACH = new RegExp(`^${NEGATION_REACH}$`);

/**
 * "would join the talks if Russia withdraws": a plan with an "if" — not "even if", not "asked if", and
 * not a hedge ("if necessary", "if needed").
 */
const MODAL_IF =
  /\b(?:would|will|could|can|ready|willing|prepared|open)\b(?:(?!\b(?:asked|ask|asks|wondered|whether)\b)[^.;])*?(?<!\beven\s)\bif\b(?!\s+(?:necessary|needed|need\s+be|required|possible|so|asked|appropriate)\b)/i;

const BARE_MODALS = new Set(['must', 'should', 'need to', 'needs to']);

const support = createPhraseMatcher([{ id: 's', phrases: SUPPORT }], { caseSensitive: () => false });
const oppose = createPhraseMatcher([{ id: 'o', phrases: OPPOSE }], { caseSensitive: () => false });
const conditional = createPhraseMatcher([{ id: 'c', phrases: CONDITIONAL }], { caseSensitive: () => false });

const SUPPORT_CUES =
  /^(urge|urged|urges|urging|call(ed|s)? for|back(s|ed)?|endorse[ds]?|welcome[ds]?|propose[ds]?|demand(ed|s)?|insist(ed|s)?|pledge[ds]?|promise[ds]?|vow(ed|s)?|support(ed|s)?|advocate[ds]?|agree[ds]?|approve[ds]?|adopt(ed|s)?|sign(ed|s)?|defend(ed|s)?|praise[ds]?|hail(ed|s)?|applaud(ed|s)?|commend(ed|s)?|champion(ed|s)?|favou?r(ed|s)?)$/i;
const OPPOSE_CUES =
  /^(reject(ed|s)?|den(y|ied|ies)|warn(ed|s)?( against)?|dismiss(ed|es)?|refuse[ds]?|condemn(ed|s)?|criticize[ds]?|criticise[ds]?|oppose[ds]?|doubt(ed|s)?|question(ed|s)?|accuse[ds]?|denounce[ds]?|decr(y|ied|ies)|lambast(ed|s)?|protest(ed|s)?|object(ed|s)? to|disapprove[ds]?|refute[ds]?|spoke out against|spoken out against)$/i;

export interface StanceInput {
  /** The statement's content. */
  text: string;
  /** The cue word or phrase ("urged", "rejected"), if any. */
  cue: string | null;
  /** Topic-specific phrases from the watchlist. */
  topic?: { support: PhraseMatcher; oppose: PhraseMatcher };
}

function score(text: string, hits: Array<{ start: number; end: number }>, weight: number): number {
  let total = 0;
  for (const h of hits) {
    // "not ready to", "no longer wants": a negator shortly before flips the stance.
    // "changes imposed by force", "a plan backed by Paris": a participle describing a thing by what
    // someone else did to it is not the speaker's stance.
    if (/^\s+by\b/.test(text.slice(h.end, h.end + 5))) continue;
    const before = text.slice(Math.max(0, h.start - 90), h.start);
    // "after failing to agree on using the assets": no decision, so no stance either way.
    if (UNDECIDED.test(before)) continue;
    if (UNDECIDED_VERB.test(text.slice(h.start, h.end)) && JUST_FAILED.test(before)) continue;
    total += NEGATORS.test(before) ? -weight : weight;
  }
  return total;
}

export function polarityOf(input: StanceInput): Polarity {
  const text = input.text;
  const supportHits = support.all(text);
  const topicSupport = input.topic?.support.all(text) ?? [];
  const topicOppose = input.topic?.oppose.all(text) ?? [];
  const stanceStarts = [...supportHits, ...oppose.all(text), ...topicSupport, ...topicOppose];
  const phrase = (h: { start: number; end: number }) =>
    text.slice(h.start, h.end).toLowerCase().replace(/’/g, "'");
  const governsNext = (h: { end: number }) =>
    stanceStarts.some((o) => o.start > h.end && WITHIN_NEGATION_REACH.test(text.slice(h.end, o.start)));
  const opposeHits = oppose.all(text).filter((h) => !BARE_NEGATIONS.has(phrase(h)) || !governsNext(h));
  // "must", "should": support on their own ("talks must resume"), but before a stance word they only
  // carry it ("the tariffs should be scrapped").
  const modalFree = supportHits.filter((h) => !BARE_MODALS.has(phrase(h)) || !governsNext(h));
  let s = score(text, modalFree, 1) - score(text, opposeHits, 1);
  s += score(text, topicSupport, 3) - score(text, topicOppose, 3);
  if (input.cue) {
    if (SUPPORT_CUES.test(input.cue.trim())) s += 1;
    if (OPPOSE_CUES.test(input.cue.trim())) s -= 1.5;
  }
  const conditions = conditional
    .all(text)
    .filter((h) => phrase(h) !== 'until' || !UNTIL_A_TIME.test(text.slice(h.end)));
  // A condition makes a stance that is not against conditional; a rejection stays one even when what
  // it rejects was conditional ("rejected concessions in exchange for peace").
  if ((conditions.length > 0 || MODAL_IF.test(text)) && s >= 0) return 'conditional';
  if (s > 0) return 'supports';
  if (s < 0) return 'opposes';
  return 'neutral';
}
