// The Store contract on PostgreSQL (runs when STANCEWATCH_TEST_DATABASE_URL is set), plus what only a
// networked database adds: processes racing on one lease, one recipient and one article.
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { openStore } from '../../src/pipeline/context.js';
import { createPostgresStore, redactUrl } from '../../src/store/postgres.js';
import { PG_SKIP_REASON, PG_TEST_URL, schemaPool } from '../helpers/postgres.js';
import { article, runStoreContract } from './contract.js';

const schemas = schemaPool('store');
afterAll(() => schemas.dropAll());
let last = '';

describe('store.driver: postgres', () => {
  it('is a config error naming the variable when DATABASE_URL is unset; the URL never comes from the file', async () => {
    const loaded = parseConfig('store: { driver: postgres }\n', 'sw.yaml', '/tmp');
    await expect(openStore(loaded, undefined, '/tmp', {})).rejects.toThrow(
      /sw\.yaml is invalid:\n {2}- store\.urlEnv: the environment variable DATABASE_URL is not set/,
    );
    expect(() =>
      parseConfig('store: { driver: postgres, url: "postgres://u:pw@db/x" }\n', 'sw.yaml', '/tmp'),
    ).toThrow(/store/);
  });
});

if (!PG_TEST_URL) {
  describe.skip(`Store contract: postgres — ${PG_SKIP_REASON}`, () => {
    it('runs the contract suite', () => {});
  });
} else {
  runStoreContract('postgres', {
    async open(now) {
      last = schemas.fresh();
      return createPostgresStore({ url: PG_TEST_URL, schema: last, now });
    },
    async reopen(now) {
      return createPostgresStore({ url: PG_TEST_URL, schema: last, now });
    },
  });

  describe('postgres store', () => {
    it('many connections racing: one lease holder, one claim per recipient, one copy of an article', async () => {
      const schema = schemas.fresh();
      const stores = await Promise.all(
        Array.from({ length: 4 }, () => createPostgresStore({ url: PG_TEST_URL, schema, poolSize: 2 })),
      );
      try {
        const fences = await Promise.all(stores.map((s, i) => s.takeLease('list:desk', `w${i}`, 10_000)));
        expect(fences.filter(Boolean)).toHaveLength(1);
        const claims = await Promise.all(
          stores.map((s, i) =>
            s.claimDelivery({
              digestId: 'd1',
              listId: 'desk',
              recipient: 'r@example.org',
              messageId: null,
              coveredUntil: null,
              fence: null,
              claimer: `w${i}#1`,
              inDoubtMs: 60_000,
            }),
          ),
        );
        expect(claims.filter((c) => c.ok)).toHaveLength(1);
        const saved = await Promise.all(
          stores.map((s, i) =>
            s.saveArticle(article({ body: 'same', file: `f${i}.txt` }), { attributions: [], positions: [] }),
          ),
        );
        expect(saved.map((s) => s.status).sort()).toEqual(['new', 'unchanged', 'unchanged', 'unchanged']);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    });

    it('says which database it could not open, without the password', async () => {
      await expect(
        createPostgresStore({ url: 'postgres://sw:secret@127.0.0.1:1/none', schema: schemas.fresh() }),
      ).rejects.toThrow(/cannot open the PostgreSQL database postgres:\/\/sw:\*\*\*@127\.0\.0\.1:1\/none/);
      expect(redactUrl('postgres://sw:secret@db/x')).not.toContain('secret');
    });
  });
}
