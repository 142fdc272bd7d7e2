// `stancewatch serve` over real HTTP on 127.0.0.1: the one-click unsubscribe URL of a really delivered
// .eml, signed links refusing tampering, preferences honoured by the next digest, admin login, CSRF,
// form errors and rate limits.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClient,
  findFiles,
  oneClickUrl,
  rawHeader,
  startWebFixture,
  type WebFixture,
} from './fixture.js';

let fx: WebFixture;
let emlOfA: string;

beforeAll(async () => {
  fx = await startWebFixture({ rateLimits: { login: { max: 6, timeWindowMs: 60_000 } } });
  const first = await fx.run();
  expect(first.digests[0]?.delivery?.sent).toBe(2);
  emlOfA = findFiles(join(fx.outbox, 'news'), 'a@example.org.eml')[0]!;
}, 90_000);
afterAll(async () => fx?.close());

describe('one-click unsubscribe (RFC 8058)', () => {
  it('the delivered message advertises a one-click URL on this server', () => {
    const raw = readFileSync(emlOfA, 'utf8');
    expect(rawHeader(raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(oneClickUrl(emlOfA).startsWith(fx.url)).toBe(true);
  });

  it('GET only shows a confirmation page; nothing changes', async () => {
    const { res, body } = await createClient(fx.url).get(oneClickUrl(emlOfA));
    expect(res.status).toBe(200);
    expect(body).toContain('a@example.org');
    expect(body).toMatch(/<form method="post"/);
    expect(await fx.store.isSuppressed('a@example.org', 'news')).toBe(false);
  });

  it('refuses a tampered token, or the token used for another address, and changes nothing', async () => {
    const url = new URL(oneClickUrl(emlOfA));
    const token = url.searchParams.get('token')!;
    const tampered = new URL(url);
    tampered.searchParams.set('token', `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`);
    const otherAddress = new URL(url);
    otherAddress.searchParams.set('email', 'b@example.org');
    const incomplete = new URL(url);
    incomplete.searchParams.delete('token');
    const client = createClient(fx.url);
    for (const [u, status] of [
      [tampered, 403],
      [otherAddress, 403],
      [incomplete, 400],
    ] as const) {
      const { res } = await client.post(u.toString(), { 'List-Unsubscribe': 'One-Click' });
      expect(res.status).toBe(status);
    }
    expect(await fx.store.listSuppressions()).toEqual([]);
  });

  it('POST unsubscribes at once, and the next run skips that address', async () => {
    const { res, body } = await createClient(fx.url).post(oneClickUrl(emlOfA), {
      'List-Unsubscribe': 'One-Click',
    });
    expect(res.status).toBe(200);
    expect(body).toMatch(/Unsubscribed/);
    expect(await fx.store.isSuppressed('a@example.org', 'news')).toBe(true);
    const before = new Set(findFiles(fx.outbox, '.eml'));
    const next = await fx.run({ force: true });
    expect(next.digests[0]?.delivery).toMatchObject({ sent: 1, suppressed: 1 });
    const fresh = findFiles(fx.outbox, '.eml').filter((f) => !before.has(f));
    expect(fresh.map((f) => f.split('/').pop())).toEqual(['b@example.org.eml']);
  }, 60_000);

  it('accepts the one-click POST as multipart/form-data too', async () => {
    const emlOfB = findFiles(join(fx.outbox, 'news'), 'b@example.org.eml')[0]!;
    const body = new FormData();
    body.set('List-Unsubscribe', 'One-Click');
    const res = await fetch(oneClickUrl(emlOfB), { method: 'POST', body });
    expect(res.status).toBe(200);
    expect(await fx.store.isSuppressed('b@example.org', 'news')).toBe(true);
  });
});

describe('preferences from the footer link', () => {
  let prefs: WebFixture;
  beforeAll(async () => {
    prefs = await startWebFixture({ subscribers: ['c@example.org', 'd@example.org'] });
    await prefs.run();
  }, 90_000);
  afterAll(async () => prefs?.close());

  it('a subscriber picks one topic; the next digest to them holds only that topic, the others get everything', async () => {
    const emlOfC = findFiles(join(prefs.outbox, 'news'), 'c@example.org.eml')[0]!;
    const text = (await simpleParser(readFileSync(emlOfC))).text ?? '';
    const link = /Preferences: (\S+)/.exec(text)?.[1];
    expect(link?.startsWith(prefs.url)).toBe(true);
    const client = createClient(prefs.url);
    const page = await client.get(link!);
    expect(page.res.status).toBe(200);
    const topics = [...page.body.matchAll(/name="topics" value="([^"]+)"/g)].map((m) => m[1]!);
    expect(topics.length).toBeGreaterThan(1);
    // A tampered preferences link opens nothing.
    const forged = new URL(link!);
    forged.searchParams.set('email', 'd@example.org');
    expect((await client.get(forged.toString())).res.status).toBe(403);
    // Bad input gives the form back with the field's error.
    const bad = await client.post(link!, { action: 'save', topics: ['no-such-topic'], frequency: 'every' });
    expect(bad.res.status).toBe(400);
    expect(bad.body).toMatch(/class="field-error"[^>]*>expected one of the list’s topics/);
    const saved = await client.post(link!, { action: 'save', topics: ['peace-talks'], frequency: 'every' });
    expect(saved.res.status).toBe(200);
    expect(saved.body).toMatch(/Saved/);
    expect(await prefs.store.getPreferences('news', 'c@example.org')).toMatchObject({
      topics: ['peace-talks'],
    });

    const before = new Set(findFiles(prefs.outbox, '.eml'));
    await prefs.run({ force: true });
    const fresh = findFiles(prefs.outbox, '.eml').filter((f) => !before.has(f));
    const mailOf = async (who: string) =>
      (await simpleParser(readFileSync(fresh.find((f) => f.endsWith(`${who}.eml`))!))).text ?? '';
    const [c, d] = [await mailOf('c@example.org'), await mailOf('d@example.org')];
    expect(c).toMatch(/Peace talks/);
    expect(c).not.toMatch(/Sanctions on Russia/);
    expect(d).toMatch(/Sanctions on Russia/);
  }, 90_000);
});

describe('admin pages', () => {
  it('no admin page without a session', async () => {
    const client = createClient(fx.url);
    const page = await client.get('/admin/lists');
    expect(page.res.status).toBe(303);
    expect(page.res.headers.get('location')).toBe('/admin/login');
    const post = await client.post('/admin/lists', { id: 'x', name: 'X' });
    expect(post.res.status).toBe(401);
    expect(await fx.store.getWebList('x')).toBeNull();
  });

  it('logs in with the password only, in an HttpOnly SameSite=Strict cookie; logs out', async () => {
    const client = createClient(fx.url);
    const wrong = await client.login('ana', 'not the password');
    expect(wrong.res.status).toBe(401);
    expect(client.jar.has('sw_session')).toBe(false);
    const ok = await client.login();
    expect(ok.res.status).toBe(303);
    const cookie = ok.res.headers.getSetCookie().find((c) => c.startsWith('sw_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const lists = await client.get('/admin/lists');
    expect(lists.res.status).toBe(200);
    expect(lists.body).toMatch(/config file, read-only/);
    expect(lists.res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const out = await client.post('/admin/logout', { _csrf: client.csrfOf(lists.body) });
    expect(out.res.status).toBe(303);
    expect((await client.get('/admin/lists')).res.status).toBe(303);
  });

  it('refuses a form without a valid CSRF token, and one from another session', async () => {
    const client = createClient(fx.url);
    await client.login();
    const other = createClient(fx.url);
    await other.login();
    const otherToken = other.csrfOf((await other.get('/admin/lists/new')).body);
    const fields = { id: 'csrf-list', name: 'CSRF', format: 'text', timeZone: 'UTC', archive: 'private' };
    expect((await client.post('/admin/lists', fields)).res.status).toBe(403);
    expect((await client.post('/admin/lists', { ...fields, _csrf: 'forged' })).res.status).toBe(403);
    expect((await client.post('/admin/lists', { ...fields, _csrf: otherToken })).res.status).toBe(403);
    expect(await fx.store.getWebList('csrf-list')).toBeNull();
    const token = client.csrfOf((await client.get('/admin/lists/new')).body);
    const created = await client.post('/admin/lists', { ...fields, _csrf: token });
    expect(created.res.status).toBe(303);
    expect(await fx.store.getWebList('csrf-list')).toMatchObject({ name: 'CSRF', format: 'text' });
  });

  it('bad form input gives the form back with field errors, escaped, and no stack trace', async () => {
    const client = createClient(fx.url);
    await client.login();
    const token = client.csrfOf((await client.get('/admin/lists/new')).body);
    const bad = await client.post('/admin/lists', {
      _csrf: token,
      id: 'Bad Id!',
      name: '<script>alert(1)</script>',
      timeZone: 'Mars/Olympus',
      schedule: 'every day',
      format: 'html+text',
      archive: 'private',
    });
    expect(bad.res.status).toBe(400);
    expect(bad.body).toMatch(/expected an id of lowercase letters/);
    expect(bad.body).toMatch(/expected an IANA time zone/);
    expect(bad.body).toMatch(/expected a cron expression/);
    expect(bad.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(bad.body).not.toContain('<script>');
    expect(bad.body).not.toMatch(/\n\s+at .+\.(ts|js):\d+/);
    expect(await fx.store.listWebLists()).not.toContainEqual(expect.objectContaining({ id: 'Bad Id!' }));
  });

  it('rate-limits login attempts', async () => {
    const client = createClient(fx.url);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await client.login('ana', 'guess')).res.status);
    expect(statuses).toContain(429);
    // Even the right password is refused while the limit holds.
    expect((await client.login()).res.status).toBe(429);
  });
});

describe('public rate limit', () => {
  let limited: WebFixture;
  beforeAll(async () => {
    limited = await startWebFixture({ rateLimits: { public: { max: 3, timeWindowMs: 60_000 } } });
  });
  afterAll(async () => limited?.close());

  it('answers 429 after the limit, with a page and no stack trace', async () => {
    const client = createClient(limited.url);
    const statuses: number[] = [];
    let last = '';
    for (let i = 0; i < 5; i++) {
      const r = await client.get('/unsubscribe?list=news&email=x@example.org&token=nope');
      statuses.push(r.res.status);
      last = r.body;
    }
    expect(statuses.slice(0, 3)).toEqual([403, 403, 403]);
    expect(statuses.slice(3)).toEqual([429, 429]);
    expect(last).toMatch(/Too many requests/);
  });
});
