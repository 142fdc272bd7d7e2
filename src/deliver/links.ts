// Signed links to the subscriber pages of `stancewatch serve` (preferences, sign-up confirmation), in the
// scheme of unsubscribe.ts: an HMAC-SHA256 with the unsubscribe secret over what the link is for, the
// list, the address and when it expires. The purpose is part of what is signed, so an unsubscribe token
// never opens a preferences page and a preferences token never confirms a sign-up.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type LinkPurpose = 'preferences' | 'confirm';

/** How long each kind of link works: a footer link for a few months, a sign-up confirmation for two days. */
export const LINK_TTL_MS: Record<LinkPurpose, number> = {
  preferences: 120 * 24 * 3600_000,
  confirm: 48 * 3600_000,
};

const PATHS: Record<LinkPurpose, (listId: string) => string> = {
  preferences: () => 'preferences',
  confirm: (listId) => `subscribe/${encodeURIComponent(listId)}/confirm`,
};

export function signLink(
  secret: string,
  purpose: LinkPurpose,
  listId: string,
  email: string,
  expires: string,
): string {
  return createHmac('sha256', secret)
    .update(`${purpose}\n${listId}\n${email.trim().toLowerCase()}\n${expires}`)
    .digest('base64url');
}

export type LinkCheck = 'ok' | 'expired' | 'invalid';

/** Checks a link's token (timing-safe) and then its expiry; a forged expiry fails the signature. */
export function verifyLink(
  secret: string,
  purpose: LinkPurpose,
  link: { list: string; email: string; expires: string; token: string },
  now: Date,
): LinkCheck {
  const expected = Buffer.from(signLink(secret, purpose, link.list, link.email, link.expires));
  const given = Buffer.from(link.token);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
  const until = Date.parse(link.expires);
  if (Number.isNaN(until) || until <= now.getTime()) return 'expired';
  return 'ok';
}

export function signedLinkUrl(
  publicUrl: string,
  secret: string,
  purpose: LinkPurpose,
  listId: string,
  email: string,
  now: Date,
): string {
  const expires = new Date(now.getTime() + LINK_TTL_MS[purpose]).toISOString();
  const url = new URL(PATHS[purpose](listId), publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`);
  url.searchParams.set('list', listId);
  url.searchParams.set('email', email);
  url.searchParams.set('expires', expires);
  url.searchParams.set('token', signLink(secret, purpose, listId, email, expires));
  return url.toString();
}
