// The one selection step: which of a sentence's candidates become attributions. Precedence is the
// PRECEDENCE list of pass groups; span rules (trimming a first content at a second cue, dropping
// occasion-only contents and implausible sources) are applied here and nowhere else.
import type { Attribution } from '../../model.js';
import type { Doc } from '../document.js';
import { sourceLength, sourceProblem } from '../speakers.js';
import type { Candidate, PassId } from './context.js';
import { TIME_WORDS, mkSpan, trimSpan } from './tokens.js';

/**
 * Pass groups, strongest first. Inside the combining group the order of ids is also the precedence of
 * the shapes one cue can be read in: a quote abutting the cue beats the clause it signs off, which
 * beats an interposed cue's two halves, which beat the plain reported clause. A paragraph pass claims its whole paragraph; the combining group
 * keeps its first candidate and later ones that may stand second (a plain speech cue, or a cue with
 * a subject of its own opening a clause); a fallback pass is used only when nothing above proposed.
 */
export const PRECEDENCE: ReadonlyArray<{
  ids: readonly PassId[];
  mode: 'paragraph' | 'combine' | 'fallback';
}> = [
  { ids: ['colon-intro'], mode: 'paragraph' },
  { ids: ['speaker-label'], mode: 'paragraph' },
  { ids: ['according-to', 'direct-quote', 'sign-off', 'interposed', 'reported', 'passive'], mode: 'combine' },
  { ids: ['noun-cue'], mode: 'fallback' },
  { ids: ['quote-continuation'], mode: 'fallback' },
  { ids: ['participle-subject'], mode: 'fallback' },
];

/** "A, X said, while Y told reporters B": a second cue inside the first content ends it. */
function trimAtSecond(body: string, prev: Candidate, next: Candidate): void {
  const srcStart = next.source?.start ?? next.content.start;
  const cut = Math.min(srcStart, next.cue?.start ?? srcStart);
  if (
    prev.content.fragments ||
    cut <= prev.content.start ||
    cut >= prev.content.end ||
    next.content.start < cut
  )
    return;
  // "… the tram was late, while": the conjunction before the second source goes too.
  let end = cut;
  const tail = /(?:^|[\s,;])(?:while|whereas|and|but|as|though|although)\s*$/i.exec(
    body.slice(prev.content.start, cut),
  );
  if (tail) end = prev.content.start + tail.index;
  const trimmed = trimSpan(body, prev.content.start, end);
  if (trimmed) prev.content = trimmed;
}

/** One candidate per cue: the one whose pass the group lists first. */
export function onePerCue(cands: Candidate[], ids: readonly PassId[]): Candidate[] {
  const best = new Map<number, Candidate>();
  const rank = (c: Candidate) => ids.indexOf(c.via);
  for (const c of cands) {
    const at = c.cue?.start ?? -1 - best.size;
    const held = best.get(at);
    if (!held || rank(c) < rank(held)) best.set(at, c);
  }
  return [...best.values()];
}

/**
 * "Faeser, who had championed the pact, warned that …": the earlier statement sits in the aside
 * between a later cue's subject and that cue, so the later one is the sentence's main statement.
 */
function asideOf(c: Candidate, prev: Candidate): boolean {
  return (
    c.source !== null &&
    prev.cue !== null &&
    c.cue !== null &&
    c.source.start < prev.cue.start &&
    prev.content.end <= c.cue.start
  );
}

function combine(body: string, cands: Candidate[], ids: readonly PassId[]): Candidate[] {
  const kept: Candidate[] = [];
  // according-to first, then the cue verbs in sentence order.
  const byCue = onePerCue(cands, ids);
  const ordered = [
    ...byCue.filter((c) => c.via === 'according-to'),
    ...byCue
      .filter((c) => c.via !== 'according-to')
      .sort((a, b) => (a.cue?.start ?? 0) - (b.cue?.start ?? 0)),
  ];
  for (const c of ordered) {
    // "X welcomed A and said B": the second predicate already read the cue of "said".
    if (c.cue && kept.some((k) => k.via === 'second-predicate' && k.cue?.start === c.cue?.start)) continue;
    const prev = kept[kept.length - 1];
    if (prev && !asideOf(c, prev) && (c.onlyFirst || c.okAsSecond === false)) continue;
    if (prev) trimAtSecond(body, prev, c);
    kept.push(c);
    if (c.follow) kept.push(c.follow);
  }
  return kept;
}

/**
 * "Tusk softened his stance, saying Poland could accept it if …": a cue inside what a sentence's
 * subject is said to be saying belongs to that content, not to a statement of its own.
 */
function saidWithin(cands: Candidate[]): (c: Candidate) => boolean {
  const outer = cands.find((c) => c.via === 'participle-subject');
  if (!outer?.cue) return () => false;
  const { start, end } = outer.content;
  return (c) =>
    c !== outer &&
    c.cue !== null &&
    c.cue.start >= start &&
    c.cue.end <= end &&
    (c.source?.start ?? start) >= start;
}

