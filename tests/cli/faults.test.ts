// Database faults as a user meets them (issue 13's matrix): a damaged file, a file this user may not
// write, a file another process holds locked. Each is a real SQLite file and a real CLI process, and each
// must end in one line that says what is wrong and what to do — no stack trace.
import { chmodSync, closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite.js';
import { startCli } from '../helpers/process.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

/** A real stancewatch database with a few hundred rows, closed (its WAL merged into the file). */
async function realDatabase(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sw-db-faults-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'sw.db');
  const store = createSqliteStore({ path });
  for (let i = 0; i < 400; i++)
    await store.addSuppression({
      email: `reader${i}@example.org`,
      listId: 'desk',
      reason: 'unsubscribed by request',
    });
  await store.close();
  return path;
}

async function cli(args: string[], as?: { uid: number; gid: number }) {
  const p = startCli(args, { HOME: tmpdir() }, as);
  const code = await p.exited;
  return { code, stderr: p.stderr(), out: p.lines.join('\n') };
}

/** One line, starting with "stancewatch: database <path>", and no stack frame anywhere. */
function expectOneLine(stderr: string, path: string) {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(`stancewatch: database ${path}`);
  expect(stderr).not.toMatch(/\n\s+at |SqliteError|node_modules/);
}

describe('database faults', () => {
  it('a damaged database file: one line saying so and what to do', async () => {
    const path = await realDatabase();
    // Keep the header page (so it opens), overwrite every page after it.
    const size = statSync(path).size;
    const fd = openSync(path, 'r+');
    writeSync(fd, randomBytes(size - 4096), 0, size - 4096, 4096);
    closeSync(fd);
    const result = await cli(['status', '--db', path]);
    expect(result.code).toBe(1);
    expectOneLine(result.stderr, path);
    expect(result.stderr).toMatch(
      /is damaged or is not a SQLite database; restore it from a backup, or move it away/,
    );
  }, 60_000);

  it('a database this user may not write: one line saying so and what to do', async () => {
    const path = await realDatabase();
    chmodSync(path, 0o444);
    chmodSync(join(path, '..'), 0o555);
    cleanups.push(() => chmodSync(join(path, '..'), 0o755));
    // Root writes whatever the permissions say, so as root the command runs as "nobody".
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
    const result = await cli(['unsubscribe', 'someone@example.org', '--db', path], asUser);
    expect(result.code).toBe(1);
    expectOneLine(result.stderr, path);
    expect(result.stderr).toMatch(
      /cannot be written \(read-only file or folder\); give this user write access/,
    );
  }, 60_000);

  it('a database another process holds locked: one line after the wait, saying so and what to do', async () => {
    const path = await realDatabase();
    // Another process's write transaction (this test process holds it; the CLI is a separate process).
    const other = new Database(path);
    other.pragma('journal_mode = WAL');
    other.exec('BEGIN EXCLUSIVE');
    cleanups.push(() => {
      other.exec('ROLLBACK');
      other.close();
    });
    const result = await cli(['unsubscribe', 'someone@example.org', '--db', path]);
    expect(result.code).toBe(1);
    expectOneLine(result.stderr, path);
    expect(result.stderr).toMatch(
      /is locked by another process \(waited 10 s for it\); let the other stancewatch command finish/,
    );
  }, 60_000);
});
