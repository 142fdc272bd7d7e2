// The admin login and logout (outside the guarded /admin context: the login page is what it redirects to).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { checkAdminPassword, endSession, startSession } from './auth.js';
import { fieldErrors, formValues } from './forms.js';
import type { WebKit } from './server.js';

export const LoginForm = z.object({
  user: z.string().trim().min(1, 'expected your name (it is recorded with what you change)').max(80),
  password: z.string().min(1, 'expected the admin password').max(1000),
});
export type LoginForm = z.infer<typeof LoginForm>;

export function loginPages(app: FastifyInstance, kit: WebKit): void {
  const disabled = kit.adminCredential === null;
  app.get('/admin/login', (request, reply) => {
    if (request.adminSession) return reply.redirect('/admin/lists', 303);
    return kit.render(request, reply, 'login', { disabled });
  });

  app.post(
    '/admin/login',
    { config: kit.rateLimit.login, preHandler: app.csrfProtection },
    async (request, reply) => {
      const values = formValues(request.body);
      if (!kit.adminCredential) return kit.render(request, reply, 'login', { disabled }, { status: 503 });
      const parsed = LoginForm.safeParse(values);
      if (!parsed.success)
        return kit.render(
          request,
          reply,
          'login',
          { values: { user: values.user }, errors: fieldErrors(parsed.error, values) },
          { status: 400 },
        );
      if (!checkAdminPassword(kit.adminCredential, parsed.data.password))
        return kit.render(
          request,
          reply,
          'login',
          { values: { user: parsed.data.user }, errors: { password: 'wrong password' } },
          { status: 401 },
        );
      await startSession(kit.store, reply, parsed.data.user, kit.now(), { secure: kit.secureCookies() });
      return reply.redirect('/admin/lists', 303);
    },
  );

  app.post('/admin/logout', { preHandler: app.csrfProtection }, async (request, reply) => {
    await endSession(kit.store, request, reply, { secure: kit.secureCookies() });
    return reply.redirect('/admin/login', 303);
  });
}
