import { describe, expect, it } from 'vitest';
import { clauseBounds } from '../../src/extract/clauses.js';
import { buildDocument } from '../../src/extract/document.js';

/** Every token's text is exactly the slice of the text at its offsets. */
function expectExactOffsets(text: string): void {
  const doc = buildDocument(text);
  for (const t of doc.tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
  for (let i = 1; i < doc.tokens.length; i++)
    expect(doc.tokens[i]!.start).toBeGreaterThanOrEqual(doc.tokens[i - 1]!.end);
}

describe('buildDocument', () => {
  it('places tokens at exact offsets with POS tags and lemmas', () => {
    const text = 'The minister said the ferries were running late.';
    const doc = buildDocument(text);
    expectExactOffsets(text);
    const said = doc.tokens.find((t) => t.text === 'said');
    expect(said?.pos).toBe('VERB');
    expect(said?.lemma).toBe('say');
    expect(doc.tokens[0]?.pos).toBe('DET');
    expect(doc.tokens.map((t) => t.sentence).every((s) => s === 0)).toBe(true);
  });

  it('keeps exact offsets with curly quotes, em-dashes, non-ASCII and emojis', () => {
    const texts = [
      '“We won’t sign,” said Zoë Müller — the délégué — on Tuesday.',
      'The mayor 😀 replied: “Fine 👍🏽 by me.” Then she left… ',
      'Kraków’s council — après débat — voted 12–3. Ñandú said: "no."',
      "He said ''we are ready'' -- and meant it. Don't you?",
      '\u00a0Leading no-break space, then tab\tand text.',
    ];
    for (const text of texts) expectExactOffsets(text);
  });

  it('finds tokens by offset and sentences by token', () => {
    const text = 'Ana Ruiz spoke first. Then Ben Cole replied.';
    const doc = buildDocument(text);
    const ben = doc.tokenAt(text.indexOf('Ben') + 1);
    expect(ben?.text).toBe('Ben');
    expect(doc.sentenceOf(ben!.i)?.i).toBe(1);
    expect(doc.tokenAt(text.indexOf(' Then'))).toBeUndefined();
    expect(doc.sentenceOf(10_000)).toBeUndefined();
  });

  it('ends a sentence at a paragraph break even without punctuation', () => {
    const text = 'A headline without a stop\n\nThe first paragraph starts here. It goes on.\n\nAnother one';
    const doc = buildDocument(text);
    expect(doc.sentences.map((s) => text.slice(s.start, s.end))).toEqual([
      'A headline without a stop',
      'The first paragraph starts here.',
      'It goes on.',
      'Another one',
    ]);
    for (const s of doc.sentences) {
      for (let i = s.first; i < s.end_; i++) expect(doc.tokens[i]?.sentence).toBe(s.i);
    }
  });

  it('keeps abbreviations and a quote followed by its attribution in one sentence', () => {
    const text = '“Why now?” Mr. Smith asked. The U.S. team left.';
    const doc = buildDocument(text);
    expect(doc.sentences.map((s) => text.slice(s.start, s.end))).toEqual([
      '“Why now?” Mr. Smith asked.',
      'The U.S. team left.',
    ]);
  });

  it('an initial stays in its sentence; a capital letter before a quotation mark ends one; "The talks" is no speaker', () => {
    const text = 'John Q. Public wrote on X. “We are sure. No more delays.” The talks went on.';
    const doc = buildDocument(text);
    expect(doc.sentences.map((s) => text.slice(s.start, s.end))).toEqual([
      'John Q. Public wrote on X.',
      '“We are sure. No more delays.”',
      'The talks went on.',
    ]);
  });

  it('after a full stop inside a quote, only a short sign-off stays with it', () => {
    const text =
      'She added: “We will not pay.” Lena Ortiz said on Friday. Oslo said it would pay the toll in full.';
    const quoted = 'He added: “We will not pay.” Oslo said it would pay the toll in full by June.';
    const split = (t: string) => buildDocument(t).sentences.map((s) => t.slice(s.start, s.end));
    expect(split(text)).toEqual([
      'She added: “We will not pay.” Lena Ortiz said on Friday.',
      'Oslo said it would pay the toll in full.',
    ]);
    expect(split(quoted)).toEqual([
      'He added: “We will not pay.”',
      'Oslo said it would pay the toll in full by June.',
    ]);
  });

  it('pairs straight and curly quotes and leaves an unclosed one open', () => {
    const text = 'She said "yes" and “no” then “maybe so. The end';
    const doc = buildDocument(text);
    const marks = doc.quotes.map((q) => [
      doc.tokens[q.open]?.text,
      q.close === null ? null : doc.tokens[q.close]?.text,
    ]);
    expect(marks).toEqual([
      ['"', '"'],
      ['“', '”'],
      ['“', null],
    ]);
  });

  it('does not crash on empty or whitespace-only text', () => {
    expect(buildDocument('').tokens).toEqual([]);
    expect(buildDocument('  \n\n ').sentences).toEqual([]);
  });

  it('splits clauses at semicolons, coordinators after a comma and while/whereas (break words left out)', () => {
    const text = 'Prices rose; wages fell, and unions protested while the bank waited, hoping for calm.';
    const doc = buildDocument(text);
    const clauses = doc.clauses.map((c) =>
      text.slice(doc.tokens[c.first]!.start, doc.tokens[c.end_ - 1]!.end),
    );
    expect(clauses).toEqual([
      'Prices rose',
      'wages fell',
      'unions protested',
      'the bank waited',
      'hoping for calm.',
    ]);
  });

  it('cuts clauses by the same rules as a statement scope, sentence by sentence', () => {
    const text =
      'Oslo agreed to lend, after failing to agree on the assets. Rome said no, including on ships.';
    const doc = buildDocument(text);
    const fromDoc = doc.clauses.map((c) =>
      text.slice(doc.tokens[c.first]!.start, doc.tokens[c.end_ - 1]!.end),
    );
    const fromScope = doc.sentences.flatMap((s) =>
      clauseBounds(text.slice(s.start, s.end)).map(([a, b]) => text.slice(s.start + a, s.start + b)),
    );
    expect(fromDoc).toEqual(fromScope);
    expect(fromDoc).toEqual([
      'Oslo agreed to lend',
      'after failing to agree on the assets.',
      'Rome said no, including on ships.',
    ]);
  });
});
