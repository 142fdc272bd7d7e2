// Clause boundaries, defined once: the document model cuts its sentences with these rules, and the
// positions stage cuts a statement's scope (which may be a headline or a sentence with its source
// blanked out, so not always a span of the document) with the same rules.

/** Words that open a new clause after a comma ("…, but …", "…, while …"). */
const COORDINATORS = ['and', 'but', 'while', 'whereas', 'although', 'though'];
/** Subordinators that open a clause after a comma ("…, after failing to …"). */
const SUBORDINATORS = ['after', 'before', 'because', 'since'];
/** Modals that open a second predicate of the same subject after a comma or "and". */
const PREDICATE_MODALS = ['would', 'will', 'could', 'might', 'should', 'must', 'may'];
/** Prepositions that look like participles: "…, including …" opens no clause. */
const NON_CLAUSE_ING = [
  'during',
  'including',
  'according',
  'regarding',
  'concerning',
  'following',
  'excluding',
  'notwithstanding',
  'pending',
];

// Breaks: a coordinator after a comma, a semicolon, "and that", "but", "while"/"whereas", a sentence
// end inside a quote, a subordinate clause after a comma and a participle clause after a comma
// ("…, repeating his claim that …").
const CLAUSE_BREAK = new RegExp(
  [
    `,\\s*(?:${COORDINATORS.join('|')})\\s+(?:that\\s+)?`,
    ';\\s*',
    '\\s+and that\\s+',
    ',\\s*but\\s+',
    '\\s+but\\s+',
    '\\s+(?:while|whereas)\\s+',
    '(?<=[.!?][”"’]?)\\s+(?=[“"‘]?\\p{Lu})',
    `,\\s*(?=(?:${SUBORDINATORS.join('|')})\\s)`,
    `,\\s*(?!(?:${NON_CLAUSE_ING.join('|')})\\b)(?=[a-z]+ing\\s)`,
    // A coordinated predicate with its own modal ("opposed the duties, would file a case and would
    // take countermeasures"): each predicate is its own stance.
    `,\\s*(?=(?:${PREDICATE_MODALS.join('|')})\\s)`,
    `\\s+(?:and|or)\\s+(?=(?:${PREDICATE_MODALS.join('|')})\\s)`,
  ].join('|'),
  'gu',
);

/** The clauses of a text as [start, end) character ranges, breaks left out, in order. */
export function clauseBounds(text: string): Array<[number, number]> {
  const bounds: Array<[number, number]> = [];
  let last = 0;
  for (const m of text.matchAll(CLAUSE_BREAK)) {
    if (m.index > last) bounds.push([last, m.index]);
    last = m.index + m[0].length;
  }
  if (text.length > last || bounds.length === 0) bounds.push([last, text.length]);
  return bounds;
}
