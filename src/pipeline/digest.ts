// The digest shell: store → compare → digest model → render → deliver, once per subscriber list.
// compare, buildDigest and renderDigest are pure; this file is where their inputs are read and their
// output handed to a mailer. Each list gets its own run row, so `status` and the worker's catch-up see it.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { SubscriberList } from '../config/schema.js';
import { resolveSubscribers } from '../config/subscribers.js';
import { createMailer, deliverDigest, type DeliverySummary, type Mailer } from '../deliver/index.js';
import { buildDigest } from '../digest/model.js';
import { renderDigest } from '../digest/render.js';
import { StancewatchError, UsageError } from '../errors.js';
import type { RenderedDigest } from '../model.js';
import type { Fence } from '../store/types.js';
import type { PipelineContext } from './context.js';
import { changesFromStore } from './changes.js';
import { beginRun } from './runs.js';

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
  /** `skipped-empty` when nothing changed and the list does not want empty digests. */
  outcome: 'delivered' | 'skipped-empty' | 'failed';
  delivery: DeliverySummary | null;
  recipientProblems: string[];
  error: string | null;
}

/** The lock shared by `run` and the worker: one per list, so different lists can go out side by side. */
export const listLockName = (listId: string) => `list:${listId}`;

const pause = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

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

/** Builds and renders one list's digest from what is stored (no delivery). */
export async function composeDigest(
  ctx: PipelineContext,
  list: SubscriberList,
  options: { since?: string; scheduled?: boolean },
): Promise<RenderedDigest> {
  const since = options.since ?? ctx.loaded.config.baseline;
  const storedAfter = options.scheduled ? await deliveredUntil(ctx, list.id) : null;
  const changes = await changesFromStore(ctx, {}, { since });
  // The digest needs only the articles its changes cite, plus the newest one stored: buildDigest's
  // coveredUntil (where the next scheduled digest starts) is the newest stored-at among its articles.
  const cited = new Set(
    changes.flatMap((c) => [c.after.articleId, ...(c.before ? [c.before.articleId] : [])]),
  );
  const [citedArticles, newest] = await Promise.all([
    ctx.store.listArticles({ ids: [...cited] }),
    ctx.store.listArticles({ newest: 1 }),
  ]);
  const articles = [...citedArticles, ...newest.filter((a) => !cited.has(a.id))];
  const model = buildDigest({
    list,
    changes,
    articles,
    watchlist: ctx.watchlist,
    since,
    storedAfter,
    generatedAt: ctx.now(),
  });
  return renderDigest(model, { format: list.format });
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
  const { config, file } = ctx.loaded;
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
        if (digest.empty && !list.sendEmpty && !options.to) {
          result.outcome = 'skipped-empty';
          ctx.logger.info(`list ${list.id}: nothing changed; no digest sent (sendEmpty is off)`);
        } else {
          const subscribers = resolveSubscribers(list, file ?? '(embedded defaults)');
          result.recipientProblems = subscribers.problems;
          for (const p of subscribers.problems) ctx.logger.warn(p);
          if (!options.dryRun && !options.to) {
            // Every recipient is on record before the first message leaves, so a crash mid-list leaves the
            // digest visibly unfinished (see deliveredUntil) instead of silently skipping the rest.
            for (const r of subscribers.recipients) {
              const existing = await ctx.store.getDelivery(digest.id, r.email);
              if (existing || (await ctx.store.isSuppressed(r.email, list.id))) continue;
              await ctx.store.recordDelivery({
                digestId: digest.id,
                listId: list.id,
                recipient: r.email,
                status: 'pending',
                messageId: null,
                response: null,
                path: null,
                nextAttemptAt: null,
                coveredUntil: digest.coveredUntil,
              });
            }
          }
          result.delivery = await deliverDigest({
            store: ctx.store,
            mailer,
            mail: config.mail,
            digest,
            list,
            recipients: subscribers.recipients,
            force: options.force,
            dryRun: options.dryRun,
            only: options.to,
            now: ctx.now,
            env,
            logger: ctx.logger,
            fence: lock?.fence ?? null,
            ...(options.stop ? { stop: options.stop } : {}),
            ...(options.abort ? { abort: options.abort } : {}),
          });
          if (result.delivery.stopped) {
            result.outcome = 'failed';
            result.error = result.delivery.stopped;
          } else if (result.delivery.failed > 0) {
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

function countsOf(r: DigestRunSummary): Record<string, number> {
  const d = r.delivery;
  return {
    changes: r.changes,
    sent: d?.sent ?? 0,
    failed: d?.failed ?? 0,
    alreadySent: d?.skippedAlreadySent ?? 0,
    suppressed: d?.suppressed ?? 0,
    deferred: d?.deferred ?? 0,
    ...(d?.inDoubt ? { inDoubt: d.inDoubt } : {}),
    ...(d?.notAttempted ? { notAttempted: d.notAttempted } : {}),
  };
}

/** Writes one list's digest as HTML (and text) under the outbox's preview folder; returns the HTML path. */
export async function writePreview(
  ctx: PipelineContext,
  list: SubscriberList,
  options: { since?: string },
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
