import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArticleText, readArticleFile } from '../../src/ingest/index.js';
import type { ParsedArticle } from '../../src/model.js';

const fixture = (name: string) => new URL(`../fixtures/ingest/${name}`, import.meta.url).pathname;
const mtime = new Date('2025-09-09T10:00:00Z');

function parse(path: string): ParsedArticle[] {
  const read = readArticleFile(path);
  if (!read.ok) throw new Error(read.reason);
  const out = parseArticleText(path, read.text, { mtime, meta: read.meta });
  if (!out.ok) throw new Error(out.reason);
  // Every kept piece of the body is the file's own text at the recorded offset.
  for (const a of out.articles) {
    for (const seg of a.offsets) {
      expect(a.body.slice(seg.body, seg.body + seg.length)).toBe(
        read.text.slice(seg.file, seg.file + seg.length),
      );
    }
  }
  return out.articles;
}
const one = (path: string) => {
  const [a] = parse(path);
  if (!a) throw new Error('no article');
  return a;
};
const paragraphs = (a: ParsedArticle) => a.body.split('\n\n');

describe('raw page text (.txt)', () => {
  it('drops crumbs, widgets and the credit line, and reads title, byline and source from the head', () => {
    const a = one(fixture('crumbs-and-widgets.txt'));
    expect(a.title).toBe('Harbour board votes to widen the old canal');
    expect(a.byline).toBe('Jo Quill and Sam Reed');
    expect(a.source).toBe('Harbour Gazette');
    expect(paragraphs(a)).toEqual([
      'The harbour board voted on Tuesday to widen the old canal, ending a decade of argument over the plan.',
      'Board chair Ina Vale said the vote "settles the question for a generation" and urged the city to move fast.',
      "The mayor's spokesman said the city welcomed the decision.",
    ]);
  });

  it('drops photo captions, credits and audio-player lines; dates from the byline', () => {
    const a = one(fixture('captions-and-audio.txt'));
    expect(a.body).not.toMatch(/Lee Park|Listen to this article|Home/);
    expect(paragraphs(a)).toHaveLength(3);
    expect(a.byline).toBe('Ada Reporter');
    expect([a.published, a.datePrecision]).toEqual(['2025-03-03', 'day']);
  });

  it('ends the article at the author box and leaves the list of other stories out', () => {
    const a = one(fixture('trailing-stories.txt'));
    expect(paragraphs(a).at(-1)).toBe('Opponents said they would keep fighting the plan in the courts.');
    expect(a.body).not.toMatch(/Bakery|Road works|Comments|10:42/);
    expect(a.byline).toBe('Nora Field');
  });

  it('takes the latest copyright year as a year-precision date when nothing better exists', () => {
    const a = one(fixture('copyright-only.txt'));
    expect([a.published, a.datePrecision]).toEqual(['2023', 'year']);
    expect(a.source).toBe('Valley Farm Press');
    expect(a.body).not.toMatch(/©|Distributed/);
  });

  it('never uses the file time silently: precision unknown and a warning', () => {
    const a = one(fixture('no-date.txt'));
    expect([a.published, a.datePrecision]).toEqual(['2025-09-09', 'unknown']);
    expect(a.warnings.join()).toMatch(/no publication date found/);
    // A plain article file: its first line is the headline, the rest is the body.
    expect(a.title).toBe('A museum reopens after two years');
    expect(paragraphs(a)).toHaveLength(2);
  });

  it('does not take a relative day ("on Saturday") for a date', () => {
    const out = parseArticleText(
      'x.txt',
      'Title of a story here\n\nThe mayor said on Saturday that the plan was dead, officials said later.\n',
      {},
    );
    expect(out.ok && out.articles[0]?.datePrecision).toBe('unknown');
  });
});

