// What every stateful command needs: the loaded config, the watchlist, an open store and a logger.
// Opening it is the only place that chooses a Store adapter.
import { resolve } from 'node:path';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { loadWatchlist, type Watchlist } from '../config/watchlist.js';
import { ConfigError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/types.js';

export interface PipelineContext {
  loaded: LoadedConfig;
  watchlist: Watchlist;
  store: Store;
  logger: Logger;
  /** The clock; tests and the worker's catch-up pass their own. */
  now: () => Date;
}

export interface OpenOptions {
  config?: string;
  /** `--db PATH`: overrides the configured SQLite file. */
  db?: string;
  /** `--watchlist PATH`: overrides the configured watchlist. */
  watchlist?: string;
  logger: Logger;
  cwd?: string;
  now?: () => Date;
}

export async function openStore(
  loaded: LoadedConfig,
  dbOverride?: string,
  cwd = process.cwd(),
  env: NodeJS.ProcessEnv = process.env,
): Promise<Store> {
  const storeConfig = loaded.config.store;
  if (dbOverride || storeConfig.driver === 'sqlite') {
    const [{ createSqliteStore }, { explainSqliteError, guardSqliteStore }] = await Promise.all([
      import('../store/sqlite.js'),
      import('../store/sqlite-errors.js'),
    ]);
    const path = dbOverride
      ? resolve(cwd, dbOverride)
      : storeConfig.driver === 'sqlite'
        ? storeConfig.path
        : '';
    // A damaged, read-only or locked file is one line saying what to do, at open or at any later call.
    try {
      return guardSqliteStore(createSqliteStore({ path }), path);
    } catch (error) {
      throw explainSqliteError(error, path) ?? error;
    }
  }
  // The URL (with any password) comes from the environment only, never from the config file.
  const url = env[storeConfig.urlEnv];
  if (!url) {
    throw new ConfigError(loaded.file ?? '(embedded defaults)', [
      `store.urlEnv: the environment variable ${storeConfig.urlEnv} is not set (expected a PostgreSQL URL such as postgres://user@host:5432/db, because store.driver is postgres; received nothing)`,
    ]);
  }
  const { createPostgresStore } = await import('../store/postgres.js');
  return createPostgresStore({ url });
}

export function loadContextConfig(options: Pick<OpenOptions, 'config' | 'watchlist' | 'cwd'>): {
  loaded: LoadedConfig;
  watchlist: Watchlist;
} {
  const loaded = loadConfig({ path: options.config, cwd: options.cwd });
  const watchlistPath = options.watchlist ?? loaded.config.watchlist;
  return { loaded, watchlist: loadWatchlist(watchlistPath) };
}

export async function openContext(options: OpenOptions): Promise<PipelineContext> {
  const { loaded, watchlist } = loadContextConfig(options);
  for (const w of loaded.warnings) options.logger.warn(w);
  const store = await openStore(loaded, options.db, options.cwd);
  // Lists created in the browser (`stancewatch serve`) are delivered like the config file's own.
  const { withStoreLists } = await import('./lists.js');
  return {
    loaded: await withStoreLists(loaded, store),
    watchlist,
    store,
    logger: options.logger,
    now: options.now ?? (() => new Date()),
  };
}
