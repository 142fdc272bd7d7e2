// Feed fetching: one HTTP GET per feed (conditional, size- and time-limited, redirects followed by hand
// so each hop's protocol is re-checked), RSS 2.0 / Atom / JSON Feed parsed by feedsmith, items turned
// into ParsedArticles. The fetch itself is the IO edge; itemToArticle and nextBackoff are pure.
// Dedup of items happens in the store (content hash and URL): SourceState has no seen-GUID field, and
// the store already treats a known URL with the same content as `unchanged`.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { parseFeed } from 'feedsmith';
import { parseHTML } from 'linkedom';
import { z } from 'zod';
import type { FeedSource } from '../config/schema.js';
import { StancewatchError } from '../errors.js';
import type { ParsedArticle } from '../model.js';
import type { SourceState } from '../store/types.js';
import { chooseDate, parseDateValue, type DateCandidate } from './dates.js';
import { decodeBytes, type TextKind } from './decode.js';
import { hashBody, parseArticleText } from './index.js';

export interface FeedItem {
  guid: string | null;
  link: string | null;
  title: string | null;
  author: string | null;
  /** Full content as HTML, when the feed carries it. */
  contentHtml: string | null;
  summaryHtml: string | null;
  /** Date values as given by the feed, most trusted first (pubDate, dc:date, dcterms:issued …). */
  dates: Array<{ value: string; label: string }>;
}

export interface FeedFetchResult {
  /** False when the fetch or parse failed; `error` says why and `state` carries the backoff. */
  ok: boolean;
  notModified: boolean;
  articles: ParsedArticle[];
  /** Items that could not be turned into articles (page fetch failed, empty). */
  problems: Array<{ item: string; reason: string }>;
  error: string | null;
  /** The source state to store (the caller persists it with store.putSourceState). */
  state: SourceState;
}

export interface FetchOptions {
  now: () => Date;
  userAgent: string;
}

interface Limits {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
}

interface HttpResult {
  status: number;
  /** The final URL, after redirects: relative links in the body resolve against it. */
  url: string;
  headers: Headers;
  /** The body as received (after content-encoding); decodeBody turns it into text. */
  bytes: Buffer;
}

/** The response body as text, by the one decoding rule (BOM, HTTP charset, the document's declaration). */
export function decodeBody(response: HttpResult, kind: TextKind): string {
  const decoded = decodeBytes(response.bytes, {
    kind,
    declared: response.headers.get('content-type'),
    // A feed or page that is not valid UTF-8 and declares nothing is read the way browsers read it.
    fallback: 'windows-1252',
  });
  return decoded.ok ? decoded.text : '';
}

/** Base delay of the first retry after a failure; doubled per consecutive failure, capped at a day. */
const BACKOFF_BASE_MS = 60_000;
const BACKOFF_MAX_MS = 24 * 60 * 60 * 1000;

export function nextBackoff(errorCount: number, now: Date): string {
  const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, errorCount - 1));
  return new Date(now.getTime() + delay).toISOString();
}

export function emptySourceState(sourceId: string): SourceState {
  return {
    sourceId,
    etag: null,
    lastModified: null,
    lastFetchAt: null,
    lastOkAt: null,
    errorCount: 0,
    lastError: null,
    nextAttemptAt: null,
  };
}

