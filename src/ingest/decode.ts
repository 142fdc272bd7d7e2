// The one place where bytes become text, for article files, feeds and fetched pages. Pure: bytes and
// what the transport said about them in, text (or a reason) out. Charsets are decoded by iconv-lite.
//
// Rules, in order:
//   1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE) — it cannot be mistaken;
//   2. UTF-16/32 without a BOM: markup whose `<` is laid out wide (XML 1.0 appendix F), or a UTF-16/32
//      charset declared by the transport or the user;
//   3. bytes that are valid UTF-8 (with at least one byte above 0x7f) are UTF-8, whatever is declared: text in a legacy charset is practically
//      never valid UTF-8, while UTF-8 under a stale label is common (a server's default
//      `charset=iso-8859-1`, a page re-saved as UTF-8 with its old `<meta charset>`), and honouring the
//      label there would only produce mojibake;
//   4. otherwise the charset the transport or the user declared (HTTP Content-Type, a sidecar's
//      `charset`), then the document's own declaration (`<?xml … encoding="…"?>`, or for HTML a
//      `<meta charset>` / `http-equiv` in the first 1024 bytes). A declared UTF-8 that is not valid
//      UTF-8 falls through to the next one (servers send `charset=utf-8` for feeds that say otherwise);
//   5. the fallback: an error naming the first invalid byte, or windows-1252 (feeds and pages, as
//      browsers do). Labels follow the WHATWG Encoding
// standard where browsers differ from the IANA name: ISO-8859-1 and US-ASCII are read as windows-1252
// (a superset every browser uses), GB2312 as GBK. A UTF-16/32 label in a declaration read as ASCII is
// a contradiction and is ignored.
import iconv from 'iconv-lite';

/** What kind of document the bytes hold: which in-document declarations may be read. */
export type TextKind = 'xml' | 'html' | 'text';

export interface DecodeOptions {
  kind: TextKind;
  /** A declared charset or a whole Content-Type header value (`text/xml; charset=koi8-r`). */
  declared?: string | null;
  /** Keep a leading byte-order mark as U+FEFF (files keep it so offsets index the text as read). */
  keepBom?: boolean;
  /** When nothing declared decodes and the bytes are not UTF-8: fail, or read them as windows-1252. */
  fallback?: 'error' | 'windows-1252';
}

export type DecodeSource = 'bom' | 'declared' | 'document' | 'default' | 'fallback';

export type Decoded =
  { ok: true; text: string; charset: string; from: DecodeSource } | { ok: false; reason: string };

const BOMS: Array<{ bytes: number[]; charset: string }> = [
  // UTF-32 LE starts like UTF-16 LE; test the longer mark first.
  { bytes: [0xff, 0xfe, 0x00, 0x00], charset: 'utf-32le' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], charset: 'utf-32be' },
  { bytes: [0xef, 0xbb, 0xbf], charset: 'utf-8' },
  { bytes: [0xff, 0xfe], charset: 'utf-16le' },
  { bytes: [0xfe, 0xff], charset: 'utf-16be' },
];

/** WHATWG's reading of labels whose IANA charset browsers never use as such. */
const ALIASES: Record<string, string> = {
  'iso-8859-1': 'windows-1252',
  iso8859_1: 'windows-1252',
  'iso_8859-1': 'windows-1252',
  latin1: 'windows-1252',
  l1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'ansi_x3.4-1968': 'windows-1252',
  cp819: 'windows-1252',
  gb2312: 'gbk',
  'gb_2312-80': 'gbk',
  'x-gbk': 'gbk',
  'x-sjis': 'shift_jis',
  utf8: 'utf-8',
  unicode: 'utf-16le',
  'utf-16': 'utf-16le',
  'utf-32': 'utf-32le',
};

/** A charset label as iconv-lite knows it, or null for an unknown one. */
export function normalizeCharset(label: string): string | null {
  const l = label
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  if (!l) return null;
  const name = ALIASES[l] ?? l;
  if (name === 'utf-8') return name;
  return iconv.encodingExists(name) || webDecodes(name) ? name : null;
}

/** Charsets iconv-lite lacks but the platform's WHATWG decoder has (ISO-2022-JP). */
function webDecodes(name: string): boolean {
  try {
    new TextDecoder(name);
    return true;
  } catch {
    return false;
  }
}

/** The charset parameter of a Content-Type value, or the value itself when it is a bare label. */
export function charsetOf(declared: string): string | null {
  if (!declared.includes('/') && !declared.includes(';')) return declared.trim() || null;
  const m = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(declared);
  return m?.[2] ?? null;
}

function bomOf(bytes: Uint8Array): { charset: string; length: number } | null {
  for (const b of BOMS) {
    if (b.bytes.every((v, i) => bytes[i] === v)) return { charset: b.charset, length: b.bytes.length };
  }
  return null;
}

