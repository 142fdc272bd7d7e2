// Pass 'according-to': "According to X, …" / "…, according to X."
import type { Candidate, SentenceContext } from '../context.js';
import { reportedFields } from '../context.js';
import { mkSpan, tokAt, trimSpan } from '../tokens.js';

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
    const content =
      k < 2
        ? trimSpan(body, toks[e]?.end ?? sentence.end, sentence.end)
        : trimSpan(body, sentence.start, tokAt(toks, k).start);
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
