// The PostgreSQL side of shared delivery: open deliveries and batch claims (see Store.claimDeliveries).
// A batch is ONE statement, so one round trip and one commit for many recipients: the fence's lease row
// is read FOR SHARE (a takeover, which locks it FOR UPDATE, waits for the claim to commit), and the rows
// are picked `FOR UPDATE SKIP LOCKED`, so two workers claiming at the same moment take disjoint batches
// instead of queueing behind each other's row locks.
import { num, str, strOrNull, type Row } from './_rows.js';
import type { BatchClaim, BatchClaimResult, OpenDelivery, Store } from './types.js';

type Query = (sql: string, params?: unknown[]) => Promise<Row[]>;
type ShareMethods = Pick<
  Store,
  'claimDeliveries' | 'releaseClaims' | 'openDelivery' | 'closeDelivery' | 'listOpenDeliveries'
>;

const CLAIM_BATCH = `
  WITH fence AS (
    SELECT 1 FROM leases WHERE name = $5 AND holder = $6 AND generation = $7::int FOR SHARE
  ),
  picked AS (
    SELECT d.recipient FROM deliveries d
    JOIN unnest($2::text[]) WITH ORDINALITY AS r(email, n) ON d.recipient = r.email
    WHERE d.digest_id = $1 AND d.status = 'pending' AND d.claimed_by IS NULL AND d.path IS NULL
      AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM fence))
    ORDER BY r.n LIMIT $3
    FOR UPDATE OF d SKIP LOCKED
  )
  UPDATE deliveries d SET claimed_by = $4, claim_until = $8, updated_at = $9
  FROM picked p WHERE d.digest_id = $1 AND d.recipient = p.recipient
  RETURNING d.recipient, d.message_id, d.attempts`;

export function postgresShareMethods(query: Query, now: () => Date): ShareMethods {
  const fenceBroken = async (b: BatchClaim): Promise<string | null> => {
    if (!b.fence) return null;
    const [lease] = await query('SELECT holder, generation FROM leases WHERE name = $1', [b.fence.name]);
    if (lease && str(lease.holder) === b.fence.holder && num(lease.generation) === b.fence.generation)
      return null;
    return lease
      ? `lease ${b.fence.name} is now held by ${str(lease.holder)} (generation ${num(lease.generation)}, ours was ${b.fence.generation})`
      : `lease ${b.fence.name} is gone`;
  };

  return {
    async claimDeliveries(b): Promise<BatchClaimResult> {
      const rows = await query(CLAIM_BATCH, [
        b.digestId,
        b.recipients,
        b.limit,
        b.claimer,
        b.fence?.name ?? null,
        b.fence?.holder ?? null,
        b.fence?.generation ?? null,
        new Date(now().getTime() + b.inDoubtMs).toISOString(),
        now().toISOString(),
      ]);
      // An empty batch may mean the fence failed (the statement cannot say which): ask after the fact.
      if (rows.length === 0) {
        const broken = await fenceBroken(b);
        if (broken) return { ok: false, reason: 'fenced', detail: broken };
      }
      // RETURNING has no order: put the batch back in the caller's sending order.
      const order = new Map(b.recipients.map((r, i) => [r, i]));
      const claimed = rows
        .map((r) => ({
          recipient: str(r.recipient),
          messageId: strOrNull(r.message_id),
          attempts: num(r.attempts),
        }))
        .sort((x, y) => (order.get(x.recipient) ?? 0) - (order.get(y.recipient) ?? 0));
      return { ok: true, claimed };
    },
    async releaseClaims(digestId, recipients, claimer) {
      const rows = await query(
        `UPDATE deliveries SET claimed_by = NULL, claim_until = NULL
         WHERE digest_id = $1 AND recipient = ANY($2::text[]) AND claimed_by = $3 AND status = 'pending'
         RETURNING 1`,
        [digestId, recipients, claimer],
      );
      return rows.length;
    },
    async openDelivery(d) {
      // One statement: what was open for the list goes (only its lock holder opens one), this one comes.
      await query(
        `WITH gone AS (DELETE FROM open_deliveries WHERE list_id = $2 AND digest_id <> $1)
         INSERT INTO open_deliveries (digest_id, list_id, holder, generation, opened_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (digest_id) DO UPDATE SET list_id = EXCLUDED.list_id, holder = EXCLUDED.holder,
           generation = EXCLUDED.generation, opened_at = EXCLUDED.opened_at`,
        [d.digestId, d.listId, d.holder, d.generation, now().toISOString()],
      );
    },
    async closeDelivery(digestId, holder) {
      await query('DELETE FROM open_deliveries WHERE digest_id = $1 AND holder = $2', [digestId, holder]);
    },
    async listOpenDeliveries(): Promise<OpenDelivery[]> {
      const rows = await query('SELECT * FROM open_deliveries ORDER BY opened_at, digest_id');
      return rows.map((r) => ({
        digestId: str(r.digest_id),
        listId: str(r.list_id),
        holder: str(r.holder),
        generation: num(r.generation),
        openedAt: str(r.opened_at),
      }));
    },
  };
}
