import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations.js';
import { article, runStoreContract } from './contract.js';

const root = mkdtempSync(join(tmpdir(), 'stancewatch-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
let last = '';

runStoreContract('sqlite', {
  async open(now) {
    last = join(root, `db-${++n}`, 'store.db');
    return createSqliteStore({ path: last, now });
  },
  async reopen(now) {
    return createSqliteStore({ path: last, now });
  },
});

describe('sqlite store', () => {
  it('creates the folder, applies migrations once and uses WAL', async () => {
    const path = join(root, 'fresh', 'nested', 'x.db');
    const store = createSqliteStore({ path });
    await store.close();
    const again = createSqliteStore({ path });
    await again.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('upgrades a version-1 database: old positions get confidence 0.5, via legacy, no relayer', async () => {
    const path = join(root, 'v1.db');
    const db = new Database(path);
    const v1 = MIGRATIONS.find((m) => m.version === 1);
    db.exec(v1?.sql ?? '');
    db.pragma('user_version = 1');
    db.prepare(
      `INSERT INTO articles (id, article_key, version, file, format, published, date_precision, body, content_hash, stored_at)
       VALUES (1, 'old.txt#0', 1, 'old.txt', 'txt', '2024-02-01', 'day', 'body', 'h1', '2025-01-01T00:00:00.000Z')`,
    ).run();
    db.prepare(
      `INSERT INTO positions (article_id, ordinal, actor, topic, polarity, speaker, claim, evidence, reported)
       VALUES (1, 0, 'poland', 'sanctions', 'supports', 'Donald Tusk', 'wants more', '{"start":0,"end":4,"text":"body"}', 'direct')`,
    ).run();
    db.close();
    const store = createSqliteStore({ path });
    const [old] = await store.listPositions();
    expect(old).toMatchObject({
      actor: 'poland',
      reported: 'direct',
      relayer: null,
      confidence: 0.5,
      via: 'legacy',
    });
    await store.close();
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    check.close();
  });

  it('refuses a database written by a newer stancewatch', () => {
    const path = join(root, 'newer.db');
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => createSqliteStore({ path })).toThrow(/newer than this stancewatch supports/);
  });

  it('two connections on one file: one lease holder, one copy of an article', async () => {
    const path = join(root, 'shared.db');
    const a = createSqliteStore({ path });
    const b = createSqliteStore({ path });
    const results = await Promise.all([
      a.acquireLease('worker', 'a', 10_000),
      b.acquireLease('worker', 'b', 10_000),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const saved = await Promise.all([
      a.saveArticle(article({ body: 'same' }), { attributions: [], positions: [] }),
      b.saveArticle(article({ body: 'same', file: 'other.txt' }), { attributions: [], positions: [] }),
    ]);
    expect(saved.map((s) => s.status).sort()).toEqual(['new', 'unchanged']);
    expect(await b.listArticles()).toHaveLength(1);
    await a.close();
    await b.close();
  });
});