/** Why an address must not be fetched from a feed link (loopback, private, …), or null for a public one. */
export function blockedAddressReason(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const v4 = parseIPv4(bare);
  if (v4) return blockedIPv4(v4);
  const v6 = parseIPv6(bare);
  if (!v6) return 'not an IP address';
  const zeroTo = (n: number) => v6.slice(0, n).every((g) => g === 0);
  const embedded = (): number[] => {
    const hi = v6[6] ?? 0;
    const lo = v6[7] ?? 0;
    return [hi >> 8, hi & 255, lo >> 8, lo & 255];
  };
  if (zeroTo(8)) return 'the unspecified address';
  if (zeroTo(7) && v6[7] === 1) return 'a loopback address';
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), IPv4-translated and NAT64 (64:ff9b::/96)
  // forms are judged by the IPv4 address inside.
  if (zeroTo(5) && v6[5] === 0xffff) return blockedIPv4(embedded());
  if (zeroTo(6)) return blockedIPv4(embedded());
  if (zeroTo(4) && v6[4] === 0xffff && v6[5] === 0) return blockedIPv4(embedded());
  if (v6[0] === 0x64 && v6[1] === 0xff9b && v6.slice(2, 6).every((g) => g === 0))
    return blockedIPv4(embedded());
  const first = v6[0] ?? 0;
  if (first === 0x2002) {
    // 6to4 carries an IPv4 address in its next 32 bits.
    const a = v6[1] ?? 0;
    const b = v6[2] ?? 0;
    const inner = blockedIPv4([a >> 8, a & 255, b >> 8, b & 255]);
    if (inner) return inner;
  }
  if ((first & 0xffc0) === 0xfe80) return 'a link-local address';
  if ((first & 0xffc0) === 0xfec0) return 'a site-local address';
  if ((first & 0xfe00) === 0xfc00) return 'a unique-local address';
  if ((first & 0xff00) === 0xff00) return 'a multicast address';
  return null;
}

function blockedIPv4(o: number[]): string | null {
  const [a = 0, b = 0] = o;
  if (a === 0) return 'the unspecified address';
  if (a === 127) return 'a loopback address';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'a private address';
  if (a === 169 && b === 254) return 'a link-local address';
  if (a === 100 && b >= 64 && b <= 127) return 'a shared (carrier-grade NAT) address';
  if (a === 192 && b === 0 && o[2] === 0) return 'a reserved address';
  if (a >= 224) return a < 240 ? 'a multicast address' : 'a reserved address';
  return null;
}

function parseIPv4(text: string): number[] | null {
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) return null;
  const parts = text.split('.').map(Number);
  return parts.every((p) => p <= 255) ? parts : null;
}

function parseIPv6(text: string): number[] | null {
  if (!text.includes(':')) return null;
  let head = text;
  const tail: number[] = [];
  const dotted = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (dotted?.[1]) {
    const v4 = parseIPv4(dotted[1]);
    if (!v4) return null;
    tail.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
    head = text.slice(0, -dotted[1].length);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const groups = (h: string | undefined) => (h ? h.split(':').filter((g) => g !== '') : []);
  const left = groups(halves[0]);
  const right = groups(halves[1]);
  if ([...left, ...right].some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return null;
  const fixed = [...left, ...right].length + tail.length;
  if (halves.length === 1 && fixed !== 8) return null;
  if (fixed > 8) return null;
  const zeros = halves.length === 2 ? 8 - fixed : 0;
  return [
    ...left.map((g) => parseInt(g, 16)),
    ...new Array<number>(zeros).fill(0),
    ...right.map((g) => parseInt(g, 16)),
    ...tail,
  ];
}

/** A link refused by the network guard (the message names the address kind, never the query string). */
export class RefusedAddressError extends StancewatchError {}

/** A URL without its query and fragment, for messages: links may carry tokens. */
export const redactUrl = (url: string): string => {
  if (!/^https?:\/\//i.test(url)) return url;
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return url;
  }
};

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A DNS lookup for the http agent that refuses non-public addresses: the connection goes to the address
 * that was checked (no second resolution in between), and a name with ANY non-public address is refused.
 */
function guardedLookup(url: string) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      for (const a of addresses) {
        const reason = blockedAddressReason(a.address);
        if (reason)
          return callback(
            new RefusedAddressError(
              `refused ${redactUrl(url)}: ${hostname} resolves to ${reason} (${a.address}); links in a feed may only reach public addresses (allowPrivateNetwork: true on the source allows it)`,
            ),
            [],
          );
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new StancewatchError(`${hostname} has no address`), []);
      callback(null, first.address, first.family);
    });
  };
}

/** Refuses a URL whose host is a literal non-public address (literals never reach the DNS lookup). */
function checkLiteralHost(url: URL): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!isIP(host)) return;
  const reason = blockedAddressReason(host);
  if (reason)
    throw new RefusedAddressError(
      `refused ${redactUrl(url.toString())}: ${host} is ${reason}; links in a feed may only reach public addresses (allowPrivateNetwork: true on the source allows it)`,
    );
}

