// Phrase matching for watchlists: every actor alias and topic phrase is compiled once per watchlist
// into one regular expression (longest alternatives first, word boundaries), cached per watchlist
// object, so extraction stays linear in the text however long the watchlist is.
import type { Watchlist, WatchlistActor } from '../config/watchlist.js';

export interface PhraseHit {
  id: string;
  start: number;
  end: number;
}

export interface PhraseMatcher {
  /** Every non-overlapping hit, left to right. */
  all(text: string): PhraseHit[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Straight and curly apostrophes are interchangeable ("Kyiv's" / "Kyiv’s"). */
const normalizeQuotes = (s: string) => s.replace(/['’]/g, "['’]");

export function createPhraseMatcher(
  entries: Array<{ id: string; phrases: string[] }>,
  options: { caseSensitive: (phrase: string) => boolean },
): PhraseMatcher {
  // The regular expressions decide case sensitivity; the id lookup only needs a normal form that
  // ignores case, apostrophe style and spacing.
  const norm = (text: string) => text.toLowerCase().replace(/’/g, "'").replace(/\s+/g, ' ');
  const byPhrase = new Map<string, string>();
  const sensitive: string[] = [];
  const insensitive: string[] = [];
  for (const e of entries) {
    for (const raw of e.phrases) {
      const phrase = raw.trim();
      if (!phrase) continue;
      if (!byPhrase.has(norm(phrase))) byPhrase.set(norm(phrase), e.id);
      (options.caseSensitive(phrase) ? sensitive : insensitive).push(phrase);
    }
  }
  const build = (phrases: string[], flags: string) => {
    if (phrases.length === 0) return null;
    const alternatives = [...new Set(phrases)]
      .sort((a, b) => b.length - a.length)
      .map((p) => normalizeQuotes(escape(p)).replace(/\s+/g, '\\s+'));
    // Word boundaries that also work for phrases starting or ending with punctuation ("U.S.").
    // Letters and digits of Latin scripts (and the general Unicode letter ranges) bound a phrase; the
    // non-unicode form is several times faster on V8 than \\p{L}.
    return new RegExp(
      `(?<![A-Za-z0-9\\u00C0-\\u024F\\u0370-\\u03FF\\u0400-\\u04FF])(?:${alternatives.join('|')})(?![A-Za-z0-9\\u00C0-\\u024F\\u0370-\\u03FF\\u0400-\\u04FF])`,
      `g${flags}`,
    );
  };
  const reSensitive = build(sensitive, '');
  const reInsensitive = build(insensitive, 'i');
  return {
    all(text) {
      const hits: PhraseHit[] = [];
      for (const re of [reSensitive, reInsensitive]) {
        if (!re) continue;
        re.lastIndex = 0;
        for (const m of text.matchAll(re)) {
          const id = byPhrase.get(norm(m[0]));
          if (id) hits.push({ id, start: m.index, end: m.index + m[0].length });
        }
      }
      hits.sort((a, b) => a.start - b.start || b.end - a.end);
      const out: PhraseHit[] = [];
      for (const h of hits) if (!out.some((o) => h.start < o.end && o.start < h.end)) out.push(h);
      return out;
    },
  };
}

export interface CompiledWatchlist {
  actors: PhraseMatcher;
  topics: PhraseMatcher;
  /** Optional per-topic stance phrases from the watchlist (`supportPhrases` / `opposePhrases`). */
  topicStance: Map<string, { support: PhraseMatcher; oppose: PhraseMatcher }>;
  /** All topics' stance phrases in one matcher (id = topic), to find topics by their stance wording in one scan. */
  stanceTopics: PhraseMatcher;
  actorName: Map<string, string>;
}

const cache = new WeakMap<Watchlist, CompiledWatchlist>();

const stringList = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

function actorPhrases(a: WatchlistActor): string[] {
  // Extra optional fields a watchlist may use to organise aliases; all of them name the actor.
  const extra = ['leaders', 'officials', 'institutions', 'demonyms', 'capitals'].flatMap((k) =>
    stringList((a as Record<string, unknown>)[k]),
  );
  return [a.name, ...a.aliases, ...extra];
}

export function compileWatchlist(watchlist: Watchlist): CompiledWatchlist {
  const cached = cache.get(watchlist);
  if (cached) return cached;
  // Names are matched with their case ("US" is not "us"); topic phrases are common words, so not.
  const actors = createPhraseMatcher(
    watchlist.actors.map((a) => ({ id: a.id, phrases: actorPhrases(a) })),
    { caseSensitive: () => true },
  );
  const topics = createPhraseMatcher(
    watchlist.topics.map((t) => ({ id: t.id, phrases: t.phrases })),
    { caseSensitive: (p) => p.length <= 3 && p === p.toUpperCase() },
  );
  const topicStance = new Map<string, { support: PhraseMatcher; oppose: PhraseMatcher }>();
  for (const t of watchlist.topics) {
    const rec = t as Record<string, unknown>;
    topicStance.set(t.id, {
      support: createPhraseMatcher([{ id: 'support', phrases: stringList(rec.supportPhrases) }], {
        caseSensitive: () => false,
      }),
      oppose: createPhraseMatcher([{ id: 'oppose', phrases: stringList(rec.opposePhrases) }], {
        caseSensitive: () => false,
      }),
    });
  }
  const stanceTopics = createPhraseMatcher(
    watchlist.topics.map((t) => {
      const rec = t as Record<string, unknown>;
      return { id: t.id, phrases: [...stringList(rec.supportPhrases), ...stringList(rec.opposePhrases)] };
    }),
    { caseSensitive: () => false },
  );
  const compiled: CompiledWatchlist = {
    actors,
    topics,
    topicStance,
    stanceTopics,
    actorName: new Map(watchlist.actors.map((a) => [a.id, a.name])),
  };
  cache.set(watchlist, compiled);
  return compiled;
}
