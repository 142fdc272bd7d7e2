// The review desk's shell, shared by `stancewatch review` and the web page: the queue of positions
// behind a list's next digest (lowest confidence first), recording an analyst's verdict on one position,
// and, for the worker, which held digests may go out now.
import { z } from 'zod';
import { nextOverride, positionKey, type ReviewAction, type ReviewedPosition } from '../compare/overrides.js';
import type { SubscriberList } from '../config/schema.js';
import { buildDigest } from '../digest/model.js';
import { gateDigest } from '../digest/review-gate.js';
import { formatIssues } from '../config/issues.js';
import type { Watchlist } from '../config/watchlist.js';
import { StancewatchError, UsageError } from '../errors.js';
import type { ChangeKind, Polarity, ReviewOverride } from '../model.js';
import type { StoredPosition } from '../store/types.js';
import type { PipelineContext } from './context.js';
import { nextDigestInput, selectLists } from './digest.js';
import { readPositions } from './positions.js';
import { heldSince } from './review-gate.js';

/** One position behind a change of the next digest. */
export interface QueueItem {
  position: ReviewedPosition;
  actorName: string;
  topicName: string;
  /** The change it stands behind and on which side (`then`, or `now` for the latest / a new voice). */
  kind: ChangeKind;
  side: 'then' | 'now';
  /** The lists whose next digest carries it. */
  lists: string[];
}

export interface ReviewQueue {
  /** Unreviewed positions, lowest confidence first. */
  pending: QueueItem[];
  /** Positions already confirmed or corrected, newest review first. */
  reviewed: QueueItem[];
}

/** The positions behind one list's next digest (the scheduled window when it has a schedule). */
async function itemsOf(ctx: PipelineContext, list: SubscriberList): Promise<QueueItem[]> {
  const input = await nextDigestInput(ctx, list, { scheduled: Boolean(list.schedule) });
  const model = buildDigest(input);
  // The review desk reads the positions behind the changes (overrides applied) by id.
  const since = input.since;
  const byId = new Map((await readPositions(ctx.store, { since })).map((p) => [p.id, p]));
  const items: QueueItem[] = [];
  const cards = [...model.changed, ...model.possible, ...model.newVoices, ...model.restated];
  for (const c of cards.flatMap((card) => card.changes)) {
    const sides = [
      ['then', c.before],
      ['now', c.after],
    ] as const;
    for (const [side, s] of sides) {
      for (const id of s?.positionIds ?? []) {
        const position = byId.get(id);
        if (position)
          items.push({
            position,
            actorName: c.actorName,
            topicName: c.topicName,
            kind: c.kind,
            side,
            lists: [list.id],
          });
      }
    }
  }
  return items;
}

/** The review queue of one list (or of every list), lowest confidence first. */
export async function reviewQueue(ctx: PipelineContext, listId?: string): Promise<ReviewQueue> {
  const lists = selectLists(ctx.loaded.config.lists, listId ? [listId] : undefined);
  const merged = new Map<number, QueueItem>();
  for (const list of lists) {
    for (const item of await itemsOf(ctx, list)) {
      const seen = merged.get(item.position.id);
      if (seen) seen.lists = [...new Set([...seen.lists, ...item.lists])];
      else merged.set(item.position.id, item);
    }
  }
  const all = [...merged.values()];
  const pending = all
    .filter((i) => !i.position.review)
    .sort(
      (a, b) =>
        a.position.extractedConfidence - b.position.extractedConfidence ||
        (b.position.published ?? '').localeCompare(a.position.published ?? '') ||
        a.position.id - b.position.id,
    );
  const reviewed = all
    .filter((i) => i.position.review)
    .sort((a, b) => (b.position.review?.at ?? '').localeCompare(a.position.review?.at ?? ''));
  return { pending, reviewed };
}

export const POLARITIES = [
  'supports',
  'opposes',
  'conditional',
  'neutral',
] as const satisfies readonly Polarity[];

/** A review action as typed or submitted (CLI arguments, a web form). */
export const ReviewRequest = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('confirm') }),
  z.strictObject({ action: z.literal('reject') }),
  z.strictObject({ action: z.literal('set-polarity'), polarity: z.enum(POLARITIES) }),
  z.strictObject({ action: z.literal('set-actor'), actor: z.string().min(1) }),
  z.strictObject({ action: z.literal('set-topic'), topic: z.string().min(1) }),
  z.strictObject({
    action: z.literal('correct'),
    polarity: z.enum(POLARITIES),
    actor: z.string().min(1),
    topic: z.string().min(1),
  }),
]);
export type ReviewRequest = z.infer<typeof ReviewRequest>;

