import { describe, expect, it } from 'vitest';
import { findAttributions } from '../../../src/extract/attributions.js';

describe('robustness', () => {
  it('never crashes on an unclosed quotation mark in a long article', () => {
    const para =
      'The council met on Monday. “We will not move the market,” the mayor said. Traders said prices rose. ';
    const body = [
      para.repeat(20),
      'A resident said, “the square belongs to everyone and nobody asked us what we wanted, so we are angry',
      para.repeat(20),
      'Another wrote: "this is the end of it. And she left',
    ].join('\n\n');
    const atts = findAttributions(body);
    expect(atts.length).toBeGreaterThan(40);
    for (const a of atts) {
      expect(body.slice(a.content.start, a.content.end)).toBe(a.content.text);
      if (a.source) expect(body.slice(a.source.start, a.source.end)).toBe(a.source.text);
    }
  });

  it('handles empty text, lone marks and emojis', () => {
    for (const t of ['', '“', '"', '” said', 'He said: “😀', '\n\n\n', '— said —'])
      expect(() => findAttributions(t)).not.toThrow();
  });
});
