import type { CsvRecord } from '@marginkit/rpf';
import { plainCsvFields } from '@marginkit/rpf';
import type { PositionFileError, PositionRow } from '@marginkit/risk-engine';
import { csvLayout, CsvRowChecker } from '@marginkit/risk-engine';
import type { FailureReason } from './failure';
import { fileErrorReason } from './failure';

/**
 * A bucket file: the records of the accounts that hash to it. Rows of an account may be spread
 * over the whole positions file; in its bucket all of them sit together, so a chunk of the run
 * (one bucket) margins complete accounts.
 *
 * A CSV record is stored as the positions file has it, and checked only when its bucket is read
 * — with the positions reader's own checks (`CsvRowChecker`: `csvRawRow`, `checkRow`), so each row gives the same
 * row or the same errors as `marginkit margin` would give — because the partition, which must
 * pass over every row of the book before any margin can start, is then a split of lines by
 * account, and the checks run in the chunks, in parallel. A JSON positions file is checked as it
 * is read (it has no lines to keep), and its rows and errors stored checked.
 *
 * One record per line, written and read only by this module, each line JSON or text without a
 * line break:
 * - `marginkit-bucket 2` — the first line: the format (a bucket of another build is refused);
 * - `H,[line,[fields]]` — the header of a CSV positions file (its layout applies to the records below);
 * - `line,text` — a CSV record without quotes, its text as in the file;
 * - `Q,[line,[fields]]` — a CSV record with quoted fields (which may hold commas, quotes, line breaks);
 * - `R,[line,account,cc,series,quantity,basis,multiplier]` — a checked row of a JSON file (`null` when absent);
 * - `E,{error}` — a bad JSON row's error (the account fails with it; its other rows are kept with it).
 */

export const BUCKET_FORMAT = 'marginkit-bucket 2';

/** FNV-1a over the account's UTF-16 code units: the same bucket on every machine and run. */
export function accountBucket(account: string, buckets: number): number {
  return bucketOfHash(accountHash(codeUnits(account), 0, account.length), buckets);
}

/** The UTF-16 code units of `text`. */
export function codeUnits(text: string): Uint16Array {
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  return units;
}

/**
 * 32-bit FNV-1a (as a signed integer) of the code units `units[start..end)` of an account:
 * UTF-16 code units, or the bytes of ASCII text (each its own code unit).
 */
