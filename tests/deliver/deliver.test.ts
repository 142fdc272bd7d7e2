// Delivery against a real SMTP server on 127.0.0.1 (smtp-server), parsed with mailparser, with the
// delivery ledger in a real SQLite file.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dkimVerify } from 'mailauth';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { MailConfig, SubscriberList } from '../../src/config/schema.js';
import { createMailer, deliverDigest, type DeliverOptions } from '../../src/deliver/index.js';
import { signUnsubscribe, verifyUnsubscribe } from '../../src/deliver/unsubscribe.js';
import { silentLogger } from '../../src/log.js';
import { UNSUBSCRIBE_PLACEHOLDER, type RenderedDigest } from '../../src/model.js';
import { startTestSmtp } from '../helpers/smtp.js';
import { tmpSqliteStore } from '../helpers/sqlite.js';

const list = SubscriberList.parse({ id: 'desk', name: 'Foreign desk', subscribers: [] });
const recipients = ['ana@example.org', 'ben@example.org', 'cy@example.org'].map((email) => ({
  email,
  name: null,
}));
const digest: RenderedDigest = {
  id: 'desk-0123456789abcdef',
  listId: 'desk',
  subject: '[Foreign desk] United States reversed on Peace talks',
  text: `THEN: skeptical. NOW: pushing for a deal.\nUnsubscribe: ${UNSUBSCRIBE_PLACEHOLDER}\n`,
  html: `<html><body><p>THEN: skeptical. NOW: pushing for a deal.</p><a href="${UNSUBSCRIBE_PLACEHOLDER}">Unsubscribe</a></body></html>`,
  coveredUntil: '2026-03-01T00:00:00.000Z',
  changeCount: 1,
  empty: false,
};
const env = { SW_SECRET: 'test-secret' };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(port?: number) {
  const smtp = port === undefined ? await startTestSmtp() : null;
  if (smtp) cleanups.push(() => smtp.close());
  const mail = MailConfig.parse({
    from: 'stancewatch <digest@news.example>',
    smtp: { host: '127.0.0.1', port: port ?? smtp?.port, pool: false, rateLimitPerSecond: 100 },
    publicUrl: 'https://watch.example/',
    unsubscribeSecretEnv: 'SW_SECRET',
    retry: { maxAttempts: 3, backoffMinutes: 10 },
  });
  const store = tmpSqliteStore();
  cleanups.push(() => store.close());
  const mailer = createMailer(mail, { cwd: process.cwd(), env });
  cleanups.push(() => mailer.close());
  let now = new Date('2026-03-02T07:00:00Z');
  const run = (over: Partial<DeliverOptions> = {}) =>
    deliverDigest({
      store,
      mailer,
      mail,
      digest,
      list,
      recipients,
      now: () => now,
      env,
      logger: silentLogger,
      ...over,
    });
  return { smtp, store, mail, run, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

describe('SMTP delivery', () => {
  it('sends each recipient one message of their own, with list headers, both parts and their unsubscribe link', async () => {
    const { smtp, run } = await setup();
    const summary = await run();
    expect(summary).toMatchObject({ sent: 3, failed: 0 });
    expect(smtp?.messages).toHaveLength(3);
    for (const r of recipients) {
      const m = smtp?.messages.find((x) => x.to.includes(r.email));
      const parsed = m?.parsed;
      expect(m?.to).toEqual([r.email]);
      expect(parsed?.to && 'text' in parsed.to ? parsed.to.text : '').toBe(r.email);
      expect(parsed?.from?.value[0]).toMatchObject({ name: 'stancewatch', address: 'digest@news.example' });
      expect(parsed?.subject).toBe(digest.subject);
      expect(parsed?.messageId).toMatch(/^<desk-0123456789abcdef\.[0-9a-f]{12}@news\.example>$/);
      expect(m?.raw).toMatch(/^List-ID: Foreign desk <desk\.news\.example>$/im);
      const link = `https://watch.example/unsubscribe?list=desk&email=${encodeURIComponent(r.email)}&token=${signUnsubscribe('test-secret', 'desk', r.email)}`;
      expect(m?.raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
      expect(m?.raw.replace(/\r?\n\s+/g, ' ')).toContain(`List-Unsubscribe: <${link}>`);
      expect(parsed?.text).toContain(`Unsubscribe: ${link}`);
      expect(parsed?.html).toContain(link.replace(/&/g, '&amp;'));
      expect(parsed?.text).toContain('NOW: pushing for a deal.');
    }
  });

  it('never sends a recipient the same digest twice; --force does', async () => {
    const { smtp, run } = await setup();
    await run();
    const again = await run();
    expect(again).toMatchObject({ sent: 0, skippedAlreadySent: 3 });
    expect(smtp?.messages).toHaveLength(3);
    expect((await run({ force: true })).sent).toBe(3);
  });

  it('records a temporarily refused recipient as failed, delivers the others, and retries only that one after the backoff', async () => {
    const { smtp, store, run, advance } = await setup();
    smtp!.refuse = (a) => (a === 'ben@example.org' ? 451 : null);
    const first = await run();
    expect(first).toMatchObject({ sent: 2, failed: 1 });
    const ben = await store.getDelivery(digest.id, 'ben@example.org');
    expect(ben).toMatchObject({ status: 'failed', attempts: 1 });
    expect(ben?.response).toMatch(/451/);
    expect(ben?.nextAttemptAt).toBe('2026-03-02T07:10:00.000Z');

    smtp!.refuse = (a) => (a === 'ben@example.org' ? 451 : null);
    expect(await run()).toMatchObject({ sent: 0, deferred: 1, skippedAlreadySent: 2 });
    advance(11 * 60_000);
    expect(await run()).toMatchObject({ sent: 0, failed: 1 });
    expect((await store.getDelivery(digest.id, 'ben@example.org'))?.nextAttemptAt).toBe(
      '2026-03-02T07:31:00.000Z',
    );

    smtp!.refuse = () => null;
    advance(60 * 60_000);
    expect(await run()).toMatchObject({ sent: 1, failed: 0, skippedAlreadySent: 2 });
    expect(smtp?.messages.filter((m) => m.to.includes('ben@example.org'))).toHaveLength(1);
    expect(smtp?.messages).toHaveLength(3);
  });

  it('gives up after the configured number of attempts', async () => {
    const { smtp, run, advance } = await setup();
    smtp!.refuse = (a) => (a === 'cy@example.org' ? 451 : null);
    for (let i = 0; i < 3; i++) {
      await run();
      advance(24 * 3600_000);
    }
    expect(await run()).toMatchObject({ gaveUp: 1, sent: 0 });
  });

  it('a server that refuses connections fails every recipient and marks nobody as sent', async () => {
    const { store, run } = await setup(1);
    const summary = await run();
    expect(summary).toMatchObject({ sent: 0, failed: 3 });
    expect((await store.listDeliveries()).every((d) => d.status === 'failed')).toBe(true);
  });

  it('honours suppressions and sends a --to test copy without recording it', async () => {
    const { smtp, store, run } = await setup();
    await store.addSuppression({ email: 'cy@example.org', listId: 'desk', reason: 'unsubscribed' });
    expect(await run()).toMatchObject({ sent: 2, suppressed: 1 });
    const test = await run({ only: 'editor@example.org' });
    expect(test.sent).toBe(1);
    expect(await store.getDelivery(digest.id, 'editor@example.org')).toBeNull();
    expect(smtp?.messages.map((m) => m.to[0])).toContain('editor@example.org');
  });
});

describe('headers and signing', () => {
  it('a real SMTP server receives a DKIM-signed message whose signature verifies, with Auto-Submitted and Reply-To', async () => {
    const smtp = await startTestSmtp();
    cleanups.push(() => smtp.close());
    const dir = mkdtempSync(join(tmpdir(), 'sw-dkim-'));
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(join(dir, 'dkim.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const mail = MailConfig.parse({
      from: 'stancewatch <digest@news.example>',
      replyTo: 'desk@news.example',
      smtp: { host: '127.0.0.1', port: smtp.port, rateLimitPerSecond: false },
      dkim: { domainName: 'news.example', keySelector: 'sw2026', privateKeyFile: 'dkim.pem' },
    });
    const store = tmpSqliteStore();
    cleanups.push(() => store.close());
    const mailer = createMailer(mail, { cwd: dir, env: {} });
    cleanups.push(() => mailer.close());
    const summary = await deliverDigest({
      store,
      mailer,
      mail,
      digest,
      list,
      recipients: recipients.slice(0, 2),
      now: () => new Date('2026-03-02T07:00:00Z'),
      env: {},
      logger: silentLogger,
    });
    expect(summary.sent).toBe(2);
    // The public key as DNS would serve it at sw2026._domainkey.news.example.
    const p = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const resolver = async (name: string, type: string) => {
      if (name === 'sw2026._domainkey.news.example' && type === 'TXT') return [[`v=DKIM1; k=rsa; p=${p}`]];
      throw Object.assign(new Error(`no ${type} record for ${name}`), { code: 'ENOTFOUND' });
    };
    for (const m of smtp.messages) {
      const result = await dkimVerify(Buffer.from(m.raw), { resolver });
      expect(result.results.map((r) => [r.signingDomain, r.selector, r.status.result])).toEqual([
        ['news.example', 'sw2026', 'pass'],
      ]);
      expect(m.parsed.headers.get('auto-submitted')).toBe('auto-generated');
      expect(m.parsed.replyTo?.text).toBe('desk@news.example');
    }
    // A message changed on the way no longer verifies: the check above is a real one.
    const tampered = smtp.messages[0]!.raw.replace('pushing for a deal', 'pushing for a war');
    expect(tampered).not.toBe(smtp.messages[0]!.raw);
    const bad = await dkimVerify(Buffer.from(tampered), { resolver });
    expect(bad.results[0]?.status.result).not.toBe('pass');
  });

  it('a resend after a crash keeps the Message-ID (the receiver drops it); --force gets a fresh one', async () => {
    const { smtp, store, run } = await setup();
    // A sender claimed ana and died after the server's 250, before the ledger write.
    const stable = /^<desk-0123456789abcdef\.[0-9a-f]{12}@news\.example>$/;
    await run({ recipients: recipients.slice(0, 1) });
    const first = smtp!.messages[0]!.parsed.messageId ?? '';
    expect(first).toMatch(stable);
    await store.claimDelivery({
      digestId: digest.id,
      listId: 'desk',
      recipient: 'ben@example.org',
      messageId: first.replace(/\.[0-9a-f]{12}@/, '.0000aaaa0000@'),
      coveredUntil: digest.coveredUntil,
      fence: null,
      claimer: 'dead-sender#1',
      // Its in-flight window is over by now.
      inDoubtMs: 0,
    });
    await run({ recipients: recipients.slice(1, 2) });
    expect(smtp!.messages.find((m) => m.to.includes('ben@example.org'))?.parsed.messageId).toBe(
      first.replace(/\.[0-9a-f]{12}@/, '.0000aaaa0000@'),
    );
    const forced = await run({ recipients: recipients.slice(0, 1), force: true });
    expect(forced.sent).toBe(1);
    const copies = smtp!.messages
      .filter((m) => m.to.includes('ana@example.org'))
      .map((m) => m.parsed.messageId);
    expect(copies).toHaveLength(2);
    expect(copies[1]).not.toBe(copies[0]);
    expect(copies[1]).toMatch(/^<desk-0123456789abcdef\.[0-9a-f]{12}\.r[0-9a-z]+@news\.example>$/);
    expect((await store.getDelivery(digest.id, 'ana@example.org'))?.messageId).toBe(copies[1]);
  });
});

describe('file outbox', () => {
  it('writes one parseable .eml per recipient and the HTML preview; a dry run records nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-outbox-'));
    const mail = MailConfig.parse({ outbox: dir });
    const store = tmpSqliteStore();
    const mailer = createMailer(mail, { cwd: dir, env: {} });
    const base = {
      store,
      mailer,
      mail,
      digest,
      list,
      recipients,
      now: () => new Date('2026-03-02T07:00:00Z'),
      env: {},
      logger: silentLogger,
    };
    const summary = await deliverDigest(base);
    expect(summary.outboxPaths).toHaveLength(3);
    expect(summary.previewPath && existsSync(summary.previewPath)).toBe(true);
    const parsed = await simpleParser(readFileSync(summary.outboxPaths[0] ?? ''));
    expect(parsed.subject).toBe(digest.subject);
    expect(parsed.text).toContain('mailto:digest@stancewatch.invalid?subject=unsubscribe%20desk');
    expect((await deliverDigest(base)).sent).toBe(0);

    const other = { ...digest, id: 'desk-fedcba9876543210' };
    const dry = await deliverDigest({ ...base, digest: other, dryRun: true });
    expect(dry.sent).toBe(3);
    expect(await store.listDeliveries({ digestId: other.id })).toEqual([]);
    await mailer.close();
    await store.close();
  });
});

