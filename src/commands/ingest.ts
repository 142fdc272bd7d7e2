// `stancewatch ingest [PATH...]`: parse, extract and store articles (default: the configured folder sources).
import type { Logger } from '../log.js';
import { openContext } from '../pipeline/context.js';
import { configuredExtractor } from '../pipeline/extract-pool.js';
import { describeIngest, ingestPaths, type IngestSummary } from '../pipeline/ingest-files.js';
import { markStaleRuns } from '../pipeline/runs.js';

export interface IngestOptions {
  paths: string[];
  config?: string;
  db?: string;
  watchlist?: string;
  logger: Logger;
}

export async function ingestCommand(options: IngestOptions): Promise<IngestSummary> {
  const ctx = await openContext(options);
  try {
    await markStaleRuns(ctx);
    const paths =
      options.paths.length > 0
        ? options.paths
        : ctx.loaded.config.sources.flatMap((s) => (s.type === 'folder' ? [s.path] : []));
    // Extraction on threads (ingest.extractThreads) while this thread reads and stores the files in order.
    const extractor = configuredExtractor(ctx);
    let summary: IngestSummary;
    try {
      summary = await ingestPaths(ctx, paths, extractor);
    } finally {
      await extractor.close();
    }
    options.logger.info(describeIngest(summary));
    return summary;
  } finally {
    await ctx.store.close();
  }
}
