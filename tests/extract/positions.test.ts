import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadWatchlist, parseWatchlist } from '../../src/config/watchlist.js';
import { clausesAbout, extract } from '../../src/extract/index.js';
import { polarityOf } from '../../src/extract/polarity.js';
import { parseArticleText, readArticleFile } from '../../src/ingest/index.js';
import { isGuessed, type Extraction, type ParsedArticle } from '../../src/model.js';

const watchlist = loadWatchlist();

function article(body: string, file = 'test.txt'): { article: ParsedArticle; text: string } {
  const text = `A headline for the test article\n\n${body}\n`;
  const out = parseArticleText(file, text);
  if (!out.ok || !out.articles[0]) throw new Error(out.ok ? 'no article' : out.reason);
  return { article: out.articles[0], text };
}
/** What the stance words say: a guessed default (no stance word read) is tested on its own. */
const triples = (x: Extraction) =>
  x.positions.filter((p) => !isGuessed(p)).map((p) => `${p.actor}/${p.topic}/${p.polarity}`);

describe('the bundled seeds', () => {
  const run = (name: string) => {
    const path = new URL(`../../feeds/${name}`, import.meta.url).pathname;
    const read = readArticleFile(path);
    if (!read.ok) throw new Error(read.reason);
    const parsed = parseArticleText(path, read.text, { meta: read.meta });
    if (!parsed.ok || !parsed.articles[0]) throw new Error('parse failed');
    return { x: extract(parsed.articles[0], watchlist), text: read.text };
  };

  it('2024: skeptical US officials, Kyiv conditional on talks and against concessions, Russia alleged openness', () => {
    const { x } = run('002_a858f4ae3c664e5a.txt');
    const t = triples(x);
    expect(t).toContain('united-states/peace-talks/opposes');
    expect(t).toContain('ukraine/peace-talks/conditional');
    expect(t).toContain('ukraine/territory/opposes');
    const russia = x.positions.find(
      (p) =>
        p.actor === 'russia' &&
        p.topic === 'peace-talks' &&
        p.polarity === 'supports' &&
        p.reported === 'alleged',
    );
    expect(russia?.claim).toMatch(/willing to discuss terms/);
    const us = x.positions.find((p) => p.actor === 'united-states' && p.topic === 'peace-talks');
    expect(us?.speaker).toBe('U.S. officials');
  });

  it('2026: Poland and Estonia doubt the talks, Poland wants more pressure, the US pushes to finish by June', () => {
    const { x, text } = run('000_d6f03e2ec396732c.txt');
    const t = triples(x);
    expect(t).toContain('poland/peace-talks/opposes');
    expect(t).toContain('poland/sanctions/supports');
    expect(t).toContain('estonia/peace-talks/opposes');
    const us = x.positions.find((p) => p.actor === 'united-states' && p.topic === 'peace-talks');
    expect(us?.polarity).toBe('supports');
    expect(us?.evidence.text).toMatch(/finish all necessary negotiations/);
    // Spans index the file as read.
    for (const a of x.attributions) {
      expect(text.slice(a.content.start, a.content.end)).toBe(a.content.text);
      if (a.source) expect(text.slice(a.source.start, a.source.end)).toBe(a.source.text);
    }
  });
});

describe('actors', () => {
  it('resolves aliases, officials and stated affiliations; a former official speaks for themselves', () => {
    const { article: a } = article(
      [
        'The Kremlin rejected the new peace plan on Monday, a spokesman said.',
        'Anna Berg, an adviser to the Polish president, said Warsaw wants tougher sanctions on Moscow.',
        'Former Estonian prime minister Tiit Vahur said the peace talks were a trap.',
      ].join('\n\n'),
    );
    const x = extract(a, watchlist);
    const byActor = (id: string | null) =>
      x.attributions.filter((at) => at.speaker?.actor === id).map((at) => at.speaker?.name);
    expect(byActor('poland')).toContain('Anna Berg');
    expect(triples(x)).toContain('poland/sanctions/supports');
    expect(x.positions.some((p) => p.actor === 'estonia')).toBe(false);
  });

  it('attributes a relayed proposal to the actor making it, not to who relays it', () => {
    const { article: a } = article(
      'The Ukrainian foreign minister told reporters that the U.S. is proposing to hold peace talks in Geneva next month.',
    );
    const x = extract(a, watchlist);
    expect(triples(x)).toEqual(['united-states/peace-talks/supports']);
  });
});

