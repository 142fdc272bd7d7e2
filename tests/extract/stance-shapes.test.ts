// Invented sentences about a river basin, with its own watchlist: shapes of stance and speaker that
// hold in any domain (an opt-out from a measure, a contrast, a protective act, a role named after
// the body that just acted). None of their wording is in code.
import { describe, expect, it } from 'vitest';
import { parseWatchlist, type Watchlist } from '../../src/config/watchlist.js';
import { extract } from '../../src/extract/index.js';
import { GUESSED_CONFIDENCE, isGuessed } from '../../src/model.js';
import { parseArticleText } from '../../src/ingest/index.js';

const basin = parseWatchlist(
  JSON.stringify({
    actors: [
      { id: 'valdor', name: 'Valdor', aliases: ['Valdor', 'Valdorian', 'Anna Pell', 'Pell'] },
      { id: 'kestria', name: 'Kestria', aliases: ['Kestria', 'Kestrian', 'Ivo Marr', 'Marr'] },
      { id: 'council', name: 'Basin Council', aliases: ['Basin Council', 'the Council', 'Council'] },
    ],
    topics: [
      {
        id: 'water-accord',
        name: 'Water accord',
        description:
          'the basin water accord as a whole: applying it (supports = implementing or defending it; opposes = refusing to apply it or seeking an opt-out from it; conditional = applying it only with delays)',
        phrases: ['water accord', 'basin accord', 'opt-out', 'water-sharing rules'],
      },
      {
        id: 'quota',
        name: 'Irrigation quota',
        description:
          'a quota on irrigation water (supports = introducing or keeping it; opposes = scrapping it; conditional = accepting it only as temporary and proportionate)',
        phrases: ['irrigation quota', 'water quota', 'pay into the fund'],
      },
      {
        id: 'export-controls',
        name: 'Controls on water exports',
        description:
          'controls on water exports out of the basin (supports = introducing or keeping them; opposes = objecting to them)',
        phrases: ['water exports', 'bulk water exports'],
      },
    ],
  }),
  'basin.json',
);

/** The positions of a short article, as actor/topic/polarity. */
function triples(body: string, title = 'River news of the day', watchlist: Watchlist = basin): string[] {
  const r = parseArticleText('b.txt', `${title}\n\n${body}`);
  if (!r.ok || !r.articles[0]) throw new Error('parse failed');
  return extract(r.articles[0], watchlist)
    .positions.filter((p) => !isGuessed(p))
    .map((p) => `${p.actor}/${p.topic}/${p.polarity}`);
}

describe('an act against a measure named as a noun', () => {
  it('"wants an opt-out from the rules" is against them', () => {
    expect(
      triples(
        'Valdor has told the Council that it wants an opt-out from the water-sharing rules, Anna Pell said.',
      ),
    ).toContain('valdor/water-accord/opposes');
  });
  it('an opt-out of its own, with the measure judged unworkable, is against it', () => {
    expect(
      triples(
        'Ivo Marr said Kestria would ask for an opt-out of its own, because the water accord could not work.',
      ),
    ).toContain('kestria/water-accord/opposes');
  });
});

describe('a contrast', () => {
  it('"what we need is X, not the measure" is against the measure', () => {
    expect(
      triples('What Valdor needed, Pell argued, was new reservoirs, not an irrigation quota.'),
    ).toContain('valdor/quota/opposes');
    expect(triples('Marr said Kestria wanted talks rather than a water quota.')).toContain(
      'kestria/quota/opposes',
    );
  });
  it('is not read into a prepositional aside ("on platforms, not on farmers")', () => {
    expect(
      triples('Pell said the onus would fall on towns, not on farmers, to keep within the water quota.'),
    ).not.toContain('valdor/quota/opposes');
  });
  it('about what a restriction restricts, named with the restriction itself, is against the restriction', () => {
    expect(
      triples(
        'What Valdor needed, Pell said, was better upkeep of its own reservoirs and canals, not controls on water exports.',
      ),
    ).toContain('valdor/export-controls/opposes');
  });
});

