// The one stylesheet of the web pages (no front-end build: a plain CSS file next to the templates).
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { WEB_TEMPLATES_DIR } from './render.js';

export function registerStatic(app: FastifyInstance): void {
  const css = readFileSync(`${WEB_TEMPLATES_DIR}web.css`, 'utf8');
  app.get('/static/web.css', (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(css),
  );
}
