// The YAML parser loads on first use: the default watchlist is read from a JSON snapshot and most
// article files have no front matter, so `extract` usually starts without it (~70 ms saved).
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let yaml: typeof Yaml | null = null;

export function parseYaml(text: string): unknown {
  yaml ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return yaml.parse(text);
}
