// A topic's description states a proposition and what "supports" and "opposes" mean for it: "taking part in the Paris
// agreement (supports = joining, staying in or rejoining it; opposes = withdrawing or refusing to take
// part)". The acts it names there are that topic's own stance words: for this topic, "withdrawing" is
// against and "rejoining" is for, whatever the generic lexicon says. Pure; reads only the watchlist.
import { inflect, lemmaOf } from './inflect.js';

export interface TopicDefinition {
  /** Written forms of the acts that are for the topic. */
  support: string[];
  /** Written forms of the acts that are against it. */
  oppose: string[];
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
]);

/** A particle that belongs to the act ("staying in", "withdrawing from", "objecting to"). */
const PARTICLE = /^(?:in|out|to|from|away|up|down|back|on|off|into|against|of|with)$/;

/** Adjectives a definition lists as grounds ("rejecting it as unilateral or protectionist"). */
const AS_LIST = /\bas\s+((?:[a-z-]+(?:,\s*|\s+or\s+|\s+and\s+))*[a-z-]+)/gi;

function actsIn(segment: string): string[] {
  const words = segment.toLowerCase().match(/[a-z][a-z'-]*/g) ?? [];
  const acts: string[] = [];
  words.forEach((w, i) => {
    if (!w.endsWith('ing') || w.length < 5) return;
    const lemma = lemmaOf(w);
    if (NOT_AN_ACT.has(lemma)) return;
    const next = words[i + 1] ?? '';
    acts.push(...inflect(PARTICLE.test(next) ? `${lemma} ${next}` : lemma));
  });
  for (const m of segment.matchAll(AS_LIST)) {
    for (const adj of (m[1] ?? '').split(/,\s*|\s+or\s+|\s+and\s+/)) if (adj.length > 3) acts.push(adj);
  }
  return acts;
}

/**
 * The part of a description that defines one side: "supports = …" / "supports: …" up to the next
 * side or the closing bracket, or "… is supports" (the words before it in the same clause).
 */
function sideText(description: string, side: 'supports' | 'opposes'): string {
  const defined = new RegExp(
    String.raw`\b${side}\s*(?:=|:|means)\s*([^;)]*?)(?=;|\)|\b(?:supports|opposes|conditional)\s*(?:=|:|means)|$)`,
    'i',
  ).exec(description);
  if (defined?.[1]) return defined[1];
  const isSide = new RegExp(String.raw`([^(;,]*)\bis\s+${side}\b`, 'i').exec(description);
  return isSide?.[1] ?? '';
}

/** The proposition itself: the description before its bracketed definition of the sides. */
const proposition = (description: string) => description.split('(')[0] ?? '';

export function readDefinition(description: string): TopicDefinition {
  return {
    // The acts the proposition names are for it: "phasing out fossil fuels", "joining NATO".
    support: [
      ...new Set([...actsIn(proposition(description)), ...actsIn(sideText(description, 'supports'))]),
    ],
    oppose: [...new Set(actsIn(sideText(description, 'opposes')))],
  };
}
