import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileKind } from '@marginkit/rpf';
import type { Basis, RpfJson } from '@marginkit/risk-engine';
import { CSV_HEADER, CSV_RECORD_END } from '@marginkit/reporting';
import { AtomicFile, writeFileAtomic, writeFileAtomicAsync } from './atomic';
import type { ChunkResult } from './chunk';
import type { FileDigest } from './inputs';
import type { PartitionResult } from './partition';
import { BUCKET_FORMAT } from './bucket';
import { bucketPath } from './partition';

/**
 * The run directory (`--out DIR`) of a book run, which makes a run resumable:
 *
 *     manifest.json          what is being run: inputs' SHA-256, the RPF chosen, the options
 *     buckets/NNNN.csv       the positions partitioned by account (see partition.ts)
 *     buckets/index.json     written last: the partition is complete (rows and accounts per bucket)
 *     chunks/NNNN.jsonl      a chunk's account lines
 *     chunks/NNNN.csv        a chunk's CSV records
 *     chunks/NNNN.json       written last: the chunk is committed (counts, failures, totals)
 *     accounts.jsonl, accounts.csv, failures.jsonl, summary.json   the merged results
 *
 * Every file is written atomically (temporary file, fsync, rename, fsync of the directory), and
 * a chunk's `.json` is renamed into place only after its `.jsonl` and `.csv`: a chunk is
 * committed exactly when its `.json` exists. A restarted run skips committed chunks and margins
 * the others again from scratch (a chunk's half-written files are simply overwritten), so no
 * account is computed twice into the results nor left out.
 */

export const MANIFEST_SCHEMA_VERSION = 1;

export interface BookRunOptions {
  readonly basis: Basis;
  readonly skipUnknown: boolean;
  readonly multiplier: string | null;
  readonly maintenanceRatio: string | null;
  readonly chunks: number;
}

export interface BookManifest {
  readonly schemaVersion: typeof MANIFEST_SCHEMA_VERSION;
  /** A digest of the inputs' contents and the options: the same run gets the same id anywhere. */
  readonly runId: string;
  readonly inputs: {
    readonly positions: FileDigest;
    readonly rpf: FileDigest;
    readonly catalogue: FileDigest;
    readonly rpfKind: FileKind | null;
    readonly rpfTime: string | null;
  };
  /** The RPF file the figures come from (for a zip: the entry chosen). */
  readonly rpf: RpfJson;
  readonly options: BookRunOptions;
}

export function makeManifest(inputs: BookManifest['inputs'], rpf: RpfJson, options: BookRunOptions): BookManifest {
  const identity = JSON.stringify({
    positions: inputs.positions.sha256,
    rpf: inputs.rpf.sha256,
    catalogue: inputs.catalogue.sha256,
    rpfKind: inputs.rpfKind,
    rpfTime: inputs.rpfTime,
    options,
    // A run directory partitioned by a build with another bucket format is another run (its
    // buckets cannot be read), not one to resume.
    bucketFormat: BUCKET_FORMAT,
  });
  const runId = createHash('sha256').update(identity).digest('hex').slice(0, 16);
  return { schemaVersion: MANIFEST_SCHEMA_VERSION, runId, inputs, rpf, options };
}

/** What a chunk's commit file holds (everything of the chunk but its result lines). */
export interface ChunkMeta extends Omit<ChunkResult, 'jsonl' | 'csv'> {
  readonly jsonlBytes: number;
  readonly csvBytes: number;
}

export interface PartitionIndex extends PartitionResult {
  readonly ms: number;
}

const pad = (i: number) => String(i).padStart(4, '0');

export class RunDirectory {
  constructor(readonly dir: string) {}

