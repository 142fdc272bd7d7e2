// The public pages (no login): one-click unsubscribe (RFC 8058), preferences, the digest archive and the
// double opt-in sign-up. Every subscriber link is signed (deliver/unsubscribe.ts, deliver/links.ts) and
// bound to its list and address; the signature is the permission, so these forms need no session.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SubscriberList } from '../config/schema.js';
import { composeSimple } from '../deliver/compose.js';
import { signedLinkUrl, verifyLink, type LinkPurpose } from '../deliver/links.js';
import { verifyUnsubscribe } from '../deliver/unsubscribe.js';
import { PREFERENCES_PLACEHOLDER, UNSUBSCRIBE_PLACEHOLDER } from '../model.js';
import { EmailField, fieldErrors, formValues, many, optionalText } from './forms.js';
import type { WebKit } from './server.js';

const Param = z.string().min(1).max(320);

export const UnsubscribeQuery = z.object({ list: Param, email: Param, token: z.string().min(1).max(200) });
export type UnsubscribeQuery = z.infer<typeof UnsubscribeQuery>;

export const SignedQuery = UnsubscribeQuery.extend({ expires: z.string().min(1).max(40) });
export type SignedQuery = z.infer<typeof SignedQuery>;

export const SubscribeForm = z.object({
  email: EmailField,
  name: optionalText.pipe(z.string().max(200).optional()),
});
export type SubscribeForm = z.infer<typeof SubscribeForm>;

const ListIdParams = z.object({ listId: Param });
const ArchiveParams = z.object({ digestId: z.string().min(1).max(200) });

type Fail = { status: number; title: string; message: string };
const BAD_LINK: Fail = {
  status: 400,
  title: 'Incomplete link',
  message: 'This link is incomplete. Copy the whole link from the email, or use the link in a newer digest.',
};
const FORGED: Fail = {
  status: 403,
  title: 'Invalid link',
  message: 'This link is not valid (it was changed or not made by this server). Nothing was changed.',
};
const EXPIRED: Fail = {
  status: 410,
  title: 'Link expired',
  message: 'This link has expired. Use the link in a newer email.',
};
const NO_LIST: Fail = { status: 404, title: 'Not found', message: 'There is no such list.' };

function fail(kit: WebKit, request: FastifyRequest, reply: FastifyReply, f: Fail) {
  return kit.render(request, reply, 'error', { title: f.title, message: f.message }, { status: f.status });
}

/** The signed query of a preferences or confirmation link, checked; a Fail says why it is refused. */
function checkSigned(kit: WebKit, purpose: LinkPurpose, query: unknown): SignedQuery | Fail {
  const q = SignedQuery.safeParse(query);
  if (!q.success) return BAD_LINK;
  const check = verifyLink(kit.secret, purpose, q.data, kit.now());
  return check === 'ok' ? q.data : check === 'expired' ? EXPIRED : FORGED;
}

const isFail = (v: unknown): v is Fail => typeof v === 'object' && v !== null && 'status' in v;

async function findList(kit: WebKit, id: string): Promise<SubscriberList | null> {
  return (await kit.lists()).find((l) => l.id === id) ?? null;
}

export function publicPages(app: FastifyInstance, kit: WebKit): void {
  const limited = { config: kit.rateLimit.public };
  unsubscribeRoutes(app, kit, limited);
  preferencesRoutes(app, kit, limited);
  archiveRoutes(app, kit, limited);
  subscribeRoutes(app, kit, limited);
  app.get('/', (request, reply) => kit.render(request, reply, 'home', {}));
}

function unsubscribeRoutes(app: FastifyInstance, kit: WebKit, limited: object): void {
  const check = (query: unknown): UnsubscribeQuery | Fail => {
    const q = UnsubscribeQuery.safeParse(query);
    if (!q.success) return BAD_LINK;
    return verifyUnsubscribe(kit.secret, q.data.list, q.data.email, q.data.token) ? q.data : FORGED;
  };
  // GET only asks: mail scanners follow links, and a scanner must never unsubscribe anybody.
  app.get('/unsubscribe', limited, async (request, reply) => {
    const q = check(request.query);
    if (isFail(q)) return fail(kit, request, reply, q);
    const list = await findList(kit, q.list);
    return kit.render(request, reply, 'unsubscribe', {
      email: q.email,
      listName: list?.name ?? q.list,
      action: request.url,
    });
  });
  // RFC 8058: a POST on the List-Unsubscribe URL unsubscribes at once, with no further interaction.
  app.post('/unsubscribe', { config: kit.rateLimit.oneClick }, async (request, reply) => {
    const q = check(request.query);
    if (isFail(q)) return fail(kit, request, reply, q);
    await kit.store.addSuppression({ email: q.email, listId: q.list, reason: 'one-click unsubscribe' });
    const list = await findList(kit, q.list);
    return kit.render(request, reply, 'unsubscribed', { email: q.email, listName: list?.name ?? q.list });
  });
}

