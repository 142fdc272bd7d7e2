// Loads the config in three steps: parse (YAML → zod schema), normalize (paths resolved against the
// config file's folder), then named cross-field rules. Every problem is reported in one go.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError } from '../errors.js';
import { formatIssues } from './issues.js';
import { Config } from './schema.js';

export const DEFAULT_CONFIG_FILE = 'stancewatch.config.yaml';

export interface LoadedConfig {
  config: Config;
  /** The file read, or null when the embedded defaults are in use. */
  file: string | null;
  /** Folder that relative paths in the config were resolved against. */
  baseDir: string;
  warnings: string[];
}

type Rule = (config: Config, raw: unknown, report: { error(m: string): void; warn(m: string): void }) => void;

/** Keys that would put a secret into the file; secrets come from environment variables only. */
const SECRET_KEYS = /^(pass(word)?|secret|token|apiKey|api_key)$/i;

function findSecrets(value: unknown, path: string, out: string[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => findSecrets(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = path ? `${path}.${k}` : k;
      if (SECRET_KEYS.test(k))
        out.push(
          `${p}: secrets are not read from the config file (expected an environment variable name in ${k}Env, received a value)`,
        );
      else findSecrets(v, p, out);
    }
  }
}

const rules: Record<string, Rule> = {
  uniqueListIds(config, _raw, r) {
    const seen = new Set<string>();
    config.lists.forEach((l, i) => {
      if (seen.has(l.id)) r.error(`lists[${i}].id: duplicate list id "${l.id}" (expected each list id once)`);
      seen.add(l.id);
    });
  },
  uniqueSourceIds(config, _raw, r) {
    const seen = new Set<string>();
    config.sources.forEach((s, i) => {
      if (!s.id) return;
      if (seen.has(s.id))
        r.error(`sources[${i}].id: duplicate source id "${s.id}" (expected each source id once)`);
      seen.add(s.id);
    });
  },
  fromHasAddress(config, _raw, r) {
    if (!/[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+/.test(config.mail.from)) {
      r.error(
        `mail.from: expected an address like "Digest <digest@example.org>", received ${JSON.stringify(config.mail.from)}`,
      );
    }
  },
  unsubscribeSecret(config, _raw, r) {
    if (config.mail.publicUrl && !process.env[config.mail.unsubscribeSecretEnv]) {
      r.warn(
        `mail.publicUrl: set the environment variable ${config.mail.unsubscribeSecretEnv} to sign unsubscribe links; until then only the mailto unsubscribe is offered`,
      );
    }
  },
  listsHaveSubscribers(config, _raw, r) {
    config.lists.forEach((l, i) => {
      if (l.subscribers.length === 0 && !l.subscribersFile)
        r.warn(`lists[${i}]: list "${l.id}" has no subscribers and no subscribersFile`);
    });
  },
};

function normalize(config: Config, baseDir: string): Config {
  const at = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
  return {
    ...config,
    sources: config.sources.map((s) => (s.type === 'folder' ? { ...s, path: at(s.path) } : s)),
    watchlist: config.watchlist ? at(config.watchlist) : undefined,
    store: config.store.driver === 'sqlite' ? { ...config.store, path: at(config.store.path) } : config.store,
    mail: {
      ...config.mail,
      outbox: at(config.mail.outbox),
      ...(config.mail.dkim?.privateKeyFile
        ? { dkim: { ...config.mail.dkim, privateKeyFile: at(config.mail.dkim.privateKeyFile) } }
        : {}),
    },
    lists: config.lists.map((l) =>
      l.subscribersFile ? { ...l, subscribersFile: at(l.subscribersFile) } : l,
    ),
  };
}

/** Validates already-read config text; `file` names it in messages. Pure apart from reading env for warnings. */
export function parseConfig(text: string, file: string, baseDir: string): LoadedConfig {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => `(file): not valid YAML: ${e.message.split('\n')[0]}`),
    );
  }
  const raw: unknown = doc.toJS() ?? {};
  const errors: string[] = [];
  findSecrets(raw, '', errors);
  const parsed = Config.safeParse(raw);
  if (!parsed.success) errors.push(...formatIssues(parsed.error.issues, raw));
  if (errors.length > 0 || !parsed.success) throw new ConfigError(file, errors);
  const config = normalize(parsed.data, baseDir);
  const warnings: string[] = [];
  const report = { error: (m: string) => errors.push(m), warn: (m: string) => warnings.push(m) };
  for (const rule of Object.values(rules)) rule(config, raw, report);
  if (errors.length > 0) throw new ConfigError(file, errors);
  return { config, file, baseDir, warnings };
}

export interface LoadConfigOptions {
  /** Explicit config path (`--config`); must exist. */
  path?: string;
  /** Where to look for stancewatch.config.yaml and resolve embedded defaults. @default process.cwd() */
  cwd?: string;
}

export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const cwd = options.cwd ?? process.cwd();
  const file = options.path ? resolve(cwd, options.path) : resolve(cwd, DEFAULT_CONFIG_FILE);
  if (!existsSync(file)) {
    if (options.path)
      throw new ConfigError(options.path, ['(file): not found (expected a YAML config file)']);
    return { ...parseConfig('{}', '(embedded defaults)', cwd), file: null };
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(
      file,
      [`(file): cannot read (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`],
      { cause },
    );
  }
  return parseConfig(text, options.path ?? DEFAULT_CONFIG_FILE, dirname(file));
}
