// The extraction thread's own code (see extract-thread.ts): each message is one article; the reply is
// its extraction, or the message of what went wrong (the main thread stores the article as failed).
import { parentPort, workerData } from 'node:worker_threads';
import type { Watchlist } from '../config/watchlist.js';
import { extract } from '../extract/index.js';
import type { ParsedArticle } from '../model.js';

const { watchlist } = workerData as { watchlist: Watchlist };

parentPort?.on('message', ({ id, article }: { id: number; article: ParsedArticle }) => {
  try {
    parentPort?.postMessage({ id, extraction: extract(article, watchlist) });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
