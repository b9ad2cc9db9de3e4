import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CsvLayout, PositionFileError, PositionFileFormat } from '@marginkit/risk-engine';
import { checkRow, csvRawRow, readPositionPieces } from '@marginkit/risk-engine';
import type { CsvRecord, Result } from '@marginkit/rpf';
import { err, ok, PlainCsvRecords } from '@marginkit/rpf';
import type { CodeUnits } from './account-set';
import { BucketAccounts } from './account-set';
import {
  accountHash,
  codeUnits,
  bucketOfHash,
  BUCKET_FORMAT,
  bucketErrorRecord,
  bucketHeaderRecord,
  bucketPlainRecord,
  bucketQuotedRecord,
  bucketRowRecord,
} from './bucket';
import { BucketFiles } from './bucket-files';

/**
 * Partitioning a book by account on disk: one streaming pass over the positions file (constant
 * memory in rows), each record appended to the bucket file of its account's hash. Rows of an
 * account need not be contiguous in the file; after this pass each bucket holds whole accounts.
 *
 * The pass looks only at what it needs to place a CSV record — its account field and its field
 * count — and stores the record as written (a quote-free line as it is): the rows are checked
 * when their bucket is read (bucket.ts), by the positions reader's own checks. A row that names
 * its account goes into that account's bucket, good or bad (a bad one fails that account alone).
 * A row that names no account it can be trusted with (a CSV syntax error, a row with more fields
 * than the header, a blank account, a JSON item that is not an object) could belong to any
 * account, so no account's result could be trusted: its errors — the positions reader's, in file
 * order — fail the whole partition. A JSON file is checked as it is read (bucket.ts).
 */

export interface PartitionOptions {
  /** Number of buckets (chunks of the run). */
  readonly chunks: number;
  readonly format?: PositionFileFormat;
  /** Characters per read batch (tests use small ones); default 1 MiB. */
  readonly batchChars?: number;
}

