// Delivery: one message per recipient, exactly once per (digest, recipient). The digest is composed
// and encoded once (compose.ts); each recipient's copy only differs in To, Message-ID and unsubscribe
// link. Several lanes send side by side (as many as the mailer's pool has connections), each recipient
// claimed in the delivery ledger under the sender's fence before its send (untouched ones in small
// batches, which other workers helping with the digest share; see share.ts) and recorded right after,
// so a crash or a refusing server never makes a recipient miss a digest or get it twice.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { MailConfig, SubscriberList } from '../config/schema.js';
import type { Recipient } from '../config/subscribers.js';
import { StancewatchError } from '../errors.js';
import type { Logger } from '../log.js';
import type { RenderedDigest } from '../model.js';
import type { DeliveryRecord, Fence, Store } from '../store/types.js';
import { addressOf, composeTemplate, messageIdFor, personalize, type MessageTemplate } from './compose.js';
import { batchSource, listSource, settleHelpers, type Item, type Source } from './share.js';
import { createOutboxMailer, loadDkimKey, type Mailer } from './mailers.js';
import { createRateLimiter, type RateLimiter } from './rate-limit.js';
import { signedLinkUrl } from './links.js';
import { unsubscribeUrl } from './unsubscribe.js';

export {
  createMailer,
  createOutboxMailer,
  type Mailer,
  type OutgoingMessage,
  type SendResult,
} from './mailers.js';

export interface DeliverOptions {
  store: Store;
  mailer: Mailer;
  mail: MailConfig;
  digest: RenderedDigest;
  list: SubscriberList;
  recipients: Recipient[];
  /** Resend to recipients who already received this digest (with a fresh Message-ID), and retry failures now. */
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
  /** Abort the sends in flight (shutdown grace is over): they stay pending, in doubt, for the next run. */
  abort?: AbortSignal;
  /**
   * Helping another sender's open delivery (see pipeline/share.ts): only recipients nobody has touched
   * are claimed, in batches, under `fence` (the helper's own lease); the list is never walked.
   */
  helping?: boolean;
}

/** Claims made by helpers start so, and the list lock's holder waits for them at the end of its pass. */
export const HELPER_CLAIMER = 'helper:';

