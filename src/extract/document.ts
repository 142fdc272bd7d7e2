// The document model: one article text read once into tokens (with part of speech and lemma from
// wink-nlp), sentences, quotation marks and clauses, shared by every extraction pass. Offsets are
// exact UTF-16 indexes into the text.
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { clauseBounds } from './clauses.js';
import { CUE_VERBS } from './cues.js';

export interface Token {
  i: number;
  start: number;
  end: number;
  text: string;
  lower: string;
  readonly lemma: string;
  /** Universal POS tag from wink: NOUN VERB PROPN AUX ADP PRON DET ADJ ADV PUNCT CCONJ SCONJ PART NUM … */
  pos: string;
  sentence: number;
}
/** A sentence: its character span and its token range [first, end_). */
export interface Sentence {
  i: number;
  start: number;
  end: number;
  first: number;
  end_: number;
}
/** Token indexes of a pair of double quotation marks; close is null when the quote is never closed. */
export interface Quote {
  open: number;
  close: number | null;
}
/** A clause as a token range [first, end_). */
export interface Clause {
  first: number;
  end_: number;
}
export interface Doc {
  text: string;
  tokens: Token[];
  sentences: Sentence[];
  readonly quotes: Quote[];
  readonly clauses: Clause[];
  tokenAt(offset: number): Token | undefined;
  sentenceOf(tokenIndex: number): Sentence | undefined;
}

// Loaded once per process (~70 ms); sentence boundaries come from the splitter below, wink's sbd is
// needed by its POS tagger.
const nlp = winkNLP(model, ['sbd', 'pos']);
const its = nlp.its;

const ABBREV =
  /\b(Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|St|Jr|Sr|Prof|Inc|Corp|Co|Ltd|vs|No|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|[A-Z])\.$/;

/** Speech verbs that can follow a closing quote ("“…?” Clinton said."): the sentence goes on. */
const IRREGULAR_PAST_CUES = new Set([
  'said',
  'told',
  'wrote',
  'thought',
  'knew',
  'felt',
  'found',
  'sought',
  'spoke',
]);
const TAIL_VERBS = [
  ...[...CUE_VERBS].filter((v) => /(ed|[^s]s)$/.test(v) || IRREGULAR_PAST_CUES.has(v)),
  'continued',
  'shouted',
  'remarked',
].join('|');
const ATTRIBUTION_TAIL = new RegExp(
  `^(?:(?:(?:The|A|An)\\s+)?(?!(?:The|A|An)\\s)(?:[\\p{Lu}][\\p{L}.'’-]*\\s+){1,5}(?:${TAIL_VERBS})\\b|(?:he|she|they|it|we|i|you)\\s+(?:${TAIL_VERBS})\\b|(?:${TAIL_VERBS})\\s+(?:the\\s+)?[\\p{L}])`,
  'u',
);

