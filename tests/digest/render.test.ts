import { describe, expect, it } from 'vitest';
import { SubscriberList } from '../../src/config/schema.js';
import { loadWatchlist } from '../../src/config/watchlist.js';
import {
  formatDate,
  formatInstant,
  kindLabel,
  articleLine,
  httpUrl,
  plural,
  polarityLabel,
  sideHeading,
  sourceLink,
  wrap,
} from '../../src/digest/helpers.js';
import { buildDigest } from '../../src/digest/model.js';
import { renderDigest } from '../../src/digest/render.js';
import type { Change, ChangeSide, TimelinePoint } from '../../src/model.js';
import { GUESSED_CONFIDENCE, UNSUBSCRIBE_PLACEHOLDER } from '../../src/model.js';
import type { StoredArticle } from '../../src/store/types.js';

const watchlist = loadWatchlist();
/** A fixed "now": the new-voice window (30 days by default) is counted back from it. */
const NOW = new Date('2026-03-02T07:00:00Z');
const list = SubscriberList.parse({ id: 'desk', name: 'Foreign desk', subscribers: ['a@example.org'] });

function side(over: Partial<ChangeSide>): ChangeSide {
  return {
    polarity: 'opposes',
    mixed: false,
    published: '2024-01-26',
    datePrecision: 'day',
    claim: 'a claim',
    speaker: 'U.S. officials',
    evidence: 'U.S. officials said the overture was a ploy.',
    reported: 'indirect',
    relayer: null,
    confidence: 0.6,
    articleId: 1,
    file: '/srv/feeds/a.txt',
    url: null,
    title: 'Early article',
    source: 'Wire',
    ...over,
  };
}
const article = (id: number, storedAt: string): StoredArticle => ({
  id,
  version: 1,
  file: `/srv/feeds/${id}.txt`,
  entry: 0,
  url: id === 2 ? 'https://news.example/later' : null,
  title: `Article ${id}`,
  source: 'Wire',
  byline: null,
  published: id === 1 ? '2024-01-26' : '2026',
  datePrecision: id === 1 ? 'day' : 'year',
  contentHash: String(id),
  storedAt,
  current: true,
  positionCount: 1,
});
const point = (s: ChangeSide): TimelinePoint => ({ ...s, sources: 1, articleIds: [s.articleId] });
/** A change whose path is just its two ends (or its one statement). */
const withPath = (c: Omit<Change, 'timeline'>): Change => ({
  ...c,
  timeline: c.before ? [point(c.before), point(c.after)] : [point(c.after)],
});
const articles = [
  article(1, '2026-01-01T00:00:00.000Z'),
  article(2, '2026-02-01T00:00:00.000Z'),
  article(3, '2026-03-01T00:00:00.000Z'),
];
const reversal: Change = withPath({
  actor: 'united-states',
  topic: 'peace-talks',
  kind: 'reversed',
  before: side({}),
  after: side({
    polarity: 'supports',
    published: '2026',
    datePrecision: 'year',
    evidence: 'The U.S. wants the talks finished by June.',
    articleId: 2,
    url: 'https://news.example/later',
    title: 'Later article',
  }),
  confidence: 0.6,
});
const voice = (actor: string, articleId: number): Change =>
  withPath({
    actor,
    topic: 'peace-talks',
    kind: 'new',
    before: null,
    after: side({
      articleId,
      published: '2026',
      datePrecision: 'year',
      speaker: `${actor} official`,
      evidence: `${actor} doubts the talks.`,
    }),
    confidence: 0.6,
  });

/** One change rendered for the list, both parts. */
const renderOne = (change: Change) =>
  renderDigest(
    buildDigest({
      list,
      changes: [change],
      articles,
      watchlist,
      since: '2024-01-01',
      storedAfter: null,
      generatedAt: NOW,
    }),
    { format: 'html+text' },
  );

