// Invented sentences in another domain (trade and AI policy) with its own watchlist: the generic
// rules must read them without any of their wording in code.
import { describe, expect, it } from 'vitest';
import { parseWatchlist, type Watchlist } from '../../src/config/watchlist.js';
import { extract } from '../../src/extract/index.js';
import { isGuessed } from '../../src/model.js';
import { parseArticleText } from '../../src/ingest/index.js';
import { conditionTerms } from '../../src/extract/topic-definition.js';

const trade = parseWatchlist(
  JSON.stringify({
    actors: [
      {
        id: 'us',
        name: 'United States',
        aliases: [
          'Washington',
          'White House',
          'Trump',
          'Donald Trump',
          'Commerce Department',
          'Howard Lutnick',
          'U.S.',
        ],
      },
      {
        id: 'china',
        name: 'China',
        aliases: ['Beijing', 'Chinese', 'MOFCOM', 'Ministry of Commerce', 'He Yadong'],
      },
      {
        id: 'eu',
        name: 'European Union',
        aliases: ['EU', 'Brussels', 'European Commission', 'Commission', 'Maros Sefcovic'],
      },
      { id: 'openai', name: 'OpenAI', aliases: ['OpenAI', 'Sam Altman', 'Altman'] },
      { id: 'meta', name: 'Meta', aliases: ['Meta', 'Mark Zuckerberg', 'Zuckerberg'] },
    ],
    topics: [
      {
        id: 'tariffs',
        name: 'Tariffs',
        description: 'imposing or raising import tariffs (supports = for them)',
        phrases: ['tariff', 'tariffs', 'levy', 'duties on imports', 'import duties'],
      },
      {
        id: 'export-controls',
        name: 'Chip export controls',
        description:
          'restricting exports of advanced chips (supports = for restrictions; opposes = easing or lifting them)',
        phrases: ['export controls', 'export restrictions', 'chip exports', 'export curbs'],
      },
      {
        id: 'ai-act',
        name: 'EU AI Act',
        description:
          'applying the EU AI Act on schedule (supports = keeping or enforcing it; opposes = delaying, pausing or scrapping it; conditional = only with simplifications)',
        phrases: ['AI Act', 'AI rules', 'Artificial Intelligence Act'],
      },
      {
        id: 'open-weights',
        name: 'Open-weight models',
        description:
          'releasing model weights openly (supports = releasing or defending open weights; opposes = keeping models closed or restricting release)',
        phrases: ['open-weight', 'open weights', 'open-source model', 'open source models', 'model weights'],
      },
    ],
  }),
  'probe.json',
);
const cases: Array<[string, string]> = [
  ['The White House imposed new tariffs on Chinese steel on Monday.', 'us/tariffs/supports'],
  ['Beijing condemned the tariffs and vowed to retaliate.', 'china/tariffs/opposes'],
  ['Trump said he would lift the tariffs if China bought more soybeans.', 'us/tariffs/conditional'],
  ['Trump said on Friday he was in no hurry to remove the tariffs.', 'us/tariffs/supports'],
  ['The Commerce Department eased export controls on chips to the Gulf.', 'us/export-controls/opposes'],
  ['Howard Lutnick said the export controls would stay in place.', 'us/export-controls/supports'],
  ['China urged Washington to scrap its export restrictions.', 'china/export-controls/opposes'],
  ['The Commission said it would not pause the AI Act.', 'eu/ai-act/supports'],
  ['The European Commission proposed delaying parts of the AI Act by a year.', 'eu/ai-act/opposes'],
  ['Zuckerberg said Meta would keep releasing open-weight models.', 'meta/open-weights/supports'],
  ['Sam Altman said OpenAI would release an open-weight model this summer.', 'openai/open-weights/supports'],
  [
    'OpenAI said it had decided not to release the model weights, citing safety.',
    'openai/open-weights/opposes',
  ],
  ['Meta said the AI Act was unworkable and refused to sign the code of practice.', 'meta/ai-act/opposes'],
  [
    'Maros Sefcovic said the EU was ready to respond with countermeasures against the tariffs.',
    'eu/tariffs/opposes',
  ],
  ['China said it firmly opposes the U.S. decision to raise tariffs.', 'china/tariffs/opposes'],
  ['The EU said the AI Act would be applied on schedule, with no stop the clock.', 'eu/ai-act/supports'],
  ['Beijing welcomed the decision to suspend the tariffs for 90 days.', 'china/tariffs/opposes'],
  ['The White House paused the tariffs for 90 days.', 'us/tariffs/opposes'],
];

