// `stancewatch preview [--list ID]`: renders a list's digest from what is stored, writes the HTML and
// text next to the outbox and prints the HTML path. Nothing is sent or recorded.
import type { Logger } from '../log.js';
import { openContext } from '../pipeline/context.js';
import { parseNewWithin, selectLists, writePreview } from '../pipeline/digest.js';

export interface PreviewOptions {
  config?: string;
  db?: string;
  watchlist?: string;
  list?: string;
  since?: string;
  /** The new-voice window (`--new-within`). */
  newWithin?: string;
  logger: Logger;
  write: (chunk: string) => void;
  now?: () => Date;
}

export async function previewCommand(
  options: PreviewOptions,
): Promise<Array<{ listId: string; html: string | null; text: string }>> {
  const ctx = await openContext(options);
  try {
    const lists = selectLists(ctx.loaded.config.lists, options.list ? [options.list] : undefined);
    const out: Array<{ listId: string; html: string | null; text: string }> = [];
    for (const list of lists) {
      const { html, text, digest } = await writePreview(ctx, list, {
        since: options.since,
        ...(options.newWithin ? { newWithin: parseNewWithin(options.newWithin) } : {}),
      });
      options.logger.info(`list ${list.id}: "${digest.subject}"`);
      // stdout carries only the path, so `open "$(stancewatch preview)"` works.
      options.write(`${html ?? text}\n`);
      out.push({ listId: list.id, html, text });
    }
    return out;
  } finally {
    await ctx.store.close();
  }
}
