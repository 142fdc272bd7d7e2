// `stancewatch serve`: the web server (subscriber pages and admin pages) until SIGTERM/SIGINT. Signals
// are handled here, so the server itself only sees a close() call.
import type { Logger } from '../log.js';
import { loadContextConfig, openStore } from '../pipeline/context.js';
import type { Store } from '../store/types.js';
import { startServer, type RunningServer } from '../web/server.js';

export interface ServeOptions {
  config?: string;
  db?: string;
  watchlist?: string;
  /** @default 8080 */
  port?: number;
  /** @default "127.0.0.1" */
  host?: string;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  /** Stops the server (in addition to SIGTERM/SIGINT). */
  signal?: AbortSignal;
  /** Called once it listens (tests read the address from here). */
  onListening?: (url: string) => void;
  now?: () => Date;
}

/** Starts the web server on an open store (shared with the worker by `worker --serve`). */
export async function startWeb(
  options: Omit<ServeOptions, 'signal'> & { store: Store },
): Promise<RunningServer> {
  const { loaded, watchlist } = loadContextConfig(options);
  const server = await startServer(
    {
      ctx: {
        loaded,
        watchlist,
        store: options.store,
        logger: options.logger,
        now: options.now ?? (() => new Date()),
      },
      env: options.env ?? process.env,
    },
    { port: options.port ?? 8080, host: options.host ?? '127.0.0.1' },
  );
  options.logger.info(
    `stancewatch serve: listening on ${server.url} (links point to ${server.kit.publicUrl()})`,
  );
  options.onListening?.(server.url);
  return server;
}

/** Resolves when SIGTERM/SIGINT arrives or `signal` aborts. */
export function untilStopped(logger: Logger, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (name: string) => () => {
      logger.info(`received ${name}; shutting down`);
      done();
    };
    const onTerm = stop('SIGTERM');
    const onInt = stop('SIGINT');
    const done = () => {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      resolve();
    };
    process.once('SIGTERM', onTerm);
    process.once('SIGINT', onInt);
    if (signal?.aborted) done();
    signal?.addEventListener('abort', done, { once: true });
  });
}

export async function serveCommand(options: ServeOptions): Promise<void> {
  const { loaded } = loadContextConfig(options);
  const store = await openStore(loaded, options.db);
  try {
    const server = await startWeb({ ...options, store });
    await untilStopped(options.logger, options.signal);
    await server.close();
  } finally {
    await store.close();
  }
}
