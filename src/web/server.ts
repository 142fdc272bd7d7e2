// `stancewatch serve`: one Fastify app built from its dependencies (config, watchlist, store, mailer).
// Security lives here, once, for every page module: security headers and a Content-Security-Policy on
// every response, the admin session on every request, rate limits, and one error handler that turns any
// failure into a page without a stack trace. Admin modules are mounted under /admin in a context whose
// hooks refuse requests without a session and POSTs without a valid CSRF token, so a page cannot forget.
import { createHmac } from 'node:crypto';
import { hostname } from 'node:os';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { SubscriberList } from '../config/schema.js';
import { createMailer, type Mailer } from '../deliver/index.js';
import { StancewatchError } from '../errors.js';
import type { PipelineContext } from '../pipeline/context.js';
import { withStoreLists } from '../pipeline/lists.js';
import type { AdminSession, Store } from '../store/types.js';
import { ADMIN_PASSWORD_ENV, hashAdminPassword, sessionOf, type AdminCredential } from './auth.js';
import { adminListPages } from './admin-lists.js';
import { loginPages } from './login.js';
import { publicPages } from './public.js';
import { createPageRenderer, type PageRenderer } from './render.js';
import { registerReviewRoutes } from './review.js';
import { runDeskPages } from './run-desk.js';
import { registerStatic } from './static.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in admin, or null (resolved from the session cookie before any handler runs). */
    adminSession: AdminSession | null;
  }
}

export interface RateLimit {
  max: number;
  timeWindowMs: number;
}

export interface RateLimits {
  /** Login attempts per client address. @default 10 per 15 minutes */
  login: RateLimit;
  /** Requests to each public page per client address. @default 30 per minute */
  public: RateLimit;
  /**
   * One-click unsubscribe POSTs per client address. Mailbox providers send them from a few addresses of
   * their own for all their users, so this is far higher than `public`. @default 600 per minute
   */
  oneClick: RateLimit;
}

export interface WebDeps {
  /** Config as loaded from the file (its lists are the file's own; browser lists are read per request). */
  ctx: PipelineContext;
  env: NodeJS.ProcessEnv;
  /** Base of the links the server makes; default `mail.publicUrl`, else the address it listens on. */
  publicUrl?: string;
  /** The mailer for confirmations, test copies and runs; default one from the config (closed with the app). */
  mailer?: Mailer;
  rateLimits?: Partial<RateLimits>;
  /** More admin page modules (e.g. the review desk), mounted like the built-in ones. */
  adminModules?: WebModule[];
}

/** What a page module gets: the store, the lists as they are now, rendering and the security helpers. */
export interface WebKit {
  store: Store;
  /** A pipeline context whose lists are the config file's plus the browser lists as stored right now. */
  context(): Promise<PipelineContext>;
  /** Ids of the lists defined in the config file (read-only in the browser). */
  configListIds: ReadonlySet<string>;
  /** Every list (config first, then browser lists) as stored right now. */
  lists(): Promise<SubscriberList[]>;
  /** Renders templates/web/<name>.hbs in the layout and sends it (adds the CSRF token on admin pages). */
  render(
    request: FastifyRequest,
    reply: FastifyReply,
    name: string,
    data?: Record<string, unknown>,
    options?: { status?: number },
  ): FastifyReply;
  pages: PageRenderer;
  /** Sends a rendered digest (HTML or text) under a CSP that allows its inline styles and nothing active. */
  sendDigestHtml(reply: FastifyReply, html: string | null, text: string, title: string): FastifyReply;
  /** The base URL of links the server makes (ends with "/"). */
  publicUrl(): string;
  /** The HMAC secret that signs subscriber links. */
  secret: string;
  /** The environment secrets are read from (pass it to runDigests). */
  env: NodeJS.ProcessEnv;
  mailer: Mailer;
  now(): Date;
  /** Route config for the rate limit of public pages and of the login form. */
  rateLimit: Record<keyof RateLimits, { rateLimit: { max: number; timeWindow: number } }>;
  /** Whether cookies get the Secure flag (publicUrl is https). */
  secureCookies(): boolean;
  /** The admin password's hash, or null when STANCEWATCH_ADMIN_PASSWORD is unset (admin pages disabled). */
  adminCredential: AdminCredential | null;
  /** Who runs "run now" digests (the list lock's holder). */
  holder: string;
  /** Aborted when the server closes: background runs stop before their next recipient. */
  closing: AbortSignal;
  /** Background work (a "run now") the server waits for before it closes. */
  track(work: Promise<unknown>): void;
}

/** A page module: registers its routes on `app` (already behind the session and CSRF checks for admin). */
export type WebModule = (app: FastifyInstance, kit: WebKit) => Promise<void> | void;

const PAGE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
/** Rendered digests carry inline styles (email HTML); sandboxed, so nothing in them can run or submit. */
const DIGEST_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox allow-popups allow-popups-to-escape-sandbox";

