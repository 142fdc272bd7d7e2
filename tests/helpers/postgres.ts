// PostgreSQL for tests: the server named by STANCEWATCH_TEST_DATABASE_URL (CI sets it to
// postgres://postgres@127.0.0.1:5432/test). Each test file works in schemas of its own, with a random
// suffix, dropped afterwards. Without the variable the PostgreSQL tests skip, saying why.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_TEST_URL = process.env.STANCEWATCH_TEST_DATABASE_URL ?? '';
export const PG_SKIP_REASON =
  'skipped: set STANCEWATCH_TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run';

/** Schemas handed out by this file, to drop in afterAll. */
export function schemaPool(prefix: string) {
  const made: string[] = [];
  const tag = randomBytes(4).toString('hex');
  return {
    /** A new schema name (created by the store on open). */
    fresh(): string {
      const name = `sw_${prefix}_${tag}_${made.length + 1}`;
      made.push(name);
      return name;
    },
    async dropAll(): Promise<void> {
      if (!PG_TEST_URL || made.length === 0) return;
      const client = new pg.Client({ connectionString: PG_TEST_URL });
      await client.connect();
      try {
        for (const name of made.splice(0)) await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
