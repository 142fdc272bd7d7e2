// Invented sentences in another domain (trade and AI policy) with its own watchlist: the generic
// rules must read them without any of their wording in code.
import { describe, expect, it } from 'vitest';
import { parseWatchlist } from '../../src/config/watchlist.js';
import { extract } from '../../src/extract/index.js';
import { parseArticleText } from '../../src/ingest/index.js';

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

describe('a domain the rules were not written for', () => {
  it.each(cases)('%s → %s', (text, want) => {
    const r = parseArticleText('p.txt', `Trade news today\n\n${text}`);
    if (!r.ok || !r.articles[0]) throw new Error('parse failed');
    const got = extract(r.articles[0], trade).positions.map((p) => `${p.actor}/${p.topic}/${p.polarity}`);
    expect(got).toContain(want);
  });
});
