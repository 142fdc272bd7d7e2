// Delivery: one message per recipient, exactly once per (digest, recipient). The mailer is an adapter:
// SMTP through nodemailer, or a file outbox (real RFC 5322 .eml files) when no SMTP is configured. The
// delivery ledger in the store is written before and after every send, so a crash or a refusing server
// never makes a recipient miss a digest or get it twice.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import nodemailer from 'nodemailer';
import type { MailConfig, SubscriberList } from '../config/schema.js';
import type { Recipient } from '../config/subscribers.js';
import { ConfigError, StancewatchError } from '../errors.js';
import type { Logger } from '../log.js';
import { UNSUBSCRIBE_PLACEHOLDER, type RenderedDigest } from '../model.js';
import type { Store } from '../store/types.js';
import { unsubscribeUrl } from './unsubscribe.js';

export interface OutgoingMessage {
  from: string;
  replyTo?: string;
  /** The recipient's address (and only theirs). */
  to: string;
  /** Their name, shown in the To header when known. */
  toName?: string | null;
  subject: string;
  text: string;
  html: string | null;
  messageId: string;
  date: Date;
  headers: Record<string, string>;
  /** Outbox only: the folder (relative to the outbox) this digest's files go to. */
  folder: string;
}

export interface SendResult {
  messageId: string;
  response: string;
  /** Where the outbox wrote the message. */
  path: string | null;
}

export interface Mailer {
  kind: 'smtp' | 'outbox';
  send(message: OutgoingMessage): Promise<SendResult>;
  /** Outbox only: writes the digest's HTML next to its messages, for a look in a browser. */
  preview?(folder: string, html: string): string;
  close(): Promise<void>;
}

const writeAtomic = (path: string, content: string | Buffer) => {
  // Write-then-rename: a reader (or a crash) never sees half a message.
  writeFileSync(`${path}.tmp`, content);
  renameSync(`${path}.tmp`, path);
};

const mailOptions = (m: OutgoingMessage) => ({
  from: m.from,
  to: m.toName ? { name: m.toName, address: m.to } : m.to,
  replyTo: m.replyTo,
  subject: m.subject,
  text: m.text,
  ...(m.html ? { html: m.html } : {}),
  messageId: m.messageId,
  date: m.date,
  headers: m.headers,
});

export function createOutboxMailer(dir: string): Mailer {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'outbox',
    async send(message) {
      const folder = join(dir, message.folder);
      mkdirSync(folder, { recursive: true });
      const info = (await composer.sendMail(mailOptions(message))) as { message: Buffer; messageId: string };
      const path = join(folder, `${message.to.replace(/[^\w.@+-]/g, '_')}.eml`);
      writeAtomic(path, info.message);
      return { messageId: info.messageId, response: `written to ${path}`, path };
    },
    preview(folderName, html) {
      const folder = join(dir, folderName);
      mkdirSync(folder, { recursive: true });
      const path = join(folder, 'digest.html');
      writeAtomic(path, html);
      return path;
    },
    async close() {
      composer.close();
    },
  };
}

export function createMailer(mail: MailConfig, options: { cwd: string; env: NodeJS.ProcessEnv }): Mailer {
  const smtp = mail.smtp;
  if (!smtp) return createOutboxMailer(resolve(options.cwd, mail.outbox));
  const pass = options.env[smtp.passwordEnv];
  if (smtp.user && !pass) {
    throw new ConfigError('mail.smtp', [
      `mail.smtp.passwordEnv: the environment variable ${smtp.passwordEnv} is empty (expected the SMTP password for user "${smtp.user}")`,
    ]);
  }
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: smtp.requireTLS,
    ...(smtp.user ? { auth: { user: smtp.user, pass } } : {}),
    ...(smtp.pool
      ? {
          pool: true as const,
          maxConnections: smtp.maxConnections,
          rateDelta: 1000,
          rateLimit: Math.max(1, Math.floor(smtp.rateLimitPerSecond)),
        }
      : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    tls: { rejectUnauthorized: !smtp.allowSelfSigned },
  });
  return {
    kind: 'smtp',
    async send(message) {
      const info = (await transport.sendMail(mailOptions(message))) as {
        messageId: string;
        response: string;
      };
      return { messageId: info.messageId, response: info.response, path: null };
    },
    async close() {
      transport.close();
    },
  };
}

export interface DeliverOptions {
  store: Store;
  mailer: Mailer;
  mail: MailConfig;
  digest: RenderedDigest;
  list: SubscriberList;
  recipients: Recipient[];
  /** Resend to recipients who already received this digest, and retry failures now. */
  force?: boolean;
  /** Render to the outbox (even with SMTP configured); record nothing. */
  dryRun?: boolean;
  /** A test send: only this address gets a copy; nothing is recorded. */
  only?: string;
  now: () => Date;
  env: NodeJS.ProcessEnv;
  logger: Logger;
}

export interface DeliverySummary {
  sent: number;
  failed: number;
  skippedAlreadySent: number;
  suppressed: number;
  deferred: number;
  gaveUp: number;
  outboxPaths: string[];
  previewPath: string | null;
}

const domainOf = (from: string) => /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'stancewatch.invalid';
const addressOf = (from: string) => /<([^>]+)>/.exec(from)?.[1] ?? from.trim();

