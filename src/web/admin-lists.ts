// Admin: lists and subscribers. Lists from the config file are shown read-only (the file stays
// authoritative); lists created here live in the store, with their subscribers, CSV import and export.
// Suppressions and failed deliveries (bounces) are listed for every list.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ChangeKindName, CronExpression, Id, TimeZone, type SubscriberList } from '../config/schema.js';
import { parseSubscribersCsv, resolveSubscribers } from '../config/subscribers.js';
import type { Watchlist } from '../config/watchlist.js';
import {
  Checkbox,
  EmailField,
  fieldErrors,
  formValues,
  many,
  optionalText,
  type FieldErrors,
} from './forms.js';
import type { WebKit } from './server.js';

const KINDS = ChangeKindName.options;

/** The list form, checked against the watchlist's actor and topic ids. */
export function listFormSchema(watchlist: Watchlist) {
  const ids = (items: Array<{ id: string }>) => items.map((i) => i.id) as [string, ...string[]];
  return z.object({
    id: Id,
    name: z.string().trim().min(1, 'expected a name').max(200),
    actors: many(z.enum(ids(watchlist.actors), { error: 'expected an actor of the watchlist' })),
    topics: many(z.enum(ids(watchlist.topics), { error: 'expected a topic of the watchlist' })),
    kinds: many(ChangeKindName),
    format: z.enum(['html+text', 'text']),
    timeZone: TimeZone,
    schedule: optionalText.pipe(CronExpression.optional()),
    sendEmpty: Checkbox,
    archive: z.enum(['public', 'private']),
    signup: Checkbox,
  });
}
export type ListForm = z.infer<ReturnType<typeof listFormSchema>>;

export const SubscriberForm = z.object({
  email: EmailField,
  name: optionalText.pipe(z.string().max(200).optional()),
});
export type SubscriberForm = z.infer<typeof SubscriberForm>;

export const ImportForm = z.object({
  csv: z
    .string()
    .trim()
    .min(1, 'expected CSV text with an email column')
    .max(512 * 1024),
});
export type ImportForm = z.infer<typeof ImportForm>;

const IdParams = z.object({ id: z.string().min(1).max(100) });

type Values = Record<string, string | string[]>;
const asList = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** What the list form shows: every choice with whether it is ticked. */
function formView(watchlist: Watchlist, values: Values, errors: FieldErrors) {
  const ticked = (name: string) => new Set(asList(values[name]));
  const actors = ticked('actors');
  const topics = ticked('topics');
  const kinds = ticked('kinds');
  return {
    values,
    errors,
    actors: watchlist.actors.map((a) => ({ id: a.id, name: a.name, checked: actors.has(a.id) })),
    topics: watchlist.topics.map((t) => ({ id: t.id, name: t.name, checked: topics.has(t.id) })),
    kinds: KINDS.map((k) => ({ id: k, checked: kinds.has(k) })),
    textOnly: values.format === 'text',
    isPublic: values.archive === 'public',
    sendEmpty: values.sendEmpty === 'on',
    signup: values.signup === 'on',
  };
}

function valuesOf(list: SubscriberList): Values {
  return {
    id: list.id,
    name: list.name,
    actors: list.filters.actors,
    topics: list.filters.topics,
    kinds: list.filters.kinds,
    format: list.format,
    timeZone: list.timeZone,
    schedule: list.schedule ?? '',
    archive: list.archive,
    ...(list.sendEmpty ? { sendEmpty: 'on' } : {}),
    ...(list.signup ? { signup: 'on' } : {}),
  };
}

function toWebList(form: ListForm) {
  return {
    id: form.id,
    name: form.name,
    filters: {
      actors: form.actors,
      topics: form.topics,
      kinds: form.kinds.length > 0 ? form.kinds : [...KINDS],
    },
    format: form.format,
    timeZone: form.timeZone,
    schedule: form.schedule ?? null,
    sendEmpty: form.sendEmpty,
    archive: form.archive,
    signup: form.signup,
  };
}

