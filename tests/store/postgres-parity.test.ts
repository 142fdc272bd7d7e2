// The same script of web, review-desk and ledger calls on a SQLite and a PostgreSQL store must give the
// same answers: orders under mixed case and punctuation (byte order in both), a subscriber signing up
// twice, overrides appended per key, a batch of new deliveries with a row already there and a duplicate.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/store/postgres.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';
import { PG_SKIP_REASON, PG_TEST_URL, schemaPool } from '../helpers/postgres.js';

const schemas = schemaPool('parity');
const root = mkdtempSync(join(tmpdir(), 'stancewatch-parity-'));
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await schemas.dropAll();
});

const list = (id: string) => ({
  id,
  name: `List ${id}`,
  filters: { actors: [], topics: ['t'], kinds: [] },
  format: 'text' as const,
  timeZone: 'UTC',
  schedule: null,
  sendEmpty: true,
  archive: 'private' as const,
  signup: false,
});

const override = (key: string, by: string) => ({
  key,
  articleKey: 'feeds/a.txt#0',
  evidence: 'They doubt',
  actor: 'a',
  topic: 't',
  extractedPolarity: 'opposes' as const,
  verdict: 'corrected' as const,
  polarity: 'supports' as const,
  correctedActor: null,
  correctedTopic: by === 'Ben' ? 'x' : null,
  by,
  note: null,
});

const delivery = (recipient: string) => ({
  digestId: 'd1',
  listId: 'B',
  recipient,
  status: 'pending' as const,
  messageId: null,
  response: null,
  path: null,
  nextAttemptAt: null,
  coveredUntil: '2026-03-01T00:00:00.000Z',
});

/** Runs the script with a clock of its own, returning everything the store answered. */
async function script(store: Store, clock: { t: number }): Promise<unknown[]> {
  const out: unknown[] = [];
  const tick = () => (clock.t += 60_000);
  for (const id of ['b', 'B', 'a_1', 'a-1', 'Z']) out.push(await store.saveWebList(list(id)));
  tick();
  out.push(await store.saveWebList({ ...list('b'), name: 'renamed' }), await store.listWebLists());
  for (const email of ['Zed@x.org', 'amy@x.org', '_u@x.org', 'Émile@x.org', 'Amy@X.org']) {
    out.push(await store.addSubscriber({ listId: 'B', email, name: null, status: 'pending' }));
  }
  tick();
  out.push(await store.addSubscriber({ listId: 'B', email: 'AMY@x.org', name: 'Amy', status: 'confirmed' }));
  tick();
  out.push(
    await store.addSubscriber({ listId: 'B', email: 'amy@x.org', name: null, status: 'pending' }),
    await store.confirmSubscriber('B', 'amy@X.org'),
    await store.confirmSubscriber('B', 'zed@x.org'),
    await store.listSubscribers('B'),
    await store.listSubscribers('B', { status: 'pending' }),
  );
  for (const email of ['Zed@x.org', 'amy@x.org']) {
    out.push(
      await store.putPreferences({ listId: 'B', email, actors: ['a'], topics: [], frequency: 'weekly' }),
    );
  }
  out.push(await store.listPreferences('B'), await store.deleteWebList('b'), await store.listWebLists());
  for (const id of ['B-2', 'B-10', 'B-1']) {
    await store.archiveDigest({ digestId: id, listId: 'B', subject: id, html: null, text: id });
  }
  out.push(await store.listArchivedDigests('B'), await store.listArchivedDigests('B', { limit: 2 }));
  for (const [key, by] of [
    ['k1', 'Ana'],
    ['K2', 'Ana'],
    ['k1', 'Ben'],
    ['_k', 'Cy'],
  ] as const) {
    tick();
    out.push(await store.addOverride(override(key, by)));
  }
  out.push(await store.listOverrides(), await store.overrideHistory('k1'));
  await store.recordDelivery({ ...delivery('old@x.org'), status: 'sent', response: '250 OK' });
  out.push(
    await store.recordNewDeliveries?.(['old@x.org', 'New@x.org', 'b@x.org', 'b@x.org'].map(delivery)),
    await store.listDeliveries({ digestId: 'd1' }),
  );
  return out;
}

if (!PG_TEST_URL) {
  describe.skip(`SQLite/PostgreSQL parity — ${PG_SKIP_REASON}`, () => {
    it('answers the same script the same way', () => {});
  });
} else {
  describe('SQLite/PostgreSQL parity', () => {
    it('answers the same script of web, review and ledger calls with the same records', async () => {
      const start = Date.parse('2026-03-01T10:00:00Z');
      const sqliteClock = { t: start };
      const pgClock = { t: start };
      const sqlite = await createSqliteStore({
        path: join(root, 'store.db'),
        now: () => new Date(sqliteClock.t),
      });
      const pg = await createPostgresStore({
        url: PG_TEST_URL,
        schema: schemas.fresh(),
        now: () => new Date(pgClock.t),
      });
      try {
        const expected = await script(sqlite, sqliteClock);
        expect(await script(pg, pgClock)).toEqual(expected);
      } finally {
        await Promise.all([sqlite.close(), pg.close()]);
      }
    });
  });
}
