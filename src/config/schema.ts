// The config file's schema (stancewatch.config.yaml). Each schema shares its name with its type.
// Every field has a default, so an absent file means "the embedded defaults": ingest feeds/, the
// bundled watchlist, SQLite in data/, and a sample list delivered to the file outbox.
import { validate as validateCron } from 'node-cron';
import { z } from 'zod';

export const Id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected an id of lowercase letters, digits, "-" or "_"');
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
/** Names an environment variable; secrets never live in the config file itself. */
const EnvName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name like SMTP_PASSWORD');

/**
 * A line of text that ends up in a mail header (a name, the sender): a CR or LF would start a header or
 * an address of the writer's choosing, and other control characters have no business there either.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const HeaderText = z.string().refine((v) => !CONTROL.test(v), {
  message: 'expected text without line breaks or other control characters',
});

/** Hosts for which a plain http publicUrl is fine: the link never leaves the machine. */
const isLoopbackHost = (host: string) =>
  host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '[::1]';

export const CronExpression = z.string().refine((v) => validateCron(v), {
  message: 'expected a cron expression like "0 7 * * 1-5" (5 fields, or 6 with seconds)',
});

export const TimeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected an IANA time zone like "Europe/Berlin" or "UTC"' },
);

export const FolderSource = z.strictObject({
  type: z.literal('folder'),
  id: Id.optional(),
  /** Folder (searched recursively) or single file, relative to the config file. */
  path: z.string().min(1),
});
export type FolderSource = z.infer<typeof FolderSource>;

export const FeedSource = z.strictObject({
  type: z.literal('feed'),
  id: Id,
  /** RSS 2.0, Atom or JSON Feed URL (http or https). */
  url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
  /** Fetch the article page when an item carries only a summary. @default true */
  fetchPages: z.boolean().default(true),
  timeoutMs: z.number().int().positive().default(15_000),
  maxBytes: z
    .number()
    .int()
    .positive()
    .default(5 * 1024 * 1024),
  maxRedirects: z.number().int().min(0).max(10).default(3),
  /**
   * Let this source's item links (and their redirects) reach loopback, link-local, private and
   * unique-local addresses. The configured feed URL itself is always fetched. @default false
   */
  allowPrivateNetwork: z.boolean().default(false),
});
export type FeedSource = z.infer<typeof FeedSource>;

export const Source = z.discriminatedUnion('type', [FolderSource, FeedSource]);
export type Source = z.infer<typeof Source>;

export const StoreConfig = z.discriminatedUnion('driver', [
  z.strictObject({ driver: z.literal('sqlite'), path: z.string().min(1).default('data/stancewatch.db') }),
  z.strictObject({ driver: z.literal('postgres'), urlEnv: EnvName.default('DATABASE_URL') }),
]);
export type StoreConfig = z.infer<typeof StoreConfig>;

export const SmtpConfig = z.strictObject({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(587),
  /** Implicit TLS (port 465). With false, STARTTLS is used when the server offers it. @default false */
  secure: z.boolean().default(false),
  requireTLS: z.boolean().default(false),
  user: z.string().optional(),
  /** Environment variable holding the SMTP password. @default "SMTP_PASSWORD" */
  passwordEnv: EnvName.default('SMTP_PASSWORD'),
  pool: z.boolean().default(true),
  maxConnections: z.number().int().positive().default(2),
  /**
   * At most this many messages start per second (pooled or not); `false` turns the limit off (a local
   * relay, a benchmark). @default 5
   */
  rateLimitPerSecond: z.union([z.number().positive(), z.literal(false)]).default(5),
  /**
   * Send the password (AUTH) over a connection without TLS. Without it, a configured `user` makes
   * STARTTLS required, and a server that does not offer it is refused with a message. @default false
   */
  allowInsecureAuth: z.boolean().default(false),
  /** Accept self-signed certificates (test servers only). @default false */
  allowSelfSigned: z.boolean().default(false),
  /** How long to wait for the TCP (and TLS) connection. @default 8000 */
  connectionTimeoutMs: z.number().int().positive().default(8_000),
  /** How long to wait for the server's greeting after connecting. @default 10000 */
  greetingTimeoutMs: z.number().int().positive().default(10_000),
  /** How long the connection may stay idle mid-conversation (e.g. waiting for the reply to DATA). @default 30000 */
  socketTimeoutMs: z.number().int().positive().default(30_000),
  /**
   * After this many consecutive connection failures or timeouts, stop trying the server for this run;
   * the remaining recipients stay pending for the next run. @default 3
   */
  circuitBreakerFailures: z.number().int().positive().default(3),
});
export type SmtpConfig = z.infer<typeof SmtpConfig>;

