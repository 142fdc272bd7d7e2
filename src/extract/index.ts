// Extraction entry point (pure): article in, attributions and positions out. Attributions are found
// on the headline and the body; each speaker is resolved to a watched actor; each topic the statement
// touches becomes a position with a polarity and a short claim. Deeds of watched actors in sentences
// nobody is quoted in ("Ottawa imposed a levy") add positions but no attributions. Every span is
// mapped from body (or headline) offsets to offsets into the file's text, as the extract contract
// reports them.
import type { Watchlist } from '../config/watchlist.js';
import { bodyToFile } from '../ingest/offsets.js';
import {
  GUESSED_CONFIDENCE,
  ARTICLE_TOPIC_VIA,
  GUESSED_VIA,
  type Attribution,
  type Extraction,
  type ParsedArticle,
  type Position,
  type Span,
} from '../model.js';
import { otherParty, resolveActor } from './actors.js';
import { findAttributionsInDoc, findHeadlineAttributions, type FoundAttribution } from './attributions.js';
import { clauseBounds } from './clauses.js';
import { buildDocument, type Doc } from './document.js';
import { CUE_VERBS } from './cues.js';
import { findDeeds, findNarrations, headlineDeeds } from './deeds.js';
import { inflect, singular } from './inflect.js';
import { ACT_FORMS } from './stance-lexicon.js';
import { compileWatchlist, type CompiledWatchlist, type PhraseHit } from './matcher.js';
import { hedgedByContrast, setAgainst } from './hedge.js';
import { namesActAgainst, polarityOf, statesCondition } from './polarity.js';

const CLAIM_MAX = 160;

