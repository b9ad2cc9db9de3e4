import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { DEFAULT_QUEUE, DEFAULT_THREADS, positiveInteger, redisUrl, wholeNumber } from '../options';
import { chunkPool } from '../pool';

interface WorkFlags {
  readonly redis: string;
  readonly queue: string;
  readonly threads: number;
  readonly cache: string;
  readonly lockMs: number;
  readonly throttleMs: number;
  readonly quiet?: boolean;
}

export function workCommand(): Command {
  return new Command('work')
    .description('margin chunks queued by `marginkit-worker run --redis`, until stopped (SIGINT/SIGTERM finish the chunks in hand)')
    .addOption(new Option('--redis <url>', 'the Redis server of the queue').argParser(redisUrl).makeOptionMandatory())
    .addOption(new Option('--queue <name>', 'BullMQ queue name').default(DEFAULT_QUEUE))
    .addOption(new Option('--threads <n>', 'worker threads: chunks margined at once').argParser(positiveInteger('--threads', 256)).default(DEFAULT_THREADS))
    .addOption(new Option('--cache <dir>', "where runs' RPF and catalogue files are kept").default(join(tmpdir(), 'marginkit-worker')))
    .addOption(
      new Option('--lock-ms <ms>', 'a chunk whose worker stops for this long (killed, lost) goes to another worker').argParser(wholeNumber('--lock-ms')).default(30_000),
    )
    .addOption(new Option('--throttle-ms <ms>', 'pause before each chunk (to leave a shared machine room; tests)').argParser(wholeNumber('--throttle-ms')).default(0))
    .option('--quiet', 'no line per chunk on stderr')
    .addHelpText(
      'after',
      `
Example:
  $ marginkit-worker work --redis redis://queue-host:6379 --threads 8

Any number of workers, on any machines that reach the Redis server, share the queue. A worker
needs no input files: each run's RPF and catalogue come through Redis (checked by SHA-256), and
each chunk carries its positions.`,
    )
    .action(async (flags: WorkFlags) => {
      const log = (text: string) => {
        if (flags.quiet !== true) process.stderr.write(`marginkit-worker: ${text}\n`);
      };
      const { queueConsumer } = await import('../queue');
      const pool = chunkPool({ threads: flags.threads, throttleMs: flags.throttleMs });
      const consumer = queueConsumer(pool, {
        url: flags.redis,
        queue: flags.queue,
        concurrency: flags.threads,
        cacheDir: flags.cache,
        lockMs: flags.lockMs,
        onChunk: (job, event, detail) => log(`run ${job.runId} chunk ${job.chunk}: ${event === 'start' ? `started (${detail})` : event === 'done' ? detail : `failed: ${detail}`}`),
      });
      log(`working on queue ${flags.queue} with ${flags.threads} thread${flags.threads === 1 ? '' : 's'} (pid ${process.pid})`);
      const stop = () => void consumer.close();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await consumer.closed;
      await pool.close();
    });
}
