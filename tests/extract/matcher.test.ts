import { describe, expect, it } from 'vitest';
import { createPhraseMatcher } from '../../src/extract/matcher.js';

const names = createPhraseMatcher(
  [
    { id: 'acme', phrases: ['Acme', 'Acme Corp', 'the Acme board', 'A.C.M.E.'] },
    { id: 'globex', phrases: ['Globex', "Globex's lab", 'CEO Hank Scorpio'] },
  ],
  { caseSensitive: () => true },
);

const topics = createPhraseMatcher(
  [
    { id: 'pricing', phrases: ['price cap', 'price caps', 'pricing', 'AI'] },
    { id: 'hiring', phrases: ['hiring freeze', 'price cap exemption'] },
  ],
  { caseSensitive: (p) => p.length <= 3 && p === p.toUpperCase() },
);

const found = (m: ReturnType<typeof createPhraseMatcher>, text: string) =>
  m.all(text).map((h) => [h.id, text.slice(h.start, h.end)]);

describe('phrase matcher', () => {
  it('prefers the longest phrase at a place and reports spans into the text', () => {
    expect(found(names, 'Yesterday the Acme board met Acme Corp lawyers.')).toEqual([
      ['acme', 'the Acme board'],
      ['acme', 'Acme Corp'],
    ]);
    expect(found(topics, 'A price cap exemption is not a price cap.')).toEqual([
      ['hiring', 'price cap exemption'],
      ['pricing', 'price cap'],
    ]);
  });

  it('matches whole words only', () => {
    expect(found(names, 'Acmeville and Globextra are towns.')).toEqual([]);
    expect(found(topics, 'Repricing is not the same as pricing.')).toEqual([['pricing', 'pricing']]);
  });

  it('keeps case for names and short acronyms, ignores it for topic words', () => {
    expect(found(names, 'acme and globex in lower case')).toEqual([]);
    expect(found(topics, 'Rules on AI, not on the word "ai" or "said".')).toEqual([['pricing', 'AI']]);
    expect(found(topics, 'A HIRING FREEZE was announced.')).toEqual([['hiring', 'HIRING FREEZE']]);
  });

  it('lets any run of whitespace join the words of a phrase', () => {
    expect(found(topics, 'a hiring\n  freeze')).toEqual([['hiring', 'hiring\n  freeze']]);
  });

  it('treats straight and curly apostrophes alike', () => {
    expect(found(names, 'Globex’s lab said so.')).toEqual([['globex', 'Globex’s lab']]);
  });

  it('matches phrases with inner punctuation only as written, ending at a word boundary', () => {
    expect(found(names, 'A.C.M.E. agreed; A. C. M. E. did not; A.C.M.E.X neither.')).toEqual([
      ['acme', 'A.C.M.E.'],
    ]);
  });

  it('finds nothing with an empty phrase list', () => {
    const empty = createPhraseMatcher([{ id: 'x', phrases: ['', '  '] }], { caseSensitive: () => false });
    expect(empty.all('anything at all')).toEqual([]);
  });
});
