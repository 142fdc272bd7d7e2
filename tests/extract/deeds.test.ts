import { describe, expect, it } from 'vitest';
import { parseWatchlist } from '../../src/config/watchlist.js';
import { findDeeds } from '../../src/extract/deeds.js';
import { buildDocument } from '../../src/extract/document.js';
import { extract } from '../../src/extract/index.js';
import { parseArticleText } from '../../src/ingest/index.js';

const deeds = (text: string) => findDeeds(buildDocument(text)).map((d) => [d.subject.text, d.verb.text]);

describe('deeds', () => {
  it('reads an actor doing something: past, present after a name, and plans with "will"', () => {
    expect(deeds('The Harbour Board imposed a levy on cruise ships last week.')).toEqual([
      ['The Harbour Board', 'imposed'],
    ]);
    expect(deeds('On Monday, Ottawa has quietly paused all shipments of steel.')).toEqual([
      ['Ottawa', 'paused'],
    ]);
    expect(deeds('Eastport sanctions two shipping firms.')).toEqual([['Eastport', 'sanctions']]);
    expect(deeds('The city will send extra buses to the pier.')).toEqual([['The city', 'send']]);
  });

  it('reads a past that looks like its base right after its subject, not a noun', () => {
    expect(deeds('Eastport shut down its last two ferry lines on Saturday.')).toEqual([['Eastport', 'shut']]);
    expect(deeds('The council cut the harbour budget on Monday.')).toEqual([['The council', 'cut']]);
    expect(deeds('The budget cut hurt the harbour.')).toEqual([]);
  });

  it('reads a deed past a written date between subject and verb', () => {
    expect(deeds('The Harbour Board on August 5 suspended its levy on cruise ships.')).toEqual([
      ['The Harbour Board', 'suspended'],
    ]);
  });

  it('reads a deed after a dateline', () => {
    expect(deeds('EASTPORT — The Harbour Board on Monday imposed a levy on cruise ships.')).toEqual([
      ['The Harbour Board', 'imposed'],
    ]);
    expect(deeds('OSLO, May 2 — Norway imposed new limits on mackerel catches.')).toEqual([
      ['Norway', 'imposed'],
    ]);
  });

  it('reads an act in a relative clause as its antecedent\'s ("X, who backed …, said")', () => {
    const d = findDeeds(
      buildDocument("Eastport's harbour master Ana Lee, who backed the cruise levy last year, said little."),
    );
    expect(d.map((x) => [x.subject.text, x.verb.text, x.predicate.text])).toEqual([
      ["Eastport's harbour master Ana Lee", 'backed', 'backed the cruise levy last year'],
    ]);
    // "…, who said …" is speech, and a clause without a name before it has no antecedent.
    expect(deeds('Ana Lee, who said the levy was fair, left.')).toEqual([]);
    expect(deeds('the others, who backed the levy, left.')).toEqual([]);
  });

  it('reads every act of the stance lexicon, in any form, as a deed verb', () => {
    expect(deeds('The mayor enacted rules to cut emissions.')).toEqual([['The mayor', 'enacted']]);
    expect(deeds('Eastport lifts its curfew on the pier.')).toEqual([['Eastport', 'lifts']]);
    expect(deeds('The Harbour Board scrapped the levy in March.')).toEqual([
      ['The Harbour Board', 'scrapped'],
    ]);
    expect(deeds('The council withdrew from the ferry compact.')).toEqual([['The council', 'withdrew']]);
  });

  it('does not read nouns, passives or subordinate clauses as deeds', () => {
    expect(deeds('Further sanctions would hurt the port.')).toEqual([]);
    expect(deeds('Protesters were a few blocks away.')).toEqual([]);
    expect(deeds('They were joined by the mayor.')).toEqual([]);
    expect(deeds('But when the council cut funding, the ferry stopped.')).toEqual([]);
    expect(deeds('A ban on cruise ships is planned.')).toEqual([]);
  });

  it('makes positions (not attributions) of deeds by watched actors', () => {
    const tariffs = parseWatchlist(
      JSON.stringify({
        actors: [{ id: 'canada', name: 'Canada', aliases: ['Ottawa'] }],
        topics: [
          { id: 'tariffs', name: 'Tariffs', description: 'for tariffs', phrases: ['levy', 'tariffs'] },
        ],
      }),
      'tariffs.json',
    );
    const text =
      'Steel dispute\n\nOttawa imposed a levy on Chinese steel on Friday.\n\nThe weather was mild.\n';
    const parsed = parseArticleText('steel.txt', text);
    if (!parsed.ok || !parsed.articles[0]) throw new Error('parse failed');
    const x = extract(parsed.articles[0], tariffs);
    expect(x.attributions).toEqual([]);
    expect(x.positions.map((p) => [p.actor, p.topic, p.polarity, p.speaker])).toEqual([
      ['canada', 'tariffs', 'supports', 'Ottawa'],
    ]);
    const evidence = x.positions[0]!.evidence;
    expect(text.slice(evidence.start, evidence.end)).toBe(
      'Ottawa imposed a levy on Chinese steel on Friday.',
    );
  });

  it("reads a topic's own verb as a deed on it ('The regulator fined the airline …')", () => {
    const fines = parseWatchlist(
      JSON.stringify({
        actors: [{ id: 'regulator', name: 'Regulator', aliases: ['Aviora'] }],
        topics: [
          {
            id: 'airline-fines',
            name: 'Fining airlines',
            description: 'fining airlines for late refunds (supports = fining them)',
            phrases: ['fined', 'refund rules'],
          },
        ],
      }),
      'fines.json',
    );
    expect(findDeeds(buildDocument('Aviora fined the airline €2 million on Friday.'))).toEqual([]);
    const parsed = parseArticleText('f.txt', 'Fines\n\nAviora fined the airline €2 million on Friday.\n');
    if (!parsed.ok || !parsed.articles[0]) throw new Error('parse failed');
    const x = extract(parsed.articles[0], fines);
    expect(x.positions.map((p) => [p.actor, p.topic, p.polarity, p.via])).toEqual([
      ['regulator', 'airline-fines', 'supports', 'deed'],
    ]);
  });
});

describe('deeds by lemma', () => {
  it('reads an irregular form by the tagger lemma, and a base form only as a plan', () => {
    expect(
      findDeeds(buildDocument('The council withdrew from the ferry compact.')).map((d) => d.verb.text),
    ).toEqual(['withdrew']);
    expect(findDeeds(buildDocument('The Harbour Board ban on cruise ships stays.'))).toEqual([]);
  });
});
