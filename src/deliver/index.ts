// Delivery: one message per recipient, exactly once per (digest, recipient). The mailer is an adapter:
// SMTP through nodemailer, or a file outbox (real RFC 5322 .eml files) when no SMTP is configured. The
// delivery ledger in the store is written before and after every send, so a crash or a refusing server
// never makes a recipient miss a digest or get it twice.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import nodemailer from 'nodemailer';
import type { MailConfig, SubscriberList } from '../config/schema.js';
import type { Recipient } from '../config/subscribers.js';
import { ConfigError, StancewatchError } from '../errors.js';
import type { Logger } from '../log.js';
import { PREFERENCES_PLACEHOLDER, UNSUBSCRIBE_PLACEHOLDER, type RenderedDigest } from '../model.js';
import { signedLinkUrl } from './links.js';
import type { Fence, Store } from '../store/types.js';
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
  /** `host:port` of the SMTP server, or the outbox folder (for messages). */
  target: string;
  /**
   * How long after a claim another sender must assume this mailer's message may still be in flight
   * (the sum of its connection, greeting and socket timeouts; 0 for the outbox, which checks its file).
   */
  inDoubtMs: number;
  /** Sends one message; `signal` aborts it (the connection is closed, the outcome stays unknown). */
  send(message: OutgoingMessage, options?: { signal?: AbortSignal }): Promise<SendResult>;
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
    target: dir,
    inDoubtMs: 0,
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
    connectionTimeout: smtp.connectionTimeoutMs,
    greetingTimeout: smtp.greetingTimeoutMs,
    socketTimeout: smtp.socketTimeoutMs,
    tls: { rejectUnauthorized: !smtp.allowSelfSigned },
  });
  return {
    kind: 'smtp',
    target: `${smtp.host}:${smtp.port}`,
    inDoubtMs: smtp.connectionTimeoutMs + smtp.greetingTimeoutMs + smtp.socketTimeoutMs,
    async send(message, sendOptions = {}) {
      const info = (await transport.sendMail({
        ...mailOptions(message),
        ...(sendOptions.signal ? { signal: sendOptions.signal } : {}),
      })) as {
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
  /**
   * The list lock this delivery runs under: every recipient is claimed in the same transaction that
   * checks the lock is still ours, so a sender that lost it (paused past its lease) stops.
   */
  fence?: Fence | null;
  /** Stop before the next recipient (shutdown): the rest stay pending for the next run. */
  stop?: AbortSignal;
  /** Abort the send in flight (shutdown grace is over): it stays pending, in doubt, for the next run. */
  abort?: AbortSignal;
}

export interface DeliverySummary {
  sent: number;
  failed: number;
  skippedAlreadySent: number;
  suppressed: number;
  deferred: number;
  gaveUp: number;
  /** Left pending because another sender's message to them may still be in flight. */
  inDoubt: number;
  /** Not tried in this run (the breaker opened, the lock was lost, or shutdown); still pending. */
  notAttempted: number;
  /** Why the run stopped before the end of the list, or null. */
  stopped: string | null;
  /** What stopped it: the circuit breaker, a lost lock, or shutdown. */
  stopKind: 'breaker' | 'fenced' | 'shutdown' | null;
  outboxPaths: string[];
  previewPath: string | null;
}

/** Errors that mean the server could not be reached or never answered (not a refusal of one recipient). */
const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'ECONNREFUSED']);
export function isConnectionFailure(error: unknown): boolean {
  const e = error as { code?: string; responseCode?: number; message?: string };
  if (e.responseCode) return false;
  if (e.code && CONNECTION_CODES.has(e.code)) return true;
  return /greeting never received|connection timeout|timed out|ECONNREFUSED|ECONNRESET/i.test(
    e.message ?? '',
  );
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
  let link = mailto;
  let preferences = '';
  if (mail.publicUrl) {
    const secret = options.env[mail.unsubscribeSecretEnv];
    if (!secret) {
      throw new StancewatchError(
        `mail.unsubscribeSecretEnv: the environment variable ${mail.unsubscribeSecretEnv} is empty (expected a secret to sign unsubscribe links, since mail.publicUrl is set)`,
        { exitCode: 2 },
      );
    }
    https = unsubscribeUrl(mail.publicUrl, secret, list.id, to);
    link = https;
    preferences = signedLinkUrl(mail.publicUrl, secret, 'preferences', list.id, to, options.now);
  }
  const links = (s: string, escape: (u: string) => string) =>
    s
      .split(UNSUBSCRIBE_PLACEHOLDER)
      .join(escape(link))
      .split(PREFERENCES_PLACEHOLDER)
      .join(escape(preferences));
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
    text: links(digest.text, (u) => u),
    html: digest.html ? links(digest.html, (u) => u.replace(/&/g, '&amp;')) : null,
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
    inDoubt: 0,
    notAttempted: 0,
    stopped: null,
    stopKind: null,
    outboxPaths: [],
    previewPath: null,
  };
  const record = !options.dryRun && !options.only;
  const mailer = options.dryRun ? createOutboxMailer(resolve(mail.outbox)) : options.mailer;
  const fence = record ? (options.fence ?? null) : null;
  // Who claims the recipients: the lock's holder and generation, or a one-off id without a lock.
  const claimer = fence
    ? `${fence.holder}#${fence.generation}`
    : `unlocked:${process.pid}:${randomUUID().slice(0, 8)}`;
  const breakerLimit = mail.smtp?.circuitBreakerFailures ?? 3;
  let consecutiveConnectionFailures = 0;
  try {
    const recipients: Recipient[] = options.only ? [{ email: options.only, name: null }] : options.recipients;
    for (const [index, r] of recipients.entries()) {
      if (summary.stopped) break;
      if (options.stop?.aborted || options.abort?.aborted) {
        summary.stopped = `stopped before ${r.email}: the worker is shutting down or lost its lease; the rest stay pending for the next run`;
        summary.stopKind = 'shutdown';
        summary.notAttempted = recipients.length - index;
        break;
      }
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
        recipient: email,
        messageId: message.messageId,
      };
      if (record) {
        // The claim: the lock is still ours and nobody else's message to them may be in flight, checked
        // and written in one transaction right before the send.
        const claim = await store.claimDelivery({
          ...base,
          listId: list.id,
          coveredUntil: digest.coveredUntil,
          fence,
          claimer,
          inDoubtMs: mailer.inDoubtMs,
        });
        if (!claim.ok) {
          if (claim.reason === 'sent' && !options.force) {
            summary.skippedAlreadySent++;
            continue;
          }
          if (claim.reason === 'in-doubt') {
            summary.inDoubt++;
            logger.warn(`${list.id}: not sending to ${email} now: ${claim.detail}; retried on a later run`);
            continue;
          }
          if (claim.reason === 'fenced') {
            summary.stopKind = 'fenced';
            summary.stopped = `lost the lock on list ${list.id}: ${claim.detail}; the new holder finishes the list`;
            summary.notAttempted = recipients.length - index;
            logger.warn(`${list.id}: ${summary.stopped}`);
            break;
          }
        }
      }
      try {
        const result = await mailer.send(message, options.abort ? { signal: options.abort } : {});
        consecutiveConnectionFailures = 0;
        if (result.path) summary.outboxPaths.push(result.path);
        if (record)
          await store.finishDelivery(
            {
              ...base,
              status: 'sent',
              messageId: result.messageId,
              response: result.response,
              path: result.path,
              nextAttemptAt: null,
            },
            claimer,
          );
        summary.sent++;
      } catch (error) {
        const reason = errorText(error);
        if (options.abort?.aborted) {
          // Cut off by shutdown: whether the server took it is unknown, so the claim stays (pending, in
          // doubt) and the next run sends it once the claim's in-flight window has passed.
          summary.stopped = 'shutting down (the message in flight was aborted and left pending)';
          summary.stopKind = 'shutdown';
          summary.notAttempted = recipients.length - index;
          logger.warn(`${list.id}: send to ${email} aborted by shutdown; left pending for the next run`);
          break;
        }
        const attempts = existing?.attempts ?? 0;
        const delayMs = mail.retry.backoffMinutes * 60_000 * 2 ** attempts;
        const next = new Date(now.getTime() + delayMs).toISOString();
        if (record)
          await store.finishDelivery(
            {
              ...base,
              status: 'failed',
              response: reason,
              path: null,
              nextAttemptAt: next,
            },
            claimer,
          );
        summary.failed++;
        logger.warn(
          `${list.id}: delivery to ${email} failed: ${reason}${record ? ` (retry after ${next})` : ''}`,
        );
        if (isConnectionFailure(error)) {
          consecutiveConnectionFailures++;
          if (mailer.kind === 'smtp' && consecutiveConnectionFailures >= breakerLimit) {
            // The circuit breaker: a dead server costs a few timeouts, not one per recipient.
            const left = recipients.length - index - 1;
            summary.notAttempted = left;
            summary.stopKind = 'breaker';
            summary.stopped = `gave up on SMTP server ${mailer.target} after ${consecutiveConnectionFailures} consecutive connection failures (last: ${reason}); ${left} recipient${left === 1 ? '' : 's'} left pending for the next run`;
            logger.error(`${list.id}: ${summary.stopped}`);
            break;
          }
        } else {
          consecutiveConnectionFailures = 0;
        }
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
