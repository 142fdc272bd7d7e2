// Changes from the store: positions are read a page at a time into compare's accumulator, so `changes`,
// `preview` and `run` hold one page of positions and each pair's two ends, never the whole corpus.
import { createChangeAccumulator, type CompareOptions } from '../compare/index.js';
import type { Change } from '../model.js';
import type { PositionFilter } from '../store/types.js';
import type { PipelineContext } from './context.js';

export async function changesFromStore(
  ctx: PipelineContext,
  filter: Pick<PositionFilter, 'actor' | 'topic'>,
  options: CompareOptions,
): Promise<Change[]> {
  const acc = createChangeAccumulator(options);
  for await (const page of ctx.store.pagePositions({ ...filter, since: options.since })) acc.add(page);
  return acc.result();
}
