// The review desk's pages, mountable into any Fastify server: the queue of positions behind a list's next
// digest (lowest confidence first) with forms to confirm, correct or reject each. The server supplies
// the session (who is signed in), CSRF tokens and, if it likes, its page layout through the small
// ReviewDeskSession interface; the pages only call the review shell (src/pipeline/review.ts).
import { readFileSync } from 'node:fs';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Handlebars from 'handlebars';
import { z } from 'zod';
import { SOLID_CONFIDENCE } from '../compare/index.js';
import { createDigestHandlebars, TEMPLATES_DIR } from '../digest/render.js';
import type { PipelineContext } from '../pipeline/context.js';
import {
  parseReviewRequest,
  POLARITIES,
  Reviewer,
  reviewPosition,
  reviewQueue,
  type QueueItem,
} from '../pipeline/review.js';

/** What the review desk needs from the server's login and CSRF machinery. */
export interface ReviewDeskSession {
  /** The signed-in admin's name (recorded as the reviewer), or null without a session. */
  user(request: FastifyRequest): string | null | Promise<string | null>;
  /** A CSRF token for the forms of this response (posted back as the `_csrf` field). */
  csrfToken(request: FastifyRequest, reply: FastifyReply): string | Promise<string>;
  /** Whether a posted `_csrf` token is valid for this request's session. */
  checkCsrf(request: FastifyRequest, token: string | undefined): boolean | Promise<boolean>;
}

export interface ReviewDeskDeps {
  /**
   * The server's context: config (lists), watchlist, store, logger and clock; or a function giving it
   * per request (a server whose lists change while it runs).
   */
  context: PipelineContext | (() => Promise<PipelineContext>);
  session: ReviewDeskSession;
  /** Wraps a page body in the server's layout; default: templates/web/review-layout.hbs. */
  renderPage?: (
    page: { title: string; body: string },
    request: FastifyRequest,
    reply: FastifyReply,
  ) => string;
  /** Where the routes are registered in `app`. @default "/review" */
  prefix?: string;
  /** The pages' URL path when `app` itself sits under a prefix (e.g. "/admin/review"). @default prefix */
  urlPrefix?: string;
  /** Where a visitor without a session is sent (303); without it they get a 401 page. */
  loginPath?: string;
}

/** The query of the queue page. */
export const ReviewQuery = z.strictObject({
  list: z.string().max(200).optional(),
  done: z
    .string()
    .regex(/^\d{1,12}$/)
    .optional(),
  verdict: z.enum(['confirmed', 'corrected', 'rejected']).optional(),
});
export type ReviewQuery = z.infer<typeof ReviewQuery>;

/** The posted review form (strings only; the request is then checked against the watchlist). */
export const ReviewForm = z.object({
  _csrf: z.string().optional(),
  list: z.string().max(200).optional(),
  action: z.enum(['confirm', 'correct', 'reject'], {
    error: 'expected Confirm, Save correction or Reject',
  }),
  polarity: z.string().max(40).optional(),
  actor: z.string().max(200).optional(),
  topic: z.string().max(200).optional(),
  note: z.string().max(2000, 'expected at most 2000 characters').optional(),
});
export type ReviewForm = z.infer<typeof ReviewForm>;

const PositionParams = z.strictObject({ id: z.string().regex(/^\d{1,12}$/, 'expected a position id') });

type FieldErrors = Record<string, string>;

interface Views {
  page: Handlebars.TemplateDelegate;
  layout: Handlebars.TemplateDelegate;
}

function loadViews(): Views {
  // The digest's isolated Handlebars instance (its named helpers: dates, labels, httpUrl) plus the
  // review item partial; nothing is registered on the global instance.
  const hb = createDigestHandlebars();
  const read = (name: string) => readFileSync(`${TEMPLATES_DIR}web/${name}`, 'utf8');
  hb.registerPartial('review-item', read('review-item.hbs'));
  return { page: hb.compile(read('review.hbs')), layout: hb.compile(read('review-layout.hbs')) };
}

