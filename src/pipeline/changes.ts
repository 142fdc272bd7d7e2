// Changes from the store: positions are read a page at a time, the analysts' overrides applied to each
// page (the same rule as readPositions), into compare's accumulator, so `changes`, `preview` and `run`
// hold one page of positions and each pair's dated points, never the whole corpus.
import { createChangeAccumulator, type CompareOptions } from '../compare/index.js';
import { applyOverrides } from '../compare/overrides.js';
import type { Change } from '../model.js';
import type { PositionFilter } from '../store/types.js';
import type { PipelineContext } from './context.js';

export async function changesFromStore(
  ctx: PipelineContext,
  filter: Pick<PositionFilter, 'actor' | 'topic'>,
  options: CompareOptions,
): Promise<Change[]> {
  const acc = createChangeAccumulator(options);
  const overrides = await ctx.store.listOverrides();
  // An override may move a position to another actor or topic: filter after applying them.
  const wanted = (p: { actor: string; topic: string }) =>
    (!filter.actor || p.actor === filter.actor) && (!filter.topic || p.topic === filter.topic);
  const narrow = overrides.length === 0 ? filter : {};
  for await (const page of ctx.store.pagePositions({ ...narrow, since: options.since }))
    acc.add(applyOverrides(page, overrides).filter(wanted));
  return acc.result();
}
