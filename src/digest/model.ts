// The digest model (pure): one subscriber list's view of the changes — its filters and window applied,
// trust first (only changes solid at both ends reach the subject and "Changed"), one card per sentence,
// each with the one line saying why it is a change and its dated path, grouped and capped into
// sections, with a summary line that doubles as the inbox preheader.
import { createHash } from 'node:crypto';
import type { GroupBy, Period, SubscriberList } from '../config/schema.js';
import type { StanceLabels, Watchlist } from '../config/watchlist.js';
import {
  GUESSED_CONFIDENCE,
  sideOnly,
  type Change,
  type ChangeKind,
  type ChangeSide,
  type Polarity,
  type TimelinePoint,
} from '../model.js';
import type { StoredArticle } from '../store/types.js';
import {
  cleanOutlet,
  compressTimeline,
  periodStart,
  reportedPhrase,
  statedSince,
  whyLine,
  type TimelineView,
} from './evidence.js';
import { formatDate, kindLabel, polarityLabel } from './helpers.js';

/** A change with the watchlist's names for its ids. */
export interface DigestChange extends Change {
  actorName: string;
  topicName: string;
  /** The topic's one-line definition (shown on hover and as a footnote in HTML). */
  topicDescription: string;
  /** The topic's plain words for each stance, when the watchlist gives them. */
  stanceLabels: StanceLabels | null;
}

/** A stance as shown on one side of a card: the topic's own words, prefixed by the topic on a shared card. */
export interface StanceView {
  polarity: Polarity;
  label: string;
  /** The topic's name when one card carries several topics; null otherwise. */
  topic: string | null;
}

/** One end (or one timeline point) of a card, ready to show. */
export interface SideView extends ChangeSide {
  stances: StanceView[];
  /** How it was reported, in words ("direct quote", "relayed, per X"). */
  how: string;
  /** Articles behind this stance (timeline points only; 1 for an end). */
  sources: number;
}

/** One card: one actor, one sentence (or dated path), one or more topics that sentence gave. */
export interface DigestCard {
  actor: string;
  actorName: string;
  kind: ChangeKind;
  /** Below the list's minConfidence: shown under "Possible changes" and never in the subject. */
  tentative: boolean;
  badge: string;
  /** "Estonia on Peace talks and Sanctions on Russia". */
  title: string;
  topics: Array<{ id: string; name: string; description: string }>;
  why: string;
  confidence: number;
  before: SideView | null;
  after: SideView;
  /**
   * The dated points between then and now, oldest first (shortened when long); null when the path is
   * just its two ends. Then, these and now are every dated point of the pair.
   */
  between:
    (Omit<TimelineView, 'points' | 'tail'> & { label: string; points: SideView[]; tail: SideView[] }) | null;
  changes: DigestChange[];
}

export interface DigestSection {
  id: string;
  title: string;
  /** One line under the title ("not solid at both ends: read the quotes before acting"). */
  note: string | null;
  cards: DigestCard[];
  /** Cards left out by the cap. */
  more: number;
  /** Cards in the section, shown or not. */
  total: number;
  /** Where the full digest is (the web archive), when `publicUrl` is set. */
  moreUrl: string | null;
}

export interface DigestArticle {
  id: number;
  title: string;
  source: string | null;
  published: string | null;
  datePrecision: StoredArticle['datePrecision'];
  url: string | null;
  /** The file it was read from: what the digest names when there is neither URL nor title. */
  file: string;
}

export interface DigestModel {
  id: string;
  listId: string;
  listName: string;
  timeZone: string;
  since: string;
  storedAfter: string | null;
  generatedAt: string;
  subject: string;
  /** Counts and the top three changes: the first line of both parts and the inbox preheader. */
  summary: string;
  /** New voices are pairs first stated on or after this day. */
  newSince: string;
  /** The same in words: "since the previous digest (3 December 2026)", "in the 30 days before …". */
  newWindow: string;
  groupBy: GroupBy;
  sections: DigestSection[];
  /** Reversed, shifted, hardened and softened positions solid at both ends. */
  changed: DigestCard[];
  /** The same kinds below the list's minConfidence. */
  possible: DigestCard[];
  /** Actors stating a position on a topic for the first time, within the new-voice window. */
  newVoices: DigestCard[];
  /** Positions restated without change, latest within the window. */
  restated: DigestCard[];
  /** Pairs stated only before the window (not news), left out. */
  leftOut: number;
  /** Each topic of the shown cards with its one-line definition (the HTML footnote). */
  topicNotes: Array<{ name: string; description: string }>;
  articles: DigestArticle[];
  /** The first `ARTICLES_SHOWN` of them (the cards link every article anyway) and how many more there are. */
  articlesShown: DigestArticle[];
  articlesMore: number;
  /** How many articles the changes rest on (the shown ones and the rest). */
  articlesCount: number;
  /** Articles in the window that gave no position at all: the earliest `SILENT_SHOWN` of them. */
  silentArticles: DigestArticle[];
  /** How many gave no position, and how many of those the list leaves out. */
  silentCount: number;
  silentMore: number;
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
  /** The new-voice window of a one-off digest; overrides the list's `newWithin`. */
  newWithin?: Period;
  /** `mail.publicUrl`: "and N more" links to `<publicUrl>/archive/<digestId>`. */
  publicUrl?: string | null;
}

