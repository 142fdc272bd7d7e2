// Finding the source of a cue in the sentence view: the subject before it, the phrase after an
// inverted cue, appositives and asides. Rules key on punctuation, word classes and POS tags.
import { CUE_FILLERS, CUE_VERBS, NOUNISH_CUES, PRONOUNS, TITLES } from '../cues.js';
import { NAME_PARTICLE } from '../speakers.js';
import {
  CLAUSE_WORD,
  CLOSE_Q,
  GROUP_NOUNS,
  OPEN_Q,
  ROLE_BEFORE_TO,
  SOURCE_STOP,
  TIME_WORDS,
  TRAILING_ADJUNCT,
  isCap,
  isWord,
  tokAt,
  type Tok,
} from './tokens.js';

/** Nouns ending in -ly, which are not adverbs. */
const LY_NOUNS =
  /^(family|ally|rally|assembly|supply|reply|july|italy|bully|belly|lily|jelly|anomaly|monopoly|homily)$/;

/** Auxiliaries, negations and adverbs between a subject and its cue ("did not immediately respond"). */
export function isFiller(t: Tok | undefined): boolean {
  if (!t) return false;
  return (
    CUE_FILLERS.has(t.lower) ||
    NEGATED_AUX.test(t.lower) ||
    (LY_ADVERB.test(t.text) && !LY_NOUNS.test(t.lower))
  );
}
const NEGATED_AUX = /^[a-z]+n['’]t$/;
const LY_ADVERB = /^[a-z]{3,}ly$/;

/** Verbs that take a "to" infinitive whose subject is theirs ("appeared to suggest"). */
const CONTROL_VERBS =
  /^(appeared|appears|appear|seemed|seems|seem|tried|tries|try|sought|seeks|wanted|wants|want|continued|continues|declined|declines|refused|refuses|yet|began|begins|vowed|vows|plans|planned|hopes|hoped|expects|expected|decided|decides|agreed|agrees|failed|fails|needs|needed|used|moved|moves|rushed|managed|went|goes|promised|promises|threatened|threatens|asked|urged|forced|pressed|pushed|called|declined|chose|chooses|wished|wishes|intends|intended|hesitated|dared|got|came|ought|have|has|had)$/;

const FUNCTION_OPENERS =
  /^(however|though|although|in|on|at|but|and|yet|still|meanwhile|instead|also|even|indeed|moreover|then|so|after|before|when|while|if|as|because|since|despite|with|without|for|from|by|under|over|last|this|that|these|those|now|here|there)$/;

/** "is (once again) questioning", "are demanding": a progressive form of a cue verb after a form of "be". */
export function isProgressiveCue(toks: Tok[], k: number): boolean {
  const w = tokAt(toks, k).lower;
  if (!w.endsWith('ing') || w.length < 6) return false;
  const stem = w.slice(0, -3);
  const base = [stem, `${stem}e`, stem.replace(/(.)\1$/, '$1')];
  if (!base.some((b) => CUE_VERBS.has(b) || CUE_VERBS.has(`${b}s`))) return false;
  for (let i = k - 1; i >= 0 && k - i <= 4; i--) {
    const x = tokAt(toks, i).lower;
    if (/^(is|are|was|were|been|be|['’]s|['’]re)$/.test(x)) return true;
    if (!/^(also|once|again|now|still|already|even|increasingly|openly|publicly|repeatedly|not)$/.test(x))
      return false;
  }
  return false;
}

/** The start of "in 2010" / "on Monday" / "last week" ending at j, or -1. */
function timePhraseStart(toks: Tok[], j: number, floor: number): number {
  const t = toks[j];
  const p = toks[j - 1];
  if (!t || !p || j - 1 < floor) return -1;
  const year = /^(1[89]|20)\d\d$/.test(t.text);
  if (year && /^(in|since)$/.test(p.lower)) return j - 1;
  const day = TIME_WORDS.test(t.lower) && !/^(last|this|next|earlier|later)$/.test(t.lower);
  const period = /^(week|month|year|weekend|spring|summer|fall|autumn|winter)$/.test(t.lower);
  if ((day || period) && /^(on|last|this|next|in)$/.test(p.lower)) return j - 1;
  // "the poll released Friday shows": a bare day after a participle.
  if (day && p.pos === 'VERB' && /ed$/.test(p.lower)) return j;
  if (t.text === 'May' && /^(in|since)$/.test(p.lower)) return j - 1;
  return -1;
}

/** Where the subject scan starts: before fillers, a control verb's "to", a dashed aside. */
function subjectEnd(toks: Tok[], cueIdx: number, floor: number): number {
  let j = cueIdx - 1;
  while (j >= floor && isFiller(toks[j])) j--;
  // "Jones, who in 2010 said …", "the agency on Monday said …": a time phrase before the cue.
  const when = timePhraseStart(toks, j, floor);
  if (when >= 0) {
    j = when - 1;
    while (j >= floor && isFiller(toks[j])) j--;
    // "A study released in May found": the participle modifies the noun that is the subject.
    const participle = toks[j];
    if (participle?.pos === 'VERB' && /(ed|en)$/.test(participle.lower) && toks[j - 1]?.pos === 'NOUN') j--;
  }
  // "appeared to suggest", "has yet to explain", "declined to say": the subject is the control verb's.
  // "went on to discuss": the particle of a phrasal control verb.
  const phrasal =
    toks[j - 1]?.lower === 'on' && /^(went|goes|go|going)$/.test(tokAt(toks, j - 2).lower) ? 1 : 0;
  if (
    toks[j]?.lower === 'to' &&
    j - 1 - phrasal > floor &&
    CONTROL_VERBS.test(tokAt(toks, j - 1 - phrasal).lower)
  ) {
    j -= 2 + phrasal;
    while (j >= floor && isFiller(toks[j])) j--;
  }
  // "The film ― which weaves … ― explains": a dashed aside after the subject.
  const dash = toks[j];
  if (dash && /^(―|—|–|--)$/.test(dash.text)) {
    let o = j - 1;
    while (o > floor && tokAt(toks, o).text !== dash.text && j - o < 40) o--;
    if (o > floor && tokAt(toks, o).text === dash.text && isWord(toks[o - 1])) j = o - 1;
  }
  return j;
}

/** A name particle between a capitalised word before it and a capitalised word (or particle) after it. */
function nameParticle(toks: Tok[], k: number, floor: number): boolean {
  if (!NAME_PARTICLE.test(tokAt(toks, k).lower)) return false;
  let after = k + 1;
  while (NAME_PARTICLE.test(toks[after]?.lower ?? '') && after - k < 3) after++;
  let before = k - 1;
  while (before >= floor && NAME_PARTICLE.test(toks[before]?.lower ?? '') && k - before < 3) before--;
  return isCap(toks[after]) && before >= floor && isCap(toks[before]);
}

/** Walks back over the words of a subject noun phrase ending at `end`; returns its first index. */
/** Bodies and roles a place follows with "in" or "at" ("the embassy in Ottawa"). */
const PLACED_BODY =
  /^(embassy|embassies|consulate|mission|delegation|office|bureau|ministry|representative|ambassador|envoy|officials?|diplomats?|spokes(?:man|woman|person)|authorities|government)$/;

/**
 * "Valdor, Kestria and Ostmark said": a comma between names of a list that "and" closes joins one
 * source (not "In Madrid, Sánchez and …", where the first name is a place).
 */
function listComma(toks: Tok[], c: number, end: number, floor: number): boolean {
  if (toks[c]?.text !== ',' || c - 1 < floor || !isCap(toks[c - 1]) || !isCap(toks[c + 1])) return false;
  if (c - 2 === floor && /^(in|at|on|from|for|to|with|by)$/.test(toks[c - 2]?.lower ?? '')) return false;
  let k = c + 1;
  while (k <= end && (isCap(toks[k]) || toks[k]?.text === ',')) k++;
  return toks[k]?.lower === 'and' && k < end && isCap(toks[k + 1]);
}

function scanPhraseBack(toks: Tok[], end: number, floor: number): number {
  let i = end;
  while (i - 1 >= floor && end - (i - 1) < 8) {
    const t = tokAt(toks, i - 1);
    // A plural possessive ("the dockworkers’ union") keeps its apostrophe inside the phrase.
    const pluralPossessive = /^['’]$/.test(t.text) && /s$/.test(toks[i - 2]?.lower ?? '') && i - 2 >= floor;
    if (
      !isWord(t) &&
      t.text !== "'s" &&
      t.text !== '’s' &&
      !pluralPossessive &&
      !listComma(toks, i - 1, end, floor)
    )
      break;
    // "Mr. Grassley and Mr. Leahy say": "and" between names joins one source.
    const joinsNames = t.lower === 'and' && isCap(toks[i]) && i - 2 >= floor && isCap(toks[i - 2]);
    // "state media", "press office": a noun-like cue word before the head is part of the phrase.
    const modifier = NOUNISH_CUES.has(t.lower) && !isCap(t);
    // "advisers to the mayor", "ambassador to Russia": "to" inside a role phrase.
    const roleTo = t.lower === 'to' && i - 2 >= floor && ROLE_BEFORE_TO.test(tokAt(toks, i - 2).lower);
    // "The Chinese embassy in Ottawa", "officials in Beijing": "in"/"at" after a body or a role places
    // it; the speaker is the body, not the place.
    const placed =
      /^(in|at)$/.test(t.lower) &&
      i - 2 >= floor &&
      PLACED_BODY.test(tokAt(toks, i - 2).lower) &&
      isCap(toks[i]);
    if (
      !joinsNames &&
      !nameParticle(toks, i - 1, floor) &&
      ((SOURCE_STOP.has(t.lower) && !roleTo && !placed) ||
        (CUE_VERBS.has(t.lower) && !modifier) ||
        (CLAUSE_WORD.test(t.text) && !placed))
    )
      break;
    i--;
  }
  return i;
}

/** True when the phrase [i, end] can be a subject: a head, or a noun phrase opening a clause. */
function headedSubject(toks: Tok[], i: number, end: number, floor: number): boolean {
  const last = tokAt(toks, end);
  const hasHead =
    PRONOUNS.has(last.lower) ||
    isCap(last) ||
    GROUP_NOUNS.test(last.lower) ||
    TITLES.has(last.lower) ||
    toks.slice(i, end + 1).some((t) => isCap(t) && t.start !== toks[floor]?.start);
  if (hasHead) return true;
  // A sentence-initial noun phrase is a subject ("The union called for …", "Several members said …").
  // So is one opening a clause after a conjunction or comma ("…, but several lawmakers said …").
  // So is one right after a closing quote ('“…,” the captain said').
  const clauseOpen =
    i === floor ||
    CLOSE_Q.has(tokAt(toks, i - 1).text) ||
    /^(,|;|—|–|but|and|while|as|because|although|though|yet|so|since|after|when|if)$/.test(
      tokAt(toks, i - 1).lower,
    );
  const first = tokAt(toks, i);
  return (
    clauseOpen &&
    end - i <= 5 &&
    (/^(the|a|an|several|many|some|most|few|both|all|two|three|four|five|other|top|senior|local|state|federal)$/.test(
      first.lower,
    ) ||
      isCap(first)) &&
    !/ly$/.test(last.lower)
  );
}

/** Drops sentence-opening function words and leading lower-case words of the previous clause. */
function trimSubjectStart(toks: Tok[], i: number, end: number, floor: number): number {
  // "However, …", "Though …", "In …": a capitalised function word opening the sentence is not a name.
  while (
    i <= end &&
    FUNCTION_OPENERS.test(tokAt(toks, i).lower) &&
    tokAt(toks, i).start === toks[floor]?.start
  )
    i++;
  if (i > end) return -1;
  // …unless a comma opens the phrase ("…, top harbour officials said").
  const afterComma = i > floor && toks[i - 1]?.text === ',';
  while (
    !afterComma &&
    i < end &&
    !isCap(toks[i]) &&
    !(ROLE_BEFORE_TO.test(tokAt(toks, i).lower) && toks[i + 1]?.lower === 'to') &&
    !/^(the|a|an|u\.s\.)$/.test(tokAt(toks, i).lower) &&
    !TITLES.has(tokAt(toks, i).lower)
  )
    i++;
  return i;
}

/** "Rep. Jane Roe (D-Ore.) said": the index before a short parenthetical ending at j, or -1. */
function parenStart(toks: Tok[], j: number, floor: number): number {
  if (toks[j]?.text !== ')') return -1;
  let o = j - 1;
  while (o > floor && tokAt(toks, o).text !== '(' && j - o < 8) o--;
  return toks[o]?.text === '(' && o - 1 >= floor && isWord(toks[o - 1]) ? o - 1 : -1;
}

const CLAUSE_CONJUNCTIONS = /^(though|although|whereas|because|unless|once|whether)$/;
const NP_POS = /^(NOUN|PROPN|ADJ|DET|NUM|PART)$/;
const NP_PREPOSITIONS = /^(of|on|in|from|for|at|with|around|across|close|near)$/;
const CLAUSE_OPENERS = /^(,|;|but|and|while|although|though|whereas|yet|so|as)$/;

/**
 * "Experts on North Korea and nuclear nonproliferation said", "73 percent said", "one slide says":
 * a noun phrase by part of speech (nouns, adjectives, numbers, determiners, with "of/in/from …"
 * modifiers and "and") opening its clause right before the cue.
 */
function posSubject(toks: Tok[], cueIdx: number, floor: number): [number, number] | null {
  let j = cueIdx - 1;
  while (j >= floor && isFiller(toks[j])) j--;
  const last = toks[j];
  if (!last || (last.pos !== 'NOUN' && last.pos !== 'PROPN') || TIME_WORDS.test(last.lower)) return null;
  let i = j;
  while (i - 1 >= floor && j - (i - 1) < 12) {
    const t = tokAt(toks, i - 1);
    const joins = NP_PREPOSITIONS.test(t.lower) || t.lower === 'and' || /^(its|their|his|her)$/.test(t.lower);
    if (!NP_POS.test(t.pos ?? '') && !joins) break;
    if (t.lower === 'that' || (SOURCE_STOP.has(t.lower) && t.lower !== 'and')) break;
    i--;
  }
  // Never start on a preposition or conjunction; the phrase must open its clause.
  while (i < j && (NP_PREPOSITIONS.test(tokAt(toks, i).lower) || tokAt(toks, i).lower === 'and')) i++;
  const opens = i === floor || CLAUSE_OPENERS.test(tokAt(toks, i - 1).lower);
  const first = tokAt(toks, i);
  if (!opens || (first.pos === 'ADJ' && i === j)) return null;
  return [i, j];
}

/** Scans back from a cue for its subject; returns a token index range or null. */
export function sourceBefore(toks: Tok[], cueIdx: number, floor: number): [number, number] | null {
  const span =
    wordSubject(toks, cueIdx, floor) ??
    (toks[cueIdx]?.pos === 'VERB' ? posSubject(toks, cueIdx, floor) : null);
  return span ? pastOpeningTime(toks, span) : null;
}

const PERIOD = /^(week|month|year|weekend|spring|summer|fall|autumn|winter)$/;
const TIME_LEAD = /^(on|in|since|last|this|next|early|late|earlier|later)$/;

/**
 * "On Monday Estonian Foreign Minister Margus Tsahkna said", "Last week Smith said": a time phrase
 * opening the sentence is when, not who; the source starts after it.
 */
function pastOpeningTime(toks: Tok[], [a, b]: [number, number]): [number, number] {
  let i = a;
  const timeAt = (k: number) => {
    const w = tokAt(toks, k).lower;
    return (TIME_WORDS.test(w) && !TIME_LEAD.test(w)) || PERIOD.test(w) || /^(1[89]|20)\d\d$/.test(w);
  };
  while (i < b) {
    const w = tokAt(toks, i).lower;
    if (TIME_LEAD.test(w) && timeAt(i + 1)) i += 2;
    else if (timeAt(i) || (w === ',' && i > a)) i++;
    else break;
  }
  return [i, b];
}

const QUANTIFIERS =
  /^(many|some|most|all|several|none|one|both|each|few|half|two|three|four|five|dozens|hundreds|thousands)$/;

/** "many of whom", "some of which": a quantifier over a relative pronoun. */
function quantifiedRelative(toks: Tok[], j: number, floor: number): [number, number] | null {
  const q = toks[j - 2];
  const relative = /^(whom|which)$/.test(tokAt(toks, j).lower);
  if (!relative || j - 2 < floor || toks[j - 1]?.lower !== 'of' || !q || !QUANTIFIERS.test(q.lower))
    return null;
  return [j - 2, j];
}

function wordSubject(toks: Tok[], cueIdx: number, floor: number): [number, number] | null {
  let j = subjectEnd(toks, cueIdx, floor);
  if (j < floor) return null;
  const p = parenStart(toks, j, floor);
  const parenEnd = p >= 0 ? j : -1;
  if (p >= 0) j = p;
  const last = tokAt(toks, j);
  // "condemned the test and pledged …", "signed the charter but said …": a cue after "and" or
  // "but" shares the sentence's subject.
  if (last.lower === 'and' || last.lower === 'but') {
    let n = floor;
    while (n < j && n - floor < 5 && isCap(toks[n]) && isWord(toks[n])) n++;
    // "America's allies voiced …, and said …": a possessive's head noun belongs to the subject.
    if ((n > floor && /['’]s$/.test(tokAt(toks, n - 1).text)) || /^['’]s$/.test(toks[n]?.text ?? '')) {
      if (/^['’]s$/.test(toks[n]?.text ?? '')) n++;
      while (n < j && n - floor < 8 && /^(?:NOUN|ADJ)$/.test(toks[n]?.pos ?? '')) n++;
    }
    // "The minister rejected … and urged …": a lone determiner is no subject.
    const onlyDeterminer = n === floor + 1 && /^(the|a|an|this|that)$/.test(tokAt(toks, floor).lower);
    return n > floor && !onlyDeterminer && !TIME_WORDS.test(tokAt(toks, floor).lower) ? [floor, n - 1] : null;
  }
  if (!isWord(last) || TIME_WORDS.test(last.lower)) return null;
  // "…, many of whom say …": a quantified relative pronoun is the source.
  const quantified = quantifiedRelative(toks, j, floor);
  if (quantified) return quantified;
  // "Kamin, who emphasized that …": the relative pronoun is the source (it stands for the name).
  // So is "who" right after a noun ("an architect who said …").
  const antecedent = toks[j - 1];
  const nounBefore = last.lower === 'who' && (antecedent?.pos === 'NOUN' || antecedent?.pos === 'PROPN');
  if (
    /^(who|which)$/.test(last.lower) &&
    j > floor &&
    (antecedent?.text === ',' || isCap(antecedent) || nounBefore)
  )
    return [j, j];
  const end = j;
  let i = scanPhraseBack(toks, end, floor);
  // "…, though a trade panel found …": a conjunction opening the clause is not part of its subject.
  while (i < end && CLAUSE_CONJUNCTIONS.test(tokAt(toks, i).lower)) i++;
  // "Officials approached by Bloomberg said …": the agent of a passive participle is not the speaker;
  // the subject before the participle is.
  const participle = toks[i - 2];
  if (toks[i - 1]?.lower === 'by' && participle && /ed$/.test(participle.lower) && i - 3 >= floor) {
    const subject = wordSubject(toks, i - 2, floor);
    if (subject) return subject;
  }
  if (!headedSubject(toks, i, end, floor)) return null;
  if (PRONOUNS.has(last.lower)) return [end, end];
  i = trimSubjectStart(toks, i, end, floor);
  if (i < 0) return null;
  return [i, parenEnd >= 0 ? parenEnd : end];
}

/** "Jane Roe, who said …": the name a relative pronoun stands for, or null when it is not one. */
export function relativeAntecedent(body: string, toks: Tok[], at: number): string | null {
  if (!/^(who|which)$/.test(tokAt(toks, at).lower)) return null;
  let e = at - 1;
  if (toks[e]?.text === ',') e--;
  let b = e;
  while (b - 1 >= 0 && isCap(toks[b - 1]) && isWord(toks[b - 1]) && e - b < 4) b--;
  const first = toks[b];
  const last = toks[e];
  if (b > e || !first || !last || !isCap(last)) return null;
  return body.slice(first.start, last.end);
}

/** A participle after a form of "be" (adverbs between): "was first reported". */
export function isPassive(toks: Tok[], k: number): boolean {
  const a = beBefore(toks, k);
  return a >= 0 && /^(is|are|was|were|been|be|being)$/.test(tokAt(toks, a).lower);
}

/** Adverbs between a form of "be" and its participle ("was first reported", "is widely seen"). */
export const PASSIVE_ADVERB =
  /^([a-z]{3,}ly|first|also|not|already|later|never|once|since|previously|initially|long)$/;

/** The index of the word before a participle and its adverbs (where "was", "been" … would be). */
export function beBefore(toks: Tok[], k: number): number {
  let a = k - 1;
  while (a >= 0 && PASSIVE_ADVERB.test(tokAt(toks, a).text)) a--;
  return a;
}

/** True when the subject follows the cue ("…," said the minister, "…"). */
export function srcAfterCue(toks: Tok[], cueIdx: number): boolean {
  const prev = toks[cueIdx - 1];
  return prev !== undefined && (prev.text === ',' || CLOSE_Q.has(prev.text));
}

/** True when a quotation mark sits between two token indexes. */
export function inQuoteMarks(toks: Tok[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const t = tokAt(toks, i).text;
    if (OPEN_Q.has(t) || CLOSE_Q.has(t)) return true;
  }
  return false;
}

/**
 * "The campaign chairman, Phil Lovas, said …", "Trump, speaking to veterans, said …": the subject is
 * the noun phrase opening the clause before the aside that ends at `comma`.
 */
export function subjectBeforeAside(toks: Tok[], comma: number): [number, number] | null {
  let c = comma - 1;
  while (c >= 0 && toks[c]?.text !== ',' && comma - c <= 25) c--;
  if (c <= 0 || toks[c]?.text !== ',' || inQuoteMarks(toks, c, comma)) return null;
  let b = c - 1;
  while (b - 1 >= 0 && isWord(toks[b - 1]) && c - b < 8) b--;
  const opens = b === 0 || /^[,;:(—–-]$/.test(tokAt(toks, b - 1).text);
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

/**
 * A bare form (say, claim, respond) is a verb after a plural subject, I/we/you/they, "to", a modal or
 * a negation, possibly with adverbs between ("did not immediately respond").
 */
export function bareVerbContext(toks: Tok[], k: number, src: [number, number]): boolean {
  for (let f = k - 1; f >= 0 && f >= src[1]; f--) {
    const w = tokAt(toks, f).lower;
    if (/^(i|we|you|they|will|would|could|should|may|might|must|can|to|not|never|did|do)$/.test(w))
      return true;
    if (/n['’]t$/.test(w)) return true;
    if (f === src[1])
      return (
        /(s|people|police|staff)$/i.test(w) ||
        // "many of whom say": a plural quantifier over a relative pronoun.
        (/^(whom|which)$/.test(w) &&
          /^(many|some|most|all|several|both|few)$/.test(tokAt(toks, src[0]).lower)) ||
        toks
          .slice(src[0], src[1] + 1)
          .some(
            (x, i, all) =>
              x.lower === 'and' ||
              (/s$/.test(x.lower) && ROLE_BEFORE_TO.test(x.lower) && all[i + 1]?.lower === 'to'),
          )
      );
    if (!isFiller(toks[f])) return false;
  }
  return false;
}

/**
 * The comma that opens the clause of a source starting at `srcStart`, past lower-case modifiers the
 * source scan dropped ("…, harbour officials said"); -1 when there is none.
 */
export function commaBefore(toks: Tok[], srcStart: number): number {
  let i = srcStart - 1;
  while (
    i > 0 &&
    srcStart - i <= 3 &&
    /^\p{Ll}[\p{L}-]*$/u.test(tokAt(toks, i).text) &&
    !SOURCE_STOP.has(tokAt(toks, i).lower)
  )
    i--;
  // "…, as police have said.": "as" opens the aside of a source that signs off the clause before.
  if (tokAt(toks, i).lower === 'as' && i === srcStart - 1 && toks[i - 1]?.text === ',') return i - 1;
  return toks[i]?.text === ',' ? i : -1;
}

/**
 * "The plan, officials said, would cost billions": a source and cue set off by commas inside the
 * sentence, with a clause on each side. Returns the index of the closing comma, or -1.
 */
export function interposedAt(toks: Tok[], srcStart: number, cueEnd: number): number {
  if (srcStart < 2 || toks[srcStart - 1]?.text !== ',') return -1;
  // At most a short when or where between the cue and the closing comma ("said on Monday,").
  let c = cueEnd + 1;
  while (c < toks.length && c - cueEnd <= 4 && toks[c]?.text !== ',') {
    const t = tokAt(toks, c);
    if (!isWord(t) || (c === cueEnd + 1 && !TRAILING_ADJUNCT.test(t.lower) && !/^(in|at)$/.test(t.lower)))
      return -1;
    c++;
  }
  if (toks[c]?.text !== ',') return -1;
  // A clause follows: at least three more words, not a participle of the speaker's ("…, adding").
  // (A subordinate clause there is the writer's: "…, officials said Friday, as they bristled at …".)
  const rest = toks.slice(c + 1).filter(isWord);
  const next = rest[0]?.lower ?? '';
  if (
    rest.length < 2 ||
    TRAILING_ADJUNCT.test(next) ||
    /ing$/.test(next) ||
    /^(as|while|when|after|before|because|since|although|though|if|amid|even|which|who|where)$/.test(next)
  )
    return -1;
  // …and the part before the aside has words of its own.
  return toks.slice(0, srcStart - 1).filter(isWord).length >= 2 ? c : -1;
}

/** Rough start of the subject before a cue, for quote adjacency checks. */
export function srcGuess(toks: Tok[], cueIdx: number): number {
  let j = cueIdx - 1;
  while (j > 0 && isWord(toks[j]) && cueIdx - j < 8) j--;
  return j;
}

/** Scans forward from an inverted cue (", said the minister") for its subject. */
export function sourceAfter(toks: Tok[], cueIdx: number, ceil: number): [number, number] | null {
  const i = cueIdx + 1;
  if (TIME_WORDS.test(toks[i]?.lower ?? '')) return null;
  let j = i;
  // "9/11": a slash between numbers is part of the word.
  const inWord = (x: number) =>
    isWord(toks[x]) ||
    (toks[x]?.text === '/' && /^\d/.test(toks[x - 1]?.text ?? '') && /^\d/.test(toks[x + 1]?.text ?? ''));
  while (j < ceil && inWord(j) && j - i < 10 && !SOURCE_STOP.has(tokAt(toks, j).lower)) j++;
  if (j === i) return null;
  // The source of an inverted cue is a short phrase closed by punctuation or the sentence end;
  // words running on ("said he would …") are the content of a plain cue.
  if ((j < ceil && inWord(j)) || j - i >= 10) return null;
  const span = toks.slice(i, j);
  if (
    span.some((t) =>
      /^(would|will|could|should|can|may|might|must|is|are|was|were|has|have|had|did|does|do)$/.test(t.lower),
    )
  )
    return null;
  if (
    !span.some((t) => isCap(t) || PRONOUNS.has(t.lower) || GROUP_NOUNS.test(t.lower) || TITLES.has(t.lower))
  )
    return null;
  return [i, j - 1];
}