/** Mounts the review desk's routes under `deps.prefix` (default /review) in their own plugin scope. */
export async function registerReviewRoutes(app: FastifyInstance, deps: ReviewDeskDeps): Promise<void> {
  const routes = deps.prefix ?? '/review';
  const prefix = deps.urlPrefix ?? routes;
  const views = loadViews();
  const resolved = async (): Promise<ResolvedDeps> => ({
    ...deps,
    context: typeof deps.context === 'function' ? await deps.context() : deps.context,
  });
  await app.register(
    async (scope) => {
      if (!scope.hasContentTypeParser('application/x-www-form-urlencoded')) await scope.register(formbody);
      scope.get('/', async (request, reply) => showQueue(await resolved(), views, prefix, request, reply));
      scope.post('/positions/:id', async (request, reply) =>
        submitReview(await resolved(), views, prefix, request, reply),
      );
    },
    { prefix: routes },
  );
}

/** The deps with the context of this request. */
type ResolvedDeps = Omit<ReviewDeskDeps, 'context'> & { context: PipelineContext };

const plain = (reply: FastifyReply, code: number, text: string) =>
  reply.code(code).type('text/plain; charset=utf-8').send(text);

/** Sends a visitor without a session away (login page, or 401); returns the user otherwise. */
async function requireUser(
  deps: ResolvedDeps,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<string | null> {
  const user = await deps.session.user(request);
  if (user) return user;
  if (deps.loginPath) await reply.code(303).redirect(deps.loginPath);
  else await plain(reply, 401, 'Sign in to use the review desk.');
  return null;
}

async function showQueue(
  deps: ResolvedDeps,
  views: Views,
  prefix: string,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const user = await requireUser(deps, request, reply);
  if (!user) return reply;
  const query = ReviewQuery.safeParse(request.query);
  const q: ReviewQuery = query.success ? query.data : {};
  return renderQueue(deps, views, prefix, request, reply, {
    user,
    listId: q.list,
    done: q.done && q.verdict ? `Position ${q.done} ${q.verdict}.` : null,
    problem: query.success
      ? null
      : 'The address had parameters the review desk does not know; showing every list.',
  });
}

interface QueueState {
  user: string;
  listId: string | undefined;
  done?: string | null;
  problem?: string | null;
  /** The position whose form came back with errors, its errors and what was typed. */
  failed?: { id: number; errors: FieldErrors; form: Partial<ReviewForm> };
}

async function renderQueue(
  deps: ResolvedDeps,
  views: Views,
  prefix: string,
  request: FastifyRequest,
  reply: FastifyReply,
  state: QueueState,
) {
  const { context } = deps;
  const lists = context.loaded.config.lists;
  const known = state.listId && lists.some((l) => l.id === state.listId) ? state.listId : undefined;
  const problem =
    state.problem ??
    (state.listId && !known ? `There is no list "${state.listId}"; showing every list.` : null);
  const queue = await reviewQueue(context, known);
  const csrf = await deps.session.csrfToken(request, reply);
  const body = views.page({
    prefix,
    user: state.user,
    listName: known ? lists.find((l) => l.id === known)?.name : null,
    lists: lists.map((l) => ({
      id: l.id,
      name: l.name,
      review: l.review === 'required',
      selected: l.id === known,
    })),
    done: state.done,
    problem,
    pending: queue.pending.map((i) => itemView(deps, prefix, csrf, known, i, state.failed)),
    reviewed: queue.reviewed.map((i) => ({
      id: i.position.id,
      actorName: i.actorName,
      topicName: i.topicName,
      polarity: i.position.polarity,
      verdict: i.position.review?.verdict,
      by: i.position.review?.by,
      at: i.position.review?.at,
      note: i.position.review?.note,
    })),
  });
  const page = { title: 'Review desk', body };
  const html = deps.renderPage ? deps.renderPage(page, request, reply) : views.layout(page);
  return reply
    .code(state.failed ? 400 : 200)
    .type('text/html; charset=utf-8')
    .send(html);
}

function itemView(
  deps: ResolvedDeps,
  prefix: string,
  csrf: string,
  listId: string | undefined,
  item: QueueItem,
  failed: QueueState['failed'],
) {
  const p = item.position;
  const { actors, topics } = deps.context.watchlist;
  const own = failed?.id === p.id ? failed : undefined;
  const chosen = {
    polarity: own?.form.polarity ?? p.polarity,
    actor: own?.form.actor ?? p.actor,
    topic: own?.form.topic ?? p.topic,
  };
  return {
    id: p.id,
    actorName: item.actorName,
    topicName: item.topicName,
    polarity: p.polarity,
    confidence: p.extractedConfidence.toFixed(2),
    low: p.extractedConfidence < SOLID_CONFIDENCE,
    kind: item.kind,
    side: item.side,
    evidence: p.evidence.text,
    speaker: p.speaker,
    relayer: p.reported === 'relayed' ? (p.relayer ?? 'another speaker') : null,
    alleged: p.reported === 'alleged',
    published: p.published,
    datePrecision: p.datePrecision,
    url: p.url,
    file: p.file,
    articleTitle: p.title ?? p.file,
    source: p.source,
    lists: item.lists.join(', '),
    listId: listId ?? '',
    csrf,
    formAction: `${prefix}/positions/${p.id}`,
    note: own?.form.note ?? '',
    errors: own?.errors ?? null,
    polarityOptions: POLARITIES.map((value) => ({ value, selected: value === chosen.polarity })),
    actorOptions: actors.map((a) => ({ value: a.id, label: a.name, selected: a.id === chosen.actor })),
    topicOptions: topics.map((t) => ({ value: t.id, label: t.name, selected: t.id === chosen.topic })),
  };
}

/** The form's fields as a review request: Confirm and Reject need none, Save correction all three. */
function requestInput(form: ReviewForm): Record<string, unknown> {
  if (form.action !== 'correct') return { action: form.action };
  return { action: 'correct', polarity: form.polarity, actor: form.actor, topic: form.topic };
}

async function submitReview(
  deps: ResolvedDeps,
  views: Views,
  prefix: string,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const user = await requireUser(deps, request, reply);
  if (!user) return reply;
  const raw = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<
    string,
    unknown
  >;
  const token = typeof raw._csrf === 'string' ? raw._csrf : undefined;
  if (!(await deps.session.checkCsrf(request, token)))
    return plain(reply, 403, 'This form has expired; reload the review desk and try again.');
  const params = PositionParams.safeParse(request.params);
  if (!params.success) return plain(reply, 404, 'No such position.');
  const id = Number(params.data.id);
  const listId = typeof raw.list === 'string' && raw.list ? raw.list : undefined;
  const fail = (errors: FieldErrors, form: Partial<ReviewForm>) =>
    renderQueue(deps, views, prefix, request, reply, { user, listId, failed: { id, errors, form } });

  const form = ReviewForm.safeParse(raw);
  if (!form.success) {
    const errors: FieldErrors = {};
    for (const issue of form.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
    return fail(errors, stringsOf(raw));
  }
  const parsed = parseReviewRequest(deps.context.watchlist, requestInput(form.data));
  if (!parsed.ok) return fail(parsed.fields, form.data);
  const reviewer = Reviewer.safeParse({ by: user, ...(form.data.note ? { note: form.data.note } : {}) });
  if (!reviewer.success)
    return fail({ note: reviewer.error.issues[0]?.message ?? 'invalid note' }, form.data);
  const position = await deps.context.store.getPosition(id);
  if (!position) return plain(reply, 404, 'No such position.');
  const { override } = await reviewPosition(deps.context, id, parsed.request, reviewer.data);
  const back = new URLSearchParams({
    ...(listId ? { list: listId } : {}),
    done: String(id),
    verdict: override.verdict,
  });
  return reply.code(303).redirect(`${prefix}?${back.toString()}#position-${id}`);
}

/** The string fields of a posted form, to show back what was typed. */
function stringsOf(raw: Record<string, unknown>): Partial<ReviewForm> {
  const out: Partial<ReviewForm> = {};
  for (const k of ['polarity', 'actor', 'topic', 'note'] as const) {
    const v = raw[k];
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}
