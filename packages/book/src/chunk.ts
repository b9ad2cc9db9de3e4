import type { AccountClientOptions } from '@marginkit/client-margin';
import { clientMarginForAccount } from '@marginkit/client-margin';
import type { Basis, PositionErrorJson, PrimeContext, ResolvedAccount } from '@marginkit/risk-engine';
import { marginPortfolio, positionErrorToJson, resolvePositions } from '@marginkit/risk-engine';
import type { AccountReport } from '@marginkit/reporting';
import { appendAccountReport } from '@marginkit/reporting';
import type { BucketAccount } from './bucket';
import { readBucket } from './bucket';
import { readResolvedBucket } from './bucket-resolved';
import { ByteBuilder } from './bytes';
import type { AccountFailure, FailureReason } from './failure';
import { clientErrorReason, positionErrorReason, problemReason } from './failure';
import type { TotalsJson } from './totals';
import { BookTotals } from './totals';

/**
 * Margining one chunk of a book (the accounts of one bucket), each account on its own: an
 * account with a bad row, a series the RPF cannot margin, or a multiplier the client rules
 * reject fails alone, with every reason, and the chunk's other accounts are margined as
 * `marginkit margin` margins them (the same resolution, engine and client rules).
 */

export interface BookMarginOptions {
  /** Basis of accounts whose rows give none. */
  readonly basis: Basis;
  /** Leave out positions whose series cannot be margined (listed as skipped) instead of failing the account. */
  readonly skipUnknown: boolean;
  /** The run's client multiplier (default 1.33) and maintenance ratio (default 0.8), as decimal text. */
  readonly multiplier?: string;
  readonly maintenanceRatio?: string;
}

export interface ChunkResult {
  readonly chunk: number;
  /** Accounts with results (lines of `jsonl`). */
  readonly accounts: number;
  readonly rows: number;
  /** UTF-8: one line per account, cli-contract.md's account object with its `client` block, `\n`-terminated. */
  readonly jsonl: Uint8Array;
  /** UTF-8: @marginkit/reporting's CSV records of the accounts, CRLF-terminated, without the header. */
  readonly csv: Uint8Array;
  readonly failures: readonly AccountFailure[];
  readonly skippedPositions: readonly PositionErrorJson[];
  readonly totals: TotalsJson;
  /** CPU-side time spent margining the chunk (wall clock of the call). */
  readonly ms: number;
}

/**
 * Margins the accounts of a bucket file's text. `file` is the positions file (named in errors).
 * A bucket of plain, good rows is read and resolved in one pass (bucket-resolved.ts); any other
 * is read row by row and each account resolved by `resolvePositions`, for its errors.
 */
export function marginBucket(ctx: PrimeContext, chunk: number, bucketText: string, file: string, options: BookMarginOptions, output?: ChunkBuffers): ChunkResult {
  const started = performance.now();
  const resolved = readResolvedBucket(ctx, bucketText, options.basis);
  if (resolved === undefined) return marginBucketAccounts(ctx, chunk, readBucket(bucketText, file), options, output, started);
  const out = new ChunkOutput(resolved.accounts.length, options, output);
  for (const r of resolved.accounts) out.margin(ctx, r);
  return out.result(chunk, resolved.rows, resolved.accounts, started);
}

export function marginChunk(ctx: PrimeContext, chunk: number, accounts: readonly BucketAccount[], options: BookMarginOptions, output?: ChunkBuffers): ChunkResult {
  return marginBucketAccounts(ctx, chunk, accounts, options, output, performance.now());
}

