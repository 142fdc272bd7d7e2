// Extraction on a thread of its own, for `run`: the language model (~45 MB) lives in the thread's heap
// and is freed when the thread ends, so the digest that follows the ingest does not carry it. The
// thread starts with the first article that needs extracting; a run that finds nothing new starts none.
// The same extract() runs there, on a structured clone of the article, so the results are the same.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Watchlist } from '../config/watchlist.js';
import type { Extraction } from '../model.js';
import type { Extract } from './ingest-files.js';

export interface ThreadExtractor {
  extract: Extract;
  /** Ends the thread (and frees its memory); a later extract() starts another. */
  close(): Promise<void>;
}

type Reply = { id: number; extraction: Extraction } | { id: number; error: string };

function startThread(watchlist: Watchlist, maxHeapMb: number | undefined): Worker {
  const resourceLimits = maxHeapMb ? { maxOldGenerationSizeMb: maxHeapMb } : undefined;
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./extract-thread-worker.js', import.meta.url), {
      workerData: { watchlist },
      resourceLimits,
    });
  }
  // From the TypeScript sources (tests, `npm run dev`) the thread first registers tsx, as the process did
  // (Node 20 loads a worker's entry before its --import hooks, hence the two-step start).
  // (require.resolve names tsx's CommonJS build of the API; its ES module build sits beside it.)
  const api = createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs');
  const tsx = pathToFileURL(api).href;
  const entry = new URL('./extract-thread-worker.ts', import.meta.url).href;
  return new Worker(
    `import(${JSON.stringify(tsx)}).then((t) => t.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`,
    {
      eval: true,
      workerData: { watchlist },
      resourceLimits,
    },
  );
}

/**
 * `maxHeapMb` caps the thread's old generation: V8 otherwise lets each thread's heap grow to ~3× what
 * extraction keeps live. A thread that reaches the cap ends, and its pending articles fail with an error
 * whose code is ERR_WORKER_OUT_OF_MEMORY (see isOutOfMemory).
 */
export function createThreadExtractor(
  watchlist: Watchlist,
  options: { maxHeapMb?: number } = {},
): ThreadExtractor {
  let worker: Worker | null = null;
  let nextId = 0;
  const waiting = new Map<number, { resolve: (e: Extraction) => void; reject: (e: Error) => void }>();
  const failAll = (error: Error) => {
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  const thread = (): Worker => {
    if (worker) return worker;
    const w = startThread(watchlist, options.maxHeapMb);
    w.on('message', (reply: Reply) => {
      const w = waiting.get(reply.id);
      waiting.delete(reply.id);
      if ('error' in reply) w?.reject(new Error(reply.error));
      else w?.resolve(reply.extraction);
    });
    w.on('error', (error) => failAll(error));
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      failAll(new Error(`the extraction thread stopped (exit code ${code})`));
    });
    return (worker = w);
  };
  return {
    extract: (article) =>
      new Promise<Extraction>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        thread().postMessage({ id, article });
      }),
    async close() {
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}

/** True for the error a thread's pending articles fail with when it ran out of its heap (maxHeapMb). */
export function isOutOfMemory(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
}
