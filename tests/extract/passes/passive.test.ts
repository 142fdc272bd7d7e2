import { describe, expect, it } from 'vitest';
import { findAttributions } from '../../../src/extract/attributions.js';
import { brief, ctxOf, cuePasses } from './helpers.js';

describe("pass 'passive'", () => {
  it('takes the agent after "by" as the source and the subject as the content', () => {
    expect(brief(cuePasses(ctxOf('The levy was firmly rejected by the bakers’ guild.')))).toEqual([
      ['passive', 'the bakers’ guild', 'was firmly rejected by', 'The levy'],
    ]);
  });

  it('reads adverbs such as "first" between the auxiliary and the participle', () => {
    const [c] = cuePasses(ctxOf('The merger was first reported by Radio North.'));
    expect(c?.via).toBe('passive');
    expect(c?.content.text).toBe('The merger');
  });

  it('needs a named or plural agent and is only ever the first of a sentence', () => {
    expect(cuePasses(ctxOf('The shed was built by hand.'))).toEqual([]);
    expect(cuePasses(ctxOf('The levy was rejected by bakers.'))[0]?.onlyFirst).toBe(true);
  });

  it('reads a passive whatever stands before it, and a participle without "be" after its noun phrase', () => {
    const atts = findAttributions('Plans for a second runway were rejected by the regional council.');
    expect(atts.map((a) => [a.via, a.source?.text, a.content.text])).toEqual([
      ['passive', 'the regional council', 'Plans for a second runway'],
    ]);
    const reduced = findAttributions('The toll, first proposed by the mayor in 2019, is still unpopular.');
    expect(reduced.map((a) => [a.via, a.source?.text, a.content.text])).toEqual([
      ['passive', 'the mayor', 'The toll'],
    ]);
  });
});
