import { describe, expect, it } from 'vitest';
import { parseWatchlist } from '../../src/config/watchlist.js';
import { extract } from '../../src/extract/index.js';
import { inflect, lemmaOf } from '../../src/extract/inflect.js';
import { createPhraseMatcher } from '../../src/extract/matcher.js';
import { polarityOf } from '../../src/extract/polarity.js';
import { conditionTerms, readDefinition } from '../../src/extract/topic-definition.js';
import { parseArticleText } from '../../src/ingest/index.js';

const harbour = parseWatchlist(
  JSON.stringify({
    actors: [
      { id: 'eastport', name: 'Eastport', aliases: ['Eastport council', 'Mayor Ina Vale', 'Vale'] },
      { id: 'harbour-board', name: 'Harbour Board', aliases: ['Harbour Board', 'Tom Reed', 'Reed'] },
    ],
    topics: [
      {
        id: 'ferry-compact',
        name: 'Ferry compact',
        description:
          'taking part in the regional ferry compact (supports = joining, staying in or rejoining it; opposes = withdrawing or refusing to take part)',
        phrases: ['ferry compact', 'regional compact'],
      },
      {
        id: 'cruise-levy',
        name: 'Cruise levy',
        description: 'a levy on cruise ships (supports = for it)',
        phrases: ['cruise levy', 'levy on cruise ships'],
      },
    ],
  }),
  'harbour.json',
);

function positionsWith(body: string, watchlist: typeof harbour): string[] {
  const parsed = parseArticleText('t.txt', `Harbour news\n\n${body}`);
  if (!parsed.ok || !parsed.articles[0]) throw new Error('parse failed');
  return extract(parsed.articles[0], watchlist).positions.map((p) => `${p.actor}/${p.topic}/${p.polarity}`);
}

const positions = (body: string) => positionsWith(body, harbour);

describe('inflection', () => {
  it('makes every form of a verb from its lemma, phrasal verbs by their first word', () => {
    expect(inflect('lift')).toEqual(['lift', 'lifts', 'lifted', 'lifting']);
    expect(inflect('scrap')).toEqual(['scrap', 'scraps', 'scrapped', 'scrapping']);
    expect(inflect('rule out')).toEqual(['rule out', 'rules out', 'ruled out', 'ruling out']);
    expect(inflect('withdraw from')).toContain('withdrew from');
    expect(inflect('deny')).toEqual(['deny', 'denies', 'denied', 'denying']);
  });

  it('finds the lemma of -ing and -ed forms', () => {
    expect(
      ['joining', 'filing', 'scrapping', 'staying', 'raising', 'widening', 'imposed'].map(lemmaOf),
    ).toEqual(['join', 'file', 'scrap', 'stay', 'raise', 'widen', 'impose']);
  });
});

