// Fault matrix, feed side (issue 13, items 7 and 8): feeds served by a real HTTP server on 127.0.0.1 in
// legacy and wide charsets (declared by the HTTP Content-Type, the XML declaration, a BOM, or wrongly),
// with relative links, marked-up titles and dates in named zones and dcterms. Every fixture is generated
// here with iconv-lite from known text, and the decoded titles and bodies must equal that text.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedSource } from '../../src/config/schema.js';
import { fetchFeed } from '../../src/ingest/feeds.js';

interface Served {
  body: Buffer;
  contentType: string;
}
const routes = new Map<string, Served>();
let server: Server;
let base = '';
const clock = () => new Date('2026-12-07T12:00:00Z');
const opts = { now: clock, userAgent: 'stancewatch-test/1' };

function source(path: string, extra: Partial<FeedSource> = {}): FeedSource {
  return {
    type: 'feed',
    id: path.replace(/\W/g, '-'),
    url: `${base}${path}`,
    fetchPages: false,
    timeoutMs: 5000,
    maxBytes: 1024 * 1024,
    maxRedirects: 2,
    allowPrivateNetwork: false,
    ...extra,
  };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const r = routes.get(req.url ?? '');
    if (!r) {
      res.statusCode = 404;
      return void res.end('nope');
    }
    res.setHeader('content-type', r.contentType);
    res.end(r.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Known text per language: a title and a body sentence. */
const TEXT = {
  fr: ['Café « crème » à Genève', 'Le conseil du port a approuvé lundi le plan de la nouvelle jetée, déjà voté en été.'],
  cp1252: ['Café “crème” — déjà vu', 'Le conseil du port a dit “oui” lundi — une décision attendue depuis des années.'],
  euro: ['Prix en € pour une œuvre', 'Le musée a payé 3 000 € pour une œuvre que personne ne voulait voir.'],
  pl: ['Zażółć gęślą jaźń w Łodzi', 'Rada portu w Łodzi zatwierdziła w poniedziałek plan nowego nabrzeża.'],
  cz: ['Přístav otevře nové molo', 'Rada přístavu v pondělí schválila plán nového mola, řekla předsedkyně.'],
  ru: ['Совет гавани одобрил причал', 'Совет гавани в понедельник одобрил план нового причала после долгих споров.'],
  uk: ['Рада гавані схвалила ґанок', 'Рада гавані в понеділок схвалила план нового причалу та ґанку.'],
  el: ['Το λιμενικό συμβούλιο ψήφισε', 'Το λιμενικό συμβούλιο ενέκρινε τη Δευτέρα το σχέδιο της νέας προβλήτας.'],
  tr: ['Liman kurulu iskeleyi onayladı', 'İstanbul liman kurulu pazartesi günü yeni iskele planını onayladı.'],
  he: ['ועדת הנמל אישרה מזח חדש', 'ועדת הנמל אישרה ביום שני את התוכנית למזח החדש.'],
  ar: ['مجلس الميناء يوافق على رصيف جديد', 'وافق مجلس الميناء يوم الاثنين على خطة الرصيف الجديد.'],
  th: ['คณะกรรมการท่าเรืออนุมัติท่าใหม่', 'คณะกรรมการท่าเรืออนุมัติแผนท่าเทียบเรือใหม่เมื่อวันจันทร์'],
  ja: ['港湾委員会が新桟橋を承認', '港湾委員会は月曜日、新しい桟橋を来年の春に開くと発表した。'],
  zhs: ['港口委员会批准新码头', '港口委员会周一表示，新码头将于明年春天开放。'],
  zht: ['港口委員會批准新碼頭', '港口委員會週一表示，新碼頭將於明年春天開放。'],
  ko: ['항만 위원회 새 부두 승인', '항만 위원회는 월요일 새 부두 계획을 승인했다.'],
} as const;

type Via = 'xml' | 'http' | 'both';
interface Case {
  charset: string;
  text: keyof typeof TEXT;
  via: Via;
}

// 22 single-byte and CJK charsets, declared in the XML declaration, the HTTP header or both.
const LEGACY: Case[] = [
  { charset: 'windows-1252', text: 'cp1252', via: 'xml' },
  { charset: 'iso-8859-1', text: 'fr', via: 'http' },
  { charset: 'iso-8859-15', text: 'euro', via: 'both' },
  { charset: 'iso-8859-2', text: 'pl', via: 'xml' },
  { charset: 'windows-1250', text: 'cz', via: 'http' },
  { charset: 'iso-8859-5', text: 'ru', via: 'xml' },
  { charset: 'windows-1251', text: 'ru', via: 'http' },
  { charset: 'koi8-r', text: 'ru', via: 'xml' },
  { charset: 'koi8-u', text: 'uk', via: 'http' },
  { charset: 'iso-8859-7', text: 'el', via: 'xml' },
  { charset: 'windows-1253', text: 'el', via: 'http' },
  { charset: 'iso-8859-9', text: 'tr', via: 'both' },
  { charset: 'iso-8859-8', text: 'he', via: 'xml' },
  { charset: 'windows-1256', text: 'ar', via: 'http' },
  { charset: 'tis-620', text: 'th', via: 'xml' },
  { charset: 'shift_jis', text: 'ja', via: 'xml' },
  { charset: 'euc-jp', text: 'ja', via: 'http' },
  { charset: 'gb2312', text: 'zhs', via: 'xml' },
  { charset: 'gbk', text: 'zhs', via: 'http' },
  { charset: 'gb18030', text: 'zhs', via: 'both' },
  { charset: 'big5', text: 'zht', via: 'xml' },
  { charset: 'euc-kr', text: 'ko', via: 'http' },
];

function rss(title: string, body: string, encoding: string | null, id: string): string {
  const decl = encoding ? `<?xml version="1.0" encoding="${encoding}"?>` : '<?xml version="1.0"?>';
  return `${decl}
<rss version="2.0"><channel><title>${title}</title><link>${base}/</link><description>d</description>
<item><title>${title}</title><link>${base}/story/${id}</link><guid>${id}</guid>
<pubDate>Mon, 06 Jan 2025 10:00:00 GMT</pubDate><description>&lt;p&gt;${body}&lt;/p&gt;</description></item>
</channel></rss>`;
}

/** Serves a feed and fetches it the way the worker does; returns the item's title and body. */
async function serveAndFetch(path: string, served: Served) {
  routes.set(path, served);
  const result = await fetchFeed(source(path), null, opts);
  expect(result.error).toBeNull();
  const [a] = result.articles;
  return [a?.title, a?.body];
}

describe('fault matrix, item 8: feed charsets', () => {
  it.each(LEGACY)('$charset declared by $via decodes to the original text', async ({ charset, text, via }) => {
    const [title, body] = TEXT[text];
    const xml = rss(title, body, via === 'http' ? null : charset, charset);
    const bytes = iconv.encode(xml, charset);
    // The fixture itself must hold the text: every character is representable in this charset.
    expect(iconv.decode(bytes, charset)).toBe(xml);
    const contentType = via === 'xml' ? 'application/rss+xml' : `application/rss+xml; charset=${charset}`;
    expect(await serveAndFetch(`/legacy/${charset}`, { body: bytes, contentType })).toEqual([title, body]);
  });

  const WIDE: Array<{ name: string; charset: string; bom: boolean }> = [
    { name: 'UTF-16LE with a BOM', charset: 'utf-16le', bom: true },
    { name: 'UTF-16BE with a BOM', charset: 'utf-16be', bom: true },
    { name: 'UTF-16LE without a BOM', charset: 'utf-16le', bom: false },
    { name: 'UTF-16BE without a BOM', charset: 'utf-16be', bom: false },
    { name: 'UTF-32LE with a BOM', charset: 'utf-32le', bom: true },
    { name: 'UTF-32BE with a BOM', charset: 'utf-32be', bom: true },
  ];
  it.each(WIDE)('$name decodes (no longer rejected)', async ({ charset, bom }) => {
    const [title, body] = TEXT.ja;
    const bytes = iconv.encode(rss(title, body, 'utf-16', charset), charset, { addBOM: bom });
    const got = await serveAndFetch(`/wide/${charset}/${bom}`, { body: bytes, contentType: 'text/xml' });
    expect(got).toEqual([title, body]);
  });

  it('a BOM wins over a wrong HTTP charset', async () => {
    const [title, body] = TEXT.ru;
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rss(title, body, null, 'bom'))]);
    const got = await serveAndFetch('/bom-wins', { body: bytes, contentType: 'text/xml; charset=iso-8859-1' });
    expect(got).toEqual([title, body]);
  });

  it('the HTTP charset wins over the XML declaration (RFC 7303)', async () => {
    const [title, body] = TEXT.ru;
    const bytes = iconv.encode(rss(title, body, 'iso-8859-1', 'http-wins'), 'windows-1251');
    const got = await serveAndFetch('/http-wins', { body: bytes, contentType: 'text/xml; charset=windows-1251' });
    expect(got).toEqual([title, body]);
  });

  it('a UTF-8 feed under a stale charset=iso-8859-1 header and declaration stays UTF-8 (no mojibake)', async () => {
    const [title, body] = TEXT.fr;
    const bytes = Buffer.from(rss(title, body, 'iso-8859-1', 'stale'));
    const got = await serveAndFetch('/stale-label', { body: bytes, contentType: 'text/xml; charset=iso-8859-1' });
    expect(got).toEqual([title, body]);
  });

  it('a fetched page is decoded by its <meta charset> when the server says nothing', async () => {
    const [title, body] = TEXT.ja;
    routes.set('/sjis-page', {
      contentType: 'text/html',
      body: iconv.encode(
        `<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><title>${title}</title></head><body><article><p>${body}</p><p>${body}</p></article></body></html>`,
        'shift_jis',
      ),
    });
    routes.set('/sjis-feed.xml', {
      contentType: 'application/rss+xml',
      body: Buffer.from(
        `<?xml version="1.0"?><rss version="2.0"><channel><title>J</title><link>${base}/</link><description>d</description><item><title>${title}</title><link>/sjis-page</link><guid>j1</guid></item></channel></rss>`,
      ),
    });
    const result = await fetchFeed(source('/sjis-feed.xml', { fetchPages: true, allowPrivateNetwork: true }), null, opts);
    expect(result.problems).toEqual([]);
    expect(result.articles.map((a) => [a.title, a.body])).toEqual([[title, `${body}\n\n${body}`]]);
  });

  it('ISO-2022-JP (7-bit, stateful) is decoded by its label, not taken for ASCII', async () => {
    const [title, body] = TEXT.ja;
    const xml = rss(title, body, 'iso-2022-jp', 'jis');
    // iconv-lite cannot encode ISO-2022-JP; build it by hand from EUC-JP (JIS X 0208 rows are EUC minus 0x80).
    // Runs of Japanese are switched in and out once each (WHATWG treats back-to-back escapes as an error).
    const parts = xml.split(/([^\p{ASCII}]+)/u).map((run, i) => {
      if (i % 2 === 0) return Buffer.from(run, 'ascii');
      const jis = [...iconv.encode(run, 'euc-jp')].map((b) => b & 0x7f);
      return Buffer.from([0x1b, 0x24, 0x42, ...jis, 0x1b, 0x28, 0x42]);
    });
    const got = await serveAndFetch('/iso-2022-jp', { body: Buffer.concat(parts), contentType: 'text/xml' });
    expect(got).toEqual([title, body]);
  });

  it('a server that claims UTF-8 for a KOI8-R feed: the XML declaration is used', async () => {
    const [title, body] = TEXT.ru;
    const bytes = iconv.encode(rss(title, body, 'koi8-r', 'lie'), 'koi8-r');
    const got = await serveAndFetch('/utf8-lie', { body: bytes, contentType: 'text/xml; charset=utf-8' });
    expect(got).toEqual([title, body]);
  });
});

