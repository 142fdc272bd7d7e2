// Phrase matching for watchlists: every actor alias and topic phrase is compiled once per watchlist
// (cached per watchlist object), so extraction stays linear in the text however long the watchlist is.
import { inflect, phraseForms, plural, singular, verbForms } from './inflect.js';
import { RESTRICTING_VERBS, formsOf } from './stance-lexicon.js';
import { readDefinition } from './topic-definition.js';
import type { Watchlist, WatchlistActor } from '../config/watchlist.js';

export interface PhraseHit {
  id: string;
  start: number;
  end: number;
}

/** Where a scan may stop: the hits it finds are the first ones `all` would find. */
export interface ScanLimit {
  /** Only hits that start before this offset. */
  startsBefore?: number;
  /** At most this many hits. */
  max?: number;
}

export interface PhraseMatcher {
  /**
   * Every non-overlapping hit, left to right; at each place the longest phrase wins. A limit ends the
   * scan early (a caller that reads only the first hits need not scan a whole text).
   */
  all(text: string, limit?: ScanLimit): PhraseHit[];
}

// Phrases and texts are both cut into tokens (runs of letters and digits, or one other visible
// character) and phrases are stored in a token trie, so a scan costs one pass over the text however
// many phrases the watchlist holds. A huge regular-expression alternation did the same job several
// times slower, because V8 tries every alternative at every position.
// TOKEN: /[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/u, read by TokenCursor.
const WORD_CHAR = /[\p{L}\p{N}]/u;

interface TrieNode {
  next: Map<string, TrieNode>;
  id: string | null;
}

/** Straight and curly apostrophes are interchangeable ("Kyiv's" / "Kyiv’s"). */
const unifyQuotes = (s: string) => s.replace(/’/g, "'");

const SPACE = /\s/u;

/** TOKEN's class of each ASCII code: 0 whitespace, 1 letter or digit, 2 anything else. */
const ASCII_KIND = Uint8Array.from({ length: 128 }, (_, c) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)
    ? 1
    : c === 32 || (c >= 9 && c <= 13)
      ? 0
      : 2,
);

/** The class of the code point at `i` past ASCII, by TOKEN's character classes. */
function wideKindAt(text: string, i: number): number {
  const ch = String.fromCodePoint(text.codePointAt(i) ?? 0);
  return WORD_CHAR.test(ch) ? 1 : SPACE.test(ch) ? 0 : 2;
}

/** The kind of the code point at `i`: 0 whitespace, 1 letter or digit, 2 anything else (TOKEN's classes). */
function kindAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? (ASCII_KIND[c] ?? 2) : wideKindAt(text, i);
}

/** The length in code units of the code point at `i` (2 for a surrogate pair). */
function codePointLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 0xd800 || c > 0xdbff ? 1 : (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
}

/**
 * A token's shape: a small hash of its characters (folded for a case-insensitive trie), for a token
 * of ASCII characters only. A trie keeps the shapes of its phrases' first tokens, so most tokens of a
 * text are passed over without making their string.
 */
const SHAPE_BITS = 14;
const SHAPE_MASK = (1 << SHAPE_BITS) - 1;
const addToShape = (shape: number, code: number) => (shape * 31 + code) & SHAPE_MASK;
const foldCode = (code: number) => (code >= 65 && code <= 90 ? code + 32 : code);

/**
 * Reads a text's tokens (TOKEN: a run of letters and digits, or one other non-space character) one
 * at a time, by character code. A scan keeps no token list, and makes a token's string only when a
 * trie may hold it: most tokens start no phrase, and a phrase walk reads only the few tokens after its
 * first (whole articles are scanned, so the scan allocates as little as it can).
 */
class TokenCursor {
  private text = '';
  private pos = 0;
  private exactKey: string | null = null;
  private foldedKey: string | null = null;
  start = 0;
  end = 0;
  /** Every character of the token is ASCII. */
  ascii = false;
  private exactShape = 0;
  private foldedShape = 0;
  /** Whitespace separates this token from the previous one ("U.S." is not "U. S."). */
  spaced = false;

  /** Reads `text` from its start. */
  reset(text: string): this {
    this.text = text;
    this.seek(0, -1);
    return this;
  }

  /** The next token read will be the first at or after `offset`; `prevEnd` ends the one before (-1: none). */
  seek(offset: number, prevEnd: number): void {
    this.pos = offset;
    this.end = prevEnd;
  }

  next(): boolean {
    const { text } = this;
    let i = this.pos;
    let kind = 0;
    while (i < text.length && (kind = kindAt(text, i)) === 0) i += codePointLength(text, i);
    if (i >= text.length) return false;
    const start = i;
    let ascii = true;
    let exactShape = 0;
    let foldedShape = 0;
    do {
      const c = text.charCodeAt(i);
      if (c < 128) {
        exactShape = addToShape(exactShape, c);
        foldedShape = addToShape(foldedShape, foldCode(c));
        i++;
      } else {
        ascii = false;
        i += codePointLength(text, i);
      }
    } while (kind === 1 && i < text.length && kindAt(text, i) === 1);
    this.exactShape = exactShape;
    this.foldedShape = foldedShape;
    this.spaced = this.end >= 0 && start > this.end;
    this.start = start;
    this.end = i;
    this.pos = i;
    this.ascii = ascii;
    this.exactKey = null;
    this.foldedKey = null;
    return true;
  }

  get exact(): string {
    if (this.exactKey === null) {
      const token = this.text.slice(this.start, this.end);
      // ’ is not ASCII: an all-ASCII token needs no unifying.
      this.exactKey = this.ascii ? token : unifyQuotes(token);
    }
    return this.exactKey;
  }

