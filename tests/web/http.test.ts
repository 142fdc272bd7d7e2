// `stancewatch serve` over real HTTP on 127.0.0.1: the one-click unsubscribe URL of a really delivered
// .eml, signed links refusing tampering, preferences honoured by the next digest, admin login, CSRF,
// form errors and rate limits.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestCommand } from '../../src/commands/ingest.js';
import { archiveUrl } from '../../src/model.js';
import { silentLogger } from '../../src/log.js';
import { readPositions } from '../../src/pipeline/positions.js';
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

describe('the review desk in the server', () => {
  it('needs a session; an analyst corrects a polarity and the stored positions read the correction', async () => {
    const anonymous = await createClient(fx.url).get('/admin/review');
    expect(anonymous.res.status).toBe(303);
    const client = createClient(fx.url);
    await client.login();
    const page = await client.get('/admin/review');
    expect(page.res.status).toBe(200);
    expect(page.body).toContain('Review desk');
    const action = /action="(\/admin\/review\/positions\/(\d+)[^"]*)"/.exec(page.body);
    expect(action).not.toBeNull();
    const id = Number(action![2]);
    const before = (await readPositions(fx.store)).find((p) => p.id === id)!;
    const polarity = before.polarity === 'opposes' ? 'supports' : 'opposes';
    const forged = await client.post(action![1]!.replace(/&amp;/g, '&'), {
      action: 'correct',
      polarity,
      _csrf: 'forged',
    });
    expect(forged.res.status).toBe(403);
    const done = await client.post(action![1]!.replace(/&amp;/g, '&'), {
      action: 'correct',
      polarity,
      actor: before.actor,
      topic: before.topic,
      _csrf: client.csrfOf(page.body),
    });
    expect(done.res.status).toBe(303);
    expect(done.res.headers.get('location')).toMatch(/^\/admin\/review\?/);
    const after = (await readPositions(fx.store)).find((p) => p.id === id)!;
    expect(after.polarity).toBe(polarity);
    expect(after.review).toMatchObject({ verdict: 'corrected', by: 'ana' });
  });
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

