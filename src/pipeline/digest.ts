// The digest shell: store → compare → digest model → render → deliver, once per subscriber list.
// compare, buildDigest and renderDigest are pure; this file is where their inputs are read and their
// output handed to a mailer. Each list gets its own run row, so `status` and the worker's catch-up see it.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeChanges } from '../compare/index.js';
import type { SubscriberList } from '../config/schema.js';
import { resolveSubscribers } from '../config/subscribers.js';
import { createMailer, deliverDigest, type DeliverySummary, type Mailer } from '../deliver/index.js';
import { buildDigest } from '../digest/model.js';
import { renderDigest } from '../digest/render.js';
import { UsageError } from '../errors.js';
import type { RenderedDigest } from '../model.js';
import type { PipelineContext } from './context.js';

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

export function selectLists(lists: SubscriberList[], ids: string[] | undefined): SubscriberList[] {
  if (!ids || ids.length === 0) return lists;
  const unknown = ids.filter((id) => !lists.some((l) => l.id === id));
  if (unknown.length > 0) {
    throw new UsageError(`unknown list ${unknown.map((u) => `"${u}"`).join(', ')} (expected one of: ${lists.map((l) => l.id).join(', ') || 'no lists configured'})`);
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
  const storedAfter = options.scheduled ? await ctx.store.lastDeliveredUntil(list.id) : null;
  const [positions, articles] = await Promise.all([ctx.store.listPositions({ since }), ctx.store.listArticles()]);
  const changes = computeChanges(positions, { since });
  const model = buildDigest({ list, changes, articles, watchlist: ctx.watchlist, since, storedAfter, generatedAt: ctx.now() });
  return renderDigest(model, { format: list.format });
}

export async function runDigests(ctx: PipelineContext, options: DigestRunOptions = {}): Promise<DigestRunSummary[]> {
  const { config, file } = ctx.loaded;
  const lists = selectLists(config.lists, options.listIds);
  const env = options.env ?? process.env;
  const mailer = options.mailer ?? createMailer(config.mail, { cwd: ctx.loaded.baseDir, env });
  const results: DigestRunSummary[] = [];
  try {
    for (const list of lists) {
      const runId = await ctx.store.startRun({ kind: 'digest', listId: list.id, scheduledFor: options.scheduledFor ?? null });
      const result: DigestRunSummary = {
        listId: list.id,
        runId,
        digestId: null,
        subject: null,
        changes: 0,
        outcome: 'delivered',
        delivery: null,
        recipientProblems: [],
        error: null,
      };
      try {
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
          });
          if (result.delivery.failed > 0) {
            result.outcome = 'failed';
            result.error = `${result.delivery.failed} of ${subscribers.recipients.length} deliveries failed; they are retried on the next run`;
          }
        }
        await ctx.store.finishRun(runId, {
          status: result.outcome === 'failed' ? 'failed' : 'ok',
          counts: countsOf(result),
          error: result.error,
        });
      } catch (error) {
        // One list's failure (a template bug, a broken subscribers file) must not stop the other lists.
        result.outcome = 'failed';
        result.error = error instanceof Error ? error.message : String(error);
        ctx.logger.error(`list ${list.id}: ${result.error}`);
        await ctx.store.finishRun(runId, { status: 'failed', counts: countsOf(result), error: result.error });
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
  };
}

/** Writes one list's digest as HTML (and text) under the outbox's preview folder; returns the HTML path. */
export async function writePreview(ctx: PipelineContext, list: SubscriberList, options: { since?: string }): Promise<{ html: string | null; text: string; digest: RenderedDigest }> {
  const digest = await composeDigest(ctx, list, options);
  const dir = join(ctx.loaded.config.mail.outbox, list.id, 'preview');
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
