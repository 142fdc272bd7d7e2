// The evidence helpers, each on the exact output a reader sees.
import { describe, expect, it } from 'vitest';
import {
  cleanOutlet,
  compressTimeline,
  periodStart,
  reportedPhrase,
  shortDate,
  statedSince,
} from '../../src/digest/evidence.js';
import type { Polarity, TimelinePoint } from '../../src/model.js';

const point = (published: string, polarity: Polarity, articleId: number): TimelinePoint => ({
  polarity,
  mixed: false,
  published,
  datePrecision: 'day',
  claim: '',
  speaker: 'S',
  evidence: `e${articleId}`,
  reported: 'direct',
  relayer: null,
  confidence: 0.85,
  articleId,
  file: null,
  url: null,
  title: null,
  source: null,
  sources: 1,
  articleIds: [articleId],
});

describe('evidence', () => {
  it('cleans outlet names of copyright debris and falls back to the host', () => {
    expect(cleanOutlet('© 2025 Bloomberg L.P.', null)).toBe('Bloomberg L.P.');
    expect(cleanOutlet('Copyright 2024-2025 Harbour Post Media. All rights reserved.', null)).toBe(
      'Harbour Post Media',
    );
    expect(cleanOutlet('Kyiv Independent', null)).toBe('Kyiv Independent');
    expect(cleanOutlet('(c) 2026', 'https://www.tidewater.example/news/a')).toBe('tidewater.example');
    expect(cleanOutlet(null, null)).toBeNull();
  });

  it('words dates short, how a statement was reported, and window starts', () => {
    expect(shortDate('2024-01-26', 'day')).toBe('Jan 2024');
    expect(shortDate('2026', 'year')).toBe('2026');
    expect(reportedPhrase('relayed', 'Volodymyr Zelensky')).toBe('relayed, per Volodymyr Zelensky');
    expect(reportedPhrase('indirect', null)).toBe('reported speech');
    expect(periodStart(new Date('2026-12-07T10:00:00Z'), '30d')).toBe('2026-11-07');
    expect(periodStart(new Date('2026-03-31T10:00:00Z'), '1m')).toBe('2026-03-03');
    expect(periodStart(new Date('2026-03-01T00:00:00Z'), '2w')).toBe('2026-02-15');
    expect(statedSince('2026', '2026-11-07')).toBe(true);
    expect(statedSince('2024-01-26', '2026-11-07')).toBe(false);
  });

  it('keeps a short run of points whole and shortens a long one to its first and last two', () => {
    const short = [point('2024-01-01', 'opposes', 1), point('2025-01-01', 'supports', 2)];
    expect(compressTimeline(short)).toEqual({ points: short, omitted: null, tail: [] });
    const long = ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06', '2024-07'].map((m, i) =>
      point(`${m}-10`, i % 2 ? 'supports' : 'opposes', i + 1),
    );
    const view = compressTimeline(long);
    expect(view.points.map((p) => p.articleId)).toEqual([1]);
    expect(view.tail.map((p) => p.articleId)).toEqual([6, 7]);
    expect(view.omitted).toEqual({
      count: 4,
      from: 'Feb 2024',
      to: 'May 2024',
      stances: 'opposes (2), supports (2)',
    });
  });
});
