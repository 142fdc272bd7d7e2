// The one inflection helper: lexicons list each verb once, by lemma, and every form is made here, so
// no list can hold "lifted" but miss "lifts". Regular English rules plus a small table of irregular
// verbs; a multi-word entry inflects its first word ("rule out" → "rules out", "ruled out", …).

/** Irregular past forms (simple past and participle) of verbs a stance or deed lexicon may hold. */
const IRREGULAR: Readonly<Record<string, readonly string[]>> = {
  send: ['sent'],
  speed: ['sped', 'speeded'],
  'green-light': ['green-lit', 'green-lighted'],
  forecast: ['forecast'],
  cancel: ['cancelled', 'canceled'],
  lend: ['lent'],
  spend: ['spent'],
  freeze: ['froze', 'frozen'],
  withdraw: ['withdrew', 'withdrawn'],
  cut: ['cut'],
  put: ['put'],
  set: ['set'],
  let: ['let'],
  quit: ['quit'],
  hold: ['held'],
  keep: ['kept'],
  seek: ['sought'],
  bring: ['brought'],
  buy: ['bought'],
  give: ['gave', 'given'],
  take: ['took', 'taken'],
  make: ['made'],
  come: ['came', 'come'],
  lay: ['laid'],
  hit: ['hit'],
  throw: ['threw', 'thrown'],
  go: ['went', 'gone'],
  speak: ['spoke', 'spoken'],
  stand: ['stood'],
  uphold: ['upheld'],
  withhold: ['withheld'],
  forbid: ['forbade', 'forbidden'],
  undertake: ['undertook', 'undertaken'],
  overturn: ['overturned'],
  deny: ['denied'],
  say: ['said'],
  tell: ['told'],
  pay: ['paid'],
  win: ['won'],
  lead: ['led'],
  break: ['broke', 'broken'],
  strike: ['struck'],
  sell: ['sold'],
  build: ['built'],
  write: ['wrote', 'written'],
  drive: ['drove', 'driven'],
  rise: ['rose', 'risen'],
  leave: ['left'],
  shut: ['shut'],
  begin: ['began', 'begun'],
  show: ['showed', 'shown'],
  find: ['found'],
  think: ['thought'],
  feel: ['felt'],
  know: ['knew', 'known'],
  signal: ['signalled', 'signaled'],
  quip: ['quipped'],
};

const VOWEL = /[aeiou]/;

/** A short verb ending consonant-vowel-consonant doubles it before -ed/-ing ("scrap" → "scrapped"). */
function doubles(base: string): boolean {
  if (!/[^aeiouwxy][aeiou][^aeiouwxy]$/.test(base)) return false;
  // Only one-syllable verbs and a few stressed-last two-syllable ones double.
  const syllables = base.match(/[aeiouy]+/g)?.length ?? 0;
  return (
    syllables === 1 ||
    /^(?:compel|control|commit|admit|submit|permit|rebut|regret|refer|prefer|defer|deter|equip|patrol|propel|repel|expel|omit|abet|embed|forbid|upset|outstrip)$/.test(
      base,
    )
  );
}

function thirdPerson(base: string): string {
  if (/(?:s|sh|ch|x|z|o)$/.test(base)) return `${base}es`;
  if (/[^aeiou]y$/.test(base)) return `${base.slice(0, -1)}ies`;
  return `${base}s`;
}

function pastRegular(base: string): string {
  if (base.endsWith('e')) return `${base}d`;
  if (/[^aeiou]y$/.test(base)) return `${base.slice(0, -1)}ied`;
  return doubles(base) ? `${base}${base.slice(-1)}ed` : `${base}ed`;
}

function gerund(base: string): string {
  if (/ie$/.test(base)) return `${base.slice(0, -2)}ying`;
  if (/[^e]e$/.test(base) && VOWEL.test(base.slice(0, -1))) return `${base.slice(0, -1)}ing`;
  return doubles(base) ? `${base}${base.slice(-1)}ing` : `${base}ing`;
}