/** The positions extracted from one sentence, as actor/topic/polarity. */
function triples(text: string, watchlist: Watchlist): string[] {
  const r = parseArticleText('p.txt', `News of the day\n\n${text}`);
  if (!r.ok || !r.articles[0]) throw new Error('parse failed');
  return extract(r.articles[0], watchlist)
    .positions.filter((p) => !isGuessed(p))
    .map((p) => `${p.actor}/${p.topic}/${p.polarity}`);
}

describe('a domain the rules were not written for', () => {
  it.each(cases)('%s → %s', (text, want) => expect(triples(text, trade)).toContain(want));
});

const world = parseWatchlist(
  JSON.stringify({
    actors: [
      {
        id: 'uk',
        name: 'United Kingdom',
        aliases: [
          'Britain',
          'British',
          'London',
          'Downing Street',
          'Home Office',
          'Department for Borders, Travel and Trade',
          'Yvette Cooper',
          'Keir Starmer',
          'Starmer',
        ],
      },
      { id: 'france', name: 'France', aliases: ['Paris', 'French', 'Elysee', 'Emmanuel Macron', 'Macron'] },
      {
        id: 'who',
        name: 'WHO',
        aliases: ['World Health Organization', 'WHO', 'Tedros Adhanom Ghebreyesus', 'Tedros'],
      },
      { id: 'pfizer', name: 'Pfizer', aliases: ['Pfizer', 'Albert Bourla', 'Bourla'] },
    ],
    topics: [
      {
        id: 'returns-deal',
        name: 'Migrant returns deal',
        description:
          'a UK-France deal to return small-boat migrants (supports = for agreeing or expanding it; opposes = rejecting or ending it; conditional = only with changes)',
        phrases: ['returns deal', 'one in, one out', 'returns agreement'],
      },
      {
        id: 'pandemic-treaty',
        name: 'Pandemic treaty',
        description:
          'adopting and ratifying the WHO pandemic agreement (supports = for adopting or ratifying it; opposes = rejecting or withdrawing)',
        phrases: ['pandemic treaty', 'pandemic agreement', 'pandemic accord'],
      },
      {
        id: 'patent-waiver',
        name: 'Vaccine patent waiver',
        description: 'waiving patents on vaccines (supports = for a waiver)',
        phrases: ['patent waiver', 'waiver on patents', 'intellectual property waiver', 'TRIPS waiver'],
      },
    ],
  }),
  'probe2.json',
);
const worldCases: Array<[string, string]> = [
  ['Britain and France signed a returns deal on Thursday.', 'uk/returns-deal/supports'],
  [
    'Macron said the one in, one out scheme was a fair and effective answer to the crossings.',
    'france/returns-deal/supports',
  ],
  ['The Home Office said it would expand the returns deal next month.', 'uk/returns-deal/supports'],
  ['Starmer has long opposed the returns agreement, aides said.', 'uk/returns-deal/opposes'],
  [
    'Paris will only extend the returns deal if London pays more for border policing, an official said.',
    'france/returns-deal/conditional',
  ],
  [
    'Tedros urged all countries to ratify the pandemic agreement without delay.',
    'who/pandemic-treaty/supports',
  ],
  ['The WHO hailed the adoption of the pandemic treaty as a historic day.', 'who/pandemic-treaty/supports'],
  // Refusing a text "in its current form" rejects it: the door it leaves open is not a condition.
  ['Britain said it would not sign the pandemic treaty in its current form.', 'uk/pandemic-treaty/opposes'],
  [
    'Pfizer chief executive Albert Bourla said a patent waiver would be a mistake.',
    'pfizer/patent-waiver/opposes',
  ],
  ['Bourla warned that the TRIPS waiver would undermine innovation.', 'pfizer/patent-waiver/opposes'],
  ['France backed calls for a temporary patent waiver on vaccines.', 'france/patent-waiver/supports'],
  ['Macron said France was open to discussing a patent waiver.', 'france/patent-waiver/supports'],
  ['Britain blocked the patent waiver at the WTO, diplomats said.', 'uk/patent-waiver/opposes'],
  ['"We will never accept a waiver on patents," Bourla told investors.', 'pfizer/patent-waiver/opposes'],
  ['The Home Office denied that it planned to scrap the returns deal.', 'uk/returns-deal/supports'],
  [
    'Yvette Cooper said the returns agreement was working and should be expanded.',
    'uk/returns-deal/supports',
  ],
  // A watchlist phrase that is itself a verb, used as one, is an act on the topic.
  ['Macron said France would withdraw from the returns deal.', 'france/returns-deal/opposes'],
  ['Starmer said Britain would pull out of the pandemic treaty.', 'uk/pandemic-treaty/opposes'],
  // A measure announced (its object, not a clause) is put forward: for it.
  ['Britain announced a returns deal with France on Thursday.', 'uk/returns-deal/supports'],
  ['Britain announced that it would scrap the returns deal.', 'uk/returns-deal/opposes'],
  // Every watched actor of a coordinated source holds the statement.
  ['Britain and France said they would expand the returns deal.', 'france/returns-deal/supports'],
  ['Britain and France said they would expand the returns deal.', 'uk/returns-deal/supports'],
  // …in a list of names too, whether or not every member is watched.
  ['Britain, Belgium and France said they would expand the returns deal.', 'france/returns-deal/supports'],
  ['Britain, Belgium and France said they would expand the returns deal.', 'uk/returns-deal/supports'],
  // A name with a comma inside it stays whole as a source.
  [
    '"We will expand the returns deal," a spokesperson for the Department for Borders, Travel and Trade said.',
    'uk/returns-deal/supports',
  ],
  // Being forced to do something is against it; signing out is no signing.
  ['"We will be forced to sign the returns deal," Macron said.', 'france/returns-deal/opposes'],
  // A body located by "in <place>" speaks for its own side, not for the place.
  ['The French embassy in London said France would expand the returns deal.', 'france/returns-deal/supports'],
  // An act with "no" before its object is refused.
  [
    'The Home Office said it would approve no further transfers under the returns deal.',
    'uk/returns-deal/opposes',
  ],
  // A stance stated as the consequence of a condition.
  [
    '"If Paris breaks its promises, we will not renew the returns deal," Starmer said.',
    'uk/returns-deal/conditional',
  ],
  // What another named party did, in an "after …" or ", which …" clause, is not the holder's stance.
  [
    'Macron said France would sign the returns deal after Starmer rejected a patent waiver.',
    'france/returns-deal/supports',
  ],
  // An embargo on something is against it.
  ['France called for an embargo on patent waivers, Macron said.', 'france/patent-waiver/opposes'],
  // Rejecting only an unconditional version of the topic is a stance on terms.
  ['Britain said it could not support an unconditional returns deal.', 'uk/returns-deal/conditional'],
  // Conditions: "predicated on", "contingent on", a quoted condition word.
  [
    'Macron said French support for the returns deal was predicated on British funding.',
    'france/returns-deal/conditional',
  ],
  [
    'Macron said backing the returns deal was "contingent" on British funding.',
    'france/returns-deal/conditional',
  ],
  // After a comma, "provided the …" opens a condition.
  [
    'Pfizer said it could accept a patent waiver, provided the text protected its licences.',
    'pfizer/patent-waiver/conditional',
  ],
  // A condition opened by "provided" without "that".
  [
    'Paris is open to the returns deal provided they share the costs, Macron told reporters.',
    'france/returns-deal/conditional',
  ],
  // A stance in the aside of the subject does not hide the main statement, nor lend it its topic.
  [
    'Yvette Cooper, who had championed the returns deal, warned that the pandemic treaty was a mistake.',
    'uk/pandemic-treaty/opposes',
  ],
];