describe('terms the description gives', () => {
  it('"only as temporary and proportionate" makes a stance naming them conditional', () => {
    expect(triples('The Council said any water quota must remain temporary and proportionate.')).toContain(
      'council/quota/conditional',
    );
  });
  it('"for as long as" is a time, not a term', () => {
    expect(
      triples('Pell said the irrigation quota would stay in place for as long as the drought lasted.'),
    ).toContain('valdor/quota/supports');
  });
  it('"will have to" asks for what follows', () => {
    expect(
      triples('Anna Pell said every town in Valdor will have to pay into the fund before the summer.'),
    ).toContain('valdor/quota/supports');
  });
});

describe('who speaks', () => {
  it('an unnamed role belongs to the body its paragraph just named, not to the last speaker', () => {
    const t = triples(
      'Ivo Marr said Kestria would ask for an opt-out of its own.\n\nThe Council played down the letter. A spokesperson said members were expected to implement the water accord.',
    );
    expect(t).toContain('council/water-accord/supports');
    expect(t).not.toContain('kestria/water-accord/supports');
  });
  it('a pronoun after a speaker who is no watched actor does not reach back past them', () => {
    const t = triples(
      'Pell said Valdor backed the water accord. Ostmark’s water minister Jon Vik said the accord was unfair. He said he would reject the water accord.',
    );
    expect(t).not.toContain('valdor/water-accord/opposes');
  });
});

describe('references', () => {
  it('"such quotas" stands for the quota named before', () => {
    const t = triples(
      'Valdor introduced a water quota for its farms in May. At a summit on Thursday, Ivo Marr dismissed such quotas as no answer for Kestria.',
    );
    expect(t).toContain('kestria/quota/opposes');
  });
  it('a head noun of one topic may repeat the headline', () => {
    expect(
      triples('Anna Pell said Valdor would keep the quota.', 'Valdor keeps its irrigation quota'),
    ).toContain('valdor/quota/supports');
  });
  it('a reference holds a hedge too: accepting a decision while criticising it is on terms', () => {
    const t = triples(
      'The Council adopted the water quota on Monday.\n\nValdor said it would abide by the decision but criticised how it was reached.',
    );
    expect(t).toContain('valdor/quota/conditional');
  });
});

describe('more shapes of stance', () => {
  it('a relief asked for oneself is against the measure; one granted to others is not', () => {
    expect(triples('Ivo Marr asked the Council to spare Kestria from the irrigation quota.')).toContain(
      'kestria/quota/opposes',
    );
    expect(
      triples(
        'The Council proposed to exempt most small farms from its irrigation quota, a spokesperson said.',
      ),
    ).not.toContain('council/quota/opposes');
  });
  it('"does not regard X as realistic" denies the judgement', () => {
    expect(
      triples('Anna Pell has made clear she does not regard a water quota of that size as realistic.'),
    ).toContain('valdor/quota/opposes');
  });
  it('reaching or meeting a target is for it', () => {
    expect(triples('Valdor will reach the full water quota by 2030, Anna Pell confirmed.')).toContain(
      'valdor/quota/supports',
    );
  });
  it('a topic that is the subject of a relative clause takes no stance from the main clause', () => {
    expect(
      triples('Pell said farms that the water quota covers would not be allowed to sell water abroad.'),
    ).not.toContain('valdor/quota/opposes');
  });
});

describe('who speaks, again', () => {
  it('"did X but said …" shares the subject of the sentence', () => {
    expect(
      triples(
        'Ivo Marr signed the declaration but said after the meeting that Kestria would not apply the water accord.',
      ),
    ).toContain('kestria/water-accord/opposes');
  });
  it('"made clear" reports a stance', () => {
    expect(triples('Anna Pell made it clear that Valdor would not apply the water accord.')).toContain(
      'valdor/water-accord/opposes',
    );
  });
  it('a role signing off a statement stands for the actor the statement opens with', () => {
    expect(
      triples(
        'The Council met on Monday.\n\nKestria will defend the water accord in court, the government said on Tuesday.',
      ),
    ).toContain('kestria/water-accord/supports');
  });
});

