import { Command, Option } from 'commander';
import type { BookSummary, ChunkExecutor } from '@marginkit/book';
import { runBook } from '@marginkit/book';
import type { Basis } from '@marginkit/risk-engine';
import { groupThousands, progressBar } from '@marginkit/reporting';
import type { FileKind } from '@marginkit/rpf';
import { EXIT_BAD_INPUT, WorkerExit } from '../exit';
import { clientSetting, DEFAULT_QUEUE, DEFAULT_THREADS, hhmm, positiveInteger, redisUrl, wholeNumber } from '../options';
import { chunkPool, poolExecutor } from '../pool';

interface RunFlags {
  readonly rpf: string;
  readonly catalogue: string;
  readonly positions: string;
  readonly out: string;
  readonly basis: Basis;
  readonly multiplier?: string;
  readonly maintenanceRatio?: string;
  readonly rpfKind?: FileKind;
  readonly rpfTime?: string;
  readonly skipUnknown?: boolean;
  readonly threads: number;
  readonly chunks?: number;
  readonly redis?: string;
  readonly queue: string;
  readonly attempts: number;
  readonly backoffMs: number;
  readonly throttleMs: number;
  readonly statusMs: number;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

export function runCommand(): Command {
  return new Command('run')
    .description('margin every account of a book into a run directory (resumable): on worker threads, or through a Redis queue with --redis')
    .addOption(new Option('--rpf <file>', 'HKEX Risk Parameter File: a .lis, or an RPF_yymmdd.zip').makeOptionMandatory())
    .addOption(new Option('--catalogue <file>', 'contract catalogue (CSV or JSON)').makeOptionMandatory())
    .addOption(new Option('--positions <file>', 'positions of every account (CSV or JSON): account,cc,series,quantity[,basis][,multiplier]').makeOptionMandatory())
    .addOption(new Option('--out <dir>', 'run directory: results, summary and what a restart needs to resume').makeOptionMandatory())
    .addOption(new Option('--basis <basis>', "basis of accounts whose rows give none (a 'basis' column overrides it)").choices(['net', 'gross']).default('net'))
    .addOption(new Option('--multiplier <m>', "client margin multiplier (default 1.33; a 'multiplier' column overrides it)").argParser(clientSetting('multiplier')))
    .addOption(new Option('--maintenance-ratio <r>', 'client maintenance margin ratio (default 0.8)').argParser(clientSetting('maintenanceRatio')))
    .addOption(new Option('--rpf-kind <kind>', 'which file of an RPF zip (default: final, else early, else latest intra-day)').choices(['final', 'early', 'intraday']))
    .addOption(new Option('--rpf-time <HHMM>', 'which intra-day file of an RPF zip, by business time').argParser(hhmm))
    .option('--skip-unknown', 'leave out positions whose series cannot be margined (listed in the summary) instead of failing their account')
    .addOption(new Option('--threads <n>', 'worker threads (in-process)').argParser(positiveInteger('--threads', 256)).default(DEFAULT_THREADS))
    .addOption(new Option('--chunks <n>', 'number of chunks (buckets of accounts; default: one per 512 KiB of positions)').argParser(positiveInteger('--chunks', 1000)))
    .addOption(new Option('--redis <url>', 'distributed: queue the chunks on this Redis for `marginkit-worker work` processes').argParser(redisUrl))
    .addOption(new Option('--queue <name>', 'BullMQ queue name (with --redis)').default(DEFAULT_QUEUE))
    .addOption(new Option('--attempts <n>', 'tries per chunk before it is dead-lettered').argParser(positiveInteger('--attempts', 100)).default(3))
    .addOption(new Option('--backoff-ms <ms>', 'first retry delay of a failed chunk (doubling), with --redis').argParser(wholeNumber('--backoff-ms')).default(1000))
    .addOption(new Option('--throttle-ms <ms>', 'pause before each chunk (to leave a shared machine room; tests)').argParser(wholeNumber('--throttle-ms')).default(0))
    .addOption(
      new Option('--status-ms <ms>', "with --redis and no terminal: a line of the run's chunk counts in the queue on stderr this often")
        .argParser(wholeNumber('--status-ms'))
        .default(10_000),
    )
    .option('--json', 'print the run summary (summary.json) on stdout instead of a few lines')
    .option('--quiet', 'no progress bar and no warnings on stderr')
    .addHelpText(
      'after',
      `
Examples:
  # every core of this machine
  $ marginkit-worker run --rpf RPF_160930.zip --catalogue catalogue.csv --positions book.csv --out run-160930
  # killed half-way? the same command again resumes: committed chunks are not margined again
  # many machines: a producer, and workers anywhere that reach the Redis server
  $ marginkit-worker run … --out run-160930 --redis redis://queue-host:6379
  $ marginkit-worker work --redis redis://queue-host:6379          (on each worker machine)

The run directory holds accounts.jsonl (one cli-contract.md account object per line, with its
client block), accounts.csv (marginkit margin's CSV rows), failures.jsonl (failed accounts with
every reason) and summary.json (accounts, totals per clearing house, failures, RPF, timings).

Exit codes: 0 every account margined; 1 bad input, or some accounts failed (see failures.jsonl);
2 usage; 3 internal error.`,
    )
    .action(async (flags: RunFlags) => {
      const err = (text: string) => process.stderr.write(text);
      const showProgress = flags.quiet !== true && process.stderr.isTTY === true;
      const bar = progressBar(err, 'accounts', { eta: true });
      let executor: ChunkExecutor & { close(): Promise<void> };
      if (flags.redis === undefined) {
        const pool = chunkPool({ threads: flags.threads, throttleMs: flags.throttleMs });
        executor = { ...poolExecutor(pool, flags.attempts), close: () => pool.close() };
      } else {
        // BullMQ and ioredis only when asked for: loaded, they are 7 MB of the heap that every one
        // of an in-process run's full garbage collections (one every few chunks) would walk.
        const { queueExecutor } = await import('../queue');
        let lastLog = 0;
        executor = queueExecutor({
          url: flags.redis,
          queue: flags.queue,
          attempts: flags.attempts,
          backoffMs: flags.backoffMs,
          onStates: (counts) => {
            // Without a terminal, a line now and then tells a log what the queue is doing.
            if (showProgress || flags.quiet === true || performance.now() - lastLog < flags.statusMs) return;
            lastLog = performance.now();
            err(`marginkit-worker: chunks ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
          },
        });
      }
      let result;
      try {
        result = await runBook({
          inputs: {
            positions: flags.positions,
            rpf: flags.rpf,
            catalogue: flags.catalogue,
            ...(flags.rpfKind === undefined ? {} : { rpfKind: flags.rpfKind }),
            ...(flags.rpfTime === undefined ? {} : { rpfTime: flags.rpfTime }),
          },
          options: {
            basis: flags.basis,
            skipUnknown: flags.skipUnknown === true,
            ...(flags.multiplier === undefined ? {} : { multiplier: flags.multiplier }),
            ...(flags.maintenanceRatio === undefined ? {} : { maintenanceRatio: flags.maintenanceRatio }),
            ...(flags.chunks === undefined ? {} : { chunks: flags.chunks }),
          },
          out: flags.out,
          executor,
          onWarning: (w) => {
            if (flags.quiet !== true) err(`marginkit-worker: warning: ${w.message}\n`);
          },
          onProgress: (p) => {
            if (showProgress && p.phase === 'margin') bar.update(p.done, p.total);
          },
        });
      } finally {
        bar.finish();
        await executor.close();
      }
      if (!result.ok) {
        const [e] = result.errors;
        for (const x of e?.errors ?? []) err(`marginkit-worker: ${x.message.replace(/\r?\n/g, ' ')}\n`);
        if ((e?.more ?? 0) > 0) err(`marginkit-worker: … and ${e?.more} more\n`);
        throw new WorkerExit(e?.message ?? 'bad input', EXIT_BAD_INPUT);
      }
      const s = result.value;
      process.stdout.write(flags.json === true ? `${JSON.stringify(s, null, 2)}\n` : summaryLines(s, flags.out));
      if (!s.complete) throw new WorkerExit(`${s.accounts.failed} of ${s.accounts.total} accounts failed; every reason is in ${flags.out}/failures.jsonl`, EXIT_BAD_INPUT);
    });
}

function summaryLines(s: BookSummary, out: string): string {
  const n = (x: number) => groupThousands(String(x));
  const lines = [
    `Run ${s.runId}: ${n(s.accounts.margined)} of ${n(s.accounts.total)} accounts margined, ${n(s.accounts.failed)} failed; ${s.rpf.kind} RPF of ${s.rpf.businessDate} ${s.rpf.businessTime} (${s.rpf.fileName ?? 'no name'})`,
    `Chunks: ${s.chunks.total} (${s.chunks.computed} margined now, ${s.chunks.resumed} resumed, ${s.chunks.failed} dead-lettered)`,
    ...s.totals.clearingHouses.map((t) => `${t.clearingHouse} ${t.currency}: clearing house ${groupThousands(t.requirement)}, client ${groupThousands(t.clientTotal)} (${n(t.accounts)} accounts)`),
    `All, in HKD: clearing house ${groupThousands(s.totals.clearingHouseTotalHkd)}, client ${groupThousands(s.totals.clientTotalHkd)}`,
    `Time: ${(s.timings.totalMs / 1000).toFixed(1)} s (partition ${(s.timings.partitionMs / 1000).toFixed(1)} s, margin ${(s.timings.marginMs / 1000).toFixed(1)} s), ${n(Math.round(s.timings.accountsPerSecond))} accounts/s`,
    `Results: ${out}/accounts.jsonl, ${out}/accounts.csv, ${out}/failures.jsonl, ${out}/summary.json`,
  ];
  return `${lines.join('\n')}\n`;
}
