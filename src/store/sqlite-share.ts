// The SQLite side of shared delivery: open deliveries and batch claims (see Store.claimDeliveries). One
// writer at a time makes SQLite's batches disjoint without row locks; the semantics match PostgreSQL's.
import type Database from 'better-sqlite3';
import { num, str, strOrNull, type Row } from './_rows.js';
import type { BatchClaim, BatchClaimResult, ClaimedRecipient, Fence, OpenDelivery, Store } from './types.js';

type ShareMethods = Pick<
  Store,
  'claimDeliveries' | 'releaseClaims' | 'openDelivery' | 'closeDelivery' | 'listOpenDeliveries'
>;

/** Why a fence no longer holds, or null while it does. */
export function fenceBroken(db: Database.Database, fence: Fence): string | null {
  const lease = db.prepare('SELECT holder, generation FROM leases WHERE name = ?').get(fence.name) as
    Row | undefined;
  if (lease && str(lease.holder) === fence.holder && num(lease.generation) === fence.generation) return null;
  return lease
    ? `lease ${fence.name} is now held by ${str(lease.holder)} (generation ${num(lease.generation)}, ours was ${fence.generation})`
    : `lease ${fence.name} is gone`;
}

export function sqliteShareMethods(db: Database.Database, now: () => Date): ShareMethods {
  const claimBatch = db.transaction((b: BatchClaim): BatchClaimResult => {
    const broken = b.fence ? fenceBroken(db, b.fence) : null;
    if (broken) return { ok: false, reason: 'fenced', detail: broken };
    const rows = db
      .prepare(
        // CROSS JOIN keeps the recipients outside (SQLite never reorders it): one primary-key lookup each,
        // where the planner's own choice scanned every recipient for every ledger row.
        `SELECT d.recipient, d.message_id, d.attempts FROM json_each(?) j
         CROSS JOIN deliveries d ON d.digest_id = ? AND d.recipient = j.value
         WHERE d.status = 'pending' AND d.claimed_by IS NULL AND d.path IS NULL
         ORDER BY j.key LIMIT ?`,
      )
      .all(JSON.stringify(b.recipients), b.digestId, b.limit) as Row[];
    const until = new Date(now().getTime() + b.inDoubtMs).toISOString();
    const update = db.prepare(
      `UPDATE deliveries SET claimed_by = ?, claim_until = ?, updated_at = ? WHERE digest_id = ? AND recipient = ?`,
    );
    const claimed: ClaimedRecipient[] = rows.map((r) => {
      update.run(b.claimer, until, now().toISOString(), b.digestId, str(r.recipient));
      return { recipient: str(r.recipient), messageId: strOrNull(r.message_id), attempts: num(r.attempts) };
    });
    return { ok: true, claimed };
  });

  const open = db.transaction((d: Parameters<Store['openDelivery']>[0]) => {
    db.prepare('DELETE FROM open_deliveries WHERE list_id = ?').run(d.listId);
    db.prepare(
      'INSERT INTO open_deliveries (digest_id, list_id, holder, generation, opened_at) VALUES (?, ?, ?, ?, ?)',
    ).run(d.digestId, d.listId, d.holder, d.generation, now().toISOString());
  });

  return {
    async claimDeliveries(batch) {
      return claimBatch.immediate(batch);
    },
    async releaseClaims(digestId, recipients, claimer) {
      return db
        .prepare(
          `UPDATE deliveries SET claimed_by = NULL, claim_until = NULL
           WHERE digest_id = ? AND recipient IN (SELECT value FROM json_each(?)) AND claimed_by = ? AND status = 'pending'`,
        )
        .run(digestId, JSON.stringify(recipients), claimer).changes;
    },
    async openDelivery(d) {
      open.immediate(d);
    },
    async closeDelivery(digestId, holder) {
      db.prepare('DELETE FROM open_deliveries WHERE digest_id = ? AND holder = ?').run(digestId, holder);
    },
    async listOpenDeliveries(): Promise<OpenDelivery[]> {
      const rows = db.prepare('SELECT * FROM open_deliveries ORDER BY opened_at, digest_id').all() as Row[];
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
