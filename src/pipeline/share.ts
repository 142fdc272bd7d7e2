// Helping another worker's delivery: a standby worker (not holding the 'worker' lease) joins a digest
// whose delivery is open (published by the list lock's holder, see pipeline/digest.ts) and sends to the
// recipients nobody has touched yet, in batch claims. It sends the digest as stored (digest_archive) to
// the list's recipients from the shared config. Its claims are fenced by a lease of its own,
// `sender:<holder>`, renewed while it sends: a helper paused past that lease claims nothing more. It
// stops when the delivery is closed or its list lock changes hands (the opener died: the next holder
// redoes the list). Whatever it leaves claimed, the lock's holder takes over once the claims run out.
import type { SubscriberList } from '../config/schema.js';
import { createMailer, deliverDigest, type DeliverySummary } from '../deliver/index.js';
import type { RenderedDigest } from '../model.js';
import type { Fence, OpenDelivery } from '../store/types.js';
import type { PipelineContext } from './context.js';
import { listLockName } from './digest.js';
import { listRecipients } from './lists.js';

export const senderLeaseName = (holder: string) => `sender:${holder}`;

export interface HelpResult {
  listId: string;
  digestId: string;
  delivery: DeliverySummary;
}

/**
 * Joins each open delivery of another live holder, one after the other; returns what was sent. `joined`
 * (kept by the caller across polls) makes only the first join of a digest an info line.
 */
export async function helpOpenDeliveries(
  ctx: PipelineContext,
  holder: string,
  signal?: AbortSignal,
  joined: Set<string> = new Set(),
): Promise<HelpResult[]> {
  const results: HelpResult[] = [];
  for (const open of await ctx.store.listOpenDeliveries()) {
    if (signal?.aborted) break;
    const list = ctx.loaded.config.lists.find((l) => l.id === open.listId);
    if (!list || open.holder === holder || !(await stillOpen(ctx, open))) continue;
    const archived = await ctx.store.getArchivedDigest(open.digestId);
    if (!archived) continue;
    const digest: RenderedDigest = {
      id: archived.digestId,
      listId: archived.listId,
      subject: archived.subject,
      text: archived.text,
      html: archived.html,
      coveredUntil: null,
      changeCount: 0,
      empty: false,
    };
    const first = !joined.has(digest.id);
    joined.add(digest.id);
    const delivery = await helpWith(ctx, { holder, open, list, digest, first }, signal);
    if (delivery) results.push({ listId: list.id, digestId: digest.id, delivery });
  }
  return results;
}

/** The delivery is still published and its list lock is held by the one who opened it, in the same tenure. */
async function stillOpen(ctx: PipelineContext, open: OpenDelivery): Promise<boolean> {
  const lock = await ctx.store.getLease(listLockName(open.listId));
  if (!lock || lock.holder !== open.holder || lock.generation !== open.generation) return false;
  return (await ctx.store.listOpenDeliveries()).some(
    (o) => o.digestId === open.digestId && o.holder === open.holder,
  );
}

interface Help {
  holder: string;
  open: OpenDelivery;
  list: SubscriberList;
  digest: RenderedDigest;
  /** This process's first join of this digest (later polls find little or nothing left: debug lines). */
  first: boolean;
}

async function helpWith(
  ctx: PipelineContext,
  help: Help,
  signal?: AbortSignal,
): Promise<DeliverySummary | null> {
  const { holder, open, list, digest } = help;
  const { config } = ctx.loaded;
  const ttlMs = config.worker.leaseSeconds * 1000;
  const name = senderLeaseName(holder);
  const fence = await ctx.store.takeLease(name, holder, ttlMs);
  if (!fence) return null;
  const stop = new AbortController();
  const end = () => stop.abort();
  signal?.addEventListener('abort', end, { once: true });
  const watch = watchHelp(ctx, open, fence, ttlMs, end);
  const { recipients, problems } = await listRecipients(ctx, list);
  if (help.first) for (const p of problems) ctx.logger.warn(p);
  const mailer = createMailer(config.mail, { cwd: ctx.loaded.baseDir, env: process.env });
  const log = (m: string, f: Record<string, unknown>) =>
    help.first ? ctx.logger.info(m, f) : ctx.logger.debug(m, f);
  log('helping deliver a digest', { listId: list.id, digestId: digest.id, with: open.holder });
  try {
    const delivery = await deliverDigest({
      store: ctx.store,
      mailer,
      mail: config.mail,
      digest,
      list,
      recipients,
      now: ctx.now,
      env: process.env,
      logger: ctx.logger,
      fence,
      helping: true,
      stop: stop.signal,
    });
    const done = (m: string, f: Record<string, unknown>) =>
      delivery.sent + delivery.failed + delivery.bounced > 0 ? ctx.logger.info(m, f) : log(m, f);
    done('helped deliver a digest', {
      listId: list.id,
      digestId: digest.id,
      sent: delivery.sent,
      failed: delivery.failed,
      stopped: delivery.stopped,
    });
    return delivery;
  } finally {
    clearInterval(watch);
    signal?.removeEventListener('abort', end);
    await mailer.close();
    await ctx.store.releaseLease(name, holder);
  }
}

/**
 * Every third of the lease: renews the helper's own lease (a changed generation means another process
 * took it: stop) and checks the delivery is still open under a live lock (else stop).
 */
function watchHelp(
  ctx: PipelineContext,
  open: OpenDelivery,
  fence: Fence,
  ttlMs: number,
  end: () => void,
): NodeJS.Timeout {
  const timer = setInterval(
    () => {
      void (async () => {
        const again = await ctx.store.takeLease(fence.name, fence.holder, ttlMs);
        if (!again || again.generation !== fence.generation || !(await stillOpen(ctx, open))) end();
      })().catch(() => end());
    },
    Math.max(100, Math.floor(ttlMs / 3)),
  );
  timer.unref();
  return timer;
}
