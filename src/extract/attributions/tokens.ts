// The sentence view the attribution passes read: a light word tokenisation of one sentence of the
// Doc (quotes, dashes and abbreviations as the rules expect them), each token with the Doc's part
// of speech, plus the small helpers and word classes the passes share.
import type { Span } from '../../model.js';
import { SPEECH_PARTICIPLES } from '../cues.js';

export interface Tok {
  text: string;
  lower: string;
  start: number;
  end: number;
  /** Universal POS tag of the Doc token at this offset ('' when unknown). */
  pos?: string;
  /**
   * The Doc token that covers this token and ends with it (null when none), set by the sentence view:
   * its lemma is read through `lemmaOf`, only where a rule needs it.
   */
  same?: { readonly lemma: string } | null;
}

/** The Doc token's lemma ("withdrew" → "withdraw"); '' when unknown, undefined outside a sentence view. */
export function lemmaOf(t: Tok): string | undefined {
  return t.same === undefined ? undefined : (t.same?.lemma ?? '');
}

export const ABBREV =
  /\b(Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|St|Jr|Sr|Prof|Inc|Corp|Co|Ltd|vs|No|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|[A-Z])\.$/;

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const LETTER = /\p{L}/u;
const SPACE = /\s/u;

/** The length in code units of the code point at `i` (2 for a surrogate pair). */
function pointLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 0xd800 || c > 0xdbff ? 1 : (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
}

const asciiLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const asciiLetterOrDigit = (c: number) => asciiLetter(c) || (c >= 48 && c <= 57);
const codePointString = (text: string, i: number) => String.fromCodePoint(text.codePointAt(i) ?? 0);

// Character classes of the code point at i, ASCII by code (most text needs no regular expression).
function isLetterOrDigitAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return asciiLetterOrDigit(c);
  return i < text.length && LETTER_OR_DIGIT.test(codePointString(text, i));
}
function isLetterAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return asciiLetter(c);
  return i < text.length && LETTER.test(codePointString(text, i));
}
function isSpaceAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return SPACE.test(codePointString(text, i));
}

const APOSTROPHE = 39;
const RIGHT_QUOTE = 0x2019;
const HYPHEN = 45;
const PERIOD = 46;

/**
 * The end of the token starting at `i` (not a space), as the pattern
 * [\p{L}\p{N}](?:[\p{L}\p{N}-]|['’](?=[\p{L}\p{N}])|\.(?=[\p{L}]))*\.?|''|--|[^\s\p{L}\p{N}] reads it: a
 * word (an apostrophe inside it only before a letter or digit, a period only before a letter, one
 * period at its end), '' (a quotation mark, NYT style), -- (a dash, typewriter style) or one other
 * character. Read by character code: every sentence of every article is read so.
 */
function tokenEnd(text: string, i: number): number {
  if (!isLetterOrDigitAt(text, i)) {
    const c = text.charCodeAt(i);
    if ((c === APOSTROPHE || c === HYPHEN) && text.charCodeAt(i + 1) === c) return i + 2;
    return i + pointLength(text, i);
  }
  let j = i + pointLength(text, i);
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === HYPHEN) j++;
    else if (c === APOSTROPHE || c === RIGHT_QUOTE) {
      if (!isLetterOrDigitAt(text, j + 1)) break;
      j++;
    } else if (c === PERIOD) {
      if (!isLetterAt(text, j + 1)) break;
      j++;
    } else if (isLetterOrDigitAt(text, j)) j += pointLength(text, j);
    else break;
  }
  return text.charCodeAt(j) === PERIOD ? j + 1 : j;
}

/** A token of the Doc (document.ts) as the sentence view reads it. */
export interface DocTokenLike {
  start: number;
  end: number;
  text: string;
  lower: string;
  pos: string;
  readonly lemma: string;
}

/**
 * The tokens of body[start, end). With `docTokenAfter` (the Doc token that ends first after an
 * offset, asked in reading order) each token takes that token's part of speech, and its strings when
 * their spans are the same.
 */
export function tokenize(
  body: string,
  start: number,
  end: number,
  docTokenAfter?: (offset: number) => DocTokenLike | undefined,
): Tok[] {
  const toks: Tok[] = [];
  const text = body.slice(0, end);
  let i = start;
  while (i < text.length) {
    if (isSpaceAt(text, i)) {
      i += pointLength(text, i);
      continue;
    }
    let e = tokenEnd(text, i);
    // '' is a quotation mark (NYT style): read as ".
    const quoteMark = e - i === 2 && text.startsWith("''", i);
    // Keep a trailing period only on abbreviations ("U.S.", "Mr.").
    const period = e - i > 1 && text.charCodeAt(e - 1) === PERIOD && text.indexOf('.', i) === e - 1;
    if (!quoteMark && period && !ABBREV.test(text.slice(i, e))) e--;
    toks.push(readToken(text, i, e, quoteMark ? '"' : null, docTokenAfter));
    // A period left off is read again, as a token of its own.
    i = e;
  }
  return toks;
}