const DEFAULT_LIMITS: RateLimits = {
  login: { max: 10, timeWindowMs: 15 * 60_000 },
  public: { max: 30, timeWindowMs: 60_000 },
  oneClick: { max: 600, timeWindowMs: 60_000 },
};

function requireSecret(deps: WebDeps): string {
  const name = deps.ctx.loaded.config.mail.unsubscribeSecretEnv;
  const secret = deps.env[name];
  if (!secret || secret.length < 16) {
    throw new StancewatchError(
      `mail.unsubscribeSecretEnv: the environment variable ${name} is ${secret ? 'too short' : 'empty'} (expected a random secret of at least 16 characters; it signs unsubscribe, preferences and confirmation links and the server's cookies)`,
      { exitCode: 2 },
    );
  }
  return secret;
}

function errorPage(error: FastifyError): { status: number; title: string; message: string } {
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
  if (error.code?.startsWith('FST_CSRF'))
    return {
      status: 403,
      title: 'Form expired',
      message:
        'This form has expired or did not come from this site. Go back, reload the page and try again.',
    };
  if (status === 429)
    return {
      status,
      title: 'Too many requests',
      message: 'Too many requests from your address. Wait a few minutes and try again.',
    };
  if (status === 413) return { status, title: 'Too large', message: 'What you sent is too large.' };
  if (status < 500) return { status, title: 'Bad request', message: 'The request could not be read.' };
  return {
    status,
    title: 'Something went wrong',
    message: 'The server could not complete this request; it has been logged.',
  };
}

/** The plugins: signed cookies, forms, per-route rate limits, CSRF tokens bound to the session. */
async function registerPlugins(app: FastifyInstance, secret: string, secure: boolean): Promise<void> {
  const key = (purpose: string) => createHmac('sha256', secret).update(purpose).digest('base64url');
  await app.register(fastifyCookie, { secret: key('stancewatch cookie signing') });
  await app.register(fastifyFormbody);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'sw_csrf',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'strict', path: '/', secure },
    // Tokens are bound to the session, so a token from before a login (or another session) is refused.
    getUserInfo: (request: FastifyRequest) => request.adminSession?.idHash ?? 'anonymous',
    csrfOpts: { hmacKey: key('stancewatch csrf'), userInfo: true },
  });
  // RFC 8058 allows the one-click POST as multipart/form-data; its body is never needed (the signed URL
  // says everything), so it is read and dropped rather than refused.
  app.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'string', bodyLimit: 16 * 1024 },
    (_request, _body, done) => done(null, {}),
  );
}

/** The session on every request; security headers on every response. */
function registerHooks(app: FastifyInstance, store: Store): void {
  app.decorateRequest('adminSession', null);
  app.addHook('onRequest', async (request) => {
    request.adminSession = await sessionOf(store, request);
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', PAGE_CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    // Signed links carry their token in the URL: never hand it to another site in a Referer.
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cache-control', 'no-store');
    return payload;
  });
}

type Kit = WebKit & { setPublicUrl(url: string): void };

function createKit(
  deps: WebDeps,
  secret: string,
  mailer: Mailer,
  closing: AbortSignal,
  background: Set<Promise<unknown>>,
): Kit {
  const { ctx } = deps;
  const limits = { ...DEFAULT_LIMITS, ...deps.rateLimits };
  const password = deps.env[ADMIN_PASSWORD_ENV];
  const pages = createPageRenderer();
  const configLists = ctx.loaded.config.lists;
  let base = deps.publicUrl ?? ctx.loaded.config.mail.publicUrl ?? 'http://127.0.0.1/';
  const merged = () => withStoreLists(ctx.loaded, ctx.store, configLists);
  return {
    store: ctx.store,
    configListIds: new Set(configLists.map((l) => l.id)),
    async context() {
      const loaded = await merged();
      // The server's own runs link back to it, even when the config has no publicUrl.
      const mail = { ...loaded.config.mail, publicUrl: base };
      return { ...ctx, loaded: { ...loaded, config: { ...loaded.config, mail } } };
    },
    lists: async () => (await merged()).config.lists,
    render(request, reply, name, data = {}, options = {}) {
      const session = request.adminSession;
      const csrfToken =
        session || name === 'login' ? reply.generateCsrf({ userInfo: session?.idHash ?? 'anonymous' }) : null;
      return reply
        .status(options.status ?? 200)
        .type('text/html; charset=utf-8')
        .send(pages.page(name, { ...data, csrfToken, adminUser: session?.user ?? null }));
    },
    pages,
    sendDigestHtml(reply, html, text, title) {
      reply.header('content-security-policy', DIGEST_CSP).type('text/html; charset=utf-8');
      return reply.send(html ?? pages.page('digest-text', { title, text }));
    },
    publicUrl: () => base,
    setPublicUrl(url) {
      base = url.endsWith('/') ? url : `${url}/`;
    },
    secret,
    env: deps.env,
    mailer,
    now: ctx.now,
    rateLimit: {
      public: { rateLimit: { max: limits.public.max, timeWindow: limits.public.timeWindowMs } },
      login: { rateLimit: { max: limits.login.max, timeWindow: limits.login.timeWindowMs } },
      oneClick: { rateLimit: { max: limits.oneClick.max, timeWindow: limits.oneClick.timeWindowMs } },
    },
    secureCookies: () => base.startsWith('https:'),
    adminCredential: password ? hashAdminPassword(password) : null,
    holder: `serve:${hostname()}:${process.pid}`,
    closing,
    track(work) {
      background.add(work);
      const done = () => void background.delete(work);
      work.then(done, done);
    },
  };
}

