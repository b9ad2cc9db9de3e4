import { readFile } from 'node:fs/promises';
import type { PrimeContext } from '@marginkit/risk-engine';
import type { BookMarginOptions, ChunkBuffers, ChunkResult } from './chunk';
import { marginBucket } from './chunk';
import type { BookInputs } from './inputs';
import { digestFile, loadBookContext } from './inputs';

/**
 * One chunk as a unit of work for any executor (a worker thread, a queue consumer on another
 * machine): plain data, so it crosses thread and process boundaries. The RPF is named with its
 * SHA-256, so an executor never margins with a file other than the run's.
 */
export interface ChunkTask {
  readonly chunk: number;
  /** The bucket file to margin. */
  readonly bucket: string;
  /** The bucket's text, when it travels with the task (a queue job); then `bucket` is only named. */
  readonly bucketText?: string;
  /** The positions file as the run names it (in error messages). */
  readonly positionsFile: string;
  readonly inputs: Pick<BookInputs, 'rpf' | 'catalogue' | 'rpfKind' | 'rpfTime'>;
  readonly rpfSha256: string;
  readonly options: BookMarginOptions;
}

// A prepared RPF per executor thread, reused for every chunk of the run (preparing a full day
// takes about a second; a chunk a fraction of that).
const contexts = new Map<string, Promise<PrimeContext>>();

async function contextOf(task: Pick<ChunkTask, 'inputs' | 'rpfSha256'>): Promise<PrimeContext> {
  const key = JSON.stringify([task.inputs.rpf, task.inputs.rpfKind, task.inputs.rpfTime, task.inputs.catalogue, task.rpfSha256]);
  let ctx = contexts.get(key);
  if (ctx === undefined) {
    ctx = (async () => {
      const digest = await digestFile(task.inputs.rpf);
      if (digest.sha256 !== task.rpfSha256) throw new Error(`${task.inputs.rpf}: the RPF has changed since the run started (SHA-256 ${digest.sha256}, run's ${task.rpfSha256})`);
      const loaded = await loadBookContext(task.inputs);
      if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('; '));
      return loaded.value;
    })();
    // Keep only the latest run's context: a long-lived queue worker moves from day to day.
    contexts.clear();
    contexts.set(key, ctx);
    ctx.catch(() => contexts.delete(key));
  }
  return ctx;
}

/** Loads (and keeps) the task's RPF and catalogue without margining: lets a worker warm up. */
export async function prepareChunkTask(task: Pick<ChunkTask, 'inputs' | 'rpfSha256'>): Promise<void> {
  await contextOf(task);
}

/** The text of a task's bucket: the one it carries, else its file's. */
export function chunkBucketText(task: Pick<ChunkTask, 'bucket' | 'bucketText'>): Promise<string> {
  return task.bucketText === undefined ? readFile(task.bucket, 'utf8') : Promise.resolve(task.bucketText);
}

/** Margins a chunk; its lines are written into `output` when that is large enough. */
export async function runChunkTask(task: ChunkTask, output?: ChunkBuffers): Promise<ChunkResult> {
  const ctx = await contextOf(task);
  const text = await chunkBucketText(task);
  return marginBucket(ctx, task.chunk, text, task.positionsFile, task.options, output);
}