describe("a topic's definition", () => {
  it('reads the acts that support and oppose it from the description', () => {
    const d = readDefinition(
      'taking part in a compact (supports = joining, staying in or rejoining it; opposes = withdrawing or refusing to take part)',
    );
    expect(d.support).toEqual(expect.arrayContaining(['joins', 'stayed in', 'rejoining']));
    expect(d.oppose).toEqual(expect.arrayContaining(['withdrew', 'refused to']));
    expect(d.support).not.toContain('taking');
  });

  it('takes only the acts that head the listed items, not the words that introduce or modify them', () => {
    const d = readDefinition(
      'lending books to readers facing long waits (supports = lending, urging a library not to close, or calling for loans to be shared; opposes = closing, announcing or completing a closure, halting funding, or ruling it out; conditional = lending only for members, e.g. in towns such as Leeds or York)',
    );
    expect(d.support).toEqual(expect.arrayContaining(['lends', 'lent']));
    expect(d.oppose).toEqual(expect.arrayContaining(['closed', 'halted', 'ruled out']));
    // "facing" modifies readers, "funding" is what is halted, urge/call/announce only introduce an act,
    // and "such as Leeds" names examples, not grounds.
    for (const word of ['facing', 'funding', 'urging', 'calling', 'announced', 'completed', 'leeds', 'ruled'])
      expect([...d.support, ...d.oppose]).not.toContain(word);
  });

  it('reads "X doing it is opposes" and grounds given after "as"', () => {
    expect(readDefinition('talks now (dismissing them as insincere is opposes)').oppose).toEqual(
      expect.arrayContaining(['dismissed', 'insincere']),
    );
    expect(readDefinition('a levy (opposes = rejecting it as unilateral or protectionist)').oppose).toEqual(
      expect.arrayContaining(['rejects', 'unilateral', 'protectionist']),
    );
  });

  it('reads conditional terms after "through", "via" and "e.g.", not clauses or names', () => {
    expect(
      conditionTerms(
        'x (conditional = keeping it only through a delay or a negotiated deal, or if Eastport escalates, levies suspended for a period)',
      ),
    ).toEqual(['delay', 'deal']);
    expect(
      conditionTerms('x (conditional = lowering it for a limited period, e.g. a 90-day truce or a quota)'),
    ).toEqual(['truce', 'quota']);
  });

  it('reads the acts a conditional side lists on their own as terms of a stance', () => {
    const d = readDefinition(
      'a ferry levy (supports = imposing it; conditional = pausing or lowering it, levies suspended for a period, or keeping it only if fares fall)',
    );
    expect(d.conditionalActs).toEqual(expect.arrayContaining(['paused', 'lowers', 'suspended']));
    expect(d.conditionalActs).not.toContain('kept');
    const levy = parseWatchlist(
      JSON.stringify({
        actors: [{ id: 'eastport', name: 'Eastport', aliases: ['Eastport'] }],
        topics: [
          {
            id: 'levy',
            name: 'Ferry levy',
            description:
              'a ferry levy (supports = imposing or keeping it; opposes = scrapping it; conditional = pausing or lowering it)',
            phrases: ['ferry levy'],
          },
        ],
      }),
      'levy.json',
    );
    const got = (text: string) =>
      positionsWith(`${text} The harbour reopened on Friday after the storm.`, levy);
    expect(got('Eastport paused the ferry levy for 90 days.')).toEqual(['eastport/levy/conditional']);
    expect(got('Eastport scrapped the ferry levy.')).toEqual(['eastport/levy/opposes']);
  });

  it('reads a defined act that opens a topic phrase as the act ("recognised the State of Palestine")', () => {
    const recognition = parseWatchlist(
      JSON.stringify({
        actors: [{ id: 'eastport', name: 'Eastport', aliases: ['Eastport'] }],
        topics: [
          {
            id: 'charter',
            name: 'Charter recognition',
            description: 'recognising the harbour charter (supports = recognising it; opposes = refusing to)',
            phrases: ['recognise the harbour charter', 'harbour charter'],
          },
        ],
      }),
      'charter.json',
    );
    const got = (text: string) =>
      positionsWith(`${text} The harbour reopened on Friday after the storm.`, recognition);
    expect(got('Eastport recognised the harbour charter on Monday.')).toEqual(['eastport/charter/supports']);
    expect(got('Eastport refused to recognise the harbour charter.')).toEqual(['eastport/charter/opposes']);
  });

  it('counts a restricting act for a restriction topic only when said of what it restricts', () => {
    const minerals = parseWatchlist(
      JSON.stringify({
        actors: [{ id: 'eastport', name: 'Eastport', aliases: ['Eastport'] }],
        topics: [
          {
            id: 'ore',
            name: 'Ore export limits',
            description: 'restricting exports of harbour ore (supports = imposing or keeping limits)',
            phrases: ['harbour ore', 'ore exports', 'export controls'],
          },
        ],
      }),
      'ore.json',
    );
    const got = (text: string) => positionsWith(text, minerals);
    expect(
      got('Eastport said it would cut ore exports by half from next month, officials confirmed.'),
    ).toEqual(['eastport/ore/supports']);
    // "stop" acts on compliant trade, not on the ore: defending the controls stays for them.
    expect(
      got(
        'The harbour board added new export controls on harbour ore last week.\n\nEastport has defended the controls as a legitimate step to protect the port that will not stop compliant trade.',
      ),
    ).toEqual(['eastport/ore/supports']);
  });

  it('reads a topic phrase used as a verb as an act on the topic', () => {
    const retaliation = parseWatchlist(
      JSON.stringify({
        actors: [{ id: 'eastport', name: 'Eastport', aliases: ['Eastport'] }],
        topics: [
          {
            id: 'retaliation',
            name: 'Retaliation',
            description: 'answering the ferry levy with a levy of its own (supports = for it)',
            phrases: ['hit back', 'retaliate'],
          },
        ],
      }),
      'retaliation.json',
    );
    // A second sentence makes the text long enough to be an article.
    const got = (text: string) =>
      positionsWith(`${text} The harbour reopened on Friday after the storm.`, retaliation);
    expect(got('Eastport said it would hit back.')).toEqual(['eastport/retaliation/supports']);
    expect(got('Eastport said it would not retaliate.')).toEqual(['eastport/retaliation/opposes']);
    // A warning of what the speaker itself will do is a threat: the act is the stance.
    expect(got('Eastport warned it would retaliate.')).toEqual(['eastport/retaliation/supports']);
    // After a noun, "to" opens that noun's complement: "retaliation" is no act of Eastport's here.
    expect(got('Eastport said the ferry levy was a response to retaliation.')).not.toContain(
      'eastport/retaliation/supports',
    );
  });

  it('reads what is said of a topic named only by an act against it the other way round', () => {
    const membership = parseWatchlist(
      JSON.stringify({
        actors: [{ id: 'eastport', name: 'Eastport', aliases: ['Eastport'] }],
        topics: [
          {
            id: 'compact',
            name: 'Ferry compact',
            description: 'belonging to the ferry compact (supports = staying in it; opposes = leaving it)',
            phrases: ['ferry compact', 'withdrawal'],
          },
        ],
      }),
      'membership.json',
    );
    const got = (text: string) =>
      positionsWith(`${text} The harbour reopened on Friday after the storm.`, membership);
    expect(got('Eastport said the withdrawal was a grave mistake.')).toEqual(['eastport/compact/supports']);
    expect(got('Eastport welcomed the withdrawal.')).toEqual(['eastport/compact/opposes']);
    // The cue counts the other way round too: urging others on about the withdrawal is for it.
    expect(got('Eastport urged its partners to treat the withdrawal as a wake-up call.')).toEqual([
      'eastport/compact/opposes',
    ]);
  });

  it('a topic phrase led by a verb of leaving or undoing names an act against it, unless the topic defines that verb', () => {
    const membership = parseWatchlist(
      JSON.stringify({
        actors: [{ id: 'eastport', name: 'Eastport', aliases: ['Eastport'] }],
        topics: [
          {
            id: 'compact',
            name: 'Ferry compact',
            description: 'belonging to the ferry compact (supports = staying in it; opposes = leaving it)',
            phrases: ['ferry compact', 'leave the compact'],
          },
          {
            id: 'car-ban',
            name: 'Car ban',
            description: 'banning cars from the old town (supports = banning cars)',
            phrases: ['ban cars'],
          },
        ],
      }),
      'membership.json',
    );
    const got = (text: string) =>
      positionsWith(`${text} The harbour reopened on Friday after the storm.`, membership);
    expect(got('Eastport urged Westport to reconsider its decision to leave the compact.')).toEqual([
      'eastport/compact/supports',
    ]);
    expect(got('Eastport said it would ban cars from the old town.')).toEqual(['eastport/car-ban/supports']);
  });

  it('decides the stance with the definition: leaving the compact is against it', () => {
    expect(positions('Eastport council withdrew from the ferry compact on Monday.')).toEqual([
      'eastport/ferry-compact/opposes',
    ]);
    expect(positions('Mayor Ina Vale said Eastport would rejoin the regional compact next year.')).toEqual([
      'eastport/ferry-compact/supports',
    ]);
  });
});