describe('a topic named only as the condition set for something else', () => {
  it('is no stance on the topic', () => {
    expect(
      triples(
        'Macron said France would open a consulate in Dover only once the returns deal was signed.',
        world,
      ),
    ).not.toContain('france/returns-deal/conditional');
  });
});

describe('an indefinite reference to a topic named before', () => {
  it('"a treaty" after the pandemic treaty was named stands for it', () => {
    const text =
      'Talks on the pandemic treaty missed their deadline on Friday.\n\nBritain said it remained committed to concluding a treaty next year.';
    expect(triples(text, world)).toContain('uk/pandemic-treaty/supports');
  });
});

describe('a clause stating what another named party did', () => {
  it('lends the holder neither its topic nor its stance', () => {
    expect(
      triples(
        'Macron said France would sign the returns deal after Starmer rejected a patent waiver.',
        world,
      ),
    ).not.toContain('france/patent-waiver/opposes');
  });
});

describe('signing out', () => {
  it('is no act of signing', () => {
    expect(
      triples('Britain signed out the officials who ran the returns deal, the Home Office said.', world),
    ).toEqual([]);
  });
});

describe('an object pronoun', () => {
  it('stands for the one topic named just before it', () => {
    const text =
      'Ministers adopted the pandemic treaty in Geneva on Tuesday.\n\nTedros said he would urge every country to ratify it without delay.';
    expect(triples(text, world)).toContain('who/pandemic-treaty/supports');
  });
});

