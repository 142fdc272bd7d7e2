// `npm run bench [-- --n 1000,10000] [--total 20000] [--corpus DIR,DIR] [--keep]`: one table of how
// stancewatch scales, measured through the built CLI (`node bin/stancewatch.js …`) in child processes,
// each reporting its own CPU time and peak memory (max RSS) at exit:
//   - extract and ingest articles/s at each size of --n (SQLite; PostgreSQL too when DATABASE_URL is set,
//     in a schema of its own that is dropped afterwards);
//   - per-article ingest CPU of the last 1k into a database of (total − 1k) articles vs the first 1k
//     (the acceptance bound is 1.5×);
//   - `changes`, `preview` and `run` (one new article) on the database of --total articles: time and
//     peak memory;
//   - the delivery rows of scripts/bench-delivery.mjs, when that script exists (it prints its own rows).
// The corpus is built from the texts in --corpus (default: feeds/ and ../shared/polnear-dev/text relative
// to the repository, when present): article i is text i mod k with its paragraphs rotated and a line of
// its own, so every article is unique (the store skips duplicates) and costs what a real one costs.
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : dflt;
};
const sizes = opt('--n', '1000,10000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0)
  .sort((a, b) => a - b);
const total = Number(opt('--total', '20000'));
const keep = args.includes('--keep');
// How the database grows between the sizes measured and the last 1k: `ingest` (every article ingested,
// the faithful way, slow on a busy machine) or `copy` (the rows of the articles ingested so far copied
// by SQL under new names and hashes, bodies and positions included; the first and last 1k stay real).
const fill = opt('--fill', 'ingest');
/** `--no-extract`: leave out the extract rows (the slowest part, and measured by bench:extract too). */
const withExtract = !args.includes('--no-extract');
const pgSizes = opt('--pg-n', sizes.join(','))
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
const corpusDirs = opt('--corpus', '')
  .split(',')
  .filter(Boolean)
  .map((d) => resolve(d));
if (sizes.length === 0 || !Number.isInteger(total) || total < 2000 || !['ingest', 'copy'].includes(fill)) {
  console.error(
    'usage: bench.mjs [--n 1000,10000] [--pg-n 1000] [--no-extract] [--total N (≥ 2000)] [--fill ingest|copy] [--corpus DIR,DIR] [--keep]',
  );
  process.exit(2);
}

// ---- the corpus ----

function defaultCorpus() {
  const dirs = [join(root, 'feeds')];
  const shared = join(root, '..', 'shared', 'polnear-dev', 'text');
  if (existsSync(shared)) dirs.push(shared);
  else console.error(`bench: ${shared} is absent; the corpus is built from feeds/ alone`);
  return dirs;
}

function readTexts(dirs) {
  const texts = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) {
      console.error(`bench: corpus folder ${dir} does not exist; skipped`);
      continue;
    }
    for (const f of readdirSync(dir).sort()) {
      if (!/\.(txt|md)$/.test(f) || !statSync(join(dir, f)).isFile()) continue;
      const paragraphs = readFileSync(join(dir, f), 'utf8')
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean);
      if (paragraphs.length > 0) texts.push(paragraphs);
    }
  }
  if (texts.length === 0) throw new Error('bench: no .txt or .md texts in the corpus folders');
  return texts;
}

/** Article i as markdown with front matter: a date spread over 2024–2026, paragraphs rotated, one unique line. */
function articleText(texts, i) {
  const paragraphs = texts[i % texts.length];
  const turn = Math.floor(i / texts.length) % paragraphs.length;
  const body = [...paragraphs.slice(turn), ...paragraphs.slice(0, turn)];
  const day = new Date(Date.UTC(2024, 0, 1) + (i % 1000) * 86_400_000).toISOString().slice(0, 10);
  return `---\ntitle: Bench article ${i + 1}\npublished: ${day}\nsource: Bench Wire\n---\n\n${body.join('\n\n')}\n\nBench reference ${i + 1}.\n`;
}

function writeArticles(dir, texts, from, to) {
  mkdirSync(dir, { recursive: true });
  for (let i = from; i < to; i++)
    writeFileSync(join(dir, `a${String(i + 1).padStart(6, '0')}.md`), articleText(texts, i));
  return dir;
}

// ---- measuring a CLI child ----

const REPORTER = `import { writeFileSync } from 'node:fs';
process.on('exit', () => writeFileSync(process.env.BENCH_OUT, JSON.stringify({ cpu: process.cpuUsage(), maxRssKb: process.resourceUsage().maxRSS })));
`;

