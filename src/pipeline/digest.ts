// The digest shell: store → compare → digest model → render → deliver, once per subscriber list.
// compare, buildDigest and renderDigest are pure; this file is where their inputs are read and their
// output handed to a mailer. Each list gets its own run row, so `status` and the worker's catch-up see it.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { SOLID_CONFIDENCE } from '../compare/index.js';
import { Period, type SubscriberList } from '../config/schema.js';
import type { Recipient } from '../config/subscribers.js';
import { createMailer, deliverDigest, type DeliverySummary, type Mailer } from '../deliver/index.js';
import { ARTICLES_SHOWN, buildDigest, type BuildDigestInput, type DigestModel } from '../digest/model.js';
import { renderDigest } from '../digest/render.js';
import { StancewatchError, UsageError } from '../errors.js';
import type { Change, RenderedDigest } from '../model.js';
import type { Fence } from '../store/types.js';
import type { PipelineContext } from './context.js';
import { changesFromStore } from './changes.js';
import { gateForReview, type ReviewHold } from './review-gate.js';
import { audienceOf, listRecipients } from './lists.js';
import { beginRun } from './runs.js';
import { pause } from '../pause.js';

export interface DigestRunOptions {
  /** Only these lists (default: every configured list). Unknown ids are a usage error. */
  listIds?: string[];
  /** Baseline date YYYY-MM-DD (default: the config's baseline). */
  since?: string;
  /**
   * A scheduled digest only reports changes whose latest statement comes from articles stored after the
   * list's last delivered digest; a manual run reports everything since the baseline.
   */
  scheduled?: boolean;
  /**
   * A one-off digest's new-voice window (`--new-within`): pairs first stated within this period count as
   * new voices. @default the list's `newWithin` ("30d"). A scheduled digest uses its previous digest.
   */
  newWithin?: Period;
  /** The cron tick this run stands for (recorded in the run ledger for catch-up). */
  scheduledFor?: string | null;
  /** Render to the outbox, record nothing as sent. */
  dryRun?: boolean;
  /** Send one test copy to this address only; nothing is recorded. */
  to?: string;
  /** Resend to recipients who already received this digest. */
  force?: boolean;
  /** Environment for secrets (SMTP password, unsubscribe secret). @default process.env */
  env?: NodeJS.ProcessEnv;
  /** A mailer to reuse (the worker keeps one pooled connection); created from the config otherwise. */
  mailer?: Mailer;
  /** Who takes the list locks (the worker passes its lease holder). @default run:<host>:<pid> */
  holder?: string;
  /** Stop before the next recipient, and stop waiting for a list lock (shutdown). */
  stop?: AbortSignal;
  /** Abort the send in flight (shutdown grace is over). */
  abort?: AbortSignal;
}

export interface DigestRunSummary {
  listId: string;
  runId: number;
  digestId: string | null;
  subject: string | null;
  changes: number;
  /**
   * `skipped-empty` when nothing changed and the list does not want empty digests; `held-for-review` when
   * a list that requires review waits for its changes to be confirmed.
   */
  outcome: 'delivered' | 'skipped-empty' | 'held-for-review' | 'failed';
  delivery: DeliverySummary | null;
  recipientProblems: string[];
  error: string | null;
  /** Changes awaiting review when the digest was held (see review-gate.ts). */
  held?: number;
}

/** The lock shared by `run` and the worker: one per list, so different lists can go out side by side. */
export const listLockName = (listId: string) => `list:${listId}`;

export interface ListLock {
  fence: Fence;
  release(): Promise<void>;
}

/**
 * Takes the list's lock (a lease in the store, renewed every third of its time while held). While another
 * process holds it, waits until it is released or expires (up to worker.lockWaitSeconds), then gives up
 * with a message naming the holder.
 */