  get folded(): string {
    this.foldedKey ??= this.exact.toLowerCase();
    return this.foldedKey;
  }

  /** The token's shape, or -1 when it is not all ASCII. */
  shape(fold: boolean): number {
    if (!this.ascii) return -1;
    return fold ? this.foldedShape : this.exactShape;
  }

  /** The token's key in a trie: folded or exact, marked when spaced from a previous token of the phrase. */
  key(first: boolean, fold: boolean): string {
    const key = fold ? this.folded : this.exact;
    return first || !this.spaced ? key : ` ${key}`;
  }
}

// A scan is never interrupted by another (it calls out to nothing), so two cursors serve every scan.
const scanCursor = new TokenCursor();
const walkCursor = new TokenCursor();

const isAscii = (s: string) => [...s].every((c) => c.charCodeAt(0) < 128);

class Trie {
  readonly root: TrieNode = { next: new Map(), id: null };
  /** The shapes of the phrases' first tokens (a token of another shape starts none), one bit each. */
  private readonly starts = new Uint32Array((1 << SHAPE_BITS) / 32);

  constructor(readonly fold: boolean) {}

  /** Whether a phrase may start with the cursor's token (tokens with other than ASCII always may). */
  mayStart(t: TokenCursor): boolean {
    const shape = t.shape(this.fold);
    return shape < 0 || ((this.starts[shape >>> 5] ?? 0) & (1 << (shape & 31))) !== 0;
  }

  add(phrase: string, id: string): void {
    let node = this.root;
    const tokens = new TokenCursor().reset(phrase);
    for (let first = true; tokens.next(); first = false) {
      const key = tokens.key(first, this.fold);
      // An all-ASCII key is matched only by an all-ASCII token of its shape.
      if (first && isAscii(key)) {
        let shape = 0;
        for (let c = 0; c < key.length; c++) shape = addToShape(shape, key.charCodeAt(c));
        this.starts[shape >>> 5] = (this.starts[shape >>> 5] ?? 0) | (1 << (shape & 31));
      }
      let child = node.next.get(key);
      if (!child) node.next.set(key, (child = { next: new Map(), id: null }));
      node = child;
    }
    if (node !== this.root && node.id === null) node.id = id;
  }
}

/**
 * The longest phrase of `trie` that starts at the cursor's token, as [id, end offset of its last
 * token]; `walk` reads the tokens after it.
 */
function longestAt(trie: Trie, at: TokenCursor, walk: TokenCursor, text: string): [string, number] | null {
  let node: TrieNode | undefined = trie.root.next.get(at.key(true, trie.fold));
  if (!node) return null;
  // A phrase that starts with punctuation must still start at a word boundary.
  if (WORD_CHAR.test(text.charAt(at.start - 1))) return null;
  let best: [string, number] | null = null;
  // A phrase that ends in punctuation ("U.S.") must still end at a word boundary ("U.S.A." is not it).
  if (node.id !== null && !WORD_CHAR.test(text.charAt(at.end))) best = [node.id, at.end];
  walk.seek(at.end, at.end);
  while (node.next.size > 0 && walk.next()) {
    node = node.next.get(walk.key(false, trie.fold));
    if (!node) break;
    if (node.id !== null && !WORD_CHAR.test(text.charAt(walk.end))) best = [node.id, walk.end];
  }
  return best;
}

export function createPhraseMatcher(
  entries: Array<{ id: string; phrases: string[] }>,
  options: { caseSensitive: (phrase: string) => boolean },
): PhraseMatcher {
  // The first entry that claims a phrase keeps it, whatever its case or apostrophe style.
  const owner = new Map<string, string>();
  const sensitive = new Trie(false);
  const insensitive = new Trie(true);
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
    all(text, limit) {
      const hits: PhraseHit[] = [];
      if (tries.length === 0) return hits;
      const startsBefore = limit?.startsBefore ?? Infinity;
      const max = limit?.max ?? Infinity;
      const at = scanCursor.reset(text);
      const walk = walkCursor.reset(text);
      while (hits.length < max && at.next() && at.start < startsBefore) {
        let best: [string, number] | null = null;
        for (const trie of tries) {
          // Most tokens start no phrase: they are passed over by their shape.
          if (!trie.mayStart(at)) continue;
          const found = longestAt(trie, at, walk, text);
          if (found && (!best || found[1] > best[1])) best = found;
        }
        if (!best) continue;
        hits.push({ id: best[0], start: at.start, end: best[1] });
        // The scan goes on after the phrase's last token.
        at.seek(best[1], best[1]);
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
      // "codes of practice": the head stands before "of" ("the codes"); "oil" of "end of oil" is not
      // a head that a reference repeats.
      const of = words.indexOf('of');
      const head = (of > 0 ? words[of - 1] : words[words.length - 1]) ?? '';
      if (words.length < 2 || head.length < 4 || !/^[a-z-]+$/.test(head)) continue;
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
    // So is the act the proposition itself opens with ("controls on catches inside the bay").
    const own = defined.restriction;
    const ownForms = own && /^[a-z]+$/.test(own) ? [own, ...inflect(singular(own))] : [];
    const restricting = defined.objects.length > 0 ? [...formsOf(RESTRICTING_VERBS), ...ownForms] : [];
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
    all: (text, limit) => {
      const hits = withExclusions
        .all(text, { startsBefore: limit?.startsBefore })
        .filter((h) => h.id !== EXCLUDED && !negatedPrefix(text, h));
      return limit?.max === undefined ? hits : hits.slice(0, limit.max);
    },
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