/** A sign-off that ends within a few words: "Smith said.", "said Smith on Friday.". */
const SHORT_SIGN_OFF = /^[^.!?“”"]{0,45}[.!?]/;

/**
 * Sentence spans: ends at . ! ? (plus closing quotes) before whitespace, or at a blank line. Keeps
 * abbreviations ("Mr."), multi-sentence quotes and a quote followed by its attribution ("“…?” she
 * asked.") in one sentence; a paragraph break always ends one.
 */
export function splitSentences(body: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let start = 0;
  const re = /([.!?]+(?:[”"’)]|'')*)(\s+)|\n\s*\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body)) !== null) {
    if (m[1] === undefined) {
      pushTrimmed(body, out, start, m.index);
      start = m.index + m[0].length;
      continue;
    }
    const endPunct = m.index + m[1].length;
    if (!endsSentence(body, start, m.index, m[1], m[2] ?? '')) continue;
    pushTrimmed(body, out, start, endPunct);
    start = endPunct;
  }
  pushTrimmed(body, out, start, body.length);
  return out;
}

function endsSentence(body: string, start: number, at: number, punct: string, space: string): boolean {
  if (/\n\s*\n/.test(space)) return true;
  const endPunct = at + punct.length;
  const before = body.slice(Math.max(0, at - 6), at + 1);
  const next = body[endPunct + space.length] ?? '';
  // An initial stands before a name; before a quotation mark a capital letter ends the sentence
  // ("… wrote on X. “We are …").
  if (punct === '.' && ABBREV.test(before) && !(/\b[A-Z]\.$/.test(before) && /^[“"]/.test(next)))
    return false;
  if (/[a-z0-9]/.test(next)) return false;
  // "“Why now?” Clinton said.": a quote's own end punctuation does not end the sentence when its
  // attribution follows.
  const afterSpace = endPunct + space.length;
  const tail = body.slice(afterSpace, afterSpace + 90);
  if (/[”"’]$|''$/.test(punct) && !/\n/.test(space) && ATTRIBUTION_TAIL.test(tail)) {
    // After a full stop inside the quote, only a short sign-off ("… basis.” Smith said on Friday.")
    // belongs to it; "… basis.” Paris said it would act …" is the next sentence with its own content.
    if (!punct.startsWith('.') || SHORT_SIGN_OFF.test(tail)) return false;
  }
  // Do not split inside an open quotation: multi-sentence quotes stay one unit.
  const piece = body.slice(start, endPunct);
  const opens = (piece.match(/“/g) ?? []).length;
  const closes = (piece.match(/”/g) ?? []).length;
  const straight = (piece.match(/"|''/g) ?? []).length;
  return !((opens > closes || straight % 2 === 1) && piece.length < 1500);
}

function pushTrimmed(body: string, out: Array<{ start: number; end: number }>, s: number, e: number): void {
  while (s < e && /\s/.test(body.charAt(s))) s++;
  while (e > s && /\s/.test(body.charAt(e - 1))) e--;
  if (e > s) out.push({ start: s, end: e });
}

/**
 * A Doc token. Its lemma is read from wink-nlp only when a rule asks for it (few do: the deeds'
 * verbs), so the lemmatizer does not run over every token of every article.
 */
class DocToken implements Token {
  #lemma: string | undefined;
  constructor(
    public i: number,
    public start: number,
    public end: number,
    public text: string,
    public lower: string,
    public pos: string,
    public sentence: number,
    /** This token's index in wink's document, and the reader of a lemma by that index. */
    private readonly winkIndex: number,
    private readonly lemmaAt: (winkIndex: number) => string | undefined,
  ) {}
  get lemma(): string {
    this.#lemma ??= this.lemmaAt(this.winkIndex) ?? this.lower;
    return this.#lemma;
  }
}

/**
 * Places each wink token in the text: at the next non-space character when it reads the same there,
 * else at its next occurrence nearby, else (a normalised form not in the text) over the next
 * characters. Sentence numbers are set by the caller.
 */
function placeTokens(text: string): Token[] {
  const d = nlp.readDoc(text);
  const winkTokens = d.tokens();
  const values = winkTokens.out(its.value) as string[];
  const pos = winkTokens.out(its.pos) as string[];
  // The typings declare its.lemma with the model's addons; at run time out() supplies them.
  const lemmaAt = (w: number) =>
    winkTokens.itemAt(w).out(its.lemma as unknown as typeof its.value) as string | undefined;
  const out: Token[] = [];
  let cursor = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] ?? '';
    let start = cursor;
    while (start < text.length && isSpace(text.charCodeAt(start))) start++;
    if (value.length === 0 || start >= text.length || isSpace(value.charCodeAt(0))) continue;
    if (!text.startsWith(value, start)) {
      const found = text.indexOf(value, start);
      if (found >= 0 && found - start < 200) start = found;
    }
    const end = Math.min(text.length, start + value.length);
    const t = text.slice(start, end);
    out.push(new DocToken(out.length, start, end, t, t.toLowerCase(), pos[i] ?? 'X', -1, i, lemmaAt));
    cursor = end;
  }
  return out;
}
const WHITESPACE = /\s/;
/** Whitespace by code unit: the ASCII cases without a regular expression, the rest by \s. */
function isSpace(code: number): boolean {
  if (code === 32 || (code >= 9 && code <= 13)) return true;
  return code > 127 && WHITESPACE.test(String.fromCharCode(code));
}

const OPEN_QUOTES = new Set(['“', '"', "''", '„']);
/** The first characters of OPEN_QUOTES and CLOSE_QUOTES, and of "'" (half of ''). */
const QUOTE_STARTS = new Set([...'“"„”\''].map((c) => c.charCodeAt(0)));
const CLOSE_QUOTES = new Set(['”', '"', "''"]);

/** Pairs double quotation marks (straight and curly) in reading order; a paragraph break closes none. */
function pairQuotes(tokens: Token[]): Quote[] {
  const out: Quote[] = [];
  let open: Token | null = null;
  for (const t of tokens) {
    // Only a token that starts with a quotation mark can open or close a quote.
    if (!QUOTE_STARTS.has(t.text.charCodeAt(0))) continue;
    const q =
      t.text === "'" && tokens[t.i + 1]?.text === "'" && tokens[t.i + 1]?.start === t.end ? "''" : t.text;
    if (open === null && OPEN_QUOTES.has(q) && q !== '”') open = t;
    else if (open !== null && CLOSE_QUOTES.has(q) && q !== '“') {
      out.push({ open: open.i, close: t.i });
      open = null;
    } else if (open !== null && t.sentence !== open.sentence && (q === '“' || q === '"')) {
      // A new opening mark in another sentence: the previous quote was never closed.
      out.push({ open: open.i, close: null });
      open = t;
    }
  }
  if (open !== null) out.push({ open: open.i, close: null });
  return out;
}

/** A sentence's clauses, cut by the one set of clause rules (clauses.ts) and mapped to tokens. */
function findClauses(text: string, tokens: Token[], sentences: Sentence[]): Clause[] {
  const out: Clause[] = [];
  for (const s of sentences) {
    for (const [a, b] of clauseBounds(text.slice(s.start, s.end))) {
      const first = Math.max(s.first, lowerBound(tokens, s.start + a));
      const end_ = Math.min(s.end_, lowerBound(tokens, s.start + b));
      if (end_ > first) out.push({ first, end_ });
    }
  }
  return out;
}

function lowerBound(tokens: Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((tokens[mid]?.end ?? 0) <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Reads an article text into the shared document model. */
export function buildDocument(text: string): Doc {
  const placed = text.length > 0 ? placeTokens(text) : [];
  const spans = splitSentences(text);
  const tokens: Token[] = [];
  const sentences: Sentence[] = [];
  let r = 0;
  for (const span of spans) {
    // Tokens between sentences (none but stray whitespace forms) are left out.
    while (r < placed.length && (placed[r]?.start ?? 0) < span.start) r++;
    const first = tokens.length;
    for (; r < placed.length; r++) {
      const t = placed[r];
      if (!t || t.start >= span.end) break;
      t.i = tokens.length;
      t.sentence = sentences.length;
      tokens.push(t);
    }
    sentences.push({ i: sentences.length, start: span.start, end: span.end, first, end_: tokens.length });
  }
  let quotes: Quote[] | undefined;
  let clauses: Clause[] | undefined;
  return {
    text,
    tokens,
    sentences,
    // Paired and cut on first use: only the deed pass reads the document's quotes (a subordinate act
    // inside quotation marks is the speaker's words) and none its clauses (a sentence's view pairs its
    // own quotes; statements cut their own clauses).
    get quotes() {
      quotes ??= pairQuotes(tokens);
      return quotes;
    },
    get clauses() {
      clauses ??= findClauses(text, tokens, sentences);
      return clauses;
    },
    tokenAt(offset) {
      const t = tokens[lowerBound(tokens, offset)];
      return t && t.start <= offset && offset < t.end ? t : undefined;
    },
    sentenceOf(tokenIndex) {
      const t = tokens[tokenIndex];
      return t ? sentences[t.sentence] : undefined;
    },
  };
}
