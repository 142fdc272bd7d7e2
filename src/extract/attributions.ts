// Attribution extraction: who said / believes what, as spans into the article body.
// Rule-based over a light tokenisation so it runs in well under a millisecond per article;
// the rules key on cue words, quotes and punctuation, never on particular names or topics.
import type { Attribution, Span, Speaker } from '../model.js';
import {
  ALLEGATION_MARKERS,
  CUE_FILLERS,
  CUE_NOUNS,
  CUE_VERBS,
  NOUNISH_CUES,
  PRONOUNS,
  TITLES,
} from './cues.js';
import { createSpeakerTracker } from './speakers.js';

export interface Tok {
  text: string;
  lower: string;
  start: number;
  end: number;
}

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

const ABBREV =
  /\b(Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|St|Jr|Sr|Prof|Inc|Corp|Co|Ltd|vs|No|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|[A-Z])\.$/;

const TAIL_VERBS = [
  ...[...CUE_VERBS].filter((v) => /(ed|[^s]s)$/.test(v) || IRREGULAR_PAST_CUES.has(v)),
  'continued',
  'shouted',
  'remarked',
].join('|');
const ATTRIBUTION_TAIL = new RegExp(
  `^(?:(?:[\\p{Lu}][\\p{L}.'’-]*\\s+){1,5}(?:${TAIL_VERBS})\\b|(?:he|she|they|it|we|i|you)\\s+(?:${TAIL_VERBS})\\b|(?:${TAIL_VERBS})\\s+(?:the\\s+)?[\\p{L}])`,
  'u',
);

