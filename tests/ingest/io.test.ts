import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFiles, parseArticleText, readArticleFile } from '../../src/ingest/index.js';
import { bodyToFile } from '../../src/ingest/offsets.js';

describe('bodyToFile', () => {
  const segs = [
    { body: 0, file: 10, length: 5 },
    { body: 6, file: 30, length: 4 },
  ];
  it('maps spans inside and at the end of segments', () => {
    expect(bodyToFile(segs, 1, 5)).toEqual({ start: 11, end: 15 });
    expect(bodyToFile(segs, 6, 10)).toEqual({ start: 30, end: 34 });
    expect(bodyToFile(segs, 2, 8)).toEqual({ start: 12, end: 32 });
  });
  it('takes a short run of inserted text (a decoded escape) into the span; null beyond the text', () => {
    // body 5 is inserted (say the quote decoded from \"): a span ending there takes the escape in,
    // a span starting there starts at it.
    expect(bodyToFile(segs, 1, 6)).toEqual({ start: 11, end: 30 });
    expect(bodyToFile(segs, 5, 8)).toEqual({ start: 15, end: 32 });
    expect(bodyToFile(segs, 0, 12)).toBeNull();
  });

  it('maps a quote that ends in an escaped quotation mark in a JSON article', () => {
    const json = JSON.stringify({
      title: 'Port plan',
      body: 'The harbour master said on Monday that the new pier would open in May. He promised to "build, build, build" and said the ferry would run all year.',
    });
    const parsed = parseArticleText('a.json', json);
    const article = parsed.ok ? parsed.articles[0] : undefined;
    if (!article) throw new Error('parse failed');
    const quote = article.body.indexOf('"build');
    const end = article.body.indexOf('" and') + 1;
    const mapped = bodyToFile(article.offsets, quote, end);
    expect(mapped && json.slice(mapped.start, mapped.end)).toBe('\\"build, build, build\\"');
  });
});

describe('readArticleFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sw-ingest-'));
  it('rejects empty, oversized, binary, invalid UTF-8 and unknown extensions', () => {
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'big.txt'), 'x'.repeat(2048));
    writeFileSync(join(dir, 'bin.txt'), Buffer.from([65, 0, 66]));
    writeFileSync(join(dir, 'bad.txt'), Buffer.concat([Buffer.from('abcd'), Buffer.from([0xff, 0x41])]));
    writeFileSync(join(dir, 'a.pdf'), 'x');
    expect(readArticleFile(join(dir, 'empty.txt'))).toEqual({ ok: false, reason: 'empty file' });
    expect(readArticleFile(join(dir, 'big.txt'), { maxBytes: 1024 })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^larger than/),
    });
    expect(readArticleFile(join(dir, 'bin.txt'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^binary/),
    });
    expect(readArticleFile(join(dir, 'bad.txt'))).toEqual({
      ok: false,
      reason:
        'invalid UTF-8 at byte 4 (save it as UTF-8, or name its charset in bad.meta.yaml: "charset: windows-1252")',
    });
    expect(readArticleFile(join(dir, 'a.pdf'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^unknown extension \.pdf; accepted:/),
    });
  });
  it('keeps a leading BOM so offsets index the decoded text', () => {
    writeFileSync(join(dir, 'bom.txt'), '\uFEFFHello');
    const r = readArticleFile(join(dir, 'bom.txt'));
    expect(r.ok && r.text).toBe('\uFEFFHello');
  });
});

describe('discoverFiles', () => {
  it('recurses, sorts, skips dotfiles and READMEs, reports missing paths and unknown extensions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-disc-'));
    mkdirSync(join(dir, 'sub'));
    mkdirSync(join(dir, '.hidden'));
    writeFileSync(join(dir, 'sub', 'b.md'), 'x');
    writeFileSync(join(dir, 'a.txt'), 'x');
    writeFileSync(join(dir, 'README.md'), 'x');
    writeFileSync(join(dir, '.x.txt'), 'x');
    writeFileSync(join(dir, '.hidden', 'c.txt'), 'x');
    writeFileSync(join(dir, 'd.pdf'), 'x');
    const r = await discoverFiles([dir, join(dir, 'missing.txt')]);
    expect(r.files).toEqual([join(dir, 'a.txt'), join(dir, 'sub', 'b.md')]);
    expect(r.problems.map((p) => p.file)).toEqual([join(dir, 'd.pdf'), join(dir, 'missing.txt')]);
  });
});

describe('parseArticleText', () => {
  it('lets the caller force the format and url of a fetched page', () => {
    const r = parseArticleText(
      'https://example.org/a',
      '<p>The mayor said on Monday that the bridge would reopen in the spring.</p>',
      {
        format: 'html',
        url: 'https://example.org/a',
      },
    );
    expect(r.ok && r.articles[0]?.format).toBe('html');
    expect(r.ok && r.articles[0]?.url).toBe('https://example.org/a');
  });
});