/**
 * Which hops may reach non-public addresses: `any` (the source allows it), `origin` (only the configured
 * feed URL's own origin: the user chose that server), `public` (item links: public addresses only).
 */
export type NetworkPolicy = { kind: 'any' } | { kind: 'origin'; origin: string } | { kind: 'public' };

/**
 * GET with the feed's limits: manual redirects (http/https only, each hop checked against the network
 * policy after DNS resolution), a byte cap enforced while streaming (after decompression), one deadline.
 */
export async function limitedGet(
  url: string,
  limits: Limits,
  headers: Record<string, string> = {},
  policy: NetworkPolicy = { kind: 'any' },
): Promise<HttpResult> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let current = url;
  for (let hop = 0; ; hop++) {
    const parsed = new URL(current);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new StancewatchError(
        `refusing ${parsed.protocol} URL ${redactUrl(current)} (only http and https)`,
      );
    }
    const guarded = policy.kind === 'public' || (policy.kind === 'origin' && parsed.origin !== policy.origin);
    if (guarded) checkLiteralHost(parsed);
    let response: IncomingMessage;
    try {
      response = await new Promise<IncomingMessage>((resolve, reject) => {
        const request = (parsed.protocol === 'https:' ? httpsRequest : httpRequest)(
          parsed,
          {
            method: 'GET',
            signal,
            headers: {
              'user-agent': limits.userAgent,
              'accept-encoding': 'gzip, deflate, br',
              ...headers,
            },
            // A fresh connection per request: a pooled keep-alive socket would skip the lookup (and its
            // check) for a host:port an unguarded request already connected to.
            agent: false,
            ...(guarded ? { lookup: guardedLookup(current) as never } : {}),
          },
          resolve,
        );
        request.on('error', reject);
        request.end();
      });
    } catch (error) {
      if (error instanceof RefusedAddressError) throw error;
      if (error instanceof Error && error.cause instanceof RefusedAddressError) throw error.cause;
      if (signal.aborted)
        throw new StancewatchError(`timed out after ${limits.timeoutMs} ms fetching ${redactUrl(current)}`);
      throw new StancewatchError(`could not fetch ${redactUrl(current)}: ${causeOf(error)}`, {
        cause: error,
      });
    }
    const status = response.statusCode ?? 0;
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) responseHeaders.append(name, v);
    }
    if (status >= 300 && status < 400 && status !== 304) {
      const location = responseHeaders.get('location');
      response.destroy();
      if (!location) throw new StancewatchError(`${current} answered ${status} without a Location`);
      if (hop >= limits.maxRedirects)
        throw new StancewatchError(`too many redirects (more than ${limits.maxRedirects}) from ${url}`);
      current = new URL(location, current).toString();
      continue;
    }
    const bytes = await readLimited(response, responseHeaders, limits, current, signal);
    return { status, url: current, headers: responseHeaders, bytes };
  }
}

async function readLimited(
  response: IncomingMessage,
  headers: Headers,
  limits: Limits,
  url: string,
  signal: AbortSignal,
): Promise<Buffer> {
  const declared = Number(headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    response.destroy();
    throw new StancewatchError(`${url} is larger than maxBytes (${declared} > ${limits.maxBytes} bytes)`);
  }
  const encoding = (headers.get('content-encoding') ?? '').trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : null;
  const stream: Readable = decoder ? response.pipe(decoder) : response;
  if (decoder) response.on('error', (error) => decoder.destroy(error));
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const value = chunk as Buffer;
      total += value.byteLength;
      if (total > limits.maxBytes) {
        response.destroy();
        decoder?.destroy();
        throw new StancewatchError(`${url} is larger than maxBytes (more than ${limits.maxBytes} bytes)`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof StancewatchError) throw error;
    if (signal.aborted) throw new StancewatchError(`timed out after ${limits.timeoutMs} ms reading ${url}`);
    throw new StancewatchError(`could not read ${url}: ${causeOf(error)}`, { cause: error });
  }
  return Buffer.concat(chunks);
}

function causeOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}

// feedsmith returns loosely typed objects; these schemas pick out the few fields we use and tolerate
// everything else (zod for every external input).
const Text = z
  .union([z.string(), z.object({ value: z.string().optional() }).transform((v) => v.value)])
  .optional();
