import { readFileSync } from 'node:fs';
import type { PositionErrorJson, RpfJson } from '@marginkit/risk-engine';
import { sheetToJson } from '@marginkit/risk-engine';
import type { Result } from '@marginkit/rpf';
import { err, ok, readCatalogue, readRpf } from '@marginkit/rpf';
import type { FileKind, RpfWarning } from '@marginkit/rpf';
import { writeFileAtomic } from './atomic';
import { readBucket } from './bucket';
import type { BookMarginOptions, ChunkResult } from './chunk';
import type { AccountFailure } from './failure';
import { problemReason } from './failure';
import type { BookInputs, FileDigest } from './inputs';
import { digestFile } from './inputs';
import { partitionPositions } from './partition';
import type { BookManifest, BookRunOptions, ChunkMeta } from './run-dir';
import { makeManifest, ResultMerger, RunDirectory } from './run-dir';
import type { ChunkTask } from './task';
import { runChunkTask } from './task';
import type { TotalsJson } from './totals';
import { BookTotals } from './totals';

/**
 * A book run from start to summary, whatever margins the chunks: read and fingerprint the inputs,
 * open (or resume) the run directory, partition the positions by account, hand the uncommitted
 * chunks to an executor (worker threads in-process, or a queue of workers on many machines),
 * commit each result as it comes back, then merge the results and write the summary.
 */

/** Where a run's chunk results go; the executor calls it as results arrive. */
export interface ChunkSink {
  /**
   * Commits a chunk's result (resolves once it is durable). A chunk already committed is not
   * written again (a repeat is ignored).
   */
  result(result: ChunkResult): Promise<void>;
  /**
   * Dead-letters a chunk that could not be margined (its retries spent): every account of it is
   * listed in the failures with `message`, none is dropped.
   */
  failed(chunk: number, message: string): Promise<void>;
}

export interface RunPlan {
  readonly manifest: BookManifest;
  readonly dir: RunDirectory;
  /** The chunks still to margin (uncommitted, with rows). */
  readonly tasks: readonly ChunkTask[];
}

export interface ChunkExecutor {
  /** Called once the run is known, before partitioning (e.g. to let workers load the RPF meanwhile). */
  prepare?(manifest: BookManifest, inputs: BookInputs): Promise<void> | void;
  /**
   * Called with a result's lines once they are committed and merged, when this thread holds them
   * no more: an executor whose results arrive in transferred memory may send it back to be
   * written into again (on this thread, garbage-collected result buffers set off a full
   * collection every few chunks).
   */
  recycle?(jsonl: Uint8Array, csv: Uint8Array): void;
  /** Margins every task, passing each outcome to `sink`; resolves when all have one. */
  run(plan: RunPlan, sink: ChunkSink): Promise<void>;
}

export interface BookProgress {
  readonly phase: 'partition' | 'margin' | 'merge';
  /** Accounts committed (with results or failed), including those of earlier attempts. */
  readonly done: number;
  readonly total: number;
}

export interface RunBookSettings {
  readonly inputs: BookInputs;
  readonly options: BookMarginOptions & { readonly chunks?: number };
  /** The run directory. */
  readonly out: string;
  readonly executor: ChunkExecutor;
  readonly onProgress?: (progress: BookProgress) => void;
  /** RPF warnings (unknown record types, …), as the run starts. */
  readonly onWarning?: (warning: RpfWarning) => void;
  /** Characters per read batch of the positions (tests use small ones). */
  readonly batchChars?: number;
}

export type BookRunErrorTag =
  /** The RPF or catalogue cannot be read. */
  | 'Input'
  /** The positions file has rows that name no account (the partition cannot be trusted). */
  | 'Positions'
  /** The run directory holds a run of other inputs or options. */
  | 'AnotherRun';

export interface BookRunError {
  readonly _tag: BookRunErrorTag;
  readonly message: string;
  /** Every error found (each names file, line and column where known). */
  readonly errors: readonly { readonly message: string }[];
  /** Errors past those listed. */
  readonly more: number;
}

export const SUMMARY_SCHEMA_VERSION = 1;