/** Builds the message for one recipient: only their address in To, their own unsubscribe link. */
export function buildMessage(options: {
  mail: MailConfig;
  list: SubscriberList;
  digest: RenderedDigest;
  to: string;
  now: Date;
  folder: string;
  env: NodeJS.ProcessEnv;
}): OutgoingMessage {
  const { mail, list, digest, to } = options;
  const domain = domainOf(mail.from);
  const mailto = `mailto:${mail.unsubscribeMailto ?? addressOf(mail.from)}?subject=${encodeURIComponent(`unsubscribe ${list.id}`)}`;
  let https: string | null = null;
  if (mail.publicUrl) {
    const secret = options.env[mail.unsubscribeSecretEnv];
    if (!secret) {
      throw new StancewatchError(
        `mail.unsubscribeSecretEnv: the environment variable ${mail.unsubscribeSecretEnv} is empty (expected a secret to sign unsubscribe links, since mail.publicUrl is set)`,
        { exitCode: 2 },
      );
    }
    https = unsubscribeUrl(mail.publicUrl, secret, list.id, to);
  }
  const link = https ?? mailto;
  const headers: Record<string, string> = {
    'List-Id': `${list.name.replace(/[<>"\r\n]/g, '')} <${list.id}.${domain}>`,
    'List-Unsubscribe': https ? `<${https}>, <${mailto}>` : `<${mailto}>`,
    'X-Stancewatch-Digest': digest.id,
  };
  if (https) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  const recipientHash = createHash('sha256').update(to.toLowerCase()).digest('hex').slice(0, 12);
  return {
    from: mail.from,
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    to,
    subject: digest.subject,
    text: digest.text.split(UNSUBSCRIBE_PLACEHOLDER).join(link),
    html: digest.html ? digest.html.split(UNSUBSCRIBE_PLACEHOLDER).join(link.replace(/&/g, '&amp;')) : null,
    // The same digest to the same person always carries the same Message-ID, so even a resend after a
    // crash is recognisable as one message by the receiving side.
    messageId: `<${digest.id}.${recipientHash}@${domain}>`,
    date: options.now,
    headers,
    folder: options.folder,
  };
}

const errorText = (error: unknown) => {
  const e = error as { response?: string; responseCode?: number; code?: string; message?: string };
  return e.response ?? (e.code ? `${e.code}: ${e.message ?? ''}` : (e.message ?? String(error)));
};

export async function deliverDigest(options: DeliverOptions): Promise<DeliverySummary> {
  const { store, digest, list, mail, logger } = options;
  const now = options.now();
  const folder = join(list.id, now.toISOString().replace(/[:.]/g, '-'));
  const summary: DeliverySummary = {
    sent: 0,
    failed: 0,
    skippedAlreadySent: 0,
    suppressed: 0,
    deferred: 0,
    gaveUp: 0,
    outboxPaths: [],
    previewPath: null,
  };
  const record = !options.dryRun && !options.only;
  const mailer = options.dryRun ? createOutboxMailer(resolve(mail.outbox)) : options.mailer;
  try {
    const recipients: Recipient[] = options.only ? [{ email: options.only, name: null }] : options.recipients;
    for (const r of recipients) {
      const email = r.email;
      if (record && (await store.isSuppressed(email, list.id))) {
        summary.suppressed++;
        continue;
      }
      const existing = record ? await store.getDelivery(digest.id, email) : null;
      if (existing && !options.force) {
        if (existing.status === 'sent') {
          summary.skippedAlreadySent++;
          continue;
        }
        if (existing.status === 'failed') {
          if (existing.attempts >= mail.retry.maxAttempts) {
            summary.gaveUp++;
            continue;
          }
          if (existing.nextAttemptAt && existing.nextAttemptAt > now.toISOString()) {
            summary.deferred++;
            continue;
          }
        }
        // Left pending by a crash: with the outbox we can see whether the file got written; over SMTP we
        // cannot know, and a repeat (same Message-ID) is better than a recipient who never gets it.
        if (existing.status === 'pending' && existing.path && existsSync(existing.path)) {
          await store.recordDelivery({
            ...existing,
            status: 'sent',
            response: 'found in the outbox after an interruption',
          });
          summary.skippedAlreadySent++;
          continue;
        }
      }
      const message = {
        ...buildMessage({ mail, list, digest, to: email, now, folder, env: options.env }),
        toName: r.name,
      };
      const base = {
        digestId: digest.id,
        listId: list.id,
        recipient: email,
        messageId: message.messageId,
        coveredUntil: digest.coveredUntil,
      };
      if (record)
        await store.recordDelivery({
          ...base,
          status: 'pending',
          response: null,
          path: null,
          nextAttemptAt: null,
        });
      try {
        const result = await mailer.send(message);
        if (result.path) summary.outboxPaths.push(result.path);
        if (record)
          await store.recordDelivery({
            ...base,
            status: 'sent',
            messageId: result.messageId,
            response: result.response,
            path: result.path,
            nextAttemptAt: null,
          });
        summary.sent++;
      } catch (error) {
        const attempts = existing?.attempts ?? 0;
        const delayMs = mail.retry.backoffMinutes * 60_000 * 2 ** attempts;
        const next = new Date(now.getTime() + delayMs).toISOString();
        const reason = errorText(error);
        if (record)
          await store.recordDelivery({
            ...base,
            status: 'failed',
            response: reason,
            path: null,
            nextAttemptAt: next,
          });
        summary.failed++;
        logger.warn(
          `${list.id}: delivery to ${email} failed: ${reason}${record ? ` (retry after ${next})` : ''}`,
        );
      }
    }
    // The browser copy of the HTML goes next to the messages it belongs to.
    if (mailer.preview && digest.html && (summary.sent > 0 || options.dryRun))
      summary.previewPath = mailer.preview(folder, digest.html);
  } finally {
    if (options.dryRun) await mailer.close();
  }
  return summary;
}
