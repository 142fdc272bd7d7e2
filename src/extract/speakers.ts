// Source detection helpers: what counts as a source phrase, its role, and coreference of
// pronouns ("he") and nominals ("the agency") to the nearest compatible earlier mention.
import type { Speaker } from '../model.js';
import { PRONOUNS, TITLES } from './cues.js';

export interface Mention {
  text: string;
  kind: 'person' | 'org' | 'group';
  role: string | null;
}

/** Head nouns that name organisations; a nominal with one of these resolves to an earlier org. */
const ORG_HEADS = new Set([
  'agency',
  'service',
  'ministry',
  'office',
  'department',
  'committee',
  'council',
  'government',
  'campaign',
  'party',
  'company',
  'firm',
  'group',
  'administration',
  'commission',
  'court',
  'newspaper',
  'paper',
  'network',
  'organization',
  'organisation',
  'institute',
  'university',
  'bank',
  'union',
  'board',
  'bureau',
  'kremlin',
  'house',
  'team',
  'embassy',
  'foundation',
]);

const GROUP_HEADS = /(s|people|staff|police)$/;

const isCap = (w: string): boolean => /^[\p{Lu}]/u.test(w);
/** Lower-case particles inside personal names ("von der Leyen", "Corrêa do Lago", "bin Salman"). */
export const NAME_PARTICLE = /^(?:da|de|do|dos|das|del|della|di|du|van|von|der|den|ter|bin|ibn|al|el|la|le)$/;

/** Whether a capitalised word stands before position k, past other name particles. */
function capitalBefore(words: readonly string[], k: number): boolean {
  let j = k - 1;
  while (j >= 0 && NAME_PARTICLE.test(words[j] ?? '')) j--;
  return j >= 0 && isCap(words[j] ?? '');
}

/** Where the role words before a name end ("Republican presidential nominee Jane Doe" → 3). */
function roleEnd(words: readonly string[]): number {
  for (let k = words.length - 2; k >= 0; k--) {
    const w = words[k] ?? '';
    // A name particle after a capitalised word stays in the name ("Ursula von der Leyen").
    if (NAME_PARTICLE.test(w) && capitalBefore(words, k)) continue;
    if (TITLES.has(w.toLowerCase()) || !isCap(w)) return k + 1;
  }
  return 0;
}

