// `stancewatch config check`: validates the config, the watchlist and every list's subscribers in
// one go, so a user fixes everything in one pass. Throws ConfigError (exit 2) when anything is wrong.
import { existsSync, statSync } from 'node:fs';
import type { Config } from '../config/schema.js';
import { resolveSubscribers } from '../config/subscribers.js';
import { loadDkimKey } from '../deliver/mailers.js';
import { ConfigError } from '../errors.js';
import type { Logger } from '../log.js';
import { loadContextConfig } from '../pipeline/context.js';

export interface ConfigCheckOptions {
  config?: string;
  watchlist?: string;
  logger: Logger;
  write: (chunk: string) => void;
  /** Where secrets are looked up. @default process.env */
  env?: NodeJS.ProcessEnv;
}

/**
 * What the file cannot say on its own but a run would trip over: a source folder that is not there, an
 * SMTP password variable that is unset, a DKIM key that cannot be read.
 */
function environmentProblems(config: Config, baseDir: string, env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  config.sources.forEach((s, i) => {
    if (s.type !== 'folder') return;
    if (!existsSync(s.path))
      problems.push(`sources[${i}].path: ${s.path} does not exist (expected a folder or file of articles)`);
    else if (!statSync(s.path).isDirectory() && !statSync(s.path).isFile())
      problems.push(`sources[${i}].path: ${s.path} is neither a folder nor a file`);
  });
  const smtp = config.mail.smtp;
  if (smtp?.user && !env[smtp.passwordEnv])
    problems.push(
      `mail.smtp.passwordEnv: the environment variable ${smtp.passwordEnv} is not set (expected the SMTP password for user "${smtp.user}")`,
    );
  try {
    loadDkimKey(config.mail, { cwd: baseDir, env });
  } catch (error) {
    problems.push(...(error instanceof ConfigError ? error.issues : [String(error)]));
  }
  return problems;
}

export function configCheckCommand(options: ConfigCheckOptions): void {
  const { loaded, watchlist } = loadContextConfig(options);
  const { config } = loaded;
  const file = loaded.file ?? '(embedded defaults)';
  const problems: string[] = [];
  const actorIds = new Set(watchlist.actors.map((a) => a.id));
  const topicIds = new Set(watchlist.topics.map((t) => t.id));
  const lines: string[] = [];
  config.lists.forEach((list, i) => {
    list.filters.actors.forEach((a, j) => {
      if (!actorIds.has(a))
        problems.push(
          `lists[${i}].filters.actors[${j}]: unknown actor "${a}" (expected one of the watchlist's actor ids)`,
        );
    });
    list.filters.topics.forEach((t, j) => {
      if (!topicIds.has(t))
        problems.push(
          `lists[${i}].filters.topics[${j}]: unknown topic "${t}" (expected one of the watchlist's topic ids)`,
        );
    });
    const subs = resolveSubscribers(list, file);
    problems.push(...subs.problems);
    lines.push(
      `  list ${list.id}: ${subs.recipients.length} subscribers${list.schedule ? `, schedule "${list.schedule}" (${list.timeZone})` : ''}`,
    );
  });
  problems.push(...environmentProblems(config, loaded.baseDir, options.env ?? process.env));
  for (const w of loaded.warnings) options.logger.warn(w);
  if (problems.length > 0) throw new ConfigError(file, problems);
  const sources = config.sources.map((s) =>
    s.type === 'folder' ? `folder ${s.path}` : `feed ${s.id} ${s.url}`,
  );
  options.write(
    [
      `${file}: OK`,
      `  sources: ${sources.join('; ')}`,
      `  watchlist: ${watchlist.actors.length} actors, ${watchlist.topics.length} topics (${config.watchlist ?? 'bundled'})`,
      `  store: ${config.store.driver === 'sqlite' ? `sqlite ${config.store.path}` : `postgres via $${config.store.urlEnv}`}`,
      `  mail: ${config.mail.smtp ? `smtp ${config.mail.smtp.host}:${config.mail.smtp.port}` : `file outbox ${config.mail.outbox}`}${config.mail.dkim ? `, DKIM ${config.mail.dkim.keySelector}._domainkey.${config.mail.dkim.domainName}` : ''}`,
      ...lines,
    ].join('\n') + '\n',
  );
}
