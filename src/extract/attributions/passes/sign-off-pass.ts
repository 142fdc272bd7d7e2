// Pass 'sign-off': the clause before a sentence-final cue ("The ferry will not run, officials said."),
// or the quotation it signs off ("The budget is “a fantasy,” Tom Berg said."). A cue that stands
// between two halves of its content is the 'interposed' pass's, so a plain sign-off yields to it.
import type { Candidate, SentenceContext } from '../context.js';
import { interposedAt } from '../sources.js';
import { cueSites, type CueSite } from './cue-scan.js';
import { quoteSignOffContent, signOffContent, signsOff } from './verb-content.js';
import { cueCandidate } from './verb-cue.js';

function signOffAt(ctx: SentenceContext, site: CueSite): Candidate | null {
  const { toks } = ctx;
  const { k, cueEnd, vs } = site;
  const cue = toks[k]?.lower ?? '';
  const quoted = vs.inverted ? null : quoteSignOffContent(ctx, vs.src[0], cueEnd, cue);
  if (quoted) return cueCandidate(ctx, site, 'sign-off', { content: quoted, quoted: false });
  if (interposedAt(toks, vs.src[0], cueEnd) > 0) return null;
  if (!signsOff(ctx, vs.src[0], cueEnd, vs.inverted, cue)) return null;
  return cueCandidate(ctx, site, 'sign-off', { content: signOffContent(ctx, vs.src[0], k), quoted: false });
}

export function signOffPass(ctx: SentenceContext): Candidate[] {
  const out: Candidate[] = [];
  for (const site of cueSites(ctx)) {
    if (site.passive) continue;
    const c = signOffAt(ctx, site);
    if (c) out.push(c);
  }
  return out;
}
