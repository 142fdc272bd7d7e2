// The PostgreSQL Store (node-postgres), for several workers on one database. Same records and rules as
// the SQLite store; what SQLite gets from its single writer, this one gets from row locks:
// - a lease is taken under `SELECT … FOR UPDATE` of its row, so two processes never both hold it, and its
//   generation (the fencing token) only grows;
// - a recipient is claimed in ONE transaction that reads the list lock's row `FOR SHARE` (a takeover has
//   to wait for the claim to commit) and the delivery row `FOR UPDATE`;
// - articles are saved under a transaction-scoped advisory lock per schema, so two processes saving the
//   same content cannot both find it new, and stored-at stays strictly increasing.
import pg from 'pg';
import { StancewatchError } from '../errors.js';
import type { Attribution, ParsedArticle, Position, ReviewOverride } from '../model.js';
import { PG_MIGRATIONS, PG_SCHEMA_VERSION } from './postgres-migrations.js';
import { postgresShareMethods } from './postgres-share.js';
import { postgresWebMethods } from './postgres-web.js';
import {
  ARTICLE_COLUMNS,
  POSITION_COLUMNS,
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

export interface PostgresStoreOptions {
  /** postgres://user@host:port/db (from DATABASE_URL; never written in the config file). */
  url: string;
  /** Use (and create) this schema instead of the connection's default; tests isolate themselves so. */
  schema?: string;
  /** Clock for stored-at, run, lease and delivery timestamps (tests move it). */
  now?: () => Date;
  /** Connections in the pool. @default 4 */
  poolSize?: number;
}

type Query = (sql: string, params?: unknown[]) => Promise<Row[]>;

/** `?` placeholders (shared WHERE builders) as PostgreSQL's `$1, $2, …`. */
const numbered = (sql: string, offset = 0) => {
  let i = offset;
  return sql.replace(/\?/g, () => `$${++i}`);
};

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function createPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const now = options.now ?? (() => new Date());
  const where = redactUrl(options.url);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 4,
    ...(options.schema ? { options: `-c search_path=${quoteIdent(options.schema)}` } : {}),
  });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  try {
    await migrate(pool, options.schema);
  } catch (error) {
    await pool.end().catch(() => {});
    if (error instanceof StancewatchError) throw error;
    throw new StancewatchError(`cannot open the PostgreSQL database ${where}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const query: Query = async (sql, params = []) => (await pool.query(sql, params)).rows as Row[];
  const tx = async <T>(work: (q: Query) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(async (sql, params = []) => (await client.query(sql, params)).rows as Row[]);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  };
  const nowIso = () => now().toISOString();
  const articles = articleOps(query, tx, now);
  const ledger = ledgerOps(query, tx, now);
  let closed = false;

  return {
    name: 'postgres',
    ...articles,
    ...ledger,
    ...reviewOps(query, now),
    ...postgresWebMethods(query, tx, now),
    ...postgresShareMethods(query, now),

    async startRun(run) {
      const alive = run.ttlMs === undefined ? null : new Date(now().getTime() + run.ttlMs).toISOString();
      const [row] = await query(
        `INSERT INTO runs (kind, list_id, scheduled_for, started_at, status, holder, alive_until)
         VALUES ($1, $2, $3, $4, 'running', $5, $6) RETURNING id`,
        [run.kind, run.listId ?? null, run.scheduledFor ?? null, nowIso(), run.holder ?? null, alive],
      );
      return num(row?.id);
    },

    async renewRun(id, ttlMs) {
      await query(`UPDATE runs SET alive_until = $1 WHERE id = $2 AND status = 'running'`, [
        new Date(now().getTime() + ttlMs).toISOString(),
        id,
      ]);
    },

    async abandonStaleRuns(reason) {
      const t = nowIso();
      const rows = await query(
        `UPDATE runs SET status = 'abandoned', error = $1, finished_at = $2
         WHERE status = 'running' AND (alive_until IS NULL OR alive_until <= $2) RETURNING *`,
        [reason, t],
      );
      return rows.map(toRun).sort((a, b) => a.id - b.id);
    },

    async finishRun(id, result) {
      await query('UPDATE runs SET status = $1, counts = $2, error = $3, finished_at = $4 WHERE id = $5', [
        result.status,
        JSON.stringify(result.counts ?? {}),
        result.error ?? null,
        nowIso(),
        id,
      ]);
    },

    async listRuns(filter = {}) {
      const { sql, params } = whereOf([
        ['list_id = ?', filter.listId],
        ['kind = ?', filter.kind],
        ['status = ?', filter.status],
      ]);
      const limit = filter.limit ? `LIMIT ${Math.max(1, Math.floor(filter.limit))}` : '';
      const rows = await query(`SELECT * FROM runs ${numbered(sql)} ORDER BY id DESC ${limit}`, params);
      return rows.map(toRun);
    },

    async addSuppression(s) {
      await query(
        `INSERT INTO suppressions (email, list_id, reason, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (email, list_id) DO UPDATE SET reason = EXCLUDED.reason`,
        [s.email.trim().toLowerCase(), s.listId ?? '', s.reason, nowIso()],
      );
    },

    async isSuppressed(email, listId) {
      const rows = await query(
        `SELECT 1 FROM suppressions WHERE email = $1 AND (list_id = '' OR list_id = $2) LIMIT 1`,
        [email.trim().toLowerCase(), listId],
      );
      return rows.length > 0;
    },

    async listSuppressions() {
      const rows = await query('SELECT * FROM suppressions ORDER BY created_at, email');
      return rows.map((r): SuppressionRecord => ({
        email: str(r.email),
        listId: str(r.list_id) === '' ? null : str(r.list_id),
        reason: str(r.reason),
        createdAt: str(r.created_at),
      }));
    },

    async getSourceState(sourceId) {
      const [row] = await query('SELECT * FROM source_state WHERE source_id = $1', [sourceId]);
      return row ? toSource(row) : null;
    },

    async putSourceState(s) {
      await query(
        `INSERT INTO source_state (source_id, etag, last_modified, last_fetch_at, last_ok_at, error_count, last_error, next_attempt_at, item_errors)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (source_id) DO UPDATE SET etag = EXCLUDED.etag, last_modified = EXCLUDED.last_modified,
           last_fetch_at = EXCLUDED.last_fetch_at, last_ok_at = EXCLUDED.last_ok_at, error_count = EXCLUDED.error_count,
           last_error = EXCLUDED.last_error, next_attempt_at = EXCLUDED.next_attempt_at, item_errors = EXCLUDED.item_errors`,
        [
          s.sourceId,
          s.etag,
          s.lastModified,
          s.lastFetchAt,
          s.lastOkAt,
          s.errorCount,
          s.lastError,
          s.nextAttemptAt,
          s.itemErrors && s.itemErrors.length > 0 ? JSON.stringify(s.itemErrors) : null,
        ],
      );
    },

    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/**
 * Applies the pending migrations in one transaction, under an advisory lock keyed by the schema: two
 * processes opening a fresh database together migrate it once (the second waits, then finds it done).
 */
async function migrate(pool: pg.Pool, schema: string | undefined): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('stancewatch-migrate:' || $1::text))`, [
        schema ?? '',
      ]);
      if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS stancewatch_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
      );
      const done = await client.query('SELECT max(version) AS v FROM stancewatch_migrations');
      const current = num((done.rows[0] as Row | undefined)?.v);
      if (current > PG_SCHEMA_VERSION) {
        throw new StancewatchError(
          `the PostgreSQL schema has version ${current}, newer than this stancewatch supports (${PG_SCHEMA_VERSION}); upgrade stancewatch`,
        );
      }
      for (const m of PG_MIGRATIONS) {
        if (m.version <= current) continue;
        await client.query(m.sql);
        await client.query(
          'INSERT INTO stancewatch_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
          [m.version, m.name, new Date().toISOString()],
        );
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  } finally {
    client.release();
  }
}

