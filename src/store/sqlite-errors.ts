// What a SQLite failure means to the person at the terminal: a damaged file, a file they may not write,
// or a file another process holds. Each becomes one line naming the database and what to do, instead of
// a stack trace. `guardSqliteStore` applies it to every Store call, so any command gets it.
import { StancewatchError } from '../errors.js';
import type { Store } from './types.js';

/** better-sqlite3's error codes (SQLITE_BUSY, SQLITE_READONLY_DBMOVED …), also when wrapped as a cause. */
function sqliteCode(error: unknown): string | null {
  for (let e = error as { code?: unknown; cause?: unknown } | null; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string' && e.code.startsWith('SQLITE_')) return e.code;
  }
  return null;
}

const ADVICE: Array<[RegExp, (path: string) => string]> = [
  [
    /^SQLITE_(NOTADB|CORRUPT)/,
    (p) =>
      `database ${p} is damaged or is not a SQLite database; restore it from a backup, or move it away and run "stancewatch ingest" to build a new one`,
  ],
  [
    /^SQLITE_READONLY/,
    (p) =>
      `database ${p} cannot be written (read-only file or folder); give this user write access to the file and its folder (SQLite writes ${p}-wal and -shm beside it), or use --db with a writable copy`,
  ],
  [
    /^SQLITE_(BUSY|LOCKED)/,
    (p) =>
      `database ${p} is locked by another process (waited 10 s for it); let the other stancewatch command finish, or stop the process holding the file, then try again`,
  ],
  [
    /^SQLITE_CANTOPEN/,
    (p) => `database ${p} cannot be opened; check that its folder exists and this user may read and write it`,
  ],
  [/^SQLITE_FULL/, (p) => `the disk holding database ${p} is full; free some space and try again`],
  [
    /^SQLITE_(IOERR|PERM|AUTH)/,
    (p) => `database ${p} cannot be read or written; check the disk and the file's permissions`,
  ],
];

/** One StancewatchError for a known SQLite failure, or null for anything else. */
export function explainSqliteError(error: unknown, path: string): StancewatchError | null {
  if (error instanceof StancewatchError && error.message.startsWith(`database ${path}`)) return error;
  const code = sqliteCode(error);
  if (!code) return null;
  const advice = ADVICE.find(([pattern]) => pattern.test(code));
  const message = advice ? advice[1](path) : `database ${path} failed`;
  return new StancewatchError(`${message} (${code})`, { cause: error });
}

/** Wraps every Store method so a SQLite failure surfaces as one explained line. */
export function guardSqliteStore(store: Store, path: string): Store {
  const guarded = { name: store.name } as Record<string, unknown>;
  for (const key of Object.keys(store) as Array<keyof Store>) {
    const value = store[key];
    if (typeof value !== 'function') continue;
    // A paging method (an async generator) stays one: its errors surface while it is iterated.
    if (value.constructor.name === 'AsyncGeneratorFunction') {
      guarded[key] = async function* (...args: unknown[]) {
        try {
          yield* (value as (...a: unknown[]) => AsyncIterable<unknown>).apply(store, args);
        } catch (error) {
          throw explainSqliteError(error, path) ?? error;
        }
      };
      continue;
    }
    guarded[key] = async (...args: unknown[]) => {
      try {
        return await (value as (...a: unknown[]) => Promise<unknown>).apply(store, args);
      } catch (error) {
        throw explainSqliteError(error, path) ?? error;
      }
    };
  }
  return guarded as unknown as Store;
}