describe('run desk, archive, lists and sign-up', () => {
  let desk: WebFixture;
  let admin: ReturnType<typeof createClient>;
  const tokenOf = async (path: string) => admin.csrfOf((await admin.get(path)).body);

  beforeAll(async () => {
    desk = await startWebFixture({ subscribers: ['e@example.org'] });
    admin = createClient(desk.url);
    await admin.login();
  }, 90_000);
  afterAll(async () => desk?.close());

  const finishedRuns = async () =>
    (await desk.store.listRuns({ listId: 'news', kind: 'digest' })).filter((r) => r.status !== 'running');

  async function runNow(meanwhile?: () => Promise<void>): Promise<void> {
    const before = (await finishedRuns()).length;
    const res = await admin.post('/admin/run/news/now', { _csrf: await tokenOf('/admin/run') });
    expect(res.res.status).toBe(303);
    await meanwhile?.();
    const deadline = Date.now() + 60_000;
    while ((await finishedRuns()).length === before) {
      if (Date.now() > deadline) throw new Error('the run started from the run desk did not finish');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('"run now" delivers through the ledger exactly once, and the desk shows the runs', async () => {
    await ingestCommand({ paths: [], config: desk.configPath, logger: silentLogger });
    expect(await desk.store.listDeliveries({ listId: 'news' })).toEqual([]);
    // Another process (a CLI run) holds the list's lock: the desk's run waits for it and sends nothing.
    await desk.store.takeLease('list:news', 'run:elsewhere:1', 60_000);
    await runNow(async () => {
      const deadline = Date.now() + 60_000;
      while (!(await desk.store.listRuns({ listId: 'news', status: 'running' })).length) {
        if (Date.now() > deadline) throw new Error('the desk run never started');
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(await desk.store.listDeliveries({ listId: 'news' })).toEqual([]);
      expect((await admin.get('/admin/run')).body).toMatch(/being delivered by run:elsewhere:1/);
      await desk.store.releaseLease('list:news', 'run:elsewhere:1');
    });
    const sent = await desk.store.listDeliveries({ listId: 'news', status: 'sent' });
    expect(sent.map((d) => d.recipient)).toEqual(['e@example.org']);
    const [first] = await desk.store.listRuns({ listId: 'news', kind: 'digest', limit: 1 });
    expect(first?.counts).toMatchObject({ sent: 1 });
    await runNow();
    expect(await desk.store.listDeliveries({ listId: 'news', status: 'sent' })).toHaveLength(1);
    const [latest] = await desk.store.listRuns({ listId: 'news', kind: 'digest', limit: 1 });
    expect(latest?.counts).toMatchObject({ sent: 0, alreadySent: 1 });
    const page = await admin.get('/admin/run');
    expect(page.body).toMatch(/alreadySent 1/);
  }, 120_000);

  it('a test copy to a bad address gives the run desk back with the field error', async () => {
    const bad = await admin.post('/admin/run/news/test', {
      _csrf: await tokenOf('/admin/run'),
      email: 'nope',
    });
    expect(bad.res.status).toBe(400);
    expect(bad.body).toMatch(/class="field-error"[^>]*>expected an email address/);
    expect(
      (await admin.post('/admin/run/no-such-list/test', { _csrf: await tokenOf('/admin/run') })).res.status,
    ).toBe(404);
  });

  it('each sent digest has a permalink: private lists only for admins, public ones for anyone', async () => {
    const [delivery] = await desk.store.listDeliveries({ listId: 'news', status: 'sent' });
    const path = `/archive/${delivery!.digestId}`;
    expect(archiveUrl(desk.url, delivery!.digestId)).toBe(new URL(path, desk.url).toString());
    const anonymous = createClient(desk.url);
    expect((await anonymous.get(path)).res.status).toBe(404);
    const asAdmin = await admin.get(path);
    expect(asAdmin.res.status).toBe(200);
    expect(asAdmin.body).toMatch(/United States/);
    expect(asAdmin.res.headers.get('content-security-policy')).toMatch(/sandbox/);
    expect(asAdmin.body).not.toContain('%%');
    expect((await anonymous.get('/archive/news-0000000000000000')).res.status).toBe(404);
  });

  it('config lists are read-only; browser lists can be edited, exported and deleted', async () => {
    const readOnly = await admin.get('/admin/lists/news');
    expect(readOnly.body).toMatch(/stays authoritative/);
    const refused = await admin.post('/admin/lists/news', {
      _csrf: admin.csrfOf(readOnly.body),
      name: 'Renamed',
      format: 'text',
      timeZone: 'UTC',
      archive: 'public',
    });
    expect(refused.res.status).toBe(404);
    const created = await admin.post('/admin/lists', {
      _csrf: await tokenOf('/admin/lists/new'),
      id: 'open',
      name: 'Open list',
      format: 'html+text',
      timeZone: 'Europe/Berlin',
      archive: 'public',
      signup: 'on',
      sendEmpty: 'on',
      topics: ['peace-talks'],
    });
    expect(created.res.status).toBe(303);
    const edited = await admin.post('/admin/lists/open', {
      _csrf: await tokenOf('/admin/lists/open'),
      name: 'Open list (edited)',
      format: 'html+text',
      timeZone: 'Europe/Berlin',
      archive: 'public',
      signup: 'on',
      sendEmpty: 'on',
      topics: ['peace-talks'],
    });
    expect(edited.res.status).toBe(200);
    expect(await desk.store.getWebList('open')).toMatchObject({
      name: 'Open list (edited)',
      filters: { topics: ['peace-talks'] },
      signup: true,
    });
    await admin.post('/admin/lists/open/subscribers', {
      _csrf: await tokenOf('/admin/lists/open'),
      email: 'sheet@example.org',
      name: '=HYPERLINK("http://evil")',
    });
    const csv = await admin.get('/admin/lists/open/subscribers.csv');
    expect(csv.res.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.body).toContain(`sheet@example.org,"'=HYPERLINK(""http://evil"")",confirmed,store`);
    await admin.post('/admin/lists/open/subscribers/remove', {
      _csrf: await tokenOf('/admin/lists/open'),
      email: 'sheet@example.org',
    });
    expect(await desk.store.listSubscribers('open')).toEqual([]);
  });

  it('sign-up sends a confirmation; only a confirmed address receives the next digest', async () => {
    const visitor = createClient(desk.url);
    const form = await visitor.get('/subscribe/open');
    expect(form.res.status).toBe(200);
    const bad = await visitor.post('/subscribe/open', { email: 'not an address' });
    expect(bad.res.status).toBe(400);
    expect(bad.body).toMatch(/expected an email address/);
    for (const email of ['new@example.org', 'never@example.org'])
      expect((await visitor.post('/subscribe/open', { email })).res.status).toBe(200);
    expect((await desk.store.listSubscribers('open')).map((s) => s.status)).toEqual(['pending', 'pending']);

    const confirmation = findFiles(join(desk.outbox, 'open', 'confirmations'), 'new@example.org.eml')[0]!;
    const text = (await simpleParser(readFileSync(confirmation))).text ?? '';
    const link = /(http\S+\/subscribe\/open\/confirm\S+)/.exec(text)?.[1];
    expect(link).toBeDefined();
    const ask = await visitor.get(link!);
    expect(ask.res.status).toBe(200);
    expect((await desk.store.listSubscribers('open', { status: 'confirmed' })).length).toBe(0);
    const forged = new URL(link!);
    forged.searchParams.set('email', 'never@example.org');
    expect((await visitor.post(forged.toString(), {})).res.status).toBe(403);
    expect((await visitor.post(link!, {})).res.status).toBe(200);
    expect((await desk.store.listSubscribers('open', { status: 'confirmed' })).map((s) => s.email)).toEqual([
      'new@example.org',
    ]);

    const result = await desk.run({ list: ['open'] });
    expect(result.digests[0]?.delivery?.sent).toBe(1);
    const delivered = await desk.store.listDeliveries({ listId: 'open' });
    expect(delivered.map((d) => d.recipient)).toEqual(['new@example.org']);
    // The list's archive is public: anyone may read its digests.
    const index = await visitor.get('/lists/open/archive');
    expect(index.res.status).toBe(200);
    expect((await visitor.get(`/archive/${delivered[0]!.digestId}`)).res.status).toBe(200);
  }, 60_000);
});
