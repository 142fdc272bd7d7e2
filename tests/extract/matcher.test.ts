import { describe, expect, it } from 'vitest';
import type { Watchlist } from '../../src/config/watchlist.js';
import { phraseForms } from '../../src/extract/inflect.js';
import { compileWatchlist, createPhraseMatcher } from '../../src/extract/matcher.js';

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

describe('watchlist phrases in their other written forms', () => {
  const watchlist = {
    actors: [{ id: 'oslo', name: 'Norway', aliases: [] }],
    topics: [
      { id: 'tolls', name: 'Tolls', description: 'road tolls', phrases: ['toll', 'ferry levy'] },
      { id: 'coal', name: 'Coal', description: 'ending coal mining', phrases: ['phase out coal', 'mines'] },
      { id: 'fares', name: 'Fares', description: 'fares', phrases: ['ferry levies'] },
    ],
  } as unknown as Watchlist;
  const hits = (text: string) =>
    compileWatchlist(watchlist)
      .topics.all(text)
      .map((h) => [h.id, text.slice(h.start, h.end)]);

  it('finds a noun in the other number and a verbal phrase in every verb form', () => {
    expect(hits('New tolls start in May.')).toEqual([['tolls', 'tolls']]);
    expect(hits('The state is phasing out coal and phased out coal before.')).toEqual([
      ['coal', 'phasing out coal'],
      ['coal', 'phased out coal'],
    ]);
  });

  it('keeps a phrase a list names explicitly with its own topic', () => {
    // "ferry levies" is written under fares; the plural of tolls' "ferry levy" does not take it.
    expect(hits('The ferry levies rose.')).toEqual([['fares', 'ferry levies']]);
  });

  it('gives a one-word plural no singular (that would be the verb: "it mines" vs "mine safety")', () => {
    expect(hits('The mine closed.')).toEqual([]);
    expect(phraseForms('rules')).toEqual([]);
    expect(phraseForms('state laws')).toEqual(['state law']);
  });
});