function cli(work, cliArgs, { cwd = work, env = {} } = {}) {
  const out = join(work, `m-${Math.random().toString(36).slice(2)}.json`);
  const nodeArgs = [
    '--import',
    pathToFileURL(join(work, 'reporter.mjs')).href,
    join(root, 'bin', 'stancewatch.js'),
    ...cliArgs,
  ];
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, nodeArgs, {
      cwd,
      env: { ...process.env, ...env, BENCH_OUT: out },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lines = 0;
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    });
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0)
        return reject(new Error(`stancewatch ${cliArgs.join(' ')} exited with ${code}\n${stderr}`));
      const m = JSON.parse(readFileSync(out, 'utf8'));
      resolvePromise({ wall, cpu: (m.cpu.user + m.cpu.system) / 1e6, rssMb: m.maxRssKb / 1024, lines });
    });
  });
}

// ---- PostgreSQL (when DATABASE_URL is set) ----

async function withPgSchema(work, run) {
  const url = process.env.DATABASE_URL;
  if (!url) return null;
  const { default: pg } = await import('pg');
  const schema = `sw_bench_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  try {
    const env = {
      DATABASE_URL: `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    };
    const config = join(work, 'pg.config.yaml');
    writeFileSync(config, 'store: { driver: postgres }\nsources: []\n');
    return await run((cliArgs) => cli(work, ['--config', config, ...cliArgs], { env }));
  } finally {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

// ---- the steps ----

const rows = [];
const row = (step, size, m, extra = '') => {
  rows.push({ step, size, ...m, extra });
  console.error(
    `  ${step} ${size}: wall ${m.wall.toFixed(2)} s, cpu ${m.cpu.toFixed(2)} s, ${m.rssMb.toFixed(0)} MB ${extra}`,
  );
};

async function benchExtract(work, dirs) {
  for (const n of sizes) {
    const m = await cli(work, ['extract', '--format', 'jsonl', dirs[n]]);
    if (m.lines !== n) throw new Error(`extract printed ${m.lines} lines for ${n} files`);
    row('extract', n, m);
  }
}

/** Grows the database to `to` articles by copying the rows already there (see --fill). */
async function copyRows(db, to) {
  const { default: Database } = await import('better-sqlite3');
  const sql = new Database(db);
  try {
    const originals = sql.prepare('SELECT * FROM articles ORDER BY id').all();
    const positionsOf = sql.prepare('SELECT * FROM positions WHERE article_id = ?');
    const insertArticle =
      sql.prepare(`INSERT INTO articles (article_key, version, current, file, entry, format, url, title,
      source, byline, published, date_precision, body, content_hash, warnings, stored_at)
      VALUES (@article_key, @version, @current, @file, @entry, @format, @url, @title, @source, @byline, @published,
      @date_precision, @body, @content_hash, @warnings, @stored_at)`);
    const insertPosition =
      sql.prepare(`INSERT INTO positions (article_id, ordinal, actor, topic, polarity, speaker, role,
      claim, evidence, reported, retired, relayer, confidence, via) VALUES (@article_id, @ordinal, @actor, @topic, @polarity,
      @speaker, @role, @claim, @evidence, @reported, @retired, @relayer, @confidence, @via)`);
    const count = () => sql.prepare('SELECT count(*) AS n FROM articles').get().n;
    sql.transaction(() => {
      for (let round = 1, n = count(); n < to; round++) {
        for (const a of originals) {
          if (n >= to) break;
          const copy = { ...a, article_key: `copy${round}:${a.article_key}`, file: `copy${round}/${a.file}` };
          copy.content_hash = `${a.content_hash}:copy${round}`;
          const id = insertArticle.run(copy).lastInsertRowid;
          for (const p of positionsOf.all(a.id)) insertPosition.run({ ...p, article_id: id });
          n++;
        }
      }
    })();
  } finally {
    sql.close();
  }
}

/** Sums the measures of consecutive ingest chunks (peak memory: the highest). */
const sum = (ms) => ({
  wall: ms.reduce((t, m) => t + m.wall, 0),
  cpu: ms.reduce((t, m) => t + m.cpu, 0),
  rssMb: Math.max(...ms.map((m) => m.rssMb)),
});

/**
 * One SQLite database grown in chunks up to --total: the ingest rows at each size of --n (cumulative),
 * the first and the last 1k, a re-ingest of unchanged files, then `changes`, `preview` and `run` on it.
 */
async function benchScale(work, texts) {
  const bounds = [...new Set([1000, ...sizes.filter((n) => n < total - 1000), total - 1000, total])].sort(
    (a, b) => a - b,
  );
  const db = join(work, 'scale.db');
  const run = (a) => cli(work, [...a, '--db', db]);
  const done = [];
  let from = 0;
  for (const to of bounds) {
    if (fill === 'copy' && to === total - 1000 && from >= 1000) {
      await copyRows(db, to);
      console.error(`  copied rows up to ${to} articles`);
      from = to;
      continue;
    }
    const dir = writeArticles(join(work, `scale-${to}`), texts, from, to);
    done.push({ from, to, dir, m: await run(['ingest', dir]) });
    console.error(`  ingested ${to} articles`);
    from = to;
  }
  for (const n of sizes) {
    const upTo = done.filter((c) => c.to <= n);
    if (upTo.at(-1)?.to === n) row('ingest sqlite', n, sum(upTo.map((c) => c.m)));
  }
  const first = { m: sum(done.filter((c) => c.to <= 1000).map((c) => c.m)) };
  const last = done.at(-1);
  row('ingest first 1k (empty db)', 1000, first.m);
  row(
    `ingest last 1k (into ${total - 1000})`,
    1000,
    last.m,
    `cpu ÷ first 1k = ${(last.m.cpu / first.m.cpu).toFixed(2)}`,
  );
  const reingest = await run(['ingest', last.dir]);
  row(
    're-ingest last 1k (unchanged)',
    1000,
    reingest,
    `cpu ÷ fresh = ${(reingest.cpu / last.m.cpu).toFixed(2)}`,
  );
  row(`changes at ${total}`, total, await run(['changes', '--since', '2024-01-01']));
  // preview and run need a config: a list, an outbox, and a source folder with one new article.
  const cwd = join(work, 'run-cwd');
  writeArticles(join(cwd, 'incoming'), texts, total, total + 1);
  writeFileSync(join(cwd, 'stancewatch.config.yaml'), 'sources:\n  - type: folder\n    path: incoming\n');
  const inCwd = (a) => cli(work, [...a, '--db', db], { cwd });
  row(`preview at ${total}`, total, await inCwd(['preview']));
  row(`run at ${total} (+1 new)`, total + 1, await inCwd(['run']));
}

function deliveryRows() {
  const script = join(root, 'scripts', 'bench-delivery.mjs');
  if (!existsSync(script))
    return 'delivery: scripts/bench-delivery.mjs is not in this build; no delivery rows';
  // The delivery benchmark prints its own rows; they are appended to this table as they are.
  const r = spawnSync(process.execPath, [script], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return r.status === 0 ? r.stdout.trimEnd() : `delivery: bench-delivery.mjs exited with ${r.status}`;
}

// ---- main ----

const build = spawnSync(process.execPath, ['scripts/build-stamp.mjs', 'prepare'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) {
  console.error('bench: the build failed');
  process.exit(build.status ?? 1);
}
const dirs = corpusDirs.length > 0 ? corpusDirs : defaultCorpus();
const texts = readTexts(dirs);
const work = mkdtempSync(join(tmpdir(), 'sw-bench-'));
writeFileSync(join(work, 'reporter.mjs'), REPORTER);
console.log(
  `corpus: ${texts.length} texts from ${dirs.join(', ')}; sizes ${sizes.join(', ')}; scale to ${total}`,
);
try {
  const batches = Object.fromEntries(
    sizes.map((n) => [n, writeArticles(join(work, `batch-${n}`), texts, 0, n)]),
  );
  if (withExtract) await benchExtract(work, batches);
  await benchScale(work, texts);
  // PostgreSQL: each size into a schema of its own (created and dropped here), when DATABASE_URL is set.
  for (const n of pgSizes) {
    const batch = batches[n] ?? writeArticles(join(work, `batch-${n}`), texts, 0, n);
    await withPgSchema(work, async (pgCli) => row('ingest postgres', n, await pgCli(['ingest', batch])));
  }
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
}

const pad = (s, w) => String(s).padEnd(w);
const num = (x, d) => x.toFixed(d).padStart(9);
console.log(`\n${pad('step', 34)} ${'n'.padStart(6)}   wall s    cpu s   art/s  ms cpu/art  peak MB  note`);
for (const r of rows) {
  console.log(
    `${pad(r.step, 34)} ${String(r.size).padStart(6)} ${num(r.wall, 2)} ${num(r.cpu, 2)} ${num(r.size / r.wall, 1)} ${num((r.cpu * 1000) / r.size, 2)} ${num(r.rssMb, 0)}  ${r.extra}`,
  );
}
if (fill === 'copy')
  console.log(`(the database was grown to ${total - 1000} articles by copying rows: --fill copy)`);
console.log(`\n${deliveryRows()}`);
