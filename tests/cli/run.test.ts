// The product's main job end to end, as `npm start` runs it: the bundled feeds, the embedded defaults,
// a file outbox. Runs in a temporary working directory so nothing in the checkout is touched.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { articlesCommand } from '../../src/commands/articles.js';
import { runCommand, type RunResult } from '../../src/commands/run.js';
import { silentLogger } from '../../src/log.js';
import { createSqliteStore } from '../../src/store/sqlite.js';

const FEEDS = resolve('feeds');

function findFiles(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(suffix))
    .map((f) => join(dir, f))
    .sort();
}

describe('stancewatch run on the bundled feeds (npm start)', () => {
  let cwd: string;
  let out = '';
  let first: RunResult;

  beforeAll(async () => {
    cwd = mkdtempSync(join(tmpdir(), 'sw-run-'));
    cpSync(FEEDS, join(cwd, 'feeds'), { recursive: true });
    const prev = process.cwd();
    process.chdir(cwd);
    try {
      first = await runCommand({ logger: silentLogger, write: (s) => (out += s) });
    } finally {
      process.chdir(prev);
    }
  }, 60_000);

  it('lists both seed articles with their dates, titles and sources', () => {
    expect(first.ingest?.new).toBe(2);
    expect(out).toMatch(/2024-01-26\s+day\s+Kyiv Independent/);
    expect(out).toMatch(/2026\s+year\s+/);
  });

  it('writes one message per recipient to the outbox, US on peace talks first', async () => {
    const emls = findFiles(join(cwd, 'outbox', 'sample'), '.eml');
    expect(emls).toHaveLength(1);
    expect(emls[0]).toMatch(/analyst@example\.com\.eml$/);
    const mail = await simpleParser(readFileSync(emls[0]!));
    expect(mail.subject).toMatch(/United States/);
    const text = mail.text ?? '';
    const us = text.indexOf('United States');
    expect(us).toBeGreaterThan(-1);
    // The first change is the United States on peace talks: skeptical in January 2024, pushing for a deal in 2026.
    const firstSection = text.slice(us, us + 1500);
    expect(firstSection).toMatch(/peace talks/i);
    expect(firstSection).toMatch(/January 2024|2024-01-26|26 Jan(uary)? 2024/);
    expect(firstSection).toMatch(/2026/);
    expect(firstSection).toMatch(/skeptic/i);
    expect(firstSection).toMatch(/June/);
    expect(text).toMatch(/new voices/i);
    expect(text).toMatch(/Estonia/);
    expect(text).toMatch(/Poland/);
    expect(mail.html).toBeTruthy();
    expect(findFiles(join(cwd, 'outbox', 'sample'), 'digest.html')).toHaveLength(1);
  });

  it('a second run sends nothing again', async () => {
    const prev = process.cwd();
    process.chdir(cwd);
    let again = '';
    try {
      const second = await runCommand({ logger: silentLogger, write: (s) => (again += s) });
      expect(second.ingest?.new).toBe(0);
      expect(second.ingest?.unchanged).toBe(2);
      expect(second.digests[0]?.delivery?.sent).toBe(0);
      expect(second.digests[0]?.delivery?.skippedAlreadySent).toBe(1);
    } finally {
      process.chdir(prev);
    }
    expect(findFiles(join(cwd, 'outbox', 'sample'), '.eml')).toHaveLength(1);
  });

  it('the articles command shows what was stored', async () => {
    let table = '';
    await articlesCommand({
      db: join(cwd, 'data', 'stancewatch.db'),
      logger: silentLogger,
      write: (s) => (table += s),
    });
    expect(table.split('\n').filter((l) => /^\d{4}/.test(l))).toHaveLength(2);
  });
});

describe('exit codes', () => {
  const quiet = async (argv: string[]) => {
    const origErr = process.stderr.write.bind(process.stderr);
    const origOut = process.stdout.write.bind(process.stdout);
    let err = '';
    process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      return { code: await main(['node', 'stancewatch', ...argv]), err };
    } finally {
      process.stderr.write = origErr;
      process.stdout.write = origOut;
    }
  };

  it('0 for --help, 2 for usage and config errors', async () => {
    expect((await quiet(['--help'])).code).toBe(0);
    expect((await quiet(['run', '--help'])).code).toBe(0);
    expect((await quiet(['no-such-command'])).code).toBe(2);
    expect((await quiet(['changes', '--since', 'yesterday'])).code).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), 'sw-exit-'));
    const cfg = join(dir, 'bad.yaml');
    writeFileSync(cfg, 'baseline: soon\nlists: [{ id: x }]\n');
    const bad = await quiet(['--config', cfg, 'config', 'check']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/baseline: /);
    expect(bad.err).toMatch(/lists\[0\]\.name: /);
    // A mistyped list stops before anything is ingested or written.
    const empty = mkdtempSync(join(tmpdir(), 'sw-exit-'));
    const db = join(empty, 'x.db');
    const unknown = await quiet(['run', '--list', 'nope', '--db', db]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown list "nope" \(expected one of: sample\)/);
    const store = createSqliteStore({ path: db });
    expect(await store.listArticles()).toEqual([]);
    await store.close();
  });
});
