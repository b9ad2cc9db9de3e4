import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Queue, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { BookInputs, BookManifest, ChunkExecutor, ChunkResult, ChunkTask } from '@marginkit/book';
import { chunkResultFromBytes, chunkResultToBytes } from '@marginkit/book';
import type { ChunkPool } from './pool';
import { DEFAULT_QUEUE } from './options';

/**
 * The distributed mode: a producer puts the book's chunks on a BullMQ queue and any number of
 * `marginkit-worker work` processes, on any machines that reach the Redis server, margin them.
 *
 * - Inputs travel through Redis: the producer stores the RPF and catalogue files (by run id), a
 *   worker fetches them once per run into its cache directory and checks their SHA-256. Each job
 *   carries its bucket's rows, so workers need no shared disk.
 * - Job ids are `${runId}-${chunk}`: adding a chunk twice (a restarted producer) is a no-op.
 * - A worker stores a chunk's result (gzip of `chunkResultToBytes`: its lines as they are, not
 *   escaped into JSON) under a key of its own, then completes
 *   the job; the producer commits the result to the run directory and deletes job and key. A
 *   chunk margined twice (a worker killed after storing, before completing) gives the same result,
 *   committed once.
 * - A worker killed mid-chunk loses its job lock; the job is handed to another worker (stalled
 *   job). A job that throws is retried with exponential backoff; when its attempts are spent the
 *   producer dead-letters the chunk: every account of it is listed as failed with the error.
 */

const RESULT_TTL_SECONDS = 7 * 24 * 3600;

const runKey = (runId: string, what: string) => `marginkit:run:${runId}:${what}`;
const resultKey = (runId: string, chunk: number) => runKey(runId, `result:${chunk}`);
// BullMQ forbids ":" in custom job ids.
const jobId = (runId: string, chunk: number) => `${runId}-${chunk}`;

/** What a job carries: the chunk task minus local paths, which each worker makes its own. */
export interface ChunkJob {
  readonly runId: string;
  readonly chunk: number;
  readonly positionsFile: string;
  readonly bucketText: string;
  readonly options: ChunkTask['options'];
}

/** The run's inputs as stored in Redis (hash `marginkit:run:<id>:inputs`). */
interface StoredInputs {
  readonly rpfName: string;
  readonly rpfSha256: string;
  readonly catalogueName: string;
  readonly catalogueSha256: string;
  readonly rpfKind: string;
  readonly rpfTime: string;
}

export function redisConnection(url: string): Redis {
  // BullMQ needs maxRetriesPerRequest null on the connections its workers block on.
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}

export interface ProducerOptions {
  readonly url: string;
  readonly queue?: string;
  /** Tries per chunk (default 3), the first retry after `backoffMs` (doubling). */
  readonly attempts?: number;
  readonly backoffMs?: number;
  /** How often the producer polls the chunks' states (default 200 ms). */
  readonly pollMs?: number;
  /** Called on each poll with the run's chunk counts (progress visible from the producer). */
  readonly onStates?: (counts: Readonly<Record<string, number>>) => void;
}