describe('amounts, grounds and blame', () => {
  const levels = parseWatchlist(
    JSON.stringify({
      actors: [
        { id: 'valdor', name: 'Valdor', aliases: ['Valdor', 'Valdorian', 'Anna Pell'] },
        { id: 'league', name: 'River League', aliases: ['River League', 'the League', 'Tom Brand'] },
      ],
      topics: [
        {
          id: 'intake-cap',
          name: 'Intake cap',
          description:
            'a common cap on water intake (supports = agreeing to or meeting it; opposes = rejecting it)',
          phrases: ['5% of intake', 'intake cap'],
        },
        {
          id: 'joint-bonds',
          name: 'Joint bonds',
          description: 'common borrowing for dams (supports = backing it; opposes = rejecting it)',
          phrases: ['joint bonds', 'common debt'],
        },
      ],
    }),
    'levels.json',
  );
  it('a contrast of amounts ("10%, not the 5% agreed") rejects neither', () => {
    expect(
      triples(
        'Tom Brand said towns would have to save 10% of intake, not the 5% of intake they agreed in May.',
        undefined,
        levels,
      ),
    ).not.toContain('league/intake-cap/opposes');
  });
  it('"no case for" is against', () => {
    expect(triples('Anna Pell said she saw no case for new common debt.', undefined, levels)).toContain(
      'valdor/joint-bonds/opposes',
    );
  });
  it('a title before the name speaks for the body it names', () => {
    expect(
      triples(
        'Valdorian Finance Minister Tom Brand said his country did not support joint bonds.',
        undefined,
        levels,
      ),
    ).toContain('valdor/joint-bonds/opposes');
  });
  it('figures are no stance ("according to League estimates")', () => {
    expect(
      triples(
        'According to River League estimates, most towns will meet the intake cap this year.',
        undefined,
        levels,
      ),
    ).not.toContain('league/intake-cap/supports');
  });
  it('blaming someone for refusing a measure is for it; praising them for it is against', () => {
    expect(
      triples(
        'Tom Brand said Valdor could be expelled from the League for refusing to sign up to the intake cap.',
        undefined,
        levels,
      ),
    ).toContain('league/intake-cap/supports');
    expect(
      triples('Tom Brand praised Valdor for refusing to sign up to the intake cap.', undefined, levels),
    ).toContain('league/intake-cap/opposes');
  });
});

describe('reported speech that goes on', () => {
  it('"…, but that …" continues the same statement', () => {
    expect(
      triples(
        'Anna Pell said Valdor could live with the irrigation quota because each town would set its own, but that it would not accept the water accord.',
      ),
    ).toContain('valdor/water-accord/opposes');
  });
  it('"accept them" stands for the one topic named just before', () => {
    expect(
      triples(
        'The Council proposed new water-sharing rules on Monday. Anna Pell said Valdor could not accept them.',
      ),
    ).toContain('valdor/water-accord/opposes');
  });
  it('"the government" is not the last body named when that body is no government', () => {
    const t = triples(
      'The Basin Council said it would publish the quotas soon.\n\nIn Valdor, Anna Pell called the plan a historic opportunity. The government later backed the irrigation quota.',
    );
    expect(t).not.toContain('council/quota/supports');
  });
});

describe('decisions, lists and bound objects', () => {
  it('"voted on Thursday to scrap the quota" is a deed against it', () => {
    expect(triples('The Valdorian parliament voted on Thursday to scrap the irrigation quota.')).toContain(
      'valdor/quota/opposes',
    );
  });
  it('"is not part of its strategy" is against', () => {
    expect(
      triples(
        'Kestria said that joining the water accord was not part of its strategy for the coming decade.',
      ),
    ).toContain('kestria/water-accord/opposes');
  });
  it('a negation holds for each verb of "not A or B"', () => {
    expect(
      triples(
        'Anna Pell said any new quota must not raise farmers’ costs or draw on the fund.',
        undefined,
        levy,
      ),
    ).toContain('valdor/levy-relief/opposes');
  });
  it('terms listed after "conditions:" make a stance conditional', () => {
    expect(
      triples(
        'Anna Pell repeated her three conditions: the irrigation quota must be fair, temporary and cheap.',
      ),
    ).toContain('valdor/quota/conditional');
  });
  it('an act the description binds to its object ("raising levies") is not the same verb on another', () => {
    expect(triples('Anna Pell said Valdor would not raise farmers’ bills.', undefined, levy)).not.toContain(
      'valdor/levy-relief/supports',
    );
  });
});

