import { processIo } from './io';
import { run } from './program';

// A reader that stops early (`marginkit … | head`) is not an error of ours.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

// exitCode, not process.exit(): let stdout drain when piped.
process.exitCode = await run(process.argv.slice(2), processIo);