const CHANGED_KINDS = new Set<ChangeKind>(['reversed', 'shifted', 'hardened', 'softened']);
const KIND_NOUNS: Record<ChangeKind, string> = {
  reversed: 'reversal',
  shifted: 'shift',
  hardened: 'hardening',
  softened: 'softening',
  unchanged: 'restatement',
  new: 'new voice',
  dropped: 'drop',
};

/** The web archive page of one digest (built by the web server): `<publicUrl>/archive/<digestId>`. */
export function archiveUrl(publicUrl: string | null | undefined, id: string): string | null {
  return publicUrl ? `${publicUrl.replace(/\/+$/, '')}/archive/${encodeURIComponent(id)}` : null;
}

const sideKey = (s: ChangeSide | null) =>
  s ? `${s.articleId}:${s.polarity}:${s.mixed ? 1 : 0}:${s.reported}:${s.evidence}` : '-';

/** Stable identity: the same list, window and content give the same id, whenever it is built. */
export function digestId(input: {
  listId: string;
  since: string;
  storedAfter: string | null;
  changes: Change[];
}): string {
  const content = input.changes
    .map((c) => `${c.actor}|${c.topic}|${c.kind}|${sideKey(c.before)}|${sideKey(c.after)}`)
    .join('\n');
  const hash = createHash('sha256')
    .update(`${input.listId}\n${input.since}\n${input.storedAfter ?? ''}\n${content}`)
    .digest('hex');
  return `${input.listId}-${hash.slice(0, 16)}`;
}

/**
 * What a reader may see of a change: the points read from a word. A guess (a stance read by default,
 * at or below `GUESSED_CONFIDENCE`) helps compare pair statements, but is too thin to show even as a
 * possible change: a pair whose latest word is a guess is left out, and a stance that only a guess
 * "echoes" on an earlier date is shown as the new voice it is.
 */
function withoutGuesses(c: Change): Change | null {
  const read = (p: { confidence: number }) => p.confidence > GUESSED_CONFIDENCE;
  if (!read(c.after)) return null;
  if (!c.before || read(c.before)) return c;
  const timeline = c.timeline.filter(read);
  const first = timeline.length > 1 ? timeline[0] : undefined;
  const before = first ? sideOnly(first) : null;
  return {
    ...c,
    kind: before ? c.kind : 'new',
    before,
    timeline,
    confidence: Math.min(c.after.confidence, before?.confidence ?? c.after.confidence),
  };
}

function nameChanges(input: BuildDigestInput): DigestChange[] {
  const { list, watchlist } = input;
  const actorNames = new Map(watchlist.actors.map((a) => [a.id, a.name]));
  const topics = new Map(watchlist.topics.map((t) => [t.id, t]));
  const storedAt = new Map(input.articles.map((a) => [a.id, a.storedAt]));
  const f = list.filters;
  return input.changes
    .flatMap((c) => withoutGuesses(c) ?? [])
    .filter(
      (c) =>
        (f.actors.length === 0 || f.actors.includes(c.actor)) &&
        (f.topics.length === 0 || f.topics.includes(c.topic)) &&
        (f.kinds.length === 0 || f.kinds.includes(c.kind)) &&
        (!input.storedAfter || (storedAt.get(c.after.articleId) ?? '') > input.storedAfter),
    )
    .map((c) => {
      const topic = topics.get(c.topic);
      return {
        ...c,
        actorName: actorNames.get(c.actor) ?? c.actor,
        topicName: topic?.name ?? c.topic,
        topicDescription: topic?.description ?? '',
        stanceLabels: topic?.stanceLabels ?? null,
      };
    });
}

