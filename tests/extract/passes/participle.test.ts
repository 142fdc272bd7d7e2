import { describe, expect, it } from 'vitest';
import { findAttributions } from '../../../src/extract/attributions.js';
import { participleSubjectPass } from '../../../src/extract/attributions/passes/participle.js';
import { brief, ctxOf } from './helpers.js';

describe("passes 'participle' and 'participle-subject'", () => {
  it("'participle' splits '…, adding that B' off the first attribution", () => {
    const atts = findAttributions(
      'The mayor said the pier was safe, adding that repairs would start in June.',
    );
    expect(atts.map((a) => [a.via, a.cue?.text, a.content.text])).toEqual([
      ['reported', 'said', 'the pier was safe'],
      ['participle', 'adding', 'that repairs would start in June'],
    ]);
    expect(atts[1]?.speaker).toEqual(atts[0]?.speaker);
  });

  it("'participle' follows a quote signed by its cue", () => {
    const atts = findAttributions(
      '“We are ready,” she told the committee, insisting that the plan was funded.',
    );
    expect(atts.map((a) => a.via)).toEqual(['direct-quote', 'participle']);
  });

  it("'participle-subject' attributes a sentence-final participle to the opening name", () => {
    const text = 'Carla Mendes left the meeting early on Tuesday, accusing the board of secrecy.';
    expect(brief(participleSubjectPass(ctxOf(text)))).toEqual([
      ['participle-subject', 'Carla Mendes', 'accusing', 'the board of secrecy'],
    ]);
    expect(participleSubjectPass(ctxOf('The river rose overnight, flooding the lower town.'))).toEqual([]);
    const body = 'The Harbour Board filed a complaint on Monday, arguing that the levy was unlawful.';
    expect(brief(participleSubjectPass(ctxOf(body)))).toEqual([
      ['participle-subject', 'The Harbour Board', 'arguing', 'that the levy was unlawful'],
    ]);
  });

  it("'participle-subject' finds the main clause's subject past a fronted adjunct or as a noun phrase", () => {
    const fronted = 'In 1998, the county court halted the sale, citing a risk to the wetlands.';
    expect(brief(participleSubjectPass(ctxOf(fronted)))).toEqual([
      ['participle-subject', 'the county court', 'citing', 'a risk to the wetlands'],
    ]);
    const plain = 'The hikers club sent a letter to the ranger urging him to reopen the trail.';
    expect(brief(participleSubjectPass(ctxOf(plain)))).toEqual([
      ['participle-subject', 'The hikers club', 'urging', 'him to reopen the trail'],
    ]);
  });

  it("'participle-subject' keeps a name in apposition with its subject ('The port's chief, Ana Lee, took …')", () => {
    const appos =
      "The port's harbour master, Ana Lee, took a harder line, saying the pier must close in May.";
    expect(brief(participleSubjectPass(ctxOf(appos)))).toEqual([
      ['participle-subject', "The port's harbour master, Ana Lee", 'saying', 'the pier must close in May'],
    ]);
  });

  it("'participle' reads the -ing form of any verb of saying in the lexicon", () => {
    const atts = findAttributions('The chef closed the kitchen on Sunday, lamenting that rents had doubled.');
    expect(atts.map((a) => [a.cue?.text, a.content.text])).toEqual([['lamenting', 'that rents had doubled']]);
  });
});