const levy = parseWatchlist(
  JSON.stringify({
    actors: [{ id: 'valdor', name: 'Valdor', aliases: ['Valdor', 'Anna Pell'] }],
    topics: [
      {
        id: 'levy-relief',
        name: 'Relief for farms',
        description:
          'public support for farms: subsidies and lower levies (supports = granting subsidies; opposes = refusing support, raising levies on farms)',
        phrases: ['subsidies', 'the fund', 'farmers’ bills', 'levies'],
      },
    ],
  }),
  'levy.json',
);

describe('acts that undo, and words that only describe', () => {
  const plants = parseWatchlist(
    JSON.stringify({
      actors: [{ id: 'valdor', name: 'Valdor', aliases: ['Valdor', 'Anna Pell'] }],
      topics: [
        {
          id: 'plant-lifetimes',
          name: 'Longer plant lifetimes',
          description:
            'operating existing pumping plants for longer (supports = extending or keeping them open; opposes = closing them on schedule)',
          phrases: ['shut down', 'closure calendar', 'lifetime extension'],
        },
      ],
    }),
    'plants.json',
  );
  it('"Valdor shut down its last operating plant" is a deed against longer lifetimes', () => {
    expect(
      triples('Valdor shut down its last operating pumping plant on Saturday night.', undefined, plants),
    ).toContain('valdor/plant-lifetimes/opposes');
  });
  it('"declined to halt the shutdown" is a deed too', () => {
    expect(
      triples(
        'Valdor shut down its old plant in May. Valdor declined on Friday to halt the shut down.',
        undefined,
        plants,
      ),
    ).toContain('valdor/plant-lifetimes/opposes');
  });
  it('a participle describing the topic ("the closure calendar agreed in 2019") is not the speaker’s act', () => {
    expect(
      triples(
        'Anna Pell made clear that the closure calendar agreed in 2019 was still the plan.',
        undefined,
        plants,
      ),
    ).not.toContain('valdor/plant-lifetimes/supports');
  });
  it('"willing to sit down and discuss …, but only if …" stays one statement', () => {
    expect(
      triples(
        'Anna Pell said Valdor would be willing to sit down and discuss a lifetime extension, but only if the levy is cut.',
        undefined,
        plants,
      ),
    ).toContain('valdor/plant-lifetimes/conditional');
  });
});

describe('an intent named as a noun', () => {
  it('"backed Kestria’s proposal to scrap the quota" gives Kestria’s stance too', () => {
    const t = triples('Anna Pell said she backed Kestria’s proposal to scrap the irrigation quota.');
    expect(t).toContain('kestria/quota/opposes');
  });
  it('"Kestria’s refusal to apply the accord" is against it', () => {
    expect(triples('The Council condemned Kestria’s refusal to apply the water accord.')).toContain(
      'kestria/water-accord/opposes',
    );
  });
});

describe('consequences and implied topics', () => {
  it('an act named as subject with a feared consequence ("scrapping the quota would put farms at risk")', () => {
    expect(
      triples('Anna Pell warned that scrapping the irrigation quota would put farms at risk.'),
    ).toContain('valdor/quota/supports');
  });
  it('an answer judging the act a question names', () => {
    expect(
      triples(
        'Asked in May whether the water accord should be scrapped, Ivo Marr said doing so could destroy the basin.',
      ),
    ).toContain('kestria/water-accord/supports');
  });
  it('a topic’s own act from its description stands for the topic named just before ("said it would appeal")', () => {
    const court = parseWatchlist(
      JSON.stringify({
        actors: [{ id: 'valdor', name: 'Valdor', aliases: ['Valdor'] }],
        topics: [
          {
            id: 'fines',
            name: 'Basin fines',
            description:
              'the Council fining towns for overuse (supports = fining; opposes = contesting a fine, appealing it)',
            phrases: ['fine', 'fines', 'penalty'],
          },
        ],
      }),
      'court.json',
    );
    expect(
      triples(
        'The Council imposed a fine of two million on Valdor on Monday.\n\nValdor said it would appeal.',
        undefined,
        court,
      ),
    ).toContain('valdor/fines/opposes');
  });
});

describe('speakers named once', () => {
  it('"he" after a one-word name that just spoke is that speaker', () => {
    const t = triples(
      'Anna Pell said the water accord was fair.\n\nMarr responded that the accord was unfair. "We will never apply the water accord," he wrote.',
    );
    expect(t).not.toContain('valdor/water-accord/opposes');
    expect(t).toContain('kestria/water-accord/opposes');
  });
  it('an aside opened by "its" after the name ("Anna Pell, its head of water affairs, said")', () => {
    expect(
      triples('The water accord was wrong, Anna Pell, its head of water affairs, said in a statement.'),
    ).toContain('valdor/water-accord/opposes');
  });
});

