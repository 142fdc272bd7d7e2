// Pass 'according-to': "According to X, …" / "…, according to X."
import type { Candidate, SentenceContext } from '../context.js';
import { reportedFields } from '../context.js';
import { DATELINE, mkSpan, tokAt, trimSpan } from '../tokens.js';

export function accordingToPass(ctx: SentenceContext): Candidate[] {
  const { toks, body, sentence } = ctx;
  for (let k = 0; k + 1 < toks.length; k++) {
    if (ctx.inQuote[k] || toks[k]?.lower !== 'according' || toks[k + 1]?.lower !== 'to') continue;
    let e = k + 2;
    while (e < toks.length && toks[e]?.text !== ',' && toks[e]?.text !== '.') e++;
    // "according to assessments by X that offer a warning …": who says it ends before the clause.
    let srcEnd = e;
    for (let r = k + 4; r < e; r++)
      if (/^(that|which|who)$/.test(tokAt(toks, r).lower)) srcEnd = Math.min(srcEnd, r);
    const src = trimSpan(body, toks[k + 2]?.start ?? sentence.end, toks[srcEnd - 1]?.end ?? sentence.end);
    const content = opensClause(ctx, k)
      ? trimSpan(body, toks[e]?.end ?? sentence.end, sentence.end)
      : trimSpan(body, clauseStart(ctx), tokAt(toks, k).start);
    if (!src || !content) continue;
    const fields = reportedFields(ctx);
    return [
      {
        via: 'according-to',
        source: src,
        cue: mkSpan(body, tokAt(toks, k).start, tokAt(toks, k + 1).end),
        content,
        kind: fields.kind,
        reported: ctx.alleged || /sources$/i.test(src.text) ? 'alleged' : 'indirect',
        speakerRef: { text: src.text, role: null },
        sentence,
      },
    ];
  }
  return [];
}

/** Where the sentence's own words start: past a dateline ("LONDON, March 3 — "). */
function clauseStart({ body, sentence }: SentenceContext): number {
  return sentence.start + (DATELINE.exec(body.slice(sentence.start, sentence.start + 80))?.[0].length ?? 0);
}

/**
 * "According to X, …" opens what it attributes when nothing but a dateline or a clause's opening
 * word ("…said that, according to her, …", "But according to X, …") stands before it; otherwise it
 * closes what went before ("…, according to X.").
 */
function opensClause(ctx: SentenceContext, k: number): boolean {
  const before = ctx.body.slice(clauseStart(ctx), ctx.toks[k]?.start ?? ctx.sentence.end).trim();
  return before === '' || /(?:^|\s)(?:that|but|and|yet|so|however|still)\s*,?$/i.test(before);
}