/** DKIM signing of every message: the key from a file or an environment variable, never inline. */
export const DkimConfig = z
  .strictObject({
    /** The signing domain (d=), normally the From address's domain. */
    domainName: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'expected a domain name like news.example.org'),
    /** The selector (s=): the public key is published at `<selector>._domainkey.<domain>`. */
    keySelector: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/i, 'expected a DNS label like "sw2026"'),
    /** PEM private key file, relative to the config file. */
    privateKeyFile: z.string().min(1).optional(),
    /** Environment variable holding the PEM private key. */
    privateKeyEnv: EnvName.optional(),
  })
  .refine((d) => (d.privateKeyFile === undefined) !== (d.privateKeyEnv === undefined), {
    message: 'expected exactly one of privateKeyFile or privateKeyEnv',
  });
export type DkimConfig = z.infer<typeof DkimConfig>;

export const MailConfig = z.strictObject({
  from: HeaderText.pipe(z.string().min(3)).default('stancewatch <digest@stancewatch.invalid>'),
  /** Where replies go (a Reply-To header), e.g. the desk's address. */
  replyTo: z.email().optional(),
  /** DKIM-sign every message (SMTP and outbox). */
  dkim: DkimConfig.optional(),
  /** When absent, messages go to the file outbox instead. */
  smtp: SmtpConfig.optional(),
  /** Folder for the file outbox (`outbox/<list>/<timestamp>/<recipient>.eml`). @default "outbox" */
  outbox: z.string().min(1).default('outbox'),
  /**
   * Public base URL of the unsubscribe endpoint; enables the signed One-Click List-Unsubscribe link.
   * Must be https (RFC 8058), except for a loopback host (local testing).
   */
  publicUrl: z
    .url({ protocol: /^https?$/ })
    .refine((u) => u.startsWith('https:') || isLoopbackHost(new URL(u).hostname), {
      message: 'expected an https URL (One-Click unsubscribe needs https; http only for localhost/127.0.0.1)',
    })
    .optional(),
  /** Address for mailto: unsubscribes. @default the From address */
  unsubscribeMailto: z.email().optional(),
  /** Environment variable with the HMAC secret that signs unsubscribe tokens. */
  unsubscribeSecretEnv: EnvName.default('STANCEWATCH_UNSUBSCRIBE_SECRET'),
  retry: z
    .strictObject({
      maxAttempts: z.number().int().positive().default(5),
      /** First retry delay; doubled on each further failure. @default 15 */
      backoffMinutes: z.number().positive().default(15),
    })
    .default({ maxAttempts: 5, backoffMinutes: 15 }),
  /**
   * A permanent refusal of an address (5xx at RCPT TO) is a hard bounce, never retried; after this many
   * hard bounces (across digests) the address is suppressed on every list. @default 3
   */
  suppressAfterBounces: z.number().int().positive().default(3),
});
export type MailConfig = z.infer<typeof MailConfig>;

export const ChangeKindName = z.enum([
  'reversed',
  'shifted',
  'hardened',
  'softened',
  'unchanged',
  'new',
  'dropped',
]);

export const Subscriber = z.union([
  z.email({ error: 'expected an email address' }),
  z.strictObject({ email: z.email({ error: 'expected an email address' }), name: HeaderText.optional() }),
]);
export type Subscriber = z.infer<typeof Subscriber>;

export const ListFilters = z.strictObject({
  /** Actor ids from the watchlist; empty = all. */
  actors: z.array(z.string()).default([]),
  /** Topic ids from the watchlist; empty = all. */
  topics: z.array(z.string()).default([]),
  /** Change kinds to include. @default every kind */
  kinds: z.array(ChangeKindName).default([...ChangeKindName.options]),
});
export type ListFilters = z.infer<typeof ListFilters>;

/** A length of time: a number and a unit, days (d), weeks (w), months (m) or years (y): "30d", "6w", "3m". */
export const Period = z
  .string()
  .regex(
    /^[1-9]\d{0,3}[dwmy]$/,
    'expected a period like "30d", "6w", "3m" or "1y" (days, weeks, months, years)',
  );
export type Period = z.infer<typeof Period>;

/** How a digest's cards are grouped into sections. */
export const GroupBy = z.enum(['kind', 'actor', 'topic']);
export type GroupBy = z.infer<typeof GroupBy>;

