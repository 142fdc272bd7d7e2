// Domain types shared by every stage of the pipeline (ingest → extract → store → compare → digest → deliver).
// Pure data only: no behaviour lives here.

/** How precise a publication date is: `2024-01-26` (day), `2024-01` (month), `2024` (year) or unknown. */
export type DatePrecision = 'day' | 'month' | 'year' | 'unknown';

/** A stretch of the article file's text; offsets are UTF-16 indexes into the file as read, end exclusive. */
export interface Span {
  start: number;
  end: number;
  text: string;
  /** Set when the span is cut by an inserted cue (`"…," he said, "…"`): its pieces, in order. */
  fragments?: Array<{ start: number; end: number }>;
}

/**
 * Maps positions in an article body back to the file it came from.
 * Each segment says: body[body, body+length) was read from file[file, file+length).
 * Text the parser inserted (paragraph breaks, decoded entities) lies between segments.
 */
export interface OffsetSegment {
  body: number;
  file: number;
  length: number;
}

export type ArticleFormat = 'txt' | 'md' | 'html' | 'json';

/** An article as parsed from one file (or one entry of a JSON array, or one feed item), before storage. */
export interface ParsedArticle {
  /** Path of the file as given (or the feed item URL for fetched pages). */
  file: string;
  /** Index of the entry in a JSON array file; 0 otherwise. */
  entry: number;
  format: ArticleFormat;
  url: string | null;
  title: string | null;
  /** The headline as written in the file and where it starts, when it is a line of the file (text and
   * markdown); its attributions are reported too ("Senator urges …"). */
  headline?: { start: number; text: string } | null;
  source: string | null;
  byline: string | null;
  /** `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; null when precision is `unknown` and no fallback was allowed. */
  published: string | null;
  datePrecision: DatePrecision;
  /** The article text as analysed, page furniture removed. Paragraphs separated by a blank line. */
  body: string;
  offsets: OffsetSegment[];
  /** sha256 of the normalized body: the identity of the content for dedup. */
  contentHash: string;
  /** Non-fatal findings worth telling the user ("no publication date found; using file time"). */
  warnings: string[];
}

export type AttributionKind = 'direct' | 'indirect' | 'mixed';
/** How a position reached the article: quoted, reported, relayed by another speaker ("X said Washington
 * now wants …"), or alleged by unnamed sources. */
export type Reported = 'direct' | 'indirect' | 'relayed' | 'alleged';
export type Polarity = 'supports' | 'opposes' | 'conditional' | 'neutral';

/** Who is speaking, resolved as far as the article allows. */
export interface Speaker {
  /** The name or description as best resolved ("Marcin Przydacz", "U.S. officials", "the Kremlin"). */
  name: string;
  /** Watchlist actor id, or null when the speaker is not attached to any watched actor. */
  actor: string | null;
  /** Role or affiliation stated in the article ("a top foreign policy aide to the Polish president"). */
  role: string | null;
}

export interface Attribution {
  source: Span | null;
  cue: Span | null;
  content: Span;
  kind: AttributionKind;
  reported: Reported;
  speaker: Speaker | null;
  /** The sentence(s) holding the attribution: the evidence shown to readers. */
  sentence: Span;
}

export interface Position {
  actor: string;
  speaker: string;
  role: string | null;
  topic: string;
  polarity: Polarity;
  /** One readable line stating the position, built from the content. */
  claim: string;
  evidence: Span;
  reported: Reported;
  /** Who relayed a `relayed` position ("Volodymyr Zelensky"); null otherwise. */
  relayer: string | null;
  /**
   * How sure the extractor is of this position, 0–1, from how it was found: a named speaker's direct
   * quote with an explicit stance word ranks above reported speech, relayed positions, deeds and
   * headlines.
   */
  confidence: number;
  /** Which extraction pass found it ("quote", "reported-speech", "deed", "headline", …). */
  via: string;
}

export interface Extraction {
  attributions: Attribution[];
  positions: Position[];
}

export type ChangeKind = 'reversed' | 'shifted' | 'hardened' | 'softened' | 'unchanged' | 'new' | 'dropped';

/** One side (then / now) of a change: what was said, by whom, when, where. */
export interface ChangeSide {
  polarity: Polarity;
  /** True when statements merged into this side disagree (shown as mixed, never as a confident reversal). */
  mixed: boolean;
  published: string | null;
  datePrecision: DatePrecision;
  claim: string;
  speaker: string;
  evidence: string;
  reported: Reported;
  relayer: string | null;
  /** The confidence of the best statement behind this side's stance (a side is as solid as its best evidence). */
  confidence: number;
  articleId: number;
  file: string | null;
  url: string | null;
  title: string | null;
  source: string | null;
}

/** One dated point of a pair's path: the statements of one publication date merged into one side. */
export interface TimelinePoint extends ChangeSide {
  /** How many articles back this point's stance. */
  sources: number;
  /** Those articles' ids (the point's own `articleId` is the one quoted). */
  articleIds: number[];
}

export interface Change {
  actor: string;
  topic: string;
  kind: ChangeKind;
  before: ChangeSide | null;
  after: ChangeSide;
  /** The lower confidence of the two ends (the after side's alone for a new pair). */
  confidence: number;
  /**
   * Every dated point from the first statement to the latest, oldest first (the statements that decided
   * the pair: its solid ones, or all when none is solid). The first is `before`, the last `after`.
   */
  timeline: TimelinePoint[];
}

/** A digest rendered for one subscriber list: what deliver sends to each recipient. */
export interface RenderedDigest {
  /**
   * Stable identity of this digest (list id + window + content hash). Deliveries are keyed on
   * (id, recipient), so re-running the same digest never sends a recipient a second copy.
   */
  id: string;
  listId: string;
  subject: string;
  text: string;
  /** null for text-only lists. */
  html: string | null;
  /** Newest stored-at of the articles this digest covers: the list's high-water mark once sent. */
  coveredUntil: string | null;
  changeCount: number;
  /** True when nothing changed (sent only when the list has sendEmpty). */
  empty: boolean;
}

/**
 * Per-recipient placeholder in a rendered digest's text and HTML, replaced at delivery by that
 * recipient's unsubscribe link (the mailto, or the signed https link when publicUrl is configured).
 */
export const UNSUBSCRIBE_PLACEHOLDER = '%%UNSUBSCRIBE_URL%%';
