import { describe, expect, it } from 'vitest';
import { sourceLength, sourceProblem } from '../../../src/extract/speakers.js';

const w = (s: string, pos: string[]) => s.split(' ').map((text, i) => ({ text, pos: pos[i] ?? '' }));

describe('speakers: sources are people or bodies', () => {
  it('drops trailing time words', () => {
    const cut = (s: string) => s.slice(0, sourceLength(s));
    expect(cut('Smith now')).toBe('Smith');
    expect(cut('the union on Tuesday')).toBe('the union');
    expect(cut('the ministry last week')).toBe('the ministry');
    expect(cut('Ana Lopez')).toBe('Ana Lopez');
  });

  it('rejects clause fragments and phrases without a noun head', () => {
    expect(
      sourceProblem(
        w('technology sold without a licence that', ['NOUN', 'VERB', 'ADP', 'DET', 'NOUN', 'SCONJ']),
        '',
      ),
    ).toBe('clause fragment');
    expect(sourceProblem(w('officials overnight to', ['NOUN', 'ADV', 'ADP']), '')).toBe('no noun head');
    expect(sourceProblem(w('the harbour officials', ['DET', 'NOUN', 'NOUN']), '')).toBeNull();
    expect(sourceProblem(w('some', ['DET']), '')).toBeNull();
  });

  it("rejects a place's place ('Ottawa's Beijing') when the article uses the name as a place", () => {
    const words = w("Ottawa 's Beijing", ['PROPN', 'PART', 'PROPN']);
    expect(sourceProblem(words, 'Talks resumed in Beijing on Friday.')).toBe('place, not a speaker');
    expect(sourceProblem(w("Moscow 's Lavrov", ['PROPN', 'PART', 'PROPN']), 'Lavrov spoke.')).toBeNull();
  });
});