describe('which topic a general word serves', () => {
  it('"the divestiture of Instagram" is about the topic Instagram names, not any divestiture', () => {
    const sales = parseWatchlist(
      JSON.stringify({
        actors: [{ id: 'agency', name: 'Agency', aliases: ['the agency', 'Trade Agency'] }],
        topics: [
          {
            id: 'chrome-sale',
            name: 'Chrome sale',
            description: 'forcing a sale of Chrome',
            phrases: ['divestiture', 'Chrome'],
          },
          {
            id: 'instagram-sale',
            name: 'Instagram sale',
            description: 'forcing a sale of Instagram',
            phrases: ['Instagram'],
          },
        ],
      }),
      'sales.json',
    );
    const t = triples(
      'The Trade Agency called for the divestiture of Instagram on Monday.',
      undefined,
      sales,
    );
    expect(t).toContain('agency/instagram-sale/supports');
    expect(t).not.toContain('agency/chrome-sale/supports');
  });
  it('"a historic win for" praises', () => {
    expect(triples('Anna Pell called the water accord a historic win for the basin.')).toContain(
      'valdor/water-accord/supports',
    );
  });
});

describe('deeds the writer sets beside a statement', () => {
  it('"…, after Valdor introduced the quota" is Valdor’s deed, even inside what another said', () => {
    const t = triples(
      'Ivo Marr said Kestria would hit back after Valdor introduced an irrigation quota on Monday.',
    );
    expect(t).toContain('valdor/quota/supports');
  });
});

describe('staying put', () => {
  it('"would stay at or above" a target is for it', () => {
    expect(
      triples('Anna Pell said Valdor would stay at or above the water quota in the years ahead.'),
    ).toContain('valdor/quota/supports');
  });
  it('"would remain in" the accord is for it; refuting an act against it is for it too', () => {
    expect(triples('Ivo Marr said Kestria would remain in the water accord.')).toContain(
      'kestria/water-accord/supports',
    );
  });
});

describe('acts a headline reports', () => {
  const body = 'Ministers met on Monday in the river port to talk about the dry summer and the barges.';
  it('"Valdor signs water accord": a present-tense act after a short subject', () => {
    expect(triples(body, 'Valdor signs basin water accord')).toContain('valdor/water-accord/supports');
  });
  it('each clause of a headline has its own subject, and two joined by "and" take the plain form', () => {
    const found = triples(body, 'Valdor and Kestria scrap irrigation quota as Council backs water accord');
    expect(found).toEqual(
      expect.arrayContaining([
        'valdor/quota/opposes',
        'kestria/quota/opposes',
        'council/water-accord/supports',
      ]),
    );
  });
  it('a phrasal act counts with its particles, in title case too', () => {
    expect(triples(body, 'Kestria Pulls Out Of Basin Water Accord')).toContain(
      'kestria/water-accord/opposes',
    );
  });
  it('an intent whose infinitive is no known act says nothing ("vow to answer"); a known one does', () => {
    expect(triples(body, 'Valdor and Kestria vow to answer irrigation quota')).toEqual([]);
    expect(triples(body, 'Valdor and Kestria vow to scrap irrigation quota')).toContain(
      'kestria/quota/opposes',
    );
  });
  it('a role in a headline ("Spokesman backs …") is nobody: there is no sentence before it to resolve by', () => {
    expect(
      triples(
        'Valdor and Kestria sent ministers to the river port on Monday to talk about the dry summer.',
        'Talks stall; Spokesman backs basin water accord',
      ),
    ).toEqual([]);
  });
  it('a quoted clause or a subject that is no actor makes no deed', () => {
    expect(triples(body, "Farmers scrap irrigation quota; 'Valdor signs everything'")).toEqual([]);
  });
  it('"Valdor bid to scrap the quota": an intent named without a possessive, in a headline too', () => {
    expect(triples(body, 'Court rules against Valdor bid to scrap irrigation quota')).toContain(
      'valdor/quota/opposes',
    );
  });
});