describe('helpers', () => {
  it('format dates by precision and instants by time zone', () => {
    expect(formatDate('2024-01-26', 'day')).toBe('26 January 2024');
    expect(formatDate('2024-01', 'month')).toBe('January 2024');
    expect(formatDate('2026', 'year')).toBe('2026');
    expect(formatDate(null, 'unknown')).toBe('undated');
    expect(formatInstant('2026-01-05T07:30:00Z', 'Europe/Berlin')).toBe('5 January 2026, 08:30 CET');
  });
  it('label polarity and kinds, pluralise, wrap, and show file names only', () => {
    expect(polarityLabel('conditional')).toBe('open only on conditions');
    expect(kindLabel('unchanged')).toBe('Restated');
    expect([plural(1, 'change'), plural(3, 'change')]).toEqual(['1 change', '3 changes']);
    expect(wrap('one two three four five six', 10, '  ').split('\n')).toEqual([
      'one two',
      '  three',
      '  four',
      '  five six',
    ]);
    expect(sourceLink(null, '/srv/feeds/a.txt')).toBe('a.txt');
    expect(sourceLink('https://x.example/a', '/srv/a.txt')).toBe('https://x.example/a');
  });
  it('build the text headings, and only pass http(s) URLs on as links', () => {
    expect(
      sideHeading(side({ speaker: 'Putin', reported: 'alleged', polarity: 'conditional', mixed: true })),
    ).toBe('26 January 2024: Putin (reported/alleged), open only on conditions (mixed statements)');
    expect(
      sideHeading(
        side({
          speaker: 'United States',
          reported: 'relayed',
          relayer: 'Volodymyr Zelenskyy',
          polarity: 'supports',
        }),
      ),
    ).toBe('26 January 2024: United States, per Volodymyr Zelenskyy, supports');
    expect(articleLine('2024-01', 'month', 'A title', 'Wire')).toBe('January 2024: A title (Wire)');
    expect(httpUrl('javascript:alert(1)')).toBe('');
    expect(httpUrl('https://news.example/a?b=1')).toBe('https://news.example/a?b=1');
  });
});

