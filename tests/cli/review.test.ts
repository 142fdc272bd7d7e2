// `stancewatch review`: the queue as printed, a verdict from the command line, and `changes` after it.
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { changesCommand } from '../../src/commands/changes.js';
import { reviewActionCommand, reviewHistoryCommand, reviewQueueCommand } from '../../src/commands/review.js';
import { silentLogger } from '../../src/log.js';
import type { Change } from '../../src/model.js';
import { EVIDENCE, newsroom } from '../helpers/review.js';

const capture = () => {
  let out = '';
  return { write: (s: string) => void (out += s), text: () => out };
};

describe('stancewatch review', () => {
  it('prints the queue lowest confidence first; set-polarity --by changes what `changes` shows', async () => {
    const room = await newsroom();
    const base = { config: room.config, db: room.db, logger: silentLogger };
    const printed = capture();
    const queue = await reviewQueueCommand({ ...base, list: 'desk', write: printed.write });
    const lines = printed.text().split('\n');
    expect(lines[0]).toMatch(/^id\s+conf\s+date\s+actor/);
    expect(lines[2]).toMatch(/0\.40\s+2026-02-01\s+russia\s+nato-membership\s+conditional \(alleged\)/);
    expect(lines[3]).toMatch(/0\.60\s+2026-02-01\s+united-states/);
    expect(printed.text()).toMatch(/3 to review, 0 reviewed\./);

    const us = queue.pending.find((i) => i.position.evidence.text === EVIDENCE.usNow)!;
    const said = capture();
    await reviewActionCommand({
      ...base,
      positionId: String(us.position.id),
      action: 'set-polarity',
      value: 'opposes',
      by: 'Ana',
      note: 'a timetable, not support',
      write: said.write,
    });
    expect(said.text()).toBe(
      `Position ${us.position.id} corrected by Ana (united-states / peace-talks: opposes).\n`,
    );

    const history = capture();
    await reviewHistoryCommand({ ...base, positionId: String(us.position.id), write: history.write });
    expect(history.text().split('\n')[2]).toMatch(
      /^\S+Z\s+Ana\s+corrected\s+opposes\s+\(united-states\)\s+\(peace-talks\)\s+a timetable, not support$/,
    );

    const json = capture();
    await changesCommand({ ...base, format: 'json', write: json.write });
    const { changes } = JSON.parse(json.text()) as { changes: Change[] };
    expect(changes.find((c) => c.actor === 'united-states')).toMatchObject({
      kind: 'unchanged',
      after: { polarity: 'opposes', review: 'corrected' },
    });
    const text = capture();
    await changesCommand({ ...base, actor: 'united-states', write: text.write });
    expect(text.text()).toMatch(
      /now {2}2026-02-01 {2}opposes \(relayed by Volodymyr Zelenskyy, corrected by an analyst\)/,
    );
  });

  it('refuses a bad polarity, a missing --by and an unknown position with exit code 2, recording nothing', async () => {
    const room = await newsroom();
    const args = ['node', 'stancewatch', '-c', room.config, 'review'];
    const stderr: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (
      stderr.push(String(chunk)),
      true
    )) as typeof process.stderr.write;
    try {
      expect(await main([...args, 'set-polarity', '1', 'sideways', '--by', 'Ana', '--db', room.db])).toBe(2);
      expect(await main([...args, 'confirm', '1', '--db', room.db])).toBe(2);
      expect(await main([...args, 'reject', '999', '--by', 'Ana', '--db', room.db])).toBe(2);
    } finally {
      process.stderr.write = original;
    }
    const all = stderr.join('');
    expect(all).toMatch(
      /polarity: .*expected one of "supports"\|"opposes"\|"conditional"\|"neutral".*received "sideways"/,
    );
    expect(all).toMatch(/required option '--by <name>' not specified/);
    expect(all).toMatch(/no stored position with id 999/);
    const queue = await reviewQueueCommand({
      config: room.config,
      db: room.db,
      logger: silentLogger,
      write: () => {},
    });
    expect(queue.reviewed).toEqual([]);
  });
});