describe('an actor naming itself', () => {
  it('is not speaking of a topic that has its name among its phrases', () => {
    const membership = parseWatchlist(
      JSON.stringify({
        actors: [{ id: 'who', name: 'WHO', aliases: ['WHO', 'Tedros'] }],
        topics: [
          {
            id: 'membership',
            name: 'WHO membership',
            description: 'belonging to the WHO (supports = staying in or rejoining it; opposes = leaving it)',
            phrases: ['WHO', 'rejoin'],
          },
        ],
      }),
      'self.json',
    );
    expect(triples('Tedros said the WHO was working hard with countries on donations.', membership)).toEqual(
      [],
    );
    expect(
      triples(
        'Tedros said on Monday that he hoped Washington would rejoin the agency next year.',
        membership,
      ),
    ).toEqual(['who/membership/supports']);
  });
});

describe('a statement in the aside of another statement’s subject', () => {
  it('keeps to its own words: the short aside takes no topic from the main statement', () => {
    const got = triples(
      'Yvette Cooper, who backed the plan, said that the pandemic treaty was a mistake.',
      world,
    );
    expect(got).toEqual(['uk/pandemic-treaty/opposes']);
  });
});

describe('migration and health policy, with companies and agencies as actors', () => {
  it.each(worldCases)('%s → %s', (text, want) => expect(triples(text, world)).toContain(want));
});

// Stances on terms: a contrasting clause that carries a condition or the opposite stance on the same
// topic, and the terms a topic's description gives for "conditional".
const fisheries = parseWatchlist(
  JSON.stringify({
    actors: [
      { id: 'norway', name: 'Norway', aliases: ['Oslo', 'Norwegian', 'Jonas Gahr Store'] },
      { id: 'iceland', name: 'Iceland', aliases: ['Reykjavik', 'Icelandic'] },
      { id: 'fleet', name: 'Fishing industry', aliases: ['Fishermen’s Association', 'the trawler lobby'] },
    ],
    topics: [
      {
        id: 'quota-cut',
        name: 'Mackerel quota cut',
        description:
          'cutting the mackerel catch quota (supports = for a cut; opposes = against it; conditional = only with a phase-in, compensation or exemptions)',
        phrases: ['mackerel quota', 'quota cut', 'catch limits'],
        opposePhrases: ['catch limits were far too low'],
      },
      {
        id: 'whaling',
        name: 'Commercial whaling',
        description: 'allowing commercial whaling (supports = for it; opposes = for a ban)',
        phrases: ['whaling', 'whale hunt'],
      },
    ],
  }),
  'probe3.json',
);
const termsCases: Array<[string, string]> = [
  ['Oslo said it was open to a quota cut, but only on its own terms.', 'norway/quota-cut/conditional'],
  // The opposite stance on a topic it refers back to ("the quota"), wanted done to it.
  [
    'Iceland said it supported the quota cut but wanted the cut for coastal boats delayed.',
    'iceland/quota-cut/conditional',
  ],
  ['Jonas Gahr Store said the quota cut was an attack on coastal towns.', 'norway/quota-cut/opposes'],
  // A contrasting clause that names one of the topic's terms.
  [
    'Oslo said the quota cut would stay in place, but offered compensation to coastal towns.',
    'norway/quota-cut/conditional',
  ],
  ['Iceland refused to rule out a quota cut.', 'iceland/quota-cut/conditional'],
  [
    'Oslo said on Monday that it would accept the cut, although Jonas Gahr Store said Norway remained concerned that the mackerel quota would hurt its fleet.',
    'norway/quota-cut/conditional',
  ],
  [
    'Oslo said it would back the quota cut for now, but would be ready to revisit it if stocks recovered.',
    'norway/quota-cut/conditional',
  ],
  [
    'Iceland said it supported the quota cut, although it warned the cut was too steep for its coastal towns.',
    'iceland/quota-cut/conditional',
  ],
  [
    'Norway proposed phasing in the quota cut over three years, an official said.',
    'norway/quota-cut/conditional',
  ],
  [
    'The Fishermen’s Association said it could accept the mackerel quota only with compensation.',
    'fleet/quota-cut/conditional',
  ],
];
const referenceCases: Array<[string, string]> = [
  // "the vote" stands for the topic of the sentence before it.
  [
    'Parliament adopted the mackerel quota on Tuesday by a wide margin. Jonas Gahr Store welcomed the vote.',
    'norway/quota-cut/supports',
  ],
  // A passive names who is acted on: the speaker's stance stays the speaker's.
  [
    'Jonas Gahr Store said Iceland would be allowed to go ahead with the quota cut.',
    'norway/quota-cut/supports',
  ],
];
const moreCases: Array<[string, string]> = [
  // The words between a pronoun source and its cue carry the stance ("it would not accept").
  [
    'Iceland leads the coastal group, which had made clear it would not accept any quota cut.',
    'iceland/quota-cut/opposes',
  ],
  // A topic's own stance phrase that holds its mention counts ("catch limits were far too low").
  ['Oslo said the catch limits were far too low for the coastal fleet.', 'norway/quota-cut/opposes'],
  // Weakening named as a noun, and a date after "until at least", which is no condition.
  ['Iceland said it opposed any relaxation of the quota cut.', 'iceland/quota-cut/supports'],
  ['Oslo said it would keep the quota cut in place until at least 2027.', 'norway/quota-cut/supports'],
  // "the plan" after a determiner is a noun, not a third party's aim.
  ['Iceland vowed to fight the plan to cut the mackerel quota.', 'iceland/quota-cut/opposes'],
  // An aim described in the third person is not the speaker's stance.
  [
    'The main objective is to cut the mackerel quota and weaken the coastal fleet, Jonas Gahr Store said.',
    '',
  ],
  // What another actor should do is the speaker's demand, not that actor's position.
  ['Jonas Gahr Store said Iceland should accept the quota cut.', 'norway/quota-cut/supports'],
  // A possessive with no speaker before it stands for the actor its sentence opened with.
  [
    'Norway has stepped back from its support for the quota cut, saying it no longer has a preferred option.',
    'norway/quota-cut/neutral',
  ],
];
const plainCases: Array<[string, string]> = [
  // "would only" + a judgement is no condition.
  ['Jonas Gahr Store said the quota cut would only hurt coastal towns.', 'norway/quota-cut/opposes'],
  // The contrasting clause is another actor's: each keeps its own stance.
  ['Norway backed the quota cut, while Iceland rejected it.', 'norway/quota-cut/supports'],
  // … also when that actor is not on the watchlist.
  ['Norway backed the quota cut, but Denmark has blocked the quota cut.', 'norway/quota-cut/supports'],
  // The contrasting clause is about another topic.
  ['Iceland supported the quota cut, but it condemned whaling.', 'iceland/quota-cut/supports'],
  // A reservation about something else is no counterweight either.
  [
    'Norway said the quota cut had worked, although it warned that the coastal fleet was still too large.',
    'norway/quota-cut/supports',
  ],
  // A clause joined by "and" is no counterweight.
  ['Oslo welcomed the quota cut and said stocks needed time to recover.', 'norway/quota-cut/supports'],
];