/** ReviewRequest narrowed to the active watchlist: a corrected actor or topic must be one of its ids. */
export function reviewRequestFor(watchlist: Watchlist) {
  const ids = (list: Array<{ id: string }>) => list.map((x) => x.id) as [string, ...string[]];
  const enumOf = (values: [string, ...string[]], what: string) =>
    z.enum(values, { error: `expected one of the watchlist's ${what}: ${values.join(', ')}` });
  return z.discriminatedUnion('action', [
    z.strictObject({ action: z.literal('confirm') }),
    z.strictObject({ action: z.literal('reject') }),
    z.strictObject({ action: z.literal('set-polarity'), polarity: z.enum(POLARITIES) }),
    z.strictObject({ action: z.literal('set-actor'), actor: enumOf(ids(watchlist.actors), 'actors') }),
    z.strictObject({ action: z.literal('set-topic'), topic: enumOf(ids(watchlist.topics), 'topics') }),
    z.strictObject({
      action: z.literal('correct'),
      polarity: z.enum(POLARITIES),
      actor: enumOf(ids(watchlist.actors), 'actors'),
      topic: enumOf(ids(watchlist.topics), 'topics'),
    }),
  ]);
}

/** Who reviews, and why. */
export const Reviewer = z.strictObject({
  by: z.string().trim().min(1, "expected the reviewer's name").max(200),
  note: z.string().trim().max(2000).optional(),
});
export type Reviewer = z.infer<typeof Reviewer>;

/** Parses a review request against the watchlist; every problem as `path: message (…)`. */
export function parseReviewRequest(
  watchlist: Watchlist,
  input: unknown,
): { ok: true; request: ReviewRequest } | { ok: false; issues: string[]; fields: Record<string, string> } {
  const parsed = reviewRequestFor(watchlist).safeParse(input);
  if (parsed.success) return { ok: true, request: parsed.data };
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? 'action')] ??= issue.message;
  return { ok: false, issues: formatIssues(parsed.error.issues, input), fields };
}

function actionOf(request: ReviewRequest): ReviewAction {
  switch (request.action) {
    case 'confirm':
    case 'reject':
      return { kind: request.action };
    case 'set-polarity':
      return { kind: 'set-polarity', polarity: request.polarity };
    case 'set-actor':
      return { kind: 'set-actor', actor: request.actor };
    case 'set-topic':
      return { kind: 'set-topic', topic: request.topic };
    case 'correct':
      return { kind: 'correct', polarity: request.polarity, actor: request.actor, topic: request.topic };
  }
}

/**
 * Records one analyst's verdict on a stored position (by id) as an override keyed on the position's
 * identity across re-ingests; returns the override now in force.
 */
export async function reviewPosition(
  ctx: PipelineContext,
  positionId: number,
  request: ReviewRequest,
  reviewer: Reviewer,
): Promise<{ position: StoredPosition; override: ReviewOverride }> {
  const checked = parseReviewRequest(ctx.watchlist, request);
  if (!checked.ok) throw new UsageError(checked.issues.join('; '));
  const action = actionOf(checked.request);
  const position = await ctx.store.getPosition(positionId);
  if (!position) throw new StancewatchError(`no stored position with id ${positionId}`, { exitCode: 2 });
  const previous = (await ctx.store.overrideHistory(positionKey(position))).at(-1) ?? null;
  const next = nextOverride(position, previous, action, { by: reviewer.by, note: reviewer.note ?? null });
  return { position, override: await ctx.store.addOverride(next) };
}

/**
 * Held scheduled digests that may go out now (every change confirmed, or the deadline passed): the
 * list and the scheduled time the first hold stood for. The worker runs them again.
 */
export async function heldDigestsDue(
  ctx: PipelineContext,
): Promise<Array<{ list: SubscriberList; scheduledFor: string }>> {
  const due: Array<{ list: SubscriberList; scheduledFor: string }> = [];
  for (const list of ctx.loaded.config.lists) {
    if (list.review !== 'required' || !list.schedule) continue;
    const since = await heldSince(ctx, list.id);
    if (!since) continue;
    const model = buildDigest(await nextDigestInput(ctx, list, { scheduled: true }));
    const deadline = new Date(Date.parse(since) + list.reviewDeadlineHours * 3_600_000);
    const cards = [...model.changed, ...model.possible, ...model.newVoices, ...model.restated];
    const gate = gateDigest(
      cards.flatMap((c) => c.changes),
      ctx.now(),
      deadline,
    );
    if (gate.decision !== 'hold') due.push({ list, scheduledFor: since });
  }
  return due;
}
