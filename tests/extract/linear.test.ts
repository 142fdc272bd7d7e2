import { describe, expect, it } from 'vitest';
import { loadWatchlist } from '../../src/config/watchlist.js';
import { extract } from '../../src/extract/index.js';
import { parseArticleText } from '../../src/ingest/index.js';

const watchlist = loadWatchlist();

// Invented prose with the shapes extraction works hardest on: quotes (one left open), reported speech,
// references back to a topic, deeds, and no line breaks at all.
const PIECE =
  'The Harbour Board said on Monday that Russia was not ready for peace talks, and "the sanctions must stay until the talks resume," an official said. ' +
  'Officials in Kyiv rejected the plan. The talks, he said, were a ploy to buy time; the ministry later imposed new sanctions on the port. ' +
  '"We will never accept the deal without guarantees, a spokesperson told reporters. ' +
  'Later he said the deal was dead, and the minister said the accord would fail. ';

function oneLine(chars: number): string {
  return `Harbour news\n\n${PIECE.repeat(Math.ceil(chars / PIECE.length)).slice(0, chars)}`;
}

function cpuMillis(text: string): number {
  const parsed = parseArticleText('long.txt', text);
  if (!parsed.ok || !parsed.articles[0]) throw new Error('parse failed');
  const article = parsed.articles[0];
  const start = process.cpuUsage();
  const x = extract(article, watchlist);
  const used = process.cpuUsage(start);
  expect(x.positions.length).toBeGreaterThan(0);
  return (used.user + used.system) / 1000;
}

describe('extraction on long single-line text', () => {
  it('grows linearly with the input: four times the text costs far less than sixteen times the time', () => {
    cpuMillis(oneLine(20_000)); // warm up the model and the compiled watchlist
    const small = Math.min(cpuMillis(oneLine(100_000)), cpuMillis(oneLine(100_000)));
    const large = Math.min(cpuMillis(oneLine(400_000)), cpuMillis(oneLine(400_000)));
    // Linear gives about 4; quadratic about 16. CPU time, not wall time, so a busy machine does not
    // change the ratio much.
    expect(large / small).toBeLessThan(8);
  }, 120_000);
});