/** {@link marginChunk}, its time counted from `started` (a bucket's time includes its reading). */
function marginBucketAccounts(
  ctx: PrimeContext,
  chunk: number,
  accounts: readonly BucketAccount[],
  options: BookMarginOptions,
  output: ChunkBuffers | undefined,
  started: number,
): ChunkResult {
  const out = new ChunkOutput(accounts.length, options, output);
  let rows = 0;
  for (const a of accounts) {
    rows += a.rows.length;
    if (a.errors.length > 0) out.fail(a.account, a.errors);
  }
  const resolveOptions = { basis: options.basis, skipUnknown: options.skipUnknown };
  // Account by account, from its rows to its text: resolution of an account depends on its own
  // rows only (the series-code cache is the RPF's), and its rows, series and sheet are still in
  // cache when it is margined and written.
  for (const a of accounts) {
    if (out.hasFailed(a.account)) continue;
    const resolved = resolvePositions(ctx, a.rows, resolveOptions);
    if (!resolved.ok) {
      out.fail(a.account, resolved.errors.map(positionErrorReason));
      continue;
    }
    for (const e of resolved.value.skipped) out.skipped.push(positionErrorToJson(e));
    for (const r of resolved.value.accounts) out.margin(ctx, r);
  }
  return out.result(chunk, rows, accounts, started);
}

/**
 * Memory a chunk's lines may be written into (from an earlier chunk, handed back: see
 * `ChunkExecutor.recycle`), used when large enough.
 */
export interface ChunkBuffers {
  readonly jsonl?: ArrayBuffer | undefined;
  readonly csv?: ArrayBuffer | undefined;
}

/**
 * Room for a chunk of `accounts` at `perAccount` bytes each, rounded up to a whole MiB with a
 * sixteenth to spare: chunks of a run differ by a few percent in accounts, so the memory of one
 * is large enough for the next.
 */
function chunkBytes(accounts: number, perAccount: number): number {
  const need = Math.max(1 << 16, accounts * perAccount);
  return Math.ceil((need * 17) / 16 / 2 ** 20) * 2 ** 20;
}

/** A chunk's lines, totals and failures as its accounts are margined. */
class ChunkOutput {
  private readonly failed = new Map<string, FailureReason[]>();
  private readonly client: AccountClientOptions;
  private readonly totals = new BookTotals();
  private readonly jsonl: ByteBuilder;
  private readonly csv: ByteBuilder;
  private margined = 0;
  readonly skipped: PositionErrorJson[] = [];

  constructor(accounts: number, options: BookMarginOptions, output: ChunkBuffers = {}) {
    this.client = {
      ...(options.multiplier === undefined ? {} : { multiplier: options.multiplier }),
      ...(options.maintenanceRatio === undefined ? {} : { maintenanceRatio: options.maintenanceRatio }),
    };
    // About 11 KB of JSON and 600 bytes of CSV per account: room for all at once, no regrowth.
    this.jsonl = new ByteBuilder(chunkBytes(accounts, 12 * 1024), output.jsonl);
    this.csv = new ByteBuilder(chunkBytes(accounts, 1024), output.csv);
  }

  fail(account: string, reasons: readonly FailureReason[]): void {
    const list = this.failed.get(account);
    if (list === undefined) this.failed.set(account, [...reasons]);
    else list.push(...reasons);
  }

  hasFailed(account: string): boolean {
    return this.failed.has(account);
  }

  /** Margins one resolved account and writes its lines, or fails it with the reasons. */
  margin(ctx: PrimeContext, r: ResolvedAccount): void {
    let report: AccountReport;
    try {
      const sheet = marginPortfolio(ctx, r.positions, r.basis, { account: r.account, multiplier: r.multiplier });
      const c = clientMarginForAccount(sheet, this.client);
      if (!c.ok) {
        this.fail(r.account, c.errors.map(clientErrorReason));
        return;
      }
      report = { sheet, client: c.value };
    } catch (e) {
      // An engine exception is a bug, but one account's bug must not take the book down with it.
      this.fail(r.account, [problemReason('EngineError', `account ${r.account}: ${e instanceof Error ? e.message : String(e)}`)]);
      return;
    }
    appendAccountReport(report, this.jsonl, this.csv);
    this.margined++;
    this.totals.addAccount(report);
  }

