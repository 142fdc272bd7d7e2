// The CLI from source, for tests that need a real process (`node --import tsx tests/helpers/cli-entry.ts …`),
// so they exercise the code under test rather than a possibly stale dist/.
import { main } from '../../src/cli.js';

process.exitCode = await main(process.argv);
