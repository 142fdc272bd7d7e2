// The review desk over real HTTP on 127.0.0.1 (a minimal Fastify server with a test session), and in
// headless Chromium: an analyst corrects a position's polarity and the next `changes` shows it.
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changesCommand } from '../../src/commands/changes.js';
import { silentLogger } from '../../src/log.js';
import type { Change } from '../../src/model.js';
import type { PipelineContext } from '../../src/pipeline/context.js';
import { reviewQueue } from '../../src/pipeline/review.js';
import { article, position } from '../store/contract.js';
import { EVIDENCE, newsroom, type Newsroom } from '../helpers/review.js';
import { startReviewServer, type ReviewServer } from '../helpers/review-server.js';

const HOSTILE = 'Warsaw said <img src=x onerror=alert(1)> sanctions must stay.';

describe('review desk over HTTP', () => {
  let room: Newsroom;
  let ctx: PipelineContext;
  let server: ReviewServer;
  const cookie = { cookie: 'sid=analyst' };
  const form = (fields: Record<string, string>) => ({
    method: 'POST',
    headers: { ...cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual' as const,
  });

  beforeAll(async () => {
    room = await newsroom();
    ctx = await room.open();
    // A feed item whose text and link would be markup and script if they were not escaped.
    await ctx.store.saveArticle(
      article({ body: 'hostile', file: 'hostile.txt', published: '2026-02-03', url: 'javascript:alert(1)' }),
      {
        attributions: [],
        positions: [
          position({
            actor: 'poland',
            topic: 'sanctions',
            polarity: 'supports',
            speaker: 'Warsaw <b>officials</b>',
            evidence: { start: 0, end: HOSTILE.length, text: HOSTILE },
            confidence: 0.5,
          }),
        ],
      },
    );
    server = await startReviewServer(ctx);
  });
  afterAll(async () => {
    await server?.close();
    await ctx?.store.close();
  });

  const positionId = async (evidence: string) =>
    (await reviewQueue(ctx)).pending.find((i) => i.position.evidence.text === evidence)!.position.id;

  it('needs a session', async () => {
    const res = await fetch(`${server.base}/review`);
    expect(res.status).toBe(401);
    const post = await fetch(`${server.base}/review/positions/1`, {
      ...form({ action: 'confirm' }),
      headers: {},
    });
    expect(post.status).toBe(401);
  });

  it('shows the queue lowest confidence first with evidence, speaker, stance, confidence; every value escaped', async () => {
    const res = await fetch(`${server.base}/review?list=desk`, { headers: cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    const order = [EVIDENCE.russia, EVIDENCE.usNow, EVIDENCE.usThen].map((e) => html.indexOf(e));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toMatch(/confidence <span class="conf low">0\.40<\/span>/);
    expect(html).toContain('href="https://news.example/late"');
    expect(html).toMatch(/Putin \(alleged\)/);
    const all = await (await fetch(`${server.base}/review`, { headers: cookie })).text();
    expect(all).toContain('Warsaw said &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; sanctions must stay.');
    expect(all).toContain('Warsaw &lt;b&gt;officials&lt;/b&gt;');
    expect(all).not.toContain('<img src=x');
    expect(all).not.toContain('href="javascript:');
  });

  it('refuses a post without the CSRF token and records nothing', async () => {
    const id = await positionId(EVIDENCE.russia);
    const res = await fetch(`${server.base}/review/positions/${id}`, form({ action: 'reject' }));
    expect(res.status).toBe(403);
    const forged = await fetch(
      `${server.base}/review/positions/${id}`,
      form({ action: 'reject', _csrf: 'x' }),
    );
    expect(forged.status).toBe(403);
    expect(await ctx.store.listOverrides()).toEqual([]);
  });

  it('gives the form back with field errors for an unknown actor or a missing action', async () => {
    const id = await positionId(EVIDENCE.usNow);
    const bad = await fetch(
      `${server.base}/review/positions/${id}`,
      form({
        _csrf: server.token,
        action: 'correct',
        polarity: 'opposes',
        actor: 'atlantis',
        topic: 'peace-talks',
        note: 'kept',
      }),
    );
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toMatch(/class="item has-errors" id="position-\d+"/);
    expect(html).toContain('expected one of the watchlist&#x27;s actors');
    expect(html).toMatch(/<input name="note" value="kept"/);
    const none = await fetch(`${server.base}/review/positions/${id}`, form({ _csrf: server.token }));
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('expected Confirm, Save correction or Reject');
    const missing = await fetch(
      `${server.base}/review/positions/999999`,
      form({ _csrf: server.token, action: 'confirm' }),
    );
    expect(missing.status).toBe(404);
    expect(await ctx.store.listOverrides()).toEqual([]);
  });

  it('records a verdict with the signed-in analyst and redirects back to the queue', async () => {
    const id = await positionId(HOSTILE);
    const res = await fetch(
      `${server.base}/review/positions/${id}`,
      form({ _csrf: server.token, action: 'reject', note: 'a caption, not a statement' }),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/review?done=${id}&verdict=rejected#position-${id}`);
    const [o] = await ctx.store.listOverrides();
    expect(o).toMatchObject({ verdict: 'rejected', by: 'Ana Analyst', note: 'a caption, not a statement' });
    expect((await reviewQueue(ctx)).pending.map((i) => i.position.id)).not.toContain(id);
  });
});

describe('review desk in headless Chromium', () => {
  let browser: Browser;
  let server: ReviewServer;
  let ctx: PipelineContext;
  let room: Newsroom;

  beforeAll(async () => {
    room = await newsroom();
    ctx = await room.open();
    server = await startReviewServer(ctx);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await ctx?.store.close();
  });

  it("an analyst corrects a position's polarity and the next `changes` shows the corrected stance", async () => {
    const id = (await reviewQueue(ctx, 'desk')).pending.find(
      (i) => i.position.evidence.text === EVIDENCE.usNow,
    )!.position.id;
    const context = await browser.newContext();
    await context.addCookies([{ name: 'sid', value: 'analyst', url: server.base }]);
    const page = await context.newPage();
    await page.goto(`${server.base}/review?list=desk`);
    const item = page.locator(`#position-${id}`);
    await expect(item.locator('.stance').textContent()).resolves.toBe('supports');
    await item.locator('select[name="polarity"]').selectOption('opposes');
    await item.locator('input[name="note"]').fill('Zelenskyy reports a timetable, not U.S. support');
    await item.getByRole('button', { name: 'Save correction' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Position ${id} corrected.` })
      .waitFor({ timeout: 30_000 });
    // The corrected position left the queue and is listed as reviewed, by the signed-in analyst.
    expect(await page.locator(`#position-${id}`).count()).toBe(0);
    await expect(page.locator(`tr[data-position="${id}"]`).textContent()).resolves.toMatch(
      /corrected.*Ana Analyst/s,
    );
    await context.close();

    let out = '';
    await changesCommand({
      config: room.config,
      db: room.db,
      format: 'json',
      logger: silentLogger,
      write: (s) => (out += s),
    });
    const { changes } = JSON.parse(out) as { changes: Change[] };
    expect(changes.find((c) => c.actor === 'united-states' && c.topic === 'peace-talks')).toMatchObject({
      kind: 'unchanged',
      after: { polarity: 'opposes', review: 'corrected' },
    });
  }, 60_000);
});
