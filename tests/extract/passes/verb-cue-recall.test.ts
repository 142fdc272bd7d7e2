import { describe, expect, it } from 'vitest';
import { nounCuePass } from '../../../src/extract/attributions/passes/noun-cue.js';
import { participleSubjectPass } from '../../../src/extract/attributions/passes/participle.js';
import { brief, ctxOf, cuePasses } from './helpers.js';

const run = (text: string) => brief(cuePasses(ctxOf(text)));
const first = (text: string) => run(text)[0]?.slice(1);

describe('verb cue: sources past asides and modifiers', () => {
  it('skips a time phrase between the subject and the cue', () => {
    expect(first('The ferry operator, who in 2009 said the route was safe, sold the boats.')).toEqual([
      'who',
      'said',
      'the route was safe',
    ]);
    expect(first('A survey released Friday shows that rents rose.')?.[0]).toBe('A survey');
    expect(first('A study published last year found that river levels fell.')?.[0]).toBe('A study');
  });

  it('takes "many of whom" as a source', () => {
    expect(first('The plan angered growers, many of whom say the quotas are unfair.')).toEqual([
      'many of whom',
      'say',
      'the quotas are unfair',
    ]);
  });

  it('reads an appositive subject before auxiliaries and adverbs', () => {
    expect(first('A fellow host, Rina Toll, had previously denounced the merger.')?.[0]).toBe(
      'A fellow host, Rina Toll',
    );
  });

  it('passes floating quantifiers, "went on to" and an opening conjunction', () => {
    expect(first('Ivo Marn and Lea Post both argued that the fee was illegal.')?.[0]).toBe(
      'Ivo Marn and Lea Post',
    );
    expect(first('Ivo Marn and Lea Post all suggested that the fee was illegal.')?.[1]).toBe('suggested');
    expect(first('Ivo Marn went on to discuss the harbour budget.')).toEqual([
      'Ivo Marn',
      'discuss',
      'the harbour budget',
    ]);
    expect(first('The port waited, though a review board in 1999 found the lease was void.')?.[0]).toBe(
      'a review board',
    );
  });

  it('keeps "and" inside an agency name and a slash inside a number', () => {
    expect(
      first('Parks and Waterways Service, the agency that runs the canals, said it would hire.')?.[0],
    ).toBe('Parks and Waterways Service');
    expect(first('“The levy is wrong,” said 24/7 cabbie Omar Dale.')?.[0]).toBe('24/7 cabbie Omar Dale');
  });

  it('takes "who" right after a noun', () => {
    expect(first('He never paid a plumber who said the pipes were rotten.')).toEqual([
      'who',
      'said',
      'the pipes were rotten',
    ]);
  });
});

describe('verb cue: new cue words and phrases', () => {
  it('reads "talked about", "commented on" and "voted against", not their other uses', () => {
    expect(first('The rector talked about the cost of the new wing.')?.[1]).toBe('talked about');
    expect(first('The rector commented on the flooding of the crypt.')?.[2]).toBe(
      'the flooding of the crypt',
    );
    expect(first('Councillor Brandt voted against the parking levy.')?.[1]).toBe('voted against');
    expect(run('The warden declined to comment on Monday.')).toEqual([]);
    expect(run('Residents voted in record numbers.')).toEqual([]);
  });

  it('reads a stance adjective after "be"', () => {
    expect(first('The captain was sure the storm would pass.')).toEqual([
      'The captain',
      'sure',
      'the storm would pass',
    ]);
    expect(first('Fishermen are afraid that the quota will shrink.')?.[1]).toBe('afraid');
    expect(first('Mayor Ruiz has been critical of the toll plan.')).toEqual([
      'Mayor Ruiz',
      'critical of',
      'the toll plan',
    ]);
    expect(run('The outcome is certain.')).toEqual([]);
    expect(run('It is critical that we act.')).toEqual([]);
  });

  it('reads "expressed concern about", "made it clear" and "as X put it"', () => {
    expect(first('Tenant groups have expressed deep concern about the eviction rules.')).toEqual([
      'Tenant groups',
      'expressed deep concern about',
      'the eviction rules',
    ]);
    expect(first('Ivo Marn made it clear he had doubts about the tunnel.')?.[1]).toBe('made it clear');
    expect(first('As the harbour master put it, the docks are full.')).toEqual([
      'the harbour master',
      'put it',
      'the docks are full',
    ]);
    expect(run('He put it on the shelf.')).toEqual([]);
  });

  it('reads "continued" only next to a quote with a named subject', () => {
    expect(first('“We will rebuild,” she continued.')?.[1]).toBe('continued');
    expect(first('Lea Post continued, “The rest is noise.”')?.[2]).toBe('“The rest is noise.”');
    expect(run('The rain continued, “without end,” one farmer said.').map((c) => c[2])).not.toContain(
      'continued',
    );
  });
});