export async function takeListLock(
  ctx: PipelineContext,
  listId: string,
  holder: string,
  signal?: AbortSignal,
): Promise<ListLock> {
  const name = listLockName(listId);
  const ttlMs = ctx.loaded.config.worker.leaseSeconds * 1000;
  const waitMs = ctx.loaded.config.worker.lockWaitSeconds * 1000;
  const deadline = Date.now() + waitMs;
  let announced = false;
  for (;;) {
    const fence = await ctx.store.takeLease(name, holder, ttlMs);
    if (fence) {
      const renew = setInterval(
        () => {
          ctx.store.takeLease(name, holder, ttlMs).then(
            (again) => {
              if (!again || again.generation !== fence.generation)
                ctx.logger.warn(`list ${listId}: lost its lock to another process; this delivery stops`);
            },
            () => {},
          );
        },
        Math.max(100, Math.floor(ttlMs / 3)),
      );
      renew.unref();
      return {
        fence,
        release: async () => {
          clearInterval(renew);
          await ctx.store.releaseLease(name, holder);
        },
      };
    }
    const other = await ctx.store.getLease(name);
    const who = other ? `${other.holder}, lock held until ${other.expiresAt}` : 'another process';
    if (signal?.aborted || Date.now() >= deadline) {
      throw new StancewatchError(
        `another run is delivering list ${listId} (${who}); nothing was sent for it by this run — try again when that run has finished`,
      );
    }
    if (!announced) {
      ctx.logger.warn(
        `list ${listId}: another run is delivering it (${who}); waiting up to ${Math.round(waitMs / 1000)} s for it to finish`,
      );
      announced = true;
    }
    // Poll the lock: it frees when the other run releases it or its lease runs out.
    await pause(Math.min(500, Math.max(50, deadline - Date.now())), signal);
  }
}

