// Lists and recipients as the digest sees them: the config file's lists, then the lists created in the
// browser (kept in the store); a list's recipients are its configured subscribers plus the confirmed ones
// kept in the store (browser lists, and sign-ups through the public form). Config lists stay
// authoritative: a store list never replaces one with the same id.
import type { LoadedConfig } from '../config/load.js';
import { SubscriberList } from '../config/schema.js';
import { resolveSubscribers, type ResolvedSubscribers } from '../config/subscribers.js';
import { planAudience, WEEK_MS, type Audience } from '../digest/audience.js';
import type { Store, WebList } from '../store/types.js';
import type { PipelineContext } from './context.js';

/**
 * A browser list in the shape of a configured one (defaults filled in by the same schema), or null when
 * the stored record no longer passes it (one bad record must not stop every command).
 */
export function webListToSubscriberList(w: WebList): SubscriberList | null {
  const parsed = SubscriberList.safeParse({
    id: w.id,
    name: w.name,
    filters: w.filters,
    format: w.format,
    timeZone: w.timeZone,
    ...(w.schedule ? { schedule: w.schedule } : {}),
    sendEmpty: w.sendEmpty,
    archive: w.archive,
    signup: w.signup,
  });
  return parsed.success ? parsed.data : null;
}

/** The loaded config with the store's browser lists appended after the file's own. */
export async function withStoreLists(loaded: LoadedConfig, store: Store, configLists = loaded.config.lists) {
  const taken = new Set(configLists.map((l) => l.id));
  const web = (await store.listWebLists())
    .filter((w) => !taken.has(w.id))
    .map(webListToSubscriberList)
    .filter((l): l is SubscriberList => l !== null);
  return { ...loaded, config: { ...loaded.config, lists: [...configLists, ...web] } };
}

/** Configured subscribers plus the list's confirmed subscribers in the store, each address once. */
export async function listRecipients(
  ctx: PipelineContext,
  list: SubscriberList,
): Promise<ResolvedSubscribers> {
  const resolved = resolveSubscribers(list, ctx.loaded.file ?? '(embedded defaults)');
  const seen = new Set(resolved.recipients.map((r) => r.email.toLowerCase()));
  for (const s of await ctx.store.listSubscribers(list.id, { status: 'confirmed' })) {
    if (seen.has(s.email)) continue;
    seen.add(s.email);
    resolved.recipients.push({ email: s.email, name: s.name });
  }
  return resolved;
}

/** Splits a list's recipients by their stored preferences (see digest/audience.ts). */
export async function audienceOf(
  ctx: PipelineContext,
  list: SubscriberList,
  recipients: ResolvedSubscribers['recipients'],
): Promise<Audience> {
  const now = ctx.now();
  const preferences = await ctx.store.listPreferences(list.id);
  const lastSent = new Map<string, string>();
  if (preferences.some((p) => p.frequency === 'weekly')) {
    const weekAgo = new Date(now.getTime() - WEEK_MS).toISOString();
    for (const d of await ctx.store.listDeliveries({ listId: list.id, status: 'sent' })) {
      const key = d.recipient.toLowerCase();
      if (d.updatedAt > weekAgo && d.updatedAt > (lastSent.get(key) ?? '')) lastSent.set(key, d.updatedAt);
    }
  }
  return planAudience({ list, recipients, preferences, lastSent, now });
}
