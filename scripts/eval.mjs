// `npm run eval [-- --skip ai-regulation]`: runs the shared evaluation scorers against the built CLI, as
// a user would call it, and prints their headline figures in one table. The scorers and their data live
// next to the repository in ../shared (never copied into it); without them the script says so and
// exits 0. Extra arguments go to score-cases.mjs (e.g. `--skip NAME,NAME`).
//   node ../shared/eval/score-attributions.mjs --data ../shared/polnear-dev --cmd "node bin/stancewatch.js extract --format jsonl"
//   node ../shared/eval/score-cases.mjs --cases ../shared/eval/cases --cli "node bin/stancewatch.js"
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const shared = join(root, '..', 'shared');
const extra = process.argv.slice(2);

const scorers = [
  {
    name: 'attributions (PolNeAR dev)',
    script: '../shared/eval/score-attributions.mjs',
    needs: '../shared/polnear-dev',
    args: ['--data', '../shared/polnear-dev', '--cmd', 'node bin/stancewatch.js extract --format jsonl'],
  },
  {
    name: 'positions and changes (cases)',
    script: '../shared/eval/score-cases.mjs',
    needs: '../shared/eval/cases',
    args: ['--cases', '../shared/eval/cases', '--cli', 'node bin/stancewatch.js', ...extra],
  },
  {
    // Cases written without sight of the rules, in other domains (eval/independent/README.md).
    name: 'positions and changes (independent cases)',
    script: '../shared/eval/score-cases.mjs',
    needs: 'eval/independent',
    args: ['--cases', 'eval/independent', '--cli', 'node bin/stancewatch.js'],
  },
];

if (!existsSync(join(shared, 'eval'))) {
  console.log(
    `eval skipped: ${shared} is absent (the scorers and their data live there, outside the repository)`,
  );
  process.exit(0);
}

// The scorers run bin/stancewatch.js, which runs dist/: rebuild it if its sources changed.
const build = spawnSync(process.execPath, ['scripts/build-stamp.mjs', 'prepare'], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
});
if (build.status !== 0) {
  console.error('eval: the build failed; nothing scored');
  process.exit(build.status ?? 1);
}

const rows = [];
let failed = false;
for (const s of scorers) {
  if (!existsSync(join(root, s.script)) || !existsSync(join(root, s.needs))) {
    console.log(`\n== ${s.name}: skipped, ${s.script} or ${s.needs} is missing`);
    rows.push([s.name, 'skipped (missing)']);
    continue;
  }
  console.log(`\n== ${s.name}`);
  const started = Date.now();
  const r = spawnSync(process.execPath, [s.script, ...s.args], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 28,
  });
  const out = r.stdout ?? '';
  process.stdout.write(out);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    failed = true;
    rows.push([s.name, `FAILED (exit ${r.status ?? r.signal}) after ${seconds} s`]);
    continue;
  }
  // Each scorer prints its headline figure last.
  const last = out.trimEnd().split('\n').pop() ?? '';
  rows.push([s.name, `${last.trim()}  (${seconds} s)`]);
}

const width = Math.max(...rows.map((r) => r[0].length), 'scorer'.length);
console.log(`\n${'scorer'.padEnd(width)}  headline`);
console.log(`${'-'.repeat(width)}  ${'-'.repeat(8)}`);
for (const [name, line] of rows) console.log(`${name.padEnd(width)}  ${line}`);
process.exit(failed ? 1 : 0);
