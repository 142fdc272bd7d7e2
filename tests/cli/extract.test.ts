// `stancewatch extract`: the evaluation contract, called as the CLI calls it.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractCommand, extractEach } from '../../src/commands/extract.js';
import { loadWatchlist } from '../../src/config/watchlist.js';
import { extract } from '../../src/extract/index.js';
import type { Logger } from '../../src/log.js';

function collectingLogger(warnings: string[]): Logger {
  return {
    info() {},
    debug() {},
    progress() {},
    warn: (m) => warnings.push(m),
    error: (m) => warnings.push(m),
  };
}

describe('extract', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sw-extract-'));
  const article = (title: string, sentence: string) => `${title}\n\n${sentence}\n`;
  writeFileSync(
    join(dir, 'single.txt'),
    article(
      'Port to widen canal',
      'The port chief said on Monday that the canal would be widened next year.',
    ),
  );
  mkdirSync(join(dir, 'batch', 'older'), { recursive: true });
  writeFileSync(
    join(dir, 'batch', 'b.txt'),
    article('Ferry fares', 'Fares will rise in May, the ferry operator said in a statement on Friday.'),
  );
  writeFileSync(
    join(dir, 'batch', 'older', 'a.md'),
    '# Harbour vote\n\nThe harbour board said it would vote on the plan in June.\n',
  );
  writeFileSync(join(dir, 'batch', 'notes.ann'), 'T1\tSource 0 3\tThe\n');
  writeFileSync(join(dir, 'batch', 'README.md'), '# About this folder\n');

  it('prints one line per file in the order given; a folder stands for its article files, sorted', async () => {
    const lines: string[] = [];
    const warnings: string[] = [];
    const failed = await extractCommand({
      files: [join(dir, 'single.txt'), join(dir, 'batch'), join(dir, 'missing.txt')],
      format: 'jsonl',
      logger: collectingLogger(warnings),
      write: (chunk) => lines.push(...chunk.trimEnd().split('\n')),
    });
    const records = lines.map(
      (l) => JSON.parse(l) as { file: string; error?: string; attributions: unknown[] },
    );
    expect(records.map((r) => r.file)).toEqual([
      join(dir, 'single.txt'),
      join(dir, 'batch', 'b.txt'),
      join(dir, 'batch', 'older', 'a.md'),
      join(dir, 'missing.txt'),
    ]);
    expect(records.slice(0, 3).every((r) => r.attributions.length > 0)).toBe(true);
    // A file named on the command line that cannot be read still gets its line.
    expect(records[3]?.error).toBeTruthy();
    expect(failed).toBe(1);
    // Other files in a folder are skipped with a warning that names them; READMEs quietly.
    expect(warnings.join('\n')).toMatch(/notes\.ann: skipped, unknown extension/);
    expect(warnings.join('\n')).not.toMatch(/README/);
  });

  it('fails when no file at all could be extracted, after printing a line for each', async () => {
    const lines: string[] = [];
    const run = extractCommand({
      files: [join(dir, 'missing.txt'), join(dir, 'also-missing.md')],
      format: 'jsonl',
      logger: collectingLogger([]),
      write: (chunk) => lines.push(...chunk.trimEnd().split('\n')),
    });
    await expect(run).rejects.toThrow(/none of the 2 file\(s\) could be extracted/);
    expect(lines.map((l) => (JSON.parse(l) as { error?: string }).error)).toHaveLength(2);
  });

  it('prints each position with its relayer, confidence and extraction pass', async () => {
    const file = join(dir, 'kremlin.txt');
    writeFileSync(
      file,
      article(
        'Kremlin rejects sanctions',
        'Kremlin spokesman Dmitry Peskov said on Tuesday that Russia firmly opposes the new sanctions.',
      ),
    );
    const lines: string[] = [];
    await extractCommand({
      files: [file],
      format: 'jsonl',
      logger: collectingLogger([]),
      write: (chunk) => lines.push(...chunk.trimEnd().split('\n')),
    });
    const [record] = lines.map((l) => JSON.parse(l) as { positions: Array<Record<string, unknown>> });
    expect(record?.positions.length).toBeGreaterThan(0);
    for (const p of record?.positions ?? []) {
      expect(p).toHaveProperty('relayer');
      expect(p.relayer === null || typeof p.relayer === 'string').toBe(true);
      expect(typeof p.confidence).toBe('number');
      expect(p.confidence).toBeGreaterThanOrEqual(0);
      expect(p.confidence).toBeLessThanOrEqual(1);
      expect(typeof p.via).toBe('string');
    }
  });

  it('an article whose extraction throws gets a line with the error; the batch goes on', () => {
    const watchlist = loadWatchlist();
    const files = ['one', 'two', 'three'].map((name) => {
      const file = join(dir, `crash-${name}.txt`);
      writeFileSync(
        file,
        article(`Ferry ${name}`, `Fares will rise in May, the ferry operator said of route ${name}.`),
      );
      return file;
    });
    // The real extractor, except that it fails on the second article as a bug on odd input would.
    const flaky = (a: Parameters<typeof extract>[0]) => {
      if (a.body.includes('route two'))
        throw new TypeError("Cannot read properties of undefined (reading 'end')");
      return extract(a, watchlist);
    };
    const records: Array<{ file: string; error?: string; attributions: unknown[] }> = [];
    const warnings: string[] = [];
    const failed = extractEach(
      files,
      flaky,
      (r) => records.push(r as (typeof records)[number]),
      collectingLogger(warnings),
    );
    expect(records.map((r) => r.file)).toEqual(files);
    expect(failed).toBe(1);
    expect(records[0]?.error).toBeUndefined();
    expect(records[2]?.error).toBeUndefined();
    expect(records[0]?.attributions.length).toBeGreaterThan(0);
    expect(records[2]?.attributions.length).toBeGreaterThan(0);
    expect(records[1]).toMatchObject({ article: null, attributions: [], positions: [] });
    // The message only: no stack trace in the output.
    expect(records[1]?.error).toBe("extraction failed: Cannot read properties of undefined (reading 'end')");
    expect(records[1]?.error).not.toMatch(/\n|\bat /);
    expect(warnings.join('\n')).toContain('crash-two.txt: extraction failed');
  });
});
