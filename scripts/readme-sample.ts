// `npm run readme:sample`: regenerates the sample digest in README.md from a real run — the bundled
// feeds ingested into a fresh SQLite store with the embedded defaults, the sample list's digest composed
// by the pipeline — at a fixed "now", so the same sources always give the same text.
// tests/docs/readme-sample.test.ts fails when README.md differs from what this script would write.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { silentLogger } from '../src/log.js';
import { openContext } from '../src/pipeline/context.js';
import { composeDigest } from '../src/pipeline/digest.js';
import { ingestSources } from '../src/pipeline/sources.js';
import { UNSUBSCRIBE_PLACEHOLDER } from '../src/model.js';

export const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)));
/** The sample's "now": fixed, so the "Generated" line and the new-voice window never drift. */
export const SAMPLE_NOW = new Date('2026-12-01T07:00:00Z');
export const START = '<!-- digest-sample:start -->';
export const END = '<!-- digest-sample:end -->';

/** The sample list's digest (subject and text part) from a real run on the bundled feeds. */
export async function sampleDigest(repo = REPO): Promise<{ subject: string; text: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'sw-readme-'));
  try {
    // Only the sources and the store are named; everything else is the embedded defaults `npm start` uses.
    const config = join(dir, 'stancewatch.config.yaml');
    const feeds = JSON.stringify(join(repo, 'feeds'));
    writeFileSync(
      config,
      `sources: [{ type: folder, path: ${feeds} }]\nstore: { driver: sqlite, path: store.db }\n`,
    );
    const ctx = await openContext({ config, logger: silentLogger, now: () => SAMPLE_NOW });
    try {
      await ingestSources(ctx);
      const list = ctx.loaded.config.lists[0];
      if (!list) throw new Error('the embedded defaults have no list');
      const digest = await composeDigest(ctx, list, {});
      return { subject: digest.subject, text: digest.text };
    } finally {
      await ctx.store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The README block: the subject and the text part, as a mail client shows them. */
export function sampleBlock(sample: { subject: string; text: string }): string {
  const text = sample.text.replace(UNSUBSCRIBE_PLACEHOLDER, '<your unsubscribe link>').trimEnd();
  return `${START}\n\`\`\`\nSubject: ${sample.subject}\n\n${text}\n\`\`\`\n${END}`;
}

/** README.md with its sample block replaced (the markers must be there exactly once). */
export function withSample(readme: string, block: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start || readme.indexOf(START, start + 1) >= 0) {
    throw new Error(`README.md: expected one ${START} … ${END} block`);
  }
  return readme.slice(0, start) + block + readme.slice(end + END.length);
}

async function main(): Promise<void> {
  const path = join(REPO, 'README.md');
  const before = readFileSync(path, 'utf8');
  const after = withSample(before, sampleBlock(await sampleDigest()));
  if (after === before) console.log('README.md: the sample digest is current');
  else {
    writeFileSync(path, after);
    console.log('README.md: sample digest regenerated');
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(`readme:sample: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