/** The actors and topics a subscriber can pick: the list's own, or the whole watchlist when it has none. */
async function choicesOf(kit: WebKit, list: SubscriberList) {
  const { watchlist } = await kit.context();
  const actors = watchlist.actors.filter(
    (a) => list.filters.actors.length === 0 || list.filters.actors.includes(a.id),
  );
  const topics = watchlist.topics.filter(
    (t) => list.filters.topics.length === 0 || list.filters.topics.includes(t.id),
  );
  return { actors, topics };
}

/** The preferences form for one list: only its actors and topics can be picked. */
export function preferencesFormSchema(choices: {
  actors: Array<{ id: string }>;
  topics: Array<{ id: string }>;
}) {
  const oneOf = (items: Array<{ id: string }>, what: string) =>
    z.string().refine((id) => items.some((i) => i.id === id), `expected one of the list’s ${what}`);
  return z.object({
    actors: many(oneOf(choices.actors, 'actors')),
    topics: many(oneOf(choices.topics, 'topics')),
    frequency: z.enum(['every', 'weekly'], { error: 'expected every digest or weekly' }),
  });
}

type Picked = { actors: string[]; topics: string[]; frequency: string };

async function loadPreferences(kit: WebKit, request: FastifyRequest) {
  const q = checkSigned(kit, 'preferences', request.query);
  if (isFail(q)) return q;
  const list = await findList(kit, q.list);
  if (!list) return NO_LIST;
  return { q, list, choices: await choicesOf(kit, list) };
}
type PreferencesPage = Exclude<Awaited<ReturnType<typeof loadPreferences>>, Fail>;

async function showPreferences(
  kit: WebKit,
  request: FastifyRequest,
  reply: FastifyReply,
  page: PreferencesPage,
  extra: { picked?: Picked; errors?: object; saved?: boolean } = {},
  status = 200,
) {
  const stored = await kit.store.getPreferences(page.list.id, page.q.email);
  const picked: Picked = extra.picked ?? stored ?? { actors: [], topics: [], frequency: 'every' };
  const tick = (items: Array<{ id: string; name: string }>, ids: string[]) =>
    items.map((i) => ({ id: i.id, name: i.name, checked: ids.includes(i.id) }));
  return kit.render(
    request,
    reply,
    'preferences',
    {
      email: page.q.email,
      listName: page.list.name,
      action: request.url,
      actors: tick(page.choices.actors, picked.actors),
      topics: tick(page.choices.topics, picked.topics),
      weekly: picked.frequency === 'weekly',
      left: await kit.store.isSuppressed(page.q.email, page.list.id),
      errors: extra.errors ?? {},
      saved: extra.saved ?? false,
    },
    { status },
  );
}

function preferencesRoutes(app: FastifyInstance, kit: WebKit, limited: object): void {
  app.get('/preferences', limited, async (request, reply) => {
    const page = await loadPreferences(kit, request);
    if (isFail(page)) return fail(kit, request, reply, page);
    return showPreferences(kit, request, reply, page);
  });

  app.post('/preferences', limited, async (request, reply) => {
    const page = await loadPreferences(kit, request);
    if (isFail(page)) return fail(kit, request, reply, page);
    const values = formValues(request.body);
    const { email } = page.q;
    if (values.action === 'leave') {
      await kit.store.addSuppression({ email, listId: page.list.id, reason: 'left from preferences' });
      await kit.store.removeSubscriber(page.list.id, email);
      return kit.render(request, reply, 'unsubscribed', { email, listName: page.list.name });
    }
    const parsed = preferencesFormSchema(page.choices).safeParse(values);
    if (!parsed.success) {
      const asList = (v: string | string[] | undefined) =>
        v === undefined ? [] : Array.isArray(v) ? v : [v];
      const picked = {
        actors: asList(values.actors),
        topics: asList(values.topics),
        frequency: String(values.frequency ?? 'every'),
      };
      const errors = fieldErrors(parsed.error, values);
      return showPreferences(kit, request, reply, page, { picked, errors }, 400);
    }
    await kit.store.putPreferences({ listId: page.list.id, email, ...parsed.data });
    return showPreferences(kit, request, reply, page, { saved: true });
  });
}

