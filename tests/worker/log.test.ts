import { expect, it } from 'vitest';
import { createPinoLogger } from '../../src/worker.js';

it('worker logs are one JSON object per line with the message and fields', () => {
  const lines: string[] = [];
  const logger = createPinoLogger({ destination: { write: (chunk: string) => void lines.push(chunk) } });
  logger.info('digest finished', { listId: 'daily' });
  logger.error('feed failed');
  logger.debug('not shown at info level');
  const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(parsed).toHaveLength(2);
  expect(parsed[0]).toMatchObject({ msg: 'digest finished', listId: 'daily', level: 30 });
  expect(parsed[1]).toMatchObject({ msg: 'feed failed', level: 50 });
});
