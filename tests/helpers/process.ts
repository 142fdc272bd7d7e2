// Real stancewatch processes for tests: the CLI run from source through tsx, with its output collected
// line by line and helpers to wait on output or exit (never on the clock).
import { spawn, type ChildProcess } from 'node:child_process';

const repo = new URL('../../', import.meta.url).pathname;

export interface CliProcess {
  child: ChildProcess;
  /** stdout and stderr lines, in arrival order. */
  lines: string[];
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  exited: Promise<number | string>;
}

export function startCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  /** Run as another user (e.g. one without write access to a file); only root may ask for this. */
  as?: { uid: number; gid: number },
): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
    ...(as ?? {}),
  });
  const lines: string[] = [];
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
    lines.push(...c.toString().split('\n'));
  });
  child.stderr?.on('data', (c: Buffer) => {
    err += c.toString();
    lines.push(...c.toString().split('\n'));
  });
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1));
  });
  return { child, lines, stdout: () => out, stderr: () => err, exited };
}

/** Polls a condition until it holds or the deadline passes (then throws, naming what was awaited). */
export async function waitUntil(
  what: string,
  check: () => boolean | Promise<boolean>,
  ms = 60_000,
): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
