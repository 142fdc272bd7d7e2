// Feed fetching: one HTTP GET per feed (conditional, size- and time-limited, redirects followed by hand
// so each hop's protocol is re-checked), RSS 2.0 / Atom / JSON Feed parsed by feedsmith, items turned
// into ParsedArticles. The fetch itself is the IO edge; itemToArticle and nextBackoff are pure.
// Dedup of items happens in the store (content hash and URL): SourceState has no seen-GUID field, and
// the store already treats a known URL with the same content as `unchanged`.
import { parseFeed } from 'feedsmith';
import { parseHTML } from 'linkedom';
import { z } from 'zod';
import type { FeedSource } from '../config/schema.js';
import { StancewatchError } from '../errors.js';
import type { ParsedArticle } from '../model.js';
import type { SourceState } from '../store/types.js';
import { hashBody, parseArticleText } from './index.js';

export interface FeedItem {
  guid: string | null;
  link: string | null;
  title: string | null;
  author: string | null;
  /** Full content as HTML, when the feed carries it. */
  contentHtml: string | null;
  summaryHtml: string | null;
  /** ISO date string as given by the feed, or null. */
  published: string | null;
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
  url: string;
  headers: Headers;
  body: string;
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

/** GET with the feed's limits: manual redirects (http/https only), a byte cap enforced while streaming. */
export async function limitedGet(
  url: string,
  limits: Limits,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let current = url;
  for (let hop = 0; ; hop++) {
    const parsed = new URL(current);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new StancewatchError(`refusing ${parsed.protocol} URL ${current} (only http and https)`);
    }
    let response: Response;
    try {
      response = await fetch(current, {
        redirect: 'manual',
        signal,
        headers: { 'user-agent': limits.userAgent, ...headers },
      });
    } catch (error) {
      if (signal.aborted)
        throw new StancewatchError(`timed out after ${limits.timeoutMs} ms fetching ${current}`);
      throw new StancewatchError(`could not fetch ${current}: ${causeOf(error)}`, { cause: error });
    }
    if (response.status >= 300 && response.status < 400 && response.status !== 304) {
      const location = response.headers.get('location');
      await response.body?.cancel();
      if (!location) throw new StancewatchError(`${current} answered ${response.status} without a Location`);
      if (hop >= limits.maxRedirects)
        throw new StancewatchError(`too many redirects (more than ${limits.maxRedirects}) from ${url}`);
      current = new URL(location, current).toString();
      continue;
    }
    const body = await readLimited(response, limits, current, signal);
    return { status: response.status, url: current, headers: response.headers, body };
  }
}

async function readLimited(
  response: Response,
  limits: Limits,
  url: string,
  signal: AbortSignal,
): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    await response.body?.cancel();
    throw new StancewatchError(`${url} is larger than maxBytes (${declared} > ${limits.maxBytes} bytes)`);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limits.maxBytes) {
        await reader.cancel();
        throw new StancewatchError(`${url} is larger than maxBytes (more than ${limits.maxBytes} bytes)`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof StancewatchError) throw error;
    if (signal.aborted) throw new StancewatchError(`timed out after ${limits.timeoutMs} ms reading ${url}`);
    throw new StancewatchError(`could not read ${url}: ${causeOf(error)}`, { cause: error });
  }
  return Buffer.concat(chunks).toString('utf8');
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
});
const AtomEntry = z.object({
  id: z.string().optional(),
  title: Text,
  links: z.array(z.object({ href: z.string().optional(), rel: z.string().optional() })).optional(),
  published: z.string().optional(),
  updated: z.string().optional(),
  summary: Text,
  content: Text,
  authors: z.array(z.object({ name: z.string().optional() })).optional(),
});
const JsonItem = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  url: z.string().optional(),
  title: z.string().optional(),
  content_html: z.string().optional(),
  content_text: z.string().optional(),
  summary: z.string().optional(),
  date_published: z.string().optional(),
  authors: z.array(z.object({ name: z.string().optional() })).optional(),
});