  get manifestPath(): string {
    return join(this.dir, 'manifest.json');
  }
  get bucketDir(): string {
    return join(this.dir, 'buckets');
  }
  get chunkDir(): string {
    return join(this.dir, 'chunks');
  }
  bucket(i: number): string {
    return bucketPath(this.bucketDir, i);
  }
  chunkFile(i: number, ext: 'jsonl' | 'csv' | 'json'): string {
    return join(this.chunkDir, `${pad(i)}.${ext}`);
  }
  get jsonlPath(): string {
    return join(this.dir, 'accounts.jsonl');
  }
  get csvPath(): string {
    return join(this.dir, 'accounts.csv');
  }
  get failuresPath(): string {
    return join(this.dir, 'failures.jsonl');
  }
  get summaryPath(): string {
    return join(this.dir, 'summary.json');
  }

  /**
   * Starts or resumes the run of `manifest` here. Returns the manifest found when the directory
   * holds another run (other inputs or options), which the caller must not overwrite.
   */
  open(manifest: BookManifest): { readonly resumed: boolean; readonly other: BookManifest | undefined } {
    mkdirSync(this.chunkDir, { recursive: true });
    if (existsSync(this.manifestPath)) {
      const found = JSON.parse(readFileSync(this.manifestPath, 'utf8')) as BookManifest;
      if (found.runId !== manifest.runId) return { resumed: false, other: found };
      return { resumed: true, other: undefined };
    }
    writeFileAtomic(this.manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    return { resumed: false, other: undefined };
  }

  /** The partition's index when it was completed, else undefined. */
  partition(): PartitionIndex | undefined {
    const path = join(this.bucketDir, 'index.json');
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as PartitionIndex) : undefined;
  }

  /** Clears a partition left half-done, before it is redone. */
  clearPartition(): void {
    rmSync(this.bucketDir, { recursive: true, force: true });
    mkdirSync(this.bucketDir, { recursive: true });
  }

  commitPartition(index: PartitionIndex): void {
    writeFileAtomic(join(this.bucketDir, 'index.json'), `${JSON.stringify(index)}\n`);
  }

  /** Chunks whose commit file exists. */
  committed(): Set<number> {
    const done = new Set<number>();
    for (const name of readdirSync(this.chunkDir)) {
      const m = /^(\d{4,})\.json$/.exec(name);
      if (m !== null) done.add(Number(m[1]));
    }
    return done;
  }

  meta(i: number): ChunkMeta {
    return JSON.parse(readFileSync(this.chunkFile(i, 'json'), 'utf8')) as ChunkMeta;
  }

  /**
   * Commits a chunk: its lines first, its commit file last; without blocking the event loop
   * (writes and fsyncs on libuv's threads).
   */
  async commit(result: ChunkResult): Promise<{ readonly meta: ChunkMeta; readonly jsonl: Uint8Array; readonly csv: Uint8Array }> {
    const { jsonl, csv, ...rest } = result;
    await Promise.all([writeFileAtomicAsync(this.chunkFile(result.chunk, 'jsonl'), jsonl), writeFileAtomicAsync(this.chunkFile(result.chunk, 'csv'), csv)]);
    const meta: ChunkMeta = { ...rest, jsonlBytes: jsonl.length, csvBytes: csv.length };
    await writeFileAtomicAsync(this.chunkFile(result.chunk, 'json'), `${JSON.stringify(meta)}\n`);
    return { meta, jsonl, csv };
  }

  /** A committed chunk's lines, read back and checked against the sizes its commit recorded. */
  async committedLines(i: number): Promise<{ readonly jsonl: Buffer; readonly csv: Buffer }> {
    const meta = this.meta(i);
    const read = async (ext: 'jsonl' | 'csv', bytes: number) => {
      const data = await readFile(this.chunkFile(i, ext));
      if (data.length !== bytes) throw new Error(`${this.chunkFile(i, ext)}: ${data.length} bytes, but the chunk was committed with ${bytes}`);
      return data;
    };
    const [jsonl, csv] = await Promise.all([read('jsonl', meta.jsonlBytes), read('csv', meta.csvBytes)]);
    return { jsonl, csv };
  }

