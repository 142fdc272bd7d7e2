import { describe, expect, it } from 'vitest';
import { nounCuePass } from '../../../src/extract/attributions/passes/noun-cue.js';
import { brief, ctxOf } from './helpers.js';

describe("pass 'noun-cue'", () => {
  it('reads "X\'s assessment is that …"', () => {
    expect(brief(nounCuePass(ctxOf("The Treasury's assessment is that growth will slow.")))).toEqual([
      ['noun-cue', 'The Treasury', 'assessment', 'growth will slow'],
    ]);
  });

  it('needs a capitalised owner and a cue noun', () => {
    expect(nounCuePass(ctxOf("the river's bank is that way."))).toEqual([]);
    expect(nounCuePass(ctxOf("Marta's bicycle is red."))).toEqual([]);
    // A cue noun that is the subject of another verb states no content.
    expect(nounCuePass(ctxOf("Marta's comments came after the vote."))).toEqual([]);
  });
});
