// Speaker → actor: a watched actor named in the speaker's name ("Vladimir Putin"), in the source phrase
// ("U.S. officials", "the Kremlin") or in a stated affiliation ("an aide to the Polish president").
// A former official speaks for themselves, not for the state. Pure.
import type { Speaker } from '../model.js';
import type { CompiledWatchlist } from './matcher.js';

const FORMER = /\b(former|ex-|retired|one-time|onetime|erstwhile|then-)\b|\bex-/i;

/**
 * The actor a speaker stands for, or null. Looks at the stated role first, then the resolved name,
 * then the raw source phrase; in each, the first watched actor named wins.
 */
export function resolveActor(
  speaker: Speaker | null,
  sourceText: string | null,
  compiled: CompiledWatchlist,
): string | null {
  const role = speaker?.role ?? '';
  const before = sourceText ?? '';
  if (FORMER.test(role) || FORMER.test(before)) return null;
  // "The Chinese embassy in Ottawa": the body speaks, the place after "in" only locates it.
  const placed = /^(.+?)\s+(?:in|at)\s+\p{Lu}[\p{L}.'’ -]*$/u.exec(before)?.[1] ?? '';
  // A title written right before the name first: "Valdorian Prime Minister Ana Pell" speaks for
  // Valdor, whatever office the watchlist knows the name from. (Not an aside after the name.)
  const name = speaker?.name ?? '';
  const title =
    role &&
    name &&
    before.includes(`${role} ${name}`) &&
    role.split(/\s+/).length <= 5 &&
    !/\band\b|,|&/.test(role)
      ? role
      : '';
  for (const text of [placed, title, name, role, before]) {
    if (!text) continue;
    const hit = compiled.actors.all(text).find((h) => !insideOtherName(text, h) && !otherParty(text, h));
    if (hit) return hit.id;
  }
  return null;
}

/** Words that make a name an office of the state it starts with ("Russian Foreign Ministry"). */
const STATE_WORD =
  /^(?:Foreign|Defen[cs]e|Interior|Finance|Energy|Trade|Economy|Economic|Environment|Justice|State|Treasury|Ministry|Minister|Ministers|Department|Government|Cabinet|Administration|Embassy|Ambassador|Envoy|President|Presidential|Prime|Chancellor|Vice|Deputy|Secretary|Senator|Senate|Congress|Congressional|Parliament|Parliamentary|Representative|Governor|Army|Navy|Air|Armed|Military|Forces|Central|National|Federal|Agency|Office|Council|Commission|Commissioner|Delegation|Negotiators?|Officials?|Leader|Leaders|Security|Intelligence|Spokes(?:person|man|woman)|Permanent|Mission|House|Court|Supreme|Republic|Kingdom|Union|Federation|Authority|Authorities|Regulator|Police|Premier|Crown|Prince|King|Queen|Emperor|Sheikh|Commerce|Customs|Communist|Revolutionary|Environmental|Special|Attorney|Health|Agriculture|Homeland|Climate|Industry|Transport|Culture|Education|Labou?r|Development|Navy|Coast)$/;

/**
 * "American" in "the American Petroleum Institute", "Washington" in "The Washington Post": a one-word
 * alias that only starts another proper name (a company, a newspaper, a trade body) does not name
 * the actor, unless that name is an office of the state ("Russian Foreign Ministry", "US Treasury").
 * A multi-word alias is a full name already ("Joe Biden", "European Commission").
 */
function insideOtherName(text: string, hit: { start: number; end: number }): boolean {
  if (/\s/.test(text.slice(hit.start, hit.end))) return false;
  const next = /^\s+(?:&\s+)?([A-Z][\p{L}'’.-]*)/u.exec(text.slice(hit.end));
  return next?.[1] !== undefined && !STATE_WORD.test(next[1]);
}

/** Nouns for parties other than the one they are said of: "America's allies" are not America. */
const OTHER_PARTIES =
  /^['’]s?\s+(?:(?:closest|biggest|main|key|major|western|european|asian|trading|traditional|former|many|fiercest|harshest)\s+){0,2}(?:allies|ally|partners?|rivals?|critics?|opponents?|enemies|enemy|adversaries|adversary|neighbou?rs?|competitors?|creditors?|detractors|foes?)\b/iu;

export function otherParty(text: string, hit: { start: number; end: number }): boolean {
  return OTHER_PARTIES.test(text.slice(hit.end));
}
