// The embedded Store: one SQLite file through better-sqlite3. WAL and a busy timeout let several
// processes (two workers, a CLI next to a worker) share the file; every multi-row write is one
// transaction, so an interrupted ingest or delivery never leaves half a record behind.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StancewatchError } from '../errors.js';
import type { Attribution, ParsedArticle, Position } from '../model.js';
import {
  ARTICLE_COLUMNS,
  POSITION_COLUMNS,
  normEmail,
  num,
  positionConditions,
  sameContentResult,
  str,
  strOrNull,
  toArticle,
  toDelivery,
  toOverride,
  toPositions,
  toRun,
  toSource,
  whereOf,
  type Row,
} from './_rows.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import { sqliteShareMethods } from './sqlite-share.js';
import { sqliteWebMethods } from './sqlite-web.js';
import type {
  ClaimResult,
  DeliveryClaim,
  DeliveryRecord,
  Fence,
  Lease,
  PositionFilter,
  SaveResult,
  Store,
  SuppressionRecord,
} from './types.js';

export interface SqliteStoreOptions {
  /** Database file; its folder is created. `:memory:` works for throwaway use. */
  path: string;
  /** Clock for stored-at, run and delivery timestamps (tests move it). */
  now?: () => Date;
}

export function createSqliteStore(options: SqliteStoreOptions): Store {
  const now = options.now ?? (() => new Date());
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(options.path, { timeout: 10_000 });
  } catch (error) {
    throw new StancewatchError(`cannot open database ${options.path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    // SQLite's own default page cache (2 MB), not better-sqlite3's 16 MB: reading positions walks the
    // articles' body pages, which filled the cache with pages read once (+14 MB on `preview` and `run` at
    // 20,000 articles); the file is in the OS cache anyway, and ingest into 20,000 took no more CPU.
    db.pragma('cache_size = -2000');
    migrate(db, options.path);
  } catch (error) {
    db.close();
    if (error instanceof StancewatchError) throw error;
    throw new StancewatchError(`cannot open database ${options.path}: ${(error as Error).message}`, {
      cause: error,
    });
  }

  const nowIso = () => now().toISOString();

  // Stored-at must grow strictly: scheduled digests select "stored after the last digest", so two
  // articles saved in the same millisecond must still be told apart. The max is read inside the write
  // transaction, so this holds across processes too.
  const lastStoredAt = db.prepare('SELECT max(stored_at) AS m FROM articles');
  const nextStoredAt = (): string => {
    const last = lastStoredAt.get() as { m: string | null };
    let t = now().getTime();
    if (last.m && Date.parse(last.m) >= t) t = Date.parse(last.m) + 1;
    return new Date(t).toISOString();
  };

  const articleSelect = `SELECT ${ARTICLE_COLUMNS}, (SELECT count(*) FROM positions p WHERE p.article_id = a.id AND p.retired = 0) AS position_count FROM articles a`;

  const insertArticle = db.prepare(`INSERT INTO articles
    (article_key, version, current, file, entry, format, url, title, source, byline, published, date_precision, body, content_hash, warnings, stored_at)
    VALUES (@key, @version, 1, @file, @entry, @format, @url, @title, @source, @byline, @published, @precision, @body, @hash, @warnings, @storedAt)`);
  const insertAttribution = db.prepare(
    'INSERT INTO attributions (article_id, ordinal, data) VALUES (?, ?, ?)',
  );
  const insertPosition = db.prepare(`INSERT INTO positions
    (article_id, ordinal, actor, topic, polarity, speaker, role, claim, evidence, reported, relayer, confidence, via)
    VALUES (@articleId, @ordinal, @actor, @topic, @polarity, @speaker, @role, @claim, @evidence, @reported, @relayer, @confidence, @via)`);

  const sameCurrent = db.prepare(
    'SELECT id, version, file, entry FROM articles WHERE current = 1 AND content_hash = ? LIMIT 1',
  );
  const sameEarlier = db.prepare(
    'SELECT id, version, file, entry FROM articles WHERE content_hash = ? AND NOT (file = ? AND entry = ?) AND (url IS NULL OR ? IS NULL OR url <> ?) ORDER BY id DESC LIMIT 1',
  );
  // Two indexed lookups rather than one `(file, entry) OR url` query, which SQLite answered by a scan.
  const previousByFile = db.prepare(
    'SELECT id, article_key, version FROM articles WHERE current = 1 AND file = ? AND entry = ? ORDER BY id DESC LIMIT 1',
  );
  const previousByUrl = db.prepare(
    'SELECT id, article_key, version FROM articles WHERE current = 1 AND url = ? ORDER BY id DESC LIMIT 1',
  );

  // Same content as a current article, or as an earlier version of another file (a copy made before
  // that file was edited), is nothing new. The same file going back to an earlier text is a new version.
  const findSame = (
    article: Pick<ParsedArticle, 'contentHash' | 'file' | 'entry' | 'url'>,
  ): SaveResult | null => {
    const same = (sameCurrent.get(article.contentHash) ??
      sameEarlier.get(article.contentHash, article.file, article.entry, article.url, article.url)) as
      Row | undefined;
    return same ? sameContentResult(same, article) : null;
  };

  const save = db.transaction(
    (
      article: ParsedArticle,
      extraction: { attributions: Attribution[]; positions: Position[] },
    ): SaveResult => {
      const same = findSame(article);
      if (same) return same;
      const byFile = previousByFile.get(article.file, article.entry) as Row | undefined;
      const byUrl = article.url ? (previousByUrl.get(article.url) as Row | undefined) : undefined;
      const previous =
        byFile && byUrl ? (num(byFile.id) > num(byUrl.id) ? byFile : byUrl) : (byFile ?? byUrl);
      let key = article.url ?? `${article.file}#${article.entry}`;
      let version = 1;
      if (previous) {
        key = str(previous.article_key);
        version = num(previous.version) + 1;
        // The earlier version stays for the record, but what it said no longer counts as current coverage.
        db.prepare('UPDATE articles SET current = 0 WHERE id = ?').run(num(previous.id));
        db.prepare('UPDATE positions SET retired = 1 WHERE article_id = ?').run(num(previous.id));
      } else {
        // A key may already exist for a non-current lineage (e.g. the same URL stored under another file).
        const taken = db.prepare('SELECT max(version) AS v FROM articles WHERE article_key = ?').get(key) as {
          v: number | null;
        };
        if (taken.v !== null) version = taken.v + 1;
      }
      const info = insertArticle.run({
        key,
        version,
        file: article.file,
        entry: article.entry,
        format: article.format,
        url: article.url,
        title: article.title,
        source: article.source,
        byline: article.byline,
        published: article.published,
        precision: article.datePrecision,
        body: article.body,
        hash: article.contentHash,
        warnings: JSON.stringify(article.warnings),
        storedAt: nextStoredAt(),
      });
      const articleId = num(info.lastInsertRowid);
      extraction.attributions.forEach((a, i) => insertAttribution.run(articleId, i, JSON.stringify(a)));
      extraction.positions.forEach((p, i) =>
        insertPosition.run({
          articleId,
          ordinal: i,
          actor: p.actor,
          topic: p.topic,
          polarity: p.polarity,
          speaker: p.speaker,
          role: p.role,
          claim: p.claim,
          evidence: JSON.stringify(p.evidence),
          reported: p.reported,
          relayer: p.relayer,
          confidence: p.confidence,
          via: p.via,
        }),
      );
      return { status: previous ? 'updated' : 'new', articleId, version };
    },
  );

  // A lease row is never deleted: its generation is the fencing token and must only grow. It grows when
  // another holder takes the lease, or when it is taken again after a release (expires_at = 0); the same
  // holder renewing (even a little late, when nobody took it meanwhile) keeps its generation.
  const acquire = db.transaction((name: string, holder: string, ttlMs: number): Fence | null => {
    const t = now().getTime();
    const row = db.prepare('SELECT holder, expires_at, generation FROM leases WHERE name = ?').get(name) as
      Row | undefined;
    if (row && str(row.holder) !== holder && num(row.expires_at) > t) return null;
    const generation = !row
      ? 1
      : str(row.holder) === holder && num(row.expires_at) > 0
        ? num(row.generation)
        : num(row.generation) + 1;
    db.prepare(
      'INSERT INTO leases (name, holder, expires_at, generation) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at, generation = excluded.generation',
    ).run(name, holder, t + ttlMs, generation);
    return { name, holder, generation };
  });

  // The delivery ledger is written twice per recipient (claim, outcome) and read before: its statements
  // are prepared once, not per call (preparing cost more than running them on a 10,000-recipient list).
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };

  const claim = db.transaction((c: DeliveryClaim): ClaimResult => {
    if (c.fence) {
      const lease = prepared('SELECT holder, generation FROM leases WHERE name = ?').get(c.fence.name) as
        Row | undefined;
      if (!lease || str(lease.holder) !== c.fence.holder || num(lease.generation) !== c.fence.generation) {
        return {
          ok: false,
          reason: 'fenced',
          detail: lease
            ? `lease ${c.fence.name} is now held by ${str(lease.holder)} (generation ${num(lease.generation)}, ours was ${c.fence.generation})`
            : `lease ${c.fence.name} is gone`,
        };
      }
    }
    const t = now().toISOString();
    const row = prepared(
      'SELECT status, claimed_by, claim_until FROM deliveries WHERE digest_id = ? AND recipient = ?',
    ).get(c.digestId, c.recipient) as Row | undefined;
    if (row && str(row.status) === 'sent') return { ok: false, reason: 'sent', detail: 'already sent' };
    const by = strOrNull(row?.claimed_by);
    const until = strOrNull(row?.claim_until);
    if (row && str(row.status) === 'pending' && by && by !== c.claimer && until && until > t) {
      return {
        ok: false,
        reason: 'in-doubt',
        detail: `claimed by ${by}, whose message may still be in flight (until ${until})`,
        claimedBy: by,
        until,
      };
    }
    const claimUntil = new Date(now().getTime() + c.inDoubtMs).toISOString();
    prepared(
      `INSERT INTO deliveries (digest_id, list_id, recipient, status, attempts, message_id, covered_until, claimed_by, claim_until, updated_at)
       VALUES (@digestId, @listId, @recipient, 'pending', 0, @messageId, @coveredUntil, @claimer, @claimUntil, @t)
       ON CONFLICT (digest_id, recipient) DO UPDATE SET status = 'pending', message_id = excluded.message_id,
         claimed_by = excluded.claimed_by, claim_until = excluded.claim_until, updated_at = excluded.updated_at`,
    ).run({
      digestId: c.digestId,
      listId: c.listId,
      recipient: c.recipient,
      messageId: c.messageId,
      coveredUntil: c.coveredUntil,
      claimer: c.claimer,
      claimUntil,
      t,
    });
    return { ok: true };
  });

  // A list's ledger rows before its first send: one transaction, not one per recipient.
  const recordNew = db.transaction((records: Array<Omit<DeliveryRecord, 'attempts' | 'updatedAt'>>) => {
    const insert = prepared(
      `INSERT INTO deliveries (digest_id, list_id, recipient, status, attempts, message_id, response, path, next_attempt_at, covered_until, updated_at)
       VALUES (@digestId, @listId, @recipient, @status, 0, @messageId, @response, @path, @nextAttemptAt, @coveredUntil, @updatedAt)
       ON CONFLICT (digest_id, recipient) DO NOTHING`,
    );
    const updatedAt = now().toISOString();
    let added = 0;
    for (const r of records) added += insert.run({ ...r, updatedAt }).changes;
    return added;
  });

  const positionSelect = `SELECT ${POSITION_COLUMNS} FROM positions p JOIN articles a ON a.id = p.article_id`;
  const positionWhere = (filter: PositionFilter, afterId?: number) =>
    whereOf(positionConditions(filter, afterId));

  let closed = false;

  return {
    name: 'sqlite',
    ...sqliteWebMethods(db, now),
    ...sqliteShareMethods(db, now),

    async saveArticle(article, extraction) {
      // IMMEDIATE takes the write lock up front, so two processes saving the same file cannot both
      // decide it is new.
      return save.immediate(article, extraction);
    },

    async listArticles(opts = {}) {
      const ids = opts.ids ? [...new Set(opts.ids)] : null;
      if (ids && ids.length === 0) return [];
      const { sql, params } = whereOf([
        opts.includeRetired ? null : 'a.current = 1',
        ids ? ['a.id IN (SELECT value FROM json_each(?))', JSON.stringify(ids)] : null,
        opts.newest !== undefined
          ? `a.id IN (SELECT id FROM articles ${opts.includeRetired ? '' : 'WHERE current = 1'} ORDER BY stored_at DESC LIMIT ${Math.max(0, Math.floor(opts.newest))})`
          : null,
        opts.silent
          ? 'NOT EXISTS (SELECT 1 FROM positions p WHERE p.article_id = a.id AND p.retired = 0)'
          : null,
        opts.storedAfter ? ['a.stored_at > ?', opts.storedAfter] : null,
      ]);
      const rows = db
        .prepare(`${articleSelect} ${sql} ORDER BY a.published IS NULL, a.published, a.id`)
        .all(...params) as Row[];
      return rows.map(toArticle);
    },

    async findSameContent(article) {
      return findSame(article);
    },

    async getArticle(id) {
      const row = db.prepare(`${articleSelect} WHERE a.id = ?`).get(id) as Row | undefined;
      return row ? toArticle(row) : null;
    },

    async listPositions(filter: PositionFilter = {}) {
      const { sql, params } = positionWhere(filter);
      const rows = db
        .prepare(`${positionSelect} ${sql} ORDER BY a.published IS NULL, a.published, a.id, p.ordinal`)
        .all(...params) as Row[];
      return toPositions(rows, filter.since);
    },

    async *pagePositions(filter = {}) {
      const pageSize = Math.max(1, Math.floor(filter.pageSize ?? 2000));
      let after = 0;
      for (;;) {
        const { sql, params } = positionWhere(filter, after);
        const rows = db
          .prepare(`${positionSelect} ${sql} ORDER BY p.id LIMIT ${pageSize}`)
          .all(...params) as Row[];
        const last = rows[rows.length - 1];
        if (!last) return;
        after = num(last.id);
        const page = toPositions(rows, filter.since);
        if (page.length > 0) yield page;
        if (rows.length < pageSize) return;
      }
    },

    async startRun(run) {
      const alive = run.ttlMs === undefined ? null : new Date(now().getTime() + run.ttlMs).toISOString();
      const info = db
        .prepare(
          "INSERT INTO runs (kind, list_id, scheduled_for, started_at, status, holder, alive_until) VALUES (?, ?, ?, ?, 'running', ?, ?)",
        )
        .run(run.kind, run.listId ?? null, run.scheduledFor ?? null, nowIso(), run.holder ?? null, alive);
      return num(info.lastInsertRowid);
    },

    async renewRun(id, ttlMs) {
      db.prepare("UPDATE runs SET alive_until = ? WHERE id = ? AND status = 'running'").run(
        new Date(now().getTime() + ttlMs).toISOString(),
        id,
      );
    },

    async abandonStaleRuns(reason) {
      const stale = db.transaction(() => {
        const rows = db
          .prepare(
            "SELECT * FROM runs WHERE status = 'running' AND (alive_until IS NULL OR alive_until <= ?) ORDER BY id",
          )
          .all(nowIso()) as Row[];
        const mark = db.prepare(
          "UPDATE runs SET status = 'abandoned', error = ?, finished_at = ? WHERE id = ? AND status = 'running'",
        );
        for (const r of rows) mark.run(reason, nowIso(), num(r.id));
        return rows.map((r) => ({ ...toRun(r), status: 'abandoned' as const, error: reason }));
      });
      return stale.immediate();
    },

    async finishRun(id, result) {
      db.prepare('UPDATE runs SET status = ?, counts = ?, error = ?, finished_at = ? WHERE id = ?').run(
        result.status,
        JSON.stringify(result.counts ?? {}),
        result.error ?? null,
        nowIso(),
        id,
      );
    },

    async listRuns(filter = {}) {
      const { sql, params } = whereOf([
        ['list_id = ?', filter.listId],
        ['kind = ?', filter.kind],
        ['status = ?', filter.status],
      ]);
      const limit = filter.limit ? `LIMIT ${Math.max(1, Math.floor(filter.limit))}` : '';
      const rows = db.prepare(`SELECT * FROM runs ${sql} ORDER BY id DESC ${limit}`).all(...params) as Row[];
      return rows.map(toRun);
    },

    async getDelivery(digestId, recipient) {
      const row = prepared('SELECT * FROM deliveries WHERE digest_id = ? AND recipient = ?').get(
        digestId,
        recipient,
      ) as Row | undefined;
      return row ? toDelivery(row) : null;
    },

    async recordDelivery(record) {
      const bump = record.status === 'sent' || record.status === 'failed' ? 1 : 0;
      prepared(
        `INSERT INTO deliveries (digest_id, list_id, recipient, status, attempts, message_id, response, path, next_attempt_at, covered_until, updated_at)
         VALUES (@digestId, @listId, @recipient, @status, @bump, @messageId, @response, @path, @nextAttemptAt, @coveredUntil, @updatedAt)
         ON CONFLICT (digest_id, recipient) DO UPDATE SET
           list_id = excluded.list_id, status = excluded.status, attempts = attempts + @bump,
           message_id = excluded.message_id, response = excluded.response, path = excluded.path,
           next_attempt_at = excluded.next_attempt_at, covered_until = excluded.covered_until, updated_at = excluded.updated_at`,
      ).run({ ...record, bump, updatedAt: nowIso() });
      const row = prepared('SELECT * FROM deliveries WHERE digest_id = ? AND recipient = ?').get(
        record.digestId,
        record.recipient,
      ) as Row;
      return toDelivery(row);
    },

    async recordNewDeliveries(records) {
      return recordNew.immediate(records);
    },

    async claimDelivery(c) {
      // IMMEDIATE: the fence check and the claim happen under the write lock, so a lease taken over in
      // between cannot be missed.
      return claim.immediate(c);
    },

    async finishDelivery(record, claimer) {
      const params = {
        digestId: record.digestId,
        recipient: record.recipient,
        status: record.status,
        messageId: record.messageId,
        response: record.response,
        path: record.path,
        nextAttemptAt: record.nextAttemptAt,
        claimer,
        updatedAt: nowIso(),
      };
      const set = `status = @status, attempts = attempts + 1, message_id = @messageId, response = @response,
        path = @path, next_attempt_at = @nextAttemptAt, claimed_by = NULL, claim_until = NULL, updated_at = @updatedAt`;
      const info =
        record.status === 'sent'
          ? prepared(
              `UPDATE deliveries SET ${set} WHERE digest_id = @digestId AND recipient = @recipient`,
            ).run(params)
          : prepared(
              `UPDATE deliveries SET ${set} WHERE digest_id = @digestId AND recipient = @recipient
                 AND status <> 'sent' AND (claimed_by IS NULL OR claimed_by = @claimer)`,
            ).run(params);
      return info.changes > 0;
    },

    async listDeliveries(filter = {}) {
      const { sql, params } = whereOf([
        ['list_id = ?', filter.listId],
        ['digest_id = ?', filter.digestId],
        ['status = ?', filter.status],
      ]);
      const rows = db
        .prepare(`SELECT * FROM deliveries ${sql} ORDER BY updated_at, recipient`)
        .all(...params) as Row[];
      return rows.map(toDelivery);
    },

    async lastDeliveredUntil(listId) {
      const row = db
        .prepare("SELECT max(covered_until) AS m FROM deliveries WHERE list_id = ? AND status = 'sent'")
        .get(listId) as { m: string | null };
      return row.m;
    },

    async addSuppression(s) {
      prepared(
        'INSERT INTO suppressions (email, list_id, reason, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (email, list_id) DO UPDATE SET reason = excluded.reason',
      ).run(normEmail(s.email), s.listId ?? '', s.reason, nowIso());
    },

    async isSuppressed(email, listId) {
      const row = prepared(
        "SELECT 1 FROM suppressions WHERE email = ? AND (list_id = '' OR list_id = ?) LIMIT 1",
      ).get(normEmail(email), listId);
      return row !== undefined;
    },

    async listSuppressions() {
      const rows = db.prepare('SELECT * FROM suppressions ORDER BY created_at, email').all() as Row[];
      return rows.map((r): SuppressionRecord => ({
        email: str(r.email),
        listId: str(r.list_id) === '' ? null : str(r.list_id),
        reason: str(r.reason),
        createdAt: str(r.created_at),
      }));
    },

    async getSourceState(sourceId) {
      const row = db.prepare('SELECT * FROM source_state WHERE source_id = ?').get(sourceId) as
        Row | undefined;
      return row ? toSource(row) : null;
    },

    async putSourceState(s) {
      db.prepare(
        `INSERT INTO source_state (source_id, etag, last_modified, last_fetch_at, last_ok_at, error_count, last_error, next_attempt_at, item_errors)
         VALUES (@sourceId, @etag, @lastModified, @lastFetchAt, @lastOkAt, @errorCount, @lastError, @nextAttemptAt, @itemErrors)
         ON CONFLICT (source_id) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
           last_fetch_at = excluded.last_fetch_at, last_ok_at = excluded.last_ok_at, error_count = excluded.error_count,
           last_error = excluded.last_error, next_attempt_at = excluded.next_attempt_at, item_errors = excluded.item_errors`,
      ).run({
        sourceId: s.sourceId,
        etag: s.etag,
        lastModified: s.lastModified,
        lastFetchAt: s.lastFetchAt,
        lastOkAt: s.lastOkAt,
        errorCount: s.errorCount,
        lastError: s.lastError,
        nextAttemptAt: s.nextAttemptAt,
        itemErrors: s.itemErrors && s.itemErrors.length > 0 ? JSON.stringify(s.itemErrors) : null,
      });
    },

    async acquireLease(name, holder, ttlMs) {
      return acquire.immediate(name, holder, ttlMs) !== null;
    },

    async takeLease(name, holder, ttlMs) {
      return acquire.immediate(name, holder, ttlMs);
    },

    async releaseLease(name, holder) {
      // Kept (expired) rather than deleted, so the generation keeps growing.
      db.prepare('UPDATE leases SET expires_at = 0 WHERE name = ? AND holder = ?').run(name, holder);
    },

    async getLease(name): Promise<Lease | null> {
      const row = db.prepare('SELECT * FROM leases WHERE name = ?').get(name) as Row | undefined;
      if (!row || num(row.expires_at) <= now().getTime()) return null;
      return {
        name: str(row.name),
        holder: str(row.holder),
        expiresAt: new Date(num(row.expires_at)).toISOString(),
        generation: num(row.generation),
      };
    },

    // ---- Review desk ----
    async getPosition(id) {
      const row = db.prepare(`${positionSelect} WHERE p.id = ?`).get(id) as Row | undefined;
      return row ? (toPositions([row], undefined)[0] ?? null) : null;
    },

    async addOverride(o) {
      const info = db
        .prepare(
          `INSERT INTO position_overrides (position_key, article_key, evidence, actor, topic, extracted_polarity,
             verdict, polarity, corrected_actor, corrected_topic, reviewed_by, reviewed_at, note)
           VALUES (@key, @articleKey, @evidence, @actor, @topic, @extractedPolarity,
             @verdict, @polarity, @correctedActor, @correctedTopic, @by, @at, @note)`,
        )
        .run({ ...o, at: nowIso() });
      const row = db
        .prepare('SELECT * FROM position_overrides WHERE id = ?')
        .get(num(info.lastInsertRowid)) as Row;
      return toOverride(row);
    },

    async listOverrides() {
      // The newest row per key is in force (ids only grow).
      const rows = db
        .prepare(
          `SELECT o.* FROM position_overrides o
           JOIN (SELECT position_key, max(id) AS id FROM position_overrides GROUP BY position_key) m ON m.id = o.id
           ORDER BY o.position_key`,
        )
        .all() as Row[];
      return rows.map(toOverride);
    },

    async overrideHistory(key) {
      const rows = db
        .prepare('SELECT * FROM position_overrides WHERE position_key = ? ORDER BY id')
        .all(key) as Row[];
      return rows.map(toOverride);
    },
    // ---- end of review desk ----

    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}

function migrate(db: Database.Database, path: string): void {
  const current = num(db.pragma('user_version', { simple: true }));
  if (current > SCHEMA_VERSION) {
    throw new StancewatchError(
      `${path} has schema version ${current}, newer than this stancewatch supports (${SCHEMA_VERSION}); upgrade stancewatch or use another --db`,
    );
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      // Re-check inside the write lock: another process may have migrated meanwhile.
      if (num(db.pragma('user_version', { simple: true })) >= m.version) return;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
