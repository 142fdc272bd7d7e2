// The Store contract. Every adapter (SQLite now, Postgres for multi-worker deployments) implements it,
// and tests/store-contract.ts runs one suite against each. Methods are async so a networked
// database fits the same shape; the SQLite adapter simply resolves synchronously computed values.
import type {
  Attribution,
  DatePrecision,
  ParsedArticle,
  Polarity,
  Position,
  Reported,
  ReviewOverride,
} from '../model.js';

export interface StoredArticle {
  id: number;
  /** Version number of this article (1 for the first, +1 each time the file/URL changed content). */
  version: number;
  file: string;
  entry: number;
  url: string | null;
  title: string | null;
  source: string | null;
  byline: string | null;
  published: string | null;
  datePrecision: DatePrecision;
  contentHash: string;
  /** ISO timestamp of when this version was stored. */
  storedAt: string;
  /** True for the current version; earlier versions are kept but their positions are retired. */
  current: boolean;
  positionCount: number;
}

export interface StoredPosition extends Position {
  id: number;
  articleId: number;
  /** Publication date of the article (same precision rules). */
  published: string | null;
  datePrecision: DatePrecision;
  storedAt: string;
  file: string;
  url: string | null;
  title: string | null;
  source: string | null;
  /** Position order inside its article (stable across reads). */
  ordinal: number;
  /**
   * The article's lineage: the same for every version of one article (its URL, or `file#entry` when it
   * was first stored without one). Review overrides are keyed on it.
   */
  articleKey: string;
}

export type SaveStatus = 'new' | 'updated' | 'unchanged';

export interface SaveResult {
  status: SaveStatus;
  articleId: number;
  version: number;
  /** For `unchanged`: why nothing was written ("same content as feeds/a.txt"). */
  reason?: string;
}

export interface PositionFilter {
  actor?: string;
  topic?: string;
  /** Only positions of articles published on or after this date (YYYY-MM-DD). */
  since?: string;
  /** Only positions of articles stored after this ISO timestamp. */
  storedAfter?: string;
  /** Include positions of retired (superseded) versions. Default false. */
  includeRetired?: boolean;
}

export type RunStatus = 'running' | 'ok' | 'failed' | 'abandoned';

export interface RunRecord {
  id: number;
  kind: 'ingest' | 'digest' | 'run';
  listId: string | null;
  scheduledFor: string | null;
  startedAt: string;
  finishedAt: string | null;
  status: RunStatus;
  counts: Record<string, number>;
  error: string | null;
  /** Who runs it (`run:<host>:<pid>`, the worker's holder), when the starter said so. */
  holder: string | null;
  /**
   * While `running`: the run counts as alive until this ISO time (its process renews it). Past it, the
   * process is taken for dead and the next run or worker marks the run `abandoned`.
   */
  aliveUntil: string | null;
}

/** `bounced`: the server refused the address permanently (5xx at RCPT TO); never retried. */
export type DeliveryStatus = 'pending' | 'sent' | 'failed' | 'bounced';

export interface DeliveryRecord {
  digestId: string;
  listId: string;
  recipient: string;
  status: DeliveryStatus;
  attempts: number;
  messageId: string | null;
  /** The server's response line for a sent message, or the error text for a failed one. */
  response: string | null;
  /** Where a file-outbox delivery was written. */
  path: string | null;
  /** ISO timestamp before which a failed delivery is not retried. */
  nextAttemptAt: string | null;
  updatedAt: string;
  /** The newest article stored-at covered by this digest: the list's high-water mark once sent. */
  coveredUntil: string | null;
}

export interface SuppressionRecord {
  email: string;
  /** null suppresses the address on every list. */
  listId: string | null;
  reason: string;
  createdAt: string;
}

export interface SourceState {
  sourceId: string;
  etag: string | null;
  lastModified: string | null;
  lastFetchAt: string | null;
  lastOkAt: string | null;
  errorCount: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  /**
   * Items of the last fetch that were refused or could not be read (e.g. a link to a private address),
   * one line each; shown by `status`. Absent or empty when every item was fine.
   */
  itemErrors?: string[];
}

export interface Lease {
  name: string;
  holder: string;
  expiresAt: string;
  /** Fencing token: grows by one each time the lease changes hands (or is taken again after a release). */
  generation: number;
}

/** Proof of holding a lease: a claim in the delivery ledger succeeds only while it is still current. */
export interface Fence {
  name: string;
  holder: string;
  generation: number;
}

