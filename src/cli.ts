// The command line. Each command is one function in src/commands/, imported lazily so that
// `extract` does not pay for SQLite, SMTP or Handlebars at start-up. This file holds the only
// top-level catch of the CLI: it maps errors to exit codes (0 ok, 1 runtime failure, 2 usage/config).
import { Command, CommanderError, Option } from 'commander';
import { StancewatchError, UsageError } from './errors.js';
import { createConsoleLogger, type LogLevel, type Logger } from './log.js';

interface GlobalOptions {
  quiet?: boolean;
  verbose?: boolean;
  config?: string;
}

function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals<GlobalOptions>();
}

function loggerFor(cmd: Command): Logger {
  const g = globals(cmd);
  const level: LogLevel = g.quiet ? 'quiet' : g.verbose ? 'verbose' : 'normal';
  return createConsoleLogger({ level });
}

const write = (chunk: string) => {
  process.stdout.write(chunk);
};

function parseDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new UsageError(`invalid date "${value}" (expected YYYY-MM-DD)`);
  }
  return value;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new UsageError(`invalid port "${value}" (expected 0-65535)`);
  return port;
}
const NEW_WITHIN_HELP =
  "new voices are pairs first stated within this period before now (default: the list's newWithin, 30d; a scheduled digest uses its previous digest)";

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('stancewatch')
    .description('Watch the news for what changed in stated positions, and email digests of the changes.')
    .option(
      '-c, --config <path>',
      'config file (default: stancewatch.config.yaml if present, else embedded defaults)',
    )
    .option('-q, --quiet', 'only print warnings and errors')
    .option('-v, --verbose', 'print more detail')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('extract')
    .description('extract attributions and positions from article files (pure: nothing is stored)')
    .argument('<files...>', 'article files (.txt, .md, .html, .json) or folders of them')
    .addOption(new Option('--format <format>', 'output format').choices(['jsonl', 'json']).default('jsonl'))
    .option('--watchlist <path>', 'watchlist file to use instead of the configured one')
    .action(async (files: string[], opts: { format: 'jsonl' | 'json'; watchlist?: string }, cmd: Command) => {
      const { extractCommand } = await import('./commands/extract.js');
      await extractCommand({
        files,
        format: opts.format,
        watchlist: opts.watchlist,
        logger: loggerFor(cmd),
        write,
      });
    });

  program
    .command('ingest')
    .description('parse, extract and store articles (default: the configured folder sources)')
    .argument('[paths...]', 'files or folders (searched recursively)')
    .option('--db <path>', 'SQLite database file (default: store.path of the config, data/stancewatch.db)')
    .option('--watchlist <path>', 'watchlist file to use instead of the configured one')
    .action(async (paths: string[], opts: { db?: string; watchlist?: string }, cmd: Command) => {
      const { ingestCommand } = await import('./commands/ingest.js');
      await ingestCommand({ paths, ...opts, config: globals(cmd).config, logger: loggerFor(cmd) });
    });

  program
    .command('articles')
    .description('list stored articles: published, source, title, positions')
    .option('--db <path>', 'SQLite database file')
    .option('--all', 'include superseded versions')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts: { db?: string; all?: boolean; format: 'text' | 'json' }, cmd: Command) => {
      const { articlesCommand } = await import('./commands/articles.js');
      await articlesCommand({ ...opts, config: globals(cmd).config, logger: loggerFor(cmd), write });
    });

  program
    .command('positions')
    .description('list stored positions with date, speaker, polarity and claim')
    .option('--actor <id>', 'only this actor id')
    .option('--topic <id>', 'only this topic id')
    .option('--since <date>', 'only positions published on or after YYYY-MM-DD', parseDate)
    .option('--db <path>', 'SQLite database file')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(
      async (
        opts: { actor?: string; topic?: string; since?: string; db?: string; format: 'text' | 'json' },
        cmd: Command,
      ) => {
        const { positionsCommand } = await import('./commands/positions.js');
        await positionsCommand({ ...opts, config: globals(cmd).config, logger: loggerFor(cmd), write });
      },
    );

  program
    .command('changes')
    .description('what changed in stated positions since the baseline')
    .option('--since <date>', 'baseline YYYY-MM-DD (default: the config baseline, 2024-01-01)', parseDate)
    .option('--actor <id>', 'only this actor id')
    .option('--topic <id>', 'only this topic id')
    .option('--db <path>', 'SQLite database file')
    .option('--watchlist <path>', 'watchlist file to use instead of the configured one')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(
      async (
        opts: {
          since?: string;
          actor?: string;
          topic?: string;
          db?: string;
          watchlist?: string;
          format: 'text' | 'json';
        },
        cmd: Command,
      ) => {
        const { changesCommand } = await import('./commands/changes.js');
        await changesCommand({ ...opts, config: globals(cmd).config, logger: loggerFor(cmd), write });
      },
    );

  const review = program
    .command('review')
    .description("the review queue: positions behind each list's next digest, lowest confidence first")
    .option('--list <id>', 'only this subscriber list (default: every list)')
    .option('--db <path>', 'SQLite database file')
    .option('--watchlist <path>', 'watchlist file to use instead of the configured one')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(
      async (
        opts: { list?: string; db?: string; watchlist?: string; format: 'text' | 'json' },
        cmd: Command,
      ) => {
        const { reviewQueueCommand } = await import('./commands/review.js');
        await reviewQueueCommand({ ...opts, config: globals(cmd).config, logger: loggerFor(cmd), write });
      },
    );
  review
    .command('history')
    .description('every verdict recorded on a position: who, when, what and why')
    .argument('<positionId>', 'the id the queue shows')
    .option('--db <path>', 'SQLite database file')
    .action(async (positionId: string, _opts: unknown, cmd: Command) => {
      const { db } = cmd.optsWithGlobals<{ db?: string }>();
      const { reviewHistoryCommand } = await import('./commands/review.js');
      await reviewHistoryCommand({
        positionId,
        db,
        config: globals(cmd).config,
        logger: loggerFor(cmd),
        write,
      });
    });
  const verdicts = [
    ['confirm', null, 'confirm a position as extracted (it counts as solid)'],
    ['reject', null, 'reject a position: it no longer counts in changes or digests'],
    ['set-polarity', '<polarity>', 'correct the stance (supports, opposes, conditional, neutral)'],
    ['set-actor', '<actor>', 'correct the actor (a watchlist actor id)'],
    ['set-topic', '<topic>', 'correct the topic (a watchlist topic id)'],
  ] as const;
  for (const [action, value, description] of verdicts) {
    const sub = review
      .command(action)
      .description(description)
      .argument('<positionId>', 'the id the queue shows');
    if (value) sub.argument(value);
    sub
      .requiredOption('--by <name>', 'who reviews (kept with the override)')
      .option('--note <text>', 'why (kept with the override)')
      .option('--db <path>', 'SQLite database file')
      .option('--watchlist <path>', 'watchlist file to use instead of the configured one')
      .action(async (...args: unknown[]) => {
        const cmd = args.at(-1) as Command;
        // --db and --watchlist may be given before or after the subcommand (the parent has them too).
        const { by, note, db, watchlist } = cmd.optsWithGlobals<{
          by: string;
          note?: string;
          db?: string;
          watchlist?: string;
        }>();
        const opts = { by, note, db, watchlist };
        const { reviewActionCommand } = await import('./commands/review.js');
        await reviewActionCommand({
          ...opts,
          action,
          positionId: String(args[0]),
          ...(value ? { value: String(args[1]) } : {}),
          config: globals(cmd).config,
          logger: loggerFor(cmd),
          write,
        });
      });
  }

  program
    .command('run')
    .description("ingest the sources, then compute, render and deliver each list's digest")
    .option('--list <id...>', 'only these subscriber lists')
    .option('--since <date>', 'baseline YYYY-MM-DD (default: the config baseline)', parseDate)
    .option('--dry-run', 'render to the outbox; record nothing as sent')
    .option('--to <email>', 'send one test copy to this address only (nothing is recorded)')
    .option('--force', 'resend to recipients who already received this digest')
    .option('--no-ingest', 'skip the ingest step; digest what is already stored')
    .option('--new-within <period>', NEW_WITHIN_HELP)
    .option('--db <path>', 'SQLite database file')
    .option('--watchlist <path>', 'watchlist file to use instead of the configured one')
    .action(
      async (
        opts: {
          list?: string[];
          since?: string;
          dryRun?: boolean;
          to?: string;
          force?: boolean;
          ingest: boolean;
          newWithin?: string;
          db?: string;
          watchlist?: string;
        },
        cmd: Command,
      ) => {
        if (opts.to !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(opts.to))
          throw new UsageError(`--to: invalid email address "${opts.to}"`);
        const { runCommand } = await import('./commands/run.js');
        const { ingest, ...rest } = opts;
        const result = await runCommand({
          ...rest,
          noIngest: !ingest,
          config: globals(cmd).config,
          logger: loggerFor(cmd),
          write,
        });
        if (result.failed) setExit(1);
      },
    );

  program
    .command('preview')
    .description("render a list's digest from what is stored; print the HTML file's path")
    .option('--list <id>', 'the subscriber list (default: every list)')
    .option('--since <date>', 'baseline YYYY-MM-DD', parseDate)
    .option('--new-within <period>', NEW_WITHIN_HELP)
    .option('--db <path>', 'SQLite database file')
    .action(
      async (opts: { list?: string; since?: string; newWithin?: string; db?: string }, cmd: Command) => {
        const { previewCommand } = await import('./commands/preview.js');
        await previewCommand({ ...opts, config: globals(cmd).config, logger: loggerFor(cmd), write });
      },
    );

  program
    .command('lists')
    .description('show each subscriber list: members, filters, schedule, last delivery')
    .option('--db <path>', 'SQLite database file')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts: { db?: string; format: 'text' | 'json' }, cmd: Command) => {
      const { listsCommand } = await import('./commands/lists.js');
      await listsCommand({ ...opts, config: globals(cmd).config, logger: loggerFor(cmd), write });
    });

  program
    .command('unsubscribe')
    .description('record an unsubscribe (a suppression that every later digest honours)')
    .argument('<email>', 'the address')
    .option('--list <id>', 'only this list (default: every list)')
    .option('--reason <text>', 'why (kept with the suppression)', 'unsubscribed by request')
    .option('--db <path>', 'SQLite database file')
    .action(async (email: string, opts: { list?: string; reason: string; db?: string }, cmd: Command) => {
      const { unsubscribeCommand } = await import('./commands/unsubscribe.js');
      await unsubscribeCommand({
        email,
        ...opts,
        config: globals(cmd).config,
        logger: loggerFor(cmd),
        write,
      });
    });

  program
    .command('worker')
    .description('run the configured schedules (fetch sources, send due digests) until SIGTERM/SIGINT')
    .option('--db <path>', 'SQLite database file')
    .option('--watchlist <path>', 'watchlist file to use instead of the configured one')
    .option('--holder <name>', 'name this worker holds the schedule lease under (default host:pid)')
    .option('--serve', 'also run the web server (stancewatch serve) in this process')
    .option('--port <port>', 'with --serve: port to listen on', parsePort, 8080)
    .option('--host <host>', 'with --serve: address to listen on', '127.0.0.1')
    .action(
      async (
        opts: {
          db?: string;
          watchlist?: string;
          holder?: string;
          serve?: boolean;
          port: number;
          host: string;
        },
        cmd: Command,
      ) => {
        const { workerCommand } = await import('./commands/worker.js');
        const { serve, port, host, ...rest } = opts;
        // No console logger: the worker logs structured JSON lines (pino) for log collectors.
        await workerCommand({
          ...rest,
          config: globals(cmd).config,
          ...(serve ? { serve: { port, host } } : {}),
        });
      },
    );

  program
    .command('serve')
    .description('run the web server: unsubscribe, preferences, archive, sign-up, and the admin pages')
    .option('--port <port>', 'port to listen on', parsePort, 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--db <path>', 'SQLite database file')
    .option('--watchlist <path>', 'watchlist file to use instead of the configured one')
    .action(async (opts: { port: number; host: string; db?: string; watchlist?: string }, cmd: Command) => {
      const { serveCommand } = await import('./commands/serve.js');
      await serveCommand({ ...opts, config: globals(cmd).config, logger: loggerFor(cmd) });
    });

  program
    .command('status')
    .description(
      'what the worker did and will do: per list the last and next digest, per source its fetch state',
    )
    .option('--db <path>', 'SQLite database file')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts: { db?: string; format: 'text' | 'json' }, cmd: Command) => {
      const { statusCommand } = await import('./commands/status.js');
      await statusCommand({ ...opts, config: globals(cmd).config, logger: loggerFor(cmd), write });
    });

  const config = program.command('config').description('inspect the configuration');
  config
    .command('check')
    .description('validate the config, the watchlist and every subscriber list')
    .option('--watchlist <path>', 'watchlist file to check instead of the configured one')
    .action(async (opts: { watchlist?: string }, cmd: Command) => {
      const { configCheckCommand } = await import('./commands/config-check.js');
      configCheckCommand({ ...opts, config: globals(cmd).config, logger: loggerFor(cmd), write });
    });

  return program;
}

/** Runs the CLI and returns the exit code; never calls process.exit itself. */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv);
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" to commander; they are successes to the user.
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return 0;
      return 2;
    }
    if (error instanceof StancewatchError) {
      process.stderr.write(`stancewatch: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(
      `stancewatch: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}

export { parseDate };
