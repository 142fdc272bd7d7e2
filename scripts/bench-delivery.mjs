// `node scripts/bench-delivery.mjs [--n 10000] [--connections 4] [--rate false|N] [--keep]`: how fast a
// list's digest goes out, through the built CLI's own pipeline (`runDigests`: list lock, ledger rows,
// per-recipient claim and record, compose once, personalize, send).
//
// It ingests the bundled feeds/ into a fresh SQLite file, writes a subscribers file of N addresses, and
// delivers the real digest of those articles twice:
//   - over SMTP to a loopback sink (smtp-server in a child process that reads and discards each message),
//     through the nodemailer pool with `--connections` connections and the rate limit off (or `--rate N`);
//   - into the file outbox (one .eml per recipient, in a temporary folder).
// It prints one table row per measure: messages/s on the wall clock and the sender's CPU seconds.
// The dist/ build is refreshed first.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

// ---- child mode: the SMTP sink ----
if (args[0] === '--sink-child') {
  const { SMTPServer } = await import('smtp-server');
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        received++;
        callback(null, `250 OK ${received}`);
      });
    },
  });
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ port: server.server.address().port })}\n`);
  });
  process.stdin.on('data', () => {
    const cpu = process.cpuUsage();
    process.stdout.write(`${JSON.stringify({ received, cpu: (cpu.user + cpu.system) / 1e6 })}\n`);
  });
  process.stdin.on('end', () => server.close(() => process.exit(0)));
} else {
  await main();
}

function startSink() {
  const child = spawn(process.execPath, [self, '--sink-child'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const replies = [];
  let buffer = '';
  let waiting = null;
  child.stdout.on('data', (chunk) => {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      replies.push(JSON.parse(buffer.slice(0, nl)));
      buffer = buffer.slice(nl + 1);
      waiting?.();
    }
  });
  const next = () =>
    new Promise((resolve) => {
      const check = () => {
        if (replies.length) {
          waiting = null;
          resolve(replies.shift());
        }
      };
      waiting = check;
      check();
    });
  return {
    ready: next(),
    /** How many messages the sink has accepted, and its CPU seconds so far. */
    async count() {
      child.stdin.write('?\n');
      return next();
    },
    stop: () => child.stdin.end(),
  };
}

async function deliverOnce({ dist, work, n, mailYaml, label }) {
  const dir = mkdtempSync(join(work, `${label}-`));
  const subscribers = join(dir, 'subscribers.csv');
  writeFileSync(
    subscribers,
    `email,name\n${Array.from({ length: n }, (_, i) => `reader${i + 1}@bench.example,Reader ${i + 1}`).join('\n')}\n`,
  );
  const config = join(dir, 'stancewatch.config.yaml');
  writeFileSync(
    config,
    `sources: [{ type: folder, path: ${join(root, 'feeds')} }]
store: { driver: sqlite, path: ${join(dir, 'bench.db')} }
mail:
  from: "stancewatch <digest@bench.example>"
  outbox: ${join(dir, 'outbox')}
${mailYaml}
lists:
  - id: bench
    name: Benchmark desk
    sendEmpty: true
    subscribersFile: ${subscribers}
`,
  );
  const { openContext } = await import(pathToFileURL(join(dist, 'pipeline/context.js')).href);
  const { ingestSources } = await import(pathToFileURL(join(dist, 'pipeline/sources.js')).href);
  const { runDigests } = await import(pathToFileURL(join(dist, 'pipeline/digest.js')).href);
  const quiet = { info() {}, warn() {}, error() {}, debug() {} };
  const ctx = await openContext({ config, logger: quiet });
  try {
    await ingestSources(ctx);
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const [result] = await runDigests(ctx, { listIds: ['bench'], env: {} });
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    const sent = result?.delivery?.sent ?? 0;
    if (sent !== n) throw new Error(`${label}: sent ${sent} of ${n} (${result?.error ?? 'no error'})`);
    return { wall, cpu: (cpu.user + cpu.system) / 1e6, sent, bytes: result };
  } finally {
    await ctx.store.close();
  }
}

async function main() {
  const n = Number(opt('--n', '10000'));
  const connections = Number(opt('--connections', '4'));
  const rate = opt('--rate', 'false');
  const only = opt('--only', 'both');
  const build = spawnSync(process.execPath, ['scripts/build-stamp.mjs', 'prepare'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (build.status !== 0) {
    console.error('bench-delivery: the build failed');
    process.exit(build.status ?? 1);
  }
  const dist = join(root, 'dist');
  const work = mkdtempSync(join(tmpdir(), 'sw-bench-delivery-'));
  const sink = startSink();
  const rows = [];
  try {
    const { port } = await sink.ready;
    if (only !== 'outbox') {
      const before = await sink.count();
      const smtp = await deliverOnce({
        dist,
        work,
        n,
        label: 'smtp',
        mailYaml: `  smtp: { host: 127.0.0.1, port: ${port}, pool: true, maxConnections: ${connections}, rateLimitPerSecond: ${rate} }`,
      });
      const after = await sink.count();
      if (after.received - before.received !== n)
        throw new Error(`the sink accepted ${after.received - before.received} messages, expected ${n}`);
      smtp.sinkCpu = after.cpu - before.cpu;
      rows.push([
        `SMTP loopback sink, ${n} recipients, ${connections} connections, rate limit ${rate}`,
        smtp,
      ]);
    }
    if (only !== 'smtp') {
      const outbox = await deliverOnce({ dist, work, n, label: 'outbox', mailYaml: '' });
      rows.push([`file outbox, ${n} recipients`, outbox]);
    }
  } finally {
    sink.stop();
    if (!args.includes('--keep')) rmSync(work, { recursive: true, force: true });
    else console.log(`kept ${work}`);
  }
  // On a shared machine the wall clock also measures the other jobs; the CPU columns do not. Sender and
  // sink run in two processes, so on two free cores the wall time approaches the larger of the two.
  const header = ['delivery', 'wall s', 'msg/s', 'sender cpu s', 'sink cpu s', 'msg/s by cpu'];
  const lines = rows.map(([label, m]) => [
    label,
    m.wall.toFixed(2),
    String(Math.round(m.sent / m.wall)),
    m.cpu.toFixed(2),
    m.sinkCpu === undefined ? '-' : m.sinkCpu.toFixed(2),
    String(Math.round(m.sent / Math.max(m.cpu, m.sinkCpu ?? 0))),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(row(header));
  console.log(
    `|${widths.map((w, i) => (i === 0 ? ` ${'-'.repeat(w)} ` : ` ${'-'.repeat(w - 1)}: `)).join('|')}|`,
  );
  for (const l of lines) console.log(row(l));
}
