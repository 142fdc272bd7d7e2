// `stancewatch positions [--actor] [--topic]`: stored positions with date, speaker, polarity and claim.
import type { Logger } from '../log.js';
import { fromArticleTopic, isGuessed } from '../model.js';
import { openContext } from '../pipeline/context.js';
import { dateCell, table } from './_table.js';

export interface PositionsOptions {
  config?: string;
  db?: string;
  actor?: string;
  topic?: string;
  since?: string;
  format?: 'text' | 'json';
  logger: Logger;
  write: (chunk: string) => void;
}

export async function positionsCommand(options: PositionsOptions): Promise<void> {
  const ctx = await openContext(options);
  try {
    const positions = await ctx.store.listPositions({
      actor: options.actor,
      topic: options.topic,
      since: options.since,
    });
    if (options.format === 'json') {
      options.write(`${JSON.stringify({ positions }, null, 2)}\n`);
      return;
    }
    if (positions.length === 0) {
      options.write('No positions match.\n');
      return;
    }
    options.write(
      table(
        ['date', 'actor', 'topic', 'polarity', 'speaker', 'claim'],
        positions.map((p) => [
          dateCell(p.published, p.datePrecision),
          p.actor,
          p.topic,
          isGuessed(p)
            ? `${p.polarity} (guessed: no stance word)`
            : p.reported === 'alleged'
              ? `${p.polarity} (alleged)`
              : p.reported === 'relayed'
                ? `${p.polarity} (relayed by ${p.relayer ?? 'another speaker'})`
                : fromArticleTopic(p)
                  ? `${p.polarity} (topic from the article)`
                  : p.polarity,
          p.speaker,
          p.claim,
        ]),
        [11, 16, 20, 48, 28, 90],
      ),
    );
  } finally {
    await ctx.store.close();
  }
}
