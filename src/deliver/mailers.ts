// The mailer adapters: SMTP through a nodemailer pool, or the file outbox (real RFC 5322 .eml files)
// when no SMTP server is configured. Both take a finished message (composed once per digest, see
// compose.ts) and only carry it; DKIM signing happens here, on the way out.
import { createPrivateKey } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nodemailer from 'nodemailer';
import type { MailConfig } from '../config/schema.js';
import { ConfigError } from '../errors.js';

export interface OutgoingMessage {
  /** The envelope sender (MAIL FROM). */
  from: string;
  /** The recipient's address (and only theirs): the envelope's RCPT TO. */
  to: string;
  /** The whole message, headers and encoded body, as composed for this recipient. */
  raw: string;
  messageId: string;
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
  /** How many messages may be on their way at once (the pool's connections; the outbox writes a few). */
  concurrency: number;
  /** Newline of the messages it takes (CRLF on the wire, LF in outbox files). */
  newline: '\r\n' | '\n';
  /** Sends one message; `signal` aborts it (the connection is closed, the outcome stays unknown). */
  send(message: OutgoingMessage, options?: { signal?: AbortSignal }): Promise<SendResult>;
  /**
   * For an error every further send would hit too (a setting must change), the one line that says so;
   * null for an error that concerns one message or one moment.
   */
  fatal(error: unknown): string | null;
  /** Outbox only: writes the digest's HTML next to its messages, for a look in a browser. */
  preview?(folder: string, html: string): string;
  close(): Promise<void>;
}

export interface MailerOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

const writeAtomic = (path: string, content: string | Buffer) => {
  // Write-then-rename: a reader (or a crash) never sees half a message.
  writeFileSync(`${path}.tmp`, content);
  renameSync(`${path}.tmp`, path);
};

export interface DkimKey {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

/**
 * Reads the DKIM private key from the file or the environment variable the config names (never from
 * the config itself) and checks that it is a private key; a config error naming the field otherwise.
 */
export function loadDkimKey(mail: MailConfig, options: MailerOptions): DkimKey | null {
  const dkim = mail.dkim;
  if (!dkim) return null;
  let privateKey: string | undefined;
  let field: string;
  if (dkim.privateKeyFile) {
    field = 'mail.dkim.privateKeyFile';
    try {
      privateKey = readFileSync(resolve(options.cwd, dkim.privateKeyFile), 'utf8');
    } catch (cause) {
      throw new ConfigError(
        'mail.dkim',
        [
          `${field}: cannot read ${dkim.privateKeyFile} (${(cause as NodeJS.ErrnoException).code ?? String(cause)}; expected a PEM private key file)`,
        ],
        { cause },
      );
    }
  } else {
    field = 'mail.dkim.privateKeyEnv';
    privateKey = options.env[dkim.privateKeyEnv ?? ''];
    if (!privateKey)
      throw new ConfigError('mail.dkim', [
        `${field}: the environment variable ${dkim.privateKeyEnv} is empty (expected a PEM private key)`,
      ]);
  }
  try {
    createPrivateKey(privateKey);
  } catch (cause) {
    throw new ConfigError(
      'mail.dkim',
      [`${field}: not a PEM private key (expected "-----BEGIN … PRIVATE KEY-----")`],
      {
        cause,
      },
    );
  }
  return { domainName: dkim.domainName, keySelector: dkim.keySelector, privateKey };
}

export function createOutboxMailer(dir: string, dkim: DkimKey | null = null): Mailer {
  // Only a signed copy needs nodemailer (its DKIM signer); an unsigned one is written as composed.
  const signer = dkim
    ? nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix', dkim })
    : null;
  const made = new Set<string>();
  return {
    kind: 'outbox',
    target: dir,
    inDoubtMs: 0,
    concurrency: 8,
    newline: '\n',
    async send(message) {
      const folder = join(dir, message.folder);
      if (!made.has(folder)) {
        mkdirSync(folder, { recursive: true });
        made.add(folder);
      }
      const content = signer
        ? (
            (await signer.sendMail({
              envelope: { from: message.from, to: message.to },
              raw: message.raw,
            })) as {
              message: Buffer;
            }
          ).message
        : message.raw;
      const path = join(folder, `${message.to.replace(/[^\w.@+-]/g, '_')}.eml`);
      // Write-then-rename, off the main thread: several files are written side by side.
      await writeFile(`${path}.tmp`, content);
      await rename(`${path}.tmp`, path);
      return { messageId: message.messageId, response: `written to ${path}`, path };
    },
    fatal: () => null,
    preview(folderName, html) {
      const folder = join(dir, folderName);
      mkdirSync(folder, { recursive: true });
      const path = join(folder, 'digest.html');
      writeAtomic(path, html);
      return path;
    },
    async close() {
      signer?.close();
    },
  };
}

export function createMailer(mail: MailConfig, options: MailerOptions): Mailer {
  const smtp = mail.smtp;
  const dkim = loadDkimKey(mail, options);
  if (!smtp) return createOutboxMailer(resolve(options.cwd, mail.outbox), dkim);
  const pass = options.env[smtp.passwordEnv];
  if (smtp.user && !pass) {
    throw new ConfigError('mail.smtp', [
      `mail.smtp.passwordEnv: the environment variable ${smtp.passwordEnv} is empty (expected the SMTP password for user "${smtp.user}")`,
    ]);
  }
  // A password goes over TLS only: with a user and no implicit TLS, STARTTLS becomes required unless
  // the config explicitly allows plaintext AUTH.
  const tlsForAuth = Boolean(smtp.user) && !smtp.secure && !smtp.requireTLS && !smtp.allowInsecureAuth;
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: smtp.requireTLS || tlsForAuth,
    ...(smtp.user ? { auth: { user: smtp.user, pass } } : {}),
    // The rate limit is ours (deliver/rate-limit.ts, pooled or not), so the pool itself is not throttled.
    ...(smtp.pool ? { pool: true as const, maxConnections: smtp.maxConnections, maxMessages: 1000 } : {}),
    connectionTimeout: smtp.connectionTimeoutMs,
    greetingTimeout: smtp.greetingTimeoutMs,
    socketTimeout: smtp.socketTimeoutMs,
    tls: { rejectUnauthorized: !smtp.allowSelfSigned },
    ...(dkim ? { dkim } : {}),
  });
  const target = `${smtp.host}:${smtp.port}`;
  return {
    kind: 'smtp',
    target,
    inDoubtMs: smtp.connectionTimeoutMs + smtp.greetingTimeoutMs + smtp.socketTimeoutMs,
    concurrency: smtp.maxConnections,
    newline: '\r\n',
    async send(message, sendOptions = {}) {
      const info = (await transport.sendMail({
        envelope: { from: message.from, to: message.to },
        raw: message.raw,
        ...(sendOptions.signal ? { signal: sendOptions.signal } : {}),
      })) as { response: string };
      return { messageId: message.messageId, response: info.response, path: null };
    },
    fatal(error) {
      const e = error as { code?: string; command?: string };
      if (tlsForAuth && e.code === 'ETLS')
        return `refused to send the SMTP password for user "${smtp.user}" without TLS: ${target} does not offer STARTTLS; use a TLS port (mail.smtp.secure: true, usually port 465), or set mail.smtp.allowInsecureAuth: true to send it in plaintext`;
      if (e.code === 'EAUTH')
        return `the SMTP server ${target} refused the login of user "${smtp.user ?? ''}"; check mail.smtp.user and $${smtp.passwordEnv}`;
      return null;
    },
    async close() {
      transport.close();
    },
  };
}
