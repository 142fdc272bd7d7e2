import { describe, expect, it } from 'vitest';
import { findAttributions } from '../../../src/extract/attributions.js';
import type { Candidate } from '../../../src/extract/attributions/context.js';
import { PRECEDENCE, selectSentence } from '../../../src/extract/attributions/select.js';

const span = (text: string, start: number) => ({ start, end: start + text.length, text });
const cand = (via: Candidate['via'], start: number, extra: Partial<Candidate> = {}): Candidate => ({
  via,
  source: span('X', start),
  cue: span('said', start + 2),
  content: span('something long enough', start + 8),
  kind: 'indirect',
  reported: 'indirect',
  speakerRef: { text: 'X', role: null },
  sentence: span('s', 0),
  ...extra,
});

describe('selection', () => {
  it('lists every sentence pass id once, strongest group first', () => {
    const ids = PRECEDENCE.flatMap((g) => g.ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBe('colon-intro');
  });

  it('lets a paragraph pass win, and a fallback pass only when nothing else proposed', () => {
    const body = 'x'.repeat(200);
    expect(selectSentence(body, [cand('reported', 0), cand('speaker-label', 50)]).map((c) => c.via)).toEqual([
      'speaker-label',
    ]);
    expect(selectSentence(body, [cand('noun-cue', 0), cand('reported', 50)]).map((c) => c.via)).toEqual([
      'reported',
    ]);
    expect(
      selectSentence(body, [cand('noun-cue', 0), cand('participle-subject', 50)]).map((c) => c.via),
    ).toEqual(['noun-cue']);
  });

  it('keeps a second cue only when it may stand second, and a passive only first', () => {
    const body = 'x'.repeat(200);
    const kept = selectSentence(body, [
      cand('reported', 0),
      cand('reported', 40, { okAsSecond: false }),
      cand('passive', 80, { onlyFirst: true }),
      cand('reported', 120, { okAsSecond: true }),
    ]);
    expect(kept.map((c) => c.source?.start)).toEqual([0, 120]);
  });

  it('ends a first content where a second attribution starts', () => {
    const atts = findAttributions(
      'The mayor said the tram was late, while the union argued that drivers were tired.',
    );
    expect(atts.map((a) => a.content.text)).toEqual(['the tram was late', 'that drivers were tired']);
  });

  it('drops a source that is no person or body and trims trailing time words', () => {
    const [a] = findAttributions('Jonas Berg now says the vote was rigged.');
    expect(a?.source?.text).toBe('Jonas Berg');
  });
});