/** "levies" → "levy", "fields" → "field": nouns compared in either number (not "process", "bus"). */
export const singular = (noun: string): string => noun.replace(/ies$/, 'y').replace(/(?<=[^s])s$/, '');

/** Every form of one verb: base, -s, past (regular or irregular) and -ing. */
export function verbForms(base: string): string[] {
  const past = IRREGULAR[base] ?? [pastRegular(base)];
  return [...new Set([base, thirdPerson(base), ...past, gerund(base)])];
}

/**
 * The finite forms of a verb (base, -s and simple past: "write", "writes", "wrote", not "written"):
 * what a verb of saying looks like right after its subject.
 */
export function finiteForms(base: string): string[] {
  const past = IRREGULAR[base] ?? [pastRegular(base)];
  // Both spellings of a past that has two ("signalled", "signaled"); not a participle ("written").
  const simple = past.every((f) => f.endsWith('ed')) ? past : past.slice(0, 1);
  return [...new Set([base, thirdPerson(base), ...simple])];
}

/** Every form of a verb entry; a multi-word entry ("rule out", "call for") inflects its first word. */
export function inflect(entry: string): string[] {
  const space = entry.indexOf(' ');
  if (space < 0) return verbForms(entry);
  const head = entry.slice(0, space);
  const rest = entry.slice(space);
  return verbForms(head).map((f) => f + rest);
}

/**
 * The lemma of an -ing or -ed form ("withdrawing" → "withdraw", "scrapping" → "scrap", "filing" →
 * "file"); a word that is neither is returned as is. Used to read verbs out of a topic's description.
 */
export function lemmaOf(word: string): string {
  const w = word.toLowerCase();
  for (const [base, forms] of Object.entries(IRREGULAR)) if (forms.includes(w)) return base;
  const stem = /ing$/.test(w) ? w.slice(0, -3) : /ed$/.test(w) ? w.slice(0, -2) : null;
  if (stem === null || stem.length < 2) return w;
  if (/([^aeiouls])\1$/.test(stem)) return stem.slice(0, -1);
  // "requiring" → "require", "hiring" → "hire", "expiring" → "expire".
  if (/(?:[^aeiou]ir|uir)$/.test(stem)) return `${stem}e`;
  // "negotiating" → "negotiate", "regulating" → "regulate", "creating" → "create".
  if (/(?:[^aeo]at|creat)$/.test(stem) && stem.length >= 5) return `${stem}e`;
  if (/y$/.test(stem) && w.endsWith('ing')) return stem;
  // "using" → "use", "raising" → "raise", "releasing" → "release".
  if (/^[aeiou][^aeiou]$/.test(stem) || /(?:ai|ea|ui|oi|au)s$/.test(stem)) return `${stem}e`;
  if (w.endsWith('ied')) return `${w.slice(0, -3)}y`;
  // "filing" → "file", "reaffirming" → "reaffirm": an e comes back after a single consonant that
  // follows a single vowel, or after c/g/v/z/u ("reducing", "urging", "solving").
  if (/(?:[cgvzu]|[^aeiou][aeiou][^aeiouwxy])$/.test(stem) && !/(?:en|er|on|om|it|el)$/.test(stem))
    return `${stem}e`;
  return stem;
}

/** "tariff" → "tariffs", "levy" → "levies", "tax" → "taxes". */
export const plural = (noun: string): string =>
  /(?:s|sh|ch|x|z)$/.test(noun)
    ? `${noun}es`
    : /[^aeiou]y$/.test(noun)
      ? `${noun.slice(0, -1)}ies`
      : `${noun}s`;

const PLAIN_WORD = /^[a-z][a-z-]*[a-z]$/;
/** Words after a verb that make a phrase verbal ("phase out", "freeze the conflict", "call for"). */
const VERB_FOLLOWERS =
  /^(?:out|away|down|up|off|over|back|in|on|into|onto|to|for|from|with|against|about|the|a|an|its|their|all|new|more|any)$/;

