import { describe, expect, it } from 'vitest';
import { verbCuePass } from '../../../src/extract/attributions/passes/verb-cue.js';
import { brief, ctxOf } from './helpers.js';

describe("pass 'passive'", () => {
  it('takes the agent after "by" as the source and the subject as the content', () => {
    expect(brief(verbCuePass(ctxOf('The levy was firmly rejected by the bakers’ guild.')))).toEqual([
      ['passive', 'the bakers’ guild', 'was firmly rejected by', 'The levy'],
    ]);
  });

  it('reads adverbs such as "first" between the auxiliary and the participle', () => {
    const [c] = verbCuePass(ctxOf('The merger was first reported by Radio North.'));
    expect(c?.via).toBe('passive');
    expect(c?.content.text).toBe('The merger');
  });

  it('needs a named or plural agent and is only ever the first of a sentence', () => {
    expect(verbCuePass(ctxOf('The shed was built by hand.'))).toEqual([]);
    expect(verbCuePass(ctxOf('The levy was rejected by bakers.'))[0]?.onlyFirst).toBe(true);
  });
});