describe('fault matrix, item 8: links and titles', () => {
  it('relative item links resolve against the feed URL and xml:base, and their pages are fetched', async () => {
    const page = (what: string) =>
      Buffer.from(
        `<html><head><title>${what}</title></head><body><article><p>The harbour council said on Monday that the ${what} would open in the spring, after years of delay.</p></article></body></html>`,
      );
    routes.set('/news/story-1', { body: page('pier'), contentType: 'text/html' });
    routes.set('/story-2', { body: page('ferry terminal'), contentType: 'text/html' });
    routes.set('/base/sub/rel/3', { body: page('lighthouse'), contentType: 'text/html' });
    routes.set('/news/feed.xml', {
      contentType: 'application/rss+xml',
      body: Buffer.from(`<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour</title><link>${base}/</link><description>d</description>
<item><title>Pier</title><link>story-1</link><guid>s1</guid><pubDate>Mon, 06 Jan 2025 10:00:00 GMT</pubDate></item>
<item><title>Ferry</title><link>/story-2</link><guid>s2</guid><pubDate>Mon, 06 Jan 2025 10:00:00 GMT</pubDate></item>
</channel></rss>`),
    });
    routes.set('/atom.xml', {
      contentType: 'application/atom+xml',
      body: Buffer.from(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="${base}/base/"><title>Harbour</title><id>h</id><updated>2025-01-06T10:00:00Z</updated>
<entry xml:base="sub/"><title>Lighthouse</title><id>s3</id><link href="rel/3"/><updated>2025-01-06T10:00:00Z</updated></entry>
</feed>`),
    });
    // The test server is on loopback, so this source allows its private network (the guard is tested in ssrf.test.ts).
    const withPages = { fetchPages: true, allowPrivateNetwork: true };
    const rssResult = await fetchFeed(source('/news/feed.xml', withPages), null, opts);
    const atomResult = await fetchFeed(source('/atom.xml', withPages), null, opts);
    const got = [...rssResult.articles, ...atomResult.articles].map((a) => [a.url, a.body.split(',')[0]]);
    expect([...rssResult.problems, ...atomResult.problems]).toEqual([]);
    expect(got).toEqual([
      [`${base}/news/story-1`, 'The harbour council said on Monday that the pier would open in the spring'],
      [`${base}/story-2`, 'The harbour council said on Monday that the ferry terminal would open in the spring'],
      [`${base}/base/sub/rel/3`, 'The harbour council said on Monday that the lighthouse would open in the spring'],
    ]);
  });

  it('titles are plain text: markup dropped, entities decoded, a literal <tag> kept', async () => {
    routes.set('/titles.xml', {
      contentType: 'application/rss+xml',
      body: Buffer.from(`<?xml version="1.0"?><rss version="2.0"><channel><title>Fish &amp;amp; chips</title><link>${base}/</link><description>d</description>
<item><title>History of the &amp;lt;blink&amp;gt; tag</title><guid>t1</guid><description>One.</description></item>
<item><title><![CDATA[<b>Bold</b> move &amp; more]]></title><guid>t2</guid><description>Two.</description></item>
<item><title>Tabs   and
 newlines</title><guid>t3</guid><description>Three.</description></item>
</channel></rss>`),
    });
    routes.set('/titles.atom', {
      contentType: 'application/atom+xml',
      body: Buffer.from(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title type="html">Harbour &lt;em&gt;news&lt;/em&gt;</title><id>h</id><updated>2025-01-06T10:00:00Z</updated>
<entry><title type="html">History of the &amp;lt;blink&amp;gt; tag</title><id>a1</id><updated>2025-01-06T10:00:00Z</updated><content>One.</content></entry>
<entry><title type="text">Fish &amp;amp; chips &lt;3</title><id>a2</id><updated>2025-01-06T10:00:00Z</updated><content>Two.</content></entry>
</feed>`),
    });
    const r = await fetchFeed(source('/titles.xml'), null, opts);
    const a = await fetchFeed(source('/titles.atom'), null, opts);
    expect(r.articles.map((x) => x.title)).toEqual([
      'History of the <blink> tag',
      'Bold move & more',
      'Tabs and newlines',
    ]);
    expect(r.articles[0]?.source).toBe('Fish & chips');
    expect(a.articles.map((x) => x.title)).toEqual(['History of the <blink> tag', 'Fish &amp; chips <3']);
    expect(a.articles[0]?.source).toBe('Harbour news');
  });
});