describe('acts of bringing about and of defeating', () => {
  it('ratifying, sealing or wrapping up a measure is for it; pressing others to is a call for it', () => {
    expect(triples('Valdor ratified the basin water accord on Tuesday, Anna Pell said.')).toContain(
      'valdor/water-accord/supports',
    );
    expect(
      triples('Anna Pell pressed the other capitals to wrap up the basin water accord before the summer.'),
    ).toContain('valdor/water-accord/supports');
    expect(triples('Anna Pell said Valdor would bankroll the irrigation quota.')).toContain(
      'valdor/quota/supports',
    );
    expect(triples('Ivo Marr said Kestria had green-lit the irrigation quota.')).toContain(
      'kestria/quota/supports',
    );
  });
  it('setting out to derail or get round a measure is against it', () => {
    expect(triples('Ivo Marr said Kestria would try to derail the basin water accord.')).toContain(
      'kestria/water-accord/opposes',
    );
    expect(triples('Anna Pell said Valdor would boycott the irrigation quota.')).toContain(
      'valdor/quota/opposes',
    );
  });
});

describe("a topic's own verb as a deed", () => {
  const fines = parseWatchlist(
    JSON.stringify({
      actors: [
        { id: 'council', name: 'Basin Council', aliases: ['Basin Council', 'the Council'] },
        { id: 'acme', name: 'Acme Barges', aliases: ['Acme Barges', 'Acme'] },
      ],
      topics: [
        {
          id: 'penalties',
          name: 'Penalties on barge firms',
          description:
            "the Council's fines on barge firms (supports = imposing or defending fines; opposes = contesting them)",
          phrases: ['fined', 'fine', 'penalty'],
        },
      ],
    }),
    'fines.json',
  );
  it('"The Basin Council fined Acme …": one past-tense word that is the topic, opening the deed, is the act', () => {
    expect(
      triples(
        'The Basin Council fined Acme Barges 2 million on Wednesday for dumping ballast.',
        undefined,
        fines,
      ),
    ).toContain('council/penalties/supports');
  });
  it('a noun opening a statement is no act: "fines were …" says nothing by itself', () => {
    expect(triples('Acme Barges said fines were a matter for the courts.', undefined, fines)).not.toContain(
      'acme/penalties/supports',
    );
  });
});

describe('what a decision came to', () => {
  it('"welcomed the outcome" after a vote on one topic is a stance on that topic', () => {
    expect(
      triples(
        'The Basin Council voted on Monday to keep the irrigation quota for another five years. Kestria welcomed the outcome, Ivo Marr said.',
      ),
    ).toContain('kestria/quota/supports');
  });
});

describe('a pronoun standing for the topic just named', () => {
  it('is the object of an act in any of its forms ("rejects it", "backed them")', () => {
    const body =
      'The Basin Council adopted the irrigation quota on Monday. Ivo Marr said Kestria rejects it. Anna Pell said Valdor backed it from the start.';
    expect(triples(body)).toEqual(expect.arrayContaining(['kestria/quota/opposes', 'valdor/quota/supports']));
  });
});

describe('a stance guessed when no word gives one', () => {
  /** The positions of a short article with their confidence and how they were found. */
  function positionsOf(body: string, title = 'River news of the day') {
    const r = parseArticleText('b.txt', `${title}\n\n${body}`);
    if (!r.ok || !r.articles[0]) throw new Error('parse failed');
    return extract(r.articles[0], basin).positions;
  }

  it('an actor speaking of a topic with no stance word reads as for it, at the guess level only', () => {
    const [p, ...rest] = positionsOf(
      'Anna Pell said Valdor would discuss the irrigation quota with its neighbours next week.',
    );
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ actor: 'valdor', topic: 'quota', polarity: 'supports', speaker: 'Anna Pell' });
    expect(p?.confidence).toBeLessThanOrEqual(GUESSED_CONFIDENCE);
    expect(p && isGuessed(p)).toBe(true);
  });

  it('a stance word in the same article wins over the guess', () => {
    const positions = positionsOf(
      'Anna Pell said Valdor would discuss the irrigation quota with its neighbours next week. Later, Pell said Valdor firmly opposed the irrigation quota.',
    );
    expect(positions.map((p) => `${p.actor}/${p.topic}/${p.polarity}/${isGuessed(p)}`)).toEqual([
      'valdor/quota/opposes/false',
    ]);
  });

  it('a headline alone is too thin to guess from', () => {
    expect(
      positionsOf(
        'Rain fell on the upper plain for most of the week, and the river rose.',
        'Valdor says it will discuss irrigation quota',
      ),
    ).toEqual([]);
  });
});