/** Classifies a source phrase into a mention (null for pronouns and bare nominals). */
export function classifyMention(text: string): Mention | null {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const first = words[0]?.toLowerCase();
  const lastWord = words[words.length - 1];
  if (first === undefined || lastWord === undefined) return null;
  if (words.length === 1 && PRONOUNS.has(first)) return null;
  const capWords = words.filter((w) => isCap(w) && !/^(The|A|An)$/.test(w));
  if (capWords.length === 0) return null;
  const last = lastWord.replace(/['’]s$/, '');
  const lastLower = last.toLowerCase();
  // Title words in lower case before a capitalised name are the stated role ("aide Jan Kowalski").
  // Everything up to the last title word is role ("Republican presidential nominee Jane Doe").
  const i = roleEnd(words);
  const roleWords = words.slice(0, i);
  const nameWords = words.slice(i);
  const allCap = nameWords.every((w) => isCap(w) || /^(of|the|for|and)$/.test(w) || NAME_PARTICLE.test(w));
  const nameHasOrg = nameWords.some((w) => ORG_HEADS.has(w.toLowerCase()));
  if (ORG_HEADS.has(lastLower) || (roleWords.length === 0 && nameHasOrg)) {
    return { text, kind: 'org', role: null };
  }
  if (!isCap(last) && GROUP_HEADS.test(lastLower)) return { text, kind: 'group', role: null };
  const nameLength = nameWords.filter((w) => !NAME_PARTICLE.test(w)).length;
  if (allCap && nameLength >= 1 && nameLength <= 4) {
    const role = roleWords.filter((w) => !/^(the|a|an)$/i.test(w)).join(' ');
    return { text: nameWords.join(' '), kind: 'person', role: role.length > 0 ? role : null };
  }
  return { text, kind: 'group', role: null };
}

export interface SpeakerTracker {
  /** Resolves a source phrase to a speaker, remembering named mentions for later pronouns. */
  resolve(sourceText: string, appositiveRole: string | null): Speaker;
  /** Records a named mention seen outside any attribution (it can still be an antecedent), with the role an appositive gives it. */
  observe(text: string, role?: string | null): void;
}

/** The mentions of one article, newest last, and the full names their surnames stand for. */
interface Memory {
  lastOf(pred: (m: Mention) => boolean): Mention | undefined;
  remember(m: Mention): Mention;
  knowsSurname(name: string): boolean;
}

function createMemory(): Memory {
  const mentions: Mention[] = [];
  const surnameMap = new Map<string, Mention>();
  return {
    lastOf(pred) {
      for (let i = mentions.length - 1; i >= 0; i--) {
        const m = mentions[i];
        if (m && pred(m)) return m;
      }
      return undefined;
    },
    remember(m) {
      const surname = m.text.split(' ').pop() ?? m.text;
      const known = m.kind === 'person' ? surnameMap.get(surname) : undefined;
      // A bare surname ("Peskov") refers back to the full name seen earlier.
      const full = known && !m.text.includes(' ') ? known : undefined;
      // The role a person was given once ("Jan Roe, Valdor's trade minister, …") stays theirs when a
      // later mention, by surname or full name, gives none: "Roe added …" still speaks for Valdor.
      if (full && !full.role && m.role) full.role = m.role;
      if (known && known.text === m.text && !m.role && known.role) m.role = known.role;
      const kept = full ?? m;
      if (!full && m.kind === 'person') surnameMap.set(surname, m);
      mentions.push(kept);
      return kept;
    },
    knowsSurname: (name) => surnameMap.has(name),
  };
}

/** A pronoun's antecedent: the last person for he/she, the last org for "it", else the last group. */
function resolvePronoun(memory: Memory, pron: 'm' | 'f' | 'p' | 'n', text: string): Speaker {
  const ante =
    pron === 'm' || pron === 'f'
      ? memory.lastOf((m) => m.kind === 'person')
      : pron === 'n'
        ? memory.lastOf((m) => m.kind === 'org')
        : memory.lastOf((m) => m.kind !== 'person');
  return { name: ante?.text ?? text, actor: null, role: ante?.role ?? null };
}

/** Bare nominal ("the spy agency", "the former minister"): the nearest compatible mention. */
function resolveNominal(memory: Memory, text: string, appositiveRole: string | null): Speaker {
  const words = text.toLowerCase().split(/\s+/);
  const head = words[words.length - 1] ?? '';
  const isDef = words[0] === 'the' || words[0] === 'this';
  // "the company" stands for the last body named; "the government" only for one named as a
  // government ("the government" is not "the harbour board").
  const org =
    isDef && ORG_HEADS.has(head)
      ? memory.lastOf((x) => x.kind === 'org' && (head !== 'government' || /\bgovernment\b/i.test(x.text)))
      : undefined;
  if (org) return { name: org.text, actor: null, role: null };
  const person = isDef && TITLES.has(head) ? memory.lastOf((x) => x.kind === 'person') : undefined;
  if (person) return { name: person.text, actor: null, role: person.role };
  return { name: text, actor: null, role: appositiveRole };
}

export function createSpeakerTracker(): SpeakerTracker {
  const memory = createMemory();
  return {
    observe(text, role = null) {
      const m = classifyMention(text);
      if (m && m.kind === 'person' && m.text.includes(' '))
        memory.remember(role && !m.role ? { ...m, role } : m);
    },
    resolve(rawSource, appositiveRole) {
      // "(D-Ore.)", "(R-Utah)": party labels and other asides are not part of the name.
      const sourceText = rawSource.replace(/\s*\([^)]*\)/g, '').trim() || rawSource;
      const pron = PRONOUNS.get(sourceText.toLowerCase().trim());
      if (pron !== undefined) return resolvePronoun(memory, pron, sourceText);
      let m = classifyMention(sourceText);
      // A lone capitalised word with no title ("Russian", "Bloomberg") is not a person to refer back to
      // with "he", unless it is the surname of someone named in full earlier.
      if (m && m.kind === 'person' && !m.text.includes(' ') && !m.role && !memory.knowsSurname(m.text)) {
        m = { ...m, kind: 'group' };
      }
      if (!m) return resolveNominal(memory, sourceText, appositiveRole);
      const r = memory.remember(
        m.kind === 'person' && !m.role && appositiveRole ? { ...m, role: appositiveRole } : m,
      );
      return { name: r.text, actor: null, role: appositiveRole ?? r.role };
    },
  };
}

/** When-words a source scan can carry along ("Smith now", "the union on Tuesday"). */
const TRAILING_TIME =
  /\s+(?:now|today|yesterday|tonight|again|also|too|earlier|later|recently|first|then|(?:on|last|this|next|early|late)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|weekend|month|year|night|morning|afternoon|evening)|in\s+(?:january|february|march|april|may|june|july|august|september|october|november|december|\d{4}))$/i;

/** The length of a source phrase without trailing time words ("Jan Roe now" → "Jan Roe"). */
export function sourceLength(text: string): number {
  let t = text;
  for (let m = TRAILING_TIME.exec(t); m && m.index > 0; m = TRAILING_TIME.exec(t)) t = t.slice(0, m.index);
  return t.length;
}

/** A source word with its part of speech (UPOS, '' when unknown). */
export interface SourceWord {
  text: string;
  pos: string;
}

const LOCATIVE = (name: string): RegExp =>
  new RegExp(
    `\\b(?:in|at|visit|visits|visited|visiting)\\s+${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`,
  );

/**
 * Why a phrase cannot be a source (a person or a body: a name, a title or role, an institution or a
 * pronoun), or null when it can. `context` is the article text, to tell places from people.
 */
export function sourceProblem(words: readonly SourceWord[], context: string): string | null {
  const content = words.filter((w) => /^[\p{L}\p{N}]/u.test(w.text));
  const last = content[content.length - 1];
  if (!last) return 'no words';
  // "technology sold without a licence that": a phrase running into a relative clause.
  if (content.length > 1 && /^(that|which)$/i.test(last.text)) return 'clause fragment';
  // Ends in a function word ("officials overnight to"): no noun head. (Verb tags are not trusted:
  // the tagger reads "police" or a surname as a verb.)
  const closed = /^(ADV|ADP|AUX|CCONJ|SCONJ|DET|PART)$/.test(last.pos) && /^\p{Ll}/u.test(last.text);
  const lower = last.text.toLowerCase();
  const standsAlone =
    /^(all|some|each|both|many|most|several|few|that|which|who|this|these|those|one|others|another)$/;
  if (closed && !TITLES.has(lower) && !PRONOUNS.has(lower) && !standsAlone.test(lower)) return 'no noun head';
  // "Ottawa's Beijing": a possessive before a bare place name (one the article uses as a place).
  const [owner, mark, name] = words;
  if (
    words.length === 3 &&
    owner &&
    name &&
    /^['’]s$/.test(mark?.text ?? '') &&
    /^\p{Lu}\p{Ll}+$/u.test(name.text)
  ) {
    if (LOCATIVE(name.text).test(context)) return 'place, not a speaker';
  }
  return null;
}