export interface BookSummary {
  readonly schemaVersion: typeof SUMMARY_SCHEMA_VERSION;
  readonly runId: string;
  /** True when every account has a result (no failures). */
  readonly complete: boolean;
  /** The RPF the figures come from, with its file's SHA-256. */
  readonly rpf: RpfJson & { readonly sha256: string };
  readonly inputs: BookManifest['inputs'];
  readonly options: BookRunOptions;
  readonly accounts: { readonly total: number; readonly margined: number; readonly failed: number };
  readonly positions: { readonly rows: number; readonly skipped: number };
  /** Per clearing house and currency, and in HKD, over the margined accounts (exact decimal sums). */
  readonly totals: TotalsJson;
  /** The dead-letter list: each failed account with every reason. */
  readonly failures: readonly AccountFailure[];
  readonly skippedPositions: readonly PositionErrorJson[];
  readonly chunks: {
    readonly total: number;
    /** Margined by this invocation. */
    readonly computed: number;
    /** Already committed by an earlier, interrupted invocation (not recomputed). */
    readonly resumed: number;
    /** Dead-lettered as a whole (their accounts are in `failures` with reason ChunkFailed). */
    readonly failed: number;
  };
  /** Of this invocation, in milliseconds. */
  readonly timings: {
    readonly inputsMs: number;
    readonly partitionMs: number;
    readonly marginMs: number;
    readonly mergeMs: number;
    readonly totalMs: number;
    /** Accounts margined by this invocation per second of its total time. */
    readonly accountsPerSecond: number;
  };
  readonly files: { readonly jsonl: string; readonly csv: string; readonly failures: string };
}

/** Default chunk count: about 512 KiB of positions per chunk, at most 1,000 bucket files. */
/** Margins the chunks one after another on this thread (tests, small books, embedding). */
export function sameThreadExecutor(): ChunkExecutor {
  return {
    async run(plan, sink) {
      for (const task of plan.tasks) await sink.result(await runChunkTask(task));
    },
  };
}

export function defaultChunks(positionsBytes: number): number {
  return Math.min(1000, Math.max(1, Math.ceil(positionsBytes / (512 * 1024))));
}

/**
 * Reads the RPF and the catalogue to fail before any work, and keeps only what names the RPF.
 * The parsed file itself is let go: the threads or workers load their own, and a full-day RPF
 * kept on this thread makes every garbage collection here walk it — many of them, as the
 * chunks' result buffers arrive (in CPU profiles of 100,000 accounts: 2.2 s of this thread's time
 * in garbage collection with the file kept, 1.7 s without; its heap 42 MB against 16 MB).
 */
async function checkInputs(
  inputs: RunBookSettings['inputs'],
): Promise<Result<{ header: { kind: FileKind; businessDate: string; businessTime: string; fileName: string | undefined }; warnings: readonly RpfWarning[] }, BookRunError>> {
  const [rpf, catalogue] = await Promise.all([
    readRpf(inputs.rpf, {
      ...(inputs.rpfKind === undefined ? {} : { kind: inputs.rpfKind }),
      ...(inputs.rpfTime === undefined ? {} : { time: inputs.rpfTime }),
    }),
    readCatalogue(inputs.catalogue),
  ]);
  if (!rpf.ok || !catalogue.ok) {
    const errors = [...(rpf.ok ? [] : rpf.errors), ...(catalogue.ok ? [] : catalogue.errors)];
    return err([{ _tag: 'Input', message: errors[0]?.message ?? 'bad input', errors, more: 0 }]);
  }
  const { header, source } = rpf.value;
  return ok({
    header: { kind: header.kind, businessDate: header.businessDate, businessTime: header.businessTime, fileName: source.fileName },
    warnings: rpf.warnings,
  });
}

