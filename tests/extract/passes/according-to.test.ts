import { describe, expect, it } from 'vitest';
import { accordingToPass } from '../../../src/extract/attributions/passes/according-to.js';
import { brief, ctxOf } from './helpers.js';

describe("pass 'according-to'", () => {
  it('takes the clause after a fronted "According to X,"', () => {
    expect(
      brief(accordingToPass(ctxOf('According to the port authority, the ferry will resume in May.'))),
    ).toEqual([['according-to', 'the port authority', 'According to', 'the ferry will resume in May']]);
  });

  it('takes the clause before a trailing "according to X"', () => {
    const [c] = accordingToPass(
      ctxOf('The dam cost twice the estimate, according to two engineers who reviewed it.'),
    );
    expect(c?.content.text).toBe('The dam cost twice the estimate');
    expect(c?.source?.text).toBe('two engineers');
  });

  it('marks unnamed sources as alleged and ignores quoted text', () => {
    const [c] = accordingToPass(
      ctxOf('The deal is off, according to people familiar with the talks and other sources.'),
    );
    expect(c?.reported).toBe('alleged');
    expect(accordingToPass(ctxOf('She wrote “according to plan” on the whiteboard.'))).toEqual([]);
  });
});
