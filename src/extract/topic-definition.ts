// A topic's description states a proposition and what "supports" and "opposes" mean for it: "taking part in the Paris
// agreement (supports = joining, staying in or rejoining it; opposes = withdrawing or refusing to take
// part)". The acts it names there are that topic's own stance words: for this topic, "withdrawing" is
// against and "rejoining" is for, whatever the generic lexicon says. Pure; reads only the watchlist.
import { inflect, lemmaOf, singular } from './inflect.js';

export interface TopicDefinition {
  /**
   * The topic's phrases that name only the thing a restriction topic restricts ("fossil fuels" for
   * "phasing out fossil fuels", "chip exports" for "restricting exports of advanced chips"). What is
   * said of that thing counts the other way round for the topic: calling oil essential is against
   * phasing it out. Empty for a topic that is not a restriction.
   */
  objects: string[];
  /**
   * The restricting word the proposition opens with ("controls" for "controls on catches in …", "ban"
   * for "a ban on …"): like every restricting act, it is for the topic when said of what the topic
   * restricts. Null for a topic that is not a restriction.
   */
  restriction: string | null;
  /** Written forms of the acts that are for the topic. */
  support: string[];
  /** Written forms of the acts that are against it. */
  oppose: string[];
  /**
   * Written forms of the acts the description's "conditional = …" lists on their own ("pausing or
   * lowering them", "countermeasures suspended for a period"): a stance that names one of them is a
   * stance on terms. An act listed with its condition ("keeping it only with …") is not one.
   */
  conditionalActs: string[];
  /**
   * What the description's "conditional = …" names as the terms a stance comes with ("only with
   * delays", "under licences or fees", "with carve-outs"), in their written forms: a stance on the topic
   * that names one of them is a stance on terms.
   */
  conditions: string[];
}

/** -ing words that are not acts ("including", "during", "something") or too light to mean a stance. */
const NOT_AN_ACT = new Set([
  'be',
  'have',
  'do',
  'make',
  'take',
  'get',
  'go',
  'include',
  'accord',
  'concern',
  'regard',
  'follow',
  'dur',
  'th',
  'someth',
  'anyth',
  'noth',
  'everyth',
  'br',
  'k',
  'spr',
  'str',
  'morn',
  'even',
  'mean',
  'let',
  'exist',
]);

/** A word completing "keeping them …": a participle or a state adjective. */
const COMPLEMENT =
  /^(?:[a-z]+(?:ed|en)|closed|open|shut|alive|free|private|secret|unchanged|intact|in|out|on|off)$/;

/** A state adjective or participle that completes an act on a noun ("keeping models closed"). */
const STATE = /^(?:closed|open|shut|alive|free|private|secret|unchanged|intact|frozen|locked|sealed)$/;

/** A particle that belongs to the act ("staying in", "withdrawing from", "working towards"). */
const PARTICLE = /^(?:in|out|to|from|away|up|down|back|on|off|into|against|of|with|for|towards?)$/;

/** Adjectives a definition lists as grounds ("rejecting it as unilateral or protectionist"); not "such as". */
const AS_LIST = /(?<!\bsuch\s)\bas\s+((?:[a-z-]+(?:,\s*|\s+or\s+|\s+and\s+))*[a-z-]+)/gi;

/**
 * Verbs that introduce an act rather than being one ("urging a member not to leave", "announcing or
 * completing an exit", "calling for doses to be shared"): what they introduce carries the stance.
 */
const NOT_THE_ACT = new Set([
  'urge',
  'call',
  'ask',
  'announce',
  'declare',
  'say',
  'state',
  'claim',
  'argue',
  'insist',
  'warn',
  'tell',
  'want',
  'demand',
  'complete',
  'finish',
  'start',
  'begin',
  'continue',
]);

/**
 * Verbs that say little without their object ("raising levies" is not "raising bills"): for these the
 * definition's one-word object is part of the act. Verbs that are acts on their own ("halting",
 * "opening proceedings") stay bare, so modifiers in the text ("opened formal proceedings") still match.
 */
