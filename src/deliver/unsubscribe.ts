// Signed unsubscribe links: an HMAC-SHA256 over list and address, so a link cannot be forged for
// somebody else's address or another list.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signUnsubscribe(secret: string, listId: string, email: string): string {
  return createHmac('sha256', secret).update(`${listId}\n${email.trim().toLowerCase()}`).digest('base64url');
}

export function verifyUnsubscribe(secret: string, listId: string, email: string, token: string): boolean {
  const expected = Buffer.from(signUnsubscribe(secret, listId, email));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function unsubscribeUrl(publicUrl: string, secret: string, listId: string, email: string): string {
  const url = new URL('unsubscribe', publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`);
  url.searchParams.set('list', listId);
  url.searchParams.set('email', email);
  url.searchParams.set('token', signUnsubscribe(secret, listId, email));
  return url.toString();
}
