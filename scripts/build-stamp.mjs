// The build's fingerprint: a hash of everything `npm run build` reads, stored as dist/.build-stamp.
//   node scripts/build-stamp.mjs write    (last step of `npm run build`)
//   node scripts/build-stamp.mjs prepare  (the `prepare` script: build unless dist/ is current)
// `prepare` runs on `npm install` / `npm ci`, and again when `npx stancewatch` first links the project
// into npm's exec cache; skipping an up-to-date build there saves that first run ~5 s of tsc.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stampPath = join(root, 'dist', '.build-stamp');
const INPUTS = [
  'src',
  'tsconfig.json',
  'tsconfig.build.json',
  'watchlist.yaml',
  'scripts/clean-dist.mjs',
  'scripts/snapshot-watchlist.mjs',
];

function files(path) {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  try {
    return readdirSync(full, { withFileTypes: true })
      .flatMap((e) => files(join(path, e.name)))
      .sort();
  } catch {
    return [path];
  }
}

function inputsHash() {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(files)) {
    hash.update(`${relative(root, join(root, file))}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

const mode = process.argv[2];
if (mode === 'write') {
  writeFileSync(stampPath, `${inputsHash()}\n`);
} else if (mode === 'prepare') {
  const current = existsSync(stampPath) && readFileSync(stampPath, 'utf8').trim() === inputsHash();
  if (current) {
    console.log('dist/ is up to date with its sources; build skipped');
  } else {
    const npm = process.env.npm_execpath;
    execFileSync(npm ? process.execPath : 'npm', [...(npm ? [npm] : []), 'run', 'build'], {
      cwd: root,
      stdio: 'inherit',
    });
  }
} else {
  console.error('usage: node scripts/build-stamp.mjs write|prepare');
  process.exitCode = 2;
}
