// Subscriber preferences applied to one list's recipients (pure): who gets the list's own digest, who gets
// a digest narrowed to the actors and topics they picked, and who is held back because they read weekly
// and had one less than a week ago. Preferences only ever narrow what the list sends, never widen it.
import type { ListFilters, SubscriberList } from '../config/schema.js';
import type { Recipient } from '../config/subscribers.js';
import type { Preferences } from '../store/types.js';

export const WEEK_MS = 7 * 24 * 3600_000;

export interface AudienceGroup {
  /** The list itself, or a copy whose filters are narrowed to one set of preferences. */
  list: SubscriberList;
  recipients: Recipient[];
}

export interface Audience {
  /** The first group is always the list as configured (possibly with no recipients). */
  groups: AudienceGroup[];
  /** Weekly readers who had a digest of this list within the last seven days. */
  held: Recipient[];
}

/** What the list covers, narrowed to what the reader picked (a pick outside the list is ignored). */
export function narrowFilters(list: ListFilters, prefs: Pick<Preferences, 'actors' | 'topics'>): ListFilters {
  const narrow = (own: string[], picked: string[]) => {
    if (picked.length === 0) return own;
    const kept = own.length === 0 ? picked : picked.filter((p) => own.includes(p));
    return kept.length === 0 ? own : [...new Set(kept)].sort();
  };
  return { ...list, actors: narrow(list.actors, prefs.actors), topics: narrow(list.topics, prefs.topics) };
}

export function planAudience(input: {
  list: SubscriberList;
  recipients: Recipient[];
  preferences: Preferences[];
  /** When each address (lower-cased) was last sent a digest of this list. */
  lastSent: Map<string, string>;
  now: Date;
}): Audience {
  const { list } = input;
  const byEmail = new Map(input.preferences.map((p) => [p.email.toLowerCase(), p]));
  const own: AudienceGroup = { list, recipients: [] };
  const tailored = new Map<string, AudienceGroup>();
  const held: Recipient[] = [];
  const weekAgo = new Date(input.now.getTime() - WEEK_MS).toISOString();
  for (const r of input.recipients) {
    const prefs = byEmail.get(r.email.toLowerCase());
    if (!prefs) {
      own.recipients.push(r);
      continue;
    }
    const last = input.lastSent.get(r.email.toLowerCase());
    if (prefs.frequency === 'weekly' && last && last > weekAgo) {
      held.push(r);
      continue;
    }
    const filters = narrowFilters(list.filters, prefs);
    const key = JSON.stringify([filters.actors, filters.topics]);
    if (key === JSON.stringify([list.filters.actors, list.filters.topics])) {
      own.recipients.push(r);
      continue;
    }
    const group = tailored.get(key) ?? { list: { ...list, filters }, recipients: [] };
    group.recipients.push(r);
    tailored.set(key, group);
  }
  return { groups: [own, ...tailored.values()], held };
}
