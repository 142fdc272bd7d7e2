// `npm run bench [-- --n 1000,10000] [--repeat R] [--keep]`: how fast `stancewatch extract` gets through a
// batch, and how that compares with wink-nlp's bare tokenizer + tagger on the same texts.
//
// For each size N it writes N article files to a temporary folder, cycling the PolNeAR-sized texts in
// ../shared/polnear-dev/text (or, without them, one generated text of ~900 tokens), then measures in
// child processes:
//   - `node bin/stancewatch.js extract --format jsonl DIR`, with V8's optimising compiler off (`--no-opt`)
//     and on: wall time, and the child's CPU time (user + system, from process.cpuUsage() at its exit);
//   - wink-nlp's `nlp.readDoc(text)` (wink-eng-lite-web-model, pipe ['sbd', 'pos']) over the same texts:
//     the child's CPU time, model load included, as extract's includes its start-up.
// It prints articles/s and the CPU ratio extract / readDoc. The dist/ build is refreshed first.
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const self = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : dflt;
};

// ---- child mode: wink-nlp readDoc over every file of a folder ----
if (args[0] === '--readdoc-child') {
  const dir = args[1];
  const require = createRequire(join(root, 'package.json'));
  const winkNLP = require('wink-nlp');
  const model = require('wink-eng-lite-web-model');
  const nlp = winkNLP(model, ['sbd', 'pos']);
  const files = readdirSync(dir).sort();
  const loopStart = process.cpuUsage();
  let tokens = 0;
  for (const f of files)
    tokens += nlp
      .readDoc(readFileSync(join(dir, f), 'utf8'))
      .tokens()
      .length();
  const loop = process.cpuUsage(loopStart);
  const total = process.cpuUsage();
  console.log(JSON.stringify({ total, loop, tokens, files: files.length }));
  process.exit(0);
}

// ---- the CPU report preloaded into the extract child ----
const CPU_REPORTER = `import { writeFileSync } from 'node:fs';
process.on('exit', () => writeFileSync(process.env.BENCH_CPU_OUT, JSON.stringify(process.cpuUsage())));
`;

const sizes = opt('--n', '1000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
const repeat = Math.max(1, Number(opt('--repeat', '1')) || 1);
const keep = args.includes('--keep');
if (sizes.length === 0) {
  console.error('usage: bench-extract.mjs [--n 1000[,10000]] [--repeat R] [--keep]');
  process.exit(2);
}

function sourceTexts() {
  const dir = join(root, '..', 'shared', 'polnear-dev', 'text');
  if (existsSync(dir)) {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.txt'))
      .sort();
    if (files.length) {
      return {
        from: `${files.length} texts from ${dir}`,
        texts: files.map((f) => readFileSync(join(dir, f), 'utf8')),
      };
    }
  }
  return {
    from: 'one generated text of ~900 tokens (../shared/polnear-dev absent)',
    texts: [generatedText()],
  };
}

/** A news-like article of about 900 tokens: quotes, reported speech, deeds and filler. */
function generatedText() {
  const who = [
    'the foreign minister',
    'Senator Ellen Park',
    'a government spokesman',
    'the Kremlin',
    'NATO officials',
  ];
  const said = ['said on Monday', 'told reporters', 'said in a statement', 'warned', 'argued'];
  const what = [
    'the sanctions would stay in place until the talks produced a ceasefire',
    'the new tariffs on steel were a mistake that would hurt farmers',
    'negotiations could resume only if troops withdrew from the border',
    'the government would not accept any deal that rewarded aggression',
    'aid to the region would continue for at least another year',
  ];
  const paras = ['Talks stall as sanctions debate widens', '', 'By Staff Reporter', ''];
  for (let i = 0; paras.join(' ').split(/\s+/).length < 800; i++) {
    const a = who[i % who.length];
    const b = said[(i * 3) % said.length];
    const c = what[(i * 7) % what.length];
    paras.push(
      i % 3 === 0
        ? `“${c[0].toUpperCase()}${c.slice(1)},” ${a} ${b}, adding that the matter was far from settled.`
        : `${a[0].toUpperCase()}${a.slice(1)} ${b} that ${c}. The remarks came after a week of meetings in the capital, where delegations met behind closed doors.`,
    );
    paras.push('');
  }
  return `${paras.join('\n')}\n`;
}

function writeBatch(dir, n, texts) {
  mkdirSync(dir, { recursive: true });
  const width = String(n).length;
  for (let i = 0; i < n; i++) {
    writeFileSync(join(dir, `a${String(i + 1).padStart(width, '0')}.txt`), texts[i % texts.length]);
  }
}

const cpuSeconds = (u) => (u.user + u.system) / 1e6;

/** Runs the CLI on the folder; resolves {wall, cpu, lines}. Output is read through a pipe, as a scorer would. */
function runExtract(dir, work, variant) {
  const cpuOut = join(work, `cpu-${variant}.json`);
  const reporter = join(work, 'cpu-reporter.mjs');
  const nodeArgs = [
    '--import',
    pathToFileURL(reporter).href,
    ...(variant === 'no-opt' ? ['--no-opt'] : []),
    join(root, 'bin', 'stancewatch.js'),
    'extract',
    '--format',
    'jsonl',
    dir,
  ];
  const env = { ...process.env, BENCH_CPU_OUT: cpuOut };
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, nodeArgs, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    });
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) return reject(new Error(`extract (${variant}) exited with ${code}\n${stderr}`));
      resolvePromise({ wall, cpu: cpuSeconds(JSON.parse(readFileSync(cpuOut, 'utf8'))), lines });
    });
  });
}

