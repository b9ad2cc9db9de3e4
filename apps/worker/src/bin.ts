import { run } from './program';

process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

// exitCode, not process.exit(): let stdout drain. Handles left open (a Redis connection after an
// error) would keep the process alive, so it exits once output is written.
process.exitCode = await run(process.argv.slice(2));
process.stdout.write('', () => process.exit());