describe('one statement, two topics', () => {
  it("takes each topic's stance from its own clause", () => {
    const { article: a } = article(
      'The Polish foreign minister said Warsaw would never accept a ceasefire that freezes the front, and that more sanctions on Moscow were essential.',
    );
    const t = triples(extract(a, watchlist));
    expect(t).toContain('poland/ceasefire/opposes');
    expect(t).toContain('poland/sanctions/supports');
  });

  it('reads each sentence of a multi-sentence quote on its own', () => {
    const { article: a } = article(
      '“We will never give up our land,” the Ukrainian president said on Sunday. “Any ceasefire must come with guarantees.”',
    );
    const t = triples(extract(a, watchlist));
    expect(t).toContain('ukraine/territory/opposes');
    expect(t).toContain('ukraine/ceasefire/conditional');
  });

  it('lets the cue govern its first clause only', () => {
    const { article: a } = article(
      'EU leaders agreed on Friday to send more air defence to Kyiv, after failing to agree on using frozen Russian assets.',
    );
    const t = triples(extract(a, watchlist));
    expect(t).toContain('european-union/military-aid/supports');
    expect(t.filter((x) => x.includes('frozen-assets'))).toEqual([]);
  });
});

describe('clauses', () => {
  it('a participle clause after a comma carries its own topic and stance', () => {
    const scoped = clausesAbout(
      'the plant will close this year, repeating its view that the subsidy must go',
      [{ start: 60, end: 67 }],
    );
    expect(scoped).toBe('repeating its view that the subsidy must go');
    const t = 'the city paused the subsidy while it reviews whether the ferry plan still works';
    expect(clausesAbout(t, [{ start: t.indexOf('ferry'), end: t.indexOf('ferry') + 10 }])).toBe(
      'it reviews whether the ferry plan still works',
    );
    // "including" and "during" are prepositions here, not new clauses.
    const whole = 'the plant will stay open, including during the subsidy review';
    expect(clausesAbout(whole, [{ start: 47, end: 54 }])).toBe(whole);
  });

  it('a second predicate with its own modal is its own stance ("condemned X, would appeal and would set Y")', () => {
    const t =
      'it condemned the court ruling, would appeal within a week and would set a fishing quota to protect stocks';
    const at = t.indexOf('fishing quota');
    const clause = clausesAbout(t, [{ start: at, end: at + 13 }]);
    expect(clause).toBe('would set a fishing quota to protect stocks');
    // Read alone the clause is for the quota; read whole, the condemnation of the ruling outweighed it.
    const q = clause.indexOf('fishing quota');
    expect(polarityOf({ text: clause, cue: 'said', about: [{ start: q, end: q + 13 }] })).toBe('supports');
    expect(polarityOf({ text: t, cue: 'said', about: [{ start: at, end: at + 13 }] })).toBe('opposes');
  });
});

