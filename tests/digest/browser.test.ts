// The digest's HTML in real headless Chromium (the engine of most webmail and of `npm run screenshot`):
// it fits a phone without sideways scrolling, and in dark mode each kind badge and stance pill keeps a
// colour of its own instead of one grey.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubscriberList } from '../../src/config/schema.js';
import { loadWatchlist } from '../../src/config/watchlist.js';
import { buildDigest } from '../../src/digest/model.js';
import { renderDigest } from '../../src/digest/render.js';
import type { Change, ChangeKind, Polarity, TimelinePoint } from '../../src/model.js';

const NOW = new Date('2026-03-02T07:00:00Z');

function point(articleId: number, published: string, polarity: Polarity, confidence = 0.85): TimelinePoint {
  return {
    polarity,
    mixed: false,
    published,
    datePrecision: 'day',
    claim: '',
    speaker: 'A spokesperson with a rather long title at the foreign ministry',
    evidence: `Statement ${articleId}: the ministry said its position on the matter had been set out clearly and at length.`,
    reported: 'direct',
    relayer: null,
    confidence,
    articleId,
    file: null,
    url: `https://news.example/a/very/long/path/to/the/article/number/${articleId}/with-a-long-slug-that-could-overflow`,
    title: `Headline ${articleId}`,
    source: 'Wire',
    sources: 1,
    articleIds: [articleId],
  };
}

function change(actor: string, topic: string, kind: ChangeKind, path: TimelinePoint[]): Change {
  return {
    actor,
    topic,
    kind,
    before: path.length > 1 ? path[0]! : null,
    after: path.at(-1)!,
    confidence: Math.min(...path.map((p) => p.confidence)),
    timeline: path,
  };
}

let browser: Browser;
let file: string;

beforeAll(async () => {
  const changes = [
    change('united-states', 'peace-talks', 'reversed', [
      point(1, '2024-01-26', 'opposes'),
      point(2, '2025-03-01', 'conditional'),
      point(3, '2026-02-10', 'supports'),
    ]),
    change('russia', 'sanctions', 'reversed', [
      point(4, '2024-02-01', 'opposes', 0.4),
      point(5, '2026-02-12', 'supports', 0.45),
    ]),
    change('poland', 'ceasefire', 'new', [point(6, '2026-02-20', 'opposes')]),
  ];
  const model = buildDigest({
    list: SubscriberList.parse({ id: 'desk', name: 'Desk', subscribers: ['a@example.org'] }),
    changes,
    articles: [],
    watchlist: loadWatchlist(),
    since: '2024-01-01',
    storedAfter: null,
    generatedAt: NOW,
  });
  file = join(mkdtempSync(join(tmpdir(), 'sw-browser-')), 'digest.html');
  writeFileSync(file, renderDigest(model, { format: 'html+text' }).html ?? '');
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

async function open(colorScheme: 'light' | 'dark', width: number) {
  const context = await browser.newContext({ colorScheme, viewport: { width, height: 800 } });
  const page = await context.newPage();
  await page.goto(pathToFileURL(file).href);
  return { page, close: () => context.close() };
}

// Page-side code as strings: the project's TypeScript has no DOM types (it never runs in a browser).
const backgrounds = (page: Awaited<ReturnType<typeof open>>['page'], selector: string) =>
  page.evaluate<string[]>(
    `[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => getComputedStyle(e).backgroundColor)`,
  );

describe('digest in Chromium', () => {
  it('fits a 375 px phone screen without sideways scrolling', async () => {
    const { page, close } = await open('light', 375);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    await close();
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('gives each badge and stance pill its own colour in dark mode, and darkens the page', async () => {
    const { page, close } = await open('dark', 600);
    const kinds = await backgrounds(page, '.kind');
    const pills = await backgrounds(page, '.pill-supports, .pill-opposes, .pill-conditional');
    const body = await page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    await close();
    // Reversed, possible reversal and new voice; supports, opposes and conditional.
    expect(new Set(kinds).size).toBe(3);
    expect(new Set(pills).size).toBe(3);
    expect(body).toBe('rgb(17, 24, 39)');
    const light = await open('light', 600);
    const lightKinds = await backgrounds(light.page, '.kind');
    await light.close();
    expect(lightKinds).not.toEqual(kinds);
  });
});
