// Extraction entry point (pure): article in, attributions and positions out. Attributions are found
// on the headline and the body; each speaker is resolved to a watched actor; each topic the statement
// touches becomes a position with a polarity and a short claim. Deeds of watched actors in sentences
// nobody is quoted in ("Ottawa imposed a levy") add positions but no attributions. Every span is
// mapped from body (or headline) offsets to offsets into the file's text, as the extract contract
// reports them.
import type { Watchlist } from '../config/watchlist.js';
import { bodyToFile } from '../ingest/offsets.js';
import type { Attribution, Extraction, ParsedArticle, Position, Span } from '../model.js';
import { resolveActor } from './actors.js';
import { findAttributions, findHeadlineAttributions } from './attributions.js';
import { CUE_VERBS } from './cues.js';
import { findDeeds } from './deeds.js';
import { compileWatchlist, type CompiledWatchlist } from './matcher.js';
import { polarityOf } from './polarity.js';

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

// Clause breaks: coordinators, "while"/"whereas", semicolons, sentence ends inside a quote, a
// subordinate clause after a comma ("…, after failing to …") and a participle clause after a comma
// ("…, repeating his claim that …"); prepositions that look like participles ("during", "including")
// do not break.
const CLAUSE_BREAK =
  /,\s*(?:and|but|while|whereas|although|though)\s+(?:that\s+)?|;\s*|\s+and that\s+|,\s*but\s+|\s+but\s+|\s+(?:while|whereas)\s+|(?<=[.!?][”"’]?)\s+(?=[“"‘]?\p{Lu})|,\s*(?=(?:after|before|because|since)\s)|,\s*(?!(?:during|including|according|regarding|concerning|following|excluding|notwithstanding|pending)\b)(?=[a-z]+ing\s)/gu;

/**
 * The clauses of a statement that mention a topic: "X would never recognise borders changed by force,
 * and that NATO membership remained the best guarantee" holds two stances on two topics.
 */
