// `stancewatch lists`: each subscriber list with its member count, filters, schedule and last delivery.
import type { Logger } from '../log.js';
import { openContext } from '../pipeline/context.js';
import { listRecipients } from '../pipeline/lists.js';

export interface ListsOptions {
  config?: string;
  db?: string;
  format?: 'text' | 'json';
  logger: Logger;
  write: (chunk: string) => void;
}

export interface ListInfo {
  id: string;
  name: string;
  members: number;
  suppressed: number;
  problems: string[];
  actors: string[];
  topics: string[];
  kinds: string[];
  format: string;
  schedule: string | null;
  timeZone: string;
  lastDelivery: { at: string; sent: number; failed: number } | null;
}

export async function listsCommand(options: ListsOptions): Promise<ListInfo[]> {
  const ctx = await openContext(options);
  try {
    const suppressions = await ctx.store.listSuppressions();
    const infos: ListInfo[] = [];
    for (const list of ctx.loaded.config.lists) {
      // Configured members plus those confirmed in the store (browser lists, sign-ups).
      const subs = await listRecipients(ctx, list);
      const deliveries = await ctx.store.listDeliveries({ listId: list.id });
      const latest = deliveries
        .filter((d) => d.status !== 'pending')
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
      const lastDigest = latest ? deliveries.filter((d) => d.digestId === latest.digestId) : [];
      const suppressed = subs.recipients.filter((r) =>
        suppressions.some(
          (s) =>
            s.email.toLowerCase() === r.email.toLowerCase() && (s.listId == null || s.listId === list.id),
        ),
      ).length;
      infos.push({
        id: list.id,
        name: list.name,
        members: subs.recipients.length,
        suppressed,
        problems: subs.problems,
        actors: list.filters.actors,
        topics: list.filters.topics,
        kinds: list.filters.kinds,
        format: list.format,
        schedule: list.schedule ?? null,
        timeZone: list.timeZone,
        lastDelivery: latest
          ? {
              at: latest.updatedAt,
              sent: lastDigest.filter((d) => d.status === 'sent').length,
              failed: lastDigest.filter((d) => d.status === 'failed').length,
            }
          : null,
      });
    }
    if (options.format === 'json') options.write(`${JSON.stringify({ lists: infos }, null, 2)}\n`);
    else options.write(infos.map(describeList).join('\n'));
    return infos;
  } finally {
    await ctx.store.close();
  }
}

function describeList(l: ListInfo): string {
  const all = (xs: string[], what: string) => (xs.length ? xs.join(', ') : `all ${what}`);
  return [
    `${l.id} — ${l.name}`,
    `  members: ${l.members}${l.suppressed ? ` (${l.suppressed} unsubscribed)` : ''}${l.problems.length ? `, ${l.problems.length} problem(s): run \`stancewatch config check\`` : ''}`,
    `  actors: ${all(l.actors, 'actors')}; topics: ${all(l.topics, 'topics')}`,
    `  kinds: ${l.kinds.length === 7 ? 'all kinds' : l.kinds.join(', ')}; format: ${l.format}`,
    `  schedule: ${l.schedule ? `"${l.schedule}" (${l.timeZone})` : 'none (manual runs only)'}`,
    `  last delivery: ${l.lastDelivery ? `${l.lastDelivery.at} — sent ${l.lastDelivery.sent}, failed ${l.lastDelivery.failed}` : 'never'}`,
    '',
  ].join('\n');
}
