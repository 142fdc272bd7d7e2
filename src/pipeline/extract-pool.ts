// A few extraction threads behind one Extract, for big batches: `ingest`, `run` and the worker's
// scheduled ingest keep about two extractions per thread in flight while the main thread reads, parses
// and stores (ingest-files.ts), so a 2-core machine extracts on both cores. Each thread is an
// extract-thread.ts thread: it starts with its first article, a thread that dies fails its pending
// articles with the reason and the next article starts another, and close() frees their memory. Each
// thread's heap is capped; an article a thread runs out of memory on is extracted in the process.
import { availableParallelism } from 'node:os';
import type { Watchlist } from '../config/watchlist.js';
import type { PipelineContext } from './context.js';
import { createThreadExtractor, isOutOfMemory, type ThreadExtractor } from './extract-thread.js';
import { inProcessExtract, inProcessExtractor, type Extract, type Extractor } from './ingest-files.js';

/** Two threads at most: the main thread needs a core of its own for reading, parsing and storing. */
export function defaultExtractThreads(): number {
  return Math.min(2, availableParallelism());
}

/**
 * The first articles go to one thread only: each thread loads the language model (~0.3–0.5 s of CPU),
 * which a batch of a few new articles would not earn back.
 */
const ONE_THREAD_FOR = 8;

/**
 * Each thread's heap cap. Extraction keeps ~60–80 MB live (the model and one article); uncapped, V8 let
 * each thread grow to ~200 MB, so a 10k ingest peaked at ~500 MB instead of the ~280 MB of extraction in
 * the process (at 160 MB: ~300 MB, and no more CPU). An article that needs more (a very long page) is
 * extracted in the process instead, where the heap has no such cap.
 */
const THREAD_HEAP_MB = 160;

export function createExtractPool(
  watchlist: Watchlist,
  threads: number,
  options: { oneThreadFor?: number; maxHeapMb?: number } = {},
): Extractor {
  const maxHeapMb = options.maxHeapMb ?? THREAD_HEAP_MB;
  const members: Array<{ thread: ThreadExtractor; pending: number }> = Array.from(
    { length: Math.max(1, threads) },
    () => ({ thread: createThreadExtractor(watchlist, { maxHeapMb }), pending: 0 }),
  );
  const oneThreadFor = options.oneThreadFor ?? ONE_THREAD_FOR;
  let requests = 0;
  let inProcess: Extract | null = null;
  return {
    ahead: members.length * 2,
    extract(article) {
      const usable = requests++ < oneThreadFor ? 1 : members.length;
      let member = members[0]!;
      for (const m of members.slice(1, usable)) if (m.pending < member.pending) member = m;
      member.pending++;
      const chosen = member;
      return chosen.thread
        .extract(article)
        .finally(() => {
          chosen.pending--;
        })
        .catch((error: unknown) => {
          // The thread ran out of its capped heap (this article, or another pending on it, needed more):
          // the article is extracted here instead, with the same result.
          if (!isOutOfMemory(error)) throw error;
          return (inProcess ??= inProcessExtract({ watchlist }))(article);
        });
    },
    async close() {
      await Promise.all(members.map((m) => m.thread.close()));
    },
  };
}

/** The configured extractor: `ingest.extractThreads` threads (default: defaultExtractThreads), 0 = in this process. */
export function configuredExtractor(ctx: Pick<PipelineContext, 'loaded' | 'watchlist'>): Extractor {
  const threads = ctx.loaded.config.ingest.extractThreads ?? defaultExtractThreads();
  return threads > 0 ? createExtractPool(ctx.watchlist, threads) : inProcessExtractor(ctx);
}