export interface DeliveryClaim {
  digestId: string;
  listId: string;
  recipient: string;
  messageId: string | null;
  coveredUntil: string | null;
  /** The lease the sender must still hold (checked in the claim's transaction); null = no lock (tests, --to). */
  fence: Fence | null;
  /** Who claims: `holder#generation` of the fence, or a one-off id. */
  claimer: string;
  /** How long another sender must treat this claim as "a message may be in flight". */
  inDoubtMs: number;
}

export type ClaimResult =
  | { ok: true }
  /**
   * fenced: the lease was taken by another holder; sent: already sent; in-doubt: another sender's message
   * may be in flight (`claimedBy` that sender, `until` the end of its window).
   */
  | {
      ok: false;
      reason: 'fenced' | 'sent' | 'in-doubt';
      detail: string;
      claimedBy?: string | null;
      until?: string | null;
    };

/** A batch of a digest's recipients for one sender (see Store.claimDeliveries). */
export interface BatchClaim {
  digestId: string;
  /** The recipients this sender may take, in sending order (a row outside them is never taken). */
  recipients: string[];
  /** At most this many. */
  limit: number;
  fence: Fence | null;
  claimer: string;
  inDoubtMs: number;
}

/** A recipient taken by a batch claim: their row's Message-ID (if one was chosen before) and attempts. */
export interface ClaimedRecipient {
  recipient: string;
  messageId: string | null;
  attempts: number;
}

export type BatchClaimResult =
  { ok: true; claimed: ClaimedRecipient[] } | { ok: false; reason: 'fenced'; detail: string };

/** A delivery in progress that other workers may help with (published by the list lock's holder). */
export interface OpenDelivery {
  digestId: string;
  listId: string;
  /** The list lock's holder who opened it, and the lock's generation then (its tenure). */
  holder: string;
  generation: number;
  openedAt: string;
}

// ---- stancewatch serve (web) records: browser lists, their subscribers, preferences, archive, sessions ----

/** A subscriber list created in the browser (lists in the config file stay authoritative and are not here). */
export interface WebList {
  id: string;
  name: string;
  filters: { actors: string[]; topics: string[]; kinds: string[] };
  format: 'html+text' | 'text';
  timeZone: string;
  schedule: string | null;
  sendEmpty: boolean;
  /** Whether the list's digests can be read at /archive/<digestId> without logging in. */
  archive: 'public' | 'private';
  /** Whether the public subscribe form (double opt-in) is open. */
  signup: boolean;
  createdAt: string;
  updatedAt: string;
}

/** `pending` until the address confirmed a double opt-in; only `confirmed` subscribers receive digests. */
export type SubscriberStatus = 'pending' | 'confirmed';

/** A subscriber kept in the store (of a browser list, or signed up through the form to any list). */
export interface WebSubscriber {
  listId: string;
  /** Lower-cased. */
  email: string;
  name: string | null;
  status: SubscriberStatus;
  createdAt: string;
  confirmedAt: string | null;
}

/** What one subscriber wants from one list; empty actors/topics = everything the list covers. */
export interface Preferences {
  listId: string;
  email: string;
  actors: string[];
  topics: string[];
  frequency: 'every' | 'weekly';
  updatedAt: string;
}

/** A sent digest as rendered, for its permalink /archive/<digestId>. */
export interface ArchivedDigest {
  digestId: string;
  listId: string;
  subject: string;
  html: string | null;
  text: string;
  createdAt: string;
}

/** An admin login; only a hash of the cookie's session id is stored. */
export interface AdminSession {
  idHash: string;
  user: string;
  createdAt: string;
  expiresAt: string;
}

export interface WebStore {
  listWebLists(): Promise<WebList[]>;
  getWebList(id: string): Promise<WebList | null>;
  /** Creates or replaces the list (keeps its createdAt). */
  saveWebList(list: Omit<WebList, 'createdAt' | 'updatedAt'>): Promise<WebList>;
  /** Deletes the list with its stored subscribers and preferences; false when there was none. */
  deleteWebList(id: string): Promise<boolean>;

