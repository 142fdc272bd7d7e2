// Admin: the run desk. Preview a list's next digest, send one test copy, run a digest now, and see runs,
// feeds and failed deliveries. "Run now" goes through runDigests, the same exactly-once path and list
// lock as `stancewatch run` and the worker; it runs in the background (it may wait for the lock), and the
// page shows its run row.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SubscriberList } from '../config/schema.js';
import { PREFERENCES_PLACEHOLDER, UNSUBSCRIBE_PLACEHOLDER } from '../model.js';
import { composeDigest, listLockName, runDigests } from '../pipeline/digest.js';
import { sourceId } from '../pipeline/sources.js';
import { EmailField, fieldErrors, formValues, type FieldErrors } from './forms.js';
import type { WebKit } from './server.js';

export const TestSendForm = z.object({ email: EmailField });
export type TestSendForm = z.infer<typeof TestSendForm>;

const IdParams = z.object({ id: z.string().min(1).max(100) });

async function listOf(kit: WebKit, request: FastifyRequest): Promise<SubscriberList | null> {
  const params = IdParams.safeParse(request.params);
  if (!params.success) return null;
  return (await kit.lists()).find((l) => l.id === params.data.id) ?? null;
}

async function renderDesk(
  kit: WebKit,
  request: FastifyRequest,
  reply: FastifyReply,
  extra: { notice?: string | null; errorList?: string | null; errors?: FieldErrors; email?: string } = {},
  status = 200,
) {
  const ctx = await kit.context();
  const lists = [];
  for (const list of ctx.loaded.config.lists) {
    const lock = await kit.store.getLease(listLockName(list.id));
    lists.push({ id: list.id, name: list.name, running: lock !== null, lockHolder: lock?.holder ?? null });
  }
  const sources = [];
  for (const source of ctx.loaded.config.sources) {
    const id = sourceId(source);
    sources.push({ id, type: source.type, state: await kit.store.getSourceState(id) });
  }
  return kit.render(
    request,
    reply,
    'admin-run',
    {
      lists,
      runs: (await kit.store.listRuns({ limit: 30 })).map((r) => ({
        ...r,
        countsText: Object.entries(r.counts)
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
      })),
      sources,
      failed: (await kit.store.listDeliveries({ status: 'failed' })).slice(-100).reverse(),
      notice: extra.notice ?? null,
      errorList: extra.errorList ?? null,
      errors: extra.errors ?? {},
      email: extra.email ?? '',
    },
    { status },
  );
}

export function runDeskPages(app: FastifyInstance, kit: WebKit): void {
  app.get('/run', async (request, reply) => {
    const started = z.object({ started: z.string().max(100).optional() }).safeParse(request.query);
    const notice =
      started.success && started.data.started
        ? `Started a digest run for list ${started.data.started}; its row below says when it is done (reload).`
        : null;
    return renderDesk(kit, request, reply, { notice });
  });

  app.get('/run/:id/preview', async (request, reply) => {
    const list = await listOf(kit, request);
    if (!list) return reply.callNotFound();
    const digest = await composeDigest(await kit.context(), list, {});
    // The preview is nobody's copy: the per-recipient links go nowhere.
    const fill = (s: string) =>
      s.split(UNSUBSCRIBE_PLACEHOLDER).join('#').split(PREFERENCES_PLACEHOLDER).join('#');
    return kit.sendDigestHtml(
      reply,
      digest.html ? fill(digest.html) : null,
      fill(digest.text),
      digest.subject,
    );
  });

  app.post('/run/:id/test', async (request, reply) => {
    const list = await listOf(kit, request);
    if (!list) return reply.callNotFound();
    const values = formValues(request.body);
    const parsed = TestSendForm.safeParse(values);
    if (!parsed.success)
      return renderDesk(
        kit,
        request,
        reply,
        { errorList: list.id, errors: fieldErrors(parsed.error, values), email: String(values.email ?? '') },
        400,
      );
    const [result] = await runDigests(await kit.context(), {
      listIds: [list.id],
      to: parsed.data.email,
      mailer: kit.mailer,
      env: kit.env,
    });
    const ok = result && result.outcome !== 'failed' && (result.delivery?.sent ?? 0) > 0;
    const notice = ok
      ? `Sent a test copy of “${result.subject ?? list.name}” to ${parsed.data.email}.`
      : `The test copy to ${parsed.data.email} was not sent: ${result?.error ?? 'nothing to send'}.`;
    return renderDesk(kit, request, reply, { notice, email: parsed.data.email }, ok ? 200 : 502);
  });

  app.post('/run/:id/now', async (request, reply) => {
    const list = await listOf(kit, request);
    if (!list) return reply.callNotFound();
    const ctx = await kit.context();
    kit.track(
      runDigests(ctx, {
        listIds: [list.id],
        mailer: kit.mailer,
        env: kit.env,
        holder: kit.holder,
        stop: kit.closing,
      }).catch((error: unknown) =>
        ctx.logger.error(
          `serve: run now for list ${list.id}: ${error instanceof Error ? error.message : String(error)}`,
        ),
      ),
    );
    return reply.redirect(`/admin/run?started=${encodeURIComponent(list.id)}`, 303);
  });
}
