// Passes 'interposed' ("A, officials said, B") and 'reported' ("X said that A", "X rejected the
// plan"), the latter with a second predicate sharing its subject ("… and urged B").
import type { Candidate, SentenceContext } from '../context.js';
import { interposedAt } from '../sources.js';
import { mkSpan, trimSpan } from '../tokens.js';
import { cueSites } from './cue-scan.js';
import { interposedContent, reportedContent } from './verb-content.js';
import { cueCandidate } from './verb-cue.js';

export function interposedPass(ctx: SentenceContext): Candidate[] {
  const out: Candidate[] = [];
  for (const site of cueSites(ctx)) {
    if (site.passive) continue;
    const second = interposedAt(ctx.toks, site.vs.src[0], site.cueEnd);
    if (second <= 0) continue;
    const content = interposedContent(ctx, site.vs.src[0], second);
    const c = cueCandidate(ctx, site, 'interposed', { content, quoted: false });
    if (c) out.push(c);
  }
  return out;
}

export function reportedPass(ctx: SentenceContext): Candidate[] {
  const { toks, body } = ctx;
  const out: Candidate[] = [];
  for (const site of cueSites(ctx)) {
    if (site.passive) continue;
    const r = reportedContent(ctx, toks[site.k]?.lower ?? '', site.cueEnd, site.vs.src[0]);
    const c = cueCandidate(ctx, site, 'reported', { content: r.content, quoted: false });
    if (!c) continue;
    const secondTok = toks[r.secondCue];
    const nextStart = toks[r.secondCue + 1]?.start ?? ctx.sentence.end;
    const secondContent = secondTok ? trimSpan(body, nextStart, ctx.sentence.end) : null;
    if (secondTok && secondContent)
      c.follow = {
        ...c,
        via: 'second-predicate',
        cue: mkSpan(body, secondTok.start, secondTok.end),
        content: secondContent,
        kind: 'indirect',
        follow: undefined,
      };
    out.push(c);
  }
  return out;
}