/** A CSV cell: quoted when needed, and a leading =, +, - or @ defused so a spreadsheet never runs it. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function adminListPages(app: FastifyInstance, kit: WebKit): void {
  const watchlist = async () => (await kit.context()).watchlist;

  app.get('/', (_request, reply) => reply.redirect('/admin/lists', 303));

  app.get('/lists', async (request, reply) => {
    const lists = await kit.lists();
    const rows = [];
    for (const list of lists) {
      const stored = await kit.store.listSubscribers(list.id);
      const configured = kit.configListIds.has(list.id)
        ? resolveSubscribers(list, (await kit.context()).loaded.file ?? '(embedded defaults)').recipients
            .length
        : 0;
      rows.push({
        id: list.id,
        name: list.name,
        fromConfig: kit.configListIds.has(list.id),
        subscribers: configured + stored.filter((s) => s.status === 'confirmed').length,
        pending: stored.filter((s) => s.status === 'pending').length,
        schedule: list.schedule ?? null,
        archive: list.archive,
        signup: list.signup,
      });
    }
    const suppressions = await kit.store.listSuppressions();
    const failed = (await kit.store.listDeliveries({ status: 'failed' })).slice(-200).reverse();
    return kit.render(request, reply, 'admin-lists', { lists: rows, suppressions, failed });
  });

  app.get('/lists/new', async (request, reply) => {
    const values: Values = { format: 'html+text', timeZone: 'UTC', archive: 'private', kinds: [...KINDS] };
    return kit.render(request, reply, 'admin-list-form', {
      mode: 'new',
      form: formView(await watchlist(), values, {}),
    });
  });

  app.post('/lists', async (request, reply) => {
    const values = formValues(request.body);
    const wl = await watchlist();
    const parsed = listFormSchema(wl).safeParse(values);
    const errors = parsed.success ? {} : fieldErrors(parsed.error, values);
    if (parsed.success && (await kit.lists()).some((l) => l.id === parsed.data.id))
      errors.id = `a list with the id "${parsed.data.id}" exists already (expected a new id)`;
    if (!parsed.success || Object.keys(errors).length > 0)
      return kit.render(
        request,
        reply,
        'admin-list-form',
        { mode: 'new', form: formView(wl, values, errors) },
        { status: 400 },
      );
    await kit.store.saveWebList(toWebList(parsed.data));
    return reply.redirect(`/admin/lists/${encodeURIComponent(parsed.data.id)}`, 303);
  });

  listDetailRoutes(app, kit);
  subscriberRoutes(app, kit);
}

/** The list a route names; a config list only where `editable` is false. */
async function listOf(kit: WebKit, request: FastifyRequest, editable: boolean) {
  const params = IdParams.safeParse(request.params);
  if (!params.success) return null;
  const list = (await kit.lists()).find((l) => l.id === params.data.id) ?? null;
  if (!list || (editable && kit.configListIds.has(list.id))) return null;
  return list;
}

const notFound = (kit: WebKit, request: FastifyRequest, reply: FastifyReply) =>
  kit.render(
    request,
    reply,
    'error',
    {
      title: 'Not found',
      message: 'There is no such list here (lists from the config file cannot be changed in the browser).',
    },
    { status: 404 },
  );

async function renderDetail(
  kit: WebKit,
  request: FastifyRequest,
  reply: FastifyReply,
  list: SubscriberList,
  extra: { formValues?: Values; errors?: FieldErrors; notice?: string | null; problems?: string[] } = {},
  status = 200,
) {
  const ctx = await kit.context();
  const fromConfig = kit.configListIds.has(list.id);
  const configured = fromConfig
    ? resolveSubscribers(list, ctx.loaded.file ?? '(embedded defaults)').recipients
    : [];
  return kit.render(
    request,
    reply,
    'admin-list',
    {
      list,
      fromConfig,
      configFile: ctx.loaded.file ?? 'the embedded defaults',
      configured,
      stored: await kit.store.listSubscribers(list.id),
      filters: {
        actors: list.filters.actors.join(', ') || 'all',
        topics: list.filters.topics.join(', ') || 'all',
        kinds: list.filters.kinds.join(', '),
      },
      form: formView(ctx.watchlist, extra.formValues ?? valuesOf(list), extra.errors ?? {}),
      notice: extra.notice ?? null,
      problems: extra.problems ?? [],
      subscribeUrl: list.signup
        ? new URL(`subscribe/${encodeURIComponent(list.id)}`, kit.publicUrl()).toString()
        : null,
    },
    { status },
  );
}

