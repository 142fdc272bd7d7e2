import { makeContext, type SentenceContext } from '../../../src/extract/attributions/context.js';
import { directQuotePass } from '../../../src/extract/attributions/passes/direct-quote.js';
import { passivePass } from '../../../src/extract/attributions/passes/passive.js';
import { interposedPass, reportedPass } from '../../../src/extract/attributions/passes/reported.js';
import { signOffPass } from '../../../src/extract/attributions/passes/sign-off-pass.js';
import { PRECEDENCE, onePerCue } from '../../../src/extract/attributions/select.js';
import { buildDocument } from '../../../src/extract/document.js';

/** The context of the sentence of `text` that contains `at` (the first one by default). */
export function ctxOf(text: string, at = 0, para = 0, paraStart = true): SentenceContext {
  const doc = buildDocument(text);
  const si = doc.sentences.findIndex((s) => s.start <= at && at < s.end);
  const ctx = makeContext(doc, Math.max(0, si), para, paraStart);
  if (!ctx) throw new Error('no sentence');
  return ctx;
}

/** [via, source, cue, content] of candidates, for compact expectations. */
export const brief = (
  cs: Array<{
    via: string;
    source: { text: string } | null;
    cue: { text: string } | null;
    content: { text: string };
  }>,
) => cs.map((c) => [c.via, c.source?.text ?? null, c.cue?.text ?? null, c.content.text]);

/** The verb-cue passes of a sentence with the selection's one-reading-per-cue rule, in cue order. */
export function cuePasses(ctx: SentenceContext) {
  const ids = PRECEDENCE.find((g) => g.mode === 'combine')?.ids ?? [];
  const all = [
    ...directQuotePass(ctx),
    ...signOffPass(ctx),
    ...interposedPass(ctx),
    ...reportedPass(ctx),
    ...passivePass(ctx),
  ];
  return onePerCue(all, ids).sort((a, b) => (a.cue?.start ?? 0) - (b.cue?.start ?? 0));
}