  /** The chunk's result; failures in the order of `accounts`. */
  result(chunk: number, rows: number, accounts: readonly { readonly account: string }[], started: number): ChunkResult {
    const failures: AccountFailure[] = [];
    if (this.failed.size > 0) {
      for (const a of accounts) {
        const reasons = this.failed.get(a.account);
        if (reasons !== undefined) failures.push({ account: a.account, chunk, reasons });
      }
    }
    return {
      chunk,
      accounts: this.margined,
      rows,
      jsonl: this.jsonl.bytes(),
      csv: this.csv.bytes(),
      failures,
      skippedPositions: this.skipped,
      totals: this.totals.toJson(),
      ms: performance.now() - started,
    };
  }
}

/** A chunk result as JSON text (its lines as UTF-8 text), for a result that travels through a queue. */
export function chunkResultToJson(result: ChunkResult): string {
  const text = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return JSON.stringify({ ...result, jsonl: text(result.jsonl), csv: text(result.csv) });
}

/** The inverse of {@link chunkResultToJson}. */
export function chunkResultFromJson(json: string): ChunkResult {
  const parsed = JSON.parse(json) as Omit<ChunkResult, 'jsonl' | 'csv'> & { readonly jsonl: string; readonly csv: string };
  return { ...parsed, jsonl: Buffer.from(parsed.jsonl, 'utf8'), csv: Buffer.from(parsed.csv, 'utf8') };
}

/** The first bytes of {@link chunkResultToBytes}' format (a result of another format is refused). */
const RESULT_BYTES_TAG = 'MKCR1';
const HEAD = RESULT_BYTES_TAG.length + 12;
const MAX_PART = 0xffffffff;

/**
 * A chunk result as bytes, for a result that travels through a queue: the format tag, the byte
 * lengths of the three parts, the result without its lines as JSON, then the lines' UTF-8 as
 * they are. Unlike {@link chunkResultToJson}, the 10 MB of JSON lines of a chunk are not escaped
 * into a JSON string and parsed back on the other side.
 */
export function chunkResultToBytes(result: ChunkResult): Buffer {
  const { jsonl, csv, ...rest } = result;
  const meta = Buffer.from(JSON.stringify(rest), 'utf8');
  for (const part of [meta, jsonl, csv]) {
    if (part.length > MAX_PART) throw new RangeError(`chunk ${result.chunk}: a part of ${part.length} bytes does not fit the result format`);
  }
  const out = Buffer.allocUnsafe(HEAD + meta.length + jsonl.length + csv.length);
  let at = out.write(RESULT_BYTES_TAG, 0, 'latin1');
  at = out.writeUInt32LE(meta.length, at);
  at = out.writeUInt32LE(jsonl.length, at);
  at = out.writeUInt32LE(csv.length, at);
  out.set(meta, at);
  out.set(jsonl, at + meta.length);
  out.set(csv, at + meta.length + jsonl.length);
  return out;
}

/**
 * The inverse of {@link chunkResultToBytes}; its lines are views of `bytes`. Throws on bytes of
 * another format or of the wrong length (a damaged or foreign value is not a result to commit).
 */
export function chunkResultFromBytes(bytes: Uint8Array): ChunkResult {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < HEAD || b.toString('latin1', 0, RESULT_BYTES_TAG.length) !== RESULT_BYTES_TAG) {
    throw new Error(`not a chunk result of this build (${JSON.stringify(RESULT_BYTES_TAG)} expected)`);
  }
  let at = RESULT_BYTES_TAG.length;
  const metaLength = b.readUInt32LE(at);
  const jsonlLength = b.readUInt32LE(at + 4);
  const csvLength = b.readUInt32LE(at + 8);
  at = HEAD;
  if (b.length !== HEAD + metaLength + jsonlLength + csvLength) {
    throw new Error(`a damaged chunk result: ${b.length} bytes, its header says ${HEAD + metaLength + jsonlLength + csvLength}`);
  }
  const meta = JSON.parse(b.toString('utf8', at, at + metaLength)) as Omit<ChunkResult, 'jsonl' | 'csv'>;
  at += metaLength;
  return { ...meta, jsonl: b.subarray(at, at + jsonlLength), csv: b.subarray(at + jsonlLength, at + jsonlLength + csvLength) };
}
