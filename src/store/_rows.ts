// Internal to the store adapters: row → record mapping and the optional-filter WHERE builder, shared so
// that SQLite and PostgreSQL return exactly the same records.
import { dateRange } from '../ingest/dates.js';
import type { DatePrecision, Polarity, Reported, ReviewOverride } from '../model.js';
import type {
  AdminSession,
  ArchivedDigest,
  DeliveryRecord,
  PositionFilter,
  Preferences,
  RunRecord,
  SourceState,
  StoredArticle,
  StoredPosition,
  SubscriberStatus,
  WebList,
  WebSubscriber,
} from './types.js';

export type Row = Record<string, unknown>;

export const str = (v: unknown): string => (typeof v === 'string' ? v : String(v ?? ''));
export const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
export const num = (v: unknown): number =>
  typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : Number(v ?? 0);

/**
 * A WHERE clause from optional filters: `[clause, value]` pairs count only when the value is set, and
 * plain clauses (or null, to leave one out) are used as they are. Placeholders are `?`.
 */
export function whereOf(conditions: Array<string | null | [string, unknown]>): {
  sql: string;
  params: unknown[];
} {
  const clauses: string[] = [];
  const params: unknown[] = [];
  for (const c of conditions) {
    if (c === null) continue;
    if (typeof c === 'string') clauses.push(c);
    else if (c[1] !== undefined && c[1] !== null && c[1] !== '') {
      clauses.push(c[0]);
      params.push(c[1]);
    }
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/** The position filters as conditions over `positions p JOIN articles a`; `afterId` pages by p.id. */
export function positionConditions(
  filter: PositionFilter,
  afterId?: number,
): Array<string | null | [string, unknown]> {
  return [
    filter.includeRetired ? null : 'p.retired = 0',
    ['p.actor = ?', filter.actor],
    ['p.topic = ?', filter.topic],
    ['a.stored_at > ?', filter.storedAfter],
    filter.since ? 'a.published IS NOT NULL' : null,
    ['p.id > ?', afterId],
  ];
}

export const POSITION_COLUMNS = `p.*, a.published, a.date_precision, a.stored_at, a.file, a.url, a.title, a.source, a.article_key`;

/** Every article column but the body: listings never need it, and bodies are most of the database. */
export const ARTICLE_COLUMNS = `a.id, a.version, a.file, a.entry, a.url, a.title, a.source, a.byline, a.published,
  a.date_precision, a.content_hash, a.stored_at, a.current`;

export const toArticle = (r: Row): StoredArticle => ({
  id: num(r.id),
  version: num(r.version),
  file: str(r.file),
  entry: num(r.entry),
  url: strOrNull(r.url),
  title: strOrNull(r.title),
  source: strOrNull(r.source),
  byline: strOrNull(r.byline),
  published: strOrNull(r.published),
  datePrecision: str(r.date_precision) as DatePrecision,
  contentHash: str(r.content_hash),
  storedAt: str(r.stored_at),
  current: r.current === true || num(r.current) === 1,
  positionCount: num(r.position_count),
});

/** Positions from rows; `since` keeps those whose (possibly partial) date reaches the baseline. */
export function toPositions(rows: Row[], since: string | undefined): StoredPosition[] {
  return rows
    .filter((r) => !since || dateRange(str(r.published)).last >= since)
    .map((r): StoredPosition => ({
      id: num(r.id),
      articleId: num(r.article_id),
      ordinal: num(r.ordinal),
      actor: str(r.actor),
      topic: str(r.topic),
      polarity: str(r.polarity) as StoredPosition['polarity'],
      speaker: str(r.speaker),
      role: strOrNull(r.role),
      claim: str(r.claim),
      evidence: JSON.parse(str(r.evidence)) as StoredPosition['evidence'],
      reported: str(r.reported) as Reported,
      relayer: strOrNull(r.relayer),
      confidence: num(r.confidence),
      via: str(r.via),
      published: strOrNull(r.published),
      datePrecision: str(r.date_precision) as DatePrecision,
      storedAt: str(r.stored_at),
      file: str(r.file),
      url: strOrNull(r.url),
      title: strOrNull(r.title),
      source: strOrNull(r.source),
      articleKey: str(r.article_key),
    }));
}

export const toRun = (r: Row): RunRecord => ({
  id: num(r.id),
  kind: str(r.kind) as RunRecord['kind'],
  listId: strOrNull(r.list_id),
  scheduledFor: strOrNull(r.scheduled_for),
  startedAt: str(r.started_at),
  finishedAt: strOrNull(r.finished_at),
  status: str(r.status) as RunRecord['status'],
  counts: JSON.parse(str(r.counts) || '{}') as Record<string, number>,
  error: strOrNull(r.error),
  holder: strOrNull(r.holder),
  aliveUntil: strOrNull(r.alive_until),
});

export const toDelivery = (r: Row): DeliveryRecord => ({
  digestId: str(r.digest_id),
  listId: str(r.list_id),
  recipient: str(r.recipient),
  status: str(r.status) as DeliveryRecord['status'],
  attempts: num(r.attempts),
  messageId: strOrNull(r.message_id),
  response: strOrNull(r.response),
  path: strOrNull(r.path),
  nextAttemptAt: strOrNull(r.next_attempt_at),
  updatedAt: str(r.updated_at),
  coveredUntil: strOrNull(r.covered_until),
});

export const toSource = (r: Row): SourceState => ({
  sourceId: str(r.source_id),
  etag: strOrNull(r.etag),
  lastModified: strOrNull(r.last_modified),
  lastFetchAt: strOrNull(r.last_fetch_at),
  lastOkAt: strOrNull(r.last_ok_at),
  errorCount: num(r.error_count),
  lastError: strOrNull(r.last_error),
  nextAttemptAt: strOrNull(r.next_attempt_at),
  ...(r.item_errors ? { itemErrors: JSON.parse(str(r.item_errors)) as string[] } : {}),
});

/** Where an `unchanged` answer points: "feeds/a.txt" or "feeds/f.xml #3". */
export function sameContentResult(
  same: Row,
  article: { file: string; entry: number },
): { status: 'unchanged'; articleId: number; version: number; reason: string } {
  const where = num(same.entry) > 0 ? `${str(same.file)} #${num(same.entry)}` : str(same.file);
  return {
    status: 'unchanged',
    articleId: num(same.id),
    version: num(same.version),
    reason:
      str(same.file) === article.file && num(same.entry) === article.entry
        ? 'already stored'
        : `same content as ${where}`,
  };
}

/** A review override from its `position_overrides` row. */
export const toOverride = (r: Row): ReviewOverride => ({
  id: num(r.id),
  key: str(r.position_key),
  articleKey: str(r.article_key),
  evidence: str(r.evidence),
  actor: str(r.actor),
  topic: str(r.topic),
  extractedPolarity: str(r.extracted_polarity) as Polarity,
  verdict: str(r.verdict) as ReviewOverride['verdict'],
  polarity: strOrNull(r.polarity) as Polarity | null,
  correctedActor: strOrNull(r.corrected_actor),
  correctedTopic: strOrNull(r.corrected_topic),
  by: str(r.reviewed_by),
  at: str(r.reviewed_at),
  note: strOrNull(r.note),
});

// ---- web records (WebStore) ----

/** Emails are stored trimmed and lower-cased, so one address is one row per list. */
export const normEmail = (e: string): string => e.trim().toLowerCase();

const jsonArray = (v: unknown): string[] => {
  const parsed: unknown = JSON.parse(str(v) || '[]');
  return Array.isArray(parsed) ? parsed.map(String) : [];
};

export const toWebList = (r: Row): WebList => ({
  ...(JSON.parse(str(r.data)) as Omit<WebList, 'createdAt' | 'updatedAt'>),
  createdAt: str(r.created_at),
  updatedAt: str(r.updated_at),
});

export const toSubscriber = (r: Row): WebSubscriber => ({
  listId: str(r.list_id),
  email: str(r.email),
  name: strOrNull(r.name),
  status: str(r.status) as SubscriberStatus,
  createdAt: str(r.created_at),
  confirmedAt: strOrNull(r.confirmed_at),
});

export const toPreferences = (r: Row): Preferences => ({
  listId: str(r.list_id),
  email: str(r.email),
  actors: jsonArray(r.actors),
  topics: jsonArray(r.topics),
  frequency: str(r.frequency) === 'weekly' ? 'weekly' : 'every',
  updatedAt: str(r.updated_at),
});

export const toArchived = (r: Row): ArchivedDigest => ({
  digestId: str(r.digest_id),
  listId: str(r.list_id),
  subject: str(r.subject),
  html: strOrNull(r.html),
  text: str(r.text),
  createdAt: str(r.created_at),
});

export const toSession = (r: Row): AdminSession => ({
  idHash: str(r.id_hash),
  user: str(r.user),
  createdAt: str(r.created_at),
  expiresAt: str(r.expires_at),
});
