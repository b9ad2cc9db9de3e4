import { Piscina } from 'piscina';
import type { BookInputs, BookManifest, ChunkBuffers, ChunkExecutor, ChunkResult, ChunkTask } from '@marginkit/book';
import type { ThreadTask } from './chunk-thread';

/**
 * Margining chunks on worker threads (piscina), all cores of this machine by default. Each thread
 * prepares the RPF once (while the main thread partitions the positions) and margins chunk after
 * chunk. A chunk whose thread throws is tried again; after `attempts` tries it is dead-lettered
 * (its accounts listed as failed), never dropped.
 */
export interface ChunkPool {
  /** Chunks handed out at once: two per thread (one margined, the next waiting). */
  readonly slots: number;
  /** Margins one chunk on a thread (no retries), writing its lines into `output` (moved to the thread) when large enough. */
  margin(task: ChunkTask, output?: ChunkBuffers): Promise<ChunkResult>;
  /** Loads the run's RPF on every thread. */
  warm(task: Pick<ChunkTask, 'inputs' | 'rpfSha256'>): Promise<void>;
  close(): Promise<void>;
}

export interface PoolOptions {
  readonly threads: number;
  /** Pause before each chunk (tests, or to leave a shared machine some room). */
  readonly throttleMs?: number;
}

const TASKS_PER_THREAD = 2;
/** Smaller buffers are not kept (a chunk's lines take megabytes; Node's pooled slabs are 8 KB). */
const RECYCLED_MIN = 2 ** 20;

/** The pool's settings: `threads` threads running `filename`'s default export. */
export function piscinaOptions(threads: number, filename: string) {
  return {
    filename,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
    // A chunk makes short-lived objects by the million (a sheet per account, its text): a young
    // generation larger than V8's default (16 MB semi-spaces) lets most of them die there,
    // fewer scavenges, fewer promoted to the old generation (7-25 % less time per account).
    resourceLimits: { maxYoungGenerationSizeMb: 96 },
    // Chunks in the order they are given. By default piscina puts a task it could not hand out
    // (every thread busy) back at the tail of its queue, so chunks were margined 0, 1, 2, 4, 6, …,
    // then 5, 9, 13, …, then 3, 11, 19, …; the merge appends chunks in order, so it waited at
    // chunk 3 while ~80 finished chunks (800 MB of lines for 100,000 accounts) piled up in memory,
    // and wrote them all after the last chunk (1.2-1.5 s of the run's merge).
    stricterFIFO: true,
    // Each thread holds its next chunk while it margins one: it starts on it as soon as it is
    // done, instead of waiting for the main thread (busy merging, or in a collection) to hand
    // it out, and reads its bucket meanwhile; chunk-thread.ts margins a thread's chunks one
    // after the other, in the order given (margin phase 1-6 % shorter, 3 alternating pairs).
    concurrentTasksPerWorker: TASKS_PER_THREAD,
  };
}

export function chunkPool(options: PoolOptions): ChunkPool {
  // tsup builds chunk-thread.ts to dist/chunk-thread.js, beside this module's bundle (bin.js).
  const pool = new Piscina<ThreadTask, ChunkResult | null>(piscinaOptions(options.threads, new URL('./chunk-thread.js', import.meta.url).href));
  const throttleMs = options.throttleMs ?? 0;
  return {
    slots: options.threads * TASKS_PER_THREAD,
    async margin(task, output = {}) {
      const transferList = [output.jsonl, output.csv].filter((b): b is ArrayBuffer => b !== undefined);
      const r = await pool.run({ kind: 'chunk', task, throttleMs, output }, { transferList });
      if (r === null) throw new Error(`chunk ${task.chunk}: the thread returned no result`);
      return r;
    },
    async warm(task) {
      await Promise.all(Array.from({ length: options.threads }, () => pool.run({ kind: 'warm', task })));
    },
    async close() {
      await pool.destroy();
    },
  };
}

export function poolExecutor(pool: ChunkPool, attempts = 3): ChunkExecutor {
  let warming: Promise<void> | undefined;
  const freeJsonl: ArrayBuffer[] = [];
  const freeCsv: ArrayBuffer[] = [];
  /** Keeps a result's memory to be written into again: whole buffers of its own (never a pool's slab), a few. */
  const keep = (free: ArrayBuffer[], lines: Uint8Array) => {
    const b = lines.buffer;
    if (b instanceof ArrayBuffer && b.byteLength >= RECYCLED_MIN && free.length < pool.slots + 2 && !free.includes(b)) free.push(b);
  };
  return {
    prepare(manifest: BookManifest, inputs: BookInputs) {
      const task = {
        inputs: {
          rpf: inputs.rpf,
          catalogue: inputs.catalogue,
          ...(inputs.rpfKind === undefined ? {} : { rpfKind: inputs.rpfKind }),
          ...(inputs.rpfTime === undefined ? {} : { rpfTime: inputs.rpfTime }),
        },
        rpfSha256: manifest.inputs.rpf.sha256,
      };
      // Not awaited: the threads load the RPF while the main thread partitions. A failure shows
      // again (and is reported) when the first chunk needs the RPF.
      warming = pool.warm(task).catch(() => undefined);
    },
    recycle(jsonl: Uint8Array, csv: Uint8Array) {
      keep(freeJsonl, jsonl);
      keep(freeCsv, csv);
    },
    async run(plan, sink) {
      await warming;
      // Chunks handed out in order, as many at once as the threads take (lanes), each with memory
      // sent back by `recycle` to write its lines into when there is some.
      let next = 0;
      const lane = async () => {
        while (next < plan.tasks.length) {
          const task = plan.tasks[next++] as ChunkTask;
          let last: unknown;
          let done = false;
          for (let attempt = 1; attempt <= attempts && !done; attempt++) {
            try {
              await sink.result(await pool.margin(task, { jsonl: freeJsonl.pop(), csv: freeCsv.pop() }));
              done = true;
            } catch (e) {
              last = e;
            }
          }
          if (!done) await sink.failed(task.chunk, `${attempts} attempts failed; last: ${last instanceof Error ? last.message : String(last)}`);
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, pool.slots) }, lane));
    },
  };
}
