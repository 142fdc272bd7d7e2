// The digest model (pure): one subscriber list's view of the changes — its filters and window applied,
// grouped into sections, with human names for ids and a subject line that says what changed.
import { createHash } from 'node:crypto';
import type { SubscriberList } from '../config/schema.js';
import type { StanceLabels, Watchlist } from '../config/watchlist.js';
import type { Change, ChangeSide } from '../model.js';
import type { StoredArticle } from '../store/types.js';

export interface DigestChange extends Change {
  actorName: string;
  topicName: string;
  /** The topic's one-line definition (shown on hover in HTML). */
  topicDescription: string;
  /** The topic's plain words for each stance, when the watchlist gives them. */
  stanceLabels: StanceLabels | null;
}

export interface DigestArticle {
  id: number;
  title: string;
  source: string | null;
  published: string | null;
  datePrecision: StoredArticle['datePrecision'];
  url: string | null;
  /** The file it was read from: what the digest names when there is no URL. */
  file: string;
}

export interface DigestModel {
  listId: string;
  listName: string;
  timeZone: string;
  since: string;
  storedAfter: string | null;
  generatedAt: string;
  subject: string;
  /** Reversed, shifted, hardened and softened positions. */
  changed: DigestChange[];
  /** Actors stating a position on a topic for the first time in the window. */
  newVoices: DigestChange[];
  /** Positions restated without change. */
  restated: DigestChange[];
  articles: DigestArticle[];
  changeCount: number;
  empty: boolean;
  coveredUntil: string | null;
}

export interface BuildDigestInput {
  list: SubscriberList;
  changes: Change[];
  articles: StoredArticle[];
  watchlist: Watchlist;
  since: string;
  /** A scheduled digest: only changes whose latest statement comes from an article stored after this. */
  storedAfter: string | null;
  generatedAt: Date;
}

const CHANGED_KINDS = new Set(['reversed', 'shifted', 'hardened', 'softened']);

function subjectOf(
  list: SubscriberList,
  changed: DigestChange[],
  newVoices: DigestChange[],
  restated: DigestChange[],
): string {
  const parts: string[] = [];
  const first = changed[0];
  if (first) {
    parts.push(
      `${first.actorName} ${first.kind === 'unchanged' ? 'restated' : first.kind} on ${first.topicName}`,
    );
    if (changed.length > 1)
      parts[0] += ` and ${changed.length - 1} more ${changed.length === 2 ? 'change' : 'changes'}`;
  }
  if (newVoices.length > 0) {
    if (parts.length === 0 && newVoices.length === 1) {
      const v = newVoices[0]!;
      parts.push(`New voice: ${v.actorName} on ${v.topicName}`);
    } else {
      const names = [...new Set(newVoices.map((v) => v.actorName))];
      const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ', …' : '');
      parts.push(`${newVoices.length} new ${newVoices.length === 1 ? 'voice' : 'voices'} (${shown})`);
    }
  }
  if (parts.length === 0 && restated.length > 0)
    parts.push(`${restated.length} ${restated.length === 1 ? 'position' : 'positions'} restated`);
  const what = parts.length > 0 ? parts.join('; ') : 'No changes in stated positions';
  return `[${list.name}] ${what}`;
}

const sideKey = (s: ChangeSide | null) =>
  s ? `${s.articleId}:${s.polarity}:${s.mixed ? 1 : 0}:${s.reported}:${s.evidence}` : '-';

/** Stable identity: the same list, window and content give the same id, whenever it is built. */
export function digestId(
  model: Pick<DigestModel, 'listId' | 'since' | 'storedAfter' | 'changed' | 'newVoices' | 'restated'>,
): string {
  const content = [...model.changed, ...model.newVoices, ...model.restated]
    .map((c) => `${c.actor}|${c.topic}|${c.kind}|${sideKey(c.before)}|${sideKey(c.after)}`)
    .join('\n');
  const hash = createHash('sha256')
    .update(`${model.listId}\n${model.since}\n${model.storedAfter ?? ''}\n${content}`)
    .digest('hex');
  return `${model.listId}-${hash.slice(0, 16)}`;
}

export function buildDigest(input: BuildDigestInput): DigestModel {
  const { list, watchlist } = input;
  const actorNames = new Map(watchlist.actors.map((a) => [a.id, a.name]));
  const topics = new Map(watchlist.topics.map((t) => [t.id, t]));
  const storedAt = new Map(input.articles.map((a) => [a.id, a.storedAt]));
  const filters = list.filters;
  const wanted = input.changes.filter(
    (c) =>
      (filters.actors.length === 0 || filters.actors.includes(c.actor)) &&
      (filters.topics.length === 0 || filters.topics.includes(c.topic)) &&
      (filters.kinds.length === 0 || filters.kinds.includes(c.kind)) &&
      (!input.storedAfter || (storedAt.get(c.after.articleId) ?? '') > input.storedAfter),
  );
  const named = wanted.map((c): DigestChange => ({
    ...c,
    actorName: actorNames.get(c.actor) ?? c.actor,
    topicName: topics.get(c.topic)?.name ?? c.topic,
    topicDescription: topics.get(c.topic)?.description ?? '',
    stanceLabels: topics.get(c.topic)?.stanceLabels ?? null,
  }));
  const changed = named.filter((c) => CHANGED_KINDS.has(c.kind));
  const newVoices = named.filter((c) => c.kind === 'new');
  const restated = named.filter((c) => c.kind === 'unchanged');

  const ids = new Set<number>();
  for (const c of named) {
    ids.add(c.after.articleId);
    if (c.before) ids.add(c.before.articleId);
  }
  const articles = input.articles
    .filter((a) => ids.has(a.id))
    .sort((a, b) => (a.published ?? '').localeCompare(b.published ?? '') || a.id - b.id)
    .map((a): DigestArticle => ({
      id: a.id,
      title: a.title ?? a.file,
      source: a.source,
      published: a.published,
      datePrecision: a.datePrecision,
      url: a.url,
      file: a.file,
    }));
  // Everything stored so far has been considered, so a scheduled digest's next window starts after it.
  const coveredUntil = input.articles.reduce<string | null>(
    (m, a) => (m === null || a.storedAt > m ? a.storedAt : m),
    null,
  );
  const base = {
    listId: list.id,
    listName: list.name,
    timeZone: list.timeZone,
    since: input.since,
    storedAfter: input.storedAfter,
    generatedAt: input.generatedAt.toISOString(),
    changed,
    newVoices,
    restated,
    articles,
    changeCount: named.length,
    empty: named.length === 0,
    coveredUntil,
  };
  return { ...base, subject: subjectOf(list, changed, newVoices, restated) };
}
