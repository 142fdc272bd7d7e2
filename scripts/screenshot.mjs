// Renders a digest's HTML to a PNG with headless Chromium, to look at an email the way a mail client
// would show it. Usage: npm run screenshot [-- <digest.html> [<out.png>]]
// Without a path it takes the newest digest.html preview in the outbox (./outbox, or $STANCEWATCH_OUTBOX).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

function newestPreview(dir) {
  let best = null;
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.html')) {
        const mtime = statSync(p).mtimeMs;
        if (!best || mtime > best.mtime) best = { path: p, mtime };
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return best?.path ?? null;
}

function findChromium() {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const r = spawnSync(name, ['--version'], { encoding: 'utf8' });
    if (r.status === 0) return name;
  }
  return null;
}

function main(args) {
  const outboxDir = resolve(process.env.STANCEWATCH_OUTBOX ?? 'outbox');
  const input = args[0] ? resolve(args[0]) : newestPreview(outboxDir);
  if (!input || !existsSync(input)) {
    return args[0]
      ? `screenshot: no such file: ${args[0]}`
      : `screenshot: no digest preview found under ${outboxDir} (run "stancewatch digest --dry-run" first, or pass a path)`;
  }
  const output = resolve(args[1] ?? input.replace(/\.html?$/i, '') + '.png');
  const chromium = findChromium();
  if (!chromium) {
    return 'screenshot: chromium is not installed (on Debian/Ubuntu: apt-get install chromium)';
  }
  // A throwaway profile, so nothing from (or to) a real browser profile leaks into the picture.
  const profile = mkdtempSync(join(tmpdir(), 'stancewatch-shot-'));
  try {
    const r = spawnSync(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--hide-scrollbars',
        `--user-data-dir=${profile}`,
        `--screenshot=${output}`,
        '--window-size=600,2000',
        pathToFileURL(input).href,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    if (r.status !== 0 || !existsSync(output)) {
      return `screenshot: chromium failed (exit ${r.status ?? r.signal}): ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`;
    }
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  console.log(`${input} -> ${output}`);
  return null;
}

const problem = main(process.argv.slice(2));
if (problem) {
  console.error(problem);
  process.exitCode = 1;
}
