// Compose once, personalize per recipient. A list's digest is the same for every subscriber except the
// To header, the Message-ID and the unsubscribe link (in the List-Unsubscribe header and in both body
// parts), so the MIME message is built and quoted-printable-encoded once per run and each recipient's
// copy is a few string joins. Pure: data in, text out.
//
// Why this stays correct: quoted-printable line wrapping only depends on the current line, and a soft
// line break ("=" + newline) ends a line without adding anything to the decoded text. Each body is split
// at the unsubscribe placeholder, each piece is encoded on its own, and the pieces are joined with soft
// breaks, so a piece never depends on the link that comes before it.
import { createHash, randomBytes } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import MimeNode from 'nodemailer/lib/mime-node';
import { encodeWord, foldLines, isPlainText, quoteString } from 'nodemailer/lib/mime-funcs';
import { encode as qpEncode, wrap as qpWrap } from 'nodemailer/lib/qp';
import type { MailConfig, SubscriberList } from '../config/schema.js';
import { PREFERENCES_PLACEHOLDER, UNSUBSCRIBE_PLACEHOLDER, type RenderedDigest } from '../model.js';

/** A body piece: encoded text shared by everyone, or the place one of the recipient's links goes. */
type Piece = string | { link: 'text' | 'html'; which: LinkKind };
type LinkKind = 'unsubscribe' | 'preferences';

export interface MessageTemplate {
  /** The envelope sender (MAIL FROM). */
  envelopeFrom: string;
  /** Headers shared by every copy, each line ending in the template's newline. */
  sharedHeaders: string;
  /** The body after the headers' blank line: shared encoded pieces and link slots. */
  body: Piece[];
  /** Message-ID domain (the From address's domain). */
  domain: string;
  digestId: string;
  newline: '\r\n' | '\n';
}

/** What differs from one recipient to the next. */
export interface Personal {
  to: string;
  toName: string | null;
  messageId: string;
  /** Link shown in the body (the signed https link, or the mailto). */
  link: string;
  /** The List-Unsubscribe value (`<https…>, <mailto…>`). */
  listUnsubscribe: string;
  /** Their signed preferences page ('' when the digest links none). */
  preferences: string;
}

const LINE = 76;

export const domainOf = (from: string) => /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'stancewatch.invalid';
export const addressOf = (from: string) => /<([^>]+)>/.exec(from)?.[1] ?? from.trim();

/** Quoted-printable for one piece of a body, wrapped at 76 columns, lines ending in `newline`. */
function qp(text: string, newline: string): string {
  const encoded = qpWrap(qpEncode(text.replace(/\r?\n/g, '\r\n')), LINE);
  return newline === '\r\n' ? encoded : encoded.replace(/\r\n/g, '\n');
}

/** Splits a body at the link placeholders into encoded pieces with link slots, joined by soft line breaks. */
function bodyPieces(text: string, slot: 'text' | 'html', newline: string): Piece[] {
  const soft = `=${newline}`;
  const out: Piece[] = [];
  const placeholders = new RegExp(
    `(${[UNSUBSCRIBE_PLACEHOLDER, PREFERENCES_PLACEHOLDER].map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`,
  );
  for (const segment of text.split(placeholders)) {
    if (segment === UNSUBSCRIBE_PLACEHOLDER || segment === PREFERENCES_PLACEHOLDER)
      out.push(
        soft,
        { link: slot, which: segment === UNSUBSCRIBE_PLACEHOLDER ? 'unsubscribe' : 'preferences' },
        soft,
      );
    else if (segment) out.push(qp(segment, newline));
  }
  return out;
}

function part(contentType: string, newline: string): string {
  return [
    `Content-Type: ${contentType}; charset=utf-8`,
    'Content-Transfer-Encoding: quoted-printable',
    '',
    '',
  ].join(newline);
}

