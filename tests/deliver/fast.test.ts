// Fast delivery (issue 14): the digest is composed once and each copy differs only in its To,
// Message-ID and unsubscribe link; several lanes send at once over a real SMTP pool on loopback, with
// the ledger in a real SQLite file, and nobody gets a copy twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { MailConfig, SubscriberList } from '../../src/config/schema.js';
import { composeTemplate, personalize } from '../../src/deliver/compose.js';
import { createMailer, deliverDigest, type DeliverOptions } from '../../src/deliver/index.js';
import { verifyUnsubscribe } from '../../src/deliver/unsubscribe.js';
import { silentLogger } from '../../src/log.js';
import { PREFERENCES_PLACEHOLDER, UNSUBSCRIBE_PLACEHOLDER, type RenderedDigest } from '../../src/model.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';
import { startTestSmtp } from '../helpers/smtp.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const list = SubscriberList.parse({ id: 'desk', name: 'Foreign desk', subscribers: [] });
// Long lines, non-ASCII text, "=" signs and the placeholder in the middle of a line, twice, and inside
// an attribute: everything quoted-printable can trip over.
const long =
  'Zelenskyy’s office said the “coalition of the willing” = a guarantee, ' + 'and more text '.repeat(12);
const digest: RenderedDigest = {
  id: 'desk-5566778899aabbcc',
  listId: 'desk',
  subject: '[Foreign desk] Україна: what changed — 3 changes',
  text: `Since 1 January 2024.\n${long}\nUnsubscribe: ${UNSUBSCRIBE_PLACEHOLDER} (or reply)\n  > quoted ${long}\nAgain: ${UNSUBSCRIBE_PLACEHOLDER}\nPreferences: ${PREFERENCES_PLACEHOLDER}`,
  html: `<html><body><p style="margin:0">${long}</p><p><a href="${UNSUBSCRIBE_PLACEHOLDER}" style="color:#1d4ed8">Unsubscribe</a> ${long}</p><p><a href="${PREFERENCES_PLACEHOLDER}">Preferences</a></p></body></html>`,
  coveredUntil: '2026-03-01T00:00:00.000Z',
  changeCount: 3,
  empty: false,
};
const env = { SW_SECRET: 'fast-secret' };
const PREFS = 'https://w.example/preferences?list=desk&email=a%40b.org&token=p=q';
const people = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    email: `reader${i + 1}@example.org`,
    name: i % 2 ? `Reader ${i + 1}` : `Лео ${i + 1}`,
  }));

function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sw-fast-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('compose once, personalize per recipient', () => {
  it('each copy decodes to the digest with exactly its own link, whatever the line lengths and characters', async () => {
    const mail = MailConfig.parse({ from: 'Desk <digest@news.example>', replyTo: 'desk@news.example' });
    for (const newline of ['\r\n', '\n'] as const) {
      for (const html of [digest.html, null]) {
        const template = composeTemplate({
          mail,
          list,
          digest: { ...digest, html },
          date: new Date(),
          oneClick: false,
          newline,
        });
        for (const link of [
          'https://w.example/unsubscribe?list=desk&email=a%40b.org&token=x=y',
          'mailto:d@n.example?subject=unsubscribe%20desk',
        ]) {
          const raw = personalize(template, {
            to: 'a@b.org',
            toName: 'Åsa Öberg',
            messageId: '<m1@news.example>',
            link,
            listUnsubscribe: `<${link}>`,
            preferences: PREFS,
          });
          expect(
            raw.split(newline).every((l) => l.length <= 78),
            'every line within 78 characters',
          ).toBe(true);
          const parsed = await simpleParser(raw);
          const filled = (body: string, esc: (u: string) => string) =>
            body
              .split(UNSUBSCRIBE_PLACEHOLDER)
              .join(esc(link))
              .split(PREFERENCES_PLACEHOLDER)
              .join(esc(PREFS));
          expect(parsed.text?.trimEnd()).toBe(filled(digest.text, (u) => u));
          if (html) expect(parsed.html).toBe(filled(html, (u) => u.replace(/&/g, '&amp;')));
          else expect(parsed.html).toBe(false);
          expect(parsed.subject).toBe(digest.subject);
          expect(parsed.to && 'value' in parsed.to ? parsed.to.value[0] : null).toEqual({
            name: 'Åsa Öberg',
            address: 'a@b.org',
          });
          expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
          expect(parsed.replyTo?.text).toBe('desk@news.example');
        }
      }
    }
  });

  it('over a real SMTP pool: every copy has its own To, Message-ID and signed unsubscribe link; the rest of the message is the same for all', async () => {
    const smtp = await startTestSmtp();
    cleanups.push(() => smtp.close());
    const mail = MailConfig.parse({
      from: 'stancewatch <digest@news.example>',
      smtp: { host: '127.0.0.1', port: smtp.port, maxConnections: 3, rateLimitPerSecond: false },
      publicUrl: 'https://watch.example/',
      unsubscribeSecretEnv: 'SW_SECRET',
    });
    const store = createSqliteStore({ path: join(tmp(), 'sw.db') });
    cleanups.push(() => store.close());
    const mailer = createMailer(mail, { cwd: process.cwd(), env });
    cleanups.push(() => mailer.close());
    const recipients = people(8);
    const summary = await deliverDigest({
      store,
      mailer,
      mail,
      digest,
      list,
      recipients,
      now: () => new Date('2026-03-02T07:00:00Z'),
      env,
      logger: silentLogger,
    });
    expect(summary).toMatchObject({ sent: 8, failed: 0 });
    expect(smtp.messages).toHaveLength(8);
    const shared = new Set<string>();
    const ids = new Set<string>();
    for (const r of recipients) {
      const m = smtp.messages.find((x) => x.to.includes(r.email));
      expect(m?.to).toEqual([r.email]);
      const p = m!.parsed;
      expect(p.to && 'value' in p.to ? p.to.value : null).toEqual([{ address: r.email, name: r.name }]);
      const unfolded = m!.raw.replace(/\r?\n\s+/g, ' ');
      const link =
        /^List-Unsubscribe: <(https:\/\/watch\.example\/unsubscribe\?[^>]+)>/im.exec(unfolded)?.[1] ?? '';
      const url = new URL(link);
      expect(url.searchParams.get('email')).toBe(r.email);
      expect(verifyUnsubscribe('fast-secret', 'desk', r.email, url.searchParams.get('token') ?? '')).toBe(
        true,
      );
      expect(p.text).toContain(`Unsubscribe: ${link} (or reply)`);
      expect(p.html).toContain(`href="${link.replace(/&/g, '&amp;')}"`);
      ids.add(p.messageId ?? '');
      // Their own signed preferences page.
      const prefs = /Preferences: (\S+)/.exec(p.text ?? '')?.[1] ?? '';
      expect(new URL(prefs).searchParams.get('email')).toBe(r.email);
      const mine = (body: string, esc: (u: string) => string) =>
        body.split(esc(link)).join('LINK').split(esc(prefs)).join('PREFS');
      // With its own parts taken out, every copy is the same message.
      shared.add(
        JSON.stringify([
          p.subject,
          mine(p.text ?? '', (u) => u),
          mine(String(p.html), (u) => u.replace(/&/g, '&amp;')),
          p.date?.toISOString(),
        ]),
      );
    }
    expect(ids.size).toBe(8);
    expect([...ids].every((id) => /^<desk-5566778899aabbcc\.[0-9a-f]{12}@news\.example>$/.test(id))).toBe(
      true,
    );
    expect(shared.size).toBe(1);
  });
});