/**
 * The token over text[start, end) (or reading as `as`), with the part of speech of its Doc token when
 * asked for, and that token's strings when it spans the same characters (most do: no new strings).
 * `same` is the Doc token that covers the token and ends with it (its lemma is the token's).
 */
function readToken(
  text: string,
  start: number,
  end: number,
  as: string | null,
  docTokenAfter: ((offset: number) => DocTokenLike | undefined) | undefined,
): Tok {
  if (!docTokenAfter) {
    const t = as ?? text.slice(start, end);
    // Every token has the same fields (pos and same unset here), so the rules that read them see one shape.
    return { text: t, lower: t.toLowerCase(), start, end, pos: undefined, same: undefined };
  }
  const dt = docTokenAfter(start);
  const covers = dt !== undefined && dt.start <= start;
  const same = covers && dt.end === end ? dt : null;
  const exact = same !== null && same.start === start;
  const t = as ?? (exact ? same.text : text.slice(start, end));
  const lower = exact && t === same.text ? same.lower : t.toLowerCase();
  return { text: t, lower, start, end, pos: covers ? dt.pos : '', same };
}

/** The token at i, or an empty token at `at` when i is out of range (never undefined). */
export function tokAt(toks: readonly Tok[], i: number): Tok {
  const t = toks[i];
  if (t) return t;
  const edge = i < 0 ? (toks[0]?.start ?? 0) : (toks[toks.length - 1]?.end ?? 0);
  return { text: '', lower: '', start: edge, end: edge, pos: undefined, same: undefined };
}

// The word-class tests below run on every token of every sentence: ASCII is decided by code, and the
// patterns are made once, not on each call.
const UPPER_START = /^\p{Lu}/u;
const WORD_START = /^[\p{L}\p{N}]/u;

/** A capitalised token (its first letter upper case). */
export const isCap = (t: Tok | undefined): boolean => {
  if (t === undefined) return false;
  const c = t.text.charCodeAt(0);
  return c < 128 ? c >= 65 && c <= 90 : UPPER_START.test(t.text);
};
/** A token that starts with a letter or digit. */
export const isWord = (t: Tok | undefined): boolean => {
  if (t === undefined) return false;
  const c = t.text.charCodeAt(0);
  return c < 128 ? asciiLetterOrDigit(c) : WORD_START.test(t.text);
};
/** "Lee's", "the mayor’s": a word with a possessive ending. */
export const isPossessive = (text: string): boolean => text.endsWith("'s") || text.endsWith('’s');
export const OPEN_Q: ReadonlySet<string> = new Set(['“', '"']);
export const CLOSE_Q: ReadonlySet<string> = new Set(['”', '"']);

export function mkSpan(body: string, start: number, end: number): Span {
  return { start, end, text: body.slice(start, end) };
}

export function trimSpan(body: string, start: number, end: number): Span | null {
  while (start < end && /[\s,;:—–-]/.test(body.charAt(start))) start++;
  while (end > start && /[\s,;:.!?—–-]/.test(body.charAt(end - 1))) end--;
  return end - start >= 3 ? mkSpan(body, start, end) : null;
}

/** Past tenses of cue verbs that do not end in -ed ("a source said" is a subject and its verb). */
export const IRREGULAR_PAST: ReadonlySet<string> = new Set(
  'said told wrote thought felt knew saw found spoke made held put read foresaw taught swore forecast understood meant forbade bet hit set let sought fought gave took became got went came kept left led sent won lost'.split(
    ' ',
  ),
);