export interface DeliverySummary {
  sent: number;
  failed: number;
  /** Refused permanently by the server in this run (5xx at RCPT TO): not retried. */
  bounced: number;
  skippedAlreadySent: number;
  suppressed: number;
  deferred: number;
  /** Not tried again: out of retries, or bounced in an earlier run. */
  gaveUp: number;
  /** Left pending because another sender's message to them may still be in flight. */
  inDoubt: number;
  /** Not tried in this run (the breaker opened, the lock was lost, a setting is wrong, or shutdown); still pending. */
  notAttempted: number;
  /** Why the run stopped before the end of the list, or null. */
  stopped: string | null;
  /** What stopped it: the circuit breaker, a lost lock, a wrong setting, or shutdown. */
  stopKind: 'breaker' | 'fenced' | 'config' | 'shutdown' | null;
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

/** The server refused this address for good (5xx to RCPT TO): a hard bounce, not worth a retry. */
export function isHardBounce(error: unknown): boolean {
  const e = error as { code?: string; command?: string; responseCode?: number };
  return e.code === 'EENVELOPE' && e.command === 'RCPT TO' && (e.responseCode ?? 0) >= 500;
}

const errorText = (error: unknown) => {
  const e = error as { response?: string; responseCode?: number; code?: string; message?: string };
  return e.response ?? (e.code ? `${e.code}: ${e.message ?? ''}` : (e.message ?? String(error)));
};

/**
 * The links of one recipient: unsubscribe (the mailto always, the signed https link when publicUrl is
 * set) and, with publicUrl, their signed preferences page.
 */
function recipientLinks(
  mail: MailConfig,
  list: SubscriberList,
  to: string,
  secret: string | null,
  now: Date,
) {
  const mailto = `mailto:${mail.unsubscribeMailto ?? addressOf(mail.from)}?subject=${encodeURIComponent(`unsubscribe ${list.id}`)}`;
  const https = mail.publicUrl && secret ? unsubscribeUrl(mail.publicUrl, secret, list.id, to) : null;
  const preferences =
    mail.publicUrl && secret ? signedLinkUrl(mail.publicUrl, secret, 'preferences', list.id, to, now) : '';
  return {
    link: https ?? mailto,
    listUnsubscribe: https ? `<${https}>, <${mailto}>` : `<${mailto}>`,
    preferences,
  };
}

function unsubscribeSecret(mail: MailConfig, env: NodeJS.ProcessEnv): string | null {
  if (!mail.publicUrl) return null;
  const secret = env[mail.unsubscribeSecretEnv];
  if (!secret) {
    throw new StancewatchError(
      `mail.unsubscribeSecretEnv: the environment variable ${mail.unsubscribeSecretEnv} is empty (expected a secret to sign unsubscribe links, since mail.publicUrl is set)`,
      { exitCode: 2 },
    );
  }
  return secret;
}

const emptySummary = (): DeliverySummary => ({
  sent: 0,
  failed: 0,
  bounced: 0,
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
});

/** What one delivery run shares between its lanes. */
export interface Run {
  options: DeliverOptions;
  mailer: Mailer;
  template: MessageTemplate;
  secret: string | null;
  summary: DeliverySummary;
  record: boolean;
  fence: Fence | null;
  claimer: string;
  folder: string;
  now: Date;
  limiter: RateLimiter;
  consecutiveConnectionFailures: number;
  breakerLimit: number;
  /** Recipients taken by a lane but left pending (a lost lock, shutdown): counted as not attempted. */
  untried: number;
  /** Set once: the first reason to stop taking recipients. */
  halt: { kind: NonNullable<DeliverySummary['stopKind']>; reason: string } | null;
  /** Recipients a batch claimed that a lane took but did not send (the run halted first). */
  unused: string[];
  /** Recipients left in doubt because a helper holds them: waited for at the end of the pass. */
  waiting: Array<{ recipient: Recipient; until: string | null }>;
}

export async function deliverDigest(options: DeliverOptions): Promise<DeliverySummary> {
  const { digest, list, mail } = options;
  const now = options.now();
  const summary = emptySummary();
  const record = !options.dryRun && !options.only;
  const mailer = options.dryRun
    ? createOutboxMailer(resolve(mail.outbox), loadDkimKey(mail, { cwd: process.cwd(), env: options.env }))
    : options.mailer;
  const fence = record ? (options.fence ?? null) : null;
  const run: Run = {
    options,
    mailer,
    template: composeTemplate({
      mail,
      list,
      digest,
      date: now,
      oneClick: Boolean(mail.publicUrl),
      newline: mailer.newline,
    }),
    secret: unsubscribeSecret(mail, options.env),
    summary,
    record,
    fence,
    // Who claims the recipients: the lock's holder and generation, or a one-off id without a lock.
    claimer: fence
      ? `${options.helping ? HELPER_CLAIMER : ''}${fence.holder}#${fence.generation}`
      : `unlocked:${process.pid}:${randomUUID().slice(0, 8)}`,
    folder: join(list.id, now.toISOString().replace(/[:.]/g, '-')),
    now,
    limiter: createRateLimiter(
      mailer.kind === 'smtp' && mail.smtp?.rateLimitPerSecond ? mail.smtp.rateLimitPerSecond : null,
    ),
    consecutiveConnectionFailures: 0,
    breakerLimit: mail.smtp?.circuitBreakerFailures ?? 3,
    untried: 0,
    halt: null,
    unused: [],
    waiting: [],
  };
  try {
    const recipients: Recipient[] = options.only ? [{ email: options.only, name: null }] : options.recipients;
    summary.notAttempted = await sendAll(run, recipients);
    if (run.halt) describeHalt(run, summary.notAttempted);
    // The browser copy of the HTML goes next to the messages it belongs to.
    if (mailer.preview && digest.html && (summary.sent > 0 || options.dryRun))
      summary.previewPath = mailer.preview(run.folder, digest.html);
  } finally {
    if (options.dryRun) await mailer.close();
  }
  return summary;
}

/**
 * The pass over a digest's recipients; returns how many were not attempted. First the untouched ones in
 * batch claims (shared with any helper, each batch one commit), then the list walked one by one for
 * what batches never take (retries, in-doubt rows, outbox files, --force, recipients without a ledger
 * row), then the wait for what helpers still hold. A helper does the first part only.
 */
async function sendAll(run: Run, recipients: Recipient[]): Promise<number> {
  const { options } = run;
  let rest = recipients;
  let leftover = 0;
  if (run.record && !options.force) {
    const claimed = new Set<string>();
    const batches = batchSource(run, recipients, claimed);
    await runLanes(run, batches.next);
    // Claimed but never sent (the run halted): given back at once, not left in doubt for a claim's window.
    const unused = [...batches.leftover(), ...run.unused.splice(0)];
    if (unused.length > 0) await options.store.releaseClaims(options.digest.id, unused, run.claimer);
    leftover = batches.leftover().length;
    if (options.helping) return leftover + run.untried;
    rest = recipients.filter((r) => !claimed.has(r.email));
  }
  const taken = await runLanes(run, listSource(rest));
  if (run.waiting.length > 0) await settleHelpers(run);
  return rest.length - taken + leftover + run.untried;
}

/**
 * Sends in `mailer.concurrency` lanes that take the next recipient from one shared source until it
 * runs dry or the run halts; returns how many were taken. An error in one lane (a store
 * failure) halts the others at their next recipient and is rethrown once every lane has stopped, so no
 * send is left running behind the caller's back.
 */
export async function runLanes(run: Run, next: Source): Promise<number> {
  const { options } = run;
  let taken = 0;
  const lane = async () => {
    try {
      for (;;) {
        if (!run.halt && (options.stop?.aborted || options.abort?.aborted))
          haltRun(
            run,
            'shutdown',
            'the worker is shutting down or lost its lease; the rest stay pending for the next run',
          );
        if (run.halt) return;
        const item = await next();
        if (!item) return;
        taken++;
        await deliverOne(run, item);
      }
    } catch (error) {
      haltRun(run, 'config', `delivery stopped: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
  };
  const lanes = await Promise.allSettled(Array.from({ length: Math.max(1, run.mailer.concurrency) }, lane));
  const failure = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
  if (failure) throw failure.reason;
  return taken;
}

export function haltRun(run: Run, kind: NonNullable<DeliverySummary['stopKind']>, reason: string) {
  run.halt ??= { kind, reason };
}

/** The summary's `stopped` line, written once every lane has finished (the count left is known then). */
function describeHalt(run: Run, left: number) {
  const { halt, summary, options } = run;
  if (!halt) return;
  const rest = `${left} recipient${left === 1 ? '' : 's'} left pending for the next run`;
  summary.stopKind = halt.kind;
  summary.stopped =
    halt.kind === 'breaker'
      ? `gave up on SMTP server ${run.mailer.target} after ${run.consecutiveConnectionFailures} consecutive connection failures (last: ${halt.reason}); ${rest}`
      : halt.kind === 'fenced'
        ? `lost the lock on list ${options.list.id}: ${halt.reason}; the new holder finishes the list`
        : halt.kind === 'config'
          ? `${halt.reason}; ${rest}`
          : halt.reason;
  if (halt.kind === 'shutdown') options.logger.warn(`${options.list.id}: stopped: ${halt.reason}`);
  else options.logger.error(`${options.list.id}: ${summary.stopped}`);
}

/**
 * Whether this recipient is skipped before any claim: suppressed, already sent, out of retries, waiting
 * for their backoff, bounced, or found in the outbox after an interruption. Returns their ledger row.
 */
async function skip(run: Run, email: string): Promise<{ skip: boolean; existing: DeliveryRecord | null }> {
  const { options, summary } = run;
  const { store, list, mail } = options;
  if (!run.record) return { skip: false, existing: null };
  if (await store.isSuppressed(email, list.id)) {
    summary.suppressed++;
    return { skip: true, existing: null };
  }
  const existing = await store.getDelivery(options.digest.id, email);
  if (!existing || options.force) return { skip: false, existing };
  if (existing.status === 'sent') {
    summary.skippedAlreadySent++;
    return { skip: true, existing };
  }
  if (
    existing.status === 'bounced' ||
    (existing.status === 'failed' && existing.attempts >= mail.retry.maxAttempts)
  ) {
    summary.gaveUp++;
    return { skip: true, existing };
  }
  if (
    existing.status === 'failed' &&
    existing.nextAttemptAt &&
    existing.nextAttemptAt > run.now.toISOString()
  ) {
    summary.deferred++;
    return { skip: true, existing };
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
    return { skip: true, existing };
  }
  return { skip: false, existing };
}

/**
 * The Message-ID for this copy: a pending row's (a resend after a crash keeps it, so the receiving side
 * drops the duplicate), a fresh one for a deliberate resend of a sent digest (--force; a client would
 * drop a repeated id), the stable one otherwise.
 */
function chooseMessageId(run: Run, email: string, existing: DeliveryRecord | null): string {
  if (existing?.status === 'pending' && existing.messageId) return existing.messageId;
  return messageIdFor(run.template, email, Boolean(run.options.force && existing?.status === 'sent'));
}

/** Claims the recipient under the fence; false when someone else has them (or we lost the lock). */
async function claim(run: Run, email: string, messageId: string): Promise<boolean> {
  const { options, summary } = run;
  if (!run.record) return true;
  const result = await options.store.claimDelivery({
    digestId: options.digest.id,
    listId: options.list.id,
    recipient: email,
    messageId,
    coveredUntil: options.digest.coveredUntil,
    fence: run.fence,
    claimer: run.claimer,
    inDoubtMs: run.mailer.inDoubtMs,
  });
  if (result.ok) return true;
  if (result.reason === 'sent' && !options.force) summary.skippedAlreadySent++;
  else if (result.reason === 'in-doubt') {
    summary.inDoubt++;
    // A helper's claim is waited for at the end of this pass (settleHelpers), not left for a later run.
    const r = run.options.recipients.find((x) => x.email === email);
    if (!options.helping && r && result.claimedBy?.startsWith(HELPER_CLAIMER)) {
      run.waiting.push({ recipient: r, until: result.until ?? null });
      return false;
    }
    options.logger.warn(
      `${options.list.id}: not sending to ${email} now: ${result.detail}; retried on a later run`,
    );
  } else if (result.reason === 'fenced') {
    haltRun(run, 'fenced', result.detail);
    // This recipient was taken but not sent: it counts as not attempted.
    run.untried++;
  } else return true;
  return false;
}

/** A recipient ready to send: claimed, with the Message-ID chosen and the attempts so far. */
interface Ready {
  messageId: string;
  attempts: number;
}

/** A recipient from the list: the skip checks, the rate limit, then the claim right before the send. */
async function fromList(run: Run, email: string): Promise<Ready | null> {
  const { skip: skipped, existing } = await skip(run, email);
  if (skipped) return null;
  await run.limiter.take(run.options.stop);
  if (run.halt) {
    run.untried++;
    return null;
  }
  const messageId = chooseMessageId(run, email, existing);
  if (!(await claim(run, email, messageId))) return null;
  return { messageId, attempts: existing?.attempts ?? 0 };
}

/**
 * A recipient a batch claim took: only the suppression check is left (the batch took untouched rows).
 * A claim older than half its in-flight window is renewed first, one by one under the fence, so a
 * sender slowed down past it (rate limit, a pause) never sends what another may have taken over.
 */
async function fromBatch(run: Run, email: string, batch: NonNullable<Item['batch']>): Promise<Ready | null> {
  const { options, summary } = run;
  if (await options.store.isSuppressed(email, options.list.id)) {
    summary.suppressed++;
    return null;
  }
  await run.limiter.take(options.stop);
  if (run.halt) {
    run.untried++;
    run.unused.push(email);
    return null;
  }
  const messageId = batch.messageId ?? messageIdFor(run.template, email, false);
  const age = options.now().getTime() - batch.at;
  // (A mailer without an in-flight window, the file outbox, has nothing to renew: its file tells.)
  const aging = run.mailer.inDoubtMs > 0 && age > run.mailer.inDoubtMs / 2;
  if (aging && !(await claim(run, email, messageId))) return null;
  return { messageId, attempts: batch.attempts };
}

async function deliverOne(run: Run, item: Item): Promise<void> {
  const { options, summary, mailer } = run;
  const { email } = item.recipient;
  const ready = item.batch ? await fromBatch(run, email, item.batch) : await fromList(run, email);
  if (!ready) return;
  const { messageId } = ready;
  const links = recipientLinks(options.mail, options.list, email, run.secret, options.now());
  const raw = personalize(run.template, { to: email, toName: item.recipient.name, messageId, ...links });
  const base = { digestId: options.digest.id, recipient: email, messageId };
  try {
    const result = await mailer.send(
      { from: run.template.envelopeFrom, to: email, raw, messageId, folder: run.folder },
      options.abort ? { signal: options.abort } : {},
    );
    run.consecutiveConnectionFailures = 0;
    if (result.path) summary.outboxPaths.push(result.path);
    if (run.record)
      await options.store.finishDelivery(
        { ...base, status: 'sent', response: result.response, path: result.path, nextAttemptAt: null },
        run.claimer,
      );
    summary.sent++;
  } catch (error) {
    await failed(run, email, messageId, ready.attempts, error);
  }
}

async function failed(run: Run, email: string, messageId: string, attempts: number, error: unknown) {
  const { options, summary, mailer } = run;
  const { list, store, logger } = options;
  const reason = errorText(error);
  if (options.abort?.aborted) {
    // Cut off by shutdown: whether the server took it is unknown, so the claim stays (pending, in
    // doubt) and the next run sends it once the claim's in-flight window has passed.
    haltRun(run, 'shutdown', 'shutting down (the message in flight was aborted and left pending)');
    run.untried++;
    logger.warn(`${list.id}: send to ${email} aborted by shutdown; left pending for the next run`);
    return;
  }
  const fatal = mailer.fatal(error);
  if (fatal) {
    // Every further send would fail the same way: release this one (failed, retried soon) and stop.
    haltRun(run, 'config', fatal);
  }
  const bounce = isHardBounce(error);
  const next = new Date(
    run.now.getTime() + options.mail.retry.backoffMinutes * 60_000 * 2 ** attempts,
  ).toISOString();
  const base = { digestId: options.digest.id, recipient: email, messageId, path: null };
  if (run.record)
    await store.finishDelivery(
      bounce
        ? { ...base, status: 'bounced', response: reason, nextAttemptAt: null }
        : { ...base, status: 'failed', response: reason, nextAttemptAt: next },
      run.claimer,
    );
  if (bounce) {
    summary.bounced++;
    logger.warn(`${list.id}: ${email} bounced (refused permanently: ${reason}); not retried`);
    if (run.record) await suppressAfterBounces(run, email);
  } else {
    summary.failed++;
    logger.warn(
      `${list.id}: delivery to ${email} failed: ${reason}${run.record ? ` (retry after ${next})` : ''}`,
    );
  }
  if (!isConnectionFailure(error)) {
    run.consecutiveConnectionFailures = 0;
    return;
  }
  run.consecutiveConnectionFailures++;
  // The circuit breaker: a dead server costs a few timeouts, not one per recipient.
  if (mailer.kind === 'smtp' && run.consecutiveConnectionFailures >= run.breakerLimit)
    haltRun(run, 'breaker', reason);
}

/** After `suppressAfterBounces` hard bounces (any list, any digest) an address gets no more mail. */
async function suppressAfterBounces(run: Run, email: string) {
  const { store, mail, logger, list } = run.options;
  const key = email.toLowerCase();
  const bounces = (await store.listDeliveries({ status: 'bounced' })).filter(
    (d) => d.recipient.toLowerCase() === key,
  );
  if (bounces.length < mail.suppressAfterBounces) return;
  const last = bounces.at(-1)?.response ?? '';
  await store.addSuppression({
    email,
    listId: null,
    reason: `${bounces.length} hard bounces (last: ${last.slice(0, 120)})`,
  });
  logger.warn(`${list.id}: ${email} is suppressed on every list after ${bounces.length} hard bounces`);
}