function archiveRoutes(app: FastifyInstance, kit: WebKit, limited: object): void {
  const readable = (list: SubscriberList | null, request: FastifyRequest) =>
    list !== null && (list.archive === 'public' || request.adminSession !== null);

  // A private list's digest answers exactly like a missing one, so its ids reveal nothing.
  app.get('/archive/:digestId', limited, async (request, reply) => {
    const params = ArchiveParams.safeParse(request.params);
    const digest = params.success ? await kit.store.getArchivedDigest(params.data.digestId) : null;
    const list = digest ? await findList(kit, digest.listId) : null;
    if (!digest || !readable(list, request))
      return fail(kit, request, reply, {
        status: 404,
        title: 'Not found',
        message: 'There is no digest here, or its list’s archive is private.',
      });
    // The archived copy has the per-recipient placeholders; a reader of the archive gets the list's archive.
    const index = new URL(`lists/${encodeURIComponent(digest.listId)}/archive`, kit.publicUrl()).toString();
    const fill = (s: string, escape: boolean) =>
      s
        .split(UNSUBSCRIBE_PLACEHOLDER)
        .join(escape ? index.replace(/&/g, '&amp;') : index)
        .split(PREFERENCES_PLACEHOLDER)
        .join(escape ? index.replace(/&/g, '&amp;') : index);
    return kit.sendDigestHtml(
      reply,
      digest.html ? fill(digest.html, true) : null,
      fill(digest.text, false),
      digest.subject,
    );
  });

  app.get('/lists/:listId/archive', limited, async (request, reply) => {
    const params = ListIdParams.safeParse(request.params);
    const list = params.success ? await findList(kit, params.data.listId) : null;
    if (!list || !readable(list, request)) return fail(kit, request, reply, NO_LIST);
    const digests = await kit.store.listArchivedDigests(list.id, { limit: 200 });
    return kit.render(request, reply, 'archive-index', {
      listName: list.name,
      digests,
      signup: list.signup,
      listId: list.id,
    });
  });
}

function subscribeRoutes(app: FastifyInstance, kit: WebKit, limited: object): void {
  const openList = async (request: FastifyRequest) => {
    const params = ListIdParams.safeParse(request.params);
    const list = params.success ? await findList(kit, params.data.listId) : null;
    return list?.signup ? list : null;
  };

  app.get('/subscribe/:listId', limited, async (request, reply) => {
    const list = await openList(request);
    if (!list) return fail(kit, request, reply, NO_LIST);
    return kit.render(request, reply, 'subscribe', {
      listName: list.name,
      action: request.url,
      values: {},
      errors: {},
    });
  });

  app.post('/subscribe/:listId', limited, async (request, reply) => {
    const list = await openList(request);
    if (!list) return fail(kit, request, reply, NO_LIST);
    const values = formValues(request.body);
    const parsed = SubscribeForm.safeParse(values);
    if (!parsed.success)
      return kit.render(
        request,
        reply,
        'subscribe',
        { listName: list.name, action: request.url, values, errors: fieldErrors(parsed.error, values) },
        { status: 400 },
      );
    const { email, name } = parsed.data;
    const subscriber = await kit.store.addSubscriber({
      listId: list.id,
      email,
      name: name ?? null,
      status: 'pending',
    });
    // The same answer whether or not the address was already on the list, so the form reveals nobody.
    if (subscriber.status === 'pending') await sendConfirmation(kit, list, email);
    return kit.render(request, reply, 'subscribe-sent', { email, listName: list.name });
  });

  const confirmable = async (request: FastifyRequest) => {
    const q = checkSigned(kit, 'confirm', request.query);
    if (isFail(q)) return q;
    const list = await findList(kit, q.list);
    return list ? { q, list } : NO_LIST;
  };
  // As with unsubscribing, GET only asks; the confirmation is a POST a person makes.
  app.get('/subscribe/:listId/confirm', limited, async (request, reply) => {
    const c = await confirmable(request);
    if (isFail(c)) return fail(kit, request, reply, c);
    return kit.render(request, reply, 'confirm', {
      email: c.q.email,
      listName: c.list.name,
      action: request.url,
    });
  });
  app.post('/subscribe/:listId/confirm', limited, async (request, reply) => {
    const c = await confirmable(request);
    if (isFail(c)) return fail(kit, request, reply, c);
    await kit.store.addSubscriber({ listId: c.list.id, email: c.q.email, name: null, status: 'confirmed' });
    await kit.store.removeSuppression(c.q.email, c.list.id);
    return kit.render(request, reply, 'subscribed', { email: c.q.email, listName: c.list.name });
  });
}

async function sendConfirmation(kit: WebKit, list: SubscriberList, email: string): Promise<void> {
  const { loaded } = await kit.context();
  const mail = loaded.config.mail;
  const url = signedLinkUrl(kit.publicUrl(), kit.secret, 'confirm', list.id, email, kit.now());
  const domain = /@([^>\s]+)>?\s*$/.exec(mail.from)?.[1] ?? 'stancewatch.invalid';
  const messageId = `<confirm.${randomUUID()}@${domain}>`;
  const raw = await composeSimple({
    from: mail.from,
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    to: email,
    subject: `Confirm your subscription to ${list.name}`,
    text: kit.pages.fragment('email/confirm.txt', { listName: list.name, url }, { text: true }),
    messageId,
    date: kit.now(),
  });
  await kit.mailer.send({
    from: /<([^>]+)>/.exec(mail.from)?.[1] ?? mail.from.trim(),
    to: email,
    raw,
    messageId,
    folder: `${list.id}/confirmations`,
  });
}
