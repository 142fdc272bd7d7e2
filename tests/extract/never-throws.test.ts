// Property: extraction never throws, whatever the text: unbalanced and curly quotes, stray dashes,
// very long lines, control characters, astral-plane characters. Every span it reports lies inside the
// text and says what the text says there.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadWatchlist } from '../../src/config/watchlist.js';
import { extract } from '../../src/extract/index.js';
import { parseArticleText } from '../../src/ingest/index.js';
import type { ParsedArticle, Span } from '../../src/model.js';

const watchlist = loadWatchlist();

// Words that make the passes fire: cues, names from the default watchlist, topic words, quotes.
const WORDS = [
  'said',
  'told',
  'according to',
  'Putin',
  'Zelensky',
  'the Kremlin',
  'Kyiv',
  'officials',
  'he',
  'she',
  'peace talks',
  'sanctions',
  'ceasefire',
  'NATO',
  'would',
  'not',
  'never',
  'reject',
  'urged',
  'only if',
  '"',
  '“',
  '”',
  "'",
  ',',
  '.',
  '—',
  ';',
  ':',
  '(',
  ')',
  '\n\n',
  'the',
  'a',
  'that',
  'and',
  '😀',
  '\u0007',
];
const token = fc.oneof(
  fc.constantFrom(...WORDS),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);
const text = fc.array(token, { maxLength: 300 }).map((ts) => ts.join(' '));

function spansInside(fileText: string, span: Span | null): boolean {
  if (!span) return true;
  if (span.start < 0 || span.end > fileText.length || span.start > span.end) return false;
  return span.fragments ? span.fragments.every((f) => f.start >= 0 && f.end <= fileText.length) : true;
}

const base = (() => {
  const parsed = parseArticleText(
    'a.txt',
    'Headline\n\nThe minister said on Monday that talks would resume in Geneva.',
  );
  const article = parsed.ok ? parsed.articles[0] : undefined;
  if (!article) throw new Error('parse failed');
  return article;
})();

/** An article whose body is exactly `body`, as the file's whole text (no page furniture to drop). */
const articleOf = (body: string): ParsedArticle => ({
  ...base,
  body,
  headline: null,
  offsets: [{ body: 0, file: 0, length: body.length }],
});

describe('extract on arbitrary text', () => {
  it('never throws and reports only spans inside the text', () => {
    fc.assert(
      fc.property(text, (body) => {
        const x = extract(articleOf(body), watchlist);
        for (const a of x.attributions) {
          expect(spansInside(body, a.content)).toBe(true);
          expect(spansInside(body, a.source)).toBe(true);
          expect(spansInside(body, a.cue)).toBe(true);
        }
        for (const p of x.positions) {
          expect(spansInside(body, p.evidence)).toBe(true);
          expect(p.confidence).toBeGreaterThan(0);
          expect(p.confidence).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 300, seed: 20261202 },
    );
  }, 120_000);

  it('handles an unclosed quotation mark in a long article', () => {
    const body = `${'The minister said talks would resume. '.repeat(200)}Putin said "the sanctions must end and ${'words '.repeat(2000)}`;
    const x = extract(articleOf(body), watchlist);
    expect(x.attributions.length).toBeGreaterThan(100);
  });
});