describe('polarity', () => {
  it('reads stance words, negation and hedging', () => {
    expect(polarityOf({ text: 'the government is ready to negotiate a settlement', cue: 'said' })).toBe(
      'supports',
    );
    expect(polarityOf({ text: 'the government is not ready to negotiate in good faith', cue: 'said' })).toBe(
      'opposes',
    );
    expect(polarityOf({ text: 'the offer of talks is a ploy to buy time', cue: 'said' })).toBe('opposes');
    expect(polarityOf({ text: 'the talks were held on Tuesday in a hotel', cue: 'said' })).toBe('neutral');
  });

  it('reads undoing a measure as against it, and refusing to undo it as for it', () => {
    const stance = (text: string) => polarityOf({ text, cue: 'said' });
    expect(stance('the council will scrap the parking fee next year')).toBe('opposes');
    expect(stance('the council will not drop the parking fee')).toBe('supports');
    expect(stance('the council refused to abandon the parking fee')).toBe('supports');
    expect(stance('the council ruled out lifting the parking fee')).toBe('supports');
    expect(stance('the council refused to support the parking fee')).toBe('opposes');
    expect(stance('the council cannot back the parking fee')).toBe('opposes');
    expect(stance('the council will never accept a parking fee')).toBe('opposes');
  });

  it('carries a negation past a comma aside, and ignores what others did ("imposed by")', () => {
    const stance = (text: string) => polarityOf({ text, cue: 'said' });
    expect(stance('the town would never, whatever the cost, accept the new levy')).toBe('opposes');
    expect(stance('the town did not, as some expected, back the levy')).toBe('opposes');
    expect(stance('the council failed to back the levy')).toBe('opposes');
    // Failing to agree is no decision, not a stance against.
    expect(stance('the council failed to agree on the levy')).toBe('neutral');
    expect(stance('the council failed to agree on using the levy for roads')).toBe('neutral');
    expect(stance('the town reviewed the levy imposed by the province last year')).toBe('neutral');
    expect(stance('the town imposed the levy last year')).toBe('supports');
    expect(stance('the town did not see the levy as a realistic option')).toBe('opposes');
    expect(stance('the levy is unrealistic')).toBe('opposes');
  });

  it('reads judgements, keeping a measure, and modals before a stance word', () => {
    const stance = (text: string, cue = 'said') => polarityOf({ text, cue });
    expect(stance('the export levy was a grave mistake that must be reversed')).toBe('opposes');
    expect(stance('export levies are counterproductive', 'argued')).toBe('opposes');
    expect(stance('the levy is unjustified and will hurt farmers')).toBe('opposes');
    expect(stance('the levy should be scrapped')).toBe('opposes');
    expect(stance('the ministry will retaliate against any new levy')).toBe('opposes');
    expect(stance('she is against any levy increase')).toBe('opposes');
    expect(stance('the levy is a sensible step')).toBe('supports');
    expect(stance('the country will keep the levy in place')).toBe('supports');
    expect(stance('there is no alternative to the levy')).toBe('supports');
    expect(stance('the levy must stay')).toBe('supports');
    expect(stance('they opposed any new levy on imports')).toBe('opposes');
    expect(stance('they rejected lifting the levy')).toBe('supports');
    expect(stance('the council is ready for another round of talks on the levy')).toBe('supports');
    expect(stance('the talks on the levy had been useful')).toBe('supports');
    expect(stance('the province was not serious about the levy talks')).toBe('opposes');
    expect(stance('the province is not interested in a levy')).toBe('opposes');
    expect(stance('any new levy must come with exemptions for farmers')).toBe('conditional');
    // A rejection stays a rejection when what it rejects was conditional.
    expect(stance('the council rejected any levy in exchange for a new road')).toBe('opposes');
  });

  it('recognises conditions', () => {
    expect(polarityOf({ text: 'talks can start only if the troops withdraw first', cue: 'said' })).toBe(
      'conditional',
    );
    expect(polarityOf({ text: 'it would join in exchange for guarantees', cue: 'said' })).toBe('conditional');
    expect(polarityOf({ text: 'the fee stays until the council repays the loan', cue: 'said' })).toBe(
      'conditional',
    );
    expect(polarityOf({ text: 'talks on the fee continue until Friday', cue: 'said' })).toBe('neutral');
    const stance = (text: string) => polarityOf({ text, cue: 'said' });
    expect(stance('the town would back the fee if the port paid half')).toBe('conditional');
    expect(stance('the town will keep the fee even if farmers protest')).toBe('supports');
    expect(stance('the town is ready to raise the fee, if necessary')).toBe('supports');
    expect(stance('the mayor asked if the fee would stay')).toBe('neutral');
    expect(polarityOf({ text: 'the fee stays until the end of the year', cue: 'said' })).toBe('neutral');
  });

  it('lets the cue carry stance', () => {
    expect(polarityOf({ text: 'new talks on the levy', cue: 'urged' })).toBe('supports');
    expect(polarityOf({ text: 'the new levy', cue: 'rejected' })).toBe('opposes');
  });
});

