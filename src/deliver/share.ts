// Where a delivery's lanes take their recipients from, and how the list lock's holder waits for helpers.
// Two senders on one digest (the list lock's holder and a helper, see pipeline/share.ts) never walk the
// list in lockstep: each takes the next batch of untouched recipients in one claim (disjoint batches,
// PostgreSQL skips rows the other is claiming), so they meet only at the end of the list.
import type { Recipient } from '../config/subscribers.js';
import type { ClaimedRecipient } from '../store/types.js';
import { haltRun, runLanes, type Run } from './index.js';
import { pause } from '../pause.js';

/** One recipient for a lane; `batch` when a batch claim already took them (with when, by the run's clock). */
export interface Item {
  recipient: Recipient;
  batch?: ClaimedRecipient & { at: number };
}

export type Source = () => Promise<Item | null>;

/** The recipients in order, each claimed one by one right before its send. */
export function listSource(recipients: Recipient[]): Source {
  let i = 0;
  return async () => {
    const r = recipients[i];
    if (!r) return null;
    i++;
    return { recipient: r };
  };
}

/**
 * Batches of untouched recipients, claimed under the run's fence when the lanes run dry (one claim at a
 * time). Batches are small: what is claimed waits for its send, and a claim's window is short.
 * `claimed` collects every recipient taken; `leftover` names those taken but never handed to a lane.
 */
export function batchSource(
  run: Run,
  recipients: Recipient[],
  claimed: Set<string>,
): { next: Source; leftover: () => string[] } {
  const { options } = run;
  const byEmail = new Map(recipients.map((r) => [r.email, r]));
  // What is still ahead: a batch is taken in order, so everything up to its last recipient was either
  // taken by it or passed over (someone else's, or not untouched) and is left to the walk after.
  let ahead = [...byEmail.keys()];
  const limit = Math.min(100, 10 * Math.max(1, run.mailer.concurrency));
  const queue: Item[] = [];
  let exhausted = ahead.length === 0;
  let loading: Promise<void> | null = null;
  const load = async () => {
    const result = await options.store.claimDeliveries({
      digestId: options.digest.id,
      recipients: ahead,
      limit,
      fence: run.fence,
      claimer: run.claimer,
      inDoubtMs: run.mailer.inDoubtMs,
    });
    if (!result.ok) {
      haltRun(run, 'fenced', result.detail);
      exhausted = true;
      return;
    }
    if (result.claimed.length === 0) exhausted = true;
    const last = result.claimed.at(-1)?.recipient;
    if (last !== undefined) ahead = ahead.slice(ahead.indexOf(last) + 1);
    const at = options.now().getTime();
    for (const c of result.claimed) {
      const recipient = byEmail.get(c.recipient);
      if (!recipient) continue;
      claimed.add(c.recipient);
      queue.push({ recipient, batch: { ...c, at } });
    }
  };
  const next: Source = async () => {
    while (queue.length === 0 && !exhausted && !run.halt) {
      loading ??= load().finally(() => (loading = null));
      await loading;
    }
    return queue.shift() ?? null;
  };
  return { next, leftover: () => queue.map((i) => i.recipient.email) };
}

/**
 * The end of the list lock holder's pass: recipients a helper holds are not left "in doubt, retried next
 * run". Each is waited for until the helper finishes them (counted as that outcome) or their claim runs
 * out (a helper that died or stalled); those are then taken over here, with the same Message-ID. Bounded
 * by twice the in-flight window (a live helper renews an aging claim once); what is left then is in doubt.
 */
export async function settleHelpers(run: Run): Promise<void> {
  const { options, summary } = run;
  const deadline = Date.now() + 2 * run.mailer.inDoubtMs + 5000;
  while (run.waiting.length > 0 && !run.halt && !options.stop?.aborted && Date.now() < deadline) {
    const rows = new Map(
      (await options.store.listDeliveries({ digestId: options.digest.id })).map((d) => [d.recipient, d]),
    );
    const now = options.now().toISOString();
    const due: Recipient[] = [];
    run.waiting = run.waiting.filter(({ recipient, until }) => {
      const status = rows.get(recipient.email)?.status;
      const expired = !until || until <= now;
      if (status === 'pending' && !expired) return true;
      summary.inDoubt--;
      if (status === 'sent') summary.skippedAlreadySent++;
      else if (status === 'failed') summary.failed++;
      else if (status === 'bounced') summary.bounced++;
      else due.push(recipient);
      return false;
    });
    if (due.length > 0) await runLanes(run, listSource(due));
    else await pause(200, options.stop);
  }
  for (const { recipient } of run.waiting)
    options.logger.warn(
      `${options.list.id}: not sending to ${recipient.email} now: a helper still holds it; retried on a later run`,
    );
}