describe('digest model', () => {
  it('says what changed in the subject and sorts sections', () => {
    const model = buildDigest({
      list,
      changes: [reversal, voice('estonia', 3), voice('poland', 3)],
      articles,
      watchlist,
      since: '2024-01-01',
      storedAfter: null,
      generatedAt: new Date('2026-03-02T07:00:00Z'),
    });
    expect(model.subject).toBe(
      '[Foreign desk] United States reversed on Peace talks; 2 new voices (Estonia, Poland)',
    );
    expect(model.changed).toHaveLength(1);
    expect(model.newVoices.map((v) => v.actorName)).toEqual(['Estonia', 'Poland']);
    expect(model.coveredUntil).toBe('2026-03-01T00:00:00.000Z');
  });

  it('shows no guessed stance: a pair whose latest word is a guess is left out, one a guess only echoes is new', () => {
    const guess = { confidence: GUESSED_CONFIDENCE };
    // Poland: only a guess, no stance word anywhere.
    const guessedVoice = withPath({
      actor: 'poland',
      topic: 'peace-talks',
      kind: 'new',
      before: null,
      after: side({ ...guess, published: '2026', datePrecision: 'year', articleId: 3 }),
      confidence: GUESSED_CONFIDENCE,
    });
    // Estonia: a stance stated in 2026, "echoed" by a guess in 2024 (compare calls it unchanged).
    const echoed = withPath({
      actor: 'estonia',
      topic: 'peace-talks',
      kind: 'unchanged',
      before: side({ ...guess, polarity: 'supports', evidence: 'Estonia mentioned the talks.' }),
      after: side({
        polarity: 'supports',
        published: '2026',
        datePrecision: 'year',
        evidence: 'Estonia backs the talks.',
        articleId: 3,
        confidence: 0.7,
      }),
      confidence: GUESSED_CONFIDENCE,
    });
    const model = buildDigest({
      list,
      changes: [reversal, guessedVoice, echoed],
      articles,
      watchlist,
      since: '2024-01-01',
      storedAfter: null,
      generatedAt: new Date('2026-03-02T07:00:00Z'),
    });
    expect(model.subject).toBe('[Foreign desk] United States reversed on Peace talks; 1 new voice (Estonia)');
    expect(model.restated).toEqual([]);
    const r = renderDigest(model, { format: 'html+text' });
    expect(r.text).not.toMatch(/Poland|Possible|mentioned the talks/);
    expect(r.text).toContain('Estonia backs the talks.');
  });

  it('names the first articles that gave no position and counts the rest', () => {
    const silent = Array.from({ length: 25 }, (_, i) => ({
      ...article(100 + i, '2026-02-15T00:00:00.000Z'),
      positionCount: 0,
    }));
    const model = buildDigest({
      list,
      changes: [reversal],
      articles: [...articles, ...silent],
      watchlist,
      since: '2024-01-01',
      storedAfter: null,
      generatedAt: NOW,
    });
    expect([model.silentArticles.length, model.silentCount, model.silentMore]).toEqual([10, 25, 15]);
    const r = renderDigest(model, { format: 'html+text' });
    expect(r.text).toContain('NO POSITIONS FOUND IN 25 ARTICLES');
    expect(r.text).toContain('and 15 more');
    expect(r.html).toMatch(/No positions found in 25 articles: .*Article 100.* and 15 more<\/p>/);
    expect(r.html).not.toContain('Article 124');
  });

  it('applies the list filters and, for a scheduled digest, only what arrived since the last one', () => {
    const polandOnly = SubscriberList.parse({ ...list, filters: { actors: ['poland'] } });
    const m1 = buildDigest({
      list: polandOnly,
      changes: [reversal, voice('poland', 3)],
      articles,
      watchlist,
      since: '2024-01-01',
      storedAfter: null,
      generatedAt: NOW,
    });
    expect(m1.changeCount).toBe(1);
    const m2 = buildDigest({
      list,
      changes: [reversal, voice('poland', 3)],
      articles,
      watchlist,
      since: '2024-01-01',
      storedAfter: '2026-02-15T00:00:00.000Z',
      generatedAt: NOW,
    });
    expect(m2.changed).toHaveLength(0);
    expect(m2.newVoices).toHaveLength(1);
    const empty = buildDigest({
      list,
      changes: [],
      articles,
      watchlist,
      since: '2024-01-01',
      storedAfter: null,
      generatedAt: NOW,
    });
    expect(empty.subject).toBe('[Foreign desk] No changes in stated positions');
    expect(empty.empty).toBe(true);
  });

  it('words the subject for one change, several changes, one new voice and only restatements', () => {
    const build = (changes: Change[]) =>
      buildDigest({
        list,
        changes,
        articles,
        watchlist,
        since: '2024-01-01',
        storedAfter: null,
        generatedAt: NOW,
      }).subject;
    const shift: Change = { ...reversal, actor: 'russia', kind: 'shifted' };
    const restatement: Change = { ...reversal, kind: 'unchanged', before: reversal.after };
    expect(build([reversal, shift])).toBe(
      '[Foreign desk] United States reversed on Peace talks and 1 more change',
    );
    expect(build([voice('poland', 3)])).toBe('[Foreign desk] New voice: Poland on Peace talks');
    expect(build([restatement])).toBe('[Foreign desk] 1 position restated');
    // Kinds and topics filters: a list that only wants reversals on another topic gets nothing.
    const narrow = SubscriberList.parse({
      ...list,
      filters: { topics: ['sanctions'], kinds: ['reversed'] },
    });
    const model = buildDigest({
      list: narrow,
      changes: [reversal, { ...reversal, topic: 'sanctions', kind: 'shifted' }],
      articles,
      watchlist,
      since: '2024-01-01',
      storedAfter: null,
      generatedAt: NOW,
    });
    expect(model.empty).toBe(true);
  });

  it('gives the same digest the same id, whenever it is built', () => {
    const a = renderDigest(
      buildDigest({
        list,
        changes: [reversal],
        articles,
        watchlist,
        since: '2024-01-01',
        storedAfter: null,
        generatedAt: new Date('2026-01-01'),
      }),
      { format: 'text' },
    );
    const b = renderDigest(
      buildDigest({
        list,
        changes: [reversal],
        articles,
        watchlist,
        since: '2024-01-01',
        storedAfter: null,
        generatedAt: new Date('2026-05-01'),
      }),
      { format: 'text' },
    );
    const c = renderDigest(
      buildDigest({
        list,
        changes: [reversal, voice('poland', 3)],
        articles,
        watchlist,
        since: '2024-01-01',
        storedAfter: null,
        generatedAt: new Date('2026-05-01'),
      }),
      { format: 'text' },
    );
    expect(a.id).toBe(b.id);
    expect(c.id).not.toBe(a.id);
  });
});