/** The attributions of one sentence from its candidates. */
export function selectSentence(body: string, cands: Candidate[]): Candidate[] {
  const within = saidWithin(cands);
  for (const group of PRECEDENCE) {
    const mine = cands.filter((c) => group.ids.includes(c.via) && !within(c));
    const first = mine[0];
    if (!first) continue;
    if (group.mode !== 'combine') return [first];
    const kept = combine(body, mine, group.ids);
    if (kept.length > 0) return kept;
  }
  return [];
}

/**
 * A content read as mixed whose quotation went elsewhere (to a second statement, or past where the
 * content stops) is reported speech: none of its words are the speaker's own.
 */
export function unquotedIsIndirect<T extends Pick<Attribution, 'kind' | 'reported' | 'content'>>(c: T): T {
  if (c.kind !== 'mixed' || /["“”«»„]/.test(c.content.text)) return c;
  return { ...c, kind: 'indirect', reported: c.reported === 'direct' ? 'indirect' : c.reported };
}

/** Document passes (vox-pop, labelled lines) add only contents no earlier attribution overlaps. */
export function selectDocument<T extends { content: { start: number; end: number } }>(
  kept: ReadonlyArray<{ content: { start: number; end: number } }>,
  cands: T[],
): T[] {
  const out: T[] = [];
  for (const c of cands) {
    const overlaps = (a: { content: { start: number; end: number } }) =>
      a.content.start < c.content.end && a.content.end > c.content.start;
    if (kept.some(overlaps) || out.some(overlaps)) continue;
    out.push(c);
  }
  return out;
}

/**
 * A source is a noun phrase: it neither ends in a function word ("Twitter overnight to" before an
 * infinitive, "Patriot could" before a modal's verb) nor starts with a preposition ("of RT").
 */
export function plausibleSource(text: string): boolean {
  return (
    !/\b(to|could|would|should|will|can|may|might|must|of|in|on|at|for|with|from|by|the|a|an|and|or)$/i.test(
      text,
    ) && !/^(of|in|on|at|to|for|with|from|into|about|after|before|during|since|once)\b/i.test(text)
  );
}

/**
 * "said in his interview", "said Friday as he entered the talks", "said in New York": a short
 * unquoted "content" that is only the when or where of a statement whose words are elsewhere.
 */
export function occasionOnly(a: Pick<Attribution, 'kind' | 'content'>): boolean {
  if (a.kind !== 'indirect' || a.content.fragments) return false;
  const words = a.content.text.split(/\s+/);
  const first = words[0]?.toLowerCase() ?? '';
  return (
    words.length <= 8 &&
    (TIME_WORDS.test(first) ||
      // "said in New York", "said at the Elysée": a place.
      /^(?:in|at)\s+(?:the\s+)?\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,2}$/u.test(
        a.content.text.trim(),
      ) ||
      /^(?:in|during|at|on)\s+(?:a|an|the|his|her|their|its)\s+(?:[\p{L}-]+\s+){0,2}?(?:interview|statement|speech|remarks|address|briefing|tweet|post|letter|appearance|hearing|rally|meeting|conference|call|video)\b/iu.test(
        a.content.text,
      ))
  );
}

/**
 * Source span rules: trailing time words leave the source ("Jan Roe now" → "Jan Roe"), and a phrase
 * that is no person or body (a clause fragment, a place) is dropped, the content kept unattributed.
 */
export function cleanSource(doc: Doc, c: Candidate): Candidate {
  const src = c.source;
  if (!src || 'known' in c.speakerRef) return c;
  const words = [];
  for (let t = doc.tokenAt(src.start); t && t.start < src.end; t = doc.tokens[t.i + 1]) words.push(t);
  // "Wells Fargo just this month", "Smith now": when-words and adverbs after the head are no source.
  for (let cut = true, guard = words.length; cut && words.length > 1 && guard > 0; guard--) {
    const last = words[words.length - 1];
    const first = words[0];
    if (!last || !first) break;
    const text = doc.text.slice(first.start, last.end);
    const keep = first.start + sourceLength(text);
    const adverb = last.pos === 'ADV' && /^\p{Ll}/u.test(last.text);
    cut = adverb || keep < last.end;
    if (adverb) words.pop();
    else while (words.length > 1 && (words[words.length - 1]?.start ?? 0) >= keep) words.pop();
  }
  const end = words[words.length - 1]?.end ?? src.end;
  const source = end < src.end ? mkSpan(doc.text, src.start, end) : src;
  if (sourceProblem(words, doc.text)) return { ...c, source: null, speakerRef: { known: null } };
  if (source === src) return c;
  const text = c.speakerRef.text === src.text ? source.text : c.speakerRef.text;
  return { ...c, source, speakerRef: { text, role: c.speakerRef.role } };
}