/** Parses feed text into items; throws StancewatchError for anything that is not a feed. */
export function parseFeedItems(text: string): { title: string | null; items: FeedItem[] } {
  let parsed: ReturnType<typeof parseFeed>;
  try {
    parsed = parseFeed(text);
  } catch (error) {
    throw new StancewatchError(`not a valid RSS, Atom or JSON feed: ${causeOf(error)}`, { cause: error });
  }
  const n = (v: string | undefined | null) => (v && v.trim() ? v.trim() : null);
  const list = (raw: unknown): unknown[] => (Array.isArray(raw) ? raw : []);
  switch (parsed.format) {
    case 'rss':
    case 'rdf': {
      const items = list(parsed.feed.items).flatMap((raw) => {
        const r = RssItem.safeParse(raw);
        if (!r.success) return [];
        const i = r.data;
        return [
          {
            guid: n(i.guid),
            link: n(i.link),
            title: n(i.title),
            author: n(i.dc?.creators?.[0] ?? i.authors?.[0]?.name),
            contentHtml: n(i.content?.encoded),
            summaryHtml: n(i.description),
            published: n(i.pubDate ?? i.dc?.dates?.[0]),
          },
        ];
      });
      return { title: n(typeof parsed.feed.title === 'string' ? parsed.feed.title : null), items };
    }
    case 'atom': {
      const items = list(parsed.feed.entries).flatMap((raw) => {
        const r = AtomEntry.safeParse(raw);
        if (!r.success) return [];
        const e = r.data;
        const link = e.links?.find((l) => !l.rel || l.rel === 'alternate')?.href ?? e.links?.[0]?.href;
        return [
          {
            guid: n(e.id),
            link: n(link),
            title: n(e.title),
            author: n(e.authors?.[0]?.name),
            contentHtml: n(e.content),
            summaryHtml: n(e.summary),
            published: n(e.published ?? e.updated),
          },
        ];
      });
      const title = Text.safeParse(parsed.feed.title);
      return { title: title.success ? n(title.data) : null, items };
    }
    case 'json': {
      const items = list(parsed.feed.items).flatMap((raw) => {
        const r = JsonItem.safeParse(raw);
        if (!r.success) return [];
        const i = r.data;
        return [
          {
            guid: i.id === undefined ? null : String(i.id),
            link: n(i.url),
            title: n(i.title),
            author: n(i.authors?.[0]?.name),
            contentHtml: n(i.content_html ?? (i.content_text ? escapeHtml(i.content_text) : undefined)),
            summaryHtml: n(i.summary),
            published: n(i.date_published),
          },
        ];
      });
      return { title: n(parsed.feed.title), items };
    }
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

/** A feed date as `YYYY-MM-DD` (UTC), or null when it does not parse. */
export function feedDate(value: string | null): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString().slice(0, 10);
}

/** Turns a feed item with text (its content, or a fetched page's text) into a ParsedArticle. Pure. */
export function itemToArticle(
  item: FeedItem,
  body: string,
  source: { id: string; title: string | null },
): ParsedArticle {
  const published = feedDate(item.published);
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
    warnings: published ? [] : ['feed item has no usable date'],
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
): Promise<ParsedArticle> {
  const link = item.link ?? '';
  const page = await limitedGet(link, limits);
  if (page.status < 200 || page.status >= 300)
    throw new StancewatchError(`page ${link} answered HTTP ${page.status}`);
  // The html path of the ingest module (readability) when it takes this page; the plain block-text
  // reduction otherwise, so a feed item never depends on one parser.
  const options: Record<string, unknown> = { format: 'html', url: link };
  const outcome = await Promise.resolve(parseArticleText(link, page.body, options));
  const fromIngest = outcome.ok ? outcome.articles[0] : undefined;
  const base = itemToArticle(item, htmlToText(page.body), { id: source.id, title: feedTitle });
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
  };
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
    const response = await limitedGet(source.url, limits, conditional);
    const okState = (etag: string | null, lastModified: string | null): SourceState => ({
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
        state: okState(previous.etag, previous.lastModified),
      };
    }
    if (response.status < 200 || response.status >= 300)
      throw new StancewatchError(`${source.url} answered HTTP ${response.status}`);
    const { title, items } = parseFeedItems(response.body);
    const articles: ParsedArticle[] = [];
    const problems: Array<{ item: string; reason: string }> = [];
    const seen = new Set<string>();
    for (const item of items) {
      // Within one fetch, the same GUID or link twice is the same item.
      const key = item.guid ?? item.link;
      if (key && seen.has(key)) continue;
      if (key) seen.add(key);
      const label = item.link ?? item.guid ?? item.title ?? '(untitled item)';
      try {
        const article = needsPage(item, source)
          ? await pageArticle(item, source, limits, title)
          : itemToArticle(item, htmlToText(item.contentHtml ?? item.summaryHtml ?? ''), {
              id: source.id,
              title,
            });
        if (article.body.trim() === '') {
          problems.push({ item: label, reason: 'item has no text' });
          continue;
        }
        articles.push(article);
      } catch (error) {
        problems.push({ item: label, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    return {
      ok: true,
      notModified: false,
      articles,
      problems,
      error: null,
      state: okState(response.headers.get('etag'), response.headers.get('last-modified')),
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