describe('render', () => {
  const hostile = '<script>alert(1)</script> and "><img src=x onerror=alert(1)>';
  const attack: Change = withPath({
    ...reversal,
    after: { ...reversal.after, evidence: `He said ${hostile}`, speaker: '<b>Mallory</b>' },
  });
  const rendered = renderDigest(
    buildDigest({
      list,
      changes: [attack, voice('poland', 3)],
      articles,
      watchlist,
      since: '2024-01-01',
      storedAfter: null,
      generatedAt: new Date('2026-03-02T07:00:00Z'),
    }),
    { format: 'html+text' },
  );

  it('shows then and now with dates, speakers, stances, quotes and links in both parts', () => {
    for (const part of [rendered.text, rendered.html ?? '']) {
      expect(part).toContain('U.S. officials said the overture was a ploy.');
      expect(part).toContain('26 January 2024');
      expect(part).toContain('https://news.example/later');
      // The article's title names it; a server's file name means nothing to a reader.
      expect(part).toContain('Early article');
      expect(part).not.toContain('a.txt');
      expect(part).toContain(UNSUBSCRIBE_PLACEHOLDER);
    }
    expect(rendered.text).toMatch(/THEN 26 January 2024: U\.S\. officials, dismisses the talks/);
    expect(rendered.text).toMatch(/NOW {2}2026: .*wants talks now/);
    expect(rendered.html).toMatch(/Then · 26 January 2024/);
  });

  it('escapes article text in the HTML: a quote with markup shows as text', () => {
    const html = rendered.html ?? '';
    expect(html).not.toContain('<script>');
    expect(html).not.toMatch(/<img[^>]*onerror/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(html).toContain('&lt;b&gt;Mallory&lt;/b&gt;');
    // Without a URL the file name is named, not linked (a relative href would go nowhere).
    expect(html).not.toMatch(/href="[^"]*a\.txt"/);
    expect(html).not.toContain('/srv/feeds');
    // The text part is plain text: the quote as written, nothing escaped.
    expect(rendered.text.replace(/\s+/g, ' ')).toContain(hostile);
  });

  it('is email-safe HTML: inlined styles, dark-mode rules kept, no scripts; text-only lists get no HTML', () => {
    const html = rendered.html ?? '';
    expect(html).toMatch(/<td[^>]+style="[^"]*padding/);
    expect(html).toContain('prefers-color-scheme: dark');
    expect(html).toContain('name="color-scheme"');
    // Outlook (Word) ignores max-width: only it gets a fixed 600 px table around the content.
    expect(html).toMatch(/<!--\[if mso\]><table[^>]*width="600"[^>]*><tr><td><!\[endif\]-->/);
    expect(html).toMatch(/<div class="wrap" style="max-width: 600px;/);
    const textOnly = renderDigest(
      buildDigest({
        list: SubscriberList.parse({ ...list, format: 'text' }),
        changes: [reversal],
        articles,
        watchlist,
        since: '2024-01-01',
        storedAfter: null,
        generatedAt: NOW,
      }),
      { format: 'text' },
    );
    expect(textOnly.html).toBeNull();
    expect(textOnly.text).toContain('The U.S. wants the talks finished by June.');
  });

  it('labels an alleged statement as reported/alleged in both parts', () => {
    const alleged: Change = withPath({
      ...voice('russia', 1),
      after: side({
        published: '2026',
        datePrecision: 'year',
        speaker: 'Putin',
        reported: 'alleged',
        evidence: 'Putin allegedly said so.',
      }),
    });
    const r = renderOne(alleged);
    expect(r.text).toContain('Putin (reported/alleged)');
    expect(r.html).toContain('Putin (reported/alleged)');
  });

  it("words stances in the topic's own labels and shows who relayed a position, in both parts", () => {
    const land: Change = withPath({
      actor: 'russia',
      topic: 'territory',
      kind: 'new',
      before: null,
      after: side({
        polarity: 'supports',
        speaker: 'Russia',
        reported: 'relayed',
        relayer: 'Volodymyr Zelensky',
        evidence: 'Zelensky said Moscow still wants all of Donetsk.',
        published: '2026-02-20',
      }),
      confidence: 0.6,
    });
    const r = renderOne(land);
    for (const part of [r.text, r.html ?? '']) {
      const flat = part.replace(/\s+/g, ' ');
      expect(flat).toContain('wants Ukraine to cede land');
      expect(flat).toContain('Russia, per Volodymyr Zelensky');
    }
    // the topic's definition is a footnote in HTML
    expect(r.html).toMatch(/<strong>Territory<\/strong>: Ukraine ceding or recognising the loss of land/);
  });

  it('wraps the prose of the text part at 72 columns', () => {
    const long = 'The delegation said that talks would continue '.repeat(6).trim();
    const t = renderDigest(
      buildDigest({
        list,
        changes: [withPath({ ...reversal, after: { ...reversal.after, evidence: long, speaker: long } })],
        articles,
        watchlist,
        since: '2024-01-01',
        storedAfter: null,
        generatedAt: NOW,
      }),
      { format: 'text' },
    ).text;
    const lines = t.split('\n').filter((l) => !/https?:\/\//.test(l));
    expect(lines.filter((l) => l.length > 72)).toEqual([]);
    expect(t.replace(/\s+/g, ' ')).toContain(long);
  });
});
