// The review desk's Store contract (overrides on positions) on PostgreSQL, in schemas of this file's own
// (runs when STANCEWATCH_TEST_DATABASE_URL is set; skips saying why otherwise).
import { afterAll, describe, it } from 'vitest';
import { createPostgresStore } from '../../src/store/postgres.js';
import { PG_SKIP_REASON, PG_TEST_URL, schemaPool } from '../helpers/postgres.js';
import { runReviewStoreContract } from './contract-review.js';

const schemas = schemaPool('review');
afterAll(() => schemas.dropAll());
let last = '';

if (!PG_TEST_URL) {
  describe.skip(`Store contract (review desk): postgres — ${PG_SKIP_REASON}`, () => {
    it('runs the review desk contract suite', () => {});
  });
} else {
  runReviewStoreContract('postgres', {
    async open(now) {
      last = schemas.fresh();
      return createPostgresStore({ url: PG_TEST_URL, schema: last, now });
    },
    async reopen(now) {
      return createPostgresStore({ url: PG_TEST_URL, schema: last, now });
    },
  });
}
