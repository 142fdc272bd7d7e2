import { describe, expect, it } from 'vitest';
import { findAttributions } from '../../../src/extract/attributions.js';
import { speakerLabelPass } from '../../../src/extract/attributions/passes/paragraph.js';
import { brief, ctxOf } from './helpers.js';

describe("paragraph passes 'speaker-label', 'colon-intro', 'quote-continuation'", () => {
  it("'speaker-label' gives a labelled paragraph to its speaker, not editorial labels", () => {
    expect(brief(speakerLabelPass(ctxOf('HOST: Welcome back to the show, everyone.')))).toEqual([
      ['speaker-label', 'HOST', ':', 'Welcome back to the show, everyone'],
    ]);
    expect(speakerLabelPass(ctxOf('Update: The road has reopened to traffic.'))).toEqual([]);
    expect(speakerLabelPass(ctxOf('HOST: Welcome back to the show.', 0, 0, false))).toEqual([]);
  });

  it("'colon-intro' gives the next paragraph to a source closing a paragraph with a colon", () => {
    const text =
      'The harbour master wrote:\n\nThe boats must stay in port until the storm passes. Nobody sails.';
    const atts = findAttributions(text);
    expect(atts.map((a) => [a.via, a.source?.text, a.content.text])).toEqual([
      [
        'colon-intro',
        'The harbour master',
        'The boats must stay in port until the storm passes. Nobody sails',
      ],
    ]);
  });

  it("'quote-continuation' carries the speaker into the next quote of the paragraph", () => {
    const text = '“The wall held,” said Ines Moreau. “We were lucky this time.”';
    const atts = findAttributions(text);
    expect(atts).toHaveLength(1);
    expect(atts[0]?.content.fragments).toHaveLength(2);
    const apart = findAttributions('“The wall held,” said Ines Moreau. The river fell.\n\n“We were lucky.”');
    expect(apart.map((a) => a.via)).toEqual(['direct-quote']);
  });
});