type Tx = <T>(work: (q: Query) => Promise<T>) => Promise<T>;

/** Articles and positions: saveArticle, findSameContent, listings and pages. */
function articleOps(query: Query, tx: Tx, now: () => Date) {
  const findSame = async (
    q: Query,
    article: Pick<ParsedArticle, 'contentHash' | 'file' | 'entry' | 'url'>,
  ): Promise<SaveResult | null> => {
    const [current] = await q(
      'SELECT id, version, file, entry FROM articles WHERE current = 1 AND content_hash = $1 LIMIT 1',
      [article.contentHash],
    );
    const same =
      current ??
      (
        await q(
          `SELECT id, version, file, entry FROM articles WHERE content_hash = $1 AND NOT (file = $2 AND entry = $3)
           AND (url IS NULL OR $4::text IS NULL OR url <> $4) ORDER BY id DESC LIMIT 1`,
          [article.contentHash, article.file, article.entry, article.url],
        )
      )[0];
    return same ? sameContentResult(same, article) : null;
  };

  const previousOf = async (q: Query, article: ParsedArticle): Promise<Row | undefined> => {
    const [byFile] = await q(
      'SELECT id, article_key, version FROM articles WHERE current = 1 AND file = $1 AND entry = $2 ORDER BY id DESC LIMIT 1',
      [article.file, article.entry],
    );
    const [byUrl] = article.url
      ? await q(
          'SELECT id, article_key, version FROM articles WHERE current = 1 AND url = $1 ORDER BY id DESC LIMIT 1',
          [article.url],
        )
      : [];
    return byFile && byUrl ? (num(byFile.id) > num(byUrl.id) ? byFile : byUrl) : (byFile ?? byUrl);
  };

  /** Stored-at grows strictly (read under the save lock), as in the SQLite store. */
  const nextStoredAt = async (q: Query): Promise<string> => {
    const [last] = await q('SELECT max(stored_at) AS m FROM articles');
    const m = strOrNull(last?.m);
    let t = now().getTime();
    if (m && Date.parse(m) >= t) t = Date.parse(m) + 1;
    return new Date(t).toISOString();
  };

  const insertExtraction = async (
    q: Query,
    articleId: number,
    extraction: { attributions: Attribution[]; positions: Position[] },
  ) => {
    if (extraction.attributions.length > 0) {
      await q(
        `INSERT INTO attributions (article_id, ordinal, data)
         SELECT $1, ord - 1, data FROM unnest($2::text[]) WITH ORDINALITY AS t(data, ord)`,
        [articleId, extraction.attributions.map((a) => JSON.stringify(a))],
      );
    }
    if (extraction.positions.length > 0) {
      // One statement for every position: a row per position as JSON, read back by json_to_recordset.
      const rows = extraction.positions.map((p, ordinal) => ({
        ...p,
        ordinal,
        evidence: JSON.stringify(p.evidence),
      }));
      await q(
        `INSERT INTO positions (article_id, ordinal, actor, topic, polarity, speaker, role, claim, evidence, reported, relayer, confidence, via)
         SELECT $1, ordinal, actor, topic, polarity, speaker, role, claim, evidence, reported, relayer, confidence, via
         FROM json_to_recordset($2::json) AS t(ordinal int, actor text, topic text, polarity text, speaker text,
           role text, claim text, evidence text, reported text, relayer text, confidence float8, via text)`,
        [articleId, JSON.stringify(rows)],
      );
    }
  };

  const save = async (
    q: Query,
    article: ParsedArticle,
    extraction: { attributions: Attribution[]; positions: Position[] },
  ): Promise<SaveResult> => {
    await q(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':stancewatch-save'))`);
    const same = await findSame(q, article);
    if (same) return same;
    const previous = await previousOf(q, article);
    let key = article.url ?? `${article.file}#${article.entry}`;
    let version = 1;
    if (previous) {
      key = str(previous.article_key);
      version = num(previous.version) + 1;
      await q('UPDATE articles SET current = 0 WHERE id = $1', [num(previous.id)]);
      await q('UPDATE positions SET retired = 1 WHERE article_id = $1', [num(previous.id)]);
    } else {
      const [taken] = await q('SELECT max(version) AS v FROM articles WHERE article_key = $1', [key]);
      if (taken?.v !== null && taken?.v !== undefined) version = num(taken.v) + 1;
    }
    const [row] = await q(
      `INSERT INTO articles (article_key, version, current, file, entry, format, url, title, source, byline, published, date_precision, body, content_hash, warnings, stored_at)
       VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
      [
        key,
        version,
        article.file,
        article.entry,
        article.format,
        article.url,
        article.title,
        article.source,
        article.byline,
        article.published,
        article.datePrecision,
        article.body,
        article.contentHash,
        JSON.stringify(article.warnings),
        await nextStoredAt(q),
      ],
    );
    const articleId = num(row?.id);
    await insertExtraction(q, articleId, extraction);
    return { status: previous ? 'updated' : 'new', articleId, version };
  };

  const articleSelect = `SELECT ${ARTICLE_COLUMNS}, (SELECT count(*) FROM positions p WHERE p.article_id = a.id AND p.retired = 0) AS position_count FROM articles a`;
  const positionSelect = `SELECT ${POSITION_COLUMNS} FROM positions p JOIN articles a ON a.id = p.article_id`;

  return {
    saveArticle: (
      article: ParsedArticle,
      extraction: { attributions: Attribution[]; positions: Position[] },
    ) => tx((q) => save(q, article, extraction)),

    findSameContent: (article: Pick<ParsedArticle, 'contentHash' | 'file' | 'entry' | 'url'>) =>
      findSame(query, article),

    async listArticles(opts: Parameters<Store['listArticles']>[0] = {}) {
      const ids = opts.ids ? [...new Set(opts.ids)] : null;
      if (ids && ids.length === 0) return [];
      const { sql, params } = whereOf([
        opts.includeRetired ? null : 'a.current = 1',
        ids ? ['a.id = ANY(?::bigint[])', ids] : null,
        opts.newest !== undefined
          ? `a.id IN (SELECT id FROM articles ${opts.includeRetired ? '' : 'WHERE current = 1'} ORDER BY stored_at DESC LIMIT ${Math.max(0, Math.floor(opts.newest))})`
          : null,
        opts.silent
          ? 'NOT EXISTS (SELECT 1 FROM positions p WHERE p.article_id = a.id AND p.retired = 0)'
          : null,
        opts.storedAfter ? ['a.stored_at > ?', opts.storedAfter] : null,
      ]);
      const rows = await query(
        `${articleSelect} ${numbered(sql)} ORDER BY a.published IS NULL, a.published, a.id`,
        params,
      );
      return rows.map(toArticle);
    },

    async getPosition(id: number) {
      const [row] = await query(`${positionSelect} WHERE p.id = $1`, [id]);
      return row ? (toPositions([row], undefined)[0] ?? null) : null;
    },

    async getArticle(id: number) {
      const [row] = await query(`${articleSelect} WHERE a.id = $1`, [id]);
      return row ? toArticle(row) : null;
    },

    async listPositions(filter: PositionFilter = {}) {
      const { sql, params } = whereOf(positionConditions(filter));
      const rows = await query(
        `${positionSelect} ${numbered(sql)} ORDER BY a.published IS NULL, a.published, a.id, p.ordinal`,
        params,
      );
      return toPositions(rows, filter.since);
    },

    async *pagePositions(filter: PositionFilter & { pageSize?: number } = {}) {
      const pageSize = Math.max(1, Math.floor(filter.pageSize ?? 2000));
      let after = 0;
      for (;;) {
        const { sql, params } = whereOf(positionConditions(filter, after));
        const rows = await query(
          `${positionSelect} ${numbered(sql)} ORDER BY p.id LIMIT ${pageSize}`,
          params,
        );
        const last = rows[rows.length - 1];
        if (!last) return;
        after = num(last.id);
        const page = toPositions(rows, filter.since);
        if (page.length > 0) yield page;
        if (rows.length < pageSize) return;
      }
    },
  };
}

/** The review desk: the append-only log of analysts' overrides (the newest row per key is in force). */
function reviewOps(query: Query, now: () => Date) {
  return {
    async addOverride(o: Omit<ReviewOverride, 'id' | 'at'>) {
      const [row] = await query(
        `INSERT INTO position_overrides (position_key, article_key, evidence, actor, topic, extracted_polarity,
           verdict, polarity, corrected_actor, corrected_topic, reviewed_by, reviewed_at, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING *`,
        [
          o.key,
          o.articleKey,
          o.evidence,
          o.actor,
          o.topic,
          o.extractedPolarity,
          o.verdict,
          o.polarity,
          o.correctedActor,
          o.correctedTopic,
          o.by,
          now().toISOString(),
          o.note,
        ],
      );
      if (!row) throw new StancewatchError(`the override of ${o.key} was not written`);
      return toOverride(row);
    },

    async listOverrides() {
      // The newest row per key is in force (ids only grow).
      const rows = await query(
        `SELECT DISTINCT ON (position_key) * FROM position_overrides ORDER BY position_key, id DESC`,
      );
      return rows.map(toOverride);
    },

    async overrideHistory(key: string) {
      const rows = await query('SELECT * FROM position_overrides WHERE position_key = $1 ORDER BY id', [key]);
      return rows.map(toOverride);
    },
  };
}

/** Leases, the delivery ledger and its claims. */
function ledgerOps(query: Query, tx: Tx, now: () => Date) {
  // A lease row is never deleted: its generation is the fencing token and must only grow (see sqlite.ts).
  const acquire = (name: string, holder: string, ttlMs: number): Promise<Fence | null> =>
    tx(async (q) => {
      const t = now().getTime();
      await q(
        `INSERT INTO leases (name, holder, expires_at, generation) VALUES ($1, '', 0, 0) ON CONFLICT (name) DO NOTHING`,
        [name],
      );
      const [row] = await q('SELECT holder, expires_at, generation FROM leases WHERE name = $1 FOR UPDATE', [
        name,
      ]);
      if (!row) return null;
      if (str(row.holder) !== holder && num(row.expires_at) > t) return null;
      const generation =
        str(row.holder) === holder && num(row.expires_at) > 0 ? num(row.generation) : num(row.generation) + 1;
      await q('UPDATE leases SET holder = $2, expires_at = $3, generation = $4 WHERE name = $1', [
        name,
        holder,
        t + ttlMs,
        generation,
      ]);
      return { name, holder, generation };
    });

  /** Why a claim was refused, read after the fact (the refusal itself was atomic). */
  const refusal = async (c: DeliveryClaim, t: string): Promise<ClaimResult> => {
    if (c.fence) {
      const [lease] = await query('SELECT holder, generation FROM leases WHERE name = $1', [c.fence.name]);
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
    const [row] = await query(
      'SELECT status, claimed_by, claim_until FROM deliveries WHERE digest_id = $1 AND recipient = $2',
      [c.digestId, c.recipient],
    );
    if (row && str(row.status) === 'sent') return { ok: false, reason: 'sent', detail: 'already sent' };
    const until = strOrNull(row?.claim_until);
    return {
      ok: false,
      reason: 'in-doubt',
      detail: `claimed by ${strOrNull(row?.claimed_by) ?? 'another sender'}, whose message may still be in flight (until ${until ?? t})`,
      claimedBy: strOrNull(row?.claimed_by),
      until,
    };
  };

  /**
   * One statement, so one round trip and one commit per recipient: the lease row is read FOR SHARE (a
   * takeover, which locks it FOR UPDATE, waits for this claim to commit), and the delivery row is
   * inserted or, under its row lock, taken over only when it is not sent and not another sender's claim
   * still in flight.
   */
  const claim = async (c: DeliveryClaim): Promise<ClaimResult> => {
    const t = now().toISOString();
    const claimUntil = new Date(now().getTime() + c.inDoubtMs).toISOString();
    const rows = await query(
      `WITH fence AS (
         SELECT 1 FROM leases WHERE name = $9 AND holder = $10 AND generation = $11::int FOR SHARE
       )
       INSERT INTO deliveries AS d (digest_id, list_id, recipient, status, attempts, message_id, covered_until, claimed_by, claim_until, updated_at)
       SELECT $1, $2, $3, 'pending', 0, $4, $5, $6, $7, $8 WHERE $9::text IS NULL OR EXISTS (SELECT 1 FROM fence)
       ON CONFLICT (digest_id, recipient) DO UPDATE SET status = 'pending', message_id = EXCLUDED.message_id,
         claimed_by = EXCLUDED.claimed_by, claim_until = EXCLUDED.claim_until, updated_at = EXCLUDED.updated_at
       WHERE d.status <> 'sent' AND NOT (d.status = 'pending' AND d.claimed_by IS NOT NULL
         AND d.claimed_by <> EXCLUDED.claimed_by AND d.claim_until IS NOT NULL AND d.claim_until > $8)
       RETURNING 1`,
      [
        c.digestId,
        c.listId,
        c.recipient,
        c.messageId,
        c.coveredUntil,
        c.claimer,
        claimUntil,
        t,
        c.fence?.name ?? null,
        c.fence?.holder ?? null,
        c.fence?.generation ?? null,
      ],
    );
    return rows.length > 0 ? { ok: true } : refusal(c, t);
  };

  return {
    acquireLease: async (name: string, holder: string, ttlMs: number) =>
      (await acquire(name, holder, ttlMs)) !== null,
    takeLease: acquire,

    async releaseLease(name: string, holder: string) {
      // Kept (expired) rather than deleted, so the generation keeps growing.
      await query('UPDATE leases SET expires_at = 0 WHERE name = $1 AND holder = $2', [name, holder]);
    },

    async getLease(name: string): Promise<Lease | null> {
      const [row] = await query('SELECT * FROM leases WHERE name = $1', [name]);
      if (!row || num(row.expires_at) <= now().getTime()) return null;
      return {
        name: str(row.name),
        holder: str(row.holder),
        expiresAt: new Date(num(row.expires_at)).toISOString(),
        generation: num(row.generation),
      };
    },

    claimDelivery: claim,

    async getDelivery(digestId: string, recipient: string) {
      const [row] = await query('SELECT * FROM deliveries WHERE digest_id = $1 AND recipient = $2', [
        digestId,
        recipient,
      ]);
      return row ? toDelivery(row) : null;
    },

    async recordDelivery(record: Parameters<Store['recordDelivery']>[0]) {
      const bump = record.status === 'sent' || record.status === 'failed' ? 1 : 0;
      const [row] = await query(
        `INSERT INTO deliveries (digest_id, list_id, recipient, status, attempts, message_id, response, path, next_attempt_at, covered_until, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (digest_id, recipient) DO UPDATE SET
           list_id = EXCLUDED.list_id, status = EXCLUDED.status, attempts = deliveries.attempts + $5,
           message_id = EXCLUDED.message_id, response = EXCLUDED.response, path = EXCLUDED.path,
           next_attempt_at = EXCLUDED.next_attempt_at, covered_until = EXCLUDED.covered_until, updated_at = EXCLUDED.updated_at
         RETURNING *`,
        [
          record.digestId,
          record.listId,
          record.recipient,
          record.status,
          bump,
          record.messageId,
          record.response,
          record.path,
          record.nextAttemptAt,
          record.coveredUntil,
          now().toISOString(),
        ],
      );
      if (!row) throw new StancewatchError(`delivery record for ${record.recipient} was not written`);
      return toDelivery(row);
    },

    async recordNewDeliveries(records: Array<Omit<DeliveryRecord, 'attempts' | 'updatedAt'>>) {
      // A list's ledger rows before its first send in ONE statement (not a round trip per recipient):
      // the rows travel as JSON; a row already there is left as it is.
      if (records.length === 0) return 0;
      const rows = await query(
        `INSERT INTO deliveries (digest_id, list_id, recipient, status, attempts, message_id, response, path, next_attempt_at, covered_until, updated_at)
         SELECT "digestId", "listId", recipient, status, 0, "messageId", response, path, "nextAttemptAt", "coveredUntil", $2
         FROM json_to_recordset($1::json) AS t("digestId" text, "listId" text, recipient text, status text,
           "messageId" text, response text, path text, "nextAttemptAt" text, "coveredUntil" text)
         ON CONFLICT (digest_id, recipient) DO NOTHING
         RETURNING 1`,
        [JSON.stringify(records), now().toISOString()],
      );
      return rows.length;
    },

    async finishDelivery(record: Parameters<Store['finishDelivery']>[0], claimer: string) {
      const params = [
        record.digestId,
        record.recipient,
        record.status,
        record.messageId,
        record.response,
        record.path,
        record.nextAttemptAt,
        now().toISOString(),
      ];
      const set = `status = $3, attempts = attempts + 1, message_id = $4, response = $5, path = $6,
        next_attempt_at = $7, claimed_by = NULL, claim_until = NULL, updated_at = $8`;
      // `sent` is always recorded (the message left); `failed` only while still ours and not sent.
      const rows =
        record.status === 'sent'
          ? await query(
              `UPDATE deliveries SET ${set} WHERE digest_id = $1 AND recipient = $2 RETURNING 1`,
              params,
            )
          : await query(
              `UPDATE deliveries SET ${set} WHERE digest_id = $1 AND recipient = $2
               AND status <> 'sent' AND (claimed_by IS NULL OR claimed_by = $9) RETURNING 1`,
              [...params, claimer],
            );
      return rows.length > 0;
    },

    async listDeliveries(filter: Parameters<Store['listDeliveries']>[0] = {}) {
      const { sql, params } = whereOf([
        ['list_id = ?', filter.listId],
        ['digest_id = ?', filter.digestId],
        ['status = ?', filter.status],
      ]);
      const rows = await query(
        `SELECT * FROM deliveries ${numbered(sql)} ORDER BY updated_at, recipient`,
        params,
      );
      return rows.map(toDelivery);
    },

    async lastDeliveredUntil(listId: string) {
      const [row] = await query(
        `SELECT max(covered_until) AS m FROM deliveries WHERE list_id = $1 AND status = 'sent'`,
        [listId],
      );
      return strOrNull(row?.m);
    },
  };
}