describe('another domain', () => {
  const tariffs = parseWatchlist(
    JSON.stringify({
      actors: [
        { id: 'china', name: 'China', aliases: ['Beijing', 'Chinese', 'MOFCOM'] },
        { id: 'canada', name: 'Canada', aliases: ['Ottawa', 'Canadian'] },
      ],
      topics: [
        {
          id: 'tariffs',
          name: 'Tariffs',
          description: 'import tariffs (supports = for them)',
          phrases: ['tariff', 'tariffs', 'levy', 'duties on imports'],
        },
      ],
    }),
    'tariffs.json',
  );

  it('finds positions with a watchlist it was never written for', () => {
    const { article: a } = article(
      [
        'Beijing firmly opposes the new tariffs on electric cars, a MOFCOM spokesperson said on Friday.',
        'Canadian officials said Ottawa would impose a levy on Chinese steel from next month.',
      ].join('\n\n'),
    );
    const x = extract(a, tariffs);
    expect(triples(x)).toEqual(expect.arrayContaining(['china/tariffs/opposes', 'canada/tariffs/supports']));
    expect(x.positions.every((p) => p.topic === 'tariffs')).toBe(true);
  });

  it('reads a climate watchlist: rejections, pronouns, judgements, defences and urging', () => {
    const climate = parseWatchlist(
      JSON.stringify({
        actors: [
          { id: 'india', name: 'India', aliases: ['New Delhi', 'Indian'] },
          { id: 'eu', name: 'European Union', aliases: ['EU', 'European Commission'] },
          { id: 'usa', name: 'United States', aliases: ['Washington', 'White House'] },
        ],
        topics: [
          { id: 'coal-exit', name: 'Coal exit', phrases: ['coal', 'phase-out'] },
          { id: 'carbon-levy', name: 'Carbon levy', phrases: ['carbon levy', 'carbon border tax'] },
        ],
      }),
      'climate.json',
    );
    const { article: a } = article(
      [
        'India rejected calls to phase out coal by 2040, saying its development needs came first.',
        'Indian Environment Minister Anil Rao said on Monday that New Delhi had no plans to set a date.',
        'He said the carbon border tax was discriminatory and unfair to poorer countries.',
        'The European Commission defended the carbon levy on Tuesday.',
        'Washington has not taken a position on the levy, officials said.',
        'The White House urged allies to speed up the coal phase-out.',
      ].join('\n\n'),
    );
    const t = triples(extract(a, climate));
    expect(t).toEqual(
      expect.arrayContaining([
        'india/coal-exit/opposes',
        'india/carbon-levy/opposes',
        'eu/carbon-levy/supports',
        'usa/coal-exit/supports',
      ]),
    );
    // "has not taken a position" is no stance on the levy: at most a declared lack of one.
    expect(t.filter((x) => x.startsWith('usa/carbon-levy') && !x.endsWith('/neutral'))).toEqual([]);
  });

  it('leaves out what a topic excludes ("fashion models" are not AI models)', () => {
    const ai = parseWatchlist(
      JSON.stringify({
        actors: [{ id: 'acme', name: 'Acme', aliases: [] }],
        topics: [
          {
            id: 'open-models',
            name: 'Open models',
            phrases: ['models', 'model weights'],
            excludePhrases: ['fashion models'],
          },
        ],
      }),
      'ai.json',
    );
    const { article: a } = article(
      [
        'Acme said it supports fashion models who want shorter shoots.',
        'Acme said it supports publishing the weights of its models next year.',
      ].join('\n\n'),
    );
    const x = extract(a, ai);
    expect(x.positions.map((p) => [p.topic, p.polarity, p.evidence.text.slice(0, 20)])).toEqual([
      ['open-models', 'supports', 'Acme said it support'],
    ]);
    expect(x.positions[0]?.evidence.text).toMatch(/publishing the weights/);
  });

  it('reads a headline statement too, with spans that point into the file', () => {
    const text =
      'Canada says it will not drop its levy on Chinese steel\n\nTrade talks resumed on Monday in Geneva after a pause of two months.\n';
    const parsed = parseArticleText('steel.txt', text);
    if (!parsed.ok || !parsed.articles[0]) throw new Error('parse failed');
    const x = extract(parsed.articles[0], tariffs);
    const a = x.attributions.find((r) => r.cue?.text === 'says');
    expect(a?.source?.text).toBe('Canada');
    for (const span of [a?.source, a?.cue, a?.content]) {
      expect(span && span.start !== undefined && text.slice(span.start, span.end)).toBe(span?.text);
    }
    expect(triples(x)).toContain('canada/tariffs/supports');
  });

  it('the default watchlist file is valid and has the documented ids', () => {
    const text = readFileSync(new URL('../../watchlist.yaml', import.meta.url), 'utf8');
    const wl = parseWatchlist(text, 'watchlist.yaml');
    expect(wl.actors.map((a) => a.id).sort()).toEqual([
      'china',
      'estonia',
      'european-union',
      'france',
      'germany',
      'nato',
      'poland',
      'russia',
      'turkey',
      'ukraine',
      'united-kingdom',
      'united-states',
    ]);
    expect(wl.topics.map((t) => t.id).sort()).toEqual([
      'ceasefire',
      'elections',
      'frozen-assets',
      'military-aid',
      'nato-membership',
      'peace-talks',
      'sanctions',
      'security-guarantees',
      'territory',
    ]);
  });
});