export function accountHash(units: Uint8Array | Uint16Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h ^= units[i] as number;
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** {@link accountHash} of the characters `text[start..end)` (for ASCII text, the same as of its bytes). */
export function textHash(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

export function bucketOfHash(hash: number, buckets: number): number {
  return (hash >>> 0) % buckets;
}

export function bucketHeaderRecord(header: CsvRecord): string {
  return `H,${JSON.stringify([header.line, header.fields])}`;
}

/** A quote-free CSV record: `text` is its line as in the file (no line break in it). */
export function bucketPlainRecord(line: number, text: string): string {
  return `${line},${text}`;
}

export function bucketQuotedRecord(record: CsvRecord): string {
  return `Q,${JSON.stringify([record.line, record.fields])}`;
}

export function bucketRowRecord(row: PositionRow): string {
  return `R,${JSON.stringify([row.line ?? 0, row.account, row.cc ?? null, row.series, row.quantity, row.basis ?? null, row.multiplier ?? null])}`;
}

export function bucketErrorRecord(error: PositionFileError): string {
  return `E,${JSON.stringify(error)}`;
}

/** One account of a bucket: its rows in file order, and why rows of it were bad (if any were). */
export interface BucketAccount {
  readonly account: string;
  readonly rows: PositionRow[];
  readonly errors: FailureReason[];
}

const COMMA = 0x2c;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/**
 * The accounts of a bucket, in order of their first record, each row checked as the positions
 * reader checks it. `file` is the positions file (named in the rows and errors). Throws on text
 * this module did not write (a damaged run directory is not bad input).
 */
export function readBucket(text: string, file: string): BucketAccount[] {
  const n = text.length;
  let eol = text.indexOf('\n');
  if (text.slice(0, eol === -1 ? n : eol) !== BUCKET_FORMAT) {
    if (text === '') return [];
    throw new Error(`bucket file is not of this version (${JSON.stringify(BUCKET_FORMAT)} expected): a run directory partitioned by another build; delete it and run again`);
  }
  const accounts = new Map<string, BucketAccount>();
  const of = (account: string): BucketAccount => {
    let a = accounts.get(account);
    if (a === undefined) {
      a = { account, rows: [], errors: [] };
      accounts.set(account, a);
    }
    return a;
  };
  let checker: CsvRowChecker | undefined;
  let accountAt = -1;
  const errors: PositionFileError[] = [];
  const fields: string[] = [];
  let at = 1;
  const damaged = (why: string) => new Error(`bucket file is damaged: line ${at}: ${why}`);
  /** A CSV record checked: its row, or its errors, to its account. */
  const check = (line: number, values: string[]) => {
    if (checker === undefined) throw damaged('a record before the header');
    // The partition kept only records that name their account: it is looked up once, and its
    // rows share its string (fewer strings for the collector to move while the bucket is read).
    const text = values[accountAt];
    if (text === undefined) throw damaged('a record that names no account');
    const account = text.trim();
    const a = of(account);
    if (account === text) values[accountAt] = a.account;
    const row = checker.check(line, values, errors);
    if (row !== undefined) {
      if (row.account !== a.account) throw damaged(`a row of account ${JSON.stringify(row.account)} read as ${JSON.stringify(a.account)}`);
      a.rows.push(row);
      return;
    }
    for (const e of errors) {
      if (e.account !== a.account) throw damaged(`a record that names no account (${e.message})`);
      a.errors.push(fileErrorReason(e));
    }
    errors.length = 0;
  };
  for (let pos = eol + 1; eol !== -1 && pos < n; pos = eol + 1) {
    at++;
    eol = text.indexOf('\n', pos);
    const end = eol === -1 ? n : eol;
    const c = text.charCodeAt(pos);
    if (c >= DIGIT_0 && c <= DIGIT_9) {
      // `line,text`: most records.
      let line = 0;
      let i = pos;
      for (let d = c; d !== COMMA; d = text.charCodeAt(++i)) {
        if (d < DIGIT_0 || d > DIGIT_9 || i >= end) throw damaged('a bad line number');
        line = line * 10 + (d - DIGIT_0);
      }
      check(line, plainCsvFields(text, i + 1, end, fields));
      continue;
    }
    const tag = text.slice(pos, pos + 2);
    const json = text.slice(pos + 2, end);
    if (tag === 'Q,') {
      const [line, values] = JSON.parse(json) as [number, string[]];
      check(line, values);
    } else if (tag === 'R,') {
      const [line, account, cc, series, quantity, basis, multiplier] = JSON.parse(json) as [number, string, string | null, string, number, string | null, string | null];
      of(account).rows.push({ account, cc: cc ?? undefined, series, quantity, basis: basis ?? undefined, multiplier: multiplier ?? undefined, file, line });
    } else if (tag === 'E,') {
      const e = JSON.parse(json) as PositionFileError;
      of(e.account ?? '').errors.push(fileErrorReason(e));
    } else if (tag === 'H,') {
      const [line, values] = JSON.parse(json) as [number, string[]];
      const headerErrors: PositionFileError[] = [];
      const layout = csvLayout({ line, fields: values }, file, headerErrors);
      if (layout === undefined) throw damaged(`a bad header (${headerErrors[0]?.message ?? ''})`);
      checker = new CsvRowChecker(layout, file);
      accountAt = layout.index.get('account') ?? -1;
    } else {
      throw damaged('unexpected record');
    }
  }
  return [...accounts.values()];
}