export async function runBook(settings: RunBookSettings): Promise<Result<BookSummary, BookRunError>> {
  const t0 = performance.now();
  const { inputs, options } = settings;
  const progress = settings.onProgress ?? (() => {});

  // Inputs: read the RPF and catalogue once here, to fail before any work and to name the RPF.
  const checked = await checkInputs(inputs);
  if (!checked.ok) return checked;
  for (const w of checked.value.warnings) settings.onWarning?.(w);
  const rpfHeader = checked.value.header;
  let positions: FileDigest;
  try {
    positions = await digestFile(inputs.positions);
  } catch (e) {
    const message = `${inputs.positions}: cannot read the positions: ${e instanceof Error ? e.message : String(e)}`;
    return err([{ _tag: 'Input', message, errors: [{ message }], more: 0 }]);
  }
  const [rpfDigest, catalogueDigest] = await Promise.all([digestFile(inputs.rpf), digestFile(inputs.catalogue)]);
  const runOptions: BookRunOptions = {
    basis: options.basis,
    skipUnknown: options.skipUnknown,
    multiplier: options.multiplier ?? null,
    maintenanceRatio: options.maintenanceRatio ?? null,
    chunks: options.chunks ?? defaultChunks(positions.bytes),
  };
  const provenance = sheetToJson({
    rpf: {
      kind: rpfHeader.kind,
      businessDate: rpfHeader.businessDate,
      businessTime: rpfHeader.businessTime,
      fileName: rpfHeader.fileName,
    },
    accounts: [],
    skippedPositions: [],
  }).rpf;
  const manifest = makeManifest(
    { positions, rpf: rpfDigest, catalogue: catalogueDigest, rpfKind: inputs.rpfKind ?? null, rpfTime: inputs.rpfTime ?? null },
    provenance,
    runOptions,
  );
  const dir = new RunDirectory(settings.out);
  const opened = dir.open(manifest);
  if (opened.other !== undefined) {
    const message = `${settings.out} holds another run (${opened.other.runId}: other inputs or options, or partitioned by another build); use another --out directory, or delete this one`;
    return err([{ _tag: 'AnotherRun', message, errors: [{ message }], more: 0 }]);
  }
  await settings.executor.prepare?.(manifest, inputs);
  const t1 = performance.now();

  // Partition (again, if an earlier attempt stopped half-way: the buckets are deterministic).
  let partition = dir.partition();
  if (partition === undefined) {
    dir.clearPartition();
    const p0 = performance.now();
    const parted = await partitionPositions(inputs.positions, dir.bucketDir, {
      chunks: runOptions.chunks,
      ...(settings.batchChars === undefined ? {} : { batchChars: settings.batchChars }),
    });
    if (!parted.ok) {
      const failure = parted.errors[0] as { errors: readonly { message: string }[]; more: number };
      const n = failure.errors.length + failure.more;
      const message = `${inputs.positions}: ${n} row${n === 1 ? '' : 's'} that name no account can be trusted with; no account's result could be complete`;
      return err([{ _tag: 'Positions', message, errors: failure.errors, more: failure.more }]);
    }
    partition = { ...parted.value, ms: performance.now() - p0 };
    dir.commitPartition(partition);
  }
  const t2 = performance.now();

  // Margin what is not committed yet.
  const total = partition.accounts;
  const committed = dir.committed();
  const resumed = committed.size;
  let done = [...committed].reduce((s, i) => s + accountsOf(dir.meta(i)), 0);
  progress({ phase: 'margin', done, total });
  const tasks: ChunkTask[] = [];
  partition.buckets.forEach((b, chunk) => {
    if (b.accounts > 0 && !committed.has(chunk)) {
      tasks.push({
        chunk,
        bucket: dir.bucket(chunk),
        positionsFile: inputs.positions,
        inputs: {
          rpf: inputs.rpf,
          catalogue: inputs.catalogue,
          ...(inputs.rpfKind === undefined ? {} : { rpfKind: inputs.rpfKind }),
          ...(inputs.rpfTime === undefined ? {} : { rpfTime: inputs.rpfTime }),
        },
        rpfSha256: rpfDigest.sha256,
        options: {
          basis: options.basis,
          skipUnknown: options.skipUnknown,
          ...(options.multiplier === undefined ? {} : { multiplier: options.multiplier }),
          ...(options.maintenanceRatio === undefined ? {} : { maintenanceRatio: options.maintenanceRatio }),
        },
      });
    }
  });
  let computed = 0;
  let failedChunks = 0;
  const withAccounts = partition.buckets.flatMap((b, i) => (b.accounts > 0 ? [i] : []));
  // The merged files grow while chunks come in (see ResultMerger).
  const recycle = settings.executor.recycle?.bind(settings.executor);
  const merger = new ResultMerger(dir, withAccounts, new Set(committed), recycle);
  const committing = new Set<number>();
  const commit = async (result: ChunkResult) => {
    // A chunk margined twice (a queue's redelivery) is committed once.
    if (committed.has(result.chunk) || committing.has(result.chunk)) return;
    committing.add(result.chunk);
    const { meta, jsonl, csv } = await dir.commit(result);
    committed.add(result.chunk);
    merger.offer(result.chunk, jsonl, csv);
    done += accountsOf(meta);
    progress({ phase: 'margin', done, total });
  };
  const sink: ChunkSink = {
    async result(result) {
      if (!committed.has(result.chunk) && !committing.has(result.chunk)) computed++;
      await commit(result);
    },
    async failed(chunk, message) {
      if (committed.has(chunk) || committing.has(chunk)) return;
      failedChunks++;
      await commit(deadChunk(dir, chunk, inputs.positions, message));
    },
  };
  await settings.executor.run({ manifest, dir, tasks }, sink);
  const missing = tasks.filter((t) => !committed.has(t.chunk)).map((t) => t.chunk);
  if (missing.length > 0) throw new Error(`the executor finished without a result for chunk(s) ${missing.join(', ')}`);
  const t3 = performance.now();

  // Merge and summarise.
  progress({ phase: 'merge', done, total });
  await merger.finish();
  const metas = withAccounts.map((i) => dir.meta(i));
  dir.writeFailures(metas);
  const totals = new BookTotals();
  for (const m of metas) totals.addJson(m.totals);
  const failures = metas.flatMap((m) => m.failures);
  const skippedPositions = metas.flatMap((m) => m.skippedPositions);
  const margined = metas.reduce((s, m) => s + m.accounts, 0);
  const t4 = performance.now();
  const ran = new Set(tasks.map((t) => t.chunk));
  const computedAccounts = metas.filter((m) => ran.has(m.chunk)).reduce((s, m) => s + m.accounts, 0);
  const summary: BookSummary = {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    runId: manifest.runId,
    complete: failures.length === 0,
    rpf: { ...manifest.rpf, sha256: rpfDigest.sha256 },
    inputs: manifest.inputs,
    options: runOptions,
    accounts: { total: margined + failures.length, margined, failed: failures.length },
    // Good rows, counted by the chunks that checked them (the partition stores rows unchecked).
    positions: { rows: metas.reduce((s, m) => s + m.rows, 0), skipped: skippedPositions.length },
    totals: totals.toJson(),
    failures,
    skippedPositions,
    chunks: { total: withAccounts.length, computed, resumed, failed: failedChunks },
    timings: {
      inputsMs: t1 - t0,
      partitionMs: t2 - t1,
      marginMs: t3 - t2,
      mergeMs: t4 - t3,
      totalMs: t4 - t0,
      accountsPerSecond: computedAccounts / ((t4 - t0) / 1000),
    },
    files: { jsonl: 'accounts.jsonl', csv: 'accounts.csv', failures: 'failures.jsonl' },
  };
  writeFileAtomic(dir.summaryPath, `${JSON.stringify(summary, null, 2)}\n`);
  return ok(summary);
}

function accountsOf(meta: ChunkMeta): number {
  return meta.accounts + meta.failures.length;
}

/** A chunk whose every account fails with `message` (its retries spent). */
function deadChunk(dir: RunDirectory, chunk: number, positionsFile: string, message: string): ChunkResult {
  const accounts = readBucket(readFileSync(dir.bucket(chunk), 'utf8'), positionsFile);
  return {
    chunk,
    accounts: 0,
    rows: accounts.reduce((s, a) => s + a.rows.length, 0),
    jsonl: new Uint8Array(0),
    csv: new Uint8Array(0),
    failures: accounts.map((a) => ({ account: a.account, chunk, reasons: [problemReason('ChunkFailed', `chunk ${chunk} could not be margined: ${message}`)] })),
    skippedPositions: [],
    totals: new BookTotals().toJson(),
    ms: 0,
  };
}
