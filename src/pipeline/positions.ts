// Positions as compare reads them: the ONE place where analysts' review overrides are applied, so
// `changes`, previews, digests and the review queue all see the same corrected positions.
import { applyOverrides, type ReviewedPosition } from '../compare/overrides.js';
import type { PositionFilter, Store } from '../store/types.js';

/**
 * Stored positions with the overrides in force applied (rejected ones dropped, corrections and
 * confirmations marked). Actor and topic are filtered after the overrides, so a position whose actor an
 * analyst corrected is found under the corrected actor.
 */
export async function readPositions(store: Store, filter: PositionFilter = {}): Promise<ReviewedPosition[]> {
  const { actor, topic, ...rest } = filter;
  const [positions, overrides] = await Promise.all([store.listPositions(rest), store.listOverrides()]);
  return applyOverrides(positions, overrides).filter(
    (p) => (!actor || p.actor === actor) && (!topic || p.topic === topic),
  );
}
