// The watchlist: which actors and topics stancewatch looks for. Domain knowledge lives in YAML/JSON
// watchlist files (the default one ships as watchlist.yaml at the package root), never in code.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { formatIssues } from './issues.js';

export const WatchlistActor = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lowercase id like "united-states"'),
    name: z.string().min(1),
    aliases: z.array(z.string().min(1)).default([]),
  })
  .loose();
export type WatchlistActor = z.infer<typeof WatchlistActor>;

export const WatchlistTopic = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lowercase id like "peace-talks"'),
    name: z.string().min(1),
    description: z.string().default(''),
    phrases: z.array(z.string().min(1)).min(1),
  })
  .loose();
export type WatchlistTopic = z.infer<typeof WatchlistTopic>;

export const Watchlist = z
  .object({
    actors: z.array(WatchlistActor),
    topics: z.array(WatchlistTopic),
  })
  .loose();
export type Watchlist = z.infer<typeof Watchlist>;

/** The watchlist shipped with stancewatch (the war in Ukraine, 2024 onwards). */
export const DEFAULT_WATCHLIST_PATH = fileURLToPath(new URL('../../watchlist.yaml', import.meta.url));

/** Parses watchlist text (YAML or JSON; JSON is YAML) and validates it, listing every issue. */
export function parseWatchlist(text: string, file: string): Watchlist {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (cause) {
    throw new ConfigError(file, [`(file): could not parse as YAML or JSON: ${(cause as Error).message}`], {
      cause,
    });
  }
  const result = Watchlist.safeParse(raw);
  if (!result.success) throw new ConfigError(file, formatIssues(result.error.issues, raw));
  return result.data;
}

export function loadWatchlist(path: string = DEFAULT_WATCHLIST_PATH): Watchlist {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ConfigError(
      path,
      [`(file): cannot read the watchlist (${(cause as NodeJS.ErrnoException).code ?? cause})`],
      { cause },
    );
  }
  return parseWatchlist(text, path);
}
