// A real `stancewatch serve` on 127.0.0.1 (port 0) over a temporary SQLite store, with the bundled feeds
// and a config whose publicUrl is the server's own address, so digests delivered by `run` carry links
// that reach it. Also a small cookie-keeping HTTP client for the tests.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCommand, type RunResult } from '../../src/commands/run.js';
import { silentLogger } from '../../src/log.js';
import { loadContextConfig } from '../../src/pipeline/context.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';
import { startServer, type RateLimits, type RunningServer } from '../../src/web/server.js';

export const ADMIN_PASSWORD = 'correct horse battery staple';
export const SECRET = 'test-secret-0123456789abcdef';

export interface WebFixture {
  dir: string;
  /** The config with publicUrl pointing at the server. */
  configPath: string;
  outbox: string;
  store: Store;
  server: RunningServer;
  url: string;
  env: NodeJS.ProcessEnv;
  run(options?: { force?: boolean; list?: string[] }): Promise<RunResult>;
  close(): Promise<void>;
}

export async function startWebFixture(
  options: { rateLimits?: Partial<RateLimits>; smtpPort?: number; subscribers?: string[] } = {},
): Promise<WebFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'sw-web-'));
  cpSync(resolve('feeds'), join(dir, 'feeds'), { recursive: true });
  const outbox = join(dir, 'outbox');
  const config = (publicUrl: string | null) => ({
    sources: [{ type: 'folder', path: join(dir, 'feeds') }],
    store: { driver: 'sqlite', path: join(dir, 'store.db') },
    mail: {
      from: 'stancewatch <digest@example.org>',
      outbox,
      ...(options.smtpPort ? { smtp: { host: '127.0.0.1', port: options.smtpPort, pool: false } } : {}),
      ...(publicUrl ? { publicUrl } : {}),
    },
    lists: [
      {
        id: 'news',
        name: 'News desk',
        subscribers: options.subscribers ?? ['a@example.org', 'b@example.org'],
        sendEmpty: true,
      },
    ],
  });
  const first = join(dir, 'bootstrap.config.json');
  writeFileSync(first, JSON.stringify(config(null)));
  const env = { STANCEWATCH_UNSUBSCRIBE_SECRET: SECRET, STANCEWATCH_ADMIN_PASSWORD: ADMIN_PASSWORD };
  const { loaded, watchlist } = loadContextConfig({ config: first });
  const store = createSqliteStore({ path: join(dir, 'store.db') });
  const server = await startServer(
    {
      ctx: { loaded, watchlist, store, logger: silentLogger, now: () => new Date() },
      env,
      rateLimits: options.rateLimits,
    },
    { port: 0, host: '127.0.0.1' },
  );
  const configPath = join(dir, 'stancewatch.config.json');
  writeFileSync(configPath, JSON.stringify(config(server.url)));
  return {
    dir,
    configPath,
    outbox,
    store,
    server,
    url: server.url,
    env,
    run: (o = {}) => runCommand({ config: configPath, logger: silentLogger, write: () => {}, env, ...o }),
    async close() {
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every file under `dir` ending in `suffix`, oldest folder first. */
export function findFiles(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(suffix))
    .map((f) => join(dir, f))
    .sort();
}

/** A header of a raw message, unfolded. */
export function rawHeader(eml: string, name: string): string | null {
  const head = eml.split(/\r?\n\r?\n/)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? line.slice(name.length + 1).trim() : null;
}

/** The https/http URL in a List-Unsubscribe header (the one-click one, not the mailto). */
export function oneClickUrl(emlPath: string): string {
  const header = rawHeader(readFileSync(emlPath, 'utf8'), 'List-Unsubscribe');
  const url = /<(https?:[^>]+)>/.exec(header ?? '')?.[1];
  if (!url) throw new Error(`no http(s) List-Unsubscribe URL in ${emlPath}: ${header}`);
  return url;
}

/** A fetch client that keeps cookies (like a browser, minus SameSite) and never follows redirects. */
export function createClient(base: string) {
  const jar = new Map<string, string>();
  const request = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (jar.size > 0) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(new URL(path, base), { ...init, headers, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) jar.delete(name);
      else jar.set(name, value);
    }
    return { res, body: await res.text() };
  };
  const form = (fields: Record<string, string | string[]>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
    return p;
  };
  return {
    jar,
    get: (path: string) => request(path),
    post: (path: string, fields: Record<string, string | string[]>) =>
      request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form(fields).toString(),
      }),
    /** The CSRF token in the first form of a page. */
    csrfOf: (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '',
    async login(user = 'ana', password = ADMIN_PASSWORD) {
      const page = await request('/admin/login');
      return this.post('/admin/login', { _csrf: this.csrfOf(page.body), user, password });
    },
  };
}
