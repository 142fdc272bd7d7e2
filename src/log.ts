// Output for people and for machines. CLI mode writes readable lines to stderr (stdout stays for
// results); worker mode writes pino JSON. Library code receives a Logger and never writes directly.
export type LogLevel = 'quiet' | 'normal' | 'verbose';

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
  /** Reports progress through a batch; on a TTY a bar, otherwise nothing (the per-item lines suffice). */
  progress(done: number, total: number, label?: string): void;
}

export interface ConsoleLoggerOptions {
  level?: LogLevel;
  stream?: NodeJS.WriteStream | { write(chunk: string): unknown; isTTY?: boolean };
}

export function createConsoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const level = options.level ?? 'normal';
  const stream = options.stream ?? process.stderr;
  const tty = Boolean(stream.isTTY);
  let barShown = false;
  const clearBar = () => {
    if (barShown) {
      stream.write('\r\x1b[2K');
      barShown = false;
    }
  };
  const line = (text: string) => {
    clearBar();
    stream.write(`${text}\n`);
  };
  return {
    info: (m) => {
      if (level !== 'quiet') line(m);
    },
    warn: (m) => line(`warning: ${m}`),
    error: (m) => line(`error: ${m}`),
    debug: (m) => {
      if (level === 'verbose') line(m);
    },
    progress: (done, total, label) => {
      if (!tty || level === 'quiet' || total < 2) return;
      const width = 30;
      const filled = Math.round((done / total) * width);
      stream.write(
        `\r\x1b[2K[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${label ?? ''}`.slice(
          0,
          120,
        ),
      );
      barShown = done < total;
      if (!barShown) stream.write('\r\x1b[2K');
    },
  };
}

/** A logger that drops everything: for tests and library callers that want silence. */
export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
  progress: () => {},
};
