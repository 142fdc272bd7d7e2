// The process entry of the CLI from source (`npm run dev -- <command>`, process tests). cli.ts only
// exports `main`, so tests can call it without a process; this file runs it and sets the exit code.
import { main } from './cli.js';

process.exitCode = await main(process.argv);
