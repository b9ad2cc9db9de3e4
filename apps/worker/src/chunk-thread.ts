import type { ChunkBuffers, ChunkResult, ChunkTask } from '@marginkit/book';
import { chunkBucketText, prepareChunkTask, runChunkTask } from '@marginkit/book';
import { move, transferableSymbol, valueSymbol } from 'piscina';

/**
 * The worker-thread module the pool loads (built beside bin.js): margins one chunk per call.
 * A thread keeps its prepared RPF between chunks; `warm` loads it ahead of the first chunk.
 */
export type ThreadTask =
  | { readonly kind: 'warm'; readonly task: Pick<ChunkTask, 'inputs' | 'rpfSha256'> }
  | { readonly kind: 'chunk'; readonly task: ChunkTask; readonly throttleMs: number; readonly output?: ChunkBuffers };

/** Settles when the chunk this thread was given last is margined (or has failed). */
let turn: Promise<unknown> = Promise.resolve();

export default async function marginInThread(t: ThreadTask): Promise<ChunkResult | null> {
  if (t.kind === 'warm') {
    await prepareChunkTask(t.task);
    return null;
  }
  if (t.throttleMs > 0) await new Promise((resolve) => setTimeout(resolve, t.throttleMs));
  // The pool gives a thread its next chunk while it margins one (pool.ts): that chunk's bucket is
  // read meanwhile, and it is margined after the one before it, in the order the pool gave them.
  const task = t.task;
  const text = chunkBucketText(task);
  // Awaited below, after the chunk before: a failed read waits its turn too, and is not an
  // unhandled rejection meanwhile.
  text.catch(() => undefined);
  const before = turn;
  const margined = (async () => {
    await before;
    return runChunkTask({ ...task, bucketText: await text }, t.output);
  })();
  turn = margined.catch(() => undefined);
  const result = await margined;
  // The chunk's lines (megabytes) move to the main thread instead of being copied.
  const buffers = new Set([result.jsonl.buffer, result.csv.buffer]);
  return move({ [transferableSymbol]: [...buffers], [valueSymbol]: result }) as unknown as ChunkResult;
}
