import { describe, expect, it } from 'vitest';
import { directQuotePass } from '../../../src/extract/attributions/passes/direct-quote.js';
import { passivePass } from '../../../src/extract/attributions/passes/passive.js';
import { interposedPass, reportedPass } from '../../../src/extract/attributions/passes/reported.js';
import { signOffPass } from '../../../src/extract/attributions/passes/sign-off-pass.js';
import { brief, ctxOf, cuePasses } from './helpers.js';

const run = (text: string) => brief(cuePasses(ctxOf(text)));

describe("pass family 'verb cue'", () => {
  it("'direct-quote': a quote abutting its source and cue", () => {
    expect(run('“The bridge will open on time,” the mayor said.')).toEqual([
      ['direct-quote', 'the mayor', 'said', '“The bridge will open on time,”'],
    ]);
    expect(run('Lena Ortiz told the council: “We cannot wait another year.”')[0]?.[3]).toBe(
      '“We cannot wait another year.”',
    );
  });

  it("'direct-quote': a quote resuming after the cue and a short when or where phrase", () => {
    const c = run('“The ferry will run,” the captain said on Monday, “but only at high tide.”')[0];
    expect(c?.[3]).toBe('“The ferry will run,” the captain said on Monday, “but only at high tide.”');
    // A second clause with its own verb between the two quotes is not the same statement going on.
    const d = run('“The ferry will run,” the captain said, and the crew shouted “hooray.”')[0];
    expect(d?.[3]).toBe('“The ferry will run,”');
  });

  it("'reported': the clause after the cue, keeping 'that'", () => {
    expect(run('The union warned that the strike would continue.')).toEqual([
      ['reported', 'The union', 'warned', 'that the strike would continue'],
    ]);
  });

  it("'reported', not 'sign-off': a place before the source, and a that-clause after a time", () => {
    expect(run('In Lisbon, the harbour master said on Friday that the pier would close.')).toEqual([
      ['reported', 'the harbour master', 'said', 'that the pier would close'],
    ]);
    // A real sign-off keeps its short adjunct.
    expect(run('The pier will close, the harbour master said on Friday.')[0]?.slice(0, 1)).toEqual([
      'sign-off',
    ]);
  });

  it("'reported': a time phrase opening the sentence is not part of the source", () => {
    expect(run('On Monday Harbour Master Lena Ortiz said the pier would close.')[0]?.[1]).toBe(
      'Harbour Master Lena Ortiz',
    );
    expect(run('Last week the council said the bridge would open.')[0]?.[1]).toBe('the council');
    expect(run('In 2019 the union said the strike was over.')[0]?.[1]).toBe('the union');
  });

  it("'reported': an object content ends before its adjuncts", () => {
    expect(
      run('The farmers criticized the levy as a tax on bread during a rally in the square.')[0]?.[3],
    ).toBe('the levy as a tax on bread');
    expect(run('The council praised the new library, which opened last spring.')[0]?.[3]).toBe(
      'the new library',
    );
    expect(run('The appeals court rejected the argument in a ruling issued on Friday.')[0]?.[3]).toBe(
      'the argument',
    );
  });

  it("'reported': a subject phrase read by part of speech", () => {
    expect(
      run('Experts on coastal erosion and flood defence said the wall was too low.')[0]?.slice(1, 3),
    ).toEqual(['Experts on coastal erosion and flood defence', 'said']);
    expect(run('However, 61 percent said the tunnel was worth the cost.')[0]?.[1]).toBe('61 percent');
  });

  it("'sign-off': the clause before a sentence-final '…, X said'", () => {
    expect(run('The ferry will not run on Sunday, harbour officials said.')).toEqual([
      ['sign-off', 'harbour officials', 'said', 'The ferry will not run on Sunday'],
    ]);
    expect(run('The budget is “a fantasy,” Tom Berg said last week.')).toEqual([
      ['sign-off', 'Tom Berg', 'said', 'The budget is “a fantasy,”'],
    ]);
  });

  it("'sign-off': '…, as police said', a role before the name, and findings that 'show'", () => {
    expect(run('The gate was left open all night, as police have said.')).toEqual([
      ['sign-off', 'police', 'said', 'The gate was left open all night'],
    ]);
    expect(
      run('The dam is “the only thing between us and the sea,” retired engineer Tom Berg said.'),
    ).toEqual([['sign-off', 'Tom Berg', 'said', 'The dam is “the only thing between us and the sea,”']]);
    expect(run('Most rural clinics closed before noon, the survey shows.')).toEqual([
      ['sign-off', 'the survey', 'shows', 'Most rural clinics closed before noon'],
    ]);
  });

  it("'sign-off': a clause set beside the sign-off ('…, the spokesperson said, while declining …')", () => {
    expect(
      run(
        'The port will honour the contract, the mayor’s spokesperson said, while declining to give a date.',
      )[0],
    ).toEqual(['sign-off', 'the mayor’s spokesperson', 'said', 'The port will honour the contract']);
  });

  it("'interposed': both sides of '…, officials said, …'", () => {
    const [c] = cuePasses(ctxOf('The plan, officials said, would cost four million euros.'));
    expect(c?.via).toBe('interposed');
    expect(c?.content.fragments).toHaveLength(2);
  });

  it("'second-predicate': '… and urged …' shares the subject", () => {
    const cs = cuePasses(
      ctxOf('The minister rejected the proposal and urged farmers to wait for the review.'),
    );
    expect(brief(cs)).toEqual([['reported', 'The minister', 'rejected', 'the proposal']]);
    expect(cs[0]?.follow?.via).toBe('second-predicate');
    expect(cs[0]?.follow?.content.text).toBe('farmers to wait for the review');
  });

  it("'direct-quote': a speech verb opening the sentence ('Said Ana Lee: “…”')", () => {
    expect(run('Said Ana Lee: “The harbour will never close.”')).toEqual([
      ['direct-quote', 'Ana Lee', 'Said', '“The harbour will never close.”'],
    ]);
  });

  it("'direct-quote': any verb that introduces a quotation after a colon", () => {
    expect(run('The captain continued: “We sail at dawn.”')).toEqual([
      ['direct-quote', 'The captain', 'continued', '“We sail at dawn.”'],
    ]);
  });

  it('keeps a governed preposition in the cue ("complained about", "warned of")', () => {
    expect(run('The fishermen complained about the new quotas.')[0]?.slice(2)).toEqual([
      'complained about',
      'the new quotas',
    ]);
    expect(run('The agency warned of delays at the border.')[0]?.[2]).toBe('warned of');
  });

  it('leaves nouns alone: possessives, compounds and events', () => {
    expect(run('His views were shared by the board.')).toEqual([]);
    expect(run('Budget worries have slowed the project.')).toEqual([]);
    expect(run("The mayor's claims drew laughter.")).toEqual([]);
    expect(run('The new plans require a permit for every stall.')).toEqual([]);
    expect(run('She spoke to a crowd at the harbour.')).toEqual([]);
  });
});

