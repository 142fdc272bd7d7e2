// Extraction entry point: article in, attributions and positions out (pure).
import type { Extraction, ParsedArticle } from '../model.js';
import type { Watchlist } from '../config/watchlist.js';

export function extract(_article: ParsedArticle, _watchlist: Watchlist): Extraction {
  return { attributions: [], positions: [] };
}