describe('fault matrix, item 7: feed dates', () => {
  it('RFC 822 named zones, two-digit years and dcterms:issued/created/modified give a date; the future does not', async () => {
    const item = (id: string, date: string) =>
      `<item><title>Item ${id}</title><guid>${id}</guid><description>Text ${id}.</description>${date}</item>`;
    routes.set('/dates.xml', {
      contentType: 'application/rss+xml',
      body: Buffer.from(`<?xml version="1.0"?><rss version="2.0" xmlns:dcterms="http://purl.org/dc/terms/"><channel><title>D</title><link>${base}/</link><description>d</description>
${item('met', '<pubDate>Tue, 07 Jan 2025 09:00:00 MET</pubDate>')}
${item('est', '<pubDate>Tue, 07 Jan 2025 23:00:00 EST</pubDate>')}
${item('pt', '<pubDate>Tue, 7 Jan 25 09:00 PT</pubDate>')}
${item('offset', '<pubDate>Mon, 06 Jan 2025 23:30:00 -0500</pubDate>')}
${item('issued', '<dcterms:issued>2025-01-08</dcterms:issued>')}
${item('created', '<dcterms:created>2025-01-09T10:00:00+01:00</dcterms:created>')}
${item('modified', '<dcterms:modified>2025-01-10</dcterms:modified>')}
${item('typo', '<pubDate>Wed, 08 Jan 2099 10:00:00 GMT</pubDate>')}
${item('typo-then-issued', '<pubDate>Wed, 08 Jan 2031 10:00:00 GMT</pubDate><dcterms:issued>2025-01-11</dcterms:issued>')}
</channel></rss>`),
    });
    const result = await fetchFeed(source('/dates.xml'), null, opts);
    expect(result.articles.map((a) => [a.title, a.published])).toEqual([
      ['Item met', '2025-01-07'],
      ['Item est', '2025-01-07'],
      ['Item pt', '2025-01-07'],
      // 23:30 in New York is the 6th there (04:30 UTC on the 7th): the day written, as for pages.
      ['Item offset', '2025-01-06'],
      ['Item issued', '2025-01-08'],
      ['Item created', '2025-01-09'],
      ['Item modified', '2025-01-10'],
      ['Item typo', null],
      ['Item typo-then-issued', '2025-01-11'],
    ]);
    const typo = result.articles.find((a) => a.title === 'Item typo');
    expect(typo?.warnings.join('\n')).toMatch(/pubDate 2099-01-08 is in the future/);
  });
});
