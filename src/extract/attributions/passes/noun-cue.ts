// Pass 'noun-cue': "X's assessment is that …" / "X's view: …".
import { CUE_NOUNS } from '../../cues.js';
import type { Candidate, SentenceContext } from '../context.js';
import { reportedFields } from '../context.js';
import { isCap, mkSpan, tokAt, trimSpan } from '../tokens.js';

export function nounCuePass(ctx: SentenceContext): Candidate[] {
  const { toks, body } = ctx;
  for (let k = 0; k + 2 < toks.length; k++) {
    const owner = tokAt(toks, k);
    if (ctx.inQuote[k] || !/['’]s$/.test(owner.text) || !isCap(owner)) continue;
    const noun = tokAt(toks, k + 1);
    if (!CUE_NOUNS.has(noun.lower)) continue;
    // "X's view is that …", "X's warning: …", "X's announcement of …"; not "X's comments came …".
    if (!/^(is|was|that|:|,|of|on|about)$/.test(toks[k + 2]?.lower ?? '')) continue;
    let b = k;
    while (b - 1 >= 0 && isCap(toks[b - 1]) && k - b < 4) b--;
    let c = k + 2;
    while (c < toks.length && /^(is|was|that|:|,)$/.test(tokAt(toks, c).lower) && c - k < 5) c++;
    const from = toks[c];
    const content = from ? trimSpan(body, from.start, ctx.sentence.end) : null;
    if (!content) continue;
    const source = mkSpan(body, tokAt(toks, b).start, owner.end - 2);
    return [
      {
        via: 'noun-cue',
        source,
        cue: mkSpan(body, noun.start, noun.end),
        content,
        ...reportedFields(ctx),
        speakerRef: { text: source.text, role: null },
        sentence: ctx.sentence,
      },
    ];
  }
  return [];
}
