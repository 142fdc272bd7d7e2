import { describe, expect, it } from 'vitest';
import { computeChanges, createChangeAccumulator } from '../../src/compare/index.js';
import { GUESSED_CONFIDENCE, type Polarity, type Reported } from '../../src/model.js';
import type { StoredPosition } from '../../src/store/types.js';

let id = 0;
function pos(
  actor: string,
  topic: string,
  published: string,
  polarity: Polarity,
  extra: {
    articleId?: number;
    ordinal?: number;
    reported?: Reported;
    relayer?: string | null;
    confidence?: number;
    via?: string;
    claim?: string;
    evidence?: string;
  } = {},
): StoredPosition {
  id++;
  return {
    id,
    articleId: extra.articleId ?? id,
    ordinal: extra.ordinal ?? 0,
    actor,
    topic,
    polarity,
    speaker: `${actor} speaker`,
    role: null,
    claim: extra.claim ?? `${actor} ${polarity} ${topic} (${published})`,
    evidence: { start: 0, end: 5, text: extra.evidence ?? `evidence ${id}` },
    reported: extra.reported ?? 'direct',
    relayer: extra.relayer ?? null,
    confidence: extra.confidence ?? 0.8,
    via: extra.via ?? 'quote',
    published,
    datePrecision: /^\d{4}$/.test(published) ? 'year' : /^\d{4}-\d{2}$/.test(published) ? 'month' : 'day',
    storedAt: '2026-01-01T00:00:00.000Z',
    file: `a${id}.txt`,
    url: null,
    title: `Article ${id}`,
    source: 'Wire',
    articleKey: `a${id}.txt#0`,
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

  it('lets a statement dated only by its file’s copy time decide nothing while dated ones exist', () => {
    const copied = { ...pos('us', 'talks', '2026-12-07', 'opposes'), datePrecision: 'unknown' as const };
    const [c] = computeChanges(
      [pos('us', 'talks', '2024-01-26', 'supports'), pos('us', 'talks', '2025-03-01', 'supports'), copied],
      { since: '2024-01-01' },
    );
    expect(c?.kind).toBe('unchanged');
    expect(c?.after?.published).toBe('2025-03-01');
    // Alone, it still counts: the pair is new, not lost.
    const [alone] = computeChanges([copied], { since: '2024-01-01' });
    expect(alone?.kind).toBe('new');
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

  it('calls a mixed side that already held the later stance unchanged, and neutral ↔ stance a shift', () => {
    const changes = computeChanges(
      [
        pos('m', 't', '2024-02-01', 'supports'),
        pos('m', 't', '2024-02-01', 'opposes'),
        pos('m', 't', '2025-01-01', 'opposes'),
        pos('n', 't', '2024-02-01', 'neutral'),
        pos('n', 't', '2025-01-01', 'supports'),
      ],
      { since: '2024-01-01' },
    );
    expect(changes.map((c) => `${c.actor}:${c.kind}`)).toEqual(['n:shifted', 'm:unchanged']);
    expect(changes[1]?.before?.mixed).toBe(true);
  });

  it('orders one date by article then ordinal, so a tie goes to the later statement', () => {
    // Same date, one vote each: the statement latest in (articleId, ordinal) order decides.
    const changes = computeChanges(
      [
        pos('a', 't', '2024-02-01', 'supports', { articleId: 10, ordinal: 0 }),
        pos('a', 't', '2025-01-01', 'conditional', { articleId: 20, ordinal: 3, claim: 'last' }),
        pos('a', 't', '2025-01-01', 'supports', { articleId: 20, ordinal: 1, claim: 'first' }),
      ],
      { since: '2024-01-01' },
    );
    expect(changes[0]).toMatchObject({ kind: 'shifted', after: { polarity: 'conditional', claim: 'last' } });
  });

  it('compares month, day and year precision sensibly and honours until', () => {
    const positions = [
      pos('a', 't', '2024-03', 'opposes'),
      pos('a', 't', '2024-03-15', 'supports'),
      pos('a', 't', '2025', 'supports'),
    ];
    // "2024-03" sorts as its first day, so the day in March comes after it.
    const all = computeChanges(positions, { since: '2024-01-01' });
    expect(all[0]).toMatchObject({
      kind: 'reversed',
      before: { published: '2024-03' },
      after: { published: '2025' },
    });
    const untilMarch = computeChanges(positions, { since: '2024-01-01', until: '2024-12-31' });
    expect(untilMarch[0]).toMatchObject({ kind: 'reversed', after: { published: '2024-03-15' } });
    // A month that overlaps the baseline is still in the window.
    expect(computeChanges(positions, { since: '2024-03-10' })[0]?.before?.published).toBe('2024-03');
  });

  it('reports hardened and softened only for a clear change of wording on the same side', () => {
    const changes = computeChanges(
      [
        pos('h', 't', '2024-02-01', 'opposes', { evidence: 'They said they might object to the plan.' }),
        pos('h', 't', '2025-01-01', 'opposes', { evidence: 'They categorically rejected the plan.' }),
        pos('s', 't', '2024-02-01', 'supports', { evidence: 'She firmly backs the plan.' }),
        pos('s', 't', '2025-01-01', 'supports', { evidence: 'She could perhaps back the plan.' }),
        pos('u', 't', '2024-02-01', 'supports', { evidence: 'He backs the plan.' }),
        pos('u', 't', '2025-01-01', 'supports', { evidence: 'He strongly backs the plan.' }),
      ],
      { since: '2024-01-01' },
    );
    expect(changes.map((c) => `${c.actor}:${c.kind}`)).toEqual(['h:hardened', 's:softened', 'u:unchanged']);
  });

  it('lets weak statements decide a pair only when it has no solid ones, and carries the weaker end', () => {
    const changes = computeChanges(
      [
        pos('w', 't', '2024-02-01', 'supports', { confidence: 0.8 }),
        // one hearsay reading the other way must not make a reversal
        pos('w', 't', '2025-05-01', 'opposes', { confidence: 0.3, reported: 'alleged' }),
        pos('w', 't', '2025-03-01', 'supports', { confidence: 0.7 }),
        // a pair known only from weak readings is still reported, with its low confidence
        pos('v', 't', '2024-02-01', 'supports', { confidence: 0.35 }),
        pos('v', 't', '2025-02-01', 'opposes', { confidence: 0.4 }),
      ],
      { since: '2024-01-01' },
    );
    const w = changes.find((c) => c.actor === 'w');
    const v = changes.find((c) => c.actor === 'v');
    expect(w).toMatchObject({ kind: 'unchanged', confidence: 0.7 });
    expect(v).toMatchObject({ kind: 'reversed', confidence: 0.35 });
    // with the floor lowered, the hearsay counts again
    const loose = computeChanges(
      [
        pos('w', 't', '2024-02-01', 'supports', { confidence: 0.8 }),
        pos('w', 't', '2025-05-01', 'opposes', { confidence: 0.35 }),
      ],
      { since: '2024-01-01', minConfidence: 0 },
    );
    expect(loose[0]).toMatchObject({ kind: 'reversed', confidence: 0.35 });
  });

  it('never moves a pair on a stance guessed without a stance word, even with the floor lowered', () => {
    const guess = { confidence: GUESSED_CONFIDENCE, via: 'reported+guessed' };
    const changes = computeChanges(
      [
        // the only readings of g: an explicit stance, then a guess the other way
        pos('g', 't', '2024-02-01', 'opposes', { confidence: 0.45 }),
        pos('g', 't', '2025-02-01', 'supports', guess),
        // a guess that agrees with the later explicit stance: still the same stance
        pos('h', 't', '2024-02-01', 'supports', guess),
        pos('h', 't', '2025-02-01', 'supports', { confidence: 0.5 }),
      ],
      { since: '2024-01-01', minConfidence: 0 },
    );
    expect(changes.map((c) => `${c.actor}:${c.kind}`)).toEqual(['g:unchanged', 'h:unchanged']);
  });

  it('lets a guess decide nothing while a worded reading exists, even a weak one', () => {
    const changes = computeChanges(
      [
        pos('r', 't', '2024-02-01', 'supports', { confidence: 0.45 }),
        pos('r', 't', '2025-02-01', 'opposes', { confidence: 0.45 }),
        // a later mention with no stance word must not hide the reversal as "unchanged"
        pos('r', 't', '2025-12-01', 'supports', { confidence: GUESSED_CONFIDENCE, via: 'narration+guessed' }),
      ],
      { since: '2024-01-01' },
    );
    expect(changes[0]).toMatchObject({ kind: 'reversed', confidence: 0.45 });
    expect(changes[0]?.timeline.map((p) => p.published)).toEqual(['2024-02-01', '2025-02-01']);
  });

  it('a firm stance echoed by weaker statements on other dates is unchanged, not new; a weak dissent moves nothing and is no new voice either', () => {
    const changes = computeChanges(
      [
        pos('w', 't', '2025-02-24', 'opposes', { confidence: 0.85 }),
        // the same stance from a headline and a reference, months earlier: a restatement
        pos('w', 't', '2024-11-22', 'opposes', {
          confidence: 0.5,
          via: 'headline',
          evidence: 'firmly opposes',
        }),
        pos('x', 't', '2025-02-24', 'opposes', { confidence: 0.85 }),
        // a weak reading the other way on another date moves nothing, but x spoke of t before
        pos('x', 't', '2024-11-22', 'supports', { confidence: 0.4 }),
        // a guess on another date is no sign of having spoken of it: y is new
        pos('y', 't', '2025-02-24', 'opposes', { confidence: 0.85 }),
        pos('y', 't', '2024-11-22', 'supports', { confidence: 0.3 }),
      ],
      { since: '2024-01-01' },
    );
    const w = changes.find((c) => c.actor === 'w');
    expect(w).toMatchObject({ kind: 'unchanged', confidence: 0.5 });
    expect(w?.timeline.map((p) => p.published)).toEqual(['2024-11-22', '2025-02-24']);
    const x = changes.find((c) => c.actor === 'x');
    expect(x).toMatchObject({ kind: 'unchanged', before: null, after: { polarity: 'opposes' } });
    expect(x?.timeline.map((p) => p.published)).toEqual(['2025-02-24']);
    expect(changes.find((c) => c.actor === 'y')).toMatchObject({ kind: 'new' });
  });

  it('does not read a modal before "be" in a description as a softened stance', () => {
    const changes = computeChanges(
      [
        pos('c', 't', '2024-02-01', 'opposes', {
          evidence: 'The ministry said it firmly opposed the controls.',
        }),
        pos('c', 't', '2025-01-01', 'opposes', {
          evidence: 'The ministry said anyone who enforced the controls could be in breach of the law.',
        }),
      ],
      { since: '2024-01-01' },
    );
    expect(changes[0]?.kind).toBe('unchanged');
  });
});

describe('computeChanges at scale', () => {
  it('gives the same changes whatever the order and paging of the statements', () => {
    const all = [
      pos('us', 'talks', '2024-01-05', 'opposes'),
      pos('us', 'talks', '2024-01-05', 'opposes'),
      pos('us', 'talks', '2025-03', 'neutral'),
      pos('us', 'talks', '2026-04-10', 'supports'),
      pos('us', 'talks', '2026-04-10', 'supports', { confidence: 0.3 }),
      pos('pl', 'talks', '2025-02-02', 'supports', { confidence: 0.3 }),
      pos('pl', 'talks', '2025-06-02', 'opposes', { confidence: 0.3 }),
      pos('pl', 'talks', '2025-04-02', 'opposes', { confidence: 0.9 }),
    ];
    const whole = computeChanges(all, { since: '2024-01-01' });
    // pl: the weak opposes of June echoes the solid one of April; the weak supports of February moves nothing.
    expect(whole.map((c) => `${c.actor}:${c.kind}`)).toEqual(['us:reversed', 'pl:unchanged']);
    const acc = createChangeAccumulator({ since: '2024-01-01' });
    const reversed = [...all].reverse();
    for (let i = 0; i < reversed.length; i += 3) acc.add(reversed.slice(i, i + 3));
    expect(acc.result()).toEqual(whole);
  });

  // A copy of the group on every insert made this 16–20 s; the bound is loose for a loaded machine.
  it('one actor × topic with 40,000 statements is compared in linear time', () => {
    const many = Array.from({ length: 40_000 }, (_, i) =>
      pos(
        'us',
        'talks',
        `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
        i % 2 ? 'supports' : 'opposes',
      ),
    );
    const started = performance.now();
    const [change] = computeChanges(many, { since: '2024-01-01' });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(change?.before?.published).toBe('2024-01-01');
    expect(change?.after.published).toBe('2024-12-28');
  });
});