const OBJECT_BOUND = new Set([
  'raise',
  'lower',
  'cut',
  'set',
  'increase',
  'reduce',
  'make',
  'give',
  'put',
  'bear',
  'pay',
]);

/** A plain noun that can be an act's object on its own ("levies", "funding"), not a function word. */
const BARE_OBJECT =
  /^(?!(?:a|an|the|any|some|all|its|their|his|her|our|this|that|these|those|more|less|new|further|such|other|it|them|one|oneself|itself|themselves|only|also|not|or|and|up|out|back|down|off|away)$)[a-z][a-z-]{2,}$/;

/** Words before an -ing form that leave it heading a listed item ("…, halting …", "or rejoining"). */
const ITEM_LEAD = /^(?:[,;:=]|or|and|nor|not|either|neither|also|even|e\.g|i\.e|by|for|against|to)$/;
/** Objects that are the topic itself ("rejecting it"): the bare act is the topic's act. */
const TOPIC_PRONOUN = /^(?:it|them|this|these|those|one|oneself|itself|themselves)$/;
const CLAUSE_WORD = /^(?:that|whether|if|which|who|what|how|when)$/;

/**
 * An -ing form that heads an item of the list, as the act's written forms: not "countries facing
 * outbreaks" (a noun's modifier), nor the "funding" of "halting funding" (an act's object).
 */
function actAt(words: string[], i: number, participles = false): string[] {
  const w = words[i] ?? '';
  const prev = words[i - 1];
  const form = w.endsWith('ing') || (participles && w.endsWith('ed'));
  if (!form || w.length < 5) return [];
  // (A participle may follow what it is said of: "countermeasures suspended for a period".)
  const leads =
    ITEM_LEAD.test(prev ?? ',') || /ly$/.test(prev ?? '') || (participles && /s$/.test(prev ?? ''));
  if (!leads) return [];
  const lemma = lemmaOf(w);
  if (NOT_AN_ACT.has(lemma) || NOT_THE_ACT.has(lemma)) return [];
  const next = words[i + 1] ?? '';
  // "ruling it out": the particle after the pronoun belongs to the act.
  if (TOPIC_PRONOUN.test(next) && /^(?:out|back|down|off|up|away)$/.test(words[i + 2] ?? ''))
    return inflect(`${lemma} ${words[i + 2]}`);
  // "keeping them closed", "leaving it unchanged": the act's meaning is in its complement, which a
  // word list cannot carry; "rejecting them" is an act on the topic itself.
  if (TOPIC_PRONOUN.test(next) && COMPLEMENT.test(words[i + 2] ?? '')) return [];
  // "keeping models closed": a noun object with a state after it, likewise.
  if (!PARTICLE.test(next) && STATE.test(words[i + 2] ?? '')) return [];
  // A participle's preposition starts an adjunct ("suspended for a period"), not the act.
  if (PARTICLE.test(next) && (!participles || /^(?:back|down|off|out|up)$/.test(next)))
    return inflect(`${lemma} ${next}`);
  if (participles && PARTICLE.test(next)) return inflect(lemma);
  // "demanding that …", "deciding whether …": the clause carries the stance.
  if (CLAUSE_WORD.test(next)) return [];
  // "raising levies on fishing fleets": a bare one-word object is part of the act, so raising
  // bills is not raising levies.
  if (
    OBJECT_BOUND.has(lemma) &&
    BARE_OBJECT.test(next) &&
    /^(?:on|for|to|in|of|from|with|,|;|or|and|=)?$/.test(words[i + 2] ?? '')
  )
    return inflect(lemma).map((f) => `${f} ${next}`);
  return inflect(lemma);
}