export const SubscriberList = z.strictObject({
  id: Id,
  name: HeaderText.pipe(z.string().min(1)),
  subscribers: z.array(Subscriber).default([]),
  /** CSV file with an `email` column and an optional `name` column, relative to the config file. */
  subscribersFile: z.string().optional(),
  filters: ListFilters.default({ actors: [], topics: [], kinds: [...ChangeKindName.options] }),
  format: z.enum(['html+text', 'text']).default('html+text'),
  timeZone: TimeZone.default('UTC'),
  /** Cron expression for the worker's digest schedule, in `timeZone`. */
  schedule: CronExpression.optional(),
  /** Send a digest even when nothing changed. @default false */
  sendEmpty: z.boolean().default(false),
  /**
   * `required`: the scheduled digest waits until an analyst has confirmed (or corrected) every position
   * behind its changes (`stancewatch review`, or the review desk). @default "off"
   */
  review: z.enum(['off', 'required']).default('off'),
  /**
   * With `review: required`, how long a scheduled digest waits for review after its scheduled time;
   * then it goes out with only the confirmed changes (the unconfirmed ones are left out). @default 24
   */
  reviewDeadlineHours: z.number().positive().default(24),
  /**
   * Who may read the list's sent digests at `<publicUrl>/archive/<digestId>` (`stancewatch serve`):
   * `public` = anyone with the link, `private` = logged-in admins only. @default "private"
   */
  archive: z.enum(['public', 'private']).default('private'),
  /** Open the public sign-up form (double opt-in: only confirmed addresses receive digests). @default false */
  signup: z.boolean().default(false),
  /**
   * A change reaches the subject line and the "Changed" section only when both its ends are at least this
   * sure (0–1); weaker ones go to "Possible changes — check the evidence". @default 0.6
   */
  minConfidence: z.number().min(0).max(1).default(0.6),
  /** Sections by change kind, or one section per actor or per topic. @default "kind" */
  groupBy: GroupBy.default('kind'),
  /** Cards shown per section; the rest are counted ("and N more", linking to the web archive). @default 10 */
  maxPerSection: z.number().int().min(1).max(200).default(10),
  /**
   * What counts as a new voice in a one-off digest (`run`, `preview`): a pair first stated within this
   * period before now. A scheduled digest uses the time since the list's previous digest. @default "30d"
   */
  newWithin: Period.default('30d'),
});
export type SubscriberList = z.infer<typeof SubscriberList>;

export const IngestConfig = z.strictObject({
  /** Files larger than this are skipped. @default 5 MiB */
  maxFileBytes: z
    .number()
    .int()
    .positive()
    .default(5 * 1024 * 1024),
  /** Worker ingest schedule. @default every 15 minutes */
  schedule: CronExpression.default('*/15 * * * *'),
  /**
   * Threads that extract positions during an ingest, while the main thread reads and stores; 0 extracts
   * in the process itself. @default min(2, the machine's cores)
   */
  extractThreads: z.number().int().min(0).max(32).optional(),
});

export const WorkerConfig = z.strictObject({
  /** How long the runner lease lasts without renewal. @default 60 */
  leaseSeconds: z.number().int().min(2).default(60),
  /** How long a shutdown waits for the current delivery. @default 30 */
  shutdownGraceSeconds: z.number().int().min(1).default(30),
  /**
   * How long `run` (or a worker's digest) waits for another process that holds the same list's lock
   * before giving up on that list with a message. @default 600
   */
  lockWaitSeconds: z.number().int().min(0).default(600),
  /**
   * How often the worker checks whether a digest held for review (`review: required`) may go out now.
   * @default every minute
   */
  reviewCheck: CronExpression.default('* * * * *'),
});

export const Config = z.strictObject({
  /** Changes are computed from positions dated on or after this day. @default "2024-01-01" */
  baseline: IsoDate.default('2024-01-01'),
  sources: z.array(Source).default([{ type: 'folder', path: 'feeds' }]),
  /** Watchlist file (YAML or JSON); the bundled one when absent. */
  watchlist: z.string().optional(),
  ingest: IngestConfig.default({ maxFileBytes: 5 * 1024 * 1024, schedule: '*/15 * * * *' }),
  store: StoreConfig.default({ driver: 'sqlite', path: 'data/stancewatch.db' }),
  mail: MailConfig.default({
    from: 'stancewatch <digest@stancewatch.invalid>',
    outbox: 'outbox',
    unsubscribeSecretEnv: 'STANCEWATCH_UNSUBSCRIBE_SECRET',
    retry: { maxAttempts: 5, backoffMinutes: 15 },
    suppressAfterBounces: 3,
  }),
  lists: z.array(SubscriberList).default([
    {
      id: 'sample',
      name: 'Sample digest',
      subscribers: ['analyst@example.com'],
      filters: { actors: [], topics: [], kinds: [...ChangeKindName.options] },
      format: 'html+text',
      timeZone: 'UTC',
      sendEmpty: true,
      review: 'off',
      reviewDeadlineHours: 24,
      archive: 'private',
      signup: false,
      minConfidence: 0.6,
      groupBy: 'kind',
      maxPerSection: 10,
      newWithin: '30d',
    },
  ]),
  worker: WorkerConfig.default({
    leaseSeconds: 60,
    shutdownGraceSeconds: 30,
    lockWaitSeconds: 600,
    reviewCheck: '* * * * *',
  }),
});
export type Config = z.infer<typeof Config>;