function runReadDoc(dir, noOpt = false) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...(noOpt ? ['--no-opt'] : []), self, '--readdoc-child', dir], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`readDoc child exited with ${r.status}\n${r.stderr}`);
  const j = JSON.parse(r.stdout.trim().split('\n').pop());
  return { wall, cpu: cpuSeconds(j.total), loopCpu: cpuSeconds(j.loop), tokens: j.tokens };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};

// ---- main ----
const build = spawnSync(process.execPath, ['scripts/build-stamp.mjs', 'prepare'], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
});
if (build.status !== 0) {
  console.error('bench: the build failed');
  process.exit(build.status ?? 1);
}

const { from, texts } = sourceTexts();
const work = mkdtempSync(join(tmpdir(), 'sw-bench-'));
writeFileSync(join(work, 'cpu-reporter.mjs'), CPU_REPORTER);
console.log(`articles: ${from}; ${repeat} run(s) per measure, median shown`);

const results = [];
try {
  for (const n of sizes) {
    const dir = join(work, `batch-${n}`);
    writeBatch(dir, n, texts);
    const runs = { 'no-opt': [], opt: [] };
    for (let r = 0; r < repeat; r++) {
      // Alternate the order so neither variant always runs on a warmer page cache.
      const order = r % 2 === 0 ? ['no-opt', 'opt'] : ['opt', 'no-opt'];
      for (const variant of order) {
        const m = await runExtract(dir, work, variant);
        if (m.lines !== n) throw new Error(`extract (${variant}) printed ${m.lines} lines for ${n} files`);
        runs[variant].push(m);
        console.error(`  n=${n} ${variant}: wall ${m.wall.toFixed(2)} s, cpu ${m.cpu.toFixed(2)} s`);
      }
    }
    const docs = Array.from({ length: repeat }, () => runReadDoc(dir));
    const docsNoOpt = Array.from({ length: repeat }, () => runReadDoc(dir, true));
    const summary = (ds) => ({
      wall: median(ds.map((d) => d.wall)),
      cpu: median(ds.map((d) => d.cpu)),
      loopCpu: median(ds.map((d) => d.loopCpu)),
    });
    const row = { n, readDoc: summary(docs), readDocNoOpt: summary(docsNoOpt) };
    for (const variant of ['no-opt', 'opt']) {
      row[variant] = {
        wall: median(runs[variant].map((m) => m.wall)),
        cpu: median(runs[variant].map((m) => m.cpu)),
      };
    }
    results.push(row);
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
}

const fmt = (x, d = 2) => x.toFixed(d).padStart(8);
console.log('\n    N  measure               wall s     cpu s  art/s wall  art/s cpu  cpu ÷ readDoc');
for (const r of results) {
  const line = (label, m) =>
    console.log(
      `${String(r.n).padStart(5)}  ${label.padEnd(20)} ${fmt(m.wall)}  ${fmt(m.cpu)}  ${fmt(r.n / m.wall, 1)}   ${fmt(r.n / m.cpu, 1)}  ${fmt(m.cpu / r.readDoc.cpu)}`,
    );
  line('extract --no-opt', r['no-opt']);
  line('extract (opt on)', r.opt);
  line('readDoc (opt on)', r.readDoc);
  line('readDoc --no-opt', r.readDocNoOpt);
  console.log(
    `${''.padStart(5)}  readDoc loop alone (no model load): cpu ${r.readDoc.loopCpu.toFixed(2)} s opt on, ${r.readDocNoOpt.loopCpu.toFixed(2)} s --no-opt`,
  );
}
console.log('');
for (const r of results) {
  const wallWin = r['no-opt'].wall < r.opt.wall ? '--no-opt' : 'opt on';
  const cpuWin = r['no-opt'].cpu < r.opt.cpu ? '--no-opt' : 'opt on';
  console.log(
    `N=${r.n}: faster wall: ${wallWin} (${((r.opt.wall / r['no-opt'].wall - 1) * 100).toFixed(0)}% opt vs no-opt); less CPU: ${cpuWin} (${((r.opt.cpu / r['no-opt'].cpu - 1) * 100).toFixed(0)}%)`,
  );
}