describe("noun cue: a possessor's stance noun", () => {
  it('reads "her decision to …", "his claim that …", "its criticism of …"', () => {
    expect(brief(nounCuePass(ctxOf("The warden's decision to close the pier angered anglers.")))).toEqual([
      ['noun-cue', 'The warden', 'decision', 'to close the pier'],
    ]);
    expect(brief(nounCuePass(ctxOf('His claim that the dam was safe proved wrong.')))[0]?.[3]).toBe(
      'that the dam was safe',
    );
    expect(brief(nounCuePass(ctxOf('Her criticism of the ferry timetable was sharp.')))[0]?.[3]).toBe(
      'the ferry timetable',
    );
    expect(nounCuePass(ctxOf('Her plans for the weekend are unclear.'))).toEqual([]);
  });
});

describe('verb cue: content boundaries and general cue verbs', () => {
  it('ends the content of a cue in a fronted subordinate clause at the main clause', () => {
    expect(first('While growers worried about the cost of the canal, the board pressed on.')?.[2]).toBe(
      'the cost of the canal',
    );
    expect(first('Even as she invoked the drought, she offered no plan.')?.[2]).toBe('the drought');
  });

  it('ends the content before ", but" or ";" opening another clause', () => {
    expect(first('The tribunal ruled that the levy was lawful, but its report noted gaps.')?.[2]).toBe(
      'that the levy was lawful',
    );
    expect(first('Ivo Marn said the pier was unsafe; the board disagreed.')?.[2]).toBe('the pier was unsafe');
  });

  it('ends the content before ", although" + a clause and ", with X doing …"', () => {
    expect(first('The lab said the sample was clean, although it may take days to confirm.')?.[2]).toBe(
      'the sample was clean',
    );
    expect(first('Surveys show Ivo Marn ahead, with two other polls showing him behind.')?.[2]).toBe(
      'Ivo Marn ahead',
    );
  });

  it('knows general verbs of speech and attitude', () => {
    expect(first('The guild underscored that wages had stalled.')?.[1]).toBe('underscored');
    expect(first('Most anglers prefer the northern route.')?.[1]).toBe('prefer');
  });
});

describe("participle-subject: a message's participle", () => {
  it('reads "X sent a letter … urging / saying …" without a comma', () => {
    expect(
      brief(
        participleSubjectPass(
          ctxOf('Rina Toll sent a letter to the guild saying that the fees were unfair.'),
        ),
      ),
    ).toEqual([['participle-subject', 'Rina Toll', 'saying', 'that the fees were unfair']]);
    expect(participleSubjectPass(ctxOf('Rina Toll sent a parcel to the guild.'))).toEqual([]);
  });

  it('keeps a shared-subject "but" clause in the content', () => {
    expect(first('Callers said they disliked the toll, but could not bear to say so.')?.[2]).toBe(
      'they disliked the toll, but could not bear to say so',
    );
  });
});

describe('verb cue: the lexicon of voiced speech, praise and reproach', () => {
  it('reads shouting, comparing, scolding, praising and resenting as cues', () => {
    expect(first('The fans chanted that the referee was blind.')).toEqual([
      'The fans',
      'chanted',
      'that the referee was blind',
    ]);
    expect(first('The coach compared the new stadium to a shopping mall.')?.[1]).toBe('compared');
    expect(first('The inspector scolded the builders for the cracked walls.')?.[2]).toBe(
      'the builders for the cracked walls',
    );
    expect(first('Local chefs lauded the new market hall.')?.[1]).toBe('lauded');
    expect(first('Many tenants resent the new parking fees.')?.[1]).toBe('resent');
  });
});

describe('verb cue: phrasal cues', () => {
  it('reads a phrasal verb as a cue only with its particles', () => {
    expect(first('The senator went after the mayor over the budget.')).toEqual([
      'The senator',
      'went after',
      'the mayor over the budget',
    ]);
    expect(first('The union has seized on the audit to demand higher wages.')?.[1]).toBe('seized on');
    expect(run('The senator went to the harbour on Monday.')).toEqual([]);
  });
});