describe('polarity', () => {
  it('an opposing cue turns around what it introduces', () => {
    expect(polarityOf({ text: 'recognising the new borders', cue: 'rejected' })).toBe('opposes');
    expect(polarityOf({ text: 'that it would scrap the levy', cue: 'denied' })).toBe('supports');
    expect(polarityOf({ text: 'the plan', cue: 'rejected' })).toBe('opposes');
  });

  it('a superlative of worth on a means recommends what it is said of', () => {
    expect(polarityOf({ text: 'the levy remained the surest way to cut waste', cue: null })).toBe('supports');
    expect(polarityOf({ text: "the island's strongest protection was the sea wall", cue: null })).toBe(
      'supports',
    );
    expect(polarityOf({ text: 'the sea wall was a way to spend money', cue: null })).toBe('neutral');
  });

  it('what is wanted done to a thing is the stance ("wants the levy lifted")', () => {
    expect(polarityOf({ text: 'the board wants the cruise levy lifted before the summer', cue: null })).toBe(
      'opposes',
    );
    expect(polarityOf({ text: 'the cruise levy extended', cue: 'wants' })).toBe('supports');
  });

  it('refusing to rule something out is a conditional stance', () => {
    expect(polarityOf({ text: 'to rule out a cruise levy', cue: 'refused' })).toBe('conditional');
    expect(polarityOf({ text: 'to rule out a cruise levy', cue: 'declined' })).toBe('conditional');
  });

  it('urging others not to do something is against it', () => {
    expect(polarityOf({ text: 'the council not to impose the levy', cue: 'urged' })).toBe('opposes');
  });

  it('the stance word that governs the topic outweighs another one in the sentence', () => {
    const text = 'the board would keep the levy, even though the delay was a mistake';
    const at = text.indexOf('levy');
    expect(polarityOf({ text, cue: 'said', about: [{ start: at, end: at + 4 }] })).toBe('supports');
  });

  it('"would not rule out" and "as long as" are conditional', () => {
    expect(polarityOf({ text: 'it would not rule out joining the compact', cue: 'said' })).toBe(
      'conditional',
    );
    expect(polarityOf({ text: 'the levy can stay as long as ships pay less in winter', cue: 'said' })).toBe(
      'conditional',
    );
  });
});

