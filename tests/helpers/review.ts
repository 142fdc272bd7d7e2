// A small newsroom for the review desk's tests: a config with a list that requires review (and one that
// does not), a file outbox, and a real SQLite store seeded with three positions behind two changes:
// the United States reversing on peace talks (0.7 then a relayed 0.6) and Russia as a new, alleged,
// low-confidence voice on NATO membership (0.4).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../src/log.js';
import type { Position } from '../../src/model.js';
import { openContext, type PipelineContext } from '../../src/pipeline/context.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import { article, position } from '../store/contract.js';

export const EVIDENCE = {
  usThen: 'U.S. officials said any such overture would likely be disingenuous.',
  usNow: 'Zelenskyy said the U.S. is proposing to finish all negotiations by June.',
  russia: 'Putin allegedly said he is willing to drop his opposition to Ukraine joining NATO.',
};

export function laterPositions(shift = 0): Position[] {
  const at = (text: string, start: number) => ({
    start: start + shift,
    end: start + shift + text.length,
    text,
  });
  return [
    position({
      speaker: 'United States',
      polarity: 'supports',
      claim: 'proposes to finish negotiations by June',
      evidence: at(EVIDENCE.usNow, 0),
      reported: 'relayed',
      relayer: 'Volodymyr Zelenskyy',
      confidence: 0.6,
      via: 'relayed-speech',
    }),
    position({
      actor: 'russia',
      speaker: 'Putin',
      topic: 'nato-membership',
      polarity: 'conditional',
      claim: 'willing to drop his opposition to NATO membership',
      evidence: at(EVIDENCE.russia, 80),
      reported: 'alleged',
      confidence: 0.4,
      via: 'reported-speech',
    }),
  ];
}

export interface Newsroom {
  dir: string;
  config: string;
  db: string;
  outbox: string;
  open(now?: () => Date): Promise<PipelineContext>;
}

export async function newsroom(
  options: { deadlineHours?: number; extraYaml?: string[] } = {},
): Promise<Newsroom> {
  const dir = mkdtempSync(join(tmpdir(), 'sw-review-'));
  const config = join(dir, 'stancewatch.config.yaml');
  const db = join(dir, 'store.db');
  writeFileSync(
    config,
    [
      'baseline: "2024-01-01"',
      'sources: []',
      'mail:',
      '  outbox: outbox',
      'lists:',
      '  - id: desk',
      '    name: Desk digest',
      '    subscribers: [editor@example.com]',
      '    schedule: "0 7 * * *"',
      '    review: required',
      `    reviewDeadlineHours: ${options.deadlineHours ?? 12}`,
      // The fixture's statements are from 2024 and early 2026: all of them count as news here.
      '    newWithin: 10y',
      '  - id: plain',
      '    name: Plain digest',
      '    subscribers: [reader@example.com]',
      '    newWithin: 10y',
      ...(options.extraYaml ?? []),
      '',
    ].join('\n'),
  );
  const store = createSqliteStore({ path: db });
  await store.saveArticle(article({ body: 'early', file: 'early.txt', published: '2024-01-26' }), {
    attributions: [],
    positions: [
      position({
        evidence: { start: 0, end: EVIDENCE.usThen.length, text: EVIDENCE.usThen },
        confidence: 0.7,
      }),
    ],
  });
  await store.saveArticle(
    article({ body: 'late', file: 'late.txt', published: '2026-02-01', url: 'https://news.example/late' }),
    { attributions: [], positions: laterPositions() },
  );
  await store.close();
  return {
    dir,
    config,
    db,
    outbox: join(dir, 'outbox'),
    open: (now) => openContext({ config, db, logger: silentLogger, ...(now ? { now } : {}) }),
  };
}
