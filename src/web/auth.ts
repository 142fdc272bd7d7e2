// Admin authentication: one password from the environment, kept only as a scrypt hash (with a random
// salt, made at start-up) and compared in constant time; sessions are random ids in an HttpOnly,
// SameSite=Strict cookie, stored hashed in the store so a stolen database holds no usable session.
import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AdminSession, Store } from '../store/types.js';

/** The environment variable with the admin password. */
export const ADMIN_PASSWORD_ENV = 'STANCEWATCH_ADMIN_PASSWORD';
export const SESSION_COOKIE = 'sw_session';
/** An admin session lasts a working day. */
export const SESSION_TTL_MS = 12 * 3600_000;

export interface AdminCredential {
  salt: Buffer;
  hash: Buffer;
}

const KEY_LENGTH = 64;

/** Hashes the password once at start-up; the plain text is not kept. */
export function hashAdminPassword(password: string): AdminCredential {
  const salt = randomBytes(16);
  return { salt, hash: scryptSync(password, salt, KEY_LENGTH) };
}

/** Constant-time check: the attempt is hashed the same way and the hashes compared with timingSafeEqual. */
export function checkAdminPassword(credential: AdminCredential, attempt: string): boolean {
  const hash = scryptSync(attempt, credential.salt, KEY_LENGTH);
  return timingSafeEqual(hash, credential.hash);
}

const hashId = (id: string) => createHash('sha256').update(id).digest('hex');

export interface SessionCookieOptions {
  secure: boolean;
}

export async function startSession(
  store: Store,
  reply: FastifyReply,
  user: string,
  now: Date,
  cookie: SessionCookieOptions,
): Promise<AdminSession> {
  const id = randomBytes(32).toString('base64url');
  const session: AdminSession = {
    idHash: hashId(id),
    user,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
  };
  await store.createSession(session);
  reply.setCookie(SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: 'strict',
    secure: cookie.secure,
    path: '/',
    maxAge: SESSION_TTL_MS / 1000,
  });
  return session;
}

/** The session the request's cookie names, or null. */
export async function sessionOf(store: Store, request: FastifyRequest): Promise<AdminSession | null> {
  const id = request.cookies[SESSION_COOKIE];
  if (!id || id.length > 100) return null;
  return store.getSession(hashId(id));
}

export async function endSession(
  store: Store,
  request: FastifyRequest,
  reply: FastifyReply,
  cookie: SessionCookieOptions,
): Promise<void> {
  const id = request.cookies[SESSION_COOKIE];
  if (id) await store.deleteSession(hashId(id));
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: cookie.secure, path: '/' });
}
