// The SQLite side of the web records (WebStore in types.ts): browser lists, stored subscribers,
// preferences, the digest archive and admin sessions. Kept beside sqlite.ts so the adapter's core stays
// readable; createSqliteStore spreads these methods into the store it returns.
import type Database from 'better-sqlite3';
import {
  normEmail as norm,
  str,
  toArchived,
  toPreferences,
  toSession,
  toSubscriber,
  toWebList as toList,
  type Row,
} from './_rows.js';
import type { AdminSession, SubscriberStatus, WebStore } from './types.js';

export function sqliteWebMethods(db: Database.Database, now: () => Date): WebStore {
  const nowIso = () => now().toISOString();
  const getList = (id: string) =>
    db.prepare('SELECT * FROM web_lists WHERE id = ?').get(id) as Row | undefined;
  const getSubscriber = (listId: string, email: string) =>
    db.prepare('SELECT * FROM subscribers WHERE list_id = ? AND email = ?').get(listId, norm(email)) as
      Row | undefined;

  const getPrefs = (listId: string, email: string) => {
    const row = db
      .prepare('SELECT * FROM preferences WHERE list_id = ? AND email = ?')
      .get(listId, norm(email)) as Row | undefined;
    return row ? toPreferences(row) : null;
  };

  const addSubscriber = db.transaction(
    (s: { listId: string; email: string; name: string | null; status: SubscriberStatus }) => {
      const t = nowIso();
      const existing = getSubscriber(s.listId, s.email);
      if (!existing) {
        db.prepare(
          'INSERT INTO subscribers (list_id, email, name, status, created_at, confirmed_at) VALUES (?, ?, ?, ?, ?, ?)',
        ).run(s.listId, norm(s.email), s.name, s.status, t, s.status === 'confirmed' ? t : null);
      } else {
        const promote = s.status === 'confirmed' && str(existing.status) !== 'confirmed';
        db.prepare(
          `UPDATE subscribers SET name = COALESCE(?, name)${promote ? ", status = 'confirmed', confirmed_at = ?" : ''} WHERE list_id = ? AND email = ?`,
        ).run(...(promote ? [s.name, t] : [s.name]), s.listId, norm(s.email));
      }
      return toSubscriber(getSubscriber(s.listId, s.email)!);
    },
  );

  const deleteList = db.transaction((id: string) => {
    const gone = db.prepare('DELETE FROM web_lists WHERE id = ?').run(id).changes > 0;
    if (gone) {
      db.prepare('DELETE FROM subscribers WHERE list_id = ?').run(id);
      db.prepare('DELETE FROM preferences WHERE list_id = ?').run(id);
    }
    return gone;
  });

  return {
    async listWebLists() {
      return (db.prepare('SELECT * FROM web_lists ORDER BY id').all() as Row[]).map(toList);
    },
    async getWebList(id) {
      const row = getList(id);
      return row ? toList(row) : null;
    },
    async saveWebList(list) {
      const t = nowIso();
      db.prepare(
        `INSERT INTO web_lists (id, data, created_at, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
      ).run(list.id, JSON.stringify(list), t, t);
      return toList(getList(list.id)!);
    },
    async deleteWebList(id) {
      return deleteList(id);
    },

    async listSubscribers(listId, filter = {}) {
      const rows = (
        filter.status
          ? db
              .prepare('SELECT * FROM subscribers WHERE list_id = ? AND status = ? ORDER BY email')
              .all(listId, filter.status)
          : db.prepare('SELECT * FROM subscribers WHERE list_id = ? ORDER BY email').all(listId)
      ) as Row[];
      return rows.map(toSubscriber);
    },
    async addSubscriber(s) {
      return addSubscriber.immediate(s);
    },
    async confirmSubscriber(listId, email) {
      return (
        db
          .prepare(
            "UPDATE subscribers SET status = 'confirmed', confirmed_at = COALESCE(confirmed_at, ?) WHERE list_id = ? AND email = ?",
          )
          .run(nowIso(), listId, norm(email)).changes > 0
      );
    },
    async removeSubscriber(listId, email) {
      return (
        db.prepare('DELETE FROM subscribers WHERE list_id = ? AND email = ?').run(listId, norm(email))
          .changes > 0
      );
    },
    async removeSuppression(email, listId) {
      return (
        db.prepare('DELETE FROM suppressions WHERE email = ? AND list_id = ?').run(norm(email), listId)
          .changes > 0
      );
    },

    async getPreferences(listId, email) {
      return getPrefs(listId, email);
    },
    async putPreferences(p) {
      db.prepare(
        `INSERT INTO preferences (list_id, email, actors, topics, frequency, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (list_id, email) DO UPDATE SET actors = excluded.actors, topics = excluded.topics,
           frequency = excluded.frequency, updated_at = excluded.updated_at`,
      ).run(
        p.listId,
        norm(p.email),
        JSON.stringify(p.actors),
        JSON.stringify(p.topics),
        p.frequency,
        nowIso(),
      );
      return getPrefs(p.listId, p.email)!;
    },
    async listPreferences(listId) {
      return (
        db.prepare('SELECT * FROM preferences WHERE list_id = ? ORDER BY email').all(listId) as Row[]
      ).map(toPreferences);
    },

    async archiveDigest(d) {
      db.prepare(
        `INSERT INTO digest_archive (digest_id, list_id, subject, html, text, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (digest_id) DO NOTHING`,
      ).run(d.digestId, d.listId, d.subject, d.html, d.text, nowIso());
    },
    async getArchivedDigest(digestId) {
      const row = db.prepare('SELECT * FROM digest_archive WHERE digest_id = ?').get(digestId) as
        Row | undefined;
      return row ? toArchived(row) : null;
    },
    async listArchivedDigests(listId, options = {}) {
      const rows = db
        .prepare('SELECT * FROM digest_archive WHERE list_id = ? ORDER BY created_at DESC, digest_id LIMIT ?')
        .all(listId, options.limit ?? 100) as Row[];
      return rows.map(toArchived);
    },

    async createSession(s: AdminSession) {
      db.prepare(
        'INSERT INTO admin_sessions (id_hash, user, created_at, expires_at) VALUES (?, ?, ?, ?)',
      ).run(s.idHash, s.user, s.createdAt, s.expiresAt);
    },
    async getSession(idHash) {
      const row = db.prepare('SELECT * FROM admin_sessions WHERE id_hash = ?').get(idHash) as Row | undefined;
      if (!row || str(row.expires_at) <= nowIso()) return null;
      return toSession(row);
    },
    async deleteSession(idHash) {
      // Expired sessions go too, so the table does not grow with every login.
      db.prepare('DELETE FROM admin_sessions WHERE id_hash = ? OR expires_at <= ?').run(idHash, nowIso());
    },
  };
}