/** An Atom text construct with its type (`text`, `html`, `xhtml`). */
const TypedText = z
  .union([
    z.string().transform((value) => ({ value, type: 'text' })),
    z.object({ value: z.string().optional(), type: z.string().optional() }),
  ])
  .optional();
const DcTerms = z.object({
  issued: z.array(z.string()).optional(),
  created: z.array(z.string()).optional(),
  modified: z.array(z.string()).optional(),
});
const XmlBase = z.object({ base: z.string().optional() });
const RssItem = z.object({
  title: z.string().optional(),
  link: z.string().optional(),
  description: z.string().optional(),
  guid: z
    .union([z.string(), z.object({ value: z.string().optional() }).transform((v) => v.value)])
    .optional(),
  pubDate: z.string().optional(),
  authors: z.array(z.object({ name: z.string().optional() })).optional(),
  content: z.object({ encoded: z.string().optional() }).optional(),
  dc: z
    .object({ creators: z.array(z.string()).optional(), dates: z.array(z.string()).optional() })
    .optional(),
  dcterms: DcTerms.optional(),
  xml: XmlBase.optional(),
});
const AtomEntry = z.object({
  id: z.string().optional(),
  title: TypedText,
  links: z.array(z.object({ href: z.string().optional(), rel: z.string().optional() })).optional(),
  published: z.string().optional(),
  updated: z.string().optional(),
  summary: Text,
  content: Text,
  authors: z.array(z.object({ name: z.string().optional() })).optional(),
  dcterms: DcTerms.optional(),
  xml: XmlBase.optional(),
});
const JsonItem = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  url: z.string().optional(),
  title: z.string().optional(),
  content_html: z.string().optional(),
  content_text: z.string().optional(),
  summary: z.string().optional(),
  date_published: z.string().optional(),
  date_modified: z.string().optional(),
  authors: z.array(z.object({ name: z.string().optional() })).optional(),
});

type DateValues = FeedItem['dates'];

/** Date values with their labels, in the order given, skipping absent ones. */
function dateValues(pairs: Array<[string, string | undefined | null]>): DateValues {
  return pairs.flatMap(([label, value]) => (value && value.trim() ? [{ value: value.trim(), label }] : []));
}

/**
 * A link as an absolute URL: relative links resolve against the item's and the feed's `xml:base`,
 * themselves resolved against the URL the feed was fetched from. Null when it cannot be resolved.
 */
export function resolveLink(href: string | null, bases: Array<string | undefined>): string | null {
  if (!href) return null;
  let base: string | undefined;
  try {
    for (const b of bases) if (b && b.trim()) base = new URL(b.trim(), base).href;
    return new URL(href.trim(), base).href;
  } catch {
    return /^[a-z][a-z0-9+.-]*:/i.test(href) ? href.trim() : null;
  }
}

/** Markup that only HTML has: an entity, a closing tag or a void element. A bare "<blink>" is not enough. */
const HTML_SIGNS =
  /&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]{1,31});|<\/[a-z][a-z0-9]*\s*>|<(?:br|img|hr|wbr)\b[^>]*>/i;