/**
 * UTF-16/32 without a BOM, recognised by how the leading `<` is laid out (XML 1.0, appendix F). Such
 * bytes are never ASCII-compatible, so this layout overrides any ASCII-compatible label.
 */
function sniffWideMarkup(bytes: Uint8Array): string | null {
  const [a, b, c, d] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (a === 0 && b === 0 && c === 0 && d === 0x3c) return 'utf-32be';
  if (a === 0x3c && b === 0 && c === 0 && d === 0) return 'utf-32le';
  const ascii = (x: number | undefined) => x !== undefined && x >= 0x20 && x < 0x7f;
  if (a === 0 && b === 0x3c && c === 0 && ascii(d)) return 'utf-16be';
  if (a === 0x3c && b === 0 && ascii(c) && d === 0) return 'utf-16le';
  return null;
}

const XML_DECL = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/;
const META_CHARSET = /<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i;

/** The charset a document declares about itself (XML declaration; HTML meta for html). */
function documentCharset(bytes: Uint8Array, kind: TextKind): string | null {
  if (kind === 'text') return null;
  // ASCII-compatible bytes: a declaration naming UTF-16/32 contradicts the bytes it is written in.
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  const xml = XML_DECL.exec(head)?.[1] ?? null;
  const meta = kind === 'html' ? (META_CHARSET.exec(head)?.[1] ?? null) : null;
  for (const label of [xml, meta]) {
    if (label && !/^(utf-?16|utf-?32|ucs-?2|ucs-?4|unicode)/i.test(label)) return label;
  }
  return null;
}

function tryDecode(bytes: Uint8Array, charset: string, keepBom: boolean): string | null {
  if (charset === 'utf-8') {
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: keepBom }).decode(bytes);
    } catch {
      return null;
    }
  }
  if (!iconv.encodingExists(charset)) return new TextDecoder(charset, { ignoreBOM: keepBom }).decode(bytes);
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), charset, {
    stripBOM: !keepBom,
  });
}

/** Decodes bytes by the rules above. */
export function decodeBytes(bytes: Uint8Array, options: DecodeOptions): Decoded {
  const keepBom = options.keepBom ?? false;
  const bom = bomOf(bytes);
  if (bom) {
    const text = tryDecode(bytes, bom.charset, keepBom);
    if (text !== null) return { ok: true, text, charset: bom.charset, from: 'bom' };
  }
  const declaredLabel = options.declared ? charsetOf(options.declared) : null;
  const declared = declaredLabel ? normalizeCharset(declaredLabel) : null;
  const wide =
    (options.kind === 'text' ? null : sniffWideMarkup(bytes)) ??
    (declared && /^utf-(16|32)/.test(declared) ? declared : null);
  if (wide) {
    const text = tryDecode(bytes, wide, keepBom);
    if (text !== null) return { ok: true, text, charset: wide, from: 'document' };
  }
  // Rule 3 needs a byte above 0x7f: pure 7-bit text reads the same in every ASCII-compatible charset,
  // and the 7-bit stateful ones (ISO-2022-JP, UTF-7) must be decoded by their label.
  const utf8 = tryDecode(bytes, 'utf-8', keepBom);
  if (utf8 !== null && bytes.some((b) => b >= 0x80))
    return { ok: true, text: utf8, charset: 'utf-8', from: 'default' };
  const unknown: string[] = [];
  const attempts: Array<{ label: string | null; from: DecodeSource }> = [
    { label: declaredLabel, from: 'declared' },
    { label: documentCharset(bytes, options.kind), from: 'document' },
  ];
  for (const { label, from } of attempts) {
    if (!label) continue;
    const charset = normalizeCharset(label);
    if (!charset) {
      unknown.push(label);
      continue;
    }
    const text = tryDecode(bytes, charset, keepBom);
    if (text !== null) return { ok: true, text, charset, from };
  }
  if (utf8 !== null) return { ok: true, text: utf8, charset: 'utf-8', from: 'default' };
  if (options.fallback === 'windows-1252') {
    const text = tryDecode(bytes, 'windows-1252', keepBom) ?? '';
    return { ok: true, text, charset: 'windows-1252', from: 'fallback' };
  }
  const unknownNote =
    unknown.length > 0 ? `; unknown charset ${unknown.map((u) => `"${u}"`).join(', ')}` : '';
  return {
    ok: false,
    reason: `invalid UTF-8 at byte ${firstInvalidUtf8(bytes)}${unknownNote}`,
  };
}

/** Offset of the first byte that starts an invalid UTF-8 sequence (failure path only). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need =
      b < 0x80
        ? 0
        : b >= 0xc2 && b <= 0xdf
          ? 1
          : b >= 0xe0 && b <= 0xef
            ? 2
            : b >= 0xf0 && b <= 0xf4
              ? 3
              : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return i;
}
