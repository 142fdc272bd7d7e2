// What the verb-cue passes share: one candidate built from a cue site and the content a pass read.
// The passes (direct-quote, sign-off, interposed, reported, passive) each read one shape of content;
// when two read the same cue, the selection step keeps the one its PRECEDENCE lists first.
import type { Span } from '../../../model.js';
import { PRONOUNS } from '../../cues.js';
import { quoteEnd, type Candidate, type SentenceContext } from '../context.js';
import { relativeAntecedent } from '../sources.js';
import { STRONG_CUES, isCap, mkSpan, tokAt, type Tok } from '../tokens.js';
import type { CueSite } from './cue-scan.js';
import type { VerbSource } from './verb-source.js';

/** After a first attribution, a weaker cue counts only with a subject of its own opening a clause. */
function okAsSecond(toks: Tok[], k: number, vs: VerbSource): boolean {
  if (STRONG_CUES.has(tokAt(toks, k).lower)) return true;
  // "… and urged voters to …" shares the first subject: the second-predicate rule reads it.
  if (toks[k - 1]?.lower === 'and') return false;
  const open = toks[vs.src[0] - 1];
  const head = tokAt(toks, vs.src[1]);
  const clauseOpen = !open || /^(,|;|and|but|while|whereas|although|though|as)$/.test(open.lower);
  return clauseOpen && !vs.appositive && !vs.inverted && (isCap(head) || PRONOUNS.has(head.lower));
}

/** The speaker phrase of a source: the name after a role ("The campaign chairman, Phil Lovas"). */
function speakerOf(
  ctx: SentenceContext,
  source: Span,
  srcIdx: number,
  cueStart: number,
): Candidate['speakerRef'] {
  const appos = ctx.body.slice(source.end, cueStart).match(/^,\s*([^,]{3,100}),\s*$/);
  const named = /^(.{3,100}?),\s*((?:\p{Lu}[\p{L}.'’-]*\s?){1,4})$/u.exec(source.text);
  if (named?.[2]) return { text: named[2].trim(), role: named[1] ?? null };
  return { text: relativeAntecedent(ctx.body, ctx.toks, srcIdx) ?? source.text, role: appos?.[1] ?? null };
}

function quotedWithin(ctx: SentenceContext, span: Span): boolean {
  return ctx.quotes.some((q) => tokAt(ctx.toks, q.open).start >= span.start && quoteEnd(ctx, q) <= span.end);
}

/** A candidate of the site with the content one pass read; null when that content is none. */
export function cueCandidate(
  ctx: SentenceContext,
  site: CueSite,
  via: Candidate['via'],
  read: { content: Span | null; quoted: boolean },
): Candidate | null {
  const { toks, body } = ctx;
  const { k, cueEnd, vs } = site;
  // "was first reported by X" read as active: "by X" is the agent, not what was said.
  if (!read.content || /^by\s/i.test(read.content.text)) return null;
  const t = tokAt(toks, k);
  const source = mkSpan(body, tokAt(toks, vs.src[0]).start, tokAt(toks, vs.src[1]).end);
  const mixed = !read.quoted && quotedWithin(ctx, read.content);
  return {
    via,
    source,
    cue: mkSpan(body, t.start, tokAt(toks, cueEnd).end),
    content: read.content,
    kind: read.quoted ? 'direct' : mixed ? 'mixed' : 'indirect',
    reported: ctx.alleged ? 'alleged' : read.quoted || mixed ? 'direct' : 'indirect',
    speakerRef: speakerOf(ctx, source, vs.src[0], t.start),
    sentence: ctx.sentence,
    okAsSecond: okAsSecond(toks, k, vs),
  };
}
