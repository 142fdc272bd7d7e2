// The review desk mounted in a minimal real Fastify server on 127.0.0.1, with a test session: the
// ReviewDeskSession interface the real server implements with its login and CSRF plugins. Here a
// cookie `sid=analyst` is the signed-in analyst and one random token per server is the CSRF token.
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { PipelineContext } from '../../src/pipeline/context.js';
import { registerReviewRoutes, type ReviewDeskSession } from '../../src/web/review.js';

export interface ReviewServer {
  app: FastifyInstance;
  base: string;
  token: string;
  close(): Promise<void>;
}

export async function startReviewServer(context: PipelineContext): Promise<ReviewServer> {
  const token = randomBytes(16).toString('hex');
  const session: ReviewDeskSession = {
    user: (request) =>
      (request.headers.cookie ?? '').split(/;\s*/).includes('sid=analyst') ? 'Ana Analyst' : null,
    csrfToken: () => token,
    checkCsrf: (_request, posted) => posted === token,
  };
  const app = Fastify();
  await registerReviewRoutes(app, { context, session });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, base, token, close: () => app.close() };
}
