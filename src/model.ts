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
  /**
   * Which extraction pass found it ("quote", "reported-speech", "deed", "headline", …), with
   * `ARTICLE_TOPIC_VIA` appended when the statement named no topic and was read as about the
   * article's one topic, and `GUESSED_VIA` when no stance word was read and the polarity is the
   * default guess.
   */
  via: string;
}

/**
 * The confidence of a stance read by default: an actor speaks of a topic and no stance word says which
 * way. News mostly reports actors advancing what they talk about, so such a statement reads as support,
 * but only at this level, which compare never lets move a pair and the digest never shows. (A worded
 * reading as weak, hearsay from an unnamed source found by reference, is treated the same.)
 */
export const GUESSED_CONFIDENCE = 0.3;
/** Appended to a guessed position's `via` ("reported+guessed"): the pass found it, no word gave its stance. */
export const GUESSED_VIA = '+guessed';
export const isGuessed = (p: { via: string }): boolean => p.via.endsWith(GUESSED_VIA);
/**
 * Appended to the `via` of a statement that named no topic, read as about the one topic its article
 * is about ("reported+article-topic"): never solid.
 */
export const ARTICLE_TOPIC_VIA = '+article-topic';
export const fromArticleTopic = (p: { via: string }): boolean => p.via.includes(ARTICLE_TOPIC_VIA);

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
  /** The stored ids of the statements merged into this side (what an analyst reviews behind it). */
  positionIds?: number[];
  /**
   * Set when an analyst reviewed every statement behind this side: `corrected` when any of them was
   * corrected, `confirmed` otherwise; absent or null while one of them is unreviewed.
   */
  review?: ReviewVerdict | null;
}

/** One dated point of a pair's path: the statements of one publication date merged into one side. */
export interface TimelinePoint extends ChangeSide {
  /** How many articles back this point's stance. */
  sources: number;
  /** Those articles' ids (the point's own `articleId` is the one quoted). */
  articleIds: number[];
}

/** A timeline point as a change's side (without its article list). */
export const sideOnly = ({ sources: _s, articleIds: _a, ...side }: TimelinePoint): ChangeSide => side;

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

/**
 * An analyst's verdict on one extracted position: confirmed as read, corrected (polarity, actor or
 * topic), or rejected (not a position at all).
 */
export type ReviewVerdict = 'confirmed' | 'corrected' | 'rejected';

/**
 * An analyst's override of one extracted position, as recorded (each change appends one; the newest for
 * a key is in force). It is keyed on what stays the same when the same article is ingested again: the
 * article's lineage (URL, or file and entry), the actor and topic as extracted, and the evidence text,
 * never on stored ids or offsets (a new version of the article gets new ids and may move the sentence).
 */
export interface ReviewOverride {
  id: number;
  /** Hash of the position's identity (see positionKey in src/compare/overrides.ts). */
  key: string;
  /** The article lineage the position came from (URL, or `file#entry`). */
  articleKey: string;
  /** The evidence text reviewed (whitespace normalised). */
  evidence: string;
  /** Actor, topic and polarity as the extractor read them when the analyst reviewed the position. */
  actor: string;
  topic: string;
  extractedPolarity: Polarity;
  verdict: ReviewVerdict;
  /** Corrections in force (null = as extracted). */
  polarity: Polarity | null;
  correctedActor: string | null;
  correctedTopic: string | null;
  /** Who reviewed it (the analyst's name) and when (ISO). */
  by: string;
  at: string;
  note: string | null;
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

/**
 * Per-recipient placeholder for the signed link to their preferences page (`stancewatch serve`), replaced
 * at delivery; only rendered when the config has a publicUrl for it to point to.
 */
export const PREFERENCES_PLACEHOLDER = '%%PREFERENCES_URL%%';

/**
 * The permalink of a sent digest: `<publicUrl>/archive/<digestId>`, answered by `stancewatch serve`
 * ("view in browser" and "and N more" links in a digest point here).
 */
export function archiveUrl(publicUrl: string, digestId: string): string {
  return new URL(
    `archive/${encodeURIComponent(digestId)}`,
    publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`,
  ).toString();
}
