import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite.js';
import { runWebStoreContract } from './contract-web.js';

const root = mkdtempSync(join(tmpdir(), 'stancewatch-web-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
let last = '';

runWebStoreContract('sqlite', {
  async open(now) {
    last = join(root, `db-${++n}`, 'store.db');
    return createSqliteStore({ path: last, now });
  },
  async reopen(now) {
    return createSqliteStore({ path: last, now });
  },
});
