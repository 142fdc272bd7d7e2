// `stancewatch articles`: what is stored, newest first.
import type { Logger } from '../log.js';
import { openContext } from '../pipeline/context.js';
import type { StoredArticle } from '../store/types.js';
import { dateCell, table } from './_table.js';

export interface ArticlesOptions {
  config?: string;
  db?: string;
  all?: boolean;
  format?: 'text' | 'json';
  logger: Logger;
  write: (chunk: string) => void;
}

export async function articlesCommand(options: ArticlesOptions): Promise<void> {
  const ctx = await openContext(options);
  try {
    const articles = await ctx.store.listArticles({ includeRetired: options.all });
    if (options.format === 'json') {
      options.write(`${JSON.stringify({ articles }, null, 2)}\n`);
      return;
    }
    if (articles.length === 0) {
      options.write('No articles stored yet. Run `stancewatch ingest` first.\n');
      return;
    }
    options.write(formatArticlesTable(articles));
  } finally {
    await ctx.store.close();
  }
}

/** The articles table (newest first), shared by `articles` and the summary of `run`. */
export function formatArticlesTable(articles: StoredArticle[]): string {
  const sorted = [...articles].sort(
    (a, b) => (b.published ?? '').localeCompare(a.published ?? '') || b.id - a.id,
  );
  return table(
    ['published', 'precision', 'source', 'title', 'positions'],
    sorted.map((a) => [
      dateCell(a.published, a.datePrecision),
      a.datePrecision,
      a.source ?? '—',
      `${a.title ?? a.file}${a.current ? '' : ' (superseded)'}${a.version > 1 ? ` (v${a.version})` : ''}`,
      String(a.positionCount),
    ]),
    [12, 9, 24, 70, 9],
  );
}
