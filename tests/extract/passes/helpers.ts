import { makeContext, type SentenceContext } from '../../../src/extract/attributions/context.js';
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
