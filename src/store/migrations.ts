// Versioned schema migrations of the SQLite store, applied in order on open. Each entry runs once, in
// the same transaction that records it in PRAGMA user_version, so a crash never leaves half a schema.
// Append only: never edit a migration that has shipped.

export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE articles (
        id             INTEGER PRIMARY KEY,
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
        published      TEXT,
        date_precision TEXT NOT NULL,
        body           TEXT NOT NULL,
        content_hash   TEXT NOT NULL,
        warnings       TEXT NOT NULL DEFAULT '[]',
        stored_at      TEXT NOT NULL,
        UNIQUE (article_key, version)
      );
      CREATE INDEX articles_current_hash ON articles (content_hash) WHERE current = 1;
      CREATE INDEX articles_current_url ON articles (url) WHERE current = 1;
      CREATE INDEX articles_current_file ON articles (file, entry) WHERE current = 1;

      CREATE TABLE attributions (
        id         INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        ordinal    INTEGER NOT NULL,
        data       TEXT NOT NULL
      );
      CREATE INDEX attributions_article ON attributions (article_id);

      CREATE TABLE positions (
        id         INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        ordinal    INTEGER NOT NULL,
        actor      TEXT NOT NULL,
        topic      TEXT NOT NULL,
        polarity   TEXT NOT NULL,
        speaker    TEXT NOT NULL,
        role       TEXT,
        claim      TEXT NOT NULL,
        evidence   TEXT NOT NULL,
        reported   TEXT NOT NULL,
        retired    INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX positions_actor_topic ON positions (actor, topic) WHERE retired = 0;
      CREATE INDEX positions_article ON positions (article_id);

      CREATE TABLE runs (
        id            INTEGER PRIMARY KEY,
        kind          TEXT NOT NULL,
        list_id       TEXT,
        scheduled_for TEXT,
        started_at    TEXT NOT NULL,
        finished_at   TEXT,
        status        TEXT NOT NULL,
        counts        TEXT NOT NULL DEFAULT '{}',
        error         TEXT
      );
      CREATE INDEX runs_list ON runs (list_id, kind);

      CREATE TABLE deliveries (
        digest_id       TEXT NOT NULL,
        list_id         TEXT NOT NULL,
        recipient       TEXT NOT NULL,
        status          TEXT NOT NULL,
        attempts        INTEGER NOT NULL DEFAULT 0,
        message_id      TEXT,
        response        TEXT,
        path            TEXT,
        next_attempt_at TEXT,
        covered_until   TEXT,
        updated_at      TEXT NOT NULL,
        PRIMARY KEY (digest_id, recipient)
      );
      CREATE INDEX deliveries_list ON deliveries (list_id, status);

      CREATE TABLE suppressions (
        email      TEXT NOT NULL,
        list_id    TEXT NOT NULL DEFAULT '',
        reason     TEXT NOT NULL,
        created_at TEXT NOT NULL,
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
        next_attempt_at TEXT
      );

      CREATE TABLE leases (
        name       TEXT PRIMARY KEY,
        holder     TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'position relayer, confidence and extraction pass',
    // Positions stored before these existed get a middling confidence and the pass id 'legacy'.
    sql: `
      ALTER TABLE positions ADD COLUMN relayer TEXT;
      ALTER TABLE positions ADD COLUMN confidence REAL NOT NULL DEFAULT 0.5;
      ALTER TABLE positions ADD COLUMN via TEXT NOT NULL DEFAULT 'legacy';
    `,
  },
  {
    version: 3,
    name: 'lease generations (fencing tokens), delivery claims, feed item errors',
    // A lease's generation grows by one each time another holder takes it (or it is taken again after a
    // release); a delivery is claimed by one (holder, generation) in the transaction that checks the
    // lease, and the claim tells the next sender that a message may be in flight until claim_until.
    sql: `
      ALTER TABLE leases ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;
      ALTER TABLE deliveries ADD COLUMN claim_until TEXT;
      ALTER TABLE source_state ADD COLUMN item_errors TEXT;
    `,
  },
  {
    version: 4,
    name: 'review desk: analyst overrides on positions',
    // Append-only: each review action is one row, so who changed what and when stays on record; the
    // newest row per position_key is in force. Keyed on the position's identity across re-ingests
    // (article lineage, extracted actor/topic, evidence text), not on positions.id.
    sql: `
      CREATE TABLE position_overrides (
        id                 INTEGER PRIMARY KEY,
        position_key       TEXT NOT NULL,
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
        reviewed_at        TEXT NOT NULL,
        note               TEXT
      );
      CREATE INDEX position_overrides_key ON position_overrides (position_key, id);
      `,
  },
  {
    version: 5,
    name: 'web: browser lists, stored subscribers, preferences, digest archive, admin sessions',
    // Emails are stored lower-cased (as suppressions are), so one address is one row per list.
    sql: `
      CREATE TABLE web_lists (
        id         TEXT PRIMARY KEY,
        data       TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE subscribers (
        list_id      TEXT NOT NULL,
        email        TEXT NOT NULL,
        name         TEXT,
        status       TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        confirmed_at TEXT,
        PRIMARY KEY (list_id, email)
      );
      CREATE TABLE preferences (
        list_id    TEXT NOT NULL,
        email      TEXT NOT NULL,
        actors     TEXT NOT NULL DEFAULT '[]',
        topics     TEXT NOT NULL DEFAULT '[]',
        frequency  TEXT NOT NULL DEFAULT 'every',
        updated_at TEXT NOT NULL,
        PRIMARY KEY (list_id, email)
      );
      CREATE TABLE digest_archive (
        digest_id  TEXT PRIMARY KEY,
        list_id    TEXT NOT NULL,
        subject    TEXT NOT NULL,
        html       TEXT,
        text       TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX digest_archive_list ON digest_archive (list_id, created_at);
      CREATE TABLE admin_sessions (
        id_hash    TEXT PRIMARY KEY,
        user       TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      `,
  },
  {
    version: 6,
    name: 'indexes for every lookup on the ingest path; runs renewed by their process',
    // Without these, each new article cost full-table scans (the content-hash check across every
    // version, max(stored_at)), so ingest slowed down linearly with the corpus; the file/URL lookup uses
    // the partial indexes of version 1 once it is asked as two queries instead of one OR.
    // A run records who runs it and until when it is known alive, so one whose process died is told
    // apart from one still at work.
    sql: `
      CREATE INDEX articles_hash ON articles (content_hash, id);
      CREATE INDEX articles_stored_at ON articles (stored_at);
      ALTER TABLE runs ADD COLUMN holder TEXT;
      ALTER TABLE runs ADD COLUMN alive_until TEXT;
      CREATE INDEX runs_status ON runs (status);
    `,
  },
  {
    version: 7,
    name: 'open deliveries: a digest being delivered that other workers may help with',
    // The list lock's holder publishes the digest it is delivering; helpers read it (with the rendered
    // digest from digest_archive and the pending rows of the ledger) and claim untouched recipients.
    sql: `
      CREATE TABLE open_deliveries (
        digest_id TEXT PRIMARY KEY,
        list_id   TEXT NOT NULL,
        holder     TEXT NOT NULL,
        generation INTEGER NOT NULL,
        opened_at  TEXT NOT NULL
      );
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
