// Versioned schema migrations of the PostgreSQL store, applied in order on open, each in its own
// transaction under an advisory lock (so two processes starting together migrate once) and recorded in
// stancewatch_migrations. Append only: never edit a migration that has shipped. Version 1 is the SQLite
// core schema (articles, runs, ledger, leases) with its version-6 indexes; version 2 adds the review desk
// and web tables, so both stores hold the same records.
//
// Timestamps are ISO-8601 text, as in SQLite, and compared as text: `COLLATE "C"` keeps the byte order
// SQLite uses whatever the database's locale.

export const PG_MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'initial schema (the SQLite schema of its version 4)',
    sql: `
      CREATE TABLE articles (
        id             BIGSERIAL PRIMARY KEY,
        article_key    TEXT NOT NULL,
        version        INTEGER NOT NULL,
        current        INTEGER NOT NULL DEFAULT 1,
        file           TEXT NOT NULL,
        entry          INTEGER NOT NULL DEFAULT 0,
        format         TEXT NOT NULL,
        url            TEXT,
        title          TEXT,
        source         TEXT,
        byline         TEXT,
        published      TEXT COLLATE "C",
        date_precision TEXT NOT NULL,
        body           TEXT NOT NULL,
        content_hash   TEXT NOT NULL,
        warnings       TEXT NOT NULL DEFAULT '[]',
        stored_at      TEXT COLLATE "C" NOT NULL,
        UNIQUE (article_key, version)
      );
      CREATE INDEX articles_current_hash ON articles (content_hash) WHERE current = 1;
      CREATE INDEX articles_current_url ON articles (url) WHERE current = 1;
      CREATE INDEX articles_current_file ON articles (file, entry) WHERE current = 1;
      CREATE INDEX articles_hash ON articles (content_hash, id);
      CREATE INDEX articles_stored_at ON articles (stored_at);

      CREATE TABLE attributions (
        id         BIGSERIAL PRIMARY KEY,
        article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        ordinal    INTEGER NOT NULL,
        data       TEXT NOT NULL
      );
      CREATE INDEX attributions_article ON attributions (article_id);

      CREATE TABLE positions (
        id         BIGSERIAL PRIMARY KEY,
        article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        ordinal    INTEGER NOT NULL,
        actor      TEXT NOT NULL,
        topic      TEXT NOT NULL,
        polarity   TEXT NOT NULL,
        speaker    TEXT NOT NULL,
        role       TEXT,
        claim      TEXT NOT NULL,
        evidence   TEXT NOT NULL,
        reported   TEXT NOT NULL,
        retired    INTEGER NOT NULL DEFAULT 0,
        relayer    TEXT,
        confidence DOUBLE PRECISION NOT NULL DEFAULT 0.5,
        via        TEXT NOT NULL DEFAULT 'legacy'
      );
      CREATE INDEX positions_actor_topic ON positions (actor, topic) WHERE retired = 0;
      CREATE INDEX positions_article ON positions (article_id);

      CREATE TABLE runs (
        id            BIGSERIAL PRIMARY KEY,
        kind          TEXT NOT NULL,
        list_id       TEXT,
        scheduled_for TEXT COLLATE "C",
        started_at    TEXT COLLATE "C" NOT NULL,
        finished_at   TEXT COLLATE "C",
        status        TEXT NOT NULL,
        counts        TEXT NOT NULL DEFAULT '{}',
        error         TEXT,
        holder        TEXT,
        alive_until   TEXT COLLATE "C"
      );
      CREATE INDEX runs_list ON runs (list_id, kind);
      CREATE INDEX runs_status ON runs (status);

      CREATE TABLE deliveries (
        digest_id       TEXT NOT NULL,
        list_id         TEXT NOT NULL,
        recipient       TEXT COLLATE "C" NOT NULL,
        status          TEXT NOT NULL,
        attempts        INTEGER NOT NULL DEFAULT 0,
        message_id      TEXT,
        response        TEXT,
        path            TEXT,
        next_attempt_at TEXT COLLATE "C",
        covered_until   TEXT COLLATE "C",
        updated_at      TEXT COLLATE "C" NOT NULL,
        claimed_by      TEXT,
        claim_until     TEXT COLLATE "C",
        PRIMARY KEY (digest_id, recipient)
      );
      CREATE INDEX deliveries_list ON deliveries (list_id, status);

      CREATE TABLE suppressions (
        email      TEXT COLLATE "C" NOT NULL,
        list_id    TEXT NOT NULL DEFAULT '',
        reason     TEXT NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (email, list_id)
      );

      CREATE TABLE source_state (
        source_id       TEXT PRIMARY KEY,
        etag            TEXT,
        last_modified   TEXT,
        last_fetch_at   TEXT,
        last_ok_at      TEXT,
        error_count     INTEGER NOT NULL DEFAULT 0,
        last_error      TEXT,
        next_attempt_at TEXT,
        item_errors     TEXT
      );

      CREATE TABLE leases (
        name       TEXT PRIMARY KEY,
        holder     TEXT NOT NULL,
        expires_at BIGINT NOT NULL,
        generation INTEGER NOT NULL DEFAULT 0
      );
    `,
  },
  {
    version: 2,
    name: 'review desk overrides and the web records (SQLite versions 4 and 5)',
    // The same tables as SQLite's position_overrides (append-only; the newest row per position_key is in
    // force) and its web records. Keys, emails and timestamps sort and compare under COLLATE "C" so
    // listings come back in SQLite's byte order. `user` is a reserved word here, hence quoted.
    sql: `
      CREATE TABLE position_overrides (
        id                 BIGSERIAL PRIMARY KEY,
        position_key       TEXT COLLATE "C" NOT NULL,
        article_key        TEXT NOT NULL,
        evidence           TEXT NOT NULL,
        actor              TEXT NOT NULL,
        topic              TEXT NOT NULL,
        extracted_polarity TEXT NOT NULL,
        verdict            TEXT NOT NULL,
        polarity           TEXT,
        corrected_actor    TEXT,
        corrected_topic    TEXT,
        reviewed_by        TEXT NOT NULL,
        reviewed_at        TEXT COLLATE "C" NOT NULL,
        note               TEXT
      );
      CREATE INDEX position_overrides_key ON position_overrides (position_key, id);

      CREATE TABLE web_lists (
        id         TEXT COLLATE "C" PRIMARY KEY,
        data       TEXT NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL,
        updated_at TEXT COLLATE "C" NOT NULL
      );
      CREATE TABLE subscribers (
        list_id      TEXT NOT NULL,
        email        TEXT COLLATE "C" NOT NULL,
        name         TEXT,
        status       TEXT NOT NULL,
        created_at   TEXT COLLATE "C" NOT NULL,
        confirmed_at TEXT COLLATE "C",
        PRIMARY KEY (list_id, email)
      );
      CREATE TABLE preferences (
        list_id    TEXT NOT NULL,
        email      TEXT COLLATE "C" NOT NULL,
        actors     TEXT NOT NULL DEFAULT '[]',
        topics     TEXT NOT NULL DEFAULT '[]',
        frequency  TEXT NOT NULL DEFAULT 'every',
        updated_at TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (list_id, email)
      );
      CREATE TABLE digest_archive (
        digest_id  TEXT COLLATE "C" PRIMARY KEY,
        list_id    TEXT NOT NULL,
        subject    TEXT NOT NULL,
        html       TEXT,
        text       TEXT NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL
      );
      CREATE INDEX digest_archive_list ON digest_archive (list_id, created_at);
      CREATE TABLE admin_sessions (
        id_hash    TEXT PRIMARY KEY,
        "user"     TEXT NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL,
        expires_at TEXT COLLATE "C" NOT NULL
      );
      CREATE INDEX admin_sessions_expires ON admin_sessions (expires_at);
    `,
  },
  {
    version: 3,
    name: 'open deliveries (SQLite version 7)',
    sql: `
      CREATE TABLE open_deliveries (
        digest_id TEXT COLLATE "C" PRIMARY KEY,
        list_id   TEXT NOT NULL,
        holder     TEXT NOT NULL,
        generation INTEGER NOT NULL,
        opened_at  TEXT COLLATE "C" NOT NULL
      );
    `,
  },
];

export const PG_SCHEMA_VERSION = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]?.version ?? 0;
