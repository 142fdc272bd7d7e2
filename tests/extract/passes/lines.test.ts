import { describe, expect, it } from 'vitest';
import { labelledLinePass, voxPopPass } from '../../../src/extract/attributions/passes/lines.js';
import { findHeadlineAttributions } from '../../../src/extract/attributions.js';
import { brief } from './helpers.js';

describe("line passes 'vox-pop', 'labelled-line' and 'headline'", () => {
  it("'vox-pop' reads a quote signed with a dash and a name", () => {
    expect(brief(voxPopPass('“The buses never come on time.” ― Aiko Tanaka'))).toEqual([
      ['vox-pop', 'Aiko Tanaka', '―', '“The buses never come on time.”'],
    ]);
  });

  it("'labelled-line' reads transcript turns in capitals, not editorial labels", () => {
    const body =
      'Intro line.\nREYES: We will build the school next year.\nCORRECTION: An earlier version misspelled a name.';
    expect(brief(labelledLinePass(body))).toEqual([
      ['labelled-line', 'REYES', ':', 'We will build the school next year'],
    ]);
  });

  it("'headline' reads labels, signatures and present-tense cues", () => {
    const a = (h: string) =>
      findHeadlineAttributions(h).map((x) => [x.via, x.source?.text, x.cue?.text, x.content.text]);
    expect(a('Mayor Lind: Tram Line Is Dead')).toEqual([
      ['headline', 'Mayor Lind', ':', 'Tram Line Is Dead'],
    ]);
    expect(a('Tram Line Is Dead, Mayor Says')).toEqual([['headline', 'Mayor', 'Says', 'Tram Line Is Dead']]);
    expect(a('Lind Urges Council to Drop Tram Plan')).toEqual([
      ['headline', 'Lind', 'Urges', 'Council to Drop Tram Plan'],
    ]);
    expect(a('The Latest: Storm Closes Schools')).toEqual([]);
  });
});