/** Sentence spans: ends at . ! ? (plus closing quotes) before whitespace, or at a blank line. */
export function splitSentences(body: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let start = 0;
  const re = /([.!?]+(?:[”"’)]|'')*)(\s+)|\n\s*\n/g;
  let m: RegExpExecArray | null;
  const push = (s: number, e: number): void => {
    while (s < e && /\s/.test(body[s]!)) s++;
    while (e > s && /\s/.test(body[e - 1]!)) e--;
    if (e > s) out.push({ start: s, end: e });
  };
  while ((m = re.exec(body)) !== null) {
    if (m[1] !== undefined) {
      const endPunct = m.index + m[1].length;
      const before = body.slice(Math.max(0, m.index - 6), m.index + 1);
      const next = body[endPunct + (m[2]?.length ?? 0)] ?? '';
      // A paragraph break always ends a sentence.
      const paragraphEnd = /\n\s*\n/.test(m[2] ?? '');
      if (!paragraphEnd && m[1] === '.' && ABBREV.test(before)) continue;
      if (!paragraphEnd && /[a-z0-9]/.test(next)) continue;
      // "“Why now?” Clinton said." — a quote's own end punctuation does not end the sentence when its
      // attribution follows.
      if (
        /[”"’]$|''$/.test(m[1]) &&
        !/\n/.test(m[2] ?? '') &&
        ATTRIBUTION_TAIL.test(body.slice(endPunct + (m[2]?.length ?? 0), endPunct + 90))
      )
        continue;
      // Do not split inside an open quotation: multi-sentence quotes stay one unit.
      const piece = body.slice(start, endPunct);
      const opens = (piece.match(/“/g) ?? []).length;
      const closes = (piece.match(/”/g) ?? []).length;
      const straight = (piece.match(/"|''/g) ?? []).length;
      if (!paragraphEnd && (opens > closes || straight % 2 === 1) && piece.length < 1500) continue;
      push(start, endPunct);
      start = endPunct;
    } else {
      push(start, m.index);
      start = m.index + m[0].length;
    }
  }
  push(start, body.length);
  return out;
}

export function tokenize(body: string, start: number, end: number): Tok[] {
  const toks: Tok[] = [];
  // An apostrophe belongs to a word only before a letter ("don't"); '' is a quotation mark (NYT style)
  // and -- a dash (typewriter style).
  const re =
    /[\p{L}\p{N}](?:[\p{L}\p{N}-]|['’](?=[\p{L}\p{N}])|\.(?=[\p{L}]))*\.?|''|--|[“”"‘’]|[^\s\p{L}\p{N}]/gu;
  re.lastIndex = start;
  const text = body.slice(0, end);
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    let t = m[0];
    if (t === "''") {
      toks.push({ text: '"', lower: '"', start: m.index, end: m.index + 2 });
      continue;
    }
    // Keep a trailing period only on abbreviations ("U.S.", "Mr.").
    if (t.length > 1 && t.endsWith('.') && !/\./.test(t.slice(0, -1)) && !ABBREV.test(t)) {
      t = t.slice(0, -1);
    }
    toks.push({ text: t, lower: t.toLowerCase(), start: m.index, end: m.index + t.length });
    if (t.length < m[0].length) re.lastIndex = m.index + t.length;
  }
  return toks;
}

/** Past tenses of cue verbs that do not end in -ed ("a source said" is a subject and its verb). */
const IRREGULAR_PAST = new Set([
  'said',
  'told',
  'wrote',
  'thought',
  'felt',
  'knew',
  'saw',
  'found',
  'spoke',
  'made',
  'held',
  'put',
  'read',
  'foresaw',
  'taught',
  'swore',
  'forecast',
  'understood',
  'meant',
  'forbade',
  'bet',
  'hit',
  'set',
  'let',
  'sought',
  'fought',
  'gave',
  'took',
  'became',
  'got',
  'went',
  'came',
  'kept',
  'left',
  'led',
  'sent',
  'won',
  'lost',
]);

/** Words that open a phrase trailing a cue ("…, X said on Monday, citing …"), not its content. */
const TRAILING_ADJUNCT =
  /^(on|last|during|citing|adding|according|earlier|yesterday|today|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/;

/** All that follows a cue is where or how it was said ("…, X said in a statement on Friday."). */
const ONLY_ADJUNCT = /^\s*(?:in|at|during|via|through|to|on)\s(?![^.!?]*\bthat\b)[^,;:“”"]{0,70}[.!?]?\s*$/;

const TOLD_WHOM = /^\s*(?![^.!?]*\bthat\b)(?:[\p{L}\p{N}'’.-]+\s*){1,9}[.!?]?\s*$/u;

/** Words that open a role aside after a name ("…, director of the institute, said"). */
const APPOSITIVE_HEADS =
  /^(director|head|chairman|chairwoman|chair|president|spokesman|spokeswoman|spokesperson|professor|author|founder|leader|member|executive|senior|former|chief|co-founder|editor|analyst|economist|lawyer|attorney|adviser|advisor|aide|secretary|minister|ambassador|governor|mayor|senator|representative|deputy|co-editor|researcher|fellow|partner|owner|manager|officer|candidate|nominee|host|correspondent|reporter|expert|strategist|pollster|historian|activist|resident|vice)$/i;

/** "is (once again) questioning", "are demanding": a progressive form of a cue verb after a form of "be". */
function isProgressiveCue(toks: Tok[], k: number): boolean {
  const w = toks[k]!.lower;
  if (!w.endsWith('ing') || w.length < 6) return false;
  const stem = w.slice(0, -3);
  const base = [stem, `${stem}e`, stem.replace(/(.)\1$/, '$1')];
  if (!base.some((b) => CUE_VERBS.has(b) || CUE_VERBS.has(`${b}s`))) return false;
  for (let i = k - 1; i >= 0 && k - i <= 4; i--) {
    const x = toks[i]!.lower;
    if (/^(is|are|was|were|been|be|['’]s|['’]re)$/.test(x)) return true;
    if (!/^(also|once|again|now|still|already|even|increasingly|openly|publicly|repeatedly|not)$/.test(x))
      return false;
  }
  return false;
}

/** Verbs that report a finding only with "that" after them ("the court ruled that …", not "ruled the city"). */
const THAT_CUES = new Set([
  'discovered',
  'discovers',
  'determined',
  'determines',
  'established',
  'ruled',
  'rules',
  'demonstrated',
  'demonstrates',
]);

/** Days, months and times: "said Tuesday" names when, not who. */
const TIME_WORDS =
  /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|june|july|august|september|october|november|december|today|yesterday|tonight|morning|afternoon|evening|week|weekend|earlier|later|last|this|next)$/;

/** Speech cues that sign off a sentence ("…, officials said."). */
const SIGN_OFF_CUES = new Set([
  'said',
  'says',
  'claimed',
  'claims',
  'reported',
  'reports',
  'added',
  'wrote',
  'told',
  'stated',
  'argued',
  'insisted',
  'warned',
  'noted',
  'alleged',
  'suggested',
]);

const STRONG_CUES = new Set([
  'said',
  'says',
  'told',
  'tells',
  'added',
  'adds',
  'wrote',
  'writes',
  'asked',
  'asks',
  'argued',
  'argues',
  'insisted',
  'noted',
  'explained',
  'stated',
  'declared',
]);

const isCap = (t: Tok): boolean => /^\p{Lu}/u.test(t.text);

/**
 * The comma before a sentence-final "…, <source> <speech cue> [when/where]." (a short source of up to
 * six words, a speech cue, then only an adjunct), or -1.
 */
function signOff(toks: Tok[]): { comma: number; cue: number } | null {
  let end = toks.length;
  while (end > 0 && /^[.!?”"’]$/.test(toks[end - 1]!.text)) end--;
  // "…, said Ina Vale, a senior fellow at the institute.": the cue first, then the source.
  for (let c = Math.max(1, end - 22); c < end - 1; c++) {
    if (toks[c]!.text !== ',' || !SIGN_OFF_CUES.has(toks[c + 1]!.lower)) continue;
    const first = toks[c + 2];
    const rest = toks.slice(c + 2, end);
    if (
      c > 2 &&
      first &&
      (isCap(first) || /^(the|a|an)$/.test(first.lower)) &&
      rest.every((x) => (isWord(x) || /^[,.()'’-]$/.test(x.text)) && !STRONG_CUES.has(x.lower))
    )
      return { comma: c, cue: c + 1 };
  }
  for (let c = end - 1; c > 0 && end - c <= 14; c--) {
    const t = toks[c]!;
    if (t.text === ',' || OPEN_Q.has(t.text) || CLOSE_Q.has(t.text)) return null;
    if (!SIGN_OFF_CUES.has(t.lower)) continue;
    let b = c - 1;
    while (b >= 0 && toks[b]!.text !== ',' && c - b <= 7) b--;
    if (b <= 2 || toks[b]!.text !== ',' || c - b < 2) return null;
    const source = toks.slice(b + 1, c);
    if (!source.every((x) => isWord(x) && !SIGN_OFF_CUES.has(x.lower) && !STRONG_CUES.has(x.lower)))
      return null;
    // Then nothing, a when or where, or ", citing …".
    const after = toks.slice(c + 1, end).filter((x, i) => i > 0 || x.text !== ',');
    if (after.length > 0 && !TRAILING_ADJUNCT.test(after[0]!.lower) && !/^(in|at|to)$/.test(after[0]!.lower))
      return null;
    return { comma: b, cue: c };
  }
  return null;
}
const isWord = (t: Tok): boolean => /^[\p{L}\p{N}]/u.test(t.text);
const OPEN_Q = new Set(['“', '"']);
const CLOSE_Q = new Set(['”', '"']);

/** Words that end a backwards source scan: clause boundaries and verbs of the previous clause. */
const SOURCE_STOP = new Set([
  'that',
  'which',
  'who',
  'but',
  'and',
  'because',
  'while',
  'as',
  'if',
  'when',
  'what',
  'than',
  'so',
  'after',
  'before',
  'since',
  'where',
  'how',
  'why',
  'to',
  'is',
  'are',
  'was',
  'were',
  'be',
]);
const GROUP_NOUNS =
  /^(officials|sources|experts|analysts|critics|aides|advisers|advisors|lawyers|supporters|officers|investigators|prosecutors|authorities|diplomats|people|observers|voters|democrats|republicans|leaders|polls|spokesman|spokeswoman|spokesperson|official|source|aide|agency|ministry|service|government|campaign|report|poll|survey|study|newspaper|union|party|group|committee|council|company|court|board|commission|administration|team|ad|video|statement|study|report|documents|data)$/;

/** Lower-case words that cannot sit inside a subject noun phrase (verbs, adverbs, possessives). */
/** Role nouns that take "to" inside a source ("advisers to the mayor", "ambassador to Russia"). */
const ROLE_BEFORE_TO =
  /^(advisers?|advisors?|aides?|ambassadors?|envoys?|counsel(?:l)?ors?|assistants?|successors?|heirs?|consultants?)$/;

const CLAUSE_WORD =
  /^(?:[a-z]+(?:ed|ly|ing)|his|her|their|its|our|my|your|also|not|did|does|do|has|have|had|will|would|could|should|can|may|might|must|it|he|she|they|we|i|you|him|them|us|me|on|in|at|by|with|from|into|over|about|against|then|there|here|now)$/;

/** Nouns ending in -ly, which are not adverbs. */
const LY_NOUNS =
  /^(family|ally|rally|assembly|supply|reply|july|italy|bully|belly|lily|jelly|anomaly|monopoly|homily)$/;

/** Auxiliaries, negations and adverbs between a subject and its cue ("did not immediately respond"). */
function isFiller(t: Tok): boolean {
  return (
    CUE_FILLERS.has(t.lower) ||
    /^[a-z]+n['’]t$/.test(t.lower) ||
    (/^[a-z]{3,}ly$/.test(t.text) && !LY_NOUNS.test(t.lower))
  );
}

/** Verbs that take a "to" infinitive whose subject is theirs ("appeared to suggest"). */
const CONTROL_VERBS =
  /^(appeared|appears|appear|seemed|seems|seem|tried|tries|try|sought|seeks|wanted|wants|want|continued|continues|declined|declines|refused|refuses|yet|began|begins|vowed|vows|plans|planned|hopes|hoped|expects|expected|decided|decides|agreed|agrees|failed|fails|needs|needed|used|moved|moves|rushed|managed|went|goes|promised|promises|threatened|threatens|asked|urged|forced|pressed|pushed|called|declined|chose|chooses|wished|wishes|intends|intended|hesitated|dared|got|came|ought|have|has|had)$/;

const FUNCTION_OPENERS =
  /^(however|though|although|in|on|at|but|and|yet|still|meanwhile|instead|also|even|indeed|moreover|then|so|after|before|when|while|if|as|because|since|despite|with|without|for|from|by|under|over|last|this|that|these|those|now|here|there)$/;

/** Scans back from a cue for its subject; returns token index range or null. */
function sourceBefore(toks: Tok[], cueIdx: number, floor: number): [number, number] | null {
  let j = cueIdx - 1;
  while (j >= floor && isFiller(toks[j]!)) j--;
  // "appeared to suggest", "has yet to explain", "declined to say": the subject is the control verb's.
  if (toks[j]?.lower === 'to' && j - 1 > floor && CONTROL_VERBS.test(toks[j - 1]!.lower)) {
    j -= 2;
    while (j >= floor && isFiller(toks[j]!)) j--;
  }
  // "The film ― which weaves … ― explains": a dashed aside after the subject.
  if (toks[j] && /^(―|—|–|--)$/.test(toks[j]!.text)) {
    const open = toks[j]!.text;
    let o = j - 1;
    while (o > floor && toks[o]!.text !== open && j - o < 40) o--;
    if (o > floor && toks[o]!.text === open && isWord(toks[o - 1]!)) j = o - 1;
  }
  if (j < floor) return null;
  // "Rep. Jane Roe (D-Ore.) said": a short parenthetical after the name belongs to the source.
  let parenEnd = -1;
  if (toks[j]!.text === ')') {
    let o = j - 1;
    while (o > floor && toks[o]!.text !== '(' && j - o < 8) o--;
    if (toks[o]?.text === '(' && o - 1 >= floor && isWord(toks[o - 1]!)) {
      parenEnd = j;
      j = o - 1;
    }
  }
  // "condemned the test and pledged …": a cue after "and" shares the sentence's subject.
  if (toks[j]!.lower === 'and') {
    let n = floor;
    while (n < j && n - floor < 5 && isCap(toks[n]!) && isWord(toks[n]!)) n++;
    return n > floor && !TIME_WORDS.test(toks[floor]!.lower) ? [floor, n - 1] : null;
  }
  const last = toks[j]!;
  if (!isWord(last)) return null;
  if (TIME_WORDS.test(last.lower)) return null;
  // "Kamin, who emphasized that …": the relative pronoun is the source (it stands for the name).
  if (/^(who|which)$/.test(last.lower) && j > floor && (toks[j - 1]!.text === ',' || isCap(toks[j - 1]!)))
    return [j, j];
  const end = j;
  let i = j;
  while (i - 1 >= floor && end - (i - 1) < 8) {
    const t = toks[i - 1]!;
    // A plural possessive ("the dockworkers’ union") keeps its apostrophe inside the phrase.
    const pluralPossessive = /^['’]$/.test(t.text) && /s$/.test(toks[i - 2]?.lower ?? '') && i - 2 >= floor;
    if (!isWord(t) && t.text !== "'s" && t.text !== '’s' && !pluralPossessive) break;
    // "Mr. Grassley and Mr. Leahy say": "and" between names joins one source.
    const joinsNames = t.lower === 'and' && isCap(toks[i]!) && i - 2 >= floor && isCap(toks[i - 2]!);
    // "state media", "press office": a noun-like cue word before the head is part of the phrase.
    const modifier = NOUNISH_CUES.has(t.lower) && !isCap(t);
    // "advisers to the mayor", "ambassador to Russia": "to" inside a role phrase.
    const roleTo = t.lower === 'to' && i - 2 >= floor && ROLE_BEFORE_TO.test(toks[i - 2]!.lower);
    if (
      !joinsNames &&
      ((SOURCE_STOP.has(t.lower) && !roleTo) ||
        (CUE_VERBS.has(t.lower) && !modifier) ||
        CLAUSE_WORD.test(t.text))
    )
      break;
    i--;
  }
  // "Officials approached by Bloomberg said …": the agent of a passive participle is not the speaker;
  // the subject before the participle is.
  const by = toks[i - 1];
  const participle = toks[i - 2];
  if (by?.lower === 'by' && participle && /ed$/.test(participle.lower) && i - 3 >= floor) {
    const subject = sourceBefore(toks, i - 2, floor);
    if (subject) return subject;
  }
  // Trim to start at a determiner, a capitalised word or a title.
  const span = toks.slice(i, end + 1);
  const hasHead =
    PRONOUNS.has(last.lower) ||
    isCap(last) ||
    GROUP_NOUNS.test(last.lower) ||
    TITLES.has(last.lower) ||
    span.some((t) => isCap(t) && t.start !== toks[floor]?.start);
  // A sentence-initial noun phrase is a subject ("The union called for …", "Several members said …").
  // So is one opening a clause after a conjunction or comma ("…, but several lawmakers said …").
  const clauseOpen =
    i === floor ||
    /^(,|;|—|–|but|and|while|as|because|although|though|yet|so|since|after|when|if)$/.test(
      toks[i - 1]!.lower,
    );
  const initialNp =
    clauseOpen &&
    end - i <= 5 &&
    (/^(the|a|an|several|many|some|most|few|both|all|two|three|four|five|other|top|senior|local|state|federal)$/.test(
      toks[i]!.lower,
    ) ||
      isCap(toks[i]!)) &&
    !/ly$/.test(last.lower);
  if (!hasHead && !initialNp) return null;
  if (PRONOUNS.has(last.lower)) return [end, end];
  // "However, …", "Though …", "In …": a capitalised function word opening the sentence is not a name.
  while (i <= end && FUNCTION_OPENERS.test(toks[i]!.lower) && toks[i]!.start === toks[floor]!.start) i++;
  if (i > end) return null;
  // Drop leading lower-case non-determiner words (belong to the previous clause), unless a comma opens
  // the phrase ("…, top harbour officials said").
  const afterComma = i > floor && toks[i - 1]!.text === ',';
  while (
    !afterComma &&
    i < end &&
    !isCap(toks[i]!) &&
    !(ROLE_BEFORE_TO.test(toks[i]!.lower) && toks[i + 1]?.lower === 'to') &&
    !/^(the|a|an|u\.s\.)$/.test(toks[i]!.lower) &&
    !TITLES.has(toks[i]!.lower)
  )
    i++;
  return [i, parenEnd >= 0 ? parenEnd : end];
}

/** "Jane Roe, who said …": the name a relative pronoun stands for, or null when it is not one. */
function relativeAntecedent(body: string, toks: Tok[], at: number): string | null {
  if (!/^(who|which)$/.test(toks[at]!.lower)) return null;
  let e = at - 1;
  if (toks[e]?.text === ',') e--;
  let b = e;
  while (b - 1 >= 0 && isCap(toks[b - 1]!) && isWord(toks[b - 1]!) && e - b < 4) b--;
  if (b > e || !isCap(toks[e]!)) return null;
  return body.slice(toks[b]!.start, toks[e]!.end);
}

/** A participle after a form of "be" (adverbs between): "was first reported". */
function isPassive(toks: Tok[], k: number): boolean {
  let a = k - 1;
  while (a >= 0 && /^[a-z]{3,}ly$/.test(toks[a]!.text)) a--;
  return a >= 0 && /^(is|are|was|were|been|be|being)$/.test(toks[a]!.lower);
}

/**
 * "The plan was endorsed by the union": the agent after "by" is the source and the subject is what
 * it endorsed. Needs a form of "be" before the participle and a short agent phrase after "by".
 */
function passiveAttribution(
  body: string,
  toks: Tok[],
  k: number,
  cueEnd: number,
): { source: Span; cue: Span; content: Span } | null {
  const t = toks[k]!;
  if (!/ed$/.test(t.lower) && !IRREGULAR_PAST.has(t.lower)) return null;
  let a = k - 1;
  while (a >= 0 && /^[a-z]{3,}ly$/.test(toks[a]!.text)) a--;
  if (!toks[a] || !/^(is|are|was|were|been|be)$/.test(toks[a]!.lower)) return null;
  let aux = a;
  while (aux - 1 >= 0 && /^(has|have|had|will|would|could|may|might|not|also)$/.test(toks[aux - 1]!.lower))
    aux--;
  // The agent: up to a comma, a clause word or the end, at most ten words, with a name or a head noun.
  const s0 = cueEnd + 2;
  let e = s0;
  while (e < toks.length && isWord(toks[e]!) && e - s0 < 10 && !SOURCE_STOP.has(toks[e]!.lower)) e++;
  if (e === s0) return null;
  const agent = toks.slice(s0, e);
  if (!agent.some((x) => isCap(x) || GROUP_NOUNS.test(x.lower) || /s$/.test(x.lower))) return null;
  // The subject: back from the auxiliary to a clause boundary.
  let b = aux;
  while (b - 1 >= 0 && isWord(toks[b - 1]!) && !SOURCE_STOP.has(toks[b - 1]!.lower) && aux - b < 12) b--;
  if (b === aux) return null;
  const content = trimSpan(body, toks[b]!.start, toks[aux - 1]!.end);
  if (!content) return null;
  return {
    source: mkSpan(body, toks[s0]!.start, toks[e - 1]!.end),
    cue: mkSpan(body, toks[a]!.start, toks[cueEnd + 1]!.end),
    content,
  };
}

/** True when the subject follows the cue ("…," said the minister, "…"). */
function srcAfterCue(toks: Tok[], cueIdx: number): boolean {
  const prev = toks[cueIdx - 1];
  return prev !== undefined && (prev.text === ',' || CLOSE_Q.has(prev.text));
}

/**
 * "The campaign chairman, Phil Lovas, said …", "Trump, speaking to veterans, said …": the subject is
 * the noun phrase opening the clause before the aside that ends at `comma`.
 */
function subjectBeforeAside(toks: Tok[], comma: number): [number, number] | null {
  let c = comma - 1;
  while (c >= 0 && toks[c]!.text !== ',' && comma - c <= 25) c--;
  if (c <= 0 || toks[c]!.text !== ',' || inQuoteMarks(toks, c, comma)) return null;
  let b = c - 1;
  while (b - 1 >= 0 && isWord(toks[b - 1]!) && c - b < 8) b--;
  const opens = b === 0 || /^[,;:(—–-]$/.test(toks[b - 1]!.text);
  if (!opens) return null;
  const np = toks.slice(b, c);
  const last = np[np.length - 1];
  if (
    !last ||
    np.some((x) => SOURCE_STOP.has(x.lower) || (CLAUSE_WORD.test(x.text) && !/['’]s$/.test(x.text)))
  )
    return null;
  const headed =
    np.some((x) => isCap(x) && x !== np[0]) ||
    isCap(last) ||
    GROUP_NOUNS.test(last.lower) ||
    TITLES.has(last.lower) ||
    PRONOUNS.has(last.lower);
  return headed ? [b, c - 1] : null;
}

/** True when a quotation mark sits between two token indexes. */
function inQuoteMarks(toks: Tok[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (OPEN_Q.has(toks[i]!.text) || CLOSE_Q.has(toks[i]!.text)) return true;
  return false;
}

/**
 * A bare form (say, claim, respond) is a verb after a plural subject, I/we/you/they, "to", a modal or
 * a negation, possibly with adverbs between ("did not immediately respond").
 */
function bareVerbContext(toks: Tok[], k: number, src: [number, number]): boolean {
  for (let f = k - 1; f >= 0 && f >= src[1]; f--) {
    const w = toks[f]!.lower;
    if (/^(i|we|you|they|will|would|could|should|may|might|must|can|to|not|never|did|do)$/.test(w))
      return true;
    if (/n['’]t$/.test(w)) return true;
    if (f === src[1])
      return (
        /(s|people|police|staff)$/i.test(w) ||
        toks
          .slice(src[0], src[1] + 1)
          .some(
            (x, i, all) =>
              x.lower === 'and' ||
              (/s$/.test(x.lower) && ROLE_BEFORE_TO.test(x.lower) && all[i + 1]?.lower === 'to'),
          )
      );
    if (!isFiller(toks[f]!)) return false;
  }
  return false;
}

/**
 * The comma that opens the clause of a source starting at `srcStart`, past lower-case modifiers the
 * source scan dropped ("…, harbour officials said"); -1 when there is none.
 */
function commaBefore(toks: Tok[], srcStart: number): number {
  let i = srcStart - 1;
  while (
    i > 0 &&
    srcStart - i <= 3 &&
    /^\p{Ll}[\p{L}-]*$/u.test(toks[i]!.text) &&
    !SOURCE_STOP.has(toks[i]!.lower)
  )
    i--;
  return toks[i]?.text === ',' ? i : -1;
}

/**
 * "The plan, officials said, would cost billions": a source and cue set off by commas inside the
 * sentence, with a clause on each side. Returns the index of the closing comma, or -1.
 */
function interposedAt(toks: Tok[], srcStart: number, cueEnd: number): number {
  if (srcStart < 2 || toks[srcStart - 1]!.text !== ',') return -1;
  // At most a short when or where between the cue and the closing comma ("said on Monday,").
  let c = cueEnd + 1;
  while (c < toks.length && c - cueEnd <= 4 && toks[c]!.text !== ',') {
    if (
      !isWord(toks[c]!) ||
      (c === cueEnd + 1 && !TRAILING_ADJUNCT.test(toks[c]!.lower) && !/^(in|at)$/.test(toks[c]!.lower))
    )
      return -1;
    c++;
  }
  if (toks[c]?.text !== ',') return -1;
  // A clause follows: at least three more words, not a participle of the speaker's ("…, adding").
  const rest = toks.slice(c + 1).filter(isWord);
  // (A subordinate clause there is the writer's: "…, officials said Friday, as they bristled at …".)
  if (
    rest.length < 2 ||
    TRAILING_ADJUNCT.test(rest[0]!.lower) ||
    /ing$/.test(rest[0]!.lower) ||
    /^(as|while|when|after|before|because|since|although|though|if|amid|even|which|who|where)$/.test(
      rest[0]!.lower,
    )
  )
    return -1;
  // …and the part before the aside has words of its own.
  return toks.slice(0, srcStart - 1).filter(isWord).length >= 2 ? c : -1;
}

/** Rough start of the subject before a cue, for quote adjacency checks. */
function srcGuess(toks: Tok[], cueIdx: number): number {
  let j = cueIdx - 1;
  while (j > 0 && isWord(toks[j]!) && cueIdx - j < 8) j--;
  return j;
}

/** Scans forward from an inverted cue (", said the minister") for its subject. */
function sourceAfter(toks: Tok[], cueIdx: number, ceil: number): [number, number] | null {
  const i = cueIdx + 1;
  if (toks[i] && TIME_WORDS.test(toks[i]!.lower)) return null;
  let j = i;
  while (j < ceil && isWord(toks[j]!) && j - i < 10 && !SOURCE_STOP.has(toks[j]!.lower)) j++;
  if (j === i) return null;
  // The source of an inverted cue is a short phrase closed by punctuation or the sentence end;
  // words running on ("said he would …") are the content of a plain cue.
  if ((j < ceil && isWord(toks[j]!)) || j - i >= 10) return null;
  if (
    toks
      .slice(i, j)
      .some((t) =>
        /^(would|will|could|should|can|may|might|must|is|are|was|were|has|have|had|did|does|do)$/.test(
          t.lower,
        ),
      )
  )
    return null;
  const span = toks.slice(i, j);
  if (
    !span.some((t) => isCap(t) || PRONOUNS.has(t.lower) || GROUP_NOUNS.test(t.lower) || TITLES.has(t.lower))
  )
    return null;
  return [i, j - 1];
}

function mkSpan(body: string, start: number, end: number): Span {
  return { start, end, text: body.slice(start, end) };
}

function trimSpan(body: string, start: number, end: number): Span | null {
  while (start < end && /[\s,;:—–-]/.test(body[start]!)) start++;
  while (end > start && /[\s,;:.!?—–-]/.test(body[end - 1]!)) end--;
  return end - start >= 3 ? mkSpan(body, start, end) : null;
}

interface Quote {
  open: number;
  close: number; // token indexes
}

function findQuotes(toks: Tok[]): Quote[] {
  const out: Quote[] = [];
  let open = -1;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!.text;
    if (open < 0 && OPEN_Q.has(t) && t !== '”') open = i;
    else if (open >= 0 && CLOSE_Q.has(t) && t !== '“') {
      out.push({ open, close: i });
      open = -1;
    }
  }
  if (open >= 0) out.push({ open, close: toks.length });
  return out;
}

/**
 * A source is a noun phrase: it neither ends in a function word ("Twitter overnight to" before an
 * infinitive, "Patriot could" before a modal's verb) nor starts with a preposition ("of RT").
 */
function plausibleSource(text: string): boolean {
  return (
    !/\b(to|could|would|should|will|can|may|might|must|of|in|on|at|for|with|from|by|the|a|an|and|or)$/i.test(
      text,
    ) && !/^(of|in|on|at|to|for|with|from|into|about|after|before|during|since|once)\b/i.test(text)
  );
}

/**
 * "said in his interview", "said Friday as he entered the talks": a short unquoted "content" that is
 * only the when or where of a statement whose words are elsewhere.
 */
function occasionOnly(a: Attribution): boolean {
  if (a.kind !== 'indirect' || a.content.fragments) return false;
  const words = a.content.text.split(/\s+/);
  const first = words[0]?.toLowerCase() ?? '';
  return (
    words.length <= 8 &&
    (TIME_WORDS.test(first) ||
      /^(?:in|during|at|on)\s+(?:a|an|the|his|her|their|its)\s+(?:[\p{L}-]+\s+){0,2}?(?:interview|statement|speech|remarks|address|briefing|tweet|post|letter|appearance|hearing|rally|meeting|conference|call|video)\b/iu.test(
        a.content.text,
      ))
  );
}

const PARTICIPLE_CUE =
  /,\s+(adding|arguing|saying|noting|insisting|warning|claiming|explaining|stressing|suggesting|acknowledging|admitting|asserting|contending|maintaining|calling for|urging|promising|vowing|predicting|accusing|blaming|praising|criticizing|criticising|describing|calling|asking|emphasizing|emphasising|announcing|citing|telling|declaring|pointing out|recalling|conceding|lamenting|complaining|alleging|pledging|demanding|questioning|reiterating|repeating)\b(\s+that)?\s*/i;

/**
 * "X said A, adding that B": B is a second attribution of the same speaker, cued by the participle.
 * The first content ends before the comma.
 */
function splitParticiples(body: string, atts: Attribution[]): Attribution[] {
  const out: Attribution[] = [];
  for (const a of atts) {
    const m = a.content.fragments ? null : PARTICIPLE_CUE.exec(a.content.text);
    if (!m || m.index < 8) {
      out.push(a);
      // '"…," she told the council, adding that B': after a quote, the participle follows the cue.
      const after = a.cue && a.content.end <= a.cue.start ? Math.max(a.cue.end, a.source?.end ?? 0) : -1;
      const tail = after >= 0 && after < a.sentence.end ? body.slice(after, a.sentence.end) : '';
      const t = PARTICIPLE_CUE.exec(tail);
      // Only within a few words of the cue ("she told the council, adding …"), not a later clause.
      if (t && t.index <= 60 && !/[“”"]/.test(tail.slice(0, t.index))) {
        const cueStart = after + t.index + t[0].indexOf(t[1]!);
        const restStart = after + t.index + (t[2] ? t[0].lastIndexOf('that') : t[0].length);
        const content = trimSpan(body, restStart, a.sentence.end);
        if (content)
          out.push({
            ...a,
            cue: mkSpan(body, cueStart, cueStart + t[1]!.length),
            content,
            kind: 'indirect',
            reported: a.reported === 'alleged' ? 'alleged' : 'indirect',
          });
      }
      continue;
    }
    const cueStart = a.content.start + m.index + m[0].indexOf(m[1]!);
    const cueEnd = cueStart + m[1]!.length;
    // Annotators keep the complementizer ("that B"), as for "said that".
    const restStart = a.content.start + m.index + (m[2] ? m[0].lastIndexOf('that') : m[0].length);
    const first = trimSpan(body, a.content.start, a.content.start + m.index);
    const second = trimSpan(body, restStart, a.content.end);
    if (!first || !second) {
      out.push(a);
      continue;
    }
    out.push({ ...a, content: first });
    out.push({
      ...a,
      cue: mkSpan(body, cueStart, cueEnd),
      content: second,
      kind: 'indirect',
      reported: a.reported === 'alleged' ? 'alleged' : 'indirect',
    });
  }
  return out;
}

export function findAttributions(body: string): Attribution[] {
  const result: Attribution[] = [];
  const tracker = createSpeakerTracker();
  const sentences = splitSentences(body);
  let prevQuoteSpeaker: { source: Span | null; speaker: Speaker | null; para: number } | null = null;
  let para = 0;
  let lastEnd = 0;
  let skipUntil = -1;
  let colonIntro: { source: Span; cue: Span; speaker: Speaker; para: number } | null = null;
  for (const sent of sentences) {
    const paraStart = lastEnd === 0 || /\n\s*\n/.test(body.slice(lastEnd, sent.start));
    if (paraStart && lastEnd > 0) para++;
    lastEnd = sent.end;
    if (sent.start < skipUntil) continue;
    const toks = tokenize(body, sent.start, sent.end);
    if (toks.length < 3) continue;
    const sentence = mkSpan(body, sent.start, sent.end);
    const quotes = findQuotes(toks);
    const inQuote = new Uint8Array(toks.length);
    for (const q of quotes) for (let k = q.open; k <= Math.min(q.close, toks.length - 1); k++) inQuote[k] = 1;
    const alleged = ALLEGATION_MARKERS.test(sentence.text);
    const paraEnd = (() => {
      const i = body.indexOf('\n\n', sent.start);
      return i < 0 ? body.length : i;
    })();

    // "The Times reports:" closing a paragraph: the next paragraph is what it reports.
    if (colonIntro && paraStart && colonIntro.para === para - 1) {
      const content = trimSpan(body, sent.start, paraEnd);
      const intro = colonIntro;
      colonIntro = null;
      if (content) {
        result.push({
          source: intro.source,
          cue: intro.cue,
          content,
          kind: 'direct',
          reported: 'direct',
          speaker: intro.speaker,
          sentence: mkSpan(body, sent.start, paraEnd),
        });
        skipUntil = paraEnd;
        continue;
      }
    }
    colonIntro = null;

    // A speaker label opening a paragraph: "WALLACE: Governor, …" (transcripts, interviews). The whole
    // paragraph is what the labelled speaker says.
    if (paraStart) {
      let n = 0;
      while (
        n < toks.length &&
        n < 4 &&
        (isCap(toks[n]!) || /^(of|the|de|van|von)$/.test(toks[n]!.lower)) &&
        isWord(toks[n]!)
      )
        n++;
      const colon = toks[n];
      const label = n > 0 ? body.slice(toks[0]!.start, toks[n - 1]!.end) : '';
      if (
        n >= 1 &&
        colon?.text === ':' &&
        !/^(note|update|updated|editor|editor's note|photo|source|sources|related|read|watch|see|warning|correction|advertisement|q|a|abstract|letters|background|context|why|what|when|where|how)$/i.test(
          label,
        )
      ) {
        const content = trimSpan(body, colon.end, paraEnd);
        if (content && content.text.split(/\s+/).length >= 3) {
          const source = mkSpan(body, toks[0]!.start, toks[n - 1]!.end);
          result.push({
            source,
            cue: mkSpan(body, colon.start, colon.end),
            content,
            kind: quotes.length > 0 ? 'mixed' : 'direct',
            reported: alleged ? 'alleged' : 'direct',
            speaker: tracker.resolve(source.text, null),
            sentence: mkSpan(body, sent.start, paraEnd),
          });
          skipUntil = paraEnd;
          continue;
        }
      }
    }

    // "According to X, …" / "…, according to X."
    let found: Attribution | null = null;
    for (let k = 0; k + 1 < toks.length && !found; k++) {
      if (inQuote[k] || toks[k]!.lower !== 'according' || toks[k + 1]!.lower !== 'to') continue;
      let e = k + 2;
      while (e < toks.length && toks[e]!.text !== ',' && toks[e]!.text !== '.') e++;
      // "according to assessments by X that offer a warning …": who says it ends before the clause.
      let srcEnd = e;
      for (let r = k + 4; r < e; r++)
        if (/^(that|which|who)$/.test(toks[r]!.lower)) srcEnd = Math.min(srcEnd, r);
      const src = trimSpan(body, toks[k + 2]?.start ?? sent.end, toks[srcEnd - 1]?.end ?? sent.end);
      const content =
        k < 2
          ? trimSpan(body, toks[e]?.end ?? sent.end, sent.end)
          : trimSpan(body, sent.start, toks[k]!.start);
      if (src && content) {
        found = {
          source: src,
          cue: mkSpan(body, toks[k]!.start, toks[k + 1]!.end),
          content,
          kind: quotes.length > 0 ? 'mixed' : 'indirect',
          reported: alleged || /sources$/i.test(src.text) ? 'alleged' : 'indirect',
          speaker: tracker.resolve(src.text, null),
          sentence,
        };
      }
    }

    // Cue verbs outside quotes, with a subject before (X said …) or after (…, said X).
    const extra: Attribution[] = [];
    // "Ukraine rejected the plan, Russian state media claimed.": a speech cue signing off the sentence
    // makes everything before its comma what was said, weaker cues in it included.
    const signed = signOff(toks);
    for (let k = 1; k < toks.length; k++) {
      const t = toks[k]!;
      // Before the sign-off, weaker cues are part of what was said; inside it only its cue counts ("Russian state media claimed": "state" is no verb).
      if (signed && (k < signed.comma ? !STRONG_CUES.has(t.lower) : k !== signed.cue)) continue;
      // One cue per clause: a later cue inside the same source-cue stretch is skipped.
      // Multiple cues per sentence measured worse on annotated news; the first clause wins.
      // After the first, only plain speech verbs start another attribution in the same sentence
      // ("A, X said, while Y told reporters B"); weaker cues there are mostly part of the content.
      const weakSecond = found !== null && !STRONG_CUES.has(t.lower);
      if (
        inQuote[k] ||
        !(
          CUE_VERBS.has(t.lower) ||
          isProgressiveCue(toks, k) ||
          (THAT_CUES.has(t.lower) && toks[k + 1]?.lower === 'that')
        )
      )
        continue;
      // A capitalised word inside a sentence is a name ("United States ambassador"), not a verb.
      if (isCap(t)) continue;
      let cueEnd = k;
      if (toks[k + 1] && /^(for|out|against)$/.test(toks[k + 1]!.lower)) cueEnd = k + 1;
      // "called on residents to …": the particle belongs to the cue, the addressee to the content.
      else if (
        /^call(s|ed|ing)?$/.test(t.lower) &&
        toks[k + 1]?.lower === 'on' &&
        !TIME_WORDS.test(toks[k + 2]?.lower ?? '')
      )
        cueEnd = k + 1;
      if (toks[cueEnd + 1] && toks[cueEnd + 1]!.lower === 'against') cueEnd++;
      const prev = toks[k - 1]!;
      let srcIdx: [number, number] | null = null;
      let contentSpan: Span | null = null;
      let fragments: Array<{ start: number; end: number }> | undefined;
      let secondCue = -1;
      // A quote is the content only when it abuts the source/cue ("…," she said / she said: "…").
      // A quote inside a phrase ("on CBS's “Face the Nation,” X said …") is a title, not what was said:
      // a quoted statement opens its sentence or follows punctuation or another quote.
      const opensClause = (q: Quote) => q.open === 0 || /^[,:;(—–-]$|^[”"’]$/.test(toks[q.open - 1]!.text);
      let quoteBefore = quotes.find(
        (q) => q.close < k && q.close + 1 >= Math.min(k, srcGuess(toks, k)) && opensClause(q),
      );
      const quoteAfter = quotes.find(
        (q) =>
          q.open > cueEnd &&
          (q.open === cueEnd + 1 ||
            (q.open === cueEnd + 2 && /^[,:]$/.test(toks[cueEnd + 1]!.text)) ||
            // "said Ann Vale, “…”", "told the paper: “…”": a source or addressee between cue and quote.
            ((srcAfterCue(toks, k) || /^(told|tells|tell|telling)$/.test(t.lower)) &&
              q.open <= cueEnd + 8 &&
              /^[,:]$/.test(toks[q.open - 1]!.text))),
      );
      let inverted = prev.text === ',' || CLOSE_Q.has(prev.text);
      // "Anna Berg, an adviser to the president, said …": the comma closes an appositive, and the
      // subject is the name before it.
      let appositive: [number, number] | null = null;
      if (prev.text === ',') {
        // Walk back over up to four comma-separated asides ("Ann Lee, 59, of Ashton, Md., said").
        let right = k - 1;
        let c = right - 1;
        // A candidate that is itself an aside after a comma ("Ina Vale, the mayor of Eastport, one of
        // the towns that sued, said") gives way to the name before it, if there is one.
        const isAsideItself = (span: [number, number]) =>
          /^(a|an|the|of|from|in|at)$/i.test(toks[span[0]]!.text) && toks[span[0] - 1]?.text === ',';
        for (let chunk = 0; chunk < 4 && (!appositive || isAsideItself(appositive)); chunk++) {
          while (c >= 0 && toks[c]!.text !== ',' && right - c < 32) c--;
          if (c <= 0 || toks[c]!.text !== ',') break;
          // State abbreviations keep their period as a token of its own ("Md.").
          const inner = toks.slice(c + 1, right).filter((x) => x.text !== '.');
          const det = inner[0];
          if (!det) break;
          const innerIsName =
            chunk === 0 &&
            inner.length <= 4 &&
            inner.every((x) => isCap(x) || /^(de|van|von|al|bin|jr\.?)$/i.test(x.text));
          const innerIsAside =
            /^(a|an|the|who|whose|which|of|from|one|among|\d+)$/i.test(det.text) ||
            APPOSITIVE_HEADS.test(det.text) ||
            TITLES.has(det.lower) ||
            (inner.length <= 3 && inner.every((x) => isCap(x)));
          if (!innerIsName && !innerIsAside) break;
          // "Rep. Ina Vale (D-N.Y.), chairman of …": a short parenthetical after the name is part of it.
          let nameEnd = c - 1;
          if (toks[nameEnd]?.text === ')') {
            let o = nameEnd - 1;
            while (o > 0 && toks[o]!.text !== '(' && nameEnd - o < 8) o--;
            if (toks[o]?.text === '(') nameEnd = o - 1;
          }
          let b = nameEnd;
          while (b - 1 >= 0 && isWord(toks[b - 1]!) && !SOURCE_STOP.has(toks[b - 1]!.lower) && c - b < 8) b--;
          // '“…,” Ina Vale, the mayor, said': the name may also follow the quote it signs.
          const startsClause = b === 0 || /^[,;:(—–-]$|^[”"’]$/.test(toks[b - 1]!.text);
          if (
            nameEnd >= 0 &&
            startsClause &&
            isCap(toks[nameEnd]!) &&
            (innerIsName || !inner.every((x) => isCap(x)))
          ) {
            // The whole "X, role," phrase is the source when the aside is the name; else the name.
            appositive = innerIsName ? [b, k - 2] : [b, c - 1];
            inverted = false;
          }
          right = c;
          c = c - 1;
        }
      }
      if (appositive) srcIdx = appositive;
      else if (inverted) {
        srcIdx = sourceAfter(toks, k, toks.length);
        // "Trump, speaking to veterans, said he would …": no short source follows the cue, so the
        // comma closed an aside and the subject opens the clause before it.
        if (!srcIdx && prev.text === ',') {
          const subject = subjectBeforeAside(toks, k - 1);
          if (subject) {
            srcIdx = subject;
            inverted = false;
          }
        }
      }
      if (!srcIdx) {
        srcIdx = sourceBefore(toks, k, 0);
      }
      if (!srcIdx) continue;
      // "“…,” Jane Roe, an economist, told me": the quote abuts the whole source phrase.
      if (!quoteBefore && srcIdx[0] >= 2) {
        const at = toks[srcIdx[0] - 1]!.text === ',' ? srcIdx[0] - 2 : srcIdx[0] - 1;
        quoteBefore = quotes.find((q) => q.close === at && opensClause(q));
      }
      // A weaker cue after the first attribution counts only with a subject of its own that opens a
      // clause ("…, while the union backed …"); otherwise it is part of what was said.
      if (weakSecond) {
        // "… and urged voters to …" shares the first subject: the second-predicate rule reads it.
        if (toks[k - 1]!.lower === 'and') continue;
        const open = toks[srcIdx[0] - 1];
        const head = toks[srcIdx[1]]!;
        const clauseOpen = !open || /^(,|;|and|but|while|whereas|although|though|as)$/.test(open.lower);
        if (!clauseOpen || appositive || inverted || !(isCap(head) || PRONOUNS.has(head.lower))) continue;
      }
      // "Trump's tweet", "the state law": a possessive or a lone article before a bare form makes it a
      // noun. A bare form (say, claim, tweet) is a verb only after a plural, I/we/you/they or a modal.
      const bare =
        !/(ed|[^s]s)$/.test(t.lower) &&
        !IRREGULAR_PAST.has(t.lower) &&
        !appositive &&
        !inverted &&
        !isProgressiveCue(toks, k);
      const before = toks[k - 1]!;
      if (/['’]s?$/.test(before.text) && before.text.length > 2) continue;
      // "peace plans", "press conference": a noun-like -s form is a verb only after a name or pronoun.
      if (NOUNISH_CUES.has(t.lower) && /[^s]s$/.test(t.lower) && !appositive && !inverted) {
        let f = k - 1;
        while (f > 0 && isFiller(toks[f]!)) f--;
        const w = toks[f]!;
        const subjectLike =
          (isCap(w) && !/^(the|a|an|this|that|these|those)$/i.test(w.text)) ||
          TITLES.has(w.lower) ||
          /^(he|she|it|who|which)$/.test(w.lower) ||
          (GROUP_NOUNS.test(w.lower) && !/s$/.test(w.lower)) ||
          // "the woman disputes": a singular noun after a determiner or a possessive.
          (/^[a-z]+[^s]$/.test(w.text) &&
            f > 0 &&
            /^(the|a|an|this|that|his|her|its|their|our)$|['’]s$/i.test(toks[f - 1]!.text));
        // …and what follows reads as the verb's complement, not another verb ("the new plans require").
        const complement = /^(to|that|the|a|an|for|on|his|her|its|their|\.|,)$/.test(
          toks[k + 1]?.lower ?? '.',
        );
        if (!subjectLike || (!isCap(w) && !PRONOUNS.has(w.lower) && !complement)) continue;
      }
      // "spoke to a gathering" is an event; "spoke about / of / out against" is a stance.
      if (
        /^(speak|speaks|spoke)$/.test(t.lower) &&
        !/^(about|of|out|against)$/.test(toks[k + 1]?.lower ?? '')
      )
        continue;
      if (bare && !bareVerbContext(toks, k, srcIdx) && interposedAt(toks, srcIdx[0], cueEnd) < 0) continue;
      // A passive ("endorsed by dozens of papers"): the agent, not the subject, is the source.
      if (toks[cueEnd + 1]?.lower === 'by' && isPassive(toks, k)) {
        const passive = found ? null : passiveAttribution(body, toks, k, cueEnd);
        if (passive) {
          found = {
            ...passive,
            kind: quotes.length > 0 ? 'mixed' : 'indirect',
            reported: alleged ? 'alleged' : 'indirect',
            speaker: tracker.resolve(passive.source.text, null),
            sentence,
          };
        }
        continue;
      }
      // "a further Russian attack", "an official report": an indefinite noun phrase before a bare
      // verb form is a noun phrase, not a subject and its verb.
      if (
        /^(a|an|another)$/.test(toks[srcIdx[0]]!.lower) &&
        !/(ed|s)$/.test(t.lower) &&
        !IRREGULAR_PAST.has(t.lower)
      )
        continue;
      const srcStart = toks[srcIdx[0]]!.start;
      const srcEnd = toks[srcIdx[1]]!.end;
      // Content: quotes if present, else the clause after the cue, else the clause before the source.
      if (quoteBefore || quoteAfter) {
        const qs = quotes.filter((q) => q.close > q.open + 1 && (q === quoteBefore || q === quoteAfter));
        // A direct quote's content is the quotation as printed, marks included (as annotators mark it).
        const frs = qs.map((q) => ({
          start: toks[q.open]!.start,
          end: q.close < toks.length ? toks[q.close]!.end : sent.end,
        }));
        if (frs.length > 0) {
          const s = frs[0]!.start;
          const e = frs[frs.length - 1]!.end;
          contentSpan = e - s >= 3 ? mkSpan(body, s, e) : null;
          if (frs.length > 1) fragments = frs;
        }
      } else if (interposedAt(toks, srcIdx[0], cueEnd) > 0) {
        // "The plan, officials said, would cost billions.": what was said is both sides of the aside.
        const second = interposedAt(toks, srcIdx[0], cueEnd);
        let first = 0;
        while (first < srcIdx[0] - 1 && /^(but|and|so|yet)$/.test(toks[first]!.lower)) first++;
        const a = trimSpan(body, toks[first]!.start, toks[srcIdx[0] - 1]!.start);
        const b = trimSpan(body, toks[second]!.end, sent.end);
        if (a && b) {
          contentSpan = mkSpan(body, a.start, b.end);
          fragments = [
            { start: a.start, end: a.end },
            { start: b.start, end: b.end },
          ];
        }
      } else if (
        srcIdx[0] > 1 &&
        (inverted ||
          (commaBefore(toks, srcIdx[0]) > 0 &&
            (cueEnd >= toks.length - 3 ||
              TRAILING_ADJUNCT.test(toks[cueEnd + 1]?.lower ?? '') ||
              (toks[cueEnd + 1]?.text === ',' && TRAILING_ADJUNCT.test(toks[cueEnd + 2]?.lower ?? '')) ||
              ONLY_ADJUNCT.test(body.slice(toks[cueEnd]!.end, sent.end)) ||
              // "…, the operator told reporters at the pier.": only whom it was told, and where.
              (/^(told|tells)$/.test(t.lower) && TOLD_WHOM.test(body.slice(toks[cueEnd]!.end, sent.end))))))
      ) {
        // "…, X said." — the content is before the source. (With words after the cue, "At a rally, X
        // said that …", what precedes is a fronted phrase and the content follows the cue.)
        // A dateline ("WASHINGTON — ", "KYIV (Reuters) - ") opens the sentence but is not said by anyone.
        const dateline = /^[\p{Lu}][\p{Lu} .,'’-]{1,40}(?:\([^)]{1,30}\))?\s*[―—–-]{1,2}\s+/u.exec(
          body.slice(sent.start, sent.start + 80),
        );
        contentSpan = trimSpan(
          body,
          sent.start + (dateline?.[0].length ?? 0),
          toks[Math.min(commaBefore(toks, srcIdx[0]) + 1 || srcIdx[0], k) - 1]!.start,
        );
      } else {
        let c = cueEnd + 1;
        // "X told reporters (that) …": skip the addressee.
        if (
          /^(told|tells|tell|telling|assured|warned|urged|urges|asked|asks|encouraged|encourages|pressed)$/.test(
            t.lower,
          )
        ) {
          let d = c;
          while (
            d < toks.length &&
            d - c < 4 &&
            isWord(toks[d]!) &&
            toks[d]!.lower !== 'that' &&
            toks[d]!.lower !== 'to'
          )
            d++;
          // "urged supporters to vote": what is urged is the whole "supporters to vote" (as annotated).
          if (toks[d]?.lower === 'to' && !/^(told|tells|tell|telling|assured)$/.test(t.lower)) {
            // keep c: the addressee is part of the content
          } else if (toks[d]?.lower === 'that' || toks[d]?.text === ',') c = d;
          else if (
            toks[c] &&
            /^(reporters|journalists|him|her|them|us|me|supporters|voters|the)$/.test(toks[c]!.lower)
          ) {
            c = toks[c]!.lower === 'the' ? c + 2 : c + 1;
          } else {
            while (c < toks.length && isCap(toks[c]!) && c - cueEnd <= 4) c++;
          }
        }
        // Annotators keep the complementizer: the content of "said that X" is "that X".
        if (toks[c]?.text === ',' || toks[c]?.text === ':') c++;
        // "tweeted in the early morning hours that X": the time or place phrase is not what was said.
        if (
          toks[c] &&
          /^(in|on|at|during|after|before|late|early|last|this|earlier|yesterday|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/.test(
            toks[c]!.lower,
          )
        ) {
          for (let d = c + 1; d < toks.length && d - c <= 10; d++) {
            if (toks[d]!.lower === 'that') {
              c = d;
              break;
            }
            if (/^[,;:"“”]$/.test(toks[d]!.text)) break;
          }
        }
        // "called Machado “a con” and encouraged Americans to …": a second predicate of the same
        // subject ends the content.
        let stop = toks.length;
        for (let d = c + 2; d + 1 < toks.length; d++) {
          const next = toks[d + 1]!;
          if (
            toks[d]!.lower === 'and' &&
            !inQuote[d] &&
            !isCap(next) &&
            (CUE_VERBS.has(next.lower) || /[a-z]ed$/.test(next.lower)) &&
            toks[d + 2] &&
            !/^(by|to|that|with|in|on|as|,|\.)$/.test(toks[d + 2]!.lower)
          ) {
            stop = d;
            if (CUE_VERBS.has(next.lower)) secondCue = d + 1;
            break;
          }
        }
        // "Farmers, who have denounced the tariff, want …": a relative clause ends at its comma.
        if (/^(who|which)$/.test(toks[srcIdx[0]]!.lower) && toks[srcIdx[0] - 1]?.text === ',') {
          for (let d = c + 1; d < stop; d++) {
            if (toks[d]!.text === ',' && !inQuote[d]) {
              stop = d;
              break;
            }
          }
        }
        if (c < toks.length)
          contentSpan = trimSpan(body, toks[c]!.start, stop < toks.length ? toks[stop]!.start : sent.end);
      }
      if (!contentSpan) continue;
      if (fragments) contentSpan.fragments = fragments;
      // Mixed: the reported content quotes some of the speaker's words.
      const quotedWithin = (span: Span) =>
        quotes.some((q) => toks[q.open]!.start >= span.start && toks[q.close]!.end <= span.end);
      const source = mkSpan(body, srcStart, srcEnd);
      const appos = body.slice(srcEnd, t.start).match(/^,\s*([^,]{3,100}),\s*$/);
      // "The campaign chairman, Phil Lovas, said": the name after the comma is who speaks.
      const named = /^(.{3,100}?),\s*((?:\p{Lu}[\p{L}.'’-]*\s?){1,4})$/u.exec(source.text);
      const att: Attribution = {
        source,
        cue: mkSpan(body, t.start, toks[cueEnd]!.end),
        content: contentSpan,
        kind: quoteBefore || quoteAfter ? 'direct' : quotedWithin(contentSpan) ? 'mixed' : 'indirect',
        reported: alleged
          ? 'alleged'
          : quoteBefore || quoteAfter || quotedWithin(contentSpan)
            ? 'direct'
            : 'indirect',
        speaker: named?.[2]
          ? tracker.resolve(named[2].trim(), named[1] ?? null)
          : tracker.resolve(relativeAntecedent(body, toks, srcIdx[0]) ?? source.text, appos?.[1] ?? null),
        sentence,
      };
      if (found) {
        // A second cue inside the first content ends it: "X said A, while Y argued B".
        const prevAtt = extra[extra.length - 1] ?? found;
        const cut = Math.min(source.start, att.cue?.start ?? source.start);
        if (
          !prevAtt.content.fragments &&
          cut > prevAtt.content.start &&
          cut < prevAtt.content.end &&
          att.content.start >= cut
        ) {
          const trimmed = trimSpan(body, prevAtt.content.start, cut);
          if (trimmed) prevAtt.content = trimmed;
        }
        extra.push(att);
      } else found = att;
      // "… and encouraged Americans to …": the second predicate is the same speaker's next attribution.
      const second = secondCue > 0 ? trimSpan(body, toks[secondCue + 1]?.start ?? sent.end, sent.end) : null;
      if (second) {
        extra.push({
          ...att,
          cue: mkSpan(body, toks[secondCue]!.start, toks[secondCue]!.end),
          content: second,
          kind: 'indirect',
        });
      }
    }

    // Noun cue: "X's assessment is that …" / "X's view: …".
    for (let k = 0; k + 2 < toks.length && !found; k++) {
      const owner = toks[k]!;
      if (inQuote[k] || !/['’]s$/.test(owner.text) || !isCap(owner)) continue;
      if (!CUE_NOUNS.has(toks[k + 1]!.lower)) continue;
      let b = k;
      while (b - 1 >= 0 && isCap(toks[b - 1]!) && k - b < 4) b--;
      let c = k + 2;
      while (c < toks.length && /^(is|was|that|:|,)$/.test(toks[c]!.lower) && c - k < 5) c++;
      const content = c < toks.length ? trimSpan(body, toks[c]!.start, sent.end) : null;
      if (!content) continue;
      const source = mkSpan(body, toks[b]!.start, owner.end - 2);
      found = {
        source,
        cue: mkSpan(body, toks[k + 1]!.start, toks[k + 1]!.end),
        content,
        kind: quotes.length > 0 ? 'mixed' : 'indirect',
        reported: alleged ? 'alleged' : 'indirect',
        speaker: tracker.resolve(source.text, null),
        sentence,
      };
    }

    // A paragraph of quotes carries the speaker of the quote before it.
    if (!found && quotes.length > 0 && prevQuoteSpeaker && prevQuoteSpeaker.para === para) {
      const q = quotes[0]!;
      const s = toks[q.open]!.start;
      const e = q.close < toks.length ? toks[q.close]!.end : sent.end;
      const content = e - s >= 3 ? mkSpan(body, s, e) : null;
      const prev = result[result.length - 1];
      if (
        content &&
        prev &&
        prev.kind !== 'indirect' &&
        prev.sentence.end <= sent.start &&
        prev.speaker === prevQuoteSpeaker.speaker
      ) {
        // The quote goes on in the next sentence of the same paragraph: one attribution, in pieces.
        const pieces = prev.content.fragments ?? [{ start: prev.content.start, end: prev.content.end }];
        prev.content = {
          ...mkSpan(body, prev.content.start, content.end),
          fragments: [...pieces, { start: content.start, end: content.end }],
        };
        prev.sentence = mkSpan(body, prev.sentence.start, sentence.end);
        continue;
      }
      if (content) {
        found = {
          source: prevQuoteSpeaker.source,
          cue: null,
          content,
          kind: 'direct',
          reported: alleged ? 'alleged' : 'direct',
          speaker: prevQuoteSpeaker.speaker,
          sentence,
        };
      }
    }
    // "Trump tried to use the ad against Clinton, accusing her of …": a participle cue after the main
    // clause attributes to the sentence's subject (a name or a pronoun opening the sentence).
    if (!found) {
      const m = PARTICIPLE_CUE.exec(sentence.text);
      if (m && m.index > 15) {
        let n = 0;
        while (
          n < toks.length &&
          n < 5 &&
          (isCap(toks[n]!) || TITLES.has(toks[n]!.lower)) &&
          isWord(toks[n]!)
        )
          n++;
        const pronoun = PRONOUNS.has(toks[0]!.lower) && toks[0]!.lower !== 'it';
        const subjectEnd = pronoun ? 1 : n;
        const startsWithName =
          subjectEnd > 0 &&
          !/^(the|a|an|in|on|at|but|and|as|after|when|if|while|this|that|there)$/.test(toks[0]!.lower);
        if (startsWithName) {
          const cueStart = sent.start + m.index + m[0].indexOf(m[1]!);
          const cue = mkSpan(body, cueStart, cueStart + m[1]!.length);
          const restStart = sent.start + m.index + (m[2] ? m[0].lastIndexOf('that') : m[0].length);
          const content = trimSpan(body, restStart, sent.end);
          const source = mkSpan(body, toks[0]!.start, toks[subjectEnd - 1]!.end);
          if (content) {
            found = {
              source,
              cue,
              content,
              kind: quotes.length > 0 ? 'mixed' : 'indirect',
              reported: alleged ? 'alleged' : 'indirect',
              speaker: tracker.resolve(source.text, null),
              sentence,
            };
          }
        }
      }
    }
    if (!found && sent.end === paraEnd && /:\s*$/.test(sentence.text)) {
      // "X said:" / "The New York Times reports:" at the end of a paragraph introduces the next one.
      const colonTok = toks[toks.length - 1]!;
      const cueIdx = toks.length - 2;
      const cueTok = toks[cueIdx];
      if (colonTok.text === ':' && cueTok && CUE_VERBS.has(cueTok.lower)) {
        const src = sourceBefore(toks, cueIdx, 0);
        if (src) {
          const source = mkSpan(body, toks[src[0]]!.start, toks[src[1]]!.end);
          colonIntro = {
            source,
            cue: mkSpan(body, cueTok.start, colonTok.end),
            speaker: tracker.resolve(source.text, null),
            para,
          };
        }
      }
    }
    if (found) {
      // An implausible source is dropped, not the statement: the content still stands, unattributed.
      result.push(
        ...splitParticiples(body, [found, ...extra])
          .filter((a) => !occasionOnly(a))
          .map((a) =>
            a.source && !plausibleSource(a.source.text) ? { ...a, source: null, speaker: null } : a,
          ),
      );
      if (found.kind !== 'indirect')
        prevQuoteSpeaker = { source: found.source, speaker: found.speaker, para };
    } else {
      // Keep named mentions as antecedents for later pronouns.
      // Only subject-position names: a sentence-initial run of capitalised words.
      // A capitalised conjunction or preposition opening the sentence ("While Kyiv …") is not a name.
      let k0 = 0;
      while (
        k0 < toks.length &&
        /^(while|but|and|as|after|when|if|although|though|since|because|however|meanwhile|in|on|at|for|with|by|from|yet|so|still|the|a|an|this|that)$/.test(
          toks[k0]!.lower,
        )
      )
        k0++;
      let k = k0;
      while (k < toks.length && k < k0 + 6 && (isCap(toks[k]!) || TITLES.has(toks[k]!.lower))) k++;
      if (k - k0 >= 2 && isWord(toks[k] ?? toks[0]!) && !isCap(toks[k] ?? toks[0]!)) {
        tracker.observe(body.slice(toks[k0]!.start, toks[k - 1]!.end));
      }
    }
  }
  // Vox-pop style: “…” ― Name (a quote signed with a dash and a name, as in reader or street quotes).
  for (const m of body.matchAll(
    // Some sites open such quotes with a closing mark and put a no-break space after the dash.
    /([“”"])([^\n]{3,800}?)([”"])[ \t\u00a0]*([―—–])[ \t\u00a0]*((?:\p{Lu}[\p{L}.'’-]*[ \t\u00a0]?){1,4})/gu,
  )) {
    const start = m.index;
    const end = start + m[1]!.length + m[2]!.length + m[3]!.length;
    if (result.some((a) => a.content.start < end && a.content.end > start)) continue;
    const dashAt = body.indexOf(m[4]!, end);
    const name = m[5]!.trim();
    const nameAt = body.indexOf(name, dashAt);
    const source = mkSpan(body, nameAt, nameAt + name.length);
    result.push({
      source,
      cue: mkSpan(body, dashAt, dashAt + m[4]!.length),
      content: mkSpan(body, start, end),
      kind: 'direct',
      reported: 'direct',
      speaker: tracker.resolve(name, null),
      sentence: mkSpan(body, start, nameAt + name.length),
    });
  }
  // Transcripts label each turn with the speaker in capitals ("SMITH: …"), and headlines sign a
  // quote or claim with a short name before a colon ("Smith: Deal Is 'Dead'"): the rest of the line
  // is what that speaker said. Editorial labels in the same shape are not speakers.
  for (const m of body.matchAll(LABELLED_LINE)) {
    const label = m[1]!;
    const rest = m[2]!;
    // A transcript turn may be wrapped in quotation marks as a whole; the label follows the mark.
    const labelAt = m.index + m[0].indexOf(label);
    const atStart = m.index === 0;
    const allCaps = !/\p{Ll}/u.test(label);
    if (EDITORIAL_LABELS.test(label)) continue;
    // A mixed-case label is only trusted in the headline (first line), and only as a bare name.
    if (!allCaps && (!atStart || /^(?:The|A|An)\b/.test(label))) continue;
    if (rest.trim().split(/\s+/).length < 3) continue;
    const start = labelAt + label.length + 1;
    const content = trimSpan(body, start, m.index + m[0].length);
    if (!content) continue;
    if (result.some((a) => a.content.start < content.end && a.content.end > content.start)) continue;
    const source = mkSpan(body, labelAt, labelAt + label.length);
    result.push({
      source,
      cue: mkSpan(body, labelAt + label.length, labelAt + label.length + 1),
      content,
      kind: /[“"‘']/.test(rest) ? 'mixed' : 'direct',
      reported: 'direct',
      speaker: tracker.resolve(label, null),
      sentence: mkSpan(body, labelAt, content.end),
    });
  }
  result.sort((a, b) => a.content.start - b.content.start);
  return result;
}

// A line opened by a short label and a colon: 1–3 capitalised words, or a capitals-only name.
const LABELLED_LINE = /^[“"]?((?:\p{Lu}[\p{L}.'’-]*)(?: \p{Lu}[\p{L}.'’-]*){0,2}):[ \t]+([^\n]+)/gmu;
const EDITORIAL_LABELS =
  /^(?:correction|clarification|update|updated|source|sources|editor['’]s note|note|photo|video|watch|read more|related|the latest|breaking)$/i;

function shiftAttribution(a: Attribution, text: string, by: number): Attribution {
  const move = (x: Span): Span => mkSpan(text, x.start + by, x.end + by);
  return {
    ...a,
    source: a.source ? move(a.source) : null,
    cue: a.cue ? move(a.cue) : null,
    content: move(a.content),
    sentence: move(a.sentence),
  };
}

/** Verbs a headline uses for "X says Y" in the present tense ("Senator Urges Vote on Bill"). */
const HEADLINE_CUE = (w: string): boolean => /[^s]s$/.test(w) && CUE_VERBS.has(w);

/**
 * Attributions in a headline, with spans relative to it. Headlines drop articles and capitalise
 * every word, so the body rules do not apply; three shapes carry most of them: a speaker label
 * ("Senator Roe: Deal Is Dead"), a trailing signature ("Deal Is Dead, Senator Roe Says") and a
 * present-tense cue after a short subject ("Roe Urges Senate to Reject Deal").
 */
export function findHeadlineAttributions(headline: string): Attribution[] {
  // A section label ("The Latest: …") is the desk's, not a speaker's: read what follows it.
  const desk = /^([\p{L} ’']{3,30}):\s+/u.exec(headline);
  if (desk && EDITORIAL_LABELS.test(desk[1]!.trim())) {
    const at = desk[0].length;
    return findHeadlineAttributions(headline.slice(at)).map((a) => shiftAttribution(a, headline, at));
  }
  const text = headline.replace(/[.;\s]+$/, '');
  const whole = mkSpan(headline, 0, text.length);
  const make = (source: Span, cue: Span, content: Span | null): Attribution[] => {
    if (!content || content.text.split(/\s+/).length < 2) return [];
    return [
      {
        source,
        cue,
        content,
        kind: /[“"‘']/.test(content.text) ? 'mixed' : 'indirect',
        reported: ALLEGATION_MARKERS.test(text) ? 'alleged' : 'indirect',
        speaker: createSpeakerTracker().resolve(source.text, null),
        sentence: whole,
      },
    ];
  };
  const label = /^((?:\p{Lu}[\p{L}.'’-]*)(?: \p{Lu}[\p{L}.'’-]*){0,3}):\s+/u.exec(text);
  if (label && !EDITORIAL_LABELS.test(label[1]!)) {
    return make(
      mkSpan(headline, 0, label[1]!.length),
      mkSpan(headline, label[1]!.length, label[1]!.length + 1),
      trimSpan(headline, label[0].length, text.length),
    );
  }
  const signed = /,\s+((?:[\p{L}.'’-]+\s+){1,6}?)(says|said|warns|claims|insists|argues)$/iu.exec(text);
  if (signed && /^\p{Lu}/u.test(signed[1]!)) {
    const srcStart = signed.index + signed[0].indexOf(signed[1]!);
    const cueStart = text.length - signed[2]!.length;
    return make(
      trimSpan(headline, srcStart, cueStart)!,
      mkSpan(headline, cueStart, text.length),
      trimSpan(headline, 0, signed.index),
    );
  }
  const words = [...text.matchAll(/[^\s]+/g)];
  for (let i = 1; i < Math.min(words.length - 1, 7); i++) {
    const w = words[i]!;
    const lower = w[0].toLowerCase();
    if (!HEADLINE_CUE(lower)) continue;
    // "Railing Against Trump, Sanders Vows …": the subject starts after a fronted phrase.
    const from = words.findLastIndex((x, n) => n < i && /,$/.test(x[0])) + 1;
    const subject = words.slice(from, i);
    if (subject.length === 0) continue;
    // The subject of a headline is a name or a short noun phrase: no verb of its own.
    if (subject.some((x) => /^(is|are|was|were|has|have|will|would|could|can|to)$/i.test(x[0]))) break;
    let cueEnd = w.index + w[0].length;
    let rest = i + 1;
    if (/^(for|on|against|out)$/i.test(words[rest]?.[0] ?? '')) {
      cueEnd = words[rest]!.index + words[rest]![0].length;
      rest++;
    }
    const next = words[rest];
    if (!next) break;
    return make(
      mkSpan(
        headline,
        subject[0]!.index,
        subject[subject.length - 1]!.index + subject[subject.length - 1]![0].length,
      ),
      mkSpan(headline, w.index, cueEnd),
      trimSpan(headline, next.index, text.length),
    );
  }
  return [];
}
