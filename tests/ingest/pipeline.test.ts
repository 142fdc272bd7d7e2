// Ingest through the real pipeline into a real SQLite file: repeat runs add nothing, an edited file
// becomes a new version, and each kind of bad file is reported while the good ones are stored.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestCommand } from '../../src/commands/ingest.js';
import { createConsoleLogger } from '../../src/log.js';
import { createSqliteStore } from '../../src/store/sqlite.js';

const good = (title: string, sentence: string) =>
  `${title}\n\n${sentence}\n\nOfficials said on Monday that the talks would continue next week in Geneva.\n`;

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'sw-ingest-'));
  const feeds = join(dir, 'feeds');
  mkdirSync(feeds);
  const db = join(dir, 'sw.db');
  const config = join(dir, 'stancewatch.config.yaml');
  writeFileSync(config, 'ingest: { maxFileBytes: 2000 }\n');
  const lines: string[] = [];
  const stream = { isTTY: false, write: (s: string) => lines.push(s) > 0 } as unknown as NodeJS.WriteStream;
  const logger = createConsoleLogger({ level: 'normal', stream });
  return { dir, feeds, db, config, lines, logger };
}

describe('ingest', () => {
  it('adds nothing the second time, and versions an edited file', async () => {
    const { feeds, db, logger } = setup();
    writeFileSync(
      join(feeds, 'a.txt'),
      good(
        'Council approves new harbour budget',
        'The council approved the harbour budget on Monday, the mayor said.',
      ),
    );
    writeFileSync(
      join(feeds, 'b.txt'),
      good('Port workers end their strike', 'Port workers ended their strike on Tuesday, their union said.'),
    );
    const first = await ingestCommand({ paths: [feeds], db, logger });
    expect([first.new, first.unchanged, first.skipped.length]).toEqual([2, 0, 0]);
    const second = await ingestCommand({ paths: [feeds], db, logger });
    expect([second.new, second.updated, second.unchanged]).toEqual([0, 0, 2]);
    // The same content under another name is no new article either.
    writeFileSync(
      join(feeds, 'copy-of-a.txt'),
      good(
        'Council approves new harbour budget',
        'The council approved the harbour budget on Monday, the mayor said.',
      ),
    );
    expect((await ingestCommand({ paths: [feeds], db, logger })).new).toBe(0);

    writeFileSync(
      join(feeds, 'a.txt'),
      good(
        'Council approves new harbour budget',
        'The council approved a smaller harbour budget on Monday, the mayor said.',
      ),
    );
    const third = await ingestCommand({ paths: [feeds], db, logger });
    expect(third.updated).toBe(1);
    const store = createSqliteStore({ path: db });
    const current = await store.listArticles();
    expect(current).toHaveLength(2);
    expect(current.find((a) => a.file.endsWith('a.txt'))?.version).toBe(2);
    expect(await store.listArticles({ includeRetired: true })).toHaveLength(3);
    await store.close();
  });

  it('reports each bad file with its reason and stores the good ones', async () => {
    const { feeds, db, config, lines, logger } = setup();
    writeFileSync(
      join(feeds, 'good.txt'),
      good('Ferry service resumes after storm', 'The ferry service resumed on Friday, the operator said.'),
    );
    writeFileSync(join(feeds, 'empty.txt'), '');
    writeFileSync(join(feeds, 'binary.txt'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]));
    writeFileSync(
      join(feeds, 'latin1.txt'),
      Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x65, 0x77, 0x73]),
    );
    writeFileSync(join(feeds, 'broken.json'), '{"title": "unterminated"');
    writeFileSync(join(feeds, 'bad-front.md'), '---\ntitle: [oops\n---\nText.\n');
    writeFileSync(join(feeds, 'page.html'), '<html><body><div>menu</div></body></html>');
    writeFileSync(join(feeds, 'scan.pdf'), '%PDF-1.4');
    writeFileSync(
      join(feeds, 'huge.txt'),
      good('A very long story', 'Words go on and on, the author said. '.repeat(100)),
    );
    const summary = await ingestCommand({ paths: [feeds], db, config, logger });
    expect(summary.new).toBe(1);
    const reasons = Object.fromEntries(summary.skipped.map((s) => [s.file.split('/').pop(), s.reason]));
    expect(reasons['empty.txt']).toMatch(/empty/);
    expect(reasons['binary.txt']).toMatch(/binary/);
    expect(reasons['latin1.txt']).toMatch(/invalid UTF-8 at byte 3/);
    expect(reasons['broken.json']).toMatch(/not valid JSON/);
    expect(reasons['bad-front.md']).toMatch(/front matter/);
    expect(reasons['page.html']).toMatch(/no article text/);
    expect(reasons['scan.pdf']).toMatch(/unknown extension \.pdf/);
    expect(reasons['huge.txt']).toMatch(/larger than the .* limit/);
    const out = lines.join('');
    for (const name of [
      'huge.txt',
      'empty.txt',
      'binary.txt',
      'latin1.txt',
      'broken.json',
      'bad-front.md',
      'page.html',
      'scan.pdf',
    ])
      expect(out).toContain(name);
  });
});