/**
 * The other written forms of a watchlist phrase, so a list that says "tariff" finds "tariffs" and one
 * that says "phase out" finds "phasing out": the last word in the other number (a one-word phrase only
 * gains a plural: "rules" → "rule" would also find the verb; a particle has no number), and the first
 * word of a verbal phrase in every verb form ("join NATO" → "joined NATO", "freeze the conflict" →
 * "froze the conflict"). A noun compound ("state laws") is not verbal: "stated laws" is another thing.
 * Capitalised words and acronyms are names: left alone.
 */
/**
 * The same phrase as news writes it in other ways: a percentage with "%", "per cent" or "percent",
 * and "GDP" spelt out. Ordinary English spelling variants, not any topic's wording.
 */
function spellings(phrase: string): string[] {
  const out = new Set<string>();
  const percent = /(\d+(?:\.\d+)?)(?:\s*%|\s+per\s*cent)/i.exec(phrase);
  if (percent) {
    for (const form of [`${percent[1]}%`, `${percent[1]} per cent`, `${percent[1]} percent`])
      out.add(phrase.slice(0, percent.index) + form + phrase.slice(percent.index + percent[0].length));
  }
  for (const p of [phrase, ...out]) {
    if (/\bGDP\b/.test(p)) out.add(p.replace(/\bGDP\b/g, 'gross domestic product'));
    else if (/\bgross domestic product\b/i.test(p)) out.add(p.replace(/\bgross domestic product\b/gi, 'GDP'));
  }
  out.delete(phrase);
  return [...out];
}

export function phraseForms(phrase: string): string[] {
  const variants = spellings(phrase);
  return [...new Set([...variants, ...[phrase, ...variants].flatMap(wordForms)])].filter(
    (p) => p !== phrase.trim(),
  );
}

function wordForms(phrase: string): string[] {
  const words = phrase.trim().split(/\s+/);
  const first = words[0] ?? '';
  const second = words[1] ?? '';
  const last = words[words.length - 1] ?? '';
  const out = new Set<string>();
  if (PLAIN_WORD.test(last) && last.length >= 4 && !VERB_FOLLOWERS.test(last)) {
    const other = /[^s]s$/.test(last) ? (words.length > 1 ? singular(last) : null) : plural(last);
    if (other && other !== last) out.add([...words.slice(0, -1), other].join(' '));
  }
  const verbal = /(?:ing|ed)$/.test(first) || VERB_FOLLOWERS.test(second) || /^\p{Lu}/u.test(second);
  if (words.length > 1 && verbal && PLAIN_WORD.test(first) && first.length >= 3) {
    const base = /(?:ing|ed)$/.test(first) ? lemmaOf(first) : /[^s]s$/.test(first) ? null : first;
    if (base) for (const f of verbForms(base)) out.add([f, ...words.slice(1)].join(' '));
  }
  out.delete(phrase.trim());
  return [...out];
}

/** Prepositions a stance noun takes before what it is about ("objection to", "support for"). */
const NOUN_PREPOSITION = /^(?:of|to|for|on|against|with|from)$/;
/** Endings that make a word a noun (not "is against", "open to"). */
const NOUN_ENDING = /(?:tion|sion|ment|ance|ence|ure|ity|cy)$/;

/**
 * A fixed stance phrase with its noun in the plural as well: "objection to" also finds "objections
 * to", "restriction on" "restrictions on". Only "<noun> <preposition>" phrases with a noun ending.
 */
export function withPlurals(phrases: readonly string[]): string[] {
  const out = new Set(phrases);
  for (const p of phrases) {
    const [noun = '', prep = '', ...rest] = p.split(' ');
    if (rest.length === 0 && NOUN_PREPOSITION.test(prep) && NOUN_ENDING.test(noun))
      out.add(`${plural(noun)} ${prep}`);
  }
  return [...out];
}
