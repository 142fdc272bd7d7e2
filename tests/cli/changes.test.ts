// `stancewatch changes` and `positions` on a store holding a relayed position: the JSON carries each
// change's confidence (and each side's, with the relayer); the text names who relayed it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { changesCommand } from '../../src/commands/changes.js';
import { positionsCommand } from '../../src/commands/positions.js';
import { silentLogger } from '../../src/log.js';
import { GUESSED_CONFIDENCE, GUESSED_VIA, type Change } from '../../src/model.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import { article, position } from '../store/contract.js';

describe('changes and positions show confidence and relayed positions', () => {
  const db = join(mkdtempSync(join(tmpdir(), 'sw-changes-')), 'store.db');

  beforeAll(async () => {
    const store = createSqliteStore({ path: db });
    await store.saveArticle(article({ body: 'early', file: 'early.txt', published: '2024-01-26' }), {
      attributions: [],
      positions: [position({ confidence: 0.7, via: 'reported-speech' })],
    });
    await store.saveArticle(
      article({ body: 'late', file: 'late.txt', published: '2026', datePrecision: 'year' }),
      {
        attributions: [],
        positions: [
          position({
            speaker: 'United States',
            polarity: 'supports',
            claim: 'proposes to finish negotiations by June',
            reported: 'relayed',
            relayer: 'Volodymyr Zelenskyy',
            confidence: 0.6,
            via: 'relayed-speech',
          }),
        ],
      },
    );
    await store.close();
  });

  it('changes --format json: confidence on each change and side, relayer on each side', async () => {
    let out = '';
    await changesCommand({
      db,
      since: '2024-01-01',
      format: 'json',
      logger: silentLogger,
      write: (s) => (out += s),
    });
    const { changes } = JSON.parse(out) as { changes: Change[] };
    expect(changes).toHaveLength(1);
    const [c] = changes;
    expect(c?.kind).toBe('reversed');
    // the weaker end's confidence
    expect(c?.confidence).toBe(0.6);
    expect(c?.before).toMatchObject({ relayer: null, reported: 'indirect' });
    expect(typeof c?.before?.confidence).toBe('number');
    expect(c?.after).toMatchObject({ relayer: 'Volodymyr Zelenskyy', reported: 'relayed' });
    expect(typeof c?.after.confidence).toBe('number');
    // A change is no surer than its weaker end.
    expect(c?.confidence).toBeLessThanOrEqual(Math.min(c?.after.confidence ?? 1, c?.before?.confidence ?? 1));
  });

  it('changes and positions as text say who relayed a position', async () => {
    let changes = '';
    await changesCommand({ db, since: '2024-01-01', logger: silentLogger, write: (s) => (changes += s) });
    expect(changes).toMatch(/now {2}2026 {2}supports \(relayed by Volodymyr Zelenskyy\) — United States:/);
    let positions = '';
    await positionsCommand({ db, logger: silentLogger, write: (s) => (positions += s) });
    expect(positions).toContain('supports (relayed by Volodymyr Zelenskyy)');
    expect(positions).not.toMatch(/opposes \(relayed/);
  });

  it('changes and positions as text mark a guessed stance as such', async () => {
    const guessDb = join(mkdtempSync(join(tmpdir(), 'sw-guess-')), 'store.db');
    const store = createSqliteStore({ path: guessDb });
    await store.saveArticle(article({ body: 'a', file: 'a.txt', published: '2026-02-01' }), {
      attributions: [],
      positions: [
        position({
          polarity: 'supports',
          claim: 'will discuss the talks',
          confidence: GUESSED_CONFIDENCE,
          via: `reported-speech${GUESSED_VIA}`,
        }),
      ],
    });
    await store.close();
    let changes = '';
    await changesCommand({
      db: guessDb,
      since: '2024-01-01',
      logger: silentLogger,
      write: (s) => (changes += s),
    });
    expect(changes).toMatch(/new {2}2026-02-01 {2}supports \(weak, confidence 0\.30\) —/);
    let positions = '';
    await positionsCommand({ db: guessDb, logger: silentLogger, write: (s) => (positions += s) });
    expect(positions).toContain('supports (guessed: no stance word)');
  });
});
