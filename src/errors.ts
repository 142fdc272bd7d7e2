// The few error classes of stancewatch. Library code throws these; only cli.ts and worker.ts catch
// them at the top and map them to exit codes (2 for usage/config, 1 for everything else) or log lines.

export class StancewatchError extends Error {
  override name = 'StancewatchError';
  /** Process exit code the CLI uses for this error. */
  readonly exitCode: number;
  constructor(message: string, options: { cause?: unknown; exitCode?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = options.exitCode ?? 1;
  }
}

/** The user's command line is wrong (unknown flag, bad date). Exit code 2. */
export class UsageError extends StancewatchError {
  override name = 'UsageError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, exitCode: 2 });
  }
}

/** A config or watchlist file is invalid; `issues` lists every problem as `path: message`. Exit code 2. */
export class ConfigError extends StancewatchError {
  override name = 'ConfigError';
  readonly issues: string[];
  constructor(file: string, issues: string[], options: { cause?: unknown } = {}) {
    super(`${file} is invalid:\n${issues.map((i) => `  - ${i}`).join('\n')}`, { ...options, exitCode: 2 });
    this.issues = issues;
  }
}
