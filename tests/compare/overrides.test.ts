// Overrides on positions (pure): the key that survives re-ingest, how verdicts add up, and what compare
// makes of them (a rejected statement is gone, a corrected polarity is the stance, a confirmation makes a
// weak reading solid).
import { describe, expect, it } from 'vitest';
import { computeChanges } from '../../src/compare/index.js';
import { applyOverrides, nextOverride, positionKey, type ReviewAction } from '../../src/compare/overrides.js';
import type { Polarity, ReviewOverride } from '../../src/model.js';
import type { StoredPosition } from '../../src/store/types.js';

let id = 0;
function stored(over: Partial<StoredPosition> & { evidenceText?: string } = {}): StoredPosition {
  id++;
  const text = over.evidenceText ?? 'Officials said the talks were a ploy.';
  return {
    id,
    articleId: id,
    ordinal: 0,
    actor: 'us',
    topic: 'talks',
    polarity: 'opposes',
    speaker: 'officials',
    role: null,
    claim: 'the talks are a ploy',
    evidence: { start: 10, end: 10 + text.length, text },
    reported: 'indirect',
    relayer: null,
    confidence: 0.7,
    via: 'reported-speech',
    published: '2024-02-01',
    datePrecision: 'day',
    storedAt: '2026-01-01T00:00:00.000Z',
    file: 'a.txt',
    url: null,
    title: 'A',
    source: 'Wire',
    articleKey: 'a.txt#0',
    ...over,
  };
}

let oid = 0;
function record(
  p: StoredPosition,
  action: ReviewAction,
  previous: ReviewOverride | null = null,
): ReviewOverride {
  return {
    ...nextOverride(p, previous, action, { by: 'Ana', note: null }),
    id: ++oid,
    at: `2026-01-0${oid}T00:00:00Z`,
  };
}

describe('positionKey', () => {
  it('is the same for the statement in a new version of its article (new id, ordinal, offsets, line breaks)', () => {
    const v1 = stored();
    const v2 = stored({
      articleId: 99,
      ordinal: 4,
      evidence: { start: 300, end: 340, text: 'Officials said   the talks\nwere a ploy.' },
    });
    expect(positionKey(v2)).toBe(positionKey(v1));
  });

  it('differs for another article, an edited sentence, or another actor or topic', () => {
    const base = positionKey(stored());
    expect(positionKey(stored({ articleKey: 'https://x.example/b' }))).not.toBe(base);
    expect(positionKey(stored({ evidenceText: 'Officials said the talks were no ploy.' }))).not.toBe(base);
    expect(positionKey(stored({ actor: 'uk' }))).not.toBe(base);
    expect(positionKey(stored({ topic: 'sanctions' }))).not.toBe(base);
  });
});

describe('applyOverrides', () => {
  it('drops a rejected position and keeps the others unreviewed', () => {
    const a = stored();
    const b = stored({ evidenceText: 'Another sentence.' });
    const out = applyOverrides([a, b], [record(a, { kind: 'reject' })]);
    expect(out.map((p) => p.id)).toEqual([b.id]);
    expect(out[0]?.review).toBeNull();
  });

  it('applies a corrected polarity and marks it corrected, with who reviewed it', () => {
    const a = stored({ confidence: 0.4 });
    const [p] = applyOverrides([a], [record(a, { kind: 'set-polarity', polarity: 'supports' })]);
    expect(p).toMatchObject({ polarity: 'supports', review: { verdict: 'corrected', by: 'Ana' } });
    // a reviewed position counts as solid, the extractor's own figure is kept
    expect(p?.confidence).toBe(0.6);
    expect(p?.extractedConfidence).toBe(0.4);
  });

  it('adds corrections up: actor then polarity keeps both; setting a value back clears only that one', () => {
    const a = stored();
    const first = record(a, { kind: 'set-actor', actor: 'uk' });
    const second = record(a, { kind: 'set-polarity', polarity: 'supports' }, first);
    expect(applyOverrides([a], [second])[0]).toMatchObject({ actor: 'uk', polarity: 'supports' });
    const third = record(a, { kind: 'set-actor', actor: 'us' }, second);
    expect(third).toMatchObject({ correctedActor: null, polarity: 'supports', verdict: 'corrected' });
    const back = record(a, { kind: 'set-polarity', polarity: 'opposes' }, third);
    expect(back.verdict).toBe('confirmed');
  });

  it('a confirmation stops applying when the extractor now reads another polarity; a correction stands', () => {
    const a = stored();
    const confirmed = record(a, { kind: 'confirm' });
    const reread = { ...a, polarity: 'supports' as Polarity };
    expect(applyOverrides([reread], [confirmed])[0]?.review).toBeNull();
    const corrected = record(a, { kind: 'set-polarity', polarity: 'conditional' });
    expect(applyOverrides([reread], [corrected])[0]?.polarity).toBe('conditional');
  });
});

describe('compare with overrides', () => {
  const then = stored({ published: '2024-01-26', polarity: 'opposes' });
  const now = stored({
    published: '2026-02-01',
    polarity: 'supports',
    evidenceText: 'Now they want a deal.',
  });

  it('a corrected polarity changes the change: the reversal becomes unchanged, marked corrected', () => {
    const before = computeChanges(applyOverrides([then, now], []), { since: '2024-01-01' });
    expect(before[0]).toMatchObject({ kind: 'reversed', after: { polarity: 'supports', review: null } });
    const after = computeChanges(
      applyOverrides([then, now], [record(now, { kind: 'set-polarity', polarity: 'opposes' })]),
      { since: '2024-01-01' },
    );
    expect(after[0]).toMatchObject({
      kind: 'unchanged',
      after: { polarity: 'opposes', review: 'corrected' },
    });
    expect(after[0]?.after.positionIds).toEqual([now.id]);
  });

  it('a rejected statement disappears from changes', () => {
    const changes = computeChanges(applyOverrides([then, now], [record(now, { kind: 'reject' })]), {
      since: '2024-01-01',
    });
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: 'new', after: { polarity: 'opposes' } });
  });

  it('a confirmed weak reading becomes solid and decides the pair', () => {
    const weak = stored({
      published: '2026-03-01',
      polarity: 'supports',
      confidence: 0.4,
      evidenceText: 'Weak.',
    });
    const solidThen = stored({
      published: '2024-01-26',
      polarity: 'opposes',
      confidence: 0.7,
      evidenceText: 'Solid.',
    });
    // unreviewed, the weak reading is outweighed by the solid one: nothing moved
    expect(computeChanges(applyOverrides([solidThen, weak], []), { since: '2024-01-01' })[0]?.kind).toBe(
      'unchanged',
    );
    const [c] = computeChanges(applyOverrides([solidThen, weak], [record(weak, { kind: 'confirm' })]), {
      since: '2024-01-01',
    });
    expect(c).toMatchObject({ kind: 'reversed', confidence: 0.6, after: { review: 'confirmed' } });
  });
});