/** Text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed. */
function htmlFragmentText(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return (document.body?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * A title as plain text. Atom says what its titles are (`type="html"`/`xhtml` or text); RSS does not,
 * so an RSS title is read as HTML only when it carries HTML's signs: "History of the &lt;blink&gt; tag"
 * becomes "History of the <blink> tag", "<b>Bold</b> news" becomes "Bold news".
 */
export function plainTitle(raw: string | null | undefined, type: 'text' | 'html' | 'guess'): string | null {
  if (!raw || !raw.trim()) return null;
  const html = type === 'html' || (type === 'guess' && HTML_SIGNS.test(raw));
  const text = html ? htmlFragmentText(raw) : raw.replace(/\s+/g, ' ').trim();
  return text || null;
}

const n = (v: string | undefined | null) => (v && v.trim() ? v.trim() : null);
const list = (raw: unknown): unknown[] => (Array.isArray(raw) ? raw : []);
const feedBase = (feed: unknown): string | undefined =>
  XmlBase.safeParse((feed as { xml?: unknown } | null)?.xml).data?.base;

function rssItems(raw: unknown, bases: Array<string | undefined>): FeedItem[] {
  return list(raw).flatMap((entry) => {
    const r = RssItem.safeParse(entry);
    if (!r.success) return [];
    const i = r.data;
    return [
      {
        guid: n(i.guid),
        link: resolveLink(n(i.link), [...bases, i.xml?.base]),
        title: plainTitle(i.title, 'guess'),
        author: n(i.dc?.creators?.[0] ?? i.authors?.[0]?.name),
        contentHtml: n(i.content?.encoded),
        summaryHtml: n(i.description),
        dates: dateValues([
          ['pubDate', i.pubDate],
          ['dc:date', i.dc?.dates?.[0]],
          ['dcterms:issued', i.dcterms?.issued?.[0]],
          ['dcterms:created', i.dcterms?.created?.[0]],
          ['dcterms:modified', i.dcterms?.modified?.[0]],
        ]),
      },
    ];
  });
}

function atomEntries(raw: unknown, bases: Array<string | undefined>): FeedItem[] {
  return list(raw).flatMap((entry) => {
    const r = AtomEntry.safeParse(entry);
    if (!r.success) return [];
    const e = r.data;
    const link = e.links?.find((l) => !l.rel || l.rel === 'alternate')?.href ?? e.links?.[0]?.href;
    const titleType = e.title?.type === 'html' || e.title?.type === 'xhtml' ? 'html' : 'text';
    return [
      {
        guid: n(e.id),
        link: resolveLink(n(link), [...bases, e.xml?.base]),
        title: plainTitle(e.title?.value, titleType),
        author: n(e.authors?.[0]?.name),
        contentHtml: n(e.content),
        summaryHtml: n(e.summary),
        dates: dateValues([
          ['published', e.published],
          ['dcterms:issued', e.dcterms?.issued?.[0]],
          ['dcterms:created', e.dcterms?.created?.[0]],
          ['updated', e.updated],
          ['dcterms:modified', e.dcterms?.modified?.[0]],
        ]),
      },
    ];
  });
}

function jsonItems(raw: unknown, bases: Array<string | undefined>): FeedItem[] {
  return list(raw).flatMap((entry) => {
    const r = JsonItem.safeParse(entry);
    if (!r.success) return [];
    const i = r.data;
    return [
      {
        guid: i.id === undefined ? null : String(i.id),
        link: resolveLink(n(i.url), bases),
        title: plainTitle(i.title, 'text'),
        author: n(i.authors?.[0]?.name),
        contentHtml: n(i.content_html ?? (i.content_text ? escapeHtml(i.content_text) : undefined)),
        summaryHtml: n(i.summary),
        dates: dateValues([
          ['date_published', i.date_published],
          ['date_modified', i.date_modified],
        ]),
      },
    ];
  });
}

/**
 * Parses feed text into items; throws StancewatchError for anything that is not a feed. `url` is the
 * address the feed was fetched from: relative item links resolve against it (and any xml:base).
 */
export function parseFeedItems(text: string, url?: string): { title: string | null; items: FeedItem[] } {
  let parsed: ReturnType<typeof parseFeed>;
  try {
    parsed = parseFeed(text.replace(/^\ufeff/, ''));
  } catch (error) {
    throw new StancewatchError(`not a valid RSS, Atom or JSON feed: ${causeOf(error)}`, { cause: error });
  }
  const bases = [url, feedBase(parsed.feed)];
  switch (parsed.format) {
    case 'rss':
    case 'rdf': {
      const title = plainTitle(typeof parsed.feed.title === 'string' ? parsed.feed.title : null, 'guess');
      return { title, items: rssItems(parsed.feed.items, bases) };
    }
    case 'atom': {
      const t = TypedText.safeParse(parsed.feed.title).data;
      const title = plainTitle(t?.value, t?.type === 'html' || t?.type === 'xhtml' ? 'html' : 'text');
      return { title, items: atomEntries(parsed.feed.entries, bases) };
    }
    case 'json':
      return { title: plainTitle(parsed.feed.title, 'text'), items: jsonItems(parsed.feed.items, [url]) };
  }
}

function escapeHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`)
    .join('\n');
}

/** Block-level HTML → paragraphs separated by a blank line (the body convention of ParsedArticle). */
export function htmlToText(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  for (const el of document.querySelectorAll('script,style,noscript')) el.remove();
  const blocks = document.querySelectorAll('p,h1,h2,h3,h4,h5,h6,li,blockquote');
  const texts =
    blocks.length > 0
      ? Array.from(blocks, (b: { textContent: string | null }) =>
          (b.textContent ?? '').replace(/\s+/g, ' ').trim(),
        )
      : [(document.body?.textContent ?? '').replace(/\s+/g, ' ').trim()];
  return texts.filter((t) => t.length > 0).join('\n\n');
}

/** A feed date as `YYYY-MM-DD` by the dates module's rule (the day written in it), or null. */
export function feedDate(value: string | null): string | null {
  return value ? (parseDateValue(value)?.published ?? null) : null;
}

const NO_DATE = 'feed item has no usable date';

/** The item's date: the first of its dates that parses and is not in the future; warnings for the rest. */
function itemDate(item: FeedItem, now: Date): { published: string | null; warnings: string[] } {
  const warnings: string[] = [];
  const candidates: DateCandidate[] = item.dates.flatMap(({ value, label }) => {
    const d = parseDateValue(value);
    if (!d) warnings.push(`${label} "${value}" is not a date`);
    return d ? [{ ...d, from: 'metadata' as const, label }] : [];
  });
  const chosen = chooseDate(candidates, now);
  warnings.push(...chosen.warnings);
  if (!chosen.date) warnings.push(NO_DATE);
  return { published: chosen.date?.published ?? null, warnings };
}

/** Turns a feed item with text (its content, or a fetched page's text) into a ParsedArticle. Pure. */
export function itemToArticle(
  item: FeedItem,
  body: string,
  source: { id: string; title: string | null },
  now: Date,
): ParsedArticle {
  const { published, warnings } = itemDate(item, now);
  const file = item.link ?? `feed:${source.id}#${item.guid ?? hashBody(body).slice(0, 12)}`;
  return {
    file,
    entry: 0,
    format: 'html',
    url: item.link,
    title: item.title,
    source: source.title ?? source.id,
    byline: item.author,
    published,
    datePrecision: published ? 'day' : 'unknown',
    body,
    // The body was rebuilt from markup, so there is no file text to map back to beyond the body itself.
    offsets: [{ body: 0, file: 0, length: body.length }],
    contentHash: hashBody(body),
    warnings,
  };
}

/** Items whose summary is all there is get their page fetched (when the source allows it). */
function needsPage(item: FeedItem, source: FeedSource): boolean {
  return source.fetchPages && !item.contentHtml && item.link !== null;
}

async function pageArticle(
  item: FeedItem,
  source: FeedSource,
  limits: Limits,
  feedTitle: string | null,
  now: Date,
): Promise<ParsedArticle> {
  const link = item.link ?? '';
  // Links found inside a feed are not trusted: public addresses only, on every hop, unless the source
  // explicitly allows its private network.
  const page = await limitedGet(
    link,
    limits,
    {},
    source.allowPrivateNetwork ? { kind: 'any' } : { kind: 'public' },
  );
  if (page.status < 200 || page.status >= 300)
    throw new StancewatchError(`page ${link} answered HTTP ${page.status}`);
  // The html path of the ingest module (readability) when it takes this page; the plain block-text
  // reduction otherwise, so a feed item never depends on one parser.
  const html = decodeBody(page, 'html');
  const outcome = parseArticleText(link, html, { format: 'html', url: link, now });
  const fromIngest = outcome.ok ? outcome.articles[0] : undefined;
  const base = itemToArticle(item, htmlToText(html), { id: source.id, title: feedTitle }, now);
  if (!fromIngest || fromIngest.body.includes('<')) return base;
  return {
    ...fromIngest,
    file: base.file,
    url: link,
    title: fromIngest.title ?? base.title,
    source: fromIngest.source ?? base.source,
    byline: fromIngest.byline ?? base.byline,
    published: base.published ?? fromIngest.published,
    datePrecision: base.published ? base.datePrecision : fromIngest.datePrecision,
    // The feed's date wins; the page's date (and what was said about it) counts only without one.
    warnings: base.published
      ? base.warnings
      : [...base.warnings.filter((w) => w !== NO_DATE), ...fromIngest.warnings],
  };
}

/** Each item of one fetch as an article (its content, or its page when needed), or a problem line. */
async function itemArticles(
  items: FeedItem[],
  source: FeedSource,
  limits: Limits,
  title: string | null,
  now: Date,
): Promise<{ articles: ParsedArticle[]; problems: Array<{ item: string; reason: string }> }> {
  const articles: ParsedArticle[] = [];
  const problems: Array<{ item: string; reason: string }> = [];
  const seen = new Set<string>();
  for (const item of items) {
    // Within one fetch, the same GUID or link twice is the same item.
    const key = item.guid ?? item.link;
    if (key && seen.has(key)) continue;
    if (key) seen.add(key);
    const label = redactUrl(item.link ?? item.guid ?? item.title ?? '(untitled item)');
    try {
      const article = needsPage(item, source)
        ? await pageArticle(item, source, limits, title, now)
        : itemToArticle(
            item,
            htmlToText(item.contentHtml ?? item.summaryHtml ?? ''),
            { id: source.id, title },
            now,
          );
      if (article.body.trim() === '') problems.push({ item: label, reason: 'item has no text' });
      else articles.push(article);
    } catch (error) {
      problems.push({ item: label, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { articles, problems };
}

export async function fetchFeed(
  source: FeedSource,
  state: SourceState | null,
  options: FetchOptions,
): Promise<FeedFetchResult> {
  const previous = state ?? emptySourceState(source.id);
  const startedAt = options.now().toISOString();
  const limits: Limits = {
    timeoutMs: source.timeoutMs,
    maxBytes: source.maxBytes,
    maxRedirects: source.maxRedirects,
    userAgent: options.userAgent,
  };
  const conditional: Record<string, string> = {};
  if (previous.etag) conditional['if-none-match'] = previous.etag;
  if (previous.lastModified) conditional['if-modified-since'] = previous.lastModified;
  try {
    // The configured feed URL is trusted (the user chose that server, which may well be on the local
    // network); a redirect away from its origin is held to the same rule as item links.
    const response = await limitedGet(
      source.url,
      limits,
      conditional,
      source.allowPrivateNetwork ? { kind: 'any' } : { kind: 'origin', origin: new URL(source.url).origin },
    );
    const okState = (
      etag: string | null,
      lastModified: string | null,
      itemErrors: string[] | undefined,
    ): SourceState => ({
      ...(itemErrors && itemErrors.length > 0 ? { itemErrors } : {}),
      sourceId: source.id,
      etag,
      lastModified,
      lastFetchAt: startedAt,
      lastOkAt: startedAt,
      errorCount: 0,
      lastError: null,
      nextAttemptAt: null,
    });
    if (response.status === 304) {
      return {
        ok: true,
        notModified: true,
        articles: [],
        problems: [],
        error: null,
        state: okState(previous.etag, previous.lastModified, previous.itemErrors),
      };
    }
    if (response.status < 200 || response.status >= 300)
      throw new StancewatchError(`${source.url} answered HTTP ${response.status}`);
    const now = options.now();
    const { title, items } = parseFeedItems(decodeBody(response, 'xml'), response.url);
    const { articles, problems } = await itemArticles(items, source, limits, title, now);
    return {
      ok: true,
      notModified: false,
      articles,
      problems,
      error: null,
      state: okState(
        response.headers.get('etag'),
        response.headers.get('last-modified'),
        problems.map((p) => (p.reason.includes(p.item) ? p.reason : `${p.item}: ${p.reason}`)),
      ),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const errorCount = previous.errorCount + 1;
    return {
      ok: false,
      notModified: false,
      articles: [],
      problems: [],
      error: message,
      state: {
        ...previous,
        lastFetchAt: startedAt,
        errorCount,
        lastError: message,
        nextAttemptAt: nextBackoff(errorCount, options.now()),
      },
    };
  }
}