/** Builds the shared part of every copy of this digest. */
export function composeTemplate(options: {
  mail: MailConfig;
  list: SubscriberList;
  digest: RenderedDigest;
  date: Date;
  /** One-Click unsubscribe is advertised only with an https link. */
  oneClick: boolean;
  newline?: '\r\n' | '\n';
}): MessageTemplate {
  const { mail, list, digest } = options;
  const newline = options.newline ?? '\r\n';
  const domain = domainOf(mail.from);
  const html = digest.html;
  const boundary = `--_sw-${randomBytes(12).toString('hex')}`;
  const root = new MimeNode(html ? 'multipart/alternative' : 'text/plain; charset=utf-8');
  root.setHeader({
    from: mail.from,
    ...(mail.replyTo ? { 'reply-to': mail.replyTo } : {}),
    subject: digest.subject,
    date: options.date,
    'list-id': `${list.name.replace(/[<>"\r\n]/g, '')} <${list.id}.${domain}>`,
    ...(options.oneClick ? { 'list-unsubscribe-post': 'List-Unsubscribe=One-Click' } : {}),
    // Tells autoresponders (out-of-office, vacation) not to answer a digest (RFC 3834).
    'auto-submitted': 'auto-generated',
    'x-stancewatch-digest': digest.id,
  });
  // MimeNode adds its own Message-ID; ours is per recipient.
  // MimeNode encodes and folds the shared headers; its own Message-ID and Content-Type (with its
  // boundary) are replaced by ours.
  const lines = root
    .buildHeaders()
    .split('\r\n')
    .filter(
      (l) => !/^(Message-ID|Content-Type|Content-Transfer-Encoding):/i.test(l) && !/^\s+boundary=/i.test(l),
    );
  let body: Piece[];
  if (html) {
    lines.push(`Content-Type: multipart/alternative; boundary="${boundary}"`);
    body = [
      `--${boundary}${newline}${part('text/plain', newline)}`,
      ...bodyPieces(digest.text, 'text', newline),
      `${newline}--${boundary}${newline}${part('text/html', newline)}`,
      ...bodyPieces(html, 'html', newline),
      `${newline}--${boundary}--${newline}`,
    ];
  } else {
    lines.push('Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable');
    body = [...bodyPieces(digest.text, 'text', newline), newline];
  }
  return {
    envelopeFrom: addressOf(mail.from),
    sharedHeaders: lines
      .filter((l) => l !== '')
      .map((l) => `${l}${newline}`)
      .join(''),
    body,
    domain,
    digestId: digest.id,
    newline,
  };
}

/** The To header's value: the address, with the name encoded when it is not plain ASCII. */
function formatTo(address: string, name: string | null): string {
  if (!name) return address;
  const shown = isPlainText(name) ? quoteString(name) : encodeWord(name, 'Q', 52);
  return `${shown} <${address}>`;
}

/**
 * The Message-ID of one recipient's copy: the same digest to the same person always gets the same one,
 * so a resend after a crash (between the server's 250 and the ledger write) is dropped as a duplicate
 * by the receiving side. `fresh` (a deliberate `--force` resend) adds a unique part, so it is not.
 */
export function messageIdFor(
  template: Pick<MessageTemplate, 'digestId' | 'domain'>,
  to: string,
  fresh = false,
) {
  const recipientHash = createHash('sha256').update(to.toLowerCase()).digest('hex').slice(0, 12);
  const resend = fresh ? `.r${Date.now().toString(36)}${randomBytes(3).toString('hex')}` : '';
  return `<${template.digestId}.${recipientHash}${resend}@${template.domain}>`;
}

/** One recipient's copy: their headers, then the shared body with their link in its slots. */
export function personalize(template: MessageTemplate, p: Personal): string {
  const nl = template.newline;
  const fold = (line: string) => foldLines(line, LINE).replace(/\r?\n/g, nl);
  const encoded = (url: string) => ({ text: qp(url, nl), html: qp(url.replace(/&/g, '&amp;'), nl) });
  const links = { unsubscribe: encoded(p.link), preferences: encoded(p.preferences) };
  let out =
    fold(`To: ${formatTo(p.to, p.toName)}`) +
    nl +
    `Message-ID: ${p.messageId}${nl}` +
    fold(`List-Unsubscribe: ${p.listUnsubscribe}`) +
    nl +
    template.sharedHeaders +
    nl;
  for (const piece of template.body) {
    out += typeof piece === 'string' ? piece : links[piece.which][piece.link];
  }
  return out;
}

/** A one-off plain-text message (a sign-up confirmation): the whole raw message for a mailer. */
export async function composeSimple(m: {
  from: string;
  replyTo?: string;
  to: string;
  subject: string;
  text: string;
  messageId: string;
  date: Date;
}): Promise<string> {
  const composer = new MailComposer({
    from: m.from,
    ...(m.replyTo ? { replyTo: m.replyTo } : {}),
    to: m.to,
    subject: m.subject,
    text: m.text,
    messageId: m.messageId,
    date: m.date,
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
  const raw = await composer.compile().build();
  return raw.toString('utf8');
}