// "LONDON —", "BEIJING (Reuters) —", "LONDON, March 3, 2025 —", "PARIS, 4 March —": a place in capitals,
// perhaps its date and agency, then a dash.
export const DATELINE =
  /^[\p{Lu}][\p{Lu} .,'’-]{1,40}(?:,\s*(?:\p{Lu}\p{Ll}{2,8}\.?\s+\d{1,2}|\d{1,2}\s+\p{Lu}\p{Ll}{2,8}\.?)(?:,?\s+\d{4})?)?,?\s*(?:\([^)]{1,30}\))?\s*[―—–-]{1,2}\s+/u;

/** "WASHINGTON — …", "BEIJING, Jan. 1 — …": the index of the first token after a dateline (0 if none). */
export function afterDatelineTok(toks: readonly Tok[]): number {
  const first = toks[0]?.text ?? '';
  if (!/^\p{Lu}[\p{Lu}.'’-]+$/u.test(first)) return 0;
  const dash = toks.findIndex((t, i) => i > 0 && i < 8 && /^(?:―|—|–|--)$/.test(t.text));
  return dash > 0 ? dash + 1 : 0;
}

/** Words that open a phrase trailing a cue ("…, X said on Monday, citing …"), not its content. */
export const TRAILING_ADJUNCT =
  /^(on|last|during|citing|adding|according|earlier|yesterday|today|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/;

/** Days, months and times: "said Tuesday" names when, not who. */
export const TIME_WORDS =
  /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|june|july|august|september|october|november|december|today|yesterday|tonight|morning|afternoon|evening|week|weekend|earlier|later|last|this|next)$/;

/** Speech cues that sign off a sentence ("…, officials said."). */
export const SIGN_OFF_CUES: ReadonlySet<string> = new Set(
  'said says claimed claims reported reports added wrote told stated argued insisted warned noted alleged suggested'.split(
    ' ',
  ),
);

/** Plain speech verbs: after a first attribution only these start another one in the sentence. */
export const STRONG_CUES: ReadonlySet<string> = new Set(
  'said says told tells added adds wrote writes asked asks argued argues insisted noted explained stated declared'.split(
    ' ',
  ),
);

/** Words that end a backwards source scan: clause boundaries and verbs of the previous clause. */
export const SOURCE_STOP: ReadonlySet<string> = new Set(
  'that which who but and because while as if when what than so after before since where how why to is are was were be'.split(
    ' ',
  ),
);

export const GROUP_NOUNS =
  /^(officials|sources|experts|analysts|critics|aides|advisers|advisors|lawyers|supporters|officers|investigators|prosecutors|authorities|diplomats|people|observers|voters|democrats|republicans|leaders|polls|spokesman|spokeswoman|spokesperson|official|source|aide|agency|ministry|service|government|campaign|report|poll|survey|study|newspaper|union|party|group|committee|council|company|court|board|commission|administration|team|ad|video|statement|study|report|documents|data)$/;

/** Role nouns that take "to" inside a source ("advisers to the mayor", "ambassador to Russia"). */
export const ROLE_BEFORE_TO =
  /^(advisers?|advisors?|aides?|ambassadors?|envoys?|counsel(?:l)?ors?|assistants?|successors?|heirs?|consultants?)$/;

/** Lower-case words that cannot sit inside a subject noun phrase (verbs, adverbs, pronouns, prepositions). */
export const CLAUSE_WORD =
  /^(?:[a-z]+(?:ed|ly|ing)|his|her|their|its|our|my|your|also|not|did|does|do|has|have|had|will|would|could|should|can|may|might|must|it|he|she|they|we|i|you|him|them|us|me|on|in|at|by|with|from|into|over|about|against|then|there|here|now)$/;

/** Words that open a role aside after a name ("…, director of the institute, said"). */
export const APPOSITIVE_HEADS =
  /^(director|head|chairman|chairwoman|chair|president|spokesman|spokeswoman|spokesperson|professor|author|founder|leader|member|executive|senior|former|chief|co-founder|editor|analyst|economist|lawyer|attorney|adviser|advisor|aide|secretary|minister|ambassador|governor|mayor|senator|representative|deputy|co-editor|researcher|fellow|partner|owner|manager|officer|candidate|nominee|host|correspondent|reporter|expert|strategist|pollster|historian|activist|resident|vice)$/i;

/** A participle cue after the main clause ("…, adding that …"). */
const PARTICIPLE_WORDS = [
  ...new Set([
    ...'adding|arguing|saying|noting|insisting|warning|claiming|explaining|stressing|suggesting|acknowledging|admitting|asserting|contending|maintaining|calling for|urging|promising|vowing|predicting|accusing|blaming|praising|criticizing|criticising|describing|calling|asking|emphasizing|emphasising|announcing|citing|telling|declaring|pointing out|recalling|conceding|lamenting|complaining|alleging|pledging|demanding|questioning|reiterating|repeating|comparing|dismissing|defending|denying|rejecting|welcoming|condemning|highlighting|referring to|referencing|mocking|ridiculing|touting|boasting|stating|cautioning|expressing|labeling|labelling|branding|quoting|blasting|slamming|hailing|lamenting|conceding|disputing|questioning|confirming|revealing|recommending|proposing'.split(
      '|',
    ),
    ...SPEECH_PARTICIPLES,
  ]),
];
export const PARTICIPLE_CUE = new RegExp(
  `,\\s+(${PARTICIPLE_WORDS.sort((a, b) => b.length - a.length).join('|')})\\b(\\s+that)?\\s*`,
  'i',
);
