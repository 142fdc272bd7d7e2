// The web records' contract (WebStore) on PostgreSQL, in schemas of this file's own (runs when
// STANCEWATCH_TEST_DATABASE_URL is set; skips saying why otherwise).
import { afterAll, describe, it } from 'vitest';
import { createPostgresStore } from '../../src/store/postgres.js';
import { PG_SKIP_REASON, PG_TEST_URL, schemaPool } from '../helpers/postgres.js';
import { runWebStoreContract } from './contract-web.js';

const schemas = schemaPool('web');
afterAll(() => schemas.dropAll());
let last = '';

if (!PG_TEST_URL) {
  describe.skip(`Store contract (web records): postgres — ${PG_SKIP_REASON}`, () => {
    it('runs the web records contract suite', () => {});
  });
} else {
  runWebStoreContract('postgres', {
    async open(now) {
      last = schemas.fresh();
      return createPostgresStore({ url: PG_TEST_URL, schema: last, now });
    },
    async reopen(now) {
      return createPostgresStore({ url: PG_TEST_URL, schema: last, now });
    },
  });
}