export function queueExecutor(options: ProducerOptions): ChunkExecutor & { close(): Promise<void> } {
  const redis = redisConnection(options.url);
  const queue = new Queue<ChunkJob>(options.queue ?? DEFAULT_QUEUE, { connection: redisConnection(options.url) });
  const attempts = options.attempts ?? 3;
  const backoffMs = options.backoffMs ?? 1000;
  const pollMs = options.pollMs ?? 200;
  return {
    async prepare(manifest: BookManifest, inputs: BookInputs) {
      const id = manifest.runId;
      const [rpf, catalogue] = await Promise.all([readFile(inputs.rpf), readFile(inputs.catalogue)]);
      const stored: StoredInputs = {
        rpfName: basename(inputs.rpf),
        rpfSha256: manifest.inputs.rpf.sha256,
        catalogueName: basename(inputs.catalogue),
        catalogueSha256: manifest.inputs.catalogue.sha256,
        rpfKind: inputs.rpfKind ?? '',
        rpfTime: inputs.rpfTime ?? '',
      };
      // The files first, the description last: a worker that finds the description finds the files.
      await redis.set(runKey(id, 'rpf'), rpf, 'EX', RESULT_TTL_SECONDS);
      await redis.set(runKey(id, 'catalogue'), catalogue, 'EX', RESULT_TTL_SECONDS);
      await redis.hset(runKey(id, 'inputs'), { ...stored });
      await redis.expire(runKey(id, 'inputs'), RESULT_TTL_SECONDS);
    },

    async run(plan, sink) {
      const id = plan.manifest.runId;
      const pending = new Map(plan.tasks.map((t) => [t.chunk, t]));
      // A restarted producer gives failed chunks their attempts again (someone may have fixed the cause).
      for (const t of plan.tasks) {
        const job = await queue.getJob(jobId(id, t.chunk));
        if (job !== undefined && (await job.getState()) === 'failed') await job.retry('failed');
      }
      const jobs = await Promise.all(
        plan.tasks.map(async (t) => ({
          name: 'chunk',
          data: {
            runId: id,
            chunk: t.chunk,
            positionsFile: t.positionsFile,
            bucketText: await readFile(t.bucket, 'utf8'),
            options: t.options,
          } satisfies ChunkJob,
          opts: {
            jobId: jobId(id, t.chunk),
            attempts,
            backoff: { type: 'exponential', delay: backoffMs },
            removeOnComplete: false,
            removeOnFail: false,
          },
        })),
      );
      for (let i = 0; i < jobs.length; i += 100) await queue.addBulk(jobs.slice(i, i + 100));

      while (pending.size > 0) {
        const counts: Record<string, number> = {};
        for (const chunk of [...pending.keys()]) {
          const jid = jobId(id, chunk);
          const state = await queue.getJobState(jid);
          counts[state] = (counts[state] ?? 0) + 1;
          if (state === 'completed') {
            const stored = await redis.getBuffer(resultKey(id, chunk));
            if (stored === null) throw new Error(`chunk ${chunk}: the job completed but its result is missing from Redis`);
            await sink.result(chunkResultFromBytes(gunzipSync(stored)));
          } else if (state === 'failed') {
            const job = await queue.getJob(jid);
            await sink.failed(chunk, `${job?.attemptsMade ?? attempts} attempts failed; last: ${job?.failedReason ?? 'unknown error'}`);
          } else if (state === 'unknown') {
            throw new Error(`chunk ${chunk}: job ${jid} vanished from the queue`);
          } else continue;
          pending.delete(chunk);
          await queue.remove(jid);
          await redis.del(resultKey(id, chunk));
        }
        options.onStates?.({ ...counts, committed: plan.tasks.length - pending.size });
        if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
      // Every chunk is committed: no worker needs the run's inputs any more.
      await redis.del(runKey(id, 'inputs'), runKey(id, 'rpf'), runKey(id, 'catalogue'));
    },

    async close() {
      await queue.close();
      redis.disconnect();
    },
  };
}

export interface ConsumerOptions {
  readonly url: string;
  readonly queue?: string;
  /** Chunks margined at once (one per pool thread). */
  readonly concurrency: number;
  /** Where fetched RPF and catalogue files are kept, per run. */
  readonly cacheDir: string;
  /** A job whose worker stops renewing its lock for this long is handed to another (default 30 s). */
  readonly lockMs?: number;
  readonly onChunk?: (job: ChunkJob, event: 'start' | 'done' | 'error', detail: string) => void;
}

/** A queue worker: margins chunks of any run on `pool` until closed. */
export function queueConsumer(pool: ChunkPool, options: ConsumerOptions): { closed: Promise<void>; close(): Promise<void> } {
  const redis = redisConnection(options.url);
  const fetched = new Map<string, Promise<Pick<ChunkTask, 'inputs' | 'rpfSha256'>>>();
  const lockMs = options.lockMs ?? 30_000;
  const worker = new Worker<ChunkJob>(
    options.queue ?? DEFAULT_QUEUE,
    async (job: Job<ChunkJob>) => {
      const data = job.data;
      let inputs = fetched.get(data.runId);
      if (inputs === undefined) {
        inputs = fetchInputs(redis, data.runId, options.cacheDir);
        fetched.clear();
        fetched.set(data.runId, inputs);
        inputs.catch(() => fetched.delete(data.runId));
      }
      options.onChunk?.(data, 'start', `attempt ${job.attemptsMade + 1}`);
      try {
        const result = await pool.margin({
          ...(await inputs),
          chunk: data.chunk,
          bucket: `${data.runId}:${data.chunk}`,
          bucketText: data.bucketText,
          positionsFile: data.positionsFile,
          options: data.options,
        });
        await redis.set(resultKey(data.runId, data.chunk), gzipSync(chunkResultToBytes(result), { level: 1 }), 'EX', RESULT_TTL_SECONDS);
        options.onChunk?.(data, 'done', `${result.accounts} accounts`);
        return { chunk: data.chunk, accounts: result.accounts, failures: result.failures.length };
      } catch (e) {
        options.onChunk?.(data, 'error', e instanceof Error ? e.message : String(e));
        throw e;
      }
    },
    {
      connection: redisConnection(options.url),
      concurrency: options.concurrency,
      lockDuration: lockMs,
      stalledInterval: lockMs,
      maxStalledCount: 3,
    },
  );
  const closed = new Promise<void>((resolve) => worker.on('closed', () => resolve()));
  return {
    closed,
    async close() {
      await worker.close();
      redis.disconnect();
    },
  };
}

/** The run's RPF and catalogue, fetched once into `cacheDir/<runId>/` under their own names. */
async function fetchInputs(redis: Redis, runId: string, cacheDir: string): Promise<Pick<ChunkTask, 'inputs' | 'rpfSha256'>> {
  const stored = (await redis.hgetall(runKey(runId, 'inputs'))) as unknown as Partial<StoredInputs>;
  if (stored.rpfName === undefined || stored.catalogueName === undefined || stored.rpfSha256 === undefined) {
    throw new Error(`run ${runId}: its inputs are not in Redis (expired, or another Redis server)`);
  }
  const dir = join(cacheDir, runId);
  await mkdir(dir, { recursive: true });
  const save = async (what: 'rpf' | 'catalogue', name: string, sha256: string | undefined): Promise<string> => {
    const path = join(dir, name);
    const bytes = await redis.getBuffer(runKey(runId, what));
    if (bytes === null) throw new Error(`run ${runId}: its ${what} is not in Redis`);
    const digest = createHash('sha256').update(bytes).digest('hex');
    if (digest !== sha256) throw new Error(`run ${runId}: the ${what} in Redis has SHA-256 ${digest}, not the run's ${sha256 ?? ''}`);
    const temp = `${path}.${process.pid}.tmp`;
    await writeFile(temp, bytes);
    await rename(temp, path);
    return path;
  };
  const [rpf, catalogue] = await Promise.all([
    save('rpf', stored.rpfName, stored.rpfSha256),
    save('catalogue', stored.catalogueName, stored.catalogueSha256),
  ]);
  const kind = stored.rpfKind;
  return {
    inputs: {
      rpf,
      catalogue,
      ...(kind === 'final' || kind === 'early' || kind === 'intraday' ? { rpfKind: kind } : {}),
      ...(stored.rpfTime === undefined || stored.rpfTime === '' ? {} : { rpfTime: stored.rpfTime }),
    },
    rpfSha256: stored.rpfSha256,
  };
}
