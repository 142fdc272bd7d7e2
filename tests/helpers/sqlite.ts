// A real SQLite store in a fresh temporary folder, counting close() calls so a test can check that the
// worker closes what it was given.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';

export function tmpSqliteStore(now?: () => Date): Store & { closed: number; path: string } {
  const path = join(mkdtempSync(join(tmpdir(), 'sw-store-')), 'test.db');
  const store = createSqliteStore({ path, ...(now ? { now } : {}) });
  const wrapped = Object.assign(Object.create(null) as object, store, {
    closed: 0,
    path,
    async close() {
      wrapped.closed++;
      await store.close();
    },
  });
  return wrapped;
}
