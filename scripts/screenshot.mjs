// Renders a digest's HTML in headless Chromium the way phones, mail panes and desktop clients show it:
// at 375, 600 and 1200 px wide, in light and dark mode (prefers-color-scheme), one full-page PNG each.
// Usage: npm run screenshot [-- <digest.html> [<out-dir>]]
// Without a path it takes the newest digest.html in the outbox (./outbox, or $STANCEWATCH_OUTBOX); the
// PNGs go to ./screenshots/ (git-ignored) as <name>-<width>-<light|dark>.png.
// Chromium: $CHROMIUM_PATH, else /usr/bin/chromium (Debian's package: apt-get install chromium).
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const WIDTHS = [375, 600, 1200];
export const SCHEMES = ['light', 'dark'];

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

/** Takes every width × scheme of one HTML file; returns the PNG paths. */
export async function screenshotDigest(input, outDir, executablePath) {
  mkdirSync(outDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const written = [];
  try {
    const name = basename(input).replace(/\.html?$/i, '');
    for (const colorScheme of SCHEMES) {
      // A fresh context per scheme: the colour scheme is a context setting, and nothing leaks between them.
      const context = await browser.newContext({ colorScheme, viewport: { width: WIDTHS[0], height: 900 } });
      // An email never loads remote content by itself; neither does the picture of one.
      await context.route(/^(?!file:)/, (route) => route.abort());
      const page = await context.newPage();
      await page.goto(pathToFileURL(input).href);
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        const path = join(outDir, `${name}-${width}-${colorScheme}.png`);
        await page.screenshot({ path, fullPage: true });
        written.push(path);
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return written;
}

async function main(args) {
  const outboxDir = resolve(process.env.STANCEWATCH_OUTBOX ?? 'outbox');
  const input = args[0] ? resolve(args[0]) : newestPreview(outboxDir);
  if (!input || !existsSync(input)) {
    return args[0]
      ? `screenshot: no such file: ${args[0]}`
      : `screenshot: no digest found under ${outboxDir} (run "stancewatch preview" or "npm start" first, or pass a path)`;
  }
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    return `screenshot: no Chromium at ${executablePath} (apt-get install chromium, or set CHROMIUM_PATH)`;
  }
  const outDir = resolve(args[1] ?? 'screenshots');
  for (const path of await screenshotDigest(input, outDir, executablePath)) console.log(path);
  return null;
}

main(process.argv.slice(2)).then(
  (problem) => {
    if (problem) {
      console.error(problem);
      process.exitCode = 1;
    }
  },
  (error) => {
    console.error(`screenshot: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