/** A side as shown: its outlet cleaned and its stance in each topic's words. */
function sideView(
  side: ChangeSide | TimelinePoint,
  changes: DigestChange[],
  pick: (c: DigestChange) => ChangeSide | null,
): SideView {
  const several = changes.length > 1;
  const stances = changes.map((c) => {
    const own = pick(c) ?? side;
    const label = polarityLabel(own.polarity, c.stanceLabels) + (own.mixed ? ' (mixed statements)' : '');
    return { polarity: own.polarity, label, topic: several ? c.topicName : null };
  });
  return {
    ...side,
    source: cleanOutlet(side.source, side.url),
    stances,
    // The relayer is already named beside the speaker ("United States, per X").
    how: side.reported === 'relayed' ? 'relayed' : reportedPhrase(side.reported, side.relayer),
    sources: 'sources' in side ? side.sources : 1,
  };
}

const pathKey = (c: Change) => c.timeline.map((p) => `${p.articleId}:${p.evidence}`).join('\n');

/** One card per sentence: an actor's changes of one kind with the very same evidence become one card. */
function toCards(changes: DigestChange[], minConfidence: number): DigestCard[] {
  const groups = new Map<string, DigestChange[]>();
  for (const c of changes) {
    const tentative = c.confidence < minConfidence;
    const key = `${c.actor}\u0000${c.kind}\u0000${tentative}\u0000${pathKey(c)}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.values()].map((group) => card(group, minConfidence));
}

function card(group: DigestChange[], minConfidence: number): DigestCard {
  const c = group[0]!;
  const confidence = Math.min(...group.map((g) => g.confidence));
  const tentative = confidence < minConfidence;
  const topics = group.map((g) => ({ id: g.topic, name: g.topicName, description: g.topicDescription }));
  // Then and now are the path's ends; the card lists what lies between them. A restatement shows its
  // latest quote only, its earlier points as lines (the quote said the same thing).
  const restated = c.kind === 'unchanged';
  const first = restated ? 0 : 1;
  const middle = c.timeline.slice(first, -1);
  const view = compressTimeline(middle, (p) => polarityLabel(p.polarity, c.stanceLabels));
  const at = (i: number) => (g: DigestChange) => g.timeline[i + first] ?? null;
  const offset = middle.length - view.tail.length;
  return {
    actor: c.actor,
    actorName: c.actorName,
    kind: c.kind,
    tentative,
    badge: tentative ? `Possible ${KIND_NOUNS[c.kind]}` : kindLabel(c.kind),
    title: `${c.actorName} on ${topics.map((t) => t.name).join(' and ')}`,
    topics,
    why: whyLine(c.before, c.after, c.timeline, { tentative, confidence, minConfidence }),
    confidence,
    // The path's end points are the sides with their source counts.
    before: c.before && !restated ? sideView(c.timeline[0] ?? c.before, group, (g) => g.before) : null,
    after: sideView(c.timeline.at(-1) ?? c.after, group, (g) => g.after),
    between:
      middle.length > 0
        ? {
            label: restated ? 'Stated before, oldest first' : 'In between, oldest first',
            omitted: view.omitted,
            points: view.points.map((p, i) => sideView(p, group, at(i))),
            tail: view.tail.map((p, i) => sideView(p, group, at(offset + i))),
          }
        : null,
    changes: group,
  };
}

interface Buckets {
  changed: DigestCard[];
  possible: DigestCard[];
  newVoices: DigestCard[];
  restated: DigestCard[];
}

function sectionsOf(
  buckets: Buckets,
  list: SubscriberList,
  moreUrl: string | null,
  newWindow: string,
): DigestSection[] {
  const cap = (id: string, title: string, note: string | null, cards: DigestCard[]): DigestSection => ({
    id,
    title,
    note,
    cards: cards.slice(0, list.maxPerSection),
    total: cards.length,
    more: Math.max(0, cards.length - list.maxPerSection),
    moreUrl,
  });
  const ordered = [...buckets.changed, ...buckets.possible, ...buckets.newVoices, ...buckets.restated];
  if (list.groupBy === 'kind') {
    return [
      cap('changed', 'Changed positions', null, buckets.changed),
      cap(
        'possible',
        'Possible changes — check the evidence',
        `Not solid at both ends (confidence below ${list.minConfidence.toFixed(2)}): read the quotes before acting.`,
        buckets.possible,
      ),
      cap('new', 'New voices', `First stated ${newWindow}.`, buckets.newVoices),
      cap('restated', 'Restated', null, buckets.restated),
    ].filter((s) => s.cards.length > 0);
  }
  const groups = new Map<string, { title: string; cards: DigestCard[] }>();
  for (const c of ordered) {
    const [id, title] =
      list.groupBy === 'actor' ? [c.actor, c.actorName] : [c.topics[0]!.id, c.topics[0]!.name];
    const g = groups.get(id) ?? { title, cards: [] };
    g.cards.push(c);
    groups.set(id, g);
  }
  return [...groups].map(([id, g]) => cap(`${list.groupBy}-${id}`, g.title, null, g.cards));
}

const PERIOD_UNITS: Record<string, [string, string]> = {
  d: ['day', 'days'],
  w: ['week', 'weeks'],
  m: ['month', 'months'],
  y: ['year', 'years'],
};

function periodWords(period: Period): string {
  const n = Number(period.slice(0, -1));
  const [one, many] = PERIOD_UNITS[period.slice(-1)] ?? ['day', 'days'];
  return n === 1 ? `the last ${one}` : `the last ${n} ${many}`;
}

/**
 * Where "new" starts: a scheduled digest with a previous one starts at that digest's day; a one-off
 * digest (or a list's first) looks back `newWithin` from now.
 */
function newWindowOf(input: BuildDigestInput): { since: string; words: string } {
  if (input.storedAfter) {
    const day = input.storedAfter.slice(0, 10);
    return { since: day, words: `since the previous digest (${formatDate(day, 'day')})` };
  }
  const period = input.newWithin ?? input.list.newWithin;
  const since = periodStart(input.generatedAt, period);
  return { since, words: `in ${periodWords(period)} (since ${formatDate(since, 'day')})` };
}

/** What a card's change is called in the summary and subject: "United States reversed on Peace talks". */
function headline(c: DigestCard): string {
  if (c.kind === 'new') return `${c.title} (new voice)`;
  if (c.kind === 'unchanged')
    return `${c.actorName} restated on ${c.topics.map((t) => t.name).join(' and ')}`;
  return `${c.actorName} ${c.kind} on ${c.topics.map((t) => t.name).join(' and ')}`;
}

function subjectOf(list: SubscriberList, b: Buckets): string {
  const parts: string[] = [];
  const first = b.changed[0];
  const solidNew = b.newVoices.filter((v) => !v.tentative);
  if (first) {
    parts.push(headline(first));
    if (b.changed.length > 1)
      parts[0] += ` and ${b.changed.length - 1} more ${b.changed.length === 2 ? 'change' : 'changes'}`;
  }
  if (solidNew.length > 0) {
    if (parts.length === 0 && solidNew.length === 1) {
      parts.push(`New voice: ${solidNew[0]!.title}`);
    } else {
      const names = [...new Set(solidNew.map((v) => v.actorName))];
      const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ', …' : '');
      parts.push(`${solidNew.length} new ${solidNew.length === 1 ? 'voice' : 'voices'} (${shown})`);
    }
  }
  if (parts.length === 0 && b.possible.length > 0)
    parts.push(`${b.possible.length} possible ${b.possible.length === 1 ? 'change' : 'changes'} to check`);
  if (parts.length === 0 && b.restated.length > 0)
    parts.push(`${b.restated.length} ${b.restated.length === 1 ? 'position' : 'positions'} restated`);
  const what = parts.length > 0 ? parts.join('; ') : 'No changes in stated positions';
  return `[${list.name}] ${what}`;
}

/** "1 changed, 2 possible, 5 new voices — United States reversed on Peace talks; …" */
function summaryOf(b: Buckets): string {
  const counts = [
    [b.changed.length, 'change', 'changes'],
    [b.possible.length, 'possible change', 'possible changes'],
    [b.newVoices.length, 'new voice', 'new voices'],
    [b.restated.length, 'restated', 'restated'],
  ] as const;
  const said = counts.filter(([n]) => n > 0).map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
  if (said.length === 0) return 'No stated position changed.';
  const solid = [...b.changed, ...b.newVoices.filter((v) => !v.tentative)];
  const top = solid.slice(0, 3).map(headline);
  const lead = top.length > 0 ? `: ${top.join('; ')}` : '';
  return `${said.join(', ')}${lead}.`;
}

/** The longest "Articles covered" list an email shows; every card links its own articles. */
export const ARTICLES_SHOWN = 15;
/** The longest list of articles that gave no position an email names. */
export const SILENT_SHOWN = 10;

function articlesOf(
  input: BuildDigestInput,
  changes: Change[],
): Pick<
  DigestModel,
  | 'articles'
  | 'articlesShown'
  | 'articlesMore'
  | 'articlesCount'
  | 'silentArticles'
  | 'silentCount'
  | 'silentMore'
> {
  const ids = new Set<number>();
  for (const c of changes) for (const p of c.timeline) for (const id of p.articleIds) ids.add(id);
  const view = (a: StoredArticle): DigestArticle => ({
    id: a.id,
    title: a.title ?? a.file.split(/[\\/]/).pop() ?? a.file,
    source: cleanOutlet(a.source, a.url),
    published: a.published,
    datePrecision: a.datePrecision,
    url: a.url,
    file: a.file,
  });
  const sorted = [...input.articles]
    .filter((a) => a.current)
    .sort((a, b) => (a.published ?? '').localeCompare(b.published ?? '') || a.id - b.id);
  // An article that gave nothing is still worth a word: the reader knows it was read.
  const silent = sorted.filter(
    (a) =>
      a.positionCount === 0 &&
      (a.published === null || statedSince(a.published, input.since)) &&
      (!input.storedAfter || a.storedAt > input.storedAfter),
  );
  const covered = sorted.filter((a) => ids.has(a.id)).map(view);
  const shown = covered.slice(0, ARTICLES_SHOWN);
  // The store may hand over only the earliest of a long list (see nextDigestInput): the count is the ids'.
  const count = Math.max(covered.length, ids.size);
  return {
    articles: covered,
    articlesShown: shown,
    articlesMore: Math.max(0, count - shown.length),
    articlesCount: count,
    // A reader wants to know they were read, not a list of thousands (nor does the email's size).
    silentArticles: silent.slice(0, SILENT_SHOWN).map(view),
    silentCount: silent.length,
    silentMore: Math.max(0, silent.length - SILENT_SHOWN),
  };
}

export function buildDigest(input: BuildDigestInput): DigestModel {
  const { list } = input;
  const window = newWindowOf(input);
  // Single statements and restatements are news only within the window; changes always are.
  const named = nameChanges(input);
  const inWindow = named.filter(
    (c) => CHANGED_KINDS.has(c.kind) || statedSince(c.after.published, window.since),
  );
  const cards = toCards(inWindow, list.minConfidence);
  const buckets: Buckets = {
    changed: cards.filter((c) => CHANGED_KINDS.has(c.kind) && !c.tentative),
    possible: cards.filter((c) => CHANGED_KINDS.has(c.kind) && c.tentative),
    newVoices: cards.filter((c) => c.kind === 'new'),
    restated: cards.filter((c) => c.kind === 'unchanged'),
  };
  const id = digestId({
    listId: list.id,
    since: input.since,
    storedAfter: input.storedAfter,
    changes: inWindow,
  });
  // Everything stored so far has been considered, so a scheduled digest's next window starts after it.
  const coveredUntil = input.articles.reduce<string | null>(
    (m, a) => (m === null || a.storedAt > m ? a.storedAt : m),
    null,
  );
  const sections = sectionsOf(buckets, list, archiveUrl(input.publicUrl, id), window.words);
  const topicNotes = new Map<string, string>();
  for (const s of sections)
    for (const c of s.cards)
      for (const t of c.topics) if (t.description) topicNotes.set(t.name, t.description);
  return {
    id,
    listId: list.id,
    listName: list.name,
    timeZone: list.timeZone,
    since: input.since,
    storedAfter: input.storedAfter,
    generatedAt: input.generatedAt.toISOString(),
    subject: subjectOf(list, buckets),
    summary: summaryOf(buckets),
    newSince: window.since,
    newWindow: window.words,
    groupBy: list.groupBy,
    sections,
    topicNotes: [...topicNotes].map(([name, description]) => ({ name, description })),
    ...buckets,
    leftOut: named.length - inWindow.length,
    ...articlesOf(input, inWindow),
    changeCount: inWindow.length,
    empty: inWindow.length === 0,
    coveredUntil,
  };
}
