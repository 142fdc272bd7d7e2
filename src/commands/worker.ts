// `stancewatch worker`: runs the schedules until SIGTERM/SIGINT. Signals are handled here (the worker
// itself only sees an AbortSignal) so library code never touches the process.
import type { Logger } from '../log.js';
import { openContext } from '../pipeline/context.js';
import { createPinoLogger, startWorker, type RunDigestsFn } from '../worker.js';

export interface WorkerCommandOptions {
  config?: string;
  db?: string;
  watchlist?: string;
  /** Lease holder name (default host:pid). */
  holder?: string;
  /** Structured logger; default pino JSON on stdout. */
  logger?: Logger;
  /** Stops the worker (in addition to SIGTERM/SIGINT). */
  signal?: AbortSignal;
  /** Override of the digest runner (tests); default src/pipeline/digest.ts runDigests. */
  runDigests?: RunDigestsFn;
  /** Also run the web server (`stancewatch serve`) in this process, on the worker's store. */
  serve?: { port: number; host: string; onListening?: (url: string) => void };
}

export async function workerCommand(options: WorkerCommandOptions): Promise<void> {
  const logger = options.logger ?? createPinoLogger();
  const controller = new AbortController();
  const onSignal = (name: string) => () => {
    logger.info(`received ${name}; shutting down`);
    controller.abort();
  };
  const onTerm = onSignal('SIGTERM');
  const onInt = onSignal('SIGINT');
  process.once('SIGTERM', onTerm);
  process.once('SIGINT', onInt);
  options.signal?.addEventListener('abort', () => controller.abort(), { once: true });
  try {
    const ctx = await openContext({
      config: options.config,
      db: options.db,
      watchlist: options.watchlist,
      logger,
    });
    const runDigests = options.runDigests ?? (await import('../pipeline/digest.js')).runDigests;
    const handle = await startWorker(ctx, { holder: options.holder, signal: controller.signal, runDigests });
    const web = options.serve
      ? await (
          await import('./serve.js')
        ).startWeb({ ...options, ...options.serve, store: ctx.store, logger })
      : null;
    try {
      await handle.done;
    } finally {
      await web?.close();
    }
  } finally {
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onInt);
  }
}