describe('the verb-cue passes on their own', () => {
  const sentence = 'The plan, officials said, would cost four million euros.';

  it("'interposed' reads both halves; 'reported' reads the same cue as a plain clause", () => {
    expect(brief(interposedPass(ctxOf(sentence)))).toEqual([
      ['interposed', 'officials', 'said', 'The plan, officials said, would cost four million euros'],
    ]);
    expect(reportedPass(ctxOf(sentence)).map((c) => c.via)).toEqual(['reported']);
  });

  it('selection keeps one reading per cue, the one PRECEDENCE lists first', () => {
    expect(brief(cuePasses(ctxOf(sentence))).map((c) => c[0])).toEqual(['interposed']);
    const quoted = '“The bridge will open on time,” the mayor said.';
    expect(directQuotePass(ctxOf(quoted)).map((c) => c.via)).toEqual(['direct-quote']);
    expect(brief(cuePasses(ctxOf(quoted))).map((c) => c[0])).toEqual(['direct-quote']);
  });

  it("'sign-off' yields a plain sign-off to an interposed cue", () => {
    expect(signOffPass(ctxOf('The ferry will not run on Sunday, harbour officials said.'))).toHaveLength(1);
    expect(signOffPass(ctxOf(sentence))).toEqual([]);
  });

  it("'passive' reads only passives, and the other passes leave them alone", () => {
    const text = 'The levy was firmly rejected by the bakers’ guild.';
    expect(passivePass(ctxOf(text)).map((c) => c.source?.text)).toEqual(['the bakers’ guild']);
    expect([...reportedPass(ctxOf(text)), ...directQuotePass(ctxOf(text))]).toEqual([]);
  });
});