describe('the bundled seeds', () => {
  const seed2024 = one(new URL('../../feeds/002_a858f4ae3c664e5a.txt', import.meta.url).pathname);
  const seed2026 = one(new URL('../../feeds/000_d6f03e2ec396732c.txt', import.meta.url).pathname);

  it('2024: dated by its date line, body from the first paragraph to the stalled-aid paragraph', () => {
    expect([seed2024.published, seed2024.datePrecision]).toEqual(['2024-01-26', 'day']);
    expect(seed2024.title).toBe('Bloomberg: Putin signals openness to peace talks, US is skeptical');
    expect(seed2024.source).toBe('Kyiv Independent');
    expect(seed2024.body.startsWith('Russian leader Vladimir Putin is sending signals')).toBe(true);
    const last = paragraphs(seed2024).slice(-3);
    expect(last[0]).toMatch(/^"The Russians want us/);
    expect(last[1]).toBe(`"It's a classic Russian play."`);
    expect(last[2]).toMatch(/^Concerns about Ukraine's prospects.*aid remain stalled/);
    expect(seed2024.body).not.toMatch(
      /News Feed|Skip to content|min read|AI assistance|Getty|Comments|Author:/,
    );
  });

  it('2026: dated by its copyright year, body from "Russia has no intention" to before the © line', () => {
    expect([seed2026.published, seed2026.datePrecision]).toEqual(['2026', 'year']);
    expect(seed2026.title).toBe('NATO allies warn Russia playing for time in Ukraine peace talks');
    expect(seed2026.source).toBe('Bloomberg News');
    expect(seed2026.body.startsWith('Russia has no intention of ending its war')).toBe(true);
    expect(paragraphs(seed2026).at(-1)).toMatch(/the report said\.$/);
    expect(seed2026.body).not.toMatch(/©|Disqus|ArcaMax|Published in|Current News/);
  });
});

describe('markdown, HTML and JSON', () => {
  it('markdown: front matter wins, markup is dropped, offsets still map', () => {
    const a = one(fixture('article.md'));
    expect(a).toMatchObject({
      title: 'Ferry operators agree on a joint timetable',
      source: 'Coastline Weekly',
      url: 'https://coastline.example/ferries',
      byline: 'Rui Tan',
      published: '2025-06-02',
      datePrecision: 'day',
    });
    expect(paragraphs(a)[0]).toBe(
      'The two ferry operators said on Monday that they had agreed on a joint timetable for the summer, according to the port authority.',
    );
    expect(a.body).not.toMatch(/#|\*\*|Background|https:/);
  });

  it('dates: a front matter pubDate, a dotted day-first date, a page’s publication stamp', () => {
    const md = parseArticleText(
      'p.md',
      '---\ntitle: Ferry talks resume\npubDate: 2025-08-08T16:20:00+02:00\n---\n\nThe two ferry operators said on Monday that they would resume talks on a joint timetable.\n',
      { mtime },
    );
    expect(md.ok && md.articles[0]).toMatchObject({ published: '2025-08-08', datePrecision: 'day' });
    const html = parseArticleText(
      'p.html',
      '<html><body><nav><a href="/">Home</a></nav><p class="dateline">Published 24.02.2025 · 18:42</p>' +
        '<article><h1>Ferry talks resume</h1><p>The two ferry operators said on Monday that they would resume talks on a joint timetable for the summer season.</p>' +
        '<p>The port authority welcomed the decision and said it hoped for an agreement before the holidays.</p></article>' +
        '<footer>© 2025 Coastline Weekly</footer></body></html>',
      { mtime },
    );
    expect(html.ok && html.articles[0]).toMatchObject({ published: '2025-02-24', datePrecision: 'day' });
    // No stamp, no metadata: the first short line of the page with a full date.
    const byline = parseArticleText(
      'b.html',
      '<html><body><p class="byline">From our correspondents · Thursday 3 April 2025</p>' +
        '<article><p>The two ferry operators said on Monday that they would resume talks on a joint timetable for the summer season.</p>' +
        '<p>The port authority welcomed the decision and said it hoped for an agreement before the holidays.</p></article>' +
        '<footer>© 2025 Coastline Weekly</footer></body></html>',
      { mtime },
    );
    expect(byline.ok && byline.articles[0]).toMatchObject({ published: '2025-04-03', datePrecision: 'day' });
    // A year-less dateline in a block of its own, dated in the copyright year.
    const dateline = parseArticleText(
      'd.html',
      '<html><body><article><h1>Ferry talks resume</h1><p class="dateline">HARWICH, Nov 12 —</p>' +
        '<p>The two ferry operators said on Monday that they would resume talks on a joint timetable for the summer season.</p>' +
        '<p>The port authority welcomed the decision and said it hoped for an agreement before the holidays.</p></article>' +
        '<footer>© 2025 Coastline Weekly</footer></body></html>',
      { mtime },
    );
    expect(dateline.ok && dateline.articles[0]).toMatchObject({
      published: '2025-11-12',
      datePrecision: 'day',
    });
  });

  it('dates: a year-less wire dateline naming two cities ("DOVER/CALAIS, Mar. 4 —") in the copyright year', () => {
    const out = parseArticleText(
      'two-cities.txt',
      'Ferry talks resume\n\nDOVER/CALAIS, Mar. 4 — The two ferry operators said on Monday that they would resume talks on a joint timetable for the summer season.\n\n' +
        'The port authority welcomed the decision and said it hoped for an agreement before the holidays.\n\n© 2025 Coastline Weekly. All rights reserved.\n',
      { mtime },
    );
    expect(out.ok && out.articles[0]).toMatchObject({ published: '2025-03-04', datePrecision: 'day' });
  });

  it('dates: a full date inside a paragraph that opens with a year-less dateline is not the dateline', () => {
    const out = parseArticleText(
      'born.txt',
      'Harbour passes for the young\n\nDOVER, Mar. 4 — Anyone born on or after 1 January 2009 will need a harbour pass from next summer, the port authority said on Monday.\n\n' +
        'The ferry operators welcomed the decision and said it would make boarding quicker.\n\n© 2025 Coastline Weekly. All rights reserved.\n',
      { mtime },
    );
    expect(out.ok && out.articles[0]).toMatchObject({ published: '2025-03-04', datePrecision: 'day' });
    const json = parseArticleText(
      'born.json',
      JSON.stringify({
        headline: 'Harbour passes for the young',
        copyright: '© 2025 Coastline Weekly',
        body: 'DOVER, Mar. 4 — Anyone born on or after 1 January 2009 will need a harbour pass from next summer, the port authority said on Monday.\n\nThe ferry operators welcomed the decision.',
      }),
      { mtime },
    );
    expect(json.ok && json.articles[0]).toMatchObject({ published: '2025-03-04', datePrecision: 'day' });
  });

  it('markdown: broken front matter is a reason, not a crash', () => {
    const out = parseArticleText('bad.md', readFileSync(fixture('bad-front-matter.md'), 'utf8'));
    expect(out.ok).toBe(false);
    expect(!out.ok && out.reason).toMatch(/front matter is not valid YAML/);
  });

  it('HTML: main text via readability, meta tags, canonical URL; no navigation, captions or scripts', () => {
    const a = one(fixture('page.html'));
    expect(a).toMatchObject({
      title: 'Bridge reopens after repairs',
      source: 'Riverside Courier',
      url: 'https://courier.example/news/bridge-reopens',
      byline: 'Tam Ode',
      published: '2025-04-11',
    });
    expect(paragraphs(a)).toHaveLength(3);
    expect(paragraphs(a)[1]).toMatch(/^“Traffic will flow again,” said/);
    expect(paragraphs(a)[2]).toContain('lanes & the lower');
    expect(a.body).not.toMatch(/tracking|Other story|Photo:|Home/);
    // Most of the text maps back into the HTML despite entities.
    const mapped = a.offsets.reduce((n, s) => n + s.length, 0);
    expect(mapped / a.body.length).toBeGreaterThan(0.9);
  });

  it('JSON: an array of articles with alternative field names', () => {
    const [a, b] = parse(fixture('items.json'));
    expect(a).toMatchObject({
      entry: 0,
      title: 'Library extends opening hours',
      source: 'Town Crier',
      byline: 'Pat Lane',
      published: '2025-01-15',
    });
    expect(paragraphs(a!)).toEqual([
      'The town library will open until 9 p.m. on weekdays, the librarian said on Wednesday.',
      '"Students asked for it," she said.',
    ]);
    expect(b).toMatchObject({
      entry: 1,
      source: 'Town Crier',
      published: '2025-02',
      datePrecision: 'month',
      url: null,
    });
  });

  it('JSON without a date field: the dateline day in the copyright year, never the file time', () => {
    const json = JSON.stringify({
      title: 'Harbour levy starts',
      copyright: '© 2025 Town Crier',
      body: 'EASTPORT, March 3 — The harbour levy took effect on Monday, the board said.\n\nShips paid it.',
    });
    const out = parseArticleText('levy.json', json, { mtime });
    expect(out.ok && out.articles[0]).toMatchObject({ published: '2025-03-03', datePrecision: 'day' });
  });

  it('an all-numeric date reads day first in a text that spells the British way', () => {
    const page = (spelling: string) =>
      `Harbour news\n\nBy staff  |  11/07/2024 19:40\n\nThe harbour board ${spelling} the new cruise levy on Thursday and said it would be reviewed next year by the council.\n`;
    const date = (text: string) => {
      const out = parseArticleText('p.txt', text, { mtime });
      return out.ok ? out.articles[0]?.published : null;
    };
    expect(date(page('criticised the licence fee and'))).toBe('2024-07-11');
    expect(date(page('criticized the license fee and'))).toBe('2024-11-07');
    // A date that can only be one way reads that way.
    expect(date(page('announced').replace('11/07/2024', '25/07/2024'))).toBe('2024-07-25');
  });

  it('JSON: a source written as an object gives its name; one without a name is refused by field', () => {
    const item = (source: unknown) =>
      JSON.stringify({
        title: 'Port deal signed',
        published: '2025-03-04',
        source,
        body: 'The port deal was signed on Tuesday.',
      });
    const out = parseArticleText('s.json', item({ name: 'Harbour Wire', domain: 'harbour.example' }));
    expect(out.ok && out.articles[0]?.source).toBe('Harbour Wire');
    const bad = parseArticleText('s.json', item({ domain: 'harbour.example' }));
    expect(!bad.ok && bad.reason).toMatch(/^article: source: /);
  });

  it('JSON: an invalid entry names the entry and the field', () => {
    const out = parseArticleText('bad.json', readFileSync(fixture('bad-entry.json'), 'utf8'));
    expect(!out.ok && out.reason).toMatch(/^entry 1: title: .*expected string/);
    expect(parseArticleText('x.json', '{"title": "x"').ok).toBe(false);
  });
});

describe('headline kept verbatim with its offset (headlines are attributions too)', () => {
  const headlineOf = (file: string, text: string) => {
    const out = parseArticleText(file, text, { mtime });
    if (!out.ok || !out.articles[0]) throw new Error(out.ok ? 'no article' : out.reason);
    return out.articles[0].headline;
  };

  it('txt: the headline line after site furniture, as it stands in the file', () => {
    const text =
      'Harbour Gazette\n\nPort chief: canal toll will  rise  \n\nThe port chief said on Monday that the canal toll would rise next spring, citing repair costs.\n';
    const h = headlineOf('port.txt', text);
    expect(h?.text).toBe('Port chief: canal toll will  rise');
    expect(text.slice(h!.start, h!.start + h!.text.length)).toBe(h!.text);
  });

  it('markdown: the # heading without its marks; none when front matter names the title', () => {
    const text =
      '# Growers say frost  cut the apple harvest #\n\nApple growers said on Friday that a late frost cut the harvest by a third this year.\n';
    const h = headlineOf('apples.md', text);
    expect(h?.text).toBe('Growers say frost  cut the apple harvest');
    expect(text.slice(h!.start, h!.start + h!.text.length)).toBe(h!.text);
    const withFrontMatter = `---\ntitle: Frost and apples\n---\n${text}`;
    expect(headlineOf('apples.md', withFrontMatter)).toBeNull();
  });

  it('JSON and HTML: the title when it stands verbatim in the file; none when escaped', () => {
    const json = JSON.stringify({
      title: 'Growers say frost cut the apple harvest',
      published: '2025-05-02',
      body: 'Apple growers said on Friday that a late frost cut the harvest by a third this year.',
    });
    const h = headlineOf('apples.json', json);
    expect(h && json.slice(h.start, h.start + h.text.length)).toBe('Growers say frost cut the apple harvest');
    const html =
      '<html><head><title>Growers &amp; pickers say frost cut the harvest</title></head><body><article><h1>Growers &amp; pickers say frost cut the harvest</h1><p>Apple growers said on Friday that a late frost cut the harvest by a third this year, and pickers agreed.</p></article></body></html>';
    expect(headlineOf('apples.html', html)).toBeNull();
  });
});
