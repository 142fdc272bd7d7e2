// The review gate's shell: for a list with `review: required`, a scheduled digest waits until every
// change it would carry is confirmed, at most `reviewDeadlineHours` after the first scheduled time it
// was held at; then it goes out with the confirmed changes only. Held runs are recorded in the run
// ledger (counts.held), which is also where the deadline's start is found again after a restart.
import { buildDigest, type BuildDigestInput, type DigestModel } from '../digest/model.js';
import { gateDigest } from '../digest/review-gate.js';
import type { PipelineContext } from './context.js';

export interface ReviewHold {
  /** Changes awaiting review. */
  pending: number;
  /** ISO time after which the digest goes out with the confirmed changes only. */
  until: string;
}

/**
 * When the list's current wait for review began: the scheduled time of the oldest of its latest digest
 * runs that were all held (null when the last finished digest run was not held).
 */
export async function heldSince(ctx: PipelineContext, listId: string): Promise<string | null> {
  const runs = await ctx.store.listRuns({ listId, kind: 'digest', limit: 200 });
  let since: string | null = null;
  for (const run of runs) {
    if (run.status === 'running') continue;
    if (!(run.counts.held && run.counts.held > 0)) break;
    since = run.scheduledFor ?? run.startedAt;
  }
  return since;
}

/** The digest model a scheduled run may send now, or a hold. Unscheduled runs and lists without review pass. */
export async function gateForReview(
  ctx: PipelineContext,
  input: BuildDigestInput,
  options: { scheduled?: boolean; scheduledFor?: string | null },
): Promise<{ model: DigestModel; held: ReviewHold | null }> {
  const model = buildDigest(input);
  if (!options.scheduled || input.list.review !== 'required') return { model, held: null };
  const start = (await heldSince(ctx, input.list.id)) ?? options.scheduledFor ?? ctx.now().toISOString();
  const deadline = new Date(Date.parse(start) + input.list.reviewDeadlineHours * 3_600_000);
  const cards = [...model.changed, ...model.possible, ...model.newVoices, ...model.restated];
  const gate = gateDigest(
    cards.flatMap((c) => c.changes),
    ctx.now(),
    deadline,
  );
  if (gate.decision === 'send') return { model, held: null };
  if (gate.decision === 'hold')
    return { model, held: { pending: gate.pending.length, until: deadline.toISOString() } };
  ctx.logger.warn(
    `list ${input.list.id}: review deadline ${deadline.toISOString()} passed; sending the ${gate.confirmed.length} confirmed change(s) and leaving out ${gate.pending.length} unconfirmed`,
  );
  return { model: buildDigest({ ...input, changes: gate.confirmed }), held: null };
}
