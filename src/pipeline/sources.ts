// Ingest every configured source: folders through ingestPaths (the store dedups unchanged content, so
// re-reading a folder picks up only new and changed files), feeds through fetchFeed + storeArticles.
// One failing source never stops the others; a feed in backoff (nextAttemptAt in the future) is skipped.
import { resolve } from 'node:path';
import type { Source } from '../config/schema.js';
import {
  emptyIngestSummary,
  inProcessExtractor,
  ingestPaths,
  storeArticles,
  type Extractor,
  type IngestSummary,
} from './ingest-files.js';
import type { PipelineContext } from './context.js';

export interface SourceOutcome {
  id: string;
  ok: boolean;
  /** Articles handed to the store (new, updated or unchanged). */
  items: number;
  /** Skipped because of backoff after earlier failures. */
  deferred?: boolean;
  error?: string;
}

export type SourcesSummary = IngestSummary & { sources: SourceOutcome[] };

export const USER_AGENT = 'stancewatch/0.1 (+https://github.com/stancewatch)';

export function sourceId(source: Source): string {
  return source.id ?? (source.type === 'folder' ? `folder:${source.path}` : source.url);
}

function add(into: IngestSummary, from: IngestSummary): void {
  into.files += from.files;
  into.new += from.new;
  into.updated += from.updated;
  into.unchanged += from.unchanged;
  into.positions += from.positions;
  into.skipped.push(...from.skipped);
}

export async function ingestSources(
  ctx: PipelineContext,
  options: {
    sourceIds?: string[];
    /** @default extraction in this process, one article at a time */
    extractor?: Pick<Extractor, 'extract' | 'ahead'>;
  } = {},
): Promise<SourcesSummary> {
  const extractor = options.extractor ?? inProcessExtractor(ctx);
  const summary: SourcesSummary = { ...emptyIngestSummary(ctx.now().toISOString()), sources: [] };
  const sources = ctx.loaded.config.sources.filter(
    (s) => !options.sourceIds || options.sourceIds.includes(sourceId(s)),
  );
  for (const source of sources) {
    const id = sourceId(source);
    try {
      if (source.type === 'folder') {
        const result = await ingestPaths(ctx, [resolve(ctx.loaded.baseDir, source.path)], extractor);
        add(summary, result);
        summary.sources.push({ id, ok: true, items: result.new + result.updated + result.unchanged });
        continue;
      }
      const state = await ctx.store.getSourceState(id);
      if (state?.nextAttemptAt && Date.parse(state.nextAttemptAt) > ctx.now().getTime()) {
        ctx.logger.info(`${id}: in backoff until ${state.nextAttemptAt} after ${state.errorCount} failures`, {
          source: id,
        });
        summary.sources.push({
          id,
          ok: false,
          items: 0,
          deferred: true,
          error: state.lastError ?? undefined,
        });
        continue;
      }
      // The feed reader (and its HTML and XML parsers) loads only when a feed is configured.
      const { fetchFeed } = await import('../ingest/feeds.js');
      const result = await fetchFeed({ ...source, id }, state, { now: ctx.now, userAgent: USER_AGENT });
      const part = emptyIngestSummary(summary.startedAt);
      part.files = result.articles.length + result.problems.length;
      for (const p of result.problems) {
        part.skipped.push({ file: p.item, reason: p.reason });
        ctx.logger.warn(`${id}: ${p.item}: ${p.reason}`, { source: id });
      }
      if (result.ok) {
        await storeArticles(ctx, result.articles, part, extractor);
      } else {
        ctx.logger.error(
          `${id}: ${result.error ?? 'failed'} (failure ${result.state.errorCount}, next attempt ${result.state.nextAttemptAt})`,
          { source: id },
        );
      }
      // State is written after the articles so a crash in between refetches rather than loses items.
      await ctx.store.putSourceState(result.state);
      add(summary, part);
      summary.sources.push({
        id,
        ok: result.ok,
        items: result.articles.length,
        ...(result.error ? { error: result.error } : {}),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      ctx.logger.error(`${id}: ${message}`, { source: id });
      summary.sources.push({ id, ok: false, items: 0, error: message });
    }
  }
  return summary;
}