export function clausesAbout(text: string, hits: Array<{ start: number; end: number }>): string {
  const bounds: Array<[number, number]> = [];
  let last = 0;
  for (const m of text.matchAll(CLAUSE_BREAK)) {
    bounds.push([last, m.index]);
    last = m.index + m[0].length;
  }
  bounds.push([last, text.length]);
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
function stanceOn(
  scope: string,
  hits: Array<{ start: number; end: number }>,
  cue: string | null,
  topicId: string,
  compiled: CompiledWatchlist,
): Position['polarity'] {
  const read = (text: string, textCue: string | null) =>
    polarityOf({
      text,
      cue: textCue,
      topic: compiled.topicStance.get(topicId),
      about: [...compiled.topics.all(text), ...compiled.stanceTopics.all(text)].filter((h) => h.id === topicId),
    });
  const text = clausesAbout(scope, hits);
  const firstClause = text.split('; ')[0] ?? text;
  const own = read(text, scope.startsWith(firstClause) ? cue : null);
  // A clause that names the topic but says nothing for or against it ("the end of oil is not in
  // sight, and the world should …") takes the stance of the whole statement.
  // Not when another clause is about another topic: its stance is that topic's.
  const onlyTopic = compiled.topics.all(scope).every((h) => h.id === topicId);
  return own === 'neutral' && text !== scope && onlyTopic ? read(scope, cue) : own;
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

const isCueVerb = (w: string) =>
  CUE_VERBS.has(w) ||
  EMBEDDED_VERBS.has(w) ||
  CUE_VERBS.has(w.replace(/ing$/, '')) ||
  CUE_VERBS.has(w.replace(/ing$/, 'e')) ||
  CUE_VERBS.has(w.replace(/ed$/, ''));

/**
 * A reported statement can carry another actor's position: "Zelensky said the U.S. is proposing to
 * finish the talks by June", "Bloomberg reported that Putin is sending signals he is willing to talk".
 * Returns that actor (a watched actor named as the subject of a speech or intention verb near the
 * start of the content) and where its clause starts.
 */
function embeddedActor(
  content: string,
  compiled: ReturnType<typeof compileWatchlist>,
): { actor: string; start: number } | null {
  for (const hit of compiled.actors.all(content)) {
    if (hit.start > 100) break;
    const after = content.slice(hit.end, hit.end + 80);
    if (/^['’]s\b/.test(after)) continue;
    const m =
      /^\s+(?:(?:is|are|was|were|has|have|had|would|will|may|might|also|now|reportedly|allegedly|still|again|already)\s+){0,3}([a-z]+)/u.exec(
        after,
      );
    if (m?.[1] && isCueVerb(m[1])) return { actor: hit.id, start: hit.start };
  }
  return null;
}

/**
 * One article states one stance per actor and topic: a minority stance gives way to the majority (on
 * a tie, all are kept: compare marks the side mixed). A statement that merely mentions a topic, with
 * no stance we can read, stays an attribution but is not a position: reported as one, it would show
 * up in digests as a change to or from "no clear stance" that nobody stated.
 */
function consolidate(positions: Position[]): Position[] {
  const groups = new Map<string, Position[]>();
  for (const p of positions)
    groups.set(`${p.actor}|${p.topic}`, [...(groups.get(`${p.actor}|${p.topic}`) ?? []), p]);
  const keep = new Set<Position>();
  for (const group of groups.values()) {
    const stanced = group.filter((p) => p.polarity !== 'neutral');
    if (stanced.length === 0) continue;
    const counts = new Map<string, number>();
    for (const p of stanced) counts.set(p.polarity, (counts.get(p.polarity) ?? 0) + 1);
    const max = Math.max(...counts.values());
    for (const p of stanced) if (counts.get(p.polarity) === max) keep.add(p);
  }
  return positions.filter((p) => keep.has(p));
}

interface Holder {
  actor: string;
  text: string;
  reported: Position['reported'];
  speaker: string;
  role: string | null;
  relayer?: string | null;
  via?: string;
}

export function extract(article: ParsedArticle, watchlist: Watchlist): Extraction {
  const compiled = compileWatchlist(watchlist);
  const headline = article.headline;
  // Headline spans are relative to the headline line; body spans map through the body's offsets.
  const headlineMap = headline ? shiftBy(headline.start) : null;
  const found = [
    ...(headline && headlineMap
      ? findHeadlineAttributions(headline.text).map((a) => ({ a, map: headlineMap }))
      : []),
    ...findAttributions(article.body).map((a) => ({ a, map: (s: Span) => toFile(article, s) })),
  ];
  const attributions: Attribution[] = [];
  const positions: Position[] = [];
  const seen = new Set<string>();
  /** One position per topic the text touches (named, or by its topic-specific stance wording). */
  const addPositions = (h: Holder, scope: string, cue: string | null, sentence: Span) => {
    const hits = [...compiled.topics.all(scope), ...compiled.stanceTopics.all(scope)];
    for (const topic of new Set(hits.map((x) => x.id))) {
      const key = `${h.actor}|${topic}|${sentence.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      positions.push({
        actor: h.actor,
        speaker: h.speaker,
        role: h.role,
        topic,
        polarity: stanceOn(
          scope,
          hits.filter((x) => x.id === topic),
          cue,
          topic,
          compiled,
        ),
        claim: claimOf(h.text),
        evidence: sentence,
        reported: h.reported,
        relayer: h.relayer ?? null,
        confidence: 0.5,
        via: h.via ?? 'statement',
      });
    }
  };
  for (const { a, map } of found) {
    const actor = resolveActor(a.speaker, a.source?.text ?? null, compiled);
    const content = map(a.content);
    if (!content) continue;
    const sentence = map(a.sentence) ?? content;
    attributions.push({
      ...a,
      source: a.source ? map(a.source) : null,
      cue: a.cue ? map(a.cue) : null,
      content,
      sentence,
      speaker: a.speaker ? { ...a.speaker, actor } : null,
    });
    const holders: Holder[] = [];
    const inner = embeddedActor(a.content.text, compiled);
    // "X said the U.S. is proposing …": X relays another actor's position; the position is that actor's.
    if (actor && (!inner || inner.actor === actor)) {
      holders.push({
        actor,
        text: a.content.text,
        reported: a.reported,
        speaker: a.speaker?.name ?? a.source?.text ?? actor,
        role: a.speaker?.role ?? null,
      });
    }
    if (inner && inner.actor !== actor) {
      // Second-hand: what the speaker says another actor wants is reported, or alleged when the
      // report rests on unnamed sources.
      holders.push({
        actor: inner.actor,
        text: a.content.text.slice(inner.start),
        reported: a.reported === 'alleged' ? 'alleged' : 'indirect',
        speaker: compiled.actorName.get(inner.actor) ?? inner.actor,
        role: `as reported by ${a.speaker?.name ?? a.source?.text ?? 'the article'}`,
      });
    }
    for (const h of holders) {
      // A short statement borrows its sentence's words to find its topics.
      const scope = h.text.split(/\s+/).length < 8 ? a.sentence.text : h.text;
      addPositions(h, scope, h.actor === actor ? (a.cue?.text ?? null) : null, sentence);
    }
  }

  // Deeds in sentences nobody is quoted in: "The Treasury imposed sanctions on …".
  const attributed = new Set(found.filter((f) => f.map !== headlineMap).map((f) => f.a.sentence.start));
  for (const d of findDeeds(article.body, (start) => attributed.has(start))) {
    const actor = resolveActor(null, d.subject.text, compiled);
    const sentence = toFile(article, d.sentence);
    if (!actor || !sentence) continue;
    addPositions(
      {
        actor,
        text: `${d.subject.text} ${d.predicate.text}`,
        reported: 'indirect',
        speaker: d.subject.text,
        role: null,
      },
      d.predicate.text,
      null,
      sentence,
    );
  }
  return { attributions, positions: consolidate(positions) };
}