describe('concurrent lanes and the ledger', () => {
  it('two senders with four lanes each, started together on one database: every recipient gets exactly one copy', async () => {
    const smtp = await startTestSmtp();
    cleanups.push(() => smtp.close());
    // Replies come back in a shuffled order, so lanes overtake each other.
    smtp.holdFor = (to) => (Number(/\d+/.exec(to[0] ?? '')?.[0] ?? 0) * 7) % 23;
    const dir = tmp();
    let t = Date.parse('2026-03-02T07:00:00Z');
    const now = () => new Date(t);
    const open = (): Store => {
      const s = createSqliteStore({ path: join(dir, 'one.db'), now });
      cleanups.push(() => s.close());
      return s;
    };
    const mail = MailConfig.parse({
      from: 'stancewatch <digest@news.example>',
      smtp: { host: '127.0.0.1', port: smtp.port, maxConnections: 4, rateLimitPerSecond: false },
    });
    const mailers = [createMailer(mail, { cwd: dir, env: {} }), createMailer(mail, { cwd: dir, env: {} })];
    for (const m of mailers) cleanups.push(() => m.close());
    const recipients = people(40);
    const deliver = (store: Store, i: number, over: Partial<DeliverOptions> = {}) =>
      deliverDigest({
        store,
        mailer: mailers[i]!,
        mail,
        digest,
        list,
        recipients,
        now,
        env: {},
        logger: silentLogger,
        ...over,
      });
    const [a, b] = [open(), open()];
    const [first, second] = await Promise.all([deliver(a, 0), deliver(b, 1)]);
    // What one sender had in flight the other left alone (in doubt); once that window has passed, a
    // later run finds it sent.
    t += mailers[0]!.inDoubtMs + 1000;
    const third = await deliver(a, 0);
    expect(first.sent + second.sent + third.sent).toBe(40);
    expect(third.sent).toBe(0);
    for (const r of recipients)
      expect(
        smtp.messages.filter((m) => m.to.includes(r.email)),
        r.email,
      ).toHaveLength(1);
    const ledger = await a.listDeliveries({ digestId: digest.id });
    expect(ledger.map((d) => d.status)).toEqual(Array(40).fill('sent'));
    // Each recipient's Message-ID in the ledger is the one the server got.
    for (const d of ledger)
      expect(smtp.messages.find((m) => m.to.includes(d.recipient))?.parsed.messageId).toBe(d.messageId);
  });

  it('the rate limit spaces messages out; false turns it off', async () => {
    const smtp = await startTestSmtp();
    cleanups.push(() => smtp.close());
    const dir = tmp();
    const send = async (rateLimitPerSecond: number | false, id: string) => {
      const mail = MailConfig.parse({
        from: 'stancewatch <digest@news.example>',
        smtp: { host: '127.0.0.1', port: smtp.port, maxConnections: 4, rateLimitPerSecond },
      });
      const store = createSqliteStore({ path: join(dir, `${id}.db`) });
      const mailer = createMailer(mail, { cwd: dir, env: {} });
      const started = Date.now();
      const summary = await deliverDigest({
        store,
        mailer,
        mail,
        digest: { ...digest, id },
        list,
        recipients: people(12),
        now: () => new Date(),
        env: {},
        logger: silentLogger,
      });
      const elapsed = Date.now() - started;
      await mailer.close();
      await store.close();
      return { summary, elapsed };
    };
    const limited = await send(20, 'desk-limited');
    expect(limited.summary.sent).toBe(12);
    // 12 messages at 20/s: the last starts at least 11 × 50 ms after the first.
    expect(limited.elapsed).toBeGreaterThanOrEqual(540);
    const free = await send(false, 'desk-unlimited');
    expect(free.summary.sent).toBe(12);
    expect(MailConfig.safeParse({ smtp: { host: 'h', rateLimitPerSecond: 0 } }).success).toBe(false);
  });
});