function listDetailRoutes(app: FastifyInstance, kit: WebKit): void {
  app.get('/lists/:id', async (request, reply) => {
    const list = await listOf(kit, request, false);
    return list ? renderDetail(kit, request, reply, list) : notFound(kit, request, reply);
  });

  app.post('/lists/:id', async (request, reply) => {
    const list = await listOf(kit, request, true);
    if (!list) return notFound(kit, request, reply);
    const values = { ...formValues(request.body), id: list.id };
    const parsed = listFormSchema((await kit.context()).watchlist).safeParse(values);
    if (!parsed.success)
      return renderDetail(
        kit,
        request,
        reply,
        list,
        { formValues: values, errors: fieldErrors(parsed.error, values) },
        400,
      );
    const saved = await kit.store.saveWebList(toWebList(parsed.data));
    const fresh = (await kit.lists()).find((l) => l.id === saved.id) ?? list;
    return renderDetail(kit, request, reply, fresh, { notice: 'Saved.' });
  });

  app.post('/lists/:id/delete', async (request, reply) => {
    const list = await listOf(kit, request, true);
    if (!list) return notFound(kit, request, reply);
    await kit.store.deleteWebList(list.id);
    return reply.redirect('/admin/lists', 303);
  });
}

function subscriberRoutes(app: FastifyInstance, kit: WebKit): void {
  // Subscribers can be added to any list (a config list's own stay in the file; these join them).
  app.post('/lists/:id/subscribers', async (request, reply) => {
    const list = await listOf(kit, request, false);
    if (!list) return notFound(kit, request, reply);
    const values = formValues(request.body);
    const parsed = SubscriberForm.safeParse(values);
    if (!parsed.success)
      return renderDetail(kit, request, reply, list, { errors: fieldErrors(parsed.error, values) }, 400);
    await kit.store.addSubscriber({
      listId: list.id,
      email: parsed.data.email,
      name: parsed.data.name ?? null,
      status: 'confirmed',
    });
    return renderDetail(kit, request, reply, list, { notice: `Added ${parsed.data.email}.` });
  });

  app.post('/lists/:id/subscribers/remove', async (request, reply) => {
    const list = await listOf(kit, request, false);
    if (!list) return notFound(kit, request, reply);
    const values = formValues(request.body);
    const parsed = z.object({ email: EmailField }).safeParse(values);
    if (!parsed.success)
      return renderDetail(kit, request, reply, list, { errors: fieldErrors(parsed.error, values) }, 400);
    const removed = await kit.store.removeSubscriber(list.id, parsed.data.email);
    return renderDetail(kit, request, reply, list, {
      notice: removed ? `Removed ${parsed.data.email}.` : `${parsed.data.email} was not a stored subscriber.`,
    });
  });

  app.post('/lists/:id/import', async (request, reply) => {
    const list = await listOf(kit, request, false);
    if (!list) return notFound(kit, request, reply);
    const values = formValues(request.body);
    const parsed = ImportForm.safeParse(values);
    if (!parsed.success)
      return renderDetail(kit, request, reply, list, { errors: fieldErrors(parsed.error, values) }, 400);
    // Good rows are imported and bad ones listed by line: one bad address does not stop the batch.
    const csv = parseSubscribersCsv(parsed.data.csv, 'CSV');
    for (const r of csv.recipients)
      await kit.store.addSubscriber({ listId: list.id, email: r.email, name: r.name, status: 'confirmed' });
    const notice = `Imported ${csv.recipients.length} subscriber${csv.recipients.length === 1 ? '' : 's'}${csv.problems.length ? `; ${csv.problems.length} line${csv.problems.length === 1 ? '' : 's'} skipped` : ''}.`;
    return renderDetail(
      kit,
      request,
      reply,
      list,
      { notice, problems: csv.problems },
      csv.recipients.length === 0 ? 400 : 200,
    );
  });

  app.get('/lists/:id/subscribers.csv', async (request, reply) => {
    const list = await listOf(kit, request, false);
    if (!list) return notFound(kit, request, reply);
    const lines = ['email,name,status,source'];
    if (kit.configListIds.has(list.id)) {
      const file = (await kit.context()).loaded.file ?? '(embedded defaults)';
      for (const r of resolveSubscribers(list, file).recipients)
        lines.push([r.email, r.name ?? '', 'confirmed', 'config'].map(csvCell).join(','));
    }
    for (const s of await kit.store.listSubscribers(list.id))
      lines.push([s.email, s.name ?? '', s.status, 'store'].map(csvCell).join(','));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${list.id}-subscribers.csv"`)
      .send(`${lines.join('\r\n')}\r\n`);
  });
}
