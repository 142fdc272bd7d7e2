// The run ledger's shell: a run is started with its holder and kept alive (renewed on a timer) while its
// process works, so a run whose process was killed is told apart from one still
// at work and is marked `abandoned` by the next run or worker (markStaleRuns) instead of staying
// `running` forever.
import { hostname } from 'node:os';
import type { RunRecord, RunStatus } from '../store/types.js';
import type { PipelineContext } from './context.js';

export interface OpenRun {
  id: number;
  finish(result: {
    status: Exclude<RunStatus, 'running'>;
    counts?: Record<string, number>;
    error?: string | null;
  }): Promise<void>;
}

/** Who runs the runs of this process, as `status` shows it. */
export const processHolder = () => `${hostname()}:${process.pid}`;

export async function beginRun(
  ctx: PipelineContext,
  run: { kind: RunRecord['kind']; listId?: string | null; scheduledFor?: string | null },
): Promise<OpenRun> {
  // Two thirds of the worker's lease, renewed four times as often: a worker taking over from a dead one
  // (once the dead one's lease has run out) finds that worker's runs already past their time.
  const ttlMs = Math.floor((ctx.loaded.config.worker.leaseSeconds * 1000 * 2) / 3);
  const id = await ctx.store.startRun({ ...run, holder: processHolder(), ttlMs });
  const renew = setInterval(
    () => {
      ctx.store.renewRun(id, ttlMs).catch(() => {
        // A failed renewal only makes the run look stale sooner; the next one may succeed.
      });
    },
    Math.max(100, Math.floor(ttlMs / 4)),
  );
  renew.unref();
  return {
    id,
    finish: async (result) => {
      clearInterval(renew);
      await ctx.store.finishRun(id, result);
    },
  };
}

/** Marks the runs of dead processes abandoned, with one warning each. */
export async function markStaleRuns(ctx: PipelineContext): Promise<RunRecord[]> {
  const stale = await ctx.store.abandonStaleRuns(
    'its process stopped before the run finished (killed or crashed)',
  );
  for (const run of stale) {
    ctx.logger.warn(
      `run ${run.id} (${run.kind}${run.listId ? ` ${run.listId}` : ''}, started ${run.startedAt}${run.holder ? ` by ${run.holder}` : ''}) was left running by a process that is gone; marked abandoned`,
      { runId: run.id, kind: run.kind, listId: run.listId, scheduledFor: run.scheduledFor },
    );
  }
  return stale;
}
