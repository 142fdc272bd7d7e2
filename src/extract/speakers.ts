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

/** Classifies a source phrase into a mention (null for pronouns and bare nominals). */
export function classifyMention(text: string): Mention | null {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  if (words.length === 0) return null;
  const first = words[0]!.toLowerCase();
  if (words.length === 1 && PRONOUNS.has(first)) return null;
  const capWords = words.filter((w) => isCap(w) && !/^(The|A|An)$/.test(w));
  if (capWords.length === 0) return null;
  const last = words[words.length - 1]!.replace(/['’]s$/, '');
  const lastLower = last.toLowerCase();
  // Title words in lower case before a capitalised name are the stated role ("aide Jan Kowalski").
  // Everything up to the last title word is role ("Republican presidential nominee Jane Doe").
  let i = 0;
  for (let k = words.length - 2; k >= 0; k--) {
    if (TITLES.has(words[k]!.toLowerCase()) || !isCap(words[k]!)) {
      i = k + 1;
      break;
    }
  }
  const roleWords = words.slice(0, i);
  const nameWords = words.slice(i);
  const allCap = nameWords.every((w) => isCap(w) || /^(of|the|for|and|de|von|van)$/.test(w));
  const nameHasOrg = nameWords.some((w) => ORG_HEADS.has(w.toLowerCase()));
  if (ORG_HEADS.has(lastLower) || (roleWords.length === 0 && nameHasOrg)) {
    return { text, kind: 'org', role: null };
  }
  if (!isCap(last) && GROUP_HEADS.test(lastLower)) return { text, kind: 'group', role: null };
  if (allCap && nameWords.length >= 1 && nameWords.length <= 4) {
    const role = roleWords.filter((w) => !/^(the|a|an)$/i.test(w)).join(' ');
    return { text: nameWords.join(' '), kind: 'person', role: role.length > 0 ? role : null };
  }
  return { text, kind: 'group', role: null };
}

export interface SpeakerTracker {
  /** Resolves a source phrase to a speaker, remembering named mentions for later pronouns. */
  resolve(sourceText: string, appositiveRole: string | null): Speaker;
  /** Records a named mention seen outside any attribution (it can still be an antecedent). */
  observe(text: string): void;
}

export function createSpeakerTracker(): SpeakerTracker {
  const mentions: Mention[] = [];
  const lastOf = (pred: (m: Mention) => boolean): Mention | undefined => {
    for (let i = mentions.length - 1; i >= 0; i--) {
      const m = mentions[i]!;
      if (pred(m)) return m;
    }
    return undefined;
  };
  const surnameMap = new Map<string, Mention>();
  const remember = (m: Mention): Mention => {
    // A bare surname ("Peskov") refers back to the full name seen earlier.
    if (m.kind === 'person' && !m.text.includes(' ')) {
      const full = surnameMap.get(m.text);
      if (full) {
        mentions.push(full);
        return full;
      }
    }
    if (m.kind === 'person') {
      const parts = m.text.split(' ');
      surnameMap.set(parts[parts.length - 1]!, m);
    }
    mentions.push(m);
    return m;
  };
  return {
    observe(text) {
      const m = classifyMention(text);
      if (m && m.kind === 'person' && m.text.includes(' ')) remember(m);
    },
    resolve(rawSource, appositiveRole) {
      // "(D-Ore.)", "(R-Utah)": party labels and other asides are not part of the name.
      const sourceText = rawSource.replace(/\s*\([^)]*\)/g, '').trim() || rawSource;
      const lower = sourceText.toLowerCase().trim();
      const pron = PRONOUNS.get(lower);
      if (pron !== undefined) {
        const ante =
          pron === 'm' || pron === 'f'
            ? lastOf((m) => m.kind === 'person')
            : pron === 'n'
              ? lastOf((m) => m.kind === 'org')
              : lastOf((m) => m.kind !== 'person');
        return { name: ante?.text ?? sourceText, actor: null, role: ante?.role ?? null };
      }
      let m = classifyMention(sourceText);
      // A lone capitalised word with no title ("Russian", "Bloomberg") is not a person to refer back to
      // with "he", unless it is the surname of someone named in full earlier.
      if (m && m.kind === 'person' && !m.text.includes(' ') && !m.role && !surnameMap.has(m.text)) {
        m = { ...m, kind: 'group' };
      }
      if (m) {
        const r = remember(m);
        return { name: r.text, actor: null, role: appositiveRole ?? r.role };
      }
      // Bare nominal ("the spy agency", "the former minister"): nearest compatible mention.
      const words = lower.split(/\s+/);
      const head = words[words.length - 1] ?? '';
      const isDef = words[0] === 'the' || words[0] === 'this';
      if (isDef && ORG_HEADS.has(head)) {
        const ante = lastOf((x) => x.kind === 'org');
        if (ante) return { name: ante.text, actor: null, role: null };
      }
      if (isDef && TITLES.has(head)) {
        const ante = lastOf((x) => x.kind === 'person');
        if (ante) return { name: ante.text, actor: null, role: ante.role };
      }
      return { name: sourceText, actor: null, role: appositiveRole };
    },
  };
}
