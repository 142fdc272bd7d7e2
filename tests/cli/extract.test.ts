// `stancewatch extract`: the evaluation contract, called as the CLI calls it.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractCommand } from '../../src/commands/extract.js';
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
});