describe('speakers and topics found by reference', () => {
  it('a pronoun continues the last speaker; an unnamed spokesperson belongs to the body named before', () => {
    expect(
      positions(
        'Mayor Ina Vale said on Monday that the cruise levy was essential. "We will never drop the levy on cruise ships," she said.',
      ),
    ).toEqual(['eastport/cruise-levy/supports', 'eastport/cruise-levy/supports']);
    expect(
      positions('The Harbour Board met on Friday. A spokesperson said the board rejected the cruise levy.'),
    ).toEqual(['harbour-board/cruise-levy/opposes']);
  });

  it('"the compact" refers back to the ferry compact named earlier', () => {
    const body =
      'The Harbour Board met in the old customs house on Friday to discuss the ferry compact and the winter timetable.\n\nOn Monday Tom Reed said the compact was a mistake and should be abandoned.';
    expect(positions(body)).toContain('harbour-board/ferry-compact/opposes');
  });

  it('"the code" refers back to a "code of conduct" named earlier (the head stands before "of")', () => {
    const quays = parseWatchlist(
      JSON.stringify({
        actors: [{ id: 'harbour-board', name: 'Harbour Board', aliases: ['Harbour Board', 'Tom Reed'] }],
        topics: [
          {
            id: 'quay-code',
            name: 'Quay code',
            description: 'the code (supports = for it)',
            phrases: ['code of conduct'],
          },
        ],
      }),
      'quays.json',
    );
    const body =
      'The port published its code of conduct for the quays on Friday after months of talks.\n\nOn Monday Tom Reed welcomed the code as a fair deal for the town.';
    expect(positionsWith(body, quays)).toContain('harbour-board/quay-code/supports');
  });
});