  writeFailures(metas: readonly ChunkMeta[]): void {
    const failures = metas.flatMap((meta) => meta.failures.map((f) => `${JSON.stringify(f)}\n`)).join('');
    writeFileAtomic(this.failuresPath, failures);
  }
}

/**
 * The merged files are flushed to disk every 64 MiB as they grow: a book's accounts.jsonl is about
 * 11 KB per account (1.1 GB for 100,000), and left to the final fsync it was written to disk only
 * then, while nothing else was left to do (about a second of a 100,000-account run's merge).
 */
const MERGED_FILE = { syncEvery: 64 * 2 ** 20 } as const;

/**
 * accounts.jsonl and accounts.csv written while the chunks come in: a chunk's lines are appended as
 * soon as every chunk before it is in (they arrive about in order), so that when the last chunk is
 * committed only its lines and the fsync remain, instead of reading and writing the whole book
 * again. Chunks committed by an earlier attempt of the run are read back from their files. Both
 * files appear, whole, only at {@link finish}; a run that dies first leaves only temporary files,
 * and its restart merges from the committed chunks.
 */
export class ResultMerger {
  private next = 0;
  private readonly ready = new Map<number, { readonly jsonl: Uint8Array; readonly csv: Uint8Array }>();
  private readonly files: Promise<{ readonly jsonl: AtomicFile; readonly csv: AtomicFile }>;
  private tail: Promise<void>;
  private failure: unknown;

  constructor(
    private readonly dir: RunDirectory,
    /** The chunks with accounts, in the order of the results. */
    private readonly order: readonly number[],
    /** Chunks committed before this merger started (read from their files when their turn comes). */
    private readonly committedBefore: ReadonlySet<number>,
    /** Called with an offered chunk's lines once they are appended: the merger holds them no more. */
    private readonly written: (jsonl: Uint8Array, csv: Uint8Array) => void = () => {},
  ) {
    this.files = (async () => {
      const [jsonl, csv] = await Promise.all([AtomicFile.open(dir.jsonlPath, MERGED_FILE), AtomicFile.open(dir.csvPath, MERGED_FILE)]);
      await csv.append(CSV_HEADER + CSV_RECORD_END);
      return { jsonl, csv };
    })();
    this.tail = this.guard(this.files.then(() => this.drain(false)));
  }

  /** The lines of a chunk just committed (the same bytes as its files). */
  offer(chunk: number, jsonl: Uint8Array, csv: Uint8Array): void {
    this.ready.set(chunk, { jsonl, csv });
    this.tail = this.guard(this.tail.then(() => this.drain(false)));
  }

  /** Appends what is left (reading chunks committed earlier from their files), then puts both files in place. */
  async finish(): Promise<void> {
    this.tail = this.guard(this.tail.then(() => this.drain(true)));
    await this.tail;
    const files = await this.files.catch(() => undefined);
    if (this.failure !== undefined) {
      if (files !== undefined) await Promise.all([files.jsonl.abort(), files.csv.abort()]);
      throw this.failure;
    }
    if (files === undefined) throw new Error('the merged result files could not be opened');
    await Promise.all([files.jsonl.commit(), files.csv.commit()]);
  }

  private guard(p: Promise<void>): Promise<void> {
    // Kept until finish() reports it: a failed append must not become an unhandled rejection.
    return p.catch((e: unknown) => {
      this.failure ??= e;
    });
  }

  private async drain(all: boolean): Promise<void> {
    if (this.failure !== undefined) return;
    const { jsonl, csv } = await this.files;
    while (this.next < this.order.length) {
      const chunk = this.order[this.next] as number;
      let lines = this.ready.get(chunk);
      const offered = lines !== undefined;
      if (lines === undefined) {
        if (!all && !this.committedBefore.has(chunk)) return;
        lines = await this.dir.committedLines(chunk);
      }
      await jsonl.append(lines.jsonl);
      await csv.append(lines.csv);
      this.ready.delete(chunk);
      this.next++;
      if (offered) this.written(lines.jsonl, lines.csv);
    }
  }
}
