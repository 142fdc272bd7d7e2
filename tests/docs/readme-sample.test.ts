// The README's sample digest is what `npm run readme:sample` writes from a real run on the bundled feeds
// (fixed "now", fresh store): when the digest changes, this fails until the README is regenerated.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, sampleBlock, sampleDigest, withSample } from '../../scripts/readme-sample.js';

let sample: { subject: string; text: string };
beforeAll(async () => {
  sample = await sampleDigest();
}, 60_000);

describe('README sample digest', () => {
  it('is exactly what npm run readme:sample would write', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    expect(readme).toBe(withSample(readme, sampleBlock(sample)));
  });

  it('names the US peace-talks change in the subject, and no baseline-era statement as a new voice', () => {
    expect(sample.subject).toMatch(/^\[Sample digest\] United States reversed on Peace talks/);
    // Every new voice is from 2026: the January 2024 statements with nothing since are left out, and said so.
    const from = sample.text.indexOf('\nNEW VOICES (');
    const to = sample.text.indexOf('\nARTICLES COVERED');
    expect(from).toBeGreaterThan(0);
    expect(sample.text.slice(from, to)).not.toMatch(/2024/);
    expect(sample.text).toMatch(/\d+ positions? stated only before 1 November 2026 \(not news\) left out\./);
  });
});