function actsIn(segment: string): string[] {
  const words = segment.toLowerCase().match(/[a-z][a-z'-]*|[,;:=]|e\.g|i\.e/g) ?? [];
  const acts = words.flatMap((_, i) => actAt(words, i));
  for (const m of segment.matchAll(AS_LIST)) {
    for (const adj of (m[1] ?? '').split(/,\s*|\s+or\s+|\s+and\s+/)) if (adj.length > 3) acts.push(adj);
  }
  return acts;
}

/**
 * The acts a conditional side lists on their own, -ing or past participle ("pausing them",
 * "countermeasures suspended for a period"); not one given with its condition ("accepting it only
 * with …", "keeping it only if …"), which is the side's ordinary act.
 */
function conditionalActsIn(segment: string): string[] {
  const words = segment.toLowerCase().match(/[a-z][a-z'-]*|[,;:=]|e\.g|i\.e/g) ?? [];
  // ("accepting it for oneself only on stated terms": the condition may come a few words on.)
  return words.flatMap((_, i) => (words.slice(i + 1, i + 6).includes('only') ? [] : actAt(words, i, true)));
}

/**
 * The part of a description that defines one side: "supports = …" / "supports: …" up to the next
 * side or the closing bracket, or "… is supports" (the words before it in the same clause).
 */
function sideText(description: string, side: 'supports' | 'opposes' | 'conditional'): string {
  const defined = new RegExp(
    String.raw`\b${side}\s*(?:=|:|means)\s*([^;)]*?)(?=;|\)|\b(?:supports|opposes|conditional)\s*(?:=|:|means)|$)`,
    'i',
  ).exec(description);
  if (defined?.[1]) return defined[1];
  const isSide = new RegExp(String.raw`([^(;,]*)\bis\s+${side}\b`, 'i').exec(description);
  return isSide?.[1] ?? '';
}

/**
 * The proposition itself: the description before its bracketed definition of the sides ("(supports =
 * …") and before a second clause after a semicolon; other brackets keep their words.
 */
const proposition = (description: string) =>
  (description.split(/\((?=[^)]*\b(?:supports|opposes|conditional)\b)/i)[0] ?? '')
    .split(';')[0]
    ?.replace(/[()]/g, ' ') ?? '';

/** Acts that restrict or end what follows them. */
const RESTRICTING =
  /\b(?:overrid(?:e|es|ing)|overrode|overridden|block(?:s|ed|ing)?|phas(?:e|es|ed|ing)[ -](?:out|down)|phase-?outs?|end(?:s|ed|ing)?|ban(?:s|ned|ning)?|halt(?:s|ed|ing)?|stop(?:s|ped|ping)?|cut(?:s|ting)?|reduc(?:e|es|ed|ing)|limit(?:s|ed|ing)?|restrict(?:s|ed|ing|ions?)?|cap(?:s|ped|ping)?|curb(?:s|ed|ing)?|eliminat(?:e|es|ed|ing)|prohibit(?:s|ed|ing)?|transition(?:s|ed|ing)? away|mov(?:e|es|ed|ing) away|wind(?:s|ing)? down|pause[sd]?|pausing|moratorium|controls?|preempt(?:s|ed|ing|ion)?)\b/i;

const wordsOf = (text: string) => new Set((text.toLowerCase().match(/[a-z0-9]+/g) ?? []).map(singular));

/**
 * The phrases that name what a restriction topic restricts: the proposition starts with a restricting
 * act, and every word of the phrase appears after that act in the proposition (plural or singular).
 * A phrase that itself restricts ("phase-out", "export controls") is the act, not the thing.
 */
/**
 * Whether the proposition is a restriction: its own act is its first -ing word ("phasing out …",
 * "restricting exports …"), or it opens with a restriction noun in its first three words ("a ban on
 * …", "a federal moratorium on …", "export controls on …").
 */
function restrictionFirst(prop: string, at: number): boolean {
  const first = /\b[a-z]+ing\b/i.exec(prop);
  if (first && first.index === at && at <= 20) return true;
  const lead = (prop.slice(0, at).match(/[a-z0-9-]+/gi) ?? []).filter((w) => !/^(?:a|an|the)$/i.test(w));
  return !first?.index || first.index > at
    ? lead.length <= 2 && RESTRICTION_NOUN.test(prop.slice(at))
    : false;
}

/** Nouns that name a restriction ("a moratorium on …"), as they open a proposition. */
const RESTRICTION_NOUN =
  /^(?:bans?|moratori(?:um|a)|pauses?|freezes?|limits?|caps?|restrictions?|controls?|curbs?|preemption|phase-?outs?)\b/i;

/** The restricting act a restriction topic's proposition opens with, and the proposition; else null. */
function restrictionOf(description: string): { prop: string; act: RegExpExecArray } | null {
  const prop = proposition(description);
  const act = RESTRICTING.exec(prop);
  return act && restrictionFirst(prop, act.index) ? { prop, act } : null;
}

export function restrictedObjects(description: string, phrases: readonly string[]): string[] {
  const restriction = restrictionOf(description);
  if (!restriction) return [];
  const { prop, act } = restriction;
  // What it restricts: the words after the act, up to the first comma or example ("…, including …").
  const object =
    prop
      .slice(act.index + act[0].length)
      .split(/,|\b(?:including|such as|e\.g\.|in favou?r of|instead of|rather than)/)[0] ?? '';
  const after = wordsOf(object);
  return phrases.filter((p) => !RESTRICTING.test(p) && [...wordsOf(p)].every((w) => after.has(w)));
}

/** Words that open a noun phrase but are not its head. */
const NP_OPENER = /^(?:a|an|the|some|other|added|certain|any|more|new|strict|stricter|clear)$/;
/** Where a noun phrase's head ends: a preposition, a relative word or an example marker. */
const NP_END = /^(?:for|of|on|to|in|at|that|which|who|after|before|until|e\.g\.|such)$/;
/** Heads too general to mark terms: any statement may name them. */
const GENERAL_TERMS = new Set([
  'condition',
  'change',
  'term',
  'circumstance',
  'case',
  'way',
  'form',
  'thing',
  'part',
  'impact',
  'respect',
]);

/**
 * The heads of the noun phrases listed after "with" or "under" in the conditional part: "only with
 * delays, a narrower scope or other conditions" gives delays and scope; "allowing sales only under
 * licences, fees or limits" gives licences, fees and limits.
 */
export function conditionTerms(description: string): string[] {
  const side = sideText(description, 'conditional');
  const terms: string[] = [];
  for (const m of side.matchAll(/\b(?:with|under|through|via|e\.g\.)\s+([^;.]+)/gi)) {
    for (const item of (m[1] ?? '').split(/,|\s+or\s+|\s+and\s+/)) {
      // A clause ("if Washington escalates", "countermeasures suspended") or a name is no term.
      if (
        /\b(?:only|if|unless|when|once|until)\b|\b(?!(?:a|an|the|any|some)\b)[a-z]+\s+[a-z]+ed\b/.test(
          item.trim(),
        ) ||
        /\b\p{Lu}/u.test(item)
      )
        continue;
      const words = item.trim().toLowerCase().split(/\s+/);
      const end = words.findIndex((w) => NP_END.test(w));
      const np = (end >= 0 ? words.slice(0, end) : words).filter((w) => !NP_OPENER.test(w));
      const head = np[np.length - 1]?.replace(/[^a-z-]/g, '') ?? '';
      if (head.length < 4 || np.length > 3 || GENERAL_TERMS.has(singular(head))) continue;
      terms.push(head);
    }
  }
  // "accepting them only as temporary, exceptional and proportionate": the qualities a stance on
  // terms gives the topic.
  for (const m of side.matchAll(/\bonly\s+as\s+([a-z-]+(?:(?:,\s*|\s+(?:and|or)\s+)[a-z-]+)*)/gi))
    for (const adj of (m[1] ?? '').split(/,\s*|\s+(?:and|or)\s+/))
      if (adj.length >= 5 && !GENERAL_TERMS.has(singular(adj))) terms.push(adj.toLowerCase());
  return [...new Set(terms)];
}

export function readDefinition(description: string, phrases: readonly string[] = []): TopicDefinition {
  return {
    objects: restrictedObjects(description, phrases),
    restriction: restrictionOf(description)?.act[0].toLowerCase() ?? null,
    // The acts the proposition names are for it: "phasing out fossil fuels", "joining NATO".
    support: [
      ...new Set([...actsIn(proposition(description)), ...actsIn(sideText(description, 'supports'))]),
    ],
    oppose: [...new Set(actsIn(sideText(description, 'opposes')))],
    conditions: conditionTerms(description),
    conditionalActs: [...new Set(conditionalActsIn(sideText(description, 'conditional')))],
  };
}