  listSubscribers(listId: string, filter?: { status?: SubscriberStatus }): Promise<WebSubscriber[]>;
  /**
   * Adds a subscriber, or updates the name of one already there. A confirmed subscriber stays confirmed
   * (a second sign-up cannot demote it); a pending one becomes confirmed when `status` is `confirmed`.
   */
  addSubscriber(s: {
    listId: string;
    email: string;
    name: string | null;
    status: SubscriberStatus;
  }): Promise<WebSubscriber>;
  /** Marks a pending subscriber confirmed; false when there is no such subscriber. */
  confirmSubscriber(listId: string, email: string): Promise<boolean>;
  removeSubscriber(listId: string, email: string): Promise<boolean>;
  /** Lifts a list's suppression of the address (a confirmed re-subscription); false when there was none. */
  removeSuppression(email: string, listId: string): Promise<boolean>;

  getPreferences(listId: string, email: string): Promise<Preferences | null>;
  putPreferences(p: Omit<Preferences, 'updatedAt'>): Promise<Preferences>;
  listPreferences(listId: string): Promise<Preferences[]>;

  /** Keeps the first copy of a digest (the same digest id is the same content). */
  archiveDigest(d: Omit<ArchivedDigest, 'createdAt'>): Promise<void>;
  getArchivedDigest(digestId: string): Promise<ArchivedDigest | null>;
  /** Newest first. */
  listArchivedDigests(listId: string, options?: { limit?: number }): Promise<ArchivedDigest[]>;

  createSession(s: AdminSession): Promise<void>;
  /** The session, or null when unknown or expired. */
  getSession(idHash: string): Promise<AdminSession | null>;
  deleteSession(idHash: string): Promise<void>;
}
// ---- end of web records ----

export interface Store extends WebStore {
  readonly name: string;

  /**
   * Stores one parsed article with its extraction in a single transaction.
   * - same content hash as any current article: `unchanged`, nothing written;
   * - same file+entry or same URL as a current article with other content: `updated`, a new version,
   *   the earlier version's positions retired;
   * - otherwise `new`.
   */
  saveArticle(
    article: ParsedArticle,
    extraction: { attributions: Attribution[]; positions: Position[] },
  ): Promise<SaveResult>;
  /**
   * Articles (never their bodies), in publication order. `ids`: only these; `newest: n`: only the n most
   * recently stored.
   */
  listArticles(options?: {
    includeRetired?: boolean;
    ids?: readonly number[];
    newest?: number;
    /** Only articles that gave no position (a digest names them), stored after `storedAfter` if set. */
    silent?: boolean;
    storedAfter?: string | null;
  }): Promise<StoredArticle[]>;
  /**
   * What `saveArticle` would answer `unchanged` for, found without writing: lets the ingest skip
   * extraction for content it already holds. null when the article would be new or updated.
   */
  findSameContent(
    article: Pick<ParsedArticle, 'contentHash' | 'file' | 'entry' | 'url'>,
  ): Promise<SaveResult | null>;
  getArticle(id: number): Promise<StoredArticle | null>;
  listPositions(filter?: PositionFilter): Promise<StoredPosition[]>;
  /**
   * The same positions as listPositions, in pages of at most `pageSize` (default 2,000) in storage
   * order, so a reader over a large corpus holds one page at a time.
   */
  pagePositions(filter?: PositionFilter & { pageSize?: number }): AsyncIterable<StoredPosition[]>;

  startRun(run: {
    kind: RunRecord['kind'];
    listId?: string | null;
    scheduledFor?: string | null;
    /** Who runs it; with `ttlMs`, the run is alive until now+ttlMs and must be renewed (renewRun). */
    holder?: string | null;
    ttlMs?: number;
  }): Promise<number>;
  /** Keeps a running run alive until now+ttlMs (its process is still at work). */
  renewRun(id: number, ttlMs: number): Promise<void>;
  /**
   * Marks `abandoned` every `running` run whose process stopped renewing it (aliveUntil passed, or
   * never set: a run from before runs were renewed); returns the runs it marked.
   */
  abandonStaleRuns(reason: string): Promise<RunRecord[]>;
  finishRun(
    id: number,
    result: { status: Exclude<RunStatus, 'running'>; counts?: Record<string, number>; error?: string | null },
  ): Promise<void>;
  listRuns(filter?: {
    listId?: string;
    kind?: RunRecord['kind'];
    status?: RunStatus;
    limit?: number;
  }): Promise<RunRecord[]>;

