// Runs after `tsc` in `npm run build`: parses and validates the default watchlist.yaml once and writes
// it as JSON next to the compiled code, so the CLI does not parse YAML on every start. The snapshot
// carries the YAML's hash; at run time a watchlist.yaml edited since the build is parsed instead.
import { readFileSync, writeFileSync } from 'node:fs';
import {
  DEFAULT_WATCHLIST_PATH,
  WATCHLIST_SNAPSHOT_PATH,
  hashWatchlistText,
  parseWatchlist,
} from '../dist/config/watchlist.js';

const text = readFileSync(DEFAULT_WATCHLIST_PATH, 'utf8');
const watchlist = parseWatchlist(text, DEFAULT_WATCHLIST_PATH);
writeFileSync(WATCHLIST_SNAPSHOT_PATH, `${JSON.stringify({ sha256: hashWatchlistText(text), watchlist })}\n`);