describe('after a crash', () => {
  it('an outbox message written before the crash counts as sent; one never written is sent now', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-crash-'));
    const mail = MailConfig.parse({ outbox: dir });
    const store = tmpSqliteStore();
    const mailer = createMailer(mail, { cwd: dir, env: {} });
    const base = {
      store,
      mailer,
      mail,
      digest,
      list,
      now: () => new Date('2026-03-02T07:00:00Z'),
      env: {},
      logger: silentLogger,
    };
    const first = await deliverDigest({ ...base, recipients: recipients.slice(0, 1) });
    const written = first.outboxPaths[0] ?? '';
    // The process died after writing ana's file but before recording it, and before ben was tried.
    const pending = {
      digestId: digest.id,
      listId: 'desk',
      messageId: null,
      response: null,
      nextAttemptAt: null,
      coveredUntil: digest.coveredUntil,
    };
    await store.recordDelivery({
      ...pending,
      recipient: 'ana@example.org',
      status: 'pending',
      path: written,
    });
    await store.recordDelivery({ ...pending, recipient: 'ben@example.org', status: 'pending', path: null });
    const again = await deliverDigest({ ...base, recipients: recipients.slice(0, 2) });
    expect(again).toMatchObject({ sent: 1, skippedAlreadySent: 1 });
    expect(again.outboxPaths.map((p) => p.split('/').pop())).toEqual(['ben@example.org.eml']);
    expect((await store.getDelivery(digest.id, 'ana@example.org'))?.status).toBe('sent');
    await mailer.close();
    await store.close();
  });
});

describe('unsubscribe tokens', () => {
  it('verify only for the same secret, list and address', () => {
    const token = signUnsubscribe('s3cret', 'desk', 'Ana@Example.org');
    expect(verifyUnsubscribe('s3cret', 'desk', 'ana@example.org', token)).toBe(true);
    expect(verifyUnsubscribe('s3cret', 'other', 'ana@example.org', token)).toBe(false);
    expect(verifyUnsubscribe('wrong', 'desk', 'ana@example.org', token)).toBe(false);
    expect(verifyUnsubscribe('s3cret', 'desk', 'ben@example.org', token)).toBe(false);
  });
});