  getDelivery(digestId: string, recipient: string): Promise<DeliveryRecord | null>;
  /** Inserts or updates the record for (digestId, recipient); `attempts` is incremented when status is `failed` or `sent`. */
  recordDelivery(record: Omit<DeliveryRecord, 'attempts' | 'updatedAt'>): Promise<DeliveryRecord>;
  /**
   * Records many (digest, recipient) rows in ONE transaction, leaving any row that already exists as it
   * is; returns how many were new. Optional: without it, callers record them one by one.
   */
  recordNewDeliveries?(records: Array<Omit<DeliveryRecord, 'attempts' | 'updatedAt'>>): Promise<number>;
  listDeliveries(filter?: {
    listId?: string;
    digestId?: string;
    status?: DeliveryStatus;
  }): Promise<DeliveryRecord[]>;
  /**
   * Claims (digest, recipient) for one send, in ONE transaction that first checks the fence (the lease is
   * still held by `fence.holder` at `fence.generation`), then the recipient's row (not sent, not claimed
   * by another sender whose message may still be in flight); writes it `pending` with the claim.
   */
  claimDelivery(claim: DeliveryClaim): Promise<ClaimResult>;
  /**
   * Claims up to `limit` of the digest's rows that nobody has touched yet (pending, never claimed, no
   * outbox file), among `recipients` and in their order, under the fence in ONE transaction. Rows another
   * sender is claiming at the same moment are skipped, not waited for (PostgreSQL: FOR UPDATE SKIP
   * LOCKED), so two senders take disjoint batches. An empty batch: nothing left to take.
   */
  claimDeliveries(batch: BatchClaim): Promise<BatchClaimResult>;
  /** Gives back claims never used (a batch left when the run halted): pending rows still claimed by `claimer`. */
  releaseClaims(digestId: string, recipients: string[], claimer: string): Promise<number>;
  /**
   * Publishes that `holder` (the list lock's holder, at the lock's `generation`) is delivering this
   * digest: helpers may join. Replaces whatever was open for the list (left by a process that died).
   */
  openDelivery(d: { digestId: string; listId: string; holder: string; generation: number }): Promise<void>;
  /** Withdraws it (only the holder's own). */
  closeDelivery(digestId: string, holder: string): Promise<void>;
  /** The open deliveries, oldest first. */
  listOpenDeliveries(): Promise<OpenDelivery[]>;
  /**
   * Records the outcome of a claimed send. `sent` is always recorded (the message left); `failed` and `bounced` only
   * while the row is not sent and still claimed by `claimer` (a later sender's result wins). Returns
   * whether the row was written.
   */
  finishDelivery(
    record: Omit<DeliveryRecord, 'attempts' | 'updatedAt' | 'listId' | 'coveredUntil'> & {
      status: 'sent' | 'failed' | 'bounced';
    },
    claimer: string,
  ): Promise<boolean>;
  /** The newest `coveredUntil` among the list's sent deliveries: where its next scheduled digest starts. */
  lastDeliveredUntil(listId: string): Promise<string | null>;

  addSuppression(s: { email: string; listId: string | null; reason: string }): Promise<void>;
  isSuppressed(email: string, listId: string): Promise<boolean>;
  listSuppressions(): Promise<SuppressionRecord[]>;

  getSourceState(sourceId: string): Promise<SourceState | null>;
  putSourceState(state: SourceState): Promise<void>;

  /** Takes or renews the named lease for `holder` until now+ttlMs; false while another holder's lease is unexpired. */
  acquireLease(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Like acquireLease, returning the fence (with the lease's generation) to check later, or null. */
  takeLease(name: string, holder: string, ttlMs: number): Promise<Fence | null>;
  releaseLease(name: string, holder: string): Promise<void>;
  getLease(name: string): Promise<Lease | null>;

  // ---- Review desk: analyst overrides on positions (issue 12). Ported to every adapter; contract in
  // tests/store/contract-review.ts. ----
  /** One stored position by id (current or retired), or null. */
  getPosition(id: number): Promise<StoredPosition | null>;
  /** Appends an override (the history is kept); the newest per key is the one in force. `at` is the store's clock. */
  addOverride(override: Omit<ReviewOverride, 'id' | 'at'>): Promise<ReviewOverride>;
  /** The override in force for every key (the newest recorded), in key order. */
  listOverrides(): Promise<ReviewOverride[]>;
  /** Every override recorded for one key, oldest first. */
  overrideHistory(key: string): Promise<ReviewOverride[]>;
  // ---- end of review desk ----

  close(): Promise<void>;
}

export type { Polarity, Reported, ReviewOverride };
