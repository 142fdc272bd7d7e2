#!/usr/bin/env node
// Runs the compiled CLI from dist/ (built by `npm install` through the prepare script),
// so starting the command costs no TypeScript transpilation.
import { setFlagsFromString } from 'node:v8';

// A one-shot command is over in a second or two. V8's optimising compiler then costs more than it
// saves: its background compiles compete with the work on a small machine and the process waits for
// them before exiting (measured: 84 articles 0.85 s → 0.55 s, 504 articles 1.8 s → 1.4 s). The
// long-running worker keeps it, since it pays off over hours.
if (!process.argv.slice(2).includes('worker')) setFlagsFromString('--no-opt');

const { main } = await import('../dist/cli.js');

// A closed pipe (`stancewatch extract … | head`) is the reader's choice, not a failure.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
process.exitCode = await main(process.argv);
