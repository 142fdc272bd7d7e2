#!/usr/bin/env node
// Runs the compiled CLI from dist/ (built by `npm install` through the prepare script),
// so starting the command costs no TypeScript transpilation.
import { main } from '../dist/cli.js';

// A closed pipe (`stancewatch extract … | head`) is the reader's choice, not a failure.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
process.exitCode = await main(process.argv);