export function selectLists(lists: SubscriberList[], ids: string[] | undefined): SubscriberList[] {
  if (!ids || ids.length === 0) return lists;
  const unknown = ids.filter((id) => !lists.some((l) => l.id === id));
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown list ${unknown.map((u) => `"${u}"`).join(', ')} (expected one of: ${lists.map((l) => l.id).join(', ') || 'no lists configured'})`,
    );
  }
  return lists.filter((l) => ids.includes(l.id));
}

/** `--new-within 30d`: checked by the schema of the list setting `newWithin`. */
export function parseNewWithin(value: string): Period {
  const parsed = Period.safeParse(value);
  if (!parsed.success)
    throw new UsageError(
      `--new-within: ${parsed.error.issues[0]?.message ?? 'invalid period'} (received "${value}")`,
    );
  return parsed.data;
}

export interface ComposeOptions {
  since?: string;
  scheduled?: boolean;
  newWithin?: Period;
}

/** Builds one list's digest model from what is stored: its changes, windows and sections (no rendering). */
export async function composeDigestModel(
  ctx: PipelineContext,
  list: SubscriberList,
  options: ComposeOptions,
): Promise<DigestModel> {
  return buildDigest(await nextDigestInput(ctx, list, options));
}

/** The inputs of one list's next digest, read from the store (review overrides applied). */
export async function nextDigestInput(
  ctx: PipelineContext,
  list: SubscriberList,
  options: ComposeOptions,
): Promise<BuildDigestInput> {
  const since = options.since ?? ctx.loaded.config.baseline;
  // A scheduled digest covers what arrived since the list's previous one, and that is also its new-voice
  // window; a one-off digest looks back `newWithin`.
  const storedAfter = options.scheduled ? await deliveredUntil(ctx, list.id) : null;
  // The list's floor sorts changes into "Changed" and "Possible"; compare's own solid floor still decides
  // which statements make a pair's stance (a stricter list must see a weak reversal as possible, not
  // lose it), unless the list trusts weaker readings than that.
  const floor = Math.min(list.minConfidence, SOLID_CONFIDENCE);
  const changes = await changesFromStore(ctx, {}, { since, minConfidence: floor });
  // The digest reads only the articles it shows: each dated point's quoted one, the earliest others up to
  // what "Articles covered" lists (the rest are counted from the ids, not read), and the newest stored
  // (buildDigest's coveredUntil, where the next scheduled digest starts, is the newest stored-at).
  const cited = citedArticleIds(changes);
  // …and the articles that gave no position at all (the digest names them; few by nature).
  const [citedArticles, newest, silent] = await Promise.all([
    ctx.store.listArticles({ ids: [...cited] }),
    ctx.store.listArticles({ newest: 1 }),
    ctx.store.listArticles({ silent: true, storedAfter }),
  ]);
  const seen = new Set<number>();
  const articles = [...citedArticles, ...newest, ...silent].filter((a) => !seen.has(a.id) && seen.add(a.id));
  return {
    list,
    changes,
    articles,
    watchlist: ctx.watchlist,
    since,
    storedAfter,
    generatedAt: ctx.now(),
    publicUrl: ctx.loaded.config.mail.publicUrl ?? null,
    ...(options.newWithin ? { newWithin: options.newWithin } : {}),
  };
}

/** The ids of the articles a digest shows: every point's quote, and the earliest others up to the list's length. */
function citedArticleIds(changes: Change[]): Set<number> {
  const points = changes.flatMap((c) => c.timeline);
  const cited = new Set(points.map((t) => t.articleId));
  const limit = cited.size + ARTICLES_SHOWN;
  const byDate = [...points].sort((a, b) => (a.published ?? '').localeCompare(b.published ?? ''));
  for (const t of byDate) {
    for (const id of t.articleIds) {
      if (cited.size >= limit) return cited;
      cited.add(id);
    }
  }
  return cited;
}

/** Builds and renders one list's digest from what is stored (no delivery). */
export async function composeDigest(
  ctx: PipelineContext,
  list: SubscriberList,
  options: ComposeOptions & { scheduledFor?: string | null },
): Promise<RenderedDigest & { heldForReview?: ReviewHold }> {
  const input = await nextDigestInput(ctx, list, options);
  // A list with `review: required` holds its scheduled digest until its changes are confirmed.
  const { model, held } = await gateForReview(ctx, input, options);
  const rendered = renderDigest(model, {
    format: list.format,
    preferences: Boolean(ctx.loaded.config.mail.publicUrl),
  });
  return held ? { ...rendered, heldForReview: held } : rendered;
}

/**
 * Where a list's next scheduled digest starts: the newest `coveredUntil` of a digest that is finished for
 * every recipient. A digest with a recipient still pending (a worker killed mid-send) or failed with
 * retries left is not finished, so the next run recomputes the same window; with the same content it gets
 * the same digest id and only the missing recipients are sent to. Repeating a change beats losing one.
 */
export async function deliveredUntil(ctx: PipelineContext, listId: string): Promise<string | null> {
  const maxAttempts = ctx.loaded.config.mail.retry.maxAttempts;
  const records = await ctx.store.listDeliveries({ listId });
  const byDigest = new Map<string, typeof records>();
  for (const r of records) {
    const group = byDigest.get(r.digestId);
    if (group) group.push(r);
    else byDigest.set(r.digestId, [r]);
  }
  let until: string | null = null;
  for (const group of byDigest.values()) {
    const open = group.some(
      (r) => r.status === 'pending' || (r.status === 'failed' && r.attempts < maxAttempts),
    );
    if (open) continue;
    for (const r of group) {
      if (r.status === 'sent' && r.coveredUntil && (until === null || r.coveredUntil > until))
        until = r.coveredUntil;
    }
  }
  return until;
}

export async function runDigests(
  ctx: PipelineContext,
  options: DigestRunOptions = {},
): Promise<DigestRunSummary[]> {
  const { config } = ctx.loaded;
  const lists = selectLists(config.lists, options.listIds);
  const env = options.env ?? process.env;
  const mailer = options.mailer ?? createMailer(config.mail, { cwd: ctx.loaded.baseDir, env });
  const results: DigestRunSummary[] = [];
  const holder = options.holder ?? `run:${hostname()}:${process.pid}`;
  // A dry run and a --to test copy record nothing, so they need no lock.
  const locking = !options.dryRun && !options.to;
  try {
    for (const list of lists) {
      if (options.stop?.aborted) break;
      const run = await beginRun(ctx, {
        kind: 'digest',
        listId: list.id,
        scheduledFor: options.scheduledFor ?? null,
      });
      const result: DigestRunSummary = {
        listId: list.id,
        runId: run.id,
        digestId: null,
        subject: null,
        changes: 0,
        outcome: 'delivered',
        delivery: null,
        recipientProblems: [],
        error: null,
      };
      let lock: ListLock | null = null;
      try {
        // The list's lock comes before the digest is composed, so the second of two runs started together
        // sees what the first one sent.
        if (locking) lock = await takeListLock(ctx, list.id, holder, options.stop);
        const digest = await composeDigest(ctx, list, options);
        result.digestId = digest.id;
        result.subject = digest.subject;
        result.changes = digest.changeCount;
        if (digest.heldForReview) {
          result.outcome = 'held-for-review';
          result.held = digest.heldForReview.pending;
          ctx.logger.info(
            `list ${list.id}: ${digest.heldForReview.pending} change(s) await review; the digest waits until they are confirmed or ${digest.heldForReview.until}`,
          );
        } else if (digest.empty && !list.sendEmpty && !options.to) {
          result.outcome = 'skipped-empty';
          ctx.logger.info(`list ${list.id}: nothing changed; no digest sent (sendEmpty is off)`);
        } else {
          const subscribers = await listRecipients(ctx, list);
          result.recipientProblems = subscribers.problems;
          for (const p of subscribers.problems) ctx.logger.warn(p);
          // Subscribers' preferences: narrowed digests for those who picked actors or topics, none this
          // time for weekly readers served within the week. A dry run or a test copy ignores them.
          const audience =
            options.dryRun || options.to
              ? { groups: [{ list, recipients: subscribers.recipients }], held: [] }
              : await audienceOf(ctx, list, subscribers.recipients);
          for (const group of audience.groups) {
            const own = group.list === list;
            if (!own && group.recipients.length === 0) continue;
            const groupDigest = own ? digest : await composeDigest(ctx, group.list, options);
            if (!own && groupDigest.empty && !list.sendEmpty) continue;
            const delivery = await deliverToGroup(ctx, groupDigest, group.list, group.recipients, {
              ...options,
              mailer,
              env,
              fence: lock?.fence ?? null,
            });
            result.delivery = addSummaries(result.delivery, delivery);
            if (delivery.stopped) break;
          }
          if (result.delivery?.stopped) {
            result.outcome = 'failed';
            result.error = result.delivery.stopped;
          } else if (result.delivery && result.delivery.failed > 0) {
            result.outcome = 'failed';
            result.error = `${result.delivery.failed} of ${subscribers.recipients.length} deliveries failed; they are retried on the next run`;
          }
        }
        // A delivery cut short by shutdown or by losing the lock is left to whoever runs next (the worker's
        // catch-up redoes an abandoned tick); the pending recipients are finished there.
        const kind = result.delivery?.stopKind;
        await run.finish({
          status:
            kind === 'shutdown' || kind === 'fenced'
              ? 'abandoned'
              : result.outcome === 'failed'
                ? 'failed'
                : 'ok',
          counts: countsOf(result),
          error: result.error,
        });
      } catch (error) {
        // One list's failure (a template bug, a broken subscribers file) must not stop the other lists.
        result.outcome = 'failed';
        result.error = error instanceof Error ? error.message : String(error);
        ctx.logger.error(`list ${list.id}: ${result.error}`);
        await run.finish({ status: 'failed', counts: countsOf(result), error: result.error });
      } finally {
        await lock?.release();
      }
      results.push(result);
    }
  } finally {
    if (!options.mailer) await mailer.close();
  }
  return results;
}

/**
 * Delivers one digest to one group of a list's recipients: every recipient is put on record before the
 * first message leaves, so a crash mid-list leaves the digest visibly unfinished (see deliveredUntil)
 * instead of silently skipping the rest. A digest that is really sent is archived first, so its
 * permalink works by the time the first copy arrives.
 */
async function deliverToGroup(
  ctx: PipelineContext,
  digest: RenderedDigest,
  list: SubscriberList,
  recipients: Recipient[],
  options: DigestRunOptions & { mailer: Mailer; env: NodeJS.ProcessEnv; fence: Fence | null },
): Promise<DeliverySummary> {
  // Under the list lock, the delivery is published while it runs: other workers may help (pipeline/share.ts).
  const opener = !options.dryRun && !options.to && recipients.length > 0 ? options.fence : null;
  if (!options.dryRun && !options.to) {
    await recordPending(ctx, list.id, digest, recipients);
    if (recipients.length > 0)
      await ctx.store.archiveDigest({
        digestId: digest.id,
        listId: list.id,
        subject: digest.subject,
        html: digest.html,
        text: digest.text,
      });
  }
  if (opener)
    await ctx.store.openDelivery({
      digestId: digest.id,
      listId: list.id,
      holder: opener.holder,
      generation: opener.generation,
    });
  try {
    return await deliverDigest({
      store: ctx.store,
      mailer: options.mailer,
      mail: ctx.loaded.config.mail,
      digest,
      list,
      recipients,
      force: options.force,
      dryRun: options.dryRun,
      only: options.to,
      now: ctx.now,
      env: options.env,
      logger: ctx.logger,
      fence: options.fence,
      ...(options.stop ? { stop: options.stop } : {}),
      ...(options.abort ? { abort: options.abort } : {}),
    });
  } finally {
    if (opener) await ctx.store.closeDelivery(digest.id, opener.holder);
  }
}

/** The summaries of a list's groups (its own digest and the narrowed ones) as one. */
function addSummaries(a: DeliverySummary | null, b: DeliverySummary): DeliverySummary {
  if (!a) return b;
  return {
    sent: a.sent + b.sent,
    failed: a.failed + b.failed,
    bounced: a.bounced + b.bounced,
    skippedAlreadySent: a.skippedAlreadySent + b.skippedAlreadySent,
    suppressed: a.suppressed + b.suppressed,
    deferred: a.deferred + b.deferred,
    gaveUp: a.gaveUp + b.gaveUp,
    inDoubt: a.inDoubt + b.inDoubt,
    notAttempted: a.notAttempted + b.notAttempted,
    stopped: a.stopped ?? b.stopped,
    stopKind: a.stopKind ?? b.stopKind,
    outboxPaths: [...a.outboxPaths, ...b.outboxPaths],
    previewPath: a.previewPath ?? b.previewPath,
  };
}

/** The digest's ledger rows, `pending`, for every recipient not yet on record and not suppressed. */
async function recordPending(
  ctx: PipelineContext,
  listId: string,
  digest: RenderedDigest,
  recipients: Array<{ email: string }>,
): Promise<void> {
  const rows = [];
  for (const r of recipients) {
    if (await ctx.store.isSuppressed(r.email, listId)) continue;
    rows.push({
      digestId: digest.id,
      listId,
      recipient: r.email,
      status: 'pending' as const,
      messageId: null,
      response: null,
      path: null,
      nextAttemptAt: null,
      coveredUntil: digest.coveredUntil,
    });
  }
  if (ctx.store.recordNewDeliveries) {
    await ctx.store.recordNewDeliveries(rows);
    return;
  }
  for (const row of rows)
    if (!(await ctx.store.getDelivery(row.digestId, row.recipient))) await ctx.store.recordDelivery(row);
}

function countsOf(r: DigestRunSummary): Record<string, number> {
  const d = r.delivery;
  return {
    changes: r.changes,
    sent: d?.sent ?? 0,
    failed: d?.failed ?? 0,
    ...(d?.bounced ? { bounced: d.bounced } : {}),
    alreadySent: d?.skippedAlreadySent ?? 0,
    suppressed: d?.suppressed ?? 0,
    deferred: d?.deferred ?? 0,
    ...(d?.inDoubt ? { inDoubt: d.inDoubt } : {}),
    ...(r.held ? { held: r.held } : {}),
    ...(d?.notAttempted ? { notAttempted: d.notAttempted } : {}),
  };
}

/** Writes one list's digest as HTML (and text) under the outbox's preview folder; returns the HTML path. */
export async function writePreview(
  ctx: PipelineContext,
  list: SubscriberList,
  options: { since?: string; newWithin?: Period },
): Promise<{ html: string | null; text: string; digest: RenderedDigest }> {
  const digest = await composeDigest(ctx, list, options);
  const dir = join(resolve(ctx.loaded.baseDir, ctx.loaded.config.mail.outbox), list.id, 'preview');
  mkdirSync(dir, { recursive: true });
  const write = (name: string, content: string) => {
    // Write-then-rename so a browser refreshing the preview never sees half a file.
    const path = join(dir, name);
    writeFileSync(`${path}.tmp`, content);
    renameSync(`${path}.tmp`, path);
    return path;
  };
  const text = write('digest.txt', digest.text);
  const html = digest.html == null ? null : write('digest.html', digest.html);
  return { html, text, digest };
}