describe('answering a measure as an affront', () => {
  it('"would push back on" and "hit back at" a measure are against it', () => {
    expect(triples('Anna Pell said Valdor would push back on the irrigation quota.')).toEqual([
      'valdor/quota/opposes',
    ]);
    expect(triples('Ivo Marr said Kestria hit back at the irrigation quota.')).toEqual([
      'kestria/quota/opposes',
    ]);
  });
});

describe('narration: an actor dealing with a topic, no one quoted', () => {
  function positionsOf(body: string) {
    const r = parseArticleText('b.txt', `River news of the day\n\n${body}`);
    if (!r.ok || !r.articles[0]) throw new Error('parse failed');
    return extract(r.articles[0], basin).positions;
  }

  it('a named subject whose verb is no act gives a guess at most', () => {
    const positions = positionsOf('Kestria has spent months preparing for the irrigation quota.');
    expect(positions.map((p) => `${p.actor}/${p.topic}/${p.polarity}/${p.via}`)).toEqual([
      'kestria/quota/supports/narration+guessed',
    ]);
    expect(positions[0]?.confidence).toBeLessThanOrEqual(GUESSED_CONFIDENCE);
  });

  it('a name inside the subject phrase is no subject', () => {
    expect(positionsOf('Concerns about Kestria have been mounting as the irrigation quota nears.')).toEqual(
      [],
    );
  });

  it('a stance against the topic deeper in such a clause gives nothing rather than a wrong guess', () => {
    expect(positionsOf('Kestria has spent months preparing to fight the irrigation quota.')).toEqual([]);
  });
});

describe('replacing a measure', () => {
  it('replacing the topic with something else is against it', () => {
    expect(
      triples(
        'Marr said Kestria had agreed to look again at replacing the irrigation quota with a water fee.',
      ),
    ).toEqual(['kestria/quota/opposes']);
  });
  it('the topic replacing something else, or put in its place, is not against it', () => {
    expect(triples('Pell said the water accord would replace the old rules from June.')).toEqual([]);
    expect(triples('Pell said Valdor wants to replace the old rules with the water accord.')).toEqual([
      'valdor/water-accord/supports',
    ]);
  });
});

describe('harm foretold unless the measure is changed', () => {
  it('is against the measure as it stands', () => {
    expect(triples('Marr said farmers would suffer unless the irrigation quota was amended.')).toEqual([
      'kestria/quota/opposes',
    ]);
  });
  it('accepting it only if it is changed stays conditional', () => {
    expect(triples('Marr said Kestria would accept the irrigation quota only if it was amended.')).toEqual([
      'kestria/quota/conditional',
    ]);
  });
});

describe('undoing or judging an act against the measure', () => {
  it('dropping objections (plural too) is for the measure', () => {
    expect(triples('Pell said Valdor had dropped its objections to the irrigation quota.')).toEqual([
      'valdor/quota/supports',
    ]);
  });
  it('a weakening judged dangerous is for the measure; an easing judged welcome is against it', () => {
    expect(triples('Pell said any weakening of the irrigation quota would be dangerous.')).toEqual([
      'valdor/quota/supports',
    ]);
    expect(triples('Marr said any easing of the irrigation quota would be welcome.')).toEqual([
      'kestria/quota/opposes',
    ]);
  });
  it('condemning an attack on it, or criticising its suspension, is for it', () => {
    expect(triples('Valdor condemned the attack on the water accord on Monday.')).toEqual([
      'valdor/water-accord/supports',
    ]);
    expect(triples('Marr criticised the suspension of the irrigation quota on Monday.')).toEqual([
      'kestria/quota/supports',
    ]);
  });
  it("backing another's rejection of it is against it", () => {
    expect(triples("Pell said Valdor backed the Council's rejection of the water accord.")).toContain(
      'valdor/water-accord/opposes',
    );
  });
  it('fighting to keep it is for it; fighting it is against it', () => {
    expect(triples('Pell said Valdor would fight to keep the irrigation quota.')).toEqual([
      'valdor/quota/supports',
    ]);
    expect(triples('Pell said Valdor would fight the irrigation quota.')).toEqual(['valdor/quota/opposes']);
  });
});

