// The PostgreSQL side of the web records (WebStore in types.ts): browser lists, stored subscribers,
// preferences, the digest archive and admin sessions, with the same records and rules as sqlite-web.ts.
// Where SQLite reads then writes under its single writer, each write here is one upsert, so two web
// processes adding the same subscriber cannot both insert it or demote a confirmed one.
import { StancewatchError } from '../errors.js';
import {
  normEmail,
  str,
  toArchived,
  toPreferences,
  toSession,
  toSubscriber,
  toWebList,
  type Row,
} from './_rows.js';
import type { WebStore } from './types.js';

type Query = (sql: string, params?: unknown[]) => Promise<Row[]>;
type Tx = <T>(work: (q: Query) => Promise<T>) => Promise<T>;

/** The row a write returned; a missing one means the database broke its promise, not bad input. */
const written = (rows: Row[], what: string): Row => {
  const [row] = rows;
  if (!row) throw new StancewatchError(`${what} was not written`);
  return row;
};

export function postgresWebMethods(query: Query, tx: Tx, now: () => Date): WebStore {
  const nowIso = () => now().toISOString();
  return {
    async listWebLists() {
      return (await query('SELECT * FROM web_lists ORDER BY id')).map(toWebList);
    },
    async getWebList(id) {
      const [row] = await query('SELECT * FROM web_lists WHERE id = $1', [id]);
      return row ? toWebList(row) : null;
    },
    async saveWebList(list) {
      const t = nowIso();
      const rows = await query(
        `INSERT INTO web_lists (id, data, created_at, updated_at) VALUES ($1, $2, $3, $3)
         ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, updated_at = EXCLUDED.updated_at
         RETURNING *`,
        [list.id, JSON.stringify(list), t],
      );
      return toWebList(written(rows, `web list ${list.id}`));
    },
    deleteWebList: (id) =>
      tx(async (q) => {
        const gone = (await q('DELETE FROM web_lists WHERE id = $1 RETURNING id', [id])).length > 0;
        if (gone) {
          await q('DELETE FROM subscribers WHERE list_id = $1', [id]);
          await q('DELETE FROM preferences WHERE list_id = $1', [id]);
        }
        return gone;
      }),

    async listSubscribers(listId, filter = {}) {
      const rows = filter.status
        ? await query('SELECT * FROM subscribers WHERE list_id = $1 AND status = $2 ORDER BY email', [
            listId,
            filter.status,
          ])
        : await query('SELECT * FROM subscribers WHERE list_id = $1 ORDER BY email', [listId]);
      return rows.map(toSubscriber);
    },
    async addSubscriber(s) {
      // A confirmed row stays confirmed (its confirmed_at too); a pending one is promoted by `confirmed`.
      const rows = await query(
        `INSERT INTO subscribers AS s (list_id, email, name, status, created_at, confirmed_at)
         VALUES ($1, $2, $3, $4::text, $5, CASE WHEN $4::text = 'confirmed' THEN $5 END)
         ON CONFLICT (list_id, email) DO UPDATE SET name = COALESCE(EXCLUDED.name, s.name),
           status = CASE WHEN EXCLUDED.status = 'confirmed' THEN 'confirmed' ELSE s.status END,
           confirmed_at = CASE WHEN EXCLUDED.status = 'confirmed' AND s.status <> 'confirmed'
             THEN EXCLUDED.created_at ELSE s.confirmed_at END
         RETURNING *`,
        [s.listId, normEmail(s.email), s.name, s.status, nowIso()],
      );
      return toSubscriber(written(rows, `subscriber ${normEmail(s.email)}`));
    },
    async confirmSubscriber(listId, email) {
      const rows = await query(
        `UPDATE subscribers SET status = 'confirmed', confirmed_at = COALESCE(confirmed_at, $1)
         WHERE list_id = $2 AND email = $3 RETURNING 1`,
        [nowIso(), listId, normEmail(email)],
      );
      return rows.length > 0;
    },
    async removeSubscriber(listId, email) {
      const rows = await query('DELETE FROM subscribers WHERE list_id = $1 AND email = $2 RETURNING 1', [
        listId,
        normEmail(email),
      ]);
      return rows.length > 0;
    },
    async removeSuppression(email, listId) {
      const rows = await query('DELETE FROM suppressions WHERE email = $1 AND list_id = $2 RETURNING 1', [
        normEmail(email),
        listId,
      ]);
      return rows.length > 0;
    },

    async getPreferences(listId, email) {
      const [row] = await query('SELECT * FROM preferences WHERE list_id = $1 AND email = $2', [
        listId,
        normEmail(email),
      ]);
      return row ? toPreferences(row) : null;
    },
    async putPreferences(p) {
      const rows = await query(
        `INSERT INTO preferences (list_id, email, actors, topics, frequency, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (list_id, email) DO UPDATE SET actors = EXCLUDED.actors, topics = EXCLUDED.topics,
           frequency = EXCLUDED.frequency, updated_at = EXCLUDED.updated_at
         RETURNING *`,
        [
          p.listId,
          normEmail(p.email),
          JSON.stringify(p.actors),
          JSON.stringify(p.topics),
          p.frequency,
          nowIso(),
        ],
      );
      return toPreferences(written(rows, `preferences of ${normEmail(p.email)}`));
    },
    async listPreferences(listId) {
      return (await query('SELECT * FROM preferences WHERE list_id = $1 ORDER BY email', [listId])).map(
        toPreferences,
      );
    },

    async archiveDigest(d) {
      await query(
        `INSERT INTO digest_archive (digest_id, list_id, subject, html, text, created_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (digest_id) DO NOTHING`,
        [d.digestId, d.listId, d.subject, d.html, d.text, nowIso()],
      );
    },
    async getArchivedDigest(digestId) {
      const [row] = await query('SELECT * FROM digest_archive WHERE digest_id = $1', [digestId]);
      return row ? toArchived(row) : null;
    },
    async listArchivedDigests(listId, options = {}) {
      const rows = await query(
        'SELECT * FROM digest_archive WHERE list_id = $1 ORDER BY created_at DESC, digest_id LIMIT $2',
        [listId, options.limit ?? 100],
      );
      return rows.map(toArchived);
    },

    async createSession(s) {
      await query(
        'INSERT INTO admin_sessions (id_hash, "user", created_at, expires_at) VALUES ($1, $2, $3, $4)',
        [s.idHash, s.user, s.createdAt, s.expiresAt],
      );
    },
    async getSession(idHash) {
      const [row] = await query('SELECT * FROM admin_sessions WHERE id_hash = $1', [idHash]);
      if (!row || str(row.expires_at) <= nowIso()) return null;
      return toSession(row);
    },
    async deleteSession(idHash) {
      // Expired sessions go too, so the table does not grow with every login.
      await query('DELETE FROM admin_sessions WHERE id_hash = $1 OR expires_at <= $2', [idHash, nowIso()]);
    },
  };
}
