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
  'realistic',
  'feasible',
  'viable',
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
  'refuse',
  'refuses',
  'refused',
  'refusing',
  'rule out',
  'rules out',
  'ruled out',
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
  // "frozen until Russia pays": a state that ends only when a demand is met.
  'until',
];

// A negation reaches a stance word a few words on, past one comma aside ("would never, under any
// circumstances, recognise …").
const NEGATION_REACH = String.raw`(?:\s*,[^,.;]{1,45},)?[^.;]{0,25}`;
/** "until Friday", "until the end of the year": a date, not a condition ("until Russia pays"). */
const UNTIL_A_TIME =
  /^\s+(?:(?:the\s+)?(?:end|middle|start|beginning|spring|summer|autumn|fall|winter|weekend)\b|now\b|then\b|today|tomorrow|tonight|recently|further notice|next\b|last\b|this\b|mid|early\b|late\b|\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)/i;

const NEGATORS = new RegExp(
  String.raw`\b(not|no|never|cannot|n't|without|hardly|neither|nor|nothing|none|refus(?:e|es|ed|ing)|rul(?:e|es|ed) out)\b${NEGATION_REACH}$`,
  'i',
);
const WITHIN_NEGATION_REACH = new RegExp(`^${NEGATION_REACH}$`);

const support = createPhraseMatcher([{ id: 's', phrases: SUPPORT }], { caseSensitive: () => false });
const oppose = createPhraseMatcher([{ id: 'o', phrases: OPPOSE }], { caseSensitive: () => false });
const conditional = createPhraseMatcher([{ id: 'c', phrases: CONDITIONAL }], { caseSensitive: () => false });

const SUPPORT_CUES =
  /^(urge|urged|urges|urging|call(ed|s)? for|back(s|ed)?|endorse[ds]?|welcome[ds]?|propose[ds]?|demand(ed|s)?|insist(ed|s)?|pledge[ds]?|promise[ds]?|vow(ed|s)?|support(ed|s)?|advocate[ds]?|agree[ds]?|approve[ds]?|adopt(ed|s)?|sign(ed|s)?)$/i;
const OPPOSE_CUES =
  /^(reject(ed|s)?|den(y|ied|ies)|warn(ed|s)?( against)?|dismiss(ed|es)?|refuse[ds]?|condemn(ed|s)?|criticize[ds]?|criticise[ds]?|oppose[ds]?|doubt(ed|s)?|question(ed|s)?|accuse[ds]?)$/i;

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
  const opposeHits = oppose
    .all(text)
    .filter(
      (h) =>
        !BARE_NEGATIONS.has(text.slice(h.start, h.end).toLowerCase().replace(/’/g, "'")) ||
        !stanceStarts.some((o) => o.start > h.end && WITHIN_NEGATION_REACH.test(text.slice(h.end, o.start))),
    );
  let s = score(text, supportHits, 1) - score(text, opposeHits, 1);
  s += score(text, topicSupport, 3) - score(text, topicOppose, 3);
  if (input.cue) {
    if (SUPPORT_CUES.test(input.cue.trim())) s += 1;
    if (OPPOSE_CUES.test(input.cue.trim())) s -= 1.5;
  }
  const isConditional = conditional
    .all(text)
    .some((h) => !/^until$/i.test(text.slice(h.start, h.end)) || !UNTIL_A_TIME.test(text.slice(h.end)));
  if (isConditional && s >= 0) return 'conditional';
  if (s > 0) return 'supports';
  if (s < 0) return 'opposes';
  return 'neutral';
}