export async function buildServer(deps: WebDeps): Promise<{ app: FastifyInstance; kit: Kit }> {
  const { ctx } = deps;
  const secret = requireSecret(deps);
  const mailer =
    deps.mailer ?? createMailer(ctx.loaded.config.mail, { cwd: ctx.loaded.baseDir, env: deps.env });
  const closing = new AbortController();
  const background = new Set<Promise<unknown>>();
  const kit = createKit(deps, secret, mailer, closing.signal, background);
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024, trustProxy: false });
  await registerPlugins(app, secret, kit.secureCookies());
  registerHooks(app, ctx.store);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const page = errorPage(error);
    if (page.status >= 500)
      ctx.logger.error(`serve: ${request.method} ${request.url.split('?')[0]}: ${error.message}`);
    return kit.render(request, reply, 'error', page, { status: page.status });
  });
  app.setNotFoundHandler((request, reply) =>
    kit.render(
      request,
      reply,
      'error',
      { title: 'Not found', message: 'There is no page here.' },
      { status: 404 },
    ),
  );
  app.addHook('onClose', async () => {
    closing.abort();
    await Promise.allSettled([...background]);
    if (!deps.mailer) await mailer.close();
  });

  registerStatic(app);
  publicPages(app, kit);
  loginPages(app, kit);
  for (const module of [adminListPages, runDeskPages, reviewDeskPages, ...(deps.adminModules ?? [])]) {
    await app.register(async (admin) => mountAdmin(admin, kit, module), { prefix: '/admin' });
  }
  return { app, kit };
}

/**
 * The review desk (src/web/review.ts) as an admin module: the guards of mountAdmin have already checked
 * the session and every non-GET request's CSRF token; its pages use the server's layout and stylesheet.
 */
const reviewDeskPages: WebModule = (admin, kit) =>
  registerReviewRoutes(admin, {
    context: () => kit.context(),
    session: {
      user: (request) => request.adminSession?.user ?? null,
      csrfToken: (request, reply) =>
        reply.generateCsrf({ userInfo: request.adminSession?.idHash ?? 'anonymous' }),
      checkCsrf: () => true,
    },
    renderPage: (page, request, reply) =>
      kit.pages.page('raw', {
        title: page.title,
        html: page.body,
        adminUser: request.adminSession?.user ?? null,
        csrfToken: reply.generateCsrf({ userInfo: request.adminSession?.idHash ?? 'anonymous' }),
      }),
    prefix: '/review',
    urlPrefix: '/admin/review',
    loginPath: '/admin/login',
  });

/**
 * Mounts one admin module in its own context whose hooks guard every route it registers: no session →
 * the login page (GET) or 401; a POST (or any non-GET) without a valid CSRF token for this session → 403.
 */
async function mountAdmin(admin: FastifyInstance, kit: WebKit, module: WebModule): Promise<void> {
  admin.addHook('preHandler', async (request, reply) => {
    if (request.adminSession) return;
    if (request.method === 'GET' || request.method === 'HEAD') return reply.redirect('/admin/login', 303);
    return kit.render(
      request,
      reply,
      'error',
      { title: 'Log in first', message: 'Your session has ended; log in again.' },
      { status: 401 },
    );
  });
  admin.addHook('preHandler', (request, reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD') return done();
    // On a bad token the plugin sends its 403 error (to the error handler) and the route never runs.
    admin.csrfProtection(request, reply, done);
  });
  await module(admin, kit);
}

export interface RunningServer {
  app: FastifyInstance;
  kit: WebKit;
  /** Where it listens, e.g. http://127.0.0.1:8080/ */
  url: string;
  close(): Promise<void>;
}

/** Builds the app and listens; the server's own links point at publicUrl, or at where it listens. */
export async function startServer(
  deps: WebDeps,
  listen: { port: number; host: string },
): Promise<RunningServer> {
  const { app, kit } = await buildServer(deps);
  await app.listen({ port: listen.port, host: listen.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : listen.port;
  const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  const url = `http://${host}:${port}/`;
  if (!deps.publicUrl && !deps.ctx.loaded.config.mail.publicUrl) kit.setPublicUrl(url);
  return { app, kit, url, close: () => app.close() };
}
