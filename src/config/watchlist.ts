// The watchlist: which actors and topics stancewatch looks for. Domain knowledge lives in YAML/JSON
// watchlist files (the default one ships as watchlist.yaml at the package root), never in code.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { formatIssues } from './issues.js';
import { parseYaml } from './yaml.js';

export const WatchlistActor = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lowercase id like "united-states"'),
    name: z.string().min(1),
    aliases: z.array(z.string().min(1)).default([]),
  })
  .loose();
export type WatchlistActor = z.infer<typeof WatchlistActor>;

export const StanceLabels = z
  .object({
    supports: z.string().min(1).max(80),
    opposes: z.string().min(1).max(80),
    conditional: z.string().min(1).max(80),
    neutral: z.string().min(1).max(80),
  })
  .partial()
  .strict();
export type StanceLabels = z.infer<typeof StanceLabels>;

export const WatchlistTopic = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lowercase id like "peace-talks"'),
    name: z.string().min(1),
    description: z.string().default(''),
    phrases: z.array(z.string().min(1)).min(1),
    /** Longer phrases that contain a topic phrase but are not the topic ("nuclear weapons"). */
    excludePhrases: z.array(z.string().min(1)).optional(),
    /** Plain words for each stance on this topic, shown in digests ("wants Ukraine to cede land"). */
    stanceLabels: StanceLabels.optional(),
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

/**
 * The build writes the default watchlist, parsed and validated, next to the compiled code, so the
 * CLI starts without parsing YAML. It is used only for a file whose text hashes the same; an edited
 * watchlist.yaml (or any other file) is parsed as usual.
 */
export const WATCHLIST_SNAPSHOT_PATH = fileURLToPath(new URL('../watchlist.snapshot.json', import.meta.url));

export const WatchlistSnapshot = z.object({ sha256: z.string(), watchlist: Watchlist });
export type WatchlistSnapshot = z.infer<typeof WatchlistSnapshot>;

export const hashWatchlistText = (text: string) => createHash('sha256').update(text).digest('hex');

/** The snapshot's watchlist when it was made from exactly `text`; null when missing, stale or unreadable. */
export function readWatchlistSnapshot(
  text: string,
  snapshotPath: string = WATCHLIST_SNAPSHOT_PATH,
): Watchlist | null {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(snapshotPath, 'utf8'));
  } catch {
    return null;
  }
  const snapshot = WatchlistSnapshot.safeParse(raw);
  if (!snapshot.success || snapshot.data.sha256 !== hashWatchlistText(text)) return null;
  return snapshot.data.watchlist;
}

export function loadWatchlist(
  path: string = DEFAULT_WATCHLIST_PATH,
  snapshotPath: string = WATCHLIST_SNAPSHOT_PATH,
): Watchlist {
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
  return readWatchlistSnapshot(text, snapshotPath) ?? parseWatchlist(text, path);
}
