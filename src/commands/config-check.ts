// `stancewatch config check`: validates the config, the watchlist and every list's subscribers in
// one go, so a user fixes everything in one pass. Throws ConfigError (exit 2) when anything is wrong.
import { resolveSubscribers } from '../config/subscribers.js';
import { ConfigError } from '../errors.js';
import type { Logger } from '../log.js';
import { loadContextConfig } from '../pipeline/context.js';

export interface ConfigCheckOptions {
  config?: string;
  watchlist?: string;
  logger: Logger;
  write: (chunk: string) => void;
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
      `  mail: ${config.mail.smtp ? `smtp ${config.mail.smtp.host}:${config.mail.smtp.port}` : `file outbox ${config.mail.outbox}`}`,
      ...lines,
    ].join('\n') + '\n',
  );
}
