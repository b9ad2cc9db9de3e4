import { processIo } from './io';
import { run } from './program';

// exitCode, not process.exit(): let stdout drain when piped.
process.exitCode = await run(process.argv.slice(2), processIo);
