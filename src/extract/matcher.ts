// Phrase matching for watchlists: every actor alias and topic phrase is compiled once per watchlist
// (cached per watchlist object), so extraction stays linear in the text however long the watchlist is.
import { phraseForms, plural, singular, verbForms } from './inflect.js';
import { RESTRICTING_VERBS, formsOf } from './stance-lexicon.js';
import { readDefinition } from './topic-definition.js';
import type { Watchlist, WatchlistActor } from '../config/watchlist.js';

export interface PhraseHit {
  id: string;
  start: number;
  end: number;
}

export interface PhraseMatcher {
  /** Every non-overlapping hit, left to right; at each place the longest phrase wins. */
  all(text: string): PhraseHit[];
}

// Phrases and texts are both cut into tokens (runs of letters and digits, or one other visible
// character) and phrases are stored in a token trie, so a scan costs one pass over the text however
// many phrases the watchlist holds. A huge regular-expression alternation did the same job several
// times slower, because V8 tries every alternative at every position.
const TOKEN = /[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu;
const WORD_CHAR = /[\p{L}\p{N}]/u;

interface Token {
  exact: string;
  folded: string;
  start: number;
  end: number;
  /** Whitespace separates this token from the previous one ("U.S." is not "U. S."). */
  spaced: boolean;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  id: string | null;
}

/** Straight and curly apostrophes are interchangeable ("Kyiv's" / "Kyiv’s"). */
const unifyQuotes = (s: string) => s.replace(/’/g, "'");

// Extraction asks several matchers (actors, topics, stance phrases) about the same few texts (a
// statement, its clauses, its sentence) in turn: the last few tokenizations are kept.
const recent = new Map<string, Token[]>();
const RECENT = 24;

function tokenize(text: string): Token[] {
  const cached = recent.get(text);
  if (cached) return cached;
  const out: Token[] = [];
  let prevEnd = -1;
  for (const m of text.matchAll(TOKEN)) {
    const exact = unifyQuotes(m[0]);
    out.push({
      exact,
      folded: exact.toLowerCase(),
      start: m.index,
      end: m.index + m[0].length,
      spaced: prevEnd >= 0 && m.index > prevEnd,
    });
    prevEnd = m.index + m[0].length;
  }
  if (recent.size >= RECENT) recent.delete(recent.keys().next().value as string);
  recent.set(text, out);
  return out;
}

function stepKey(t: Token, first: boolean, fold: boolean): string {
  const key = fold ? t.folded : t.exact;
  return first || !t.spaced ? key : ` ${key}`;
}

function createTrie(fold: boolean) {
  const root: TrieNode = { next: new Map(), id: null };
  return {
    fold,
    root,
    add(phrase: string, id: string) {
      let node = root;
      tokenize(phrase).forEach((t, i) => {
        const key = stepKey(t, i === 0, fold);
        let child = node.next.get(key);
        if (!child) node.next.set(key, (child = { next: new Map(), id: null }));
        node = child;
      });
      if (node !== root && node.id === null) node.id = id;
    },
  };
}

type Trie = ReturnType<typeof createTrie>;

/** The longest phrase of `trie` starting at token `i`, as [id, index after its last token]. */
function longestAt(trie: Trie, tokens: Token[], i: number, text: string): [string, number] | null {
  let node: TrieNode | undefined = trie.root;
  let best: [string, number] | null = null;
  // A phrase that starts with punctuation must still start at a word boundary.
  if (WORD_CHAR.test(text.charAt(tokens[i]!.start - 1))) return null;
  for (let j = i; j < tokens.length; j++) {
    node = node.next.get(stepKey(tokens[j]!, j === i, trie.fold));
    if (!node) break;
    // A phrase that ends in punctuation ("U.S.") must still end at a word boundary ("U.S.A." is not it).
    if (node.id !== null && !WORD_CHAR.test(text.charAt(tokens[j]!.end))) best = [node.id, j + 1];
  }
  return best;
}

export function createPhraseMatcher(
  entries: Array<{ id: string; phrases: string[] }>,
  options: { caseSensitive: (phrase: string) => boolean },
): PhraseMatcher {
  // The first entry that claims a phrase keeps it, whatever its case or apostrophe style.
  const owner = new Map<string, string>();
  const sensitive = createTrie(false);
  const insensitive = createTrie(true);
  for (const e of entries) {
    for (const raw of e.phrases) {
      const phrase = raw.trim();
      if (!phrase) continue;
      const norm = unifyQuotes(phrase).toLowerCase().replace(/\s+/g, ' ');
      if (!owner.has(norm)) owner.set(norm, e.id);
      (options.caseSensitive(phrase) ? sensitive : insensitive).add(phrase, owner.get(norm)!);
    }
  }
  const tries = [sensitive, insensitive].filter((t) => t.root.next.size > 0);
  return {
    all(text) {
      const hits: PhraseHit[] = [];
      if (tries.length === 0) return hits;
      const tokens = tokenize(text);
      for (let i = 0; i < tokens.length;) {
        let best: [string, number] | null = null;
        for (const trie of tries) {
          const found = longestAt(trie, tokens, i, text);
          if (found && (!best || found[1] > best[1])) best = found;
        }
        if (!best) {
          i++;
          continue;
        }
        hits.push({ id: best[0], start: tokens[i]!.start, end: tokens[best[1] - 1]!.end });
        i = best[1];
      }
      return hits;
    },
  };
}

/** A topic's own stance words. */
export interface TopicStance {
  support: PhraseMatcher;
  oppose: PhraseMatcher;
  /** For a restriction topic, every restricting act: for it when said of what it restricts. */
  restricting?: PhraseMatcher;
}

export interface CompiledWatchlist {
  actors: PhraseMatcher;
  topics: PhraseMatcher;
  /** Optional per-topic stance phrases from the watchlist (`supportPhrases` / `opposePhrases`). */
  topicStance: Map<string, TopicStance>;
  /** All topics' stance phrases in one matcher (id = topic), to find topics by their stance wording in one scan. */
  stanceTopics: PhraseMatcher;
  actorName: Map<string, string>;
  /** The last word (singular) of each topic phrase ("accord" of "Paris accord") → the topics it can refer back to. */
  topicHeads: Map<string, Set<string>>;
  /** For a restriction topic, its phrases that name only what it restricts ("fossil fuels"). */
  restrictedObjects: Map<string, Set<string>>;
  /** The terms a topic's description names as making a stance conditional ("delays", "carve-outs"). */
  topicConditions: Map<string, PhraseMatcher>;
  /** Each topic's head nouns: the last word (singular) of each of its phrases ("cut" of "quota cut"). */
  topicNouns: Map<string, Set<string>>;
}

/**
 * The written forms of a condition term: either number, and for a word long enough to be a verb
 * too, its verb forms ("delays" → "delaying", "delayed": "proposes delaying the rules").
 */
function conditionForms(term: string): string[] {
  const one = singular(term);
  const forms = new Set([term, one, plural(one)]);
  if (one.length > 4 && !one.includes('-')) for (const f of verbForms(one)) forms.add(f);
  // "a phase-in" is also done: "phasing in the cut", "phased in".
  const verbal = /^([a-z]+)-(in|out|down|up|off|back)$/.exec(one);
  if (verbal?.[1]) for (const f of verbForms(verbal[1])) forms.add(`${f} ${verbal[2] ?? ''}`);
  return [...forms];
}

const cache = new WeakMap<Watchlist, CompiledWatchlist>();

/**
 * A watchlist's phrases with their other written forms (inflect.ts `phraseForms`), added after every
 * phrase as written, so a phrase a list names explicitly keeps its own topic.
 */
function withForms(
  entries: Array<{ id: string; phrases: string[] }>,
): Array<{ id: string; phrases: string[] }> {
  return [...entries, ...entries.map((e) => ({ id: e.id, phrases: e.phrases.flatMap(phraseForms) }))];
}

const stringList = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

function actorPhrases(a: WatchlistActor): string[] {
  // Extra optional fields a watchlist may use to organise aliases; all of them name the actor.
  const extra = ['leaders', 'officials', 'institutions', 'demonyms', 'capitals'].flatMap((k) =>
    stringList((a as Record<string, unknown>)[k]),
  );
  return [a.name, ...a.aliases, ...extra];
}

/**
 * Nouns that can refer back to a topic: the last word of each of its multi-word phrases ("the
 * accord" for "Paris accord"), lowercased. Short words and words shared by most topics are left out.
 */
function topicHeadsOf(watchlist: Watchlist): Map<string, Set<string>> {
  const heads = new Map<string, Set<string>>();
  for (const t of watchlist.topics) {
    for (const p of t.phrases) {
      const words = p.toLowerCase().split(/\s+/);
      const head = words[words.length - 1] ?? '';
      // "out" of "phase out" and "oil" of "end of oil" are not heads that a reference repeats.
      if (words.length < 2 || words.includes('of') || head.length < 4 || !/^[a-z-]+$/.test(head)) continue;
      if (/^(?:out|down|away|over|back|with|from|into|onto)$/.test(head)) continue;
      const key = singular(head);
      heads.set(key, (heads.get(key) ?? new Set()).add(t.id));
    }
  }
  return heads;
}

/**
 * Each topic's own stance words (the watchlist's stance phrases and the acts its description defines,
 * plus every restricting act for a restriction topic), its conditional terms, and what it restricts.
 */
function topicRules(watchlist: Watchlist) {
  const topicStance = new Map<string, TopicStance>();
  const topicConditions = new Map<string, PhraseMatcher>();
  const objects = new Map<string, Set<string>>();
  for (const t of watchlist.topics) {
    const rec = t as Record<string, unknown>;
    // The acts the description defines as for / against the topic count like the watchlist's own
    // stance phrases; they are not used to find the topic (they are ordinary verbs).
    const defined = readDefinition(t.description, t.phrases);
    // For a restriction topic every restricting act is for it ("cut coal use", "targets fossil fuels").
    const restricting = defined.objects.length > 0 ? formsOf(RESTRICTING_VERBS) : [];
    const objectForms = [...defined.objects, ...defined.objects.flatMap(phraseForms)];
    if (defined.objects.length > 0) objects.set(t.id, new Set(objectForms.map((o) => o.toLowerCase())));
    topicConditions.set(
      t.id,
      createPhraseMatcher(
        [
          {
            id: 'condition',
            phrases: [...defined.conditions.flatMap(conditionForms), ...defined.conditionalActs],
          },
        ],
        {
          caseSensitive: () => false,
        },
      ),
    );
    topicStance.set(t.id, {
      support: createPhraseMatcher(
        withForms([{ id: 'support', phrases: [...stringList(rec.supportPhrases), ...defined.support] }]),
        { caseSensitive: () => false },
      ),
      oppose: createPhraseMatcher(
        withForms([{ id: 'oppose', phrases: [...stringList(rec.opposePhrases), ...defined.oppose] }]),
        { caseSensitive: () => false },
      ),
      // Every restricting act is for a restriction topic, but only said of what it restricts ("cut
      // coal use"), not of anything ("will not stop compliant trade").
      restricting: createPhraseMatcher(withForms([{ id: 'restricting', phrases: restricting }]), {
        caseSensitive: () => false,
      }),
    });
  }
  return { topicStance, topicConditions, objects };
}

/** Each topic's head nouns: the last word (singular) of each of its phrases. */
function topicNounsOf(watchlist: Watchlist): Map<string, Set<string>> {
  return new Map(
    watchlist.topics.map((t) => [
      t.id,
      new Set(
        t.phrases.map((p) => singular(p.toLowerCase().split(/\s+/).pop() ?? '')).filter((w) => w.length >= 3),
      ),
    ]),
  );
}

export function compileWatchlist(watchlist: Watchlist): CompiledWatchlist {
  const cached = cache.get(watchlist);
  if (cached) return cached;
  // Names are matched with their case ("US" is not "us"); topic phrases are common words, so not.
  const actors = createPhraseMatcher(
    watchlist.actors.map((a) => ({ id: a.id, phrases: actorPhrases(a) })),
    { caseSensitive: () => true },
  );
  // A topic's `excludePhrases` ("nuclear weapons" for arms aid) are matched like its phrases, so the
  // longer phrase wins, and then dropped: the shorter "weapons" inside them is not the topic.
  const EXCLUDED = '';
  const withExclusions = createPhraseMatcher(
    withForms([
      ...watchlist.topics.map((t) => ({ id: t.id, phrases: t.phrases })),
      { id: EXCLUDED, phrases: watchlist.topics.flatMap((t) => t.excludePhrases ?? []) },
    ]),
    { caseSensitive: (p) => p.length <= 3 && p === p.toUpperCase() },
  );
  // "non-fossil fuels" is the opposite of "fossil fuels".
  const negatedPrefix = (text: string, h: PhraseHit) =>
    /\bnon-$/i.test(text.slice(Math.max(0, h.start - 4), h.start));
  const topics: PhraseMatcher = {
    all: (text) => withExclusions.all(text).filter((h) => h.id !== EXCLUDED && !negatedPrefix(text, h)),
  };
  const { topicStance, topicConditions, objects } = topicRules(watchlist);
  const stanceTopics = createPhraseMatcher(
    withForms(
      watchlist.topics.map((t) => {
        const rec = t as Record<string, unknown>;
        return { id: t.id, phrases: [...stringList(rec.supportPhrases), ...stringList(rec.opposePhrases)] };
      }),
    ),
    { caseSensitive: () => false },
  );
  const compiled: CompiledWatchlist = {
    actors,
    topics,
    topicStance,
    stanceTopics,
    actorName: new Map(watchlist.actors.map((a) => [a.id, a.name])),
    topicHeads: topicHeadsOf(watchlist),
    restrictedObjects: objects,
    topicConditions,
    topicNouns: topicNounsOf(watchlist),
  };
  cache.set(watchlist, compiled);
  return compiled;
}