/** A short readable statement of the position, cut at a word boundary. */
export function claimOf(content: string): string {
  const flat = content
    .replace(/\s+/g, ' ')
    .replace(/^that /i, '')
    .replace(/^["“'‘]+|["”'’]+$/g, '')
    .trim();
  const sentence = flat.charAt(0).toUpperCase() + flat.slice(1);
  if (sentence.length <= CLAIM_MAX) return sentence;
  const cut = sentence.slice(0, CLAIM_MAX - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > 80 ? cut.slice(0, space) : cut).replace(/[,;:—–-]+$/, '')}…`;
}

/** Maps a body span to the file; null when it cannot be mapped. Text stays the body's text. */
function toFile(article: ParsedArticle, span: Span): Span | null {
  if (span.fragments) {
    const fragments = span.fragments.map((f) => bodyToFile(article.offsets, f.start, f.end));
    if (fragments.some((f) => f === null)) return null;
    const mapped = fragments as Array<{ start: number; end: number }>;
    return {
      start: mapped[0]?.start ?? 0,
      end: mapped[mapped.length - 1]?.end ?? 0,
      text: span.text,
      fragments: mapped,
    };
  }
  const m = bodyToFile(article.offsets, span.start, span.end);
  return m ? { start: m.start, end: m.end, text: span.text } : null;
}

/** Moves a span by a fixed offset (a headline's spans into the file). */
const shiftBy =
  (offset: number) =>
  (s: Span): Span => ({ start: s.start + offset, end: s.end + offset, text: s.text });

/**
 * The clauses of a statement that mention a topic: "X would never recognise borders changed by force,
 * and that NATO membership remained the best guarantee" holds two stances on two topics.
 */
export function clausesAbout(text: string, hits: Array<{ start: number; end: number }>): string {
  const bounds = clauseBounds(text);
  if (bounds.length === 1 || hits.length === 0) return text;
  const picked = bounds.filter(([a, b]) => hits.some((h) => h.start < b && h.end > a));
  const joined = picked.map(([a, b]) => text.slice(a, b)).join('; ');
  return joined.split(/\s+/).length >= 4 ? joined : text;
}

/**
 * The stance of a statement on one topic: read from the clauses that name the topic. The cue ("urged",
 * "rejected") governs the statement's first clause only; "agreed to lend …, after failing to agree on
 * using the assets" does not agree to the assets.
 */
/** A stance and whether it was read from the whole statement (the topic's own clause said nothing). */
interface Stance {
  polarity: Position['polarity'];
  fromWhole: boolean;
  /** "has no preferred option", "has not decided": a declared lack of a stance, itself a position. */
  undecided?: boolean;
}

/** A plural or mass noun, then "that" or "which" right before the topic: a relative clause's subject. */
const RELATIVE_SUBJECT =
  /(?:^\W*|[.;:]\s+|\b(?:the|all|any|some|many|most|those|these|its|their|our|other)\s+(?:[\p{Ll}-]+\s+)?)[\p{L}-]+s\s+(?:that|which)\s+(?:(?:the|its|their|independent|outside)\s+|(?:(?:had|has|have|were|was|are|is)\s+)?(?:been\s+)?)$/u;

/** Declaring no stance yet: the speaker's position is that it has none. */
const UNDECIDED_STANCE =
  /\b(?:no\s+(?:longer\s+(?:has|have|had)\s+a\s+)?preferred\s+(?:option|route|approach)|(?:has|have|had)\s+not\s+(?:yet\s+)?(?:decided|made\s+a\s+decision|taken\s+a\s+position)|not\s+yet\s+decided|yet\s+to\s+(?:decide|take\s+a\s+position)|undecided|before\s+deciding|(?:keep|keeps|keeping|kept)\s+an\s+open\s+mind|takes?\s+no\s+position|(?:remain|remains|remained|stay|stays|stayed)\s+neutral)\b/i;

function stanceOn(
  scope: string,
  hits: Array<{ start: number; end: number }>,
  cue: string | null,
  topicId: string,
  actorId: string,
  sentence: string,
  compiled: CompiledWatchlist,
): Stance {
  const read = (text: string, textCue: string | null) => {
    // The topic's own phrases (its stance phrases are stance words, not mentions to govern).
    const named = compiled.topics.all(text).filter((h) => h.id === topicId);
    const stance = compiled.topicStance.get(topicId);
    // "an opt-out from the fishing rules": a mention that names an act against the topic and then the
    // topic itself is the act said of that mention, a stance word rather than a second mention.
    const about = named.filter(
      (h) =>
        !namesActAgainst(text.slice(h.start, h.end), stance) ||
        !named.some(
          (o) =>
            o.start > h.end &&
            /^\s+(?:from|of)\s+(?:[\p{L}'’-]+\s+){0,3}$/u.test(text.slice(h.end, o.start)) &&
            !namesActAgainst(text.slice(o.start, o.end), stance),
        ),
    );
    const objects = compiled.restrictedObjects.get(topicId);
    // "oil and gas remain essential": said of what a restriction topic restricts, not of the topic.
    // "regretted the U.S. withdrawal": a topic named only by an act against it ("withdrawal",
    // "exit"), likewise: what is said of that act counts the other way round.
    const restricted = (h: { start: number; end: number }) =>
      objects?.has(text.slice(h.start, h.end).toLowerCase()) === true;
    // "a patchwork of town bylaws": a mention that only quantifies what the topic restricts is that.
    const ofRestricted = (h: { start: number; end: number }) =>
      about.some(
        (o) =>
          o.start > h.end &&
          restricted(o) &&
          /^\s+of\s+(?:(?:the|its|their)\s+)?$/i.test(text.slice(h.end, o.start)),
      );
    const isObject = (h: { start: number; end: number }) =>
      restricted(h) || ofRestricted(h) || namesActAgainst(text.slice(h.start, h.end), stance);
    const objectOnly = about.length > 0 && about.every(isObject);
    // "Boats that inspectors find unsafe would be held": the topic is the subject of a clause
    // that only describes another noun; what the statement says is said of that noun.
    if (about.length > 0 && about.every((h) => RELATIVE_SUBJECT.test(text.slice(0, h.start))))
      return 'neutral';
    const polarity = polarityOf({ text, cue: textCue, topic: stance, about, objectOnly });
    // "would ask for an opt-out of its own, because the quota could not work": when what is said of
    // the topic itself says nothing, what is said of the act against it counts the other way round.
    const acts = about.filter(isObject);
    if (polarity !== 'neutral' || objectOnly || acts.length === 0) return polarity;
    return polarityOf({ text, cue: textCue, topic: stance, about: acts, objectOnly: true });
  };
  const text = clausesAbout(scope, hits);
  if (UNDECIDED_STANCE.test(text)) return { polarity: 'neutral', fromWhole: false, undecided: true };
  const firstClause = text.split('; ')[0] ?? text;
  const own = read(text, scope.startsWith(firstClause) ? cue : null);
  // A clause that names the topic but says nothing for or against it ("the end of oil is not in
  // sight, and the world should …") takes the stance of the whole statement.
  // Not when another clause is about another topic: its stance is that topic's.
  const onlyTopic = compiled.topics.all(scope).every((h) => h.id === topicId);
  const fromWhole = own === 'neutral' && text !== scope && onlyTopic;
  const polarity = fromWhole ? read(scope, cue) : own;
  const references = hits
    .map((h) => scope.slice(h.start, h.end))
    .filter((r) => r.length > 0 && !compiled.topics.all(r).some((h) => h.id === topicId));
  const hedge = {
    polarity: (clause: string) => read(clause, null),
    // "…, but offered exemptions": a term the topic's definition gives for a conditional stance.
    condition: (clause: string) => statesCondition(clause) || namesTerms(clause, topicId, compiled),
    facts: (clause: string) => {
      const topics = compiled.topics.all(clause);
      // A reference that stands for the topic ("abide by the ruling") names it as well.
      const topic = topics.some((h) => h.id === topicId) || references.some((r) => clause.includes(r));
      return {
        topic,
        refers: topic || refersBack(clause, topicId, compiled),
        other:
          topics.some((h) => h.id !== topicId) ||
          compiled.actors.all(clause).some((a) => a.id !== actorId) ||
          opensWithOtherName(clause, actorId, compiled),
      };
    },
  };
  const firm = polarity === 'supports' || polarity === 'opposes';
  if (firm && namesTerms(fromWhole ? scope : text, topicId, compiled))
    return { polarity: 'conditional', fromWhole };
  // The contrast may sit in the statement or, past its end, in the rest of its sentence.
  if (
    hedgedByContrast(scope, polarity, hedge) ||
    (sentence !== scope && hedgedByContrast(sentence, polarity, hedge))
  )
    return { polarity: 'conditional', fromWhole };
  return { polarity, fromWhole };
}

/**
 * "proposes delaying the rules", "allowing sales under licences": the statement names a term the
 * topic's description gives for a conditional stance. A term inside a longer mention of the topic
 * ("export limits" for a topic about limiting exports) names the topic, not a term.
 */
function namesTerms(text: string, topicId: string, compiled: CompiledWatchlist): boolean {
  const terms = compiled.topicConditions.get(topicId)?.all(text) ?? [];
  if (terms.length === 0) return false;
  const mentions = compiled.topics.all(text);
  // A term that is also one of the topic's own acts ("limits" for a topic about limiting exports) is
  // the act, not a term.
  const stance = compiled.topicStance.get(topicId);
  const acts = [
    ...(stance?.support.all(text) ?? []),
    ...(stance?.oppose.all(text) ?? []),
    ...(stance?.restricting?.all(text) ?? []),
  ];
  const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
    a.start < b.end && a.end > b.start;
  return terms.some(
    (h) =>
      !acts.some((a) => overlaps(a, h)) &&
      !mentions.some((t) => t.start <= h.start && t.end >= h.end && t.end - t.start > h.end - h.start),
  );
}

/** "it", "them", or a head noun of the topic ("the cut" for "quota cut"). */
function refersBack(clause: string, topicId: string, compiled: CompiledWatchlist): boolean {
  // Not the clause's subject ("although it warned …" is the speaker).
  if (/\b(?:it|them)\b/i.test(clause.replace(/^\s*(?:it|they)\b/i, ''))) return true;
  // A head noun of the topic's phrases ("the cut", "existing fields" for "new fields").
  const nouns = compiled.topicNouns.get(topicId);
  return (clause.toLowerCase().match(/[a-z-]+/g) ?? []).some((w) => nouns?.has(singular(w)) ?? false);
}

/**
 * A borrowed sentence without its contrasting clauses that have a subject of their own ("Norway backed
 * the cut, but Denmark has blocked it"): blanked, so offsets still hold.
 */
function withoutOthers(text: string, actorId: string, compiled: CompiledWatchlist): string {
  const bounds = clauseBounds(text);
  let out = text;
  for (let i = 1; i < bounds.length; i++) {
    const [a, b] = bounds[i] ?? [0, 0];
    const clause = text.slice(a, b);
    if (!setAgainst(text.slice(bounds[i - 1]?.[1] ?? 0, a), clause)) continue;
    if (!opensWithOtherName(clause, actorId, compiled)) continue;
    out = out.slice(0, a) + ' '.repeat(b - a) + out.slice(b);
  }
  return out;
}

/**
 * "…would hit back after President Donald Trump signed orders imposing tariffs", "…licences for
 * exports, which Beijing has restricted since April": a clause whose subject is another name states
 * what that other party did; its words are not the holder's stance. ("until Russia pays", "once X
 * signs" are the holder's conditions and stay.)
 */
const OTHERS_CLAUSE =
  /(?:\b(?:after|before|since|because|following)|,\s*(?:which|that|whom))\s+((?:(?:President|Prime\s+Minister|Premier|Chancellor|Secretary|Minister|King)\s+)?(?:\p{Lu}[\p{L}.'’-]*\s+){1,4})(?:had\s+|has\s+|have\s+|would\s+|will\s+)?[\p{Ll}]+(?:ed|s)\b[^,;.]*/gu;

function withoutOthersActs(text: string, actorId: string, compiled: CompiledWatchlist): string {
  let out = text;
  for (const m of text.matchAll(OTHERS_CLAUSE)) {
    const name = m[1]?.trim() ?? '';
    if (compiled.actors.all(name).some((a) => a.id === actorId)) continue;
    out = out.slice(0, m.index) + ' '.repeat(m[0].length) + out.slice(m.index + m[0].length);
  }
  return out;
}

/**
 * "…, but Hungary has blocked them": a clause whose subject is a name that is not the holder's (watched
 * or not) states someone else's stance. "…, although Kent Walker, its president, said …" is the
 * holder's own side.
 */
function opensWithOtherName(clause: string, actorId: string, compiled: CompiledWatchlist): boolean {
  const m = /^\s*(?:the\s+)?((?:\p{Lu}[\p{L}.'’-]*\s*){1,4})/u.exec(clause);
  const name = m?.[1]?.trim();
  if (!name || /^(?:It|Its|They|Their|He|His|She|Her|We|Our|The|This|That|These|Those|I)$/.test(name))
    return false;
  if (compiled.actors.all(name).some((a) => a.id === actorId)) return false;
  return !/^,\s*(?:its|their|his|her)\b/i.test(clause.slice((m?.index ?? 0) + (m?.[0].length ?? 0)));
}

/** Verbs (besides speech cues) that make a named actor the holder of what follows. */
const EMBEDDED_VERBS = new Set([
  'sending',
  'signalling',
  'signaling',
  'offering',
  'pushing',
  'pressing',
  'seeking',
  'trying',
  'willing',
  'ready',
  'prepared',
  'open',
  'demanding',
  'insisting',
  'proposing',
  'planning',
  'preparing',
]);

/** A verb, or a phrasal verb with its particle ("pulled out of"), that the lexicon holds. */
function isAct(after: string, verb: string): boolean {
  if (ACT_FORMS.has(verb)) return true;
  const phrase = /^\s*([a-z]+)(?:\s+([a-z]+))?/.exec(after);
  return (
    ACT_FORMS.has(`${verb} ${phrase?.[1] ?? ''}`) ||
    ACT_FORMS.has(`${verb} ${phrase?.[1] ?? ''} ${phrase?.[2] ?? ''}`)
  );
}

const isCueVerb = (w: string) =>
  CUE_VERBS.has(w) ||
  EMBEDDED_VERBS.has(w) ||
  CUE_VERBS.has(w.replace(/ing$/, '')) ||
  CUE_VERBS.has(w.replace(/ing$/, 'e')) ||
  CUE_VERBS.has(w.replace(/ed$/, ''));

/** Auxiliaries and adverbs between a subject and its verb ("has long opposed", "will only extend"). */
const SUBJECT_TO_VERB =
  /^\s+(?:(?:is|are|was|were|has|have|had|would|will|may|might|could|should|must|also|now|reportedly|allegedly|still|again|already|long|repeatedly|consistently|firmly|strongly|publicly|privately|openly|only|always|never|not|quietly|formally|officially)\s+){0,3}([a-z]+)/u;

/** What may stand before a subject actor: "that", a title or role ("Russian leader", "President"). */
const SUBJECT_LEAD =
  /^(?:(?:that|and that|but|while)\b)?(?:\s*(?:\p{Lu}[\p{L}.'’-]*|leader|president|minister|foreign|prime|chancellor|secretary|spokes(?:man|woman|person)|envoy|chief|head|ambassador|general|deputy|senior|top|premier|king|crown|prince|defen[cs]e|interior|finance|trade|economy|energy))*$/u;

/**
 * A reported statement can carry another actor's position: "Zelensky said the U.S. is proposing to
 * finish the talks by June", "aides said Starmer has long opposed the deal". Returns that actor (a
 * watched actor that is the subject of the content's clause: at its start, after "that" or after an
 * opening phrase and comma, followed by a speech, intention or stance verb) and where its clause
 * starts. "British calls to change it" has no such subject.
 */
function embeddedActor(
  content: string,
  compiled: ReturnType<typeof compileWatchlist>,
): { actor: string; start: number } | null {
  // Only an actor named within the first 100 characters opens the content's clause.
  for (const hit of compiled.actors.all(content, { startsBefore: 101 })) {
    const before = content
      .slice(0, hit.start)
      .trim()
      .replace(/(?:^|\s)the$/i, '')
      .trim();
    // …, or after an aside closed by a comma or a dash ("last week — after talks in Abu Dhabi — the U.S. …").
    if (!SUBJECT_LEAD.test(before) && !/[,—–]$/.test(before)) continue;
    const after = content.slice(hit.end, hit.end + 80);
    if (/^['’]s\b/.test(after)) continue;
    const m = SUBJECT_TO_VERB.exec(after);
    const verb = m?.[1];
    // "the U.S. warning on chips": an -ing form straight after the name is a noun or a participle,
    // not the actor's verb ("the U.S. is warning …" is).
    if (verb?.endsWith('ing') && m && m[0].trim() === verb) continue;
    // "Google said the United States should adopt …": what another actor should do is the speaker's
    // own demand, not that actor's position relayed.
    if (m && /\b(?:should|must)\b/i.test(m[0])) return null;
    // "Beijing said Washington had never found evidence …": a speech or belief the speaker denies
    // the other actor is the speaker's own claim, not that actor's position.
    if (m && verb && /\b(?:never|not)\b/i.test(m[0]) && !isAct(after.slice(m[0].length), verb)) return null;
    if (m && verb && (isCueVerb(verb) || isAct(after.slice(m[0].length), verb)))
      return { actor: hit.id, start: hit.start };
  }
  return null;
}

/** Subjects that are the speaker's own side ("we", "his government"), not a third party. */
const OWN_SIDE =
  /^(?:that\s+)?(?:i|we|he|she|it|they|you|his|her|our|its|their|my|the\s+(?:government|ministry|administration|department|commission|council|board|company|firm|agency|bloc|group|union|office|party|country|nation|alliance|organi[sz]ation|cabinet|president|minister|chancellor|leader|state|kingdom|republic))\b/i;
/** A short subject (no clause words) followed by an intention or stance verb. */
const THIRD_PARTY_AIM =
  /^(?:that\s+)?((?:(?:the|some|many|several|other|most|a|an|few)\s+)?(?:[\p{L}-]+\s+){0,4}?)(?:(?:is|are|was|were|had|have|has|would|will|also|still)\s+){0,2}(wants?|wanted|wanting|seeks?|sought|seeking|aims?|aimed|aiming|intends?|intended|plans?|planned|planning|hopes?|hoped|pushe[sd]|pushing|push|press(?:es|ed|ing)?|demand(?:s|ed|ing)?|call(?:s|ed|ing)? for|urge[sd]?|urging|oppose[sd]?|opposing|reject(?:s|ed|ing)?|support(?:s|ed|ing)?|back(?:s|ed|ing)?)\b/iu;

const DETERMINER_ONLY = /^(?:the|a|an)$/i;

/** "The main objective is …", "Its goal remains …": an aim described in the third person. */
const TERMS_SET =
  /^\W*(?:that\s+)?\S+\s+(?:\S+\s+){0,2}(?:is|was|are|were|remains|remained)\s+\W*(?:predicated|conditional|contingent|dependent|conditioned)\W*\s+(?:on|upon)\b/i;
const DESCRIBED_AIM =
  /^(?:that\s+)?(?:the|its|their|his|her)\s+(?:(?:main|key|ultimate|real|chief|primary|true|long-term|stated)\s+)?(?:objective|goal|aim|purpose|intention|strategy)s?\s+(?:is|was|are|were|remains|remained|has\s+been)\b/i;

/**
 * "Hoekstra said some governments wanted to revisit the ban": the speaker describes what a third
 * party wants, which is not the speaker's own stance (a watched third party is handled as relayed).
 */
function describesOthers(content: string, compiled: CompiledWatchlist): boolean {
  // "The main objective is to restore relations …, it said": an aim described, not the speaker's own
  // (which would say "our").
  // (Not one whose terms the speaker sets: "the intention was predicated on reforms".)
  if (DESCRIBED_AIM.test(content.trim()) && !TERMS_SET.test(content)) return true;
  const m = THIRD_PARTY_AIM.exec(content.trim());
  const subject = m?.[1]?.trim() ?? '';
  // "the plan was a mistake": a determiner alone is no subject ("plan" is the noun, not the verb).
  if (!m || subject === '' || DETERMINER_ONLY.test(subject) || OWN_SIDE.test(subject)) return false;
  // "to fight the plan to build …": after a determiner, "plan" (or "push", "bid") is a noun.
  if (/\b(?:the|a|an|this|that|its|their|his|her|our|any)$/i.test(subject)) return false;
  // A watched actor as subject is relayed (embeddedActor), not dropped.
  return (
    compiled.actors.all(subject).length === 0 && !/\b(?:that|which|who|if|when|because)\b/i.test(subject)
  );
}

/**
 * An actor that speaks of a topic in an article without one stance word we can read: its firmest such
 * statement, read as support at `GUESSED_CONFIDENCE`. Reported as "neutral" it would show up as a
 * change to or from "no clear stance" that nobody stated; left out, the actor's word on the topic
 * would be lost. (On cases nobody had read, about two such guesses in three matched the annotators.)
 * A headline alone is too thin to guess from.
 */
function guessed(group: Position[]): { from: Position; position: Position } | null {
  const spoken = group.filter((p) => p.via !== 'headline');
  const from = spoken.reduce<Position | null>((a, b) => (!a || b.confidence > a.confidence ? b : a), null);
  if (!from) return null;
  const confidence = Math.min(from.confidence, GUESSED_CONFIDENCE);
  return { from, position: { ...from, polarity: 'supports', confidence, via: `${from.via}${GUESSED_VIA}` } };
}

/**
 * One article states one stance per actor and topic: a minority stance gives way to the majority,
 * each statement weighing its confidence (on a tie, all are kept: compare marks the side mixed). A
 * pair with no stance we can read keeps one guessed position (`guessed`).
 */
function consolidate(positions: Position[], undecided: WeakSet<Position>): Position[] {
  const groups = new Map<string, Position[]>();
  for (const p of positions)
    groups.set(`${p.actor}|${p.topic}`, [...(groups.get(`${p.actor}|${p.topic}`) ?? []), p]);
  // What each kept statement is reported as (itself, or its guessed reading).
  const keep = new Map<Position, Position>();
  for (const group of groups.values()) {
    const stanced = group.filter((p) => p.polarity !== 'neutral' || undecided.has(p));
    if (stanced.length === 0) {
      const guess = guessed(group);
      if (guess) keep.set(guess.from, guess.position);
      continue;
    }
    // Each statement weighs its confidence: a headline's gloss gives way to the quote it summarises.
    const weights = new Map<string, number>();
    for (const p of stanced) weights.set(p.polarity, (weights.get(p.polarity) ?? 0) + p.confidence);
    // "For, on terms" agrees with "for": a plain statement of support backs the conditional one.
    if (weights.has('conditional'))
      weights.set('conditional', (weights.get('conditional') ?? 0) + (weights.get('supports') ?? 0));
    const max = Math.max(...weights.values());
    for (const p of stanced) if ((weights.get(p.polarity) ?? 0) >= max - 1e-9) keep.set(p, p);
  }
  return positions.flatMap((p) => keep.get(p) ?? []);
}

/**
 * A source that names someone by a proper name ("Ostmark's port authority"), not a pronoun or a
 * description ("the platform") that may still stand for the watched speaker before it.
 */
const namesSomeoneElse = (source: string) =>
  /(?:^|\s)(?!(?:The|A|An|This|These|Its|Their|His|Her)\b)\p{Lu}/u.test(source.trim());

/** Pronouns that stand for the last speaker. */
const PRONOUN = /^(?:he|she|they|it|we|his|her|its|their|our)$/i;
/** A speaker named only by a role or a body ("a spokesperson", "the ministry", "officials"). */
const UNNAMED =
  /^(?:(?:a|an|the|its|their|his|her)\s+)?(?:(?:senior|top|chief|deputy|government|ministry|foreign|press|official|unnamed)\s+)*(?:spokes(?:person|man|woman)|officials?|ministry|ministries|department|agency|government|administration|office|commission|regulator|authorities|secretariat|group|organi[sz]ation|bloc|cartel|delegation|negotiators?|envoy|minister|secretary|company|firm)$/i;
/** How far back (characters) a pronoun or an unnamed role looks for whom it stands for. */
const PRONOUN_REACH = 900;
const ROLE_REACH = 400;

/**
 * The actor an unresolved source stands for: a pronoun continues the last speaker ("…, he said"); an
 * unnamed role or body belongs to the watched actor named just before it ("In a statement the
 * ministry … a spokesperson said"). Null when nothing near enough names one.
 */
function actorByReference(
  body: string,
  source: Span,
  sentenceStart: number,
  content: Span | null,
  last: { actor: string | null; at: number } | null,
  compiled: CompiledWatchlist,
): string | null {
  const text = source.text.trim();
  const pronoun = PRONOUN.test(text);
  if (!pronoun && !UNNAMED.test(text)) return null;
  // "The board played down the letter. A spokesperson said …": a role belongs to the actor its
  // paragraph named since the last speaker spoke.
  const named = pronoun ? null : actorNamedInParagraph(body, sentenceStart, last?.at ?? 0, compiled);
  if (named) return named;
  // "Acme will widen its network …, the company said": a role signing off a statement stands for the
  // watched actor the statement opens with.
  const opening =
    pronoun || !content || content.end > source.start ? null : actorOpening(content.text, compiled);
  if (opening) return opening;
  // The last speaker first: "the Ministry of Commerce said … A ministry spokesperson said …".
  const near = last !== null && source.start - last.at <= (pronoun ? PRONOUN_REACH : ROLE_REACH);
  if (near && last.actor) return last.actor;
  // With no speaker before it, a pronoun stands for the actor its own sentence opened with ("The UK
  // government has stepped back from its plan, saying …"); so it does after a speaker who is no
  // watched actor ("Eastport chairs the harbour group, which had made clear it would not …").
  if (near && !pronoun) return null;
  return pronoun
    ? actorOpeningSentence(body, source.start, compiled)
    : actorNamedBefore(body, source.start, compiled);
}

/**
 * "Eastport chairs the harbour group, which had made clear …": a group that a watched actor leads
 * or belongs to speaks for it when the group itself is not watched. `at` is where the relative
 * pronoun stands in the sentence.
 */
const LEADS_GROUP =
  /^\W*(.{2,60}?)\s+(?:leads|led|chairs|chaired|heads|headed|belongs\s+to|belonged\s+to|is\s+(?:part|a\s+member)\s+of|was\s+(?:part|a\s+member)\s+of|speaks\s+for|represents)\s+[^,.;]{2,60},\s*(?:which|who|that)\s*$/i;

function groupLeader(sentence: string, at: number, compiled: CompiledWatchlist): string | null {
  const m = LEADS_GROUP.exec(sentence.slice(0, at + 5).replace(/\s*$/, ''));
  if (!m?.[1]) return null;
  const hit = compiled.actors.all(m[1], { max: 1 })[0];
  return hit && !otherParty(m[1], hit) ? hit.id : null;
}

/** The watched actor a statement opens with as its subject ("Acme will widen …"). */
function actorOpening(content: string, compiled: CompiledWatchlist): string | null {
  const first = compiled.actors.all(content.slice(0, 30), { max: 1 })[0];
  if (!first || /\S/.test(content.slice(0, first.start).replace(/^\W*(?:that\s+)?(?:the\s+)?/i, '')))
    return null;
  return otherParty(content, first) ? null : first.id;
}

/** The watched actor named first in the sentence that `at` is in, before `at`. */
function actorOpeningSentence(body: string, at: number, compiled: CompiledWatchlist): string | null {
  const window = body.slice(Math.max(0, at - ROLE_REACH), at);
  const start = Math.max(window.lastIndexOf('. '), window.lastIndexOf('\n')) + 1;
  const opening = window.slice(start);
  const first = compiled.actors.all(opening, { max: 1 })[0];
  // "America's allies …, saying they …": the sentence opened with other parties than the actor.
  return first && !otherParty(opening, first) ? first.id : null;
}

/**
 * The watched actor that is the subject of the sentence just before `sentenceStart` in its paragraph,
 * when that sentence comes after the last speaker (`after`); not one set beside other parties
 * ("America's allies").
 */
function actorNamedInParagraph(
  body: string,
  sentenceStart: number,
  after: number,
  compiled: CompiledWatchlist,
): string | null {
  const from = Math.max(after, body.lastIndexOf('\n\n', sentenceStart) + 1, sentenceStart - ROLE_REACH);
  const window = body.slice(from, sentenceStart).trimEnd();
  const opening = window.slice(Math.max(window.lastIndexOf('. '), window.lastIndexOf('\n')) + 1);
  if (from + (window.length - opening.length) < after) return null;
  // The subject: a name among the sentence's first words ("The board played down …").
  const first = compiled.actors.all(opening.slice(0, 40), { max: 1 })[0];
  return first && !otherParty(opening, first) ? first.id : null;
}

/** The watched actor named last before `at` in the same paragraph, within reach. */
function actorNamedBefore(body: string, at: number, compiled: CompiledWatchlist): string | null {
  const window = body.slice(Math.max(0, at - ROLE_REACH), at);
  const paragraph = window.lastIndexOf('\n\n');
  const hits = compiled.actors.all(paragraph >= 0 ? window.slice(paragraph) : window);
  return hits[hits.length - 1]?.id ?? null;
}

interface Holder {
  actor: string;
  text: string;
  reported: Position['reported'];
  speaker: string;
  role: string | null;
  relayer: string | null;
  /** The pass that found the statement (an attribution pass id, "deed", "headline", "intent", "narration"). */
  via: string;
  /** The speaker is named (not a pronoun or a role resolved to an actor nearby). */
  named: boolean;
}

/** Topic mentions of a statement, and whether they were found by reference ("the accord"). */
interface Aboutness {
  hits: Array<{ id: string; start: number; end: number }>;
  byReference: boolean;
}

/** A definite reference: "the accord", "this levy", "the EU levy", "the new mechanism". */
const DEFINITE =
  /\b(?:the|this|these|its|their|such|any|an?)\s+(?:(?:[A-Z][\w.]*|new|proposed|planned|current|existing|same|final|global|binding|possible|further)\s+)?([a-z-]+)\b/g;

const lastWord = (phrase: string) => phrase.toLowerCase().split(/\s+/).pop() ?? '';

/** How far back (characters) a definite reference looks for the mention it repeats. */
const REFERENCE_REACH = 600;

/**
 * The topic a definite reference stands for: "the accord" after "the Paris accord" was named shortly
 * before. The reference must repeat the head noun of that earlier mention, so "the plan" cannot stand
 * for a topic that was named as something else.
 */
function topicByReference(
  scope: string,
  body: string,
  at: number,
  c: Collector,
): { id: string; start: number; end: number } | null {
  const references = [...scope.matchAll(DEFINITE)];
  // The body's topic mentions are found once per article; each reference only filters them, so a
  // long article stays linear.
  const before = bodyTopics(c).filter((h) => h.end <= at);
  const recent = before.filter((h) => h.start >= at - REFERENCE_REACH);
  // With no definite reference or object pronoun, only a topic's own act can refer back.
  if (references.length === 0 && !OBJECT_PRONOUN.test(scope)) return actReference(scope, recent, c);
  const introduced = appositiveHeads(c);
  for (const m of references) {
    const noun = singular((m[1] ?? '').toLowerCase());
    // "SB 1047, the state's bill on …" introduced "the bill" for that topic earlier in the article.
    const named = introduced.find((x) => x.noun === noun && x.at < at);
    if (named) return { id: named.id, start: m.index, end: m.index + m[0].length };
    const topics = c.compiled.topicHeads.get(noun);
    if (!topics) continue;
    // The head repeats a recent mention ("the accord" after "the Paris accord"); or it belongs to one
    // topic only and that topic was named earlier in the article; or, shared by several topics ("the
    // rule"), it takes the one of them named most recently.
    const repeated = recent.filter((h) => singular(lastWord(body.slice(h.start, h.end))) === noun);
    const only = (topics.size === 1 ? before : recent).filter((h) => topics.has(h.id));
    // A head of one topic only may also repeat the headline ("… to offshore pens" above "the
    // centres would be fully used").
    const titled = topics.size === 1 ? titleTopics(c).find((h) => topics.has(h.id)) : undefined;
    const hit = repeated[repeated.length - 1] ?? only[only.length - 1] ?? titled;
    if (hit) return { id: hit.id, start: m.index, end: m.index + m[0].length };
  }
  return (
    eventReference(scope, recent) ?? pronounReference(scope, before, at) ?? actReference(scope, recent, c)
  );
}

/**
 * "Acme said it would appeal", after the fines were named: a topic's own act from its description
 * (one no generic lexicon holds) stands for the one topic of that act named shortly before.
 */
function actReference(
  scope: string,
  recent: PhraseHit[],
  c: Collector,
): { id: string; start: number; end: number } | null {
  const named = new Set(recent.map((h) => h.id));
  const found: Array<{ id: string; start: number; end: number }> = [];
  for (const id of named) {
    const stance = c.compiled.topicStance.get(id);
    if (!stance) continue;
    for (const h of [...stance.support.all(scope), ...stance.oppose.all(scope)]) {
      const word = scope.slice(h.start, h.end).toLowerCase();
      if (!ACT_FORMS.has(word) && /^[a-z]+$/.test(word) && word.length >= 5)
        found.push({ id, start: h.start, end: h.end });
    }
  }
  const ids = new Set(found.map((f) => f.id));
  return ids.size === 1 ? (found[0] ?? null) : null;
}

/** "to ratify it", "rejects them", "against them": a pronoun as the object of an act (any form) or a preposition. */
const OBJECT_PRONOUN = new RegExp(
  String.raw`\b(?:to|on|for|against|of|with|${[
    'support',
    'back',
    'reject',
    'oppose',
    'endorse',
    'ratify',
    'sign',
    'implement',
    'apply',
    'adopt',
    'defend',
    'scrap',
    'lift',
    'extend',
    'keep',
    'call',
    'accept',
    'welcome',
    'approve',
    'use',
    'block',
    'veto',
    'drop',
    'abandon',
    'join',
    'leave',
    'enforce',
  ]
    .flatMap(inflect)
    .join('|')})\s+(it|them)\b`,
  'i',
);

/** How far back (characters) an object pronoun looks for the topic it stands for. */
const OBJECT_PRONOUN_REACH = 250;

/**
 * "The board adopted the harbour charter. The mayor called on all towns to apply it.": an object
 * pronoun stands for the topic named just before, when every mention in that stretch is of one topic.
 * Not a pronoun opening the statement ("it would …"), which is its subject, mostly the speaker.
 */
function pronounReference(
  scope: string,
  before: PhraseHit[],
  at: number,
): { id: string; start: number; end: number } | null {
  const near = before.filter((h) => h.start >= at - OBJECT_PRONOUN_REACH);
  const ids = new Set(near.map((h) => h.id));
  const [only] = [...ids];
  if (ids.size !== 1 || !only) return null;
  const m = OBJECT_PRONOUN.exec(scope);
  return m
    ? { id: only, start: m.index + m[0].length - (m[1]?.length ?? 0), end: m.index + m[0].length }
    : null;
}

/** Nouns that name an act or a decision on something named before: "welcomed the vote". */
const EVENT_NOUNS = new Set([
  'vote',
  'decision',
  'move',
  'announcement',
  'measure',
  'step',
  'law',
  'bill',
  'proposal',
  'legislation',
  'ruling',
  'package',
  'intention',
  'pledge',
  'promise',
  'offer',
  // what a vote, a court or a negotiation came to ("welcomed the outcome")
  'outcome',
  'result',
  'verdict',
  'judgment',
  'judgement',
]);

/**
 * "The chamber adopted the Harbour Act. The mayor welcomed the vote.": a generic event noun stands for
 * the topic of the mentions just before it, when they are all of one topic.
 */
function eventReference(
  scope: string,
  recent: PhraseHit[],
): { id: string; start: number; end: number } | null {
  const ids = new Set(recent.map((h) => h.id));
  const [only] = [...ids];
  if (ids.size !== 1 || !only) return null;
  for (const m of scope.matchAll(DEFINITE)) {
    // "such decisions" speaks of decisions of a kind, not of the one just reported.
    if (/^such\b/i.test(m[0])) continue;
    if (EVENT_NOUNS.has(singular((m[1] ?? '').toLowerCase())))
      return { id: only, start: m.index, end: m.index + m[0].length };
  }
  return null;
}

/** "SB 1047, the state's bill on safety testing": the head of an appositive naming a topic mention. */
const APPOSITIVE =
  /^,\s+(?:the|a|an)\s+((?:[\p{L}'’-]+\s+){0,4}?)([\p{Ll}-]+)(?=\s+(?:on|for|of|to|that|which|in|from|with)\b|\s*[,.;])/u;

/** Nouns the article itself introduces for a topic in an appositive, with where they were introduced. */
function appositiveHeads(c: Collector): Array<{ noun: string; id: string; at: number }> {
  c.appositives ??= bodyTopics(c).flatMap((h) => {
    const m = APPOSITIVE.exec(c.article.body.slice(h.end, h.end + 120));
    const noun = m?.[2];
    return noun && noun.length >= 3 ? [{ noun: singular(noun.toLowerCase()), id: h.id, at: h.end }] : [];
  });
  return c.appositives;
}

/** Every topic mention in the article body, found on first use. */
function bodyTopics(c: Collector): PhraseHit[] {
  c.bodyTopics ??= c.compiled.topics.all(c.article.body);
  return c.bodyTopics;
}

function titleTopics(c: Collector): PhraseHit[] {
  c.titleTopics ??= c.article.title ? c.compiled.topics.all(c.article.title) : [];
  return c.titleTopics;
}

function aboutness(scope: string, at: number | null, c: Collector): Aboutness {
  const hits = [...c.compiled.topics.all(scope), ...c.compiled.stanceTopics.all(scope)];
  if (hits.length > 0 || at === null) return { hits, byReference: false };
  const ref = topicByReference(scope, c.article.body, at, c);
  return ref ? { hits: [ref], byReference: true } : { hits: [], byReference: false };
}

/** Time words that place a statement well before the article ("a year ago", "last year"). */
const RECALLED =
  /\b(?:(?:a|one|two|three|several|many)\s+years?\s+ago|(?:several|many)\s+months\s+ago|last\s+year)\b/i;

/**
 * Whether the article recalls the statement from an earlier time rather than reporting it new: "A year
 * ago he argued …", "In 2019 she said …" in a 2025 article. Recent past ("earlier this month") is news.
 */
function recalled(sentence: string, published: string | null): boolean {
  if (RECALLED.test(sentence)) return true;
  const year = Number((published ?? '').slice(0, 4));
  if (!year) return false;
  const month = Number((published ?? '').slice(5, 7));
  // "In January Altman said …" in an August article: a month at least two before the article's own.
  const earlierMonth =
    month > 0 &&
    [...sentence.matchAll(MONTH_BEFORE)].some((m) => {
      const at = MONTHS.indexOf((m[1] ?? '').toLowerCase()) + 1;
      return at > 0 && at <= month - 2;
    });
  return (
    earlierMonth ||
    [...sentence.matchAll(/\b(?:in|since|back in)\s+((?:19|20)\d\d)\b(?!\s*[-–]\s*\d)/gi)].some(
      (m) => Number(m[1]) < year,
    )
  );
}

/**
 * The part of a sentence that can date its statement: up to a little way into what was said or done.
 * "released two models, its first since GPT-2 in 2019" is not recalled from 2019.
 */
function leadOf(sentence: string, scope: string): string {
  const at = sentence.indexOf(scope.trim().slice(0, 30));
  return at >= 0 ? sentence.slice(0, at + 40) : sentence;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
/** "in January", "back in March": a month without a year (with one, the year decides). */
const MONTH_BEFORE = new RegExp(
  String.raw`\b(?:in|since|back in)\s+(${MONTHS.join('|')})\b(?!\s+(?:\d{1,2}\s*,\s*)?(?:19|20)\d\d)`,
  'gi',
);

/** Base confidence by how a statement reached the article. */
const REPORTED_CONFIDENCE: Record<Position['reported'], number> = {
  direct: 0.85,
  indirect: 0.7,
  relayed: 0.6,
  alleged: 0.4,
};

/**
 * 0–1: a named speaker's direct quote with an explicit stance word ranks highest; reported speech,
 * relayed and alleged positions, deeds and headlines less; a speaker or topic found only by
 * reference, or a stance read from the whole statement rather than its clause, less again.
 */
export function confidenceOf(h: Holder, stance: Stance, byReference: boolean, earlier = false): number {
  // A deed is seen; an intent named as a noun ("the board's proposal to …") is the writer's gloss.
  let c = h.via === 'deed' ? 0.6 : h.via === 'intent' ? 0.55 : REPORTED_CONFIDENCE[h.reported];
  if (h.via === 'narration') c = Math.min(c, GUESSED_CONFIDENCE);
  if (h.via === 'headline') c = Math.min(c, 0.5);
  if (!h.named) c -= 0.1;
  if (stance.fromWhole) c -= 0.15;
  if (byReference) c -= 0.15;
  // "A year ago he argued …": a stance recalled from before the article's date is not its news.
  if (earlier) c -= 0.3;
  return Math.round(Math.max(0.1, Math.min(0.95, c)) * 100) / 100;
}

const PRONOUN_OR_ROLE = (name: string) => PRONOUN.test(name.trim()) || UNNAMED.test(name.trim());

/** A source that is a set of figures ("ministry estimates", "official data"), not a speaker. */
const DATA_SOURCE =
  /\b(?:estimates?|figures|data|statistics|projections?|forecasts?|calculations|tallies|tally|polls?|surveys?|census|records|filings)\s*$/i;

/**
 * Who holds the positions of one attribution: the speaker, and a watched actor the speaker relays
 * ("Zelensky said the U.S. is proposing …": the proposal is the U.S.'s, relayed by Zelensky).
 */
function holdersOf(
  a: FoundAttribution,
  actor: string | null,
  compiled: CompiledWatchlist,
  via: string,
): Holder[] {
  const holders: Holder[] = [];
  // "according to ministry estimates": figures are evidence of a fact, not anyone's stance.
  if (a.source && DATA_SOURCE.test(a.source.text)) return holders;
  const inner = embeddedActor(a.content.text, compiled);
  const speaker = a.speaker?.name ?? a.source?.text ?? actor ?? '';
  if (actor && (!inner || inner.actor === actor) && !describesOthers(a.content.text, compiled)) {
    holders.push({
      actor,
      text: a.content.text,
      reported: a.reported,
      speaker,
      role: a.speaker?.role ?? null,
      relayer: null,
      via,
      named: !PRONOUN_OR_ROLE(speaker),
    });
  }
  if (inner && inner.actor !== actor) {
    // Second-hand: what the speaker says another actor wants is relayed, or alleged when the report
    // rests on unnamed sources.
    holders.push({
      actor: inner.actor,
      text: a.content.text.slice(inner.start),
      reported: a.reported === 'alleged' ? 'alleged' : 'relayed',
      speaker: compiled.actorName.get(inner.actor) ?? inner.actor,
      role: null,
      relayer: speaker || 'the article',
      via,
      named: true,
    });
  }
  return holders;
}

interface Collector {
  article: ParsedArticle;
  compiled: CompiledWatchlist;
  positions: Position[];
  /** Positions that declare no stance yet ("no preferred option"): kept, unlike a bare mention. */
  undecided: WeakSet<Position>;
  seen: Set<string>;
  bodyTopics?: PhraseHit[];
  titleTopics?: PhraseHit[];
  appositives?: Array<{ noun: string; id: string; at: number }>;
  /** Statements that named no topic: the article's one topic may be what they speak of. */
  unplaced: Array<{ h: Holder; scope: string; cue: string | null; sentence: Span }>;
}

/** Prepositions that make an actor the object of a phrase ("sanctions on Russia", "pressure from Kyiv"). */
const OBJECT_LINK = /\b(?:on|against|from|with|by|of|for|to|at|over|about|toward|towards|into|upon)\b/i;

/**
 * Whether the act that governs a topic mention has another watched actor as its subject: "Russia
 * continues expanding its territory" said by a Polish aide is Russia's act, not Poland's stance. The
 * subject is the last watched actor before the verb, with no comma, clause end or preposition
 * between (a dashed aside may stand between: "this country — Russia — to continue expanding").
 */
function actedOnByOther(
  scope: string,
  mention: { start: number },
  holder: string,
  compiled: CompiledWatchlist,
): boolean {
  const from = Math.max(0, mention.start - 90);
  const before = scope.slice(from, mention.start);
  const clauseStart =
    Math.max(before.lastIndexOf('. '), before.lastIndexOf(';'), before.lastIndexOf('? ')) + 1;
  const clause = before.slice(clauseStart);
  const verb = [...clause.matchAll(/[a-z]+/g)].filter((m) => ACT_FORMS.has(m[0])).pop();
  if (!verb) return false;
  const actor = compiled.actors.all(clause.slice(0, verb.index)).pop();
  if (!actor || actor.id === holder) return false;
  const gap = clause.slice(actor.end, verb.index);
  // "X said Iceland should accept …": a demand on another actor, the speaker's own stance.
  if (/\b(?:should|must)\b/i.test(gap)) return false;
  // "Nvidia would be allowed to sell …": a passive; the named actor is acted on, not acting.
  if (/\b(?:be|been|being|is|are|was|were)\s+$/.test(gap) && /(?:ed|en)$/.test(verb[0])) return false;
  return (
    gap.length <= 45 &&
    !/[,.;:]/.test(gap.replace(/[—–]/g, '')) &&
    !OBJECT_LINK.test(gap.replace(/\bto\s+\w+\s*$/, ''))
  );
}

/**
 * Whether a lower-case mention is followed (after "of"/"for", or as its object) by a capitalised
 * mention of another topic: "the sale of Northline", "spin off Northline".
 */
function introducesOther(scope: string, m: PhraseHit, hits: PhraseHit[]): boolean {
  if (/\p{Lu}/u.test(scope.slice(m.start, m.end))) return false;
  return hits.some(
    (o) =>
      o.id !== m.id &&
      o.start > m.end &&
      /^\p{Lu}/u.test(scope.slice(o.start, o.end)) &&
      /^\s+(?:(?:of|for)\s+)?(?:the\s+|its\s+)?$/i.test(scope.slice(m.end, o.start)),
  );
}

/** Whether a topic mention is also a name of the holder itself ("WHO" said by the WHO). */
function namesHolder(scope: string, m: PhraseHit, actor: string, compiled: CompiledWatchlist): boolean {
  const words = scope.slice(m.start, m.end);
  return compiled.actors.all(words).some((a) => a.id === actor && a.start === 0 && a.end === words.length);
}

/** One position per topic the statement touches (named, by its stance wording, or by reference). */
function addPositions(
  c: Collector,
  h: Holder,
  scope: string,
  cue: string | null,
  sentence: Span,
  at: number | null,
): void {
  const { hits, byReference } = aboutness(scope, at, c);
  for (const topic of new Set(hits.map((x) => x.id))) {
    const key = `${h.actor}|${topic}|${sentence.start}`;
    const undecided = UNDECIDED_STANCE.test(h.text);
    // One position per actor, topic and sentence; a declared lack of stance ("…, saying it no longer
    // has a preferred option") is the sentence's last word and replaces what came before it.
    if (c.seen.has(key) && !undecided) continue;
    if (undecided)
      c.positions = c.positions.filter((p) => `${p.actor}|${p.topic}|${p.evidence.start}` !== key);
    // "… this country — Russia — continues expanding its territory": the act is another actor's.
    const mentions = hits.filter((x) => x.id === topic);
    if (mentions.every((m) => actedOnByOther(scope, m, h.actor, c.compiled))) continue;
    // "the sale of Northline": a general mention that only introduces another topic's named
    // one ("of Northline") is that topic's.
    if (mentions.every((m) => introducesOther(scope, m, hits))) continue;
    // "the WHO was working with countries …", said by the WHO: an actor naming itself is not speaking
    // of a topic that has its name among its phrases (membership of the WHO).
    if (mentions.every((m) => namesHolder(scope, m, h.actor, c.compiled))) continue;
    c.seen.add(key);
    // A statement that itself declares no stance ("saying it has no preferred option") is about the
    // topic its sentence names.
    const stance: Stance = undecided
      ? { polarity: 'neutral', fromWhole: false, undecided: true }
      : stanceOn(
          scope,
          hits.filter((x) => x.id === topic),
          cue,
          topic,
          h.actor,
          sentence.text,
          c.compiled,
        );
    const position = holderPosition(
      h,
      topic,
      stance.polarity,
      sentence,
      confidenceOf(h, stance, byReference, recalled(leadOf(sentence.text, scope), c.article.published)),
    );
    if (stance.undecided) c.undecided.add(position);
    c.positions.push(position);
  }
}

/**
 * The attribution's sentence with its source blanked out: "Nvidia, the largest maker of AI chips,
 * attacked the rule" is about the rule, not about chips.
 */
function withoutSource(a: FoundAttribution): string {
  const text = a.sentence.text;
  const src = a.source;
  if (!src || src.start < a.sentence.start || src.end > a.sentence.end) return text;
  // The source and an appositive after it, up to the cue ("Nvidia, the largest maker of AI chips,");
  // not the words between a source and its cue that bear on the stance ("it would not accept").
  const appositive = a.cue && a.cue.start >= src.end && a.cue.start <= a.sentence.end;
  const gap =
    appositive && a.cue
      ? a.sentence.text.slice(src.end - a.sentence.start, a.cue.start - a.sentence.start)
      : '';
  const cueAfter = a.cue && appositive && /^\s*,/.test(gap) ? a.cue.start : src.end;
  const from = src.start - a.sentence.start;
  const to = cueAfter - a.sentence.start;
  return text.slice(0, from) + ' '.repeat(to - from) + text.slice(to);
}

/**
 * A borrowed sentence without what the main statement says when this one is an aside in its subject:
 * in "Faeser, who backed the pact, said border checks were a mistake", the short "the pact" may
 * borrow "Faeser, who backed", not the border checks that the main statement is about. (A statement
 * set against another by "although" keeps it: that is its counterweight, for the hedge.)
 */
function withoutOtherStatements(
  text: string,
  a: FoundAttribution,
  headline: boolean,
  found: ReadonlyArray<{ a: FoundAttribution; headline: boolean }>,
): string {
  let out = text;
  const at = a.sentence.start;
  for (const { a: o, headline: h } of found) {
    if (o === a || h !== headline || o.sentence.start !== at || o.sentence.end !== a.sentence.end) continue;
    const inAside =
      o.source && o.cue && a.cue && o.source.start < a.cue.start && a.content.end <= o.cue.start;
    if (!inAside) continue;
    const { start, end } = o.content;
    if (start < a.content.end && end > a.content.start) continue;
    if (start < at || end > a.sentence.end) continue;
    out = out.slice(0, start - at) + ' '.repeat(end - start) + out.slice(end - at);
  }
  return out;
}

/** The last speaker who was resolved: their actor, where their source ended, and how they were named. */
interface LastSpeaker {
  actor: string | null;
  at: number;
  name: string;
}

/** Attributions (headline and body) with their speakers resolved; their positions go to `c`. */
function statementPositions(
  c: Collector,
  found: Array<{ a: FoundAttribution; headline: boolean }>,
): Attribution[] {
  const { article, compiled } = c;
  const headlineMap = article.headline ? shiftBy(article.headline.start) : null;
  const attributions: Attribution[] = [];
  let last: LastSpeaker | null = null;
  for (const { a, headline } of found) {
    // (Read through a cast: the loop assigns `last` below, which the compiler would otherwise narrow away.)
    const prev = last as LastSpeaker | null;
    const map = headline && headlineMap ? headlineMap : (s: Span) => toFile(article, s);
    // "Pell responded that … 'We cannot …,' he wrote": a one-word name that just spoke is the person
    // "he" or "she" stands for, though the name tracker (which knows people by full names) skips it.
    const lone: string | null =
      !headline &&
      a.source &&
      prev?.actor &&
      /^(?:he|she)$/i.test(a.source.text.trim()) &&
      /^\p{Lu}[\p{L}'’-]+$/u.test(prev.name) &&
      a.source.start - prev.at <= PRONOUN_REACH
        ? prev.actor
        : null;
    const actor: string | null =
      lone ??
      resolveActor(a.speaker, a.source?.text ?? null, compiled) ??
      (!headline && a.source
        ? (actorByReference(article.body, a.source, a.sentence.start, a.content, last, compiled) ??
          groupLeader(a.sentence.text, a.source.start - a.sentence.start, compiled))
        : null);
    // A speaker who is no watched actor ("Ostmark's port authority said …") is the one a
    // later "it said" stands for, too: the watched speaker before them is out of reach.
    if (!headline && a.source && (actor || namesSomeoneElse(a.source.text)))
      last = {
        actor,
        at: a.source.end,
        // A pronoun keeps the name it stood for, for the next pronoun.
        name: PRONOUN.test(a.source.text.trim()) && prev?.actor === actor ? prev.name : a.source.text.trim(),
      };
    const content = map(a.content);
    if (!content) continue;
    const sentence = map(a.sentence) ?? content;
    const { via: _via, ...plain } = a as FoundAttribution & { via?: string };
    attributions.push({
      ...plain,
      source: a.source ? map(a.source) : null,
      cue: a.cue ? map(a.cue) : null,
      content,
      sentence,
      speaker: a.speaker ? { ...a.speaker, actor } : null,
    });
    const via = headline ? 'headline' : String((a as { via?: string }).via ?? a.kind);
    // Each other actor of a coordinated source ("Canada and Mexico said") holds it as its own speaker.
    const holders = [
      ...holdersOf(a, actor, compiled, via),
      ...coordinated(a.source?.text ?? '', actor, compiled).flatMap(({ id, name }) =>
        holdersOf(a, id, compiled, via).map((h) => (h.actor === id ? { ...h, speaker: name } : h)),
      ),
    ];
    for (const h of holders) {
      // A short statement borrows its sentence's words to find its topics.
      // So does one that declares no stance yet ("…, saying it no longer has a preferred option").
      const borrowed = h.text.split(/\s+/).length < 8 || UNDECIDED_STANCE.test(h.text);
      const scope = withoutOthersActs(
        borrowed
          ? withoutOthers(withoutOtherStatements(withoutSource(a), a, headline, found), h.actor, compiled)
          : h.text,
        h.actor,
        compiled,
      );
      // A borrowed sentence holds the cue word itself; it must not count twice.
      const cue = h.actor === actor && !borrowed ? (a.cue?.text ?? null) : null;
      const before = c.positions.length;
      addPositions(c, h, scope, cue, sentence, headline ? null : a.content.start);
      if (!headline && c.positions.length === before) c.unplaced.push({ h, scope, cue, sentence });
    }
  }
  return attributions;
}

/**
 * "Canada and Mexico said …", "Britain, France and Germany warned …": every watched actor of a
 * coordinated source holds the statement, not only the one the speaker resolved to.
 */
function coordinated(
  source: string,
  actor: string | null,
  compiled: CompiledWatchlist,
): Array<{ id: string; name: string }> {
  const parts = source.split(/\s*,\s*(?:and\s+)?|\s+and\s+/).map((p) => p.trim());
  if (parts.length < 2 || parts.some((p) => p.split(/\s+/).length > 4)) return [];
  // Every member a name ("Valdor, Kestria and Ostmark"); those not watched are left out.
  if (parts.some((p) => !/^\p{Lu}/u.test(p))) return [];
  const named = parts.map((name) => ({ id: resolveActor(null, name, compiled), name }));
  const others = named.filter((n): n is { id: string; name: string } => n.id !== null && n.id !== actor);
  return others.filter((n, i) => others.findIndex((o) => o.id === n.id) === i);
}

/** Deeds outside what anyone is quoted as saying: "The Treasury imposed sanctions on …". */
function deedPositions(c: Collector, doc: Doc, inStatement: (offset: number) => boolean): void {
  for (const d of findDeeds(doc, inStatement, (w) => topicVerb(w, c.compiled))) {
    const sentence = toFile(c.article, d.sentence);
    if (!sentence) continue;
    for (const { actor, named } of deedActors(c, d.subject)) {
      const holder = actHolder(actor, d.subject.text, `${d.subject.text} ${d.predicate.text}`, 'deed', named);
      addPositions(c, holder, d.predicate.text, null, sentence, d.predicate.start);
    }
  }
}

/** The holder of an act the writer reports (a deed, a headline's act, an intent, a narrated mention). */
function actHolder(actor: string, speaker: string, text: string, via: string, named = true): Holder {
  return { actor, text, reported: 'indirect', speaker, role: null, relayer: null, via, named };
}

/** Mentions in narration ("Valdor will host talks on the accord"): no stance, at most a guess. */
function narrationPositions(c: Collector, doc: Doc, inStatement: (offset: number) => boolean): void {
  for (const d of findNarrations(doc, inStatement)) {
    const sentence = toFile(c.article, d.sentence);
    // "Concerns about Valdor's prospects have been mounting": a name inside a phrase is no subject.
    if (!sentence || /\b(?:of|about|on|over|for|in|with|from|against|at|by)\b/i.test(d.subject.text))
      continue;
    for (const actor of namedActors(d.subject.text, c.compiled)) {
      // A sentence that already gave this actor a position (a deed, a statement) is read.
      if (c.positions.some((p) => p.actor === actor && p.evidence.start === sentence.start)) continue;
      const holder = actHolder(actor, d.subject.text, `${d.subject.text} ${d.predicate.text}`, 'narration');
      const before = c.positions.length;
      addPositions(c, holder, d.predicate.text, null, sentence, d.predicate.start);
      // Narration gives only a mention to guess from: a stance word deeper in a clause whose verb
      // is no act is not surely the subject's stance. One against the topic ("spent months
      // preparing to fight the quota") contradicts the guess, so such a sentence gives nothing.
      const added = c.positions.slice(before);
      c.positions = added.some((p) => p.polarity === 'opposes')
        ? c.positions.slice(0, before)
        : [...c.positions.slice(0, before), ...added.map((p): Position => ({ ...p, polarity: 'neutral' }))];
    }
  }
}

/** Acts a headline reports ("Valdor signs harbour charter"): the headline's deeds, as its gloss. */
function headlineDeedPositions(c: Collector): void {
  const headline = c.article.headline;
  if (!headline) return;
  const map = shiftBy(headline.start);
  for (const d of headlineDeeds(headline.text, (w) => topicVerb(w, c.compiled))) {
    // Only named subjects: a role ("Spokesman Backs …") has no sentence before it to resolve by.
    for (const actor of namedActors(d.subject.text, c.compiled)) {
      const holder = actHolder(actor, d.subject.text, d.predicate.text, 'headline');
      addPositions(c, holder, d.predicate.text, null, map(d.sentence), null);
    }
  }
}

/**
 * "the board's proposal to soften the catch target", "Acme's refusal to share its data": an
 * actor's plan, call or refusal named as a noun is that actor's stance on what it is about, wherever
 * the sentence puts it, the headline included. Group 1 is the possessor (or a name standing right
 * before "bid to", "plan to" …: "the Valdor bid to scrap the quota"), group 2 the noun and what follows.
 */
const ACTORS_INTENT =
  /(\p{Lu}[\p{L}.’'&-]*(?:\s+\p{Lu}[\p{L}.’'&-]*){0,4}?)(?:['’]s|(?=\s(?:bid|plan|push|proposal|decision|move|offer|pledge|refusal|call|demand)\s+to\s))\s+(?:(?:new|latest|planned|proposed|controversial|own|long-standing|stated|formal|renewed|repeated)\s+)?((?:plans?|proposals?|decision|push|bid|calls?|demands?|move|offer|pledge|promise|refusal|rejection|opposition|support|backing|campaign|efforts?|attempt|intention|commitment|insistence|request)\s+(?:to|for|of|against|that)\s+[^.;:!?]{3,160})/gu;

function intentPositions(c: Collector, doc: Doc): void {
  const body = c.article.body;
  const spans: Array<{ start: number; end: number; text: string; headline: boolean }> = doc.sentences.map(
    (sent) => ({ start: sent.start, end: sent.end, text: body.slice(sent.start, sent.end), headline: false }),
  );
  const headline = c.article.headline;
  if (headline) spans.unshift({ start: 0, end: headline.text.length, text: headline.text, headline: true });
  for (const sent of spans) {
    const text = sent.text;
    for (const m of text.matchAll(ACTORS_INTENT)) {
      const owner = m[1];
      const said = m[2];
      if (!owner || !said) continue;
      const actor = resolveActor(null, owner, c.compiled);
      if (!actor) continue;
      const at = sent.headline ? null : sent.start + m.index + m[0].indexOf(said);
      const sentence =
        sent.headline && headline
          ? shiftBy(headline.start)({ start: 0, end: text.length, text })
          : toFile(c.article, { start: sent.start, end: sent.end, text });
      if (!sentence) continue;
      const holder = actHolder(actor, owner, said, 'intent');
      addPositions(c, holder, said, null, sentence, at);
    }
  }
}

/** A word that is by itself one of a topic's phrases or its own stance words ("fined", "retaliated"). */
function topicVerb(word: string, compiled: CompiledWatchlist): boolean {
  const whole = (h: { start: number; end: number }) => h.start === 0 && h.end === word.length;
  if (compiled.topics.all(word).some(whole)) return true;
  for (const stance of compiled.topicStance.values())
    if (stance.support.all(word).some(whole) || stance.oppose.all(word).some(whole)) return true;
  return false;
}

/**
 * Who did it: the watched actor the subject names, each of two joined by "and" ("Britain and France
 * signed …"), or for an unnamed role ("the spokesperson") the actor named just before.
 */
function deedActors(c: Collector, subject: Span): Array<{ actor: string; named: boolean }> {
  if (UNNAMED.test(subject.text.trim())) {
    const actor = actorNamedBefore(c.article.body, subject.start, c.compiled);
    return actor ? [{ actor, named: false }] : [];
  }
  return namedActors(subject.text, c.compiled).map((actor) => ({ actor, named: true }));
}

/** The watched actors a subject names, each of two joined by "and" ("Britain and France"). */
function namedActors(subject: string, compiled: CompiledWatchlist): string[] {
  const actors = subject.split(/\s+and\s+/).map((p) => resolveActor(null, p, compiled));
  return [...new Set(actors.filter((a): a is string => a !== null))];
}

export function extract(article: ParsedArticle, watchlist: Watchlist): Extraction {
  const c: Collector = {
    article,
    compiled: compileWatchlist(watchlist),
    positions: [],
    undecided: new WeakSet(),
    seen: new Set(),
    unplaced: [],
  };
  const headline = article.headline;
  // The body is read once into a document (tokens, tags, sentences, quotes) that every pass shares.
  const doc = buildDocument(article.body);
  const body = findAttributionsInDoc(doc);
  const found = [
    ...(headline ? findHeadlineAttributions(headline.text).map((a) => ({ a, headline: true })) : []),
    ...body.map((a) => ({ a, headline: false })),
  ];
  const attributions = statementPositions(c, found);
  const inStatement = statementSpans(body);
  deedPositions(c, doc, inStatement);
  headlineDeedPositions(c);
  intentPositions(c, doc);
  narrationPositions(c, doc, inStatement);
  articleTopicPositions(c);
  return { attributions, positions: consolidate(c.positions, c.undecided) };
}

/** Whether an offset lies inside a statement (its source, cue or content): such a verb is no deed. */
function statementSpans(found: FoundAttribution[]): (offset: number) => boolean {
  const spans = found.flatMap((a) => [a.source, a.cue, a.content].filter((x): x is Span => x !== null));
  return (offset) => spans.some((x) => x.start <= offset && offset < x.end);
}

/** Such a reading never counts as solid: the topic is the article's, not the statement's. */
const ARTICLE_TOPIC_CONFIDENCE = 0.45;

/**
 * The one topic an article is about: the only one its headline names; with no topic in the headline,
 * one its body names at least three times and more than twice as often as any other.
 */
function articleTopic(c: Collector): string | null {
  const titled = new Set(titleTopics(c).map((h) => h.id));
  if (titled.size > 0) return titled.size === 1 ? ([...titled][0] ?? null) : null;
  const counts = new Map<string, number>();
  for (const h of bodyTopics(c)) counts.set(h.id, (counts.get(h.id) ?? 0) + 1);
  const [first, second] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  if (!first || first[1] < 3 || (second && second[1] * 2 > first[1])) return null;
  return first[0];
}

/** A holder's statement as a position on a topic, with its evidence sentence and confidence. */
function holderPosition(
  h: Holder,
  topic: string,
  polarity: Position['polarity'],
  evidence: Span,
  confidence: number,
  via = h.via,
): Position {
  const { actor, speaker, role, reported, relayer } = h;
  return {
    actor,
    speaker,
    role,
    topic,
    polarity,
    claim: claimOf(h.text),
    evidence,
    reported,
    relayer,
    confidence,
    via,
  };
}

/**
 * The article-topic pass: an actor that speaks in an article about one topic without naming it or
 * any other ("The company said it would appeal", in a report on the fine) speaks of that topic. Its
 * statements are read against the topic with no mention to govern, below the solid level; an actor
 * that already has a position on the topic in this article keeps only that.
 */
function articleTopicPositions(c: Collector): void {
  const topic = articleTopic(c);
  if (!topic) return;
  const placed = new Set(c.positions.filter((p) => p.topic === topic).map((p) => p.actor));
  const stance = c.compiled.topicStance.get(topic);
  for (const u of c.unplaced) {
    if (placed.has(u.h.actor)) continue;
    const polarity = polarityOf({ text: u.scope, cue: u.cue, topic: stance, about: [] });
    const confidence = Math.min(
      confidenceOf(u.h, { polarity, fromWhole: false }, true),
      ARTICLE_TOPIC_CONFIDENCE,
    );
    c.positions.push(
      holderPosition(u.h, topic, polarity, u.sentence, confidence, `${u.h.via}${ARTICLE_TOPIC_VIA}`),
    );
  }
}