describe('stances on terms', () => {
  it.each(termsCases)('%s → %s', (text, want) => expect(triples(text, fisheries)).toContain(want));
  it.each(moreCases)('%s → %s', (text, want) =>
    want === ''
      ? expect(triples(text, fisheries)).toEqual([])
      : expect(triples(text, fisheries)).toContain(want),
  );
  it.each(referenceCases)('%s → %s', (text, want) => expect(triples(text, fisheries)).toContain(want));
  it.each(plainCases)('%s → %s (no hedge)', (text, want) => expect(triples(text, fisheries)).toContain(want));
  it("takes a topic's own act over the generic lexicon and over its conditional terms", () => {
    const drones = parseWatchlist(
      JSON.stringify({
        actors: [{ id: 'norway', name: 'Norway', aliases: ['Oslo'] }],
        topics: [
          {
            id: 'drone-exports',
            name: 'Drone exports',
            description:
              'restricting exports of military drones (supports = for limits; opposes = for allowing sales; conditional = allowing sales only under licences or limits)',
            phrases: ['drone exports', 'military drones', 'drones'],
          },
        ],
      }),
      'probe4.json',
    );
    // "limits" is against things in general, but for this topic it is its own act, not a term.
    expect(triples('Oslo issued strict new limits on exports of military drones.', drones)).toEqual([
      'norway/drone-exports/supports',
    ]);
    expect(triples('Oslo said it would allow sales of military drones under licences.', drones)).toEqual([
      'norway/drone-exports/conditional',
    ]);
  });

  it('reads the terms from the conditional part of a description', () => {
    expect(
      conditionTerms(
        'the cut (supports = for it; conditional = only with a phase-in, compensation or exemptions)',
      ),
    ).toEqual(['phase-in', 'compensation', 'exemptions']);
    // General words and long phrases are no terms; without a conditional part there are none.
    expect(conditionTerms('x (conditional = only under other conditions or changes)')).toEqual([]);
    expect(conditionTerms('x (supports = with safeguards)')).toEqual([]);
  });
});
