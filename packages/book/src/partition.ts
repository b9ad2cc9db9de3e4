import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { PositionFileError, PositionFileFormat } from '@marginkit/risk-engine';
import { readPositionBatches } from '@marginkit/risk-engine';
import type { Result } from '@marginkit/rpf';
import { err, ok } from '@marginkit/rpf';
import { accountBucket, bucketErrorRecord, bucketRowRecord } from './bucket';

/**
 * Partitioning a book by account on disk: one streaming pass over the positions file (constant
 * memory in rows), each checked row appended to the bucket file of its account's hash. Rows of an
 * account need not be contiguous in the file; after this pass each bucket holds whole accounts.
 *
 * A bad row that names its account goes into that account's bucket as an error record (the
 * account alone fails). A row that names no account it can be trusted with (a CSV syntax error,
 * a shifted row, a JSON item that is not an object) could belong to any account, so no account's
 * result could be trusted: such errors fail the whole partition.
 */

export interface PartitionOptions {
  /** Number of buckets (chunks of the run). */
  readonly chunks: number;
  readonly format?: PositionFileFormat;
  /** Characters per read batch (tests use small ones); default 1 MiB. */
  readonly batchChars?: number;
}

export interface BucketInfo {
  readonly rows: number;
  /** Distinct accounts (including those that will fail on a bad row). */
  readonly accounts: number;
}

export interface PartitionResult {
  readonly rows: number;
  readonly accounts: number;
  readonly buckets: readonly BucketInfo[];
}

/** At most this many errors that fail the partition are kept (and the count of the rest). */
export const MAX_PARTITION_ERRORS = 1000;

export interface PartitionFailure {
  readonly errors: readonly PositionFileError[];
  /** Errors past {@link MAX_PARTITION_ERRORS}, not kept. */
  readonly more: number;
}

/** The file of bucket `i` in `dir`. */
export function bucketPath(dir: string, i: number): string {
  return join(dir, `${String(i).padStart(4, '0')}.csv`);
}

const FLUSH_CHARS = 1 << 16;

export async function partitionPositions(
  positionsPath: string,
  dir: string,
  options: PartitionOptions,
): Promise<Result<PartitionResult, PartitionFailure>> {
  const n = options.chunks;
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`partitionPositions: chunks must be a positive integer, got ${n}`);
  mkdirSync(dir, { recursive: true });
  const fds = Array.from({ length: n }, (_, i) => openSync(bucketPath(dir, i), 'w'));
  const pending: string[][] = Array.from({ length: n }, () => []);
  const pendingChars = new Array<number>(n).fill(0);
  const rows = new Array<number>(n).fill(0);
  const accounts = Array.from({ length: n }, () => new Set<string>());
  const fatal: PositionFileError[] = [];
  let more = 0;
  const flush = (i: number) => {
    const lines = pending[i] as string[];
    if (lines.length === 0) return;
    writeSync(fds[i] as number, `${lines.join('\n')}\n`);
    pending[i] = [];
    pendingChars[i] = 0;
  };
  const append = (i: number, record: string) => {
    (pending[i] as string[]).push(record);
    pendingChars[i] = (pendingChars[i] as number) + record.length + 1;
    if ((pendingChars[i] as number) >= FLUSH_CHARS) flush(i);
  };
  try {
    const read = readPositionBatches(positionsPath, {
      ...(options.format === undefined ? {} : { format: options.format }),
      ...(options.batchChars === undefined ? {} : { batchChars: options.batchChars }),
    });
    for await (const batch of read) {
      for (const row of batch.rows) {
        const i = accountBucket(row.account, n);
        append(i, bucketRowRecord(row));
        rows[i] = (rows[i] as number) + 1;
        (accounts[i] as Set<string>).add(row.account);
      }
      for (const e of batch.errors) {
        if (e.account === undefined) {
          if (fatal.length < MAX_PARTITION_ERRORS) fatal.push(e);
          else more++;
          continue;
        }
        const i = accountBucket(e.account, n);
        append(i, bucketErrorRecord(e));
        (accounts[i] as Set<string>).add(e.account);
      }
    }
    for (let i = 0; i < n; i++) {
      flush(i);
      fsyncSync(fds[i] as number);
    }
  } finally {
    for (const fd of fds) closeSync(fd);
  }
  if (fatal.length > 0) return err([{ errors: fatal, more }]);
  const buckets = rows.map((r, i) => ({ rows: r, accounts: (accounts[i] as Set<string>).size }));
  return ok({
    rows: buckets.reduce((s, b) => s + b.rows, 0),
    accounts: buckets.reduce((s, b) => s + b.accounts, 0),
    buckets,
  });
}