describe('harm feared for the measure', () => {
  it('warning that it could be undermined is for it', () => {
    expect(triples('Pell warned that the water accord could be undermined.')).toEqual([
      'valdor/water-accord/supports',
    ]);
  });
  it('warning that it would do harm is against it', () => {
    expect(triples('Pell warned that the irrigation quota would hurt farmers.')).toEqual([
      'valdor/quota/opposes',
    ]);
  });
  it('announcing that it will be scrapped, with no fear, stays against it', () => {
    expect(triples('Pell said the water accord would be scrapped.')).toEqual(['valdor/water-accord/opposes']);
  });
});

describe('blame and praise for an act on the measure', () => {
  it('accusing another of blocking it is for it', () => {
    expect(triples('Pell accused the Council of blocking the water accord.')).toContain(
      'valdor/water-accord/supports',
    );
  });
  it('criticising another for backing it is against it; praising them for it is for it', () => {
    expect(triples('Marr criticised Valdor for backing the irrigation quota.')).toContain(
      'kestria/quota/opposes',
    );
    expect(triples('Marr praised Valdor for backing the irrigation quota.')).toContain(
      'kestria/quota/supports',
    );
  });
});

describe('a vote in favour', () => {
  it('is a deed for the measure, not a guess', () => {
    expect(triples('Valdor voted in favour of the water accord on Friday.')).toEqual([
      'valdor/water-accord/supports',
    ]);
  });
});

describe('the article-topic pass', () => {
  /** Positions with their via, from a headline and body. */
  const read = (title: string, body: string) => {
    const r = parseArticleText('b.txt', `${title}\n\n${body}`);
    if (!r.ok || !r.articles[0]) throw new Error('parse failed');
    return extract(r.articles[0], basin).positions;
  };
  it('reads a statement that names no topic as about the one topic of its headline, never as solid', () => {
    const positions = read(
      'Council adopts irrigation quota for the dry season',
      'The Basin Council adopted the irrigation quota on Monday after a night of talks. ' +
        'Ivo Marr said it was a grave mistake that farmers would pay for.',
    );
    const kestria = positions.filter((p) => p.actor === 'kestria');
    expect(kestria.map((p) => `${p.topic}/${p.polarity}`)).toEqual(['quota/opposes']);
    expect(kestria[0]?.via).toMatch(/\+article-topic$/);
    expect(kestria[0]?.confidence).toBeLessThanOrEqual(0.45);
  });
  it('does not guess when the headline names two topics', () => {
    const positions = read(
      'Council adopts irrigation quota and water accord',
      'The Basin Council adopted both on Monday after a night of talks. ' +
        'Ivo Marr said the outcome was a grave mistake that farmers would pay for.',
    );
    expect(positions.filter((p) => p.actor === 'kestria')).toEqual([]);
  });
  it('leaves an actor that already spoke of the topic in the article with what it said', () => {
    const positions = read(
      'Council adopts irrigation quota for the dry season',
      'Ivo Marr said Kestria backed the irrigation quota. Marr said farmers were tired and angry.',
    );
    expect(
      positions.filter((p) => p.actor === 'kestria').map((p) => `${p.topic}/${p.polarity}/${p.via}`),
    ).toEqual(['quota/supports/reported']);
  });
});

describe('a role given once', () => {
  it('stays with the surname: a later "Breyl said" speaks for the actor the role named', () => {
    expect(
      triples(
        "Tomas Breyl, Valdor's water minister, arrived on Monday. The talks ran late. Breyl said the irrigation quota was a mistake.",
      ),
    ).toEqual(['valdor/quota/opposes']);
    expect(
      triples(
        "Valdor's water minister Tomas Breyl arrived on Monday. The talks ran late. Breyl said the irrigation quota was a mistake.",
      ),
    ).toEqual(['valdor/quota/opposes']);
  });
  it("a name never given a role stays nobody's", () => {
    expect(
      triples(
        'Tomas Breyl arrived on Monday. The talks ran late. Breyl said the irrigation quota was a mistake.',
      ),
    ).toEqual([]);
  });
});
