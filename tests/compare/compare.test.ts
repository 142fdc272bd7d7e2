import { describe, expect, it } from 'vitest';
import { computeChanges } from '../../src/compare/index.js';
import type { Polarity, Reported } from '../../src/model.js';
import type { StoredPosition } from '../../src/store/types.js';

let id = 0;
function pos(
  actor: string,
  topic: string,
  published: string,
  polarity: Polarity,
  extra: { articleId?: number; reported?: Reported; claim?: string } = {},
): StoredPosition {
  id++;
  return {
    id,
    articleId: extra.articleId ?? id,
    ordinal: 0,
    actor,
    topic,
    polarity,
    speaker: `${actor} speaker`,
    role: null,
    claim: extra.claim ?? `${actor} ${polarity} ${topic} (${published})`,
    evidence: { start: 0, end: 5, text: `evidence ${id}` },
    reported: extra.reported ?? 'direct',
    published,
    datePrecision: /^\d{4}$/.test(published) ? 'year' : /^\d{4}-\d{2}$/.test(published) ? 'month' : 'day',
    storedAt: '2026-01-01T00:00:00.000Z',
    file: `a${id}.txt`,
    url: null,
    title: `Article ${id}`,
    source: 'Wire',
  };
}

describe('computeChanges', () => {
  it('finds a reversal between the first and the latest statement, a year-precision date counting as later', () => {
    const [c] = computeChanges(
      [pos('us', 'talks', '2026', 'supports'), pos('us', 'talks', '2024-01-26', 'opposes')],
      { since: '2024-01-01' },
    );
    expect(c?.kind).toBe('reversed');
    expect(c?.before?.published).toBe('2024-01-26');
    expect(c?.after).toMatchObject({ published: '2026', datePrecision: 'year', polarity: 'supports' });
  });

  it('tells shifted, unchanged and new apart, and orders reversed → shifted → new → unchanged', () => {
    const changes = computeChanges(
      [
        pos('a', 't', '2024-02-01', 'opposes'),
        pos('a', 't', '2025-02-01', 'conditional'),
        pos('b', 't', '2024-02-01', 'supports'),
        pos('b', 't', '2025-03-01', 'supports'),
        pos('c', 't', '2025-03-01', 'opposes'),
        pos('d', 't', '2024-05-01', 'supports'),
        pos('d', 't', '2025-05-01', 'opposes'),
      ],
      { since: '2024-01-01' },
    );
    expect(changes.map((c) => `${c.actor}:${c.kind}`)).toEqual([
      'd:reversed',
      'a:shifted',
      'c:new',
      'b:unchanged',
    ]);
    expect(changes.find((c) => c.actor === 'c')?.before).toBeNull();
  });

  it('merges one day into one side by majority, and a mixed side is never a reversal', () => {
    const majority = computeChanges(
      [
        pos('a', 't', '2024-02-01', 'opposes'),
        pos('a', 't', '2025-01-01', 'supports'),
        pos('a', 't', '2025-01-01', 'supports'),
        pos('a', 't', '2025-01-01', 'neutral'),
      ],
      { since: '2024-01-01' },
    );
    expect(majority[0]).toMatchObject({ kind: 'reversed', after: { polarity: 'supports', mixed: false } });
    const mixed = computeChanges(
      [
        pos('a', 't', '2024-02-01', 'opposes'),
        pos('a', 't', '2025-01-01', 'supports'),
        pos('a', 't', '2025-01-01', 'opposes', { claim: 'later word' }),
      ],
      { since: '2024-01-01' },
    );
    expect(mixed[0]?.after.mixed).toBe(true);
    expect(mixed[0]?.kind).not.toBe('reversed');
  });

  it('keeps the alleged label and ignores what lies before the baseline', () => {
    const changes = computeChanges(
      [
        pos('r', 't', '2023-06-01', 'supports'),
        pos('r', 't', '2024-03-01', 'supports', { reported: 'alleged' }),
      ],
      { since: '2024-01-01' },
    );
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      kind: 'new',
      after: { reported: 'alleged', published: '2024-03-01' },
    });
    // A statement dated only "2023" cannot be on or after 2024-01-01.
    expect(computeChanges([pos('r', 't', '2023', 'supports')], { since: '2024-01-01' })).toEqual([]);
  });
});