describe('one stance per actor and topic in an article', () => {
  const withHeadline = (headline: string, body: string) => {
    const parsed = parseArticleText('t.txt', `${headline}\n\n${body}`);
    if (!parsed.ok || !parsed.articles[0]) throw new Error('parse failed');
    return extract(parsed.articles[0], harbour).positions.map((p) => `${p.actor}/${p.topic}/${p.polarity}`);
  };

  it("a headline's gloss gives way to the quote it summarises (statements weigh their confidence)", () => {
    expect(
      withHeadline(
        'Harbour Board backs cruise levy',
        '"We reject the cruise levy," Tom Reed said on Monday.',
      ),
    ).toEqual(['harbour-board/cruise-levy/opposes']);
  });

  it('an -ing form straight after a name is no relayed stance ("the Harbour Board warning on …")', () => {
    expect(
      positions('Mayor Ina Vale said the Harbour Board warning on the cruise levy was unacceptable.'),
    ).not.toContainEqual(expect.stringMatching(/^harbour-board\//));
    expect(positions('Mayor Ina Vale said the Harbour Board is backing the cruise levy.')).toContain(
      'harbour-board/cruise-levy/supports',
    );
  });
});

describe('a head noun two topics share', () => {
  const plans = parseWatchlist(
    JSON.stringify({
      actors: [{ id: 'harbour-board', name: 'Harbour Board', aliases: ['Tom Reed', 'Reed'] }],
      topics: [
        { id: 'dredging', name: 'Dredging', description: 'the dredging plan', phrases: ['dredging plan'] },
        { id: 'ferries', name: 'Ferries', description: 'the ferry plan', phrases: ['ferry plan'] },
      ],
    }),
    'plans.json',
  );
  const about = (body: string) => {
    const parsed = parseArticleText('t.txt', `Harbour news\n\n${body}`);
    if (!parsed.ok || !parsed.articles[0]) throw new Error('parse failed');
    return extract(parsed.articles[0], plans).positions.map((p) => `${p.topic}/${p.polarity}`);
  };

  it('"the plan" takes the topic named most recently', () => {
    const tail = 'On Tuesday Tom Reed said the plan was a mistake.';
    expect(about(`The board discussed the dredging plan and then the ferry plan. ${tail}`)).toEqual([
      'ferries/opposes',
    ]);
    expect(about(`The board discussed the ferry plan and then the dredging plan. ${tail}`)).toEqual([
      'dredging/opposes',
    ]);
  });
});

describe('confidence', () => {
  it('ranks a named direct quote above reported speech and a reference', () => {
    const parsed = parseArticleText(
      't.txt',
      'Harbour news\n\n"We back the cruise levy," Tom Reed said.\n\nThe Harbour Board met on Friday. A spokesperson said the board rejected the ferry compact.',
    );
    if (!parsed.ok || !parsed.articles[0]) throw new Error('parse failed');
    const x = extract(parsed.articles[0], harbour).positions;
    const quote = x.find((p) => p.topic === 'cruise-levy');
    const reported = x.find((p) => p.topic === 'ferry-compact');
    expect(quote?.confidence).toBeGreaterThan(reported?.confidence ?? 1);
    for (const p of x) {
      expect(p.confidence).toBeGreaterThan(0);
      expect(p.confidence).toBeLessThanOrEqual(1);
    }
  });
});

describe('generic readings', () => {
  it('"against" turns around an act but not a judgement; "opposition to" turns around what follows', () => {
    expect(polarityOf({ text: 'the council voted against imposing the levy', cue: null })).toBe('opposes');
    expect(polarityOf({ text: 'measures against unfair restrictions from the levy', cue: null })).toBe(
      'opposes',
    );
    expect(polarityOf({ text: 'firm opposition to a plan to extend the levy', cue: null })).toBe('opposes');
  });

  it('a verb form heading a noun compound is not an act', () => {
    expect(polarityOf({ text: 'the forecast for ferry demand next year', cue: 'said' })).toBe('neutral');
    expect(polarityOf({ text: 'they demand a new ferry compact', cue: 'said' })).toBe('supports');
  });

  it('"non-" before a topic phrase is not the topic; an unnamed spokesperson doing something acts for the body before', () => {
    expect(positions('Mayor Ina Vale said Eastport would back a non-cruise levy on cargo ships.')).toEqual(
      [],
    );
    expect(
      positions(
        'The Harbour Board met on Friday to set the winter timetable. The spokesperson also voiced firm opposition to the cruise levy.',
      ),
    ).toEqual(['harbour-board/cruise-levy/opposes']);
  });

  it('a one-word alias that starts another proper name is not the actor', () => {
    expect(positions('Tom Reed said the cruise levy was essential.')).toEqual([
      'harbour-board/cruise-levy/supports',
    ]);
    expect(positions('The Eastport Gazette said the cruise levy was essential.')).toEqual([]);
  });
});

describe('nesting', () => {
  it('a stance word inside a negated one is turned around ("would not support the planned end to …")', () => {
    const text = 'it would not support a planned end to the cruise levy';
    const at = text.indexOf('cruise levy');
    expect(polarityOf({ text, cue: 'said', about: [{ start: at, end: at + 11 }] })).toBe('opposes');
    // with the topic's own words: ending the levy is against it, so not supporting the end is for it
    const levyEnd = readDefinition('the cruise levy (opposes = ending or scrapping it)');
    const topic = {
      support: createPhraseMatcher([{ id: 's', phrases: levyEnd.support }], { caseSensitive: () => false }),
      oppose: createPhraseMatcher([{ id: 'o', phrases: levyEnd.oppose }], { caseSensitive: () => false }),
    };
    expect(polarityOf({ text, cue: 'said', topic, about: [{ start: at, end: at + 11 }] })).toBe('supports');
  });

  it('a topic named only as what a condition is for makes the stance conditional', () => {
    const text = 'rejected any concessions in exchange for a ferry compact';
    const at = text.indexOf('ferry compact');
    expect(polarityOf({ text, cue: 'said', about: [{ start: at, end: at + 13 }] })).toBe('conditional');
  });

  it('reads the acts a topic\'s proposition names as support ("phasing out coal")', () => {
    expect(readDefinition('phasing out coal power (supports = for a phase-out)').support).toEqual(
      expect.arrayContaining(['phase out', 'phasing out']),
    );
    expect(readDefinition('negotiating a settlement now').support).toContain('negotiate');
  });
});

describe('whose stance', () => {
  it('a speaker describing what a third party wants is not stating their own stance', () => {
    expect(positions('Mayor Ina Vale said some shipping lines wanted to scrap the cruise levy.')).toEqual([]);
    expect(positions('Mayor Ina Vale said the council wanted to keep the cruise levy.')).toEqual([
      'eastport/cruise-levy/supports',
    ]);
  });

  it('an aim whose terms the speaker sets is the speaker\'s own, on terms ("the intention was predicated on …")', () => {
    expect(
      positions('Mayor Ina Vale said the intention was "predicated" on the ships paying a fair cruise levy.'),
    ).toEqual(['eastport/cruise-levy/conditional']);
  });

  it("an act whose subject is another watched actor, deeper in the statement, is not the speaker's stance", () => {
    expect(
      positions(
        'Mayor Ina Vale said that for years the town had watched as the Harbour Board kept expanding the cruise levy.',
      ).filter((p) => p.startsWith('eastport/')),
    ).toEqual([]);
  });

  it('a watched actor named as the subject holds the position, relayed by the speaker', () => {
    const parsed = parseArticleText(
      't.txt',
      'Harbour news\n\nMayor Ina Vale said the Harbour Board now wants to scrap the cruise levy.',
    );
    if (!parsed.ok || !parsed.articles[0]) throw new Error('parse failed');
    const [p] = extract(parsed.articles[0], harbour).positions;
    expect(p).toMatchObject({
      actor: 'harbour-board',
      topic: 'cruise-levy',
      polarity: 'opposes',
      reported: 'relayed',
      relayer: 'Ina Vale',
    });
  });

  it("an actor's allies, rivals or neighbours are not the actor, as source or as the sentence's subject", () => {
    expect(positions("Eastport's neighbours said they would scrap the cruise levy.")).toEqual([]);
    expect(
      positions(
        "Eastport's closest allies voiced dismay at the harbour plan and said they would scrap the cruise levy.",
      ),
    ).toEqual([]);
    expect(positions("Eastport's council said it would scrap the cruise levy.")).toEqual([
      'eastport/cruise-levy/opposes',
    ]);
  });

  it("what the speaker says another actor never found or said is the speaker's own claim", () => {
    const parsed = parseArticleText(
      't.txt',
      'Harbour news\n\nMayor Ina Vale said the Harbour Board had never found evidence that the cruise levy would hurt trade and called it fair.',
    );
    if (!parsed.ok || !parsed.articles[0]) throw new Error('parse failed');
    const found = extract(parsed.articles[0], harbour).positions.map((p) => `${p.actor}/${p.reported}`);
    expect(found).toContain('eastport/indirect');
    expect(found.some((f) => f.startsWith('harbour-board'))).toBe(false);
  });
});

describe('judgements and "without"', () => {
  const levy = (text: string) => {
    const at = text.indexOf('cruise levy');
    return polarityOf({ text, cue: 'said', about: [{ start: at, end: at + 11 }] });
  };

  it('a judgement word describes the topic directly, whatever stands before it', () => {
    expect(levy('the port should get relief from the burdensome cruise levy')).toBe('opposes');
    expect(levy('the plan was more good than harm for the cruise levy')).not.toBe('opposes');
  });

  it('against keeping others from it is for it ("opposed a plan to bar the port from …")', () => {
    expect(levy('opposed a plan to bar the port from charging the cruise levy')).toBe('supports');
    expect(levy('wants to bar the port from charging the cruise levy')).toBe('opposes');
  });

  it('a negated plain verb acting on the topic is against it ("promised not to issue … levy")', () => {
    expect(levy('the port kept its promise not to collect any cruise levy')).toBe('opposes');
    expect(levy('the port will no longer collect the cruise levy')).toBe('opposes');
  });

  it('an act negated after its verb is against ("will collect no cruise levy")', () => {
    expect(levy('the port will collect no cruise levy next year')).toBe('opposes');
    expect(levy('the port will not end the cruise levy')).toBe('supports');
  });

  it('letting it happen is for it', () => {
    expect(levy('the board will allow the cruise levy to rise')).toBe('supports');
  });

  it('a plan judged by its predicate takes the judgement ("the decision to X was reckless")', () => {
    expect(levy('the decision to raise the cruise levy was reckless')).toBe('opposes');
    expect(levy('the plan to scrap the cruise levy was a mistake')).toBe('supports');
    expect(levy('the move to keep the cruise levy was right')).toBe('supports');
  });

  it('what cannot be done without the topic is for it', () => {
    expect(levy('it would be impossible to fund the pier without the cruise levy')).toBe('supports');
  });

  it('what an act is done with is backed, whichever way the act goes ("fight the tolls with a cruise levy")', () => {
    expect(levy('we will fight these port tolls with a cruise levy')).toBe('supports');
    expect(levy('we will not fight the tolls with a cruise levy')).toBe('opposes');
    // "working with", "cooperation with" name a partner, not a means.
    expect(levy('they will stop their cooperation with the cruise levy board')).toBe('opposes');
  });

  it("another subject's act in a clause right after the mention is not said of the topic", () => {
    // "the cruise levy the council was about to adopt" is the council's act, not the speaker's stance.
    expect(levy('the cruise levy the council was about to adopt would hurt the port')).toBe('opposes');
    expect(levy('the cruise levy the council was about to adopt')).toBe('neutral');
    expect(levy('the port would not be part of the cruise levy')).toBe('opposes');
  });

  it('a participle right after the mention says what the topic does ("a cruise levy removing port fees")', () => {
    expect(levy('the port offered the town a cruise levy removing all other port fees')).toBe('supports');
  });

  it('a topic named only in an opening "If" clause is no stance on it; named in what follows, it is planned on terms', () => {
    expect(levy('If the cruise levy fails, she added, the pier will close')).toBe('neutral');
    expect(levy('If there is a cruise levy, our ships will have to fight for every berth')).toBe('opposes');
    expect(levy('If talks fail, she added, the cruise levy would kick in')).toBe('conditional');
  });

  it('a capability described is no act ("gave the board no power to impose the cruise levy"); a priority is for it', () => {
    expect(levy('the rules gave the board no power to impose the cruise levy')).toBe('neutral');
    expect(levy('a fair cruise levy was the top priority')).toBe('supports');
  });

  it('a short answer takes the stance of the question asked, its "if" only framing the question', () => {
    const asked =
      'Asked whether the port would keep the cruise levy if ships stayed away, the mayor replied: ';
    expect(levy(`${asked}“Yes, absolutely.”`)).toBe('supports');
    expect(levy(`${asked}“No.”`)).toBe('opposes');
  });

  it('a quotation mark inside a stance phrase does not break it', () => {
    expect(levy('the cruise levy an attack “on every small operator in town.”')).toBe('opposes');
  });

  it('keeping to a measure is for it, and finding it hard to do is against it', () => {
    expect(levy('the port pledged to enforce the cruise levy from May')).toBe('supports');
    expect(levy('the operators will comply with the cruise levy')).toBe('supports');
    expect(levy('it would be very hard to comply with the cruise levy')).toBe('opposes');
    expect(levy('the cruise levy is outrageous')).toBe('opposes');
    expect(levy('the cruise levy is a significant step')).toBe('supports');
  });

  it('a played-down judgement is its opposite ("minimally burdensome")', () => {
    expect(levy('the board wants a minimally burdensome cruise levy')).toBe('supports');
  });
});

describe('recalled statements', () => {
  it('a stance the article recalls from years before weighs less than one it reports new', () => {
    const parsed = parseArticleText(
      't.txt',
      'Published: 2025-05-02\n\nHarbour news\n\nMayor Ina Vale said on Monday that the cruise levy was essential.\n\nTwo years ago Tom Reed said the cruise levy was essential.',
    );
    if (!parsed.ok || !parsed.articles[0]) throw new Error('parse failed');
    const x = extract(parsed.articles[0], harbour).positions;
    const now = x.find((p) => p.actor === 'eastport');
    const then = x.find((p) => p.actor === 'harbour-board');
    expect(now?.confidence).toBeGreaterThanOrEqual(0.6);
    expect(then?.confidence).toBeLessThan(0.6);
  });

  it('a month well before the article dates a statement; a year in a trailing aside does not', () => {
    const parsed = parseArticleText(
      't.txt',
      'Published: 2025-08-02\n\nHarbour news\n\nIn February Tom Reed said the cruise levy was essential.\n\nMayor Ina Vale said on Monday that the cruise levy was essential, the first such call since a storm in 2019.',
    );
    if (!parsed.ok || !parsed.articles[0]) throw new Error('parse failed');
    const x = extract(parsed.articles[0], harbour).positions;
    expect(x.find((p) => p.actor === 'harbour-board')?.confidence).toBeLessThan(0.6);
    expect(x.find((p) => p.actor === 'eastport')?.confidence).toBeGreaterThanOrEqual(0.6);
  });

  it('"careful about" what is done is a conditional stance', () => {
    expect(
      polarityOf({ text: 'the board would be careful about what it opens to cruise ships', cue: 'said' }),
    ).toBe('conditional');
  });
});

describe('phrasal cues carry their stance', () => {
  it('reads "came out against" and "came out for" as opposing and backing what they introduce', () => {
    expect(positions('The Harbour Board came out against the cruise levy on Monday.')).toEqual([
      'harbour-board/cruise-levy/opposes',
    ]);
    expect(positions('Mayor Ina Vale came out for the cruise levy.')).toEqual([
      'eastport/cruise-levy/supports',
    ]);
  });
});