export interface BucketInfo {
  /**
   * Rows stored: every CSV row that names one of the bucket's accounts, good or bad (it is checked
   * when the bucket is read); the good rows of a JSON file.
   */
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

const COMMA = 0x2c;

/** A character `trim()` removes, among ASCII ones (tab, line feed, VT, FF, CR, space). */
function isAsciiBlank(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** A field a bucket can hold in a plain record (fields cut at commas, records at line feeds). */
function isPlainField(field: string): boolean {
  return field.indexOf(',') === -1 && field.indexOf('\n') === -1;
}

export async function partitionPositions(
  positionsPath: string,
  dir: string,
  options: PartitionOptions,
): Promise<Result<PartitionResult, PartitionFailure>> {
  const n = options.chunks;
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`partitionPositions: chunks must be a positive integer, got ${n}`);
  const file = positionsPath;
  mkdirSync(dir, { recursive: true });
  const files = new BucketFiles(Array.from({ length: n }, (_, i) => bucketPath(dir, i)));
  const rows = new Array<number>(n).fill(0);
  const accounts = new BucketAccounts(n);
  const fatal: PositionFileError[] = [];
  let more = 0;
  let headerWritten = false;
  /** The bucket of a record of the account of code units `units[start..end)` (trimmed, not empty), counted. */
  const bucketOf = (units: CodeUnits, start: number, end: number, row: boolean): number => {
    const hash = accountHash(units, start, end);
    const i = bucketOfHash(hash, n);
    accounts.add(i, hash, units, start, end);
    if (row) rows[i] = (rows[i] as number) + 1;
    return i;
  };
  /** A record of `account` (trimmed, not empty) into its bucket. */
  const put = (account: string, record: string, row = true) => {
    files.append(bucketOf(codeUnits(account), 0, account.length, row), record);
  };
  /** Errors already found: those naming an account go to its bucket, the others fail the partition. */
  const report = (errors: readonly PositionFileError[]) => {
    for (const e of errors) {
      if (e.account !== undefined) put(e.account, bucketErrorRecord(e), false);
      else if (fatal.length < MAX_PARTITION_ERRORS) fatal.push(e);
      else more++;
    }
  };
  const writeHeader = (header: CsvRecord) => {
    if (headerWritten) return;
    headerWritten = true;
    for (let i = 0; i < n; i++) files.append(i, bucketHeaderRecord(header));
  };
  /**
   * A record whose account is blank or missing, or which has more fields than the header: the
   * positions reader's checks name no account for it, so its errors fail the partition.
   */
  const untrusted = (record: CsvRecord, layout: CsvLayout) => {
    const errors: PositionFileError[] = [];
    const raw = csvRawRow(record, layout, file, errors);
    if (raw !== undefined) checkRow(raw, file, errors);
    report(errors);
  };
  try {
    for (let i = 0; i < n; i++) files.append(i, BUCKET_FORMAT);
    const read = readPositionPieces(positionsPath, {
      ...(options.format === undefined ? {} : { format: options.format }),
      ...(options.batchChars === undefined ? {} : { batchChars: options.batchChars }),
    });
    for await (const piece of read) {
      if (piece.kind === 'checked') {
        for (const row of piece.rows) put(row.account, bucketRowRecord(row));
        report(piece.errors);
        continue;
      }
      writeHeader(piece.header);
      const { layout } = piece;
      const accountAt = layout.index.get('account') ?? -1;
      const width = layout.width;
      if (piece.kind === 'records') {
        for (const record of piece.records) {
          const account = record.fields.length > width ? '' : (record.fields[accountAt]?.trim() ?? '');
          if (account === '') untrusted(record, layout);
          else if (record.fields.every(isPlainField)) put(account, bucketPlainRecord(record.line, record.fields.join(',')));
          else put(account, bucketQuotedRecord(record));
        }
        continue;
      }
      // Quote-free text: each record's account field and field count are found in its line,
      // which goes to the bucket as it is: copied byte for byte when the text is ASCII (then
      // each character is one byte, at the same place), else written as a string.
      const { text } = piece;
      const ascii = Buffer.byteLength(text, 'utf8') === text.length;
      const bytes = ascii ? Buffer.from(text, 'latin1') : codeUnits(text);
      const r = new PlainCsvRecords(text, piece.from, piece.line);
      while (r.next()) {
        const { start, end } = r;
        // The account field: after `accountAt` commas, up to the next one or the record's end.
        let accountStart = start;
        let commas = 0;
        while (commas < accountAt && accountStart < end) if (bytes[accountStart++] === COMMA) commas++;
        let accountEnd = accountStart;
        while (accountEnd < end && bytes[accountEnd] !== COMMA) accountEnd++;
        if (ascii) {
          while (accountStart < accountEnd && isAsciiBlank(bytes[accountStart] as number)) accountStart++;
          while (accountEnd > accountStart && isAsciiBlank(bytes[accountEnd - 1] as number)) accountEnd--;
        }
        if (commas < accountAt || (ascii && accountStart === accountEnd)) {
          // No account: too few fields, or a blank one.
          untrusted({ line: r.line, fields: r.fields() }, layout);
        } else if (ascii) {
          const hash = accountHash(bytes, accountStart, accountEnd);
          const i = bucketOfHash(hash, n);
          if (files.appendRecordBytes(i, r.line, bytes as Buffer, start, end, width - 1)) {
            accounts.add(i, hash, bytes, accountStart, accountEnd);
            rows[i] = (rows[i] as number) + 1;
          } else {
            untrusted({ line: r.line, fields: r.fields() }, layout);
          }
        } else {
          // Not ASCII: trimmed as checkRow trims (any Unicode blank), written as UTF-8.
          const fields = r.fields();
          const account = fields.length > width ? '' : (fields[accountAt]?.trim() ?? '');
          if (account === '') untrusted({ line: r.line, fields }, layout);
          else put(account, bucketPlainRecord(r.line, text.slice(start, end)));
        }
      }
    }
    files.finish();
    accounts.settle();
  } finally {
    files.close();
  }
  if (fatal.length > 0) return err([{ errors: fatal, more }]);
  const buckets = rows.map((r, i) => ({ rows: r, accounts: accounts.count(i) }));
  return ok({
    rows: buckets.reduce((s, b) => s + b.rows, 0),
    accounts: buckets.reduce((s, b) => s + b.accounts, 0),
    buckets,
  });
}
