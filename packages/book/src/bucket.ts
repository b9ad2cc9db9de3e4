import { csvField, parseCsv } from '@marginkit/rpf';
import type { PositionFileError, PositionRow } from '@marginkit/risk-engine';
import type { FailureReason } from './failure';
import { fileErrorReason } from './failure';

/**
 * A bucket file: the rows of the accounts that hash to it, as checked by the positions reader,
 * and the file errors of rows that name one of those accounts. Rows of an account may be spread
 * over the whole positions file; in its bucket all of them sit together, so a chunk of the run
 * (one bucket) margins complete accounts.
 *
 * One CSV record per row, written and read only by this module:
 * - `R,line,account,cc,series,quantity,basis,multiplier` — a checked row (line of the positions file);
 * - `E,json` — a bad row's error (the account fails with it; its other rows are kept with it).
 */

/** FNV-1a over the account's UTF-16 code units: the same bucket on every machine and run. */
export function accountBucket(account: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < account.length; i++) {
    h ^= account.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % buckets;
}

export function bucketRowRecord(row: PositionRow): string {
  return [
    'R',
    String(row.line ?? 0),
    csvField(row.account),
    csvField(row.cc ?? ''),
    csvField(row.series),
    String(row.quantity),
    row.basis ?? '',
    row.multiplier ?? '',
  ].join(',');
}

export function bucketErrorRecord(error: PositionFileError): string {
  return `E,${csvField(JSON.stringify(error))}`;
}

/** One account of a bucket: its rows in file order, and why rows of it were bad (if any were). */
export interface BucketAccount {
  readonly account: string;
  readonly rows: PositionRow[];
  readonly errors: FailureReason[];
}

/**
 * The accounts of a bucket, in order of their first record. `file` is the positions file named in
 * the rows (for resolution errors). Throws on text this module did not write (a damaged run
 * directory is not bad input).
 */
export function readBucket(text: string, file: string): BucketAccount[] {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(`bucket file is damaged: line ${parsed.errors[0]?.line ?? 0}: ${parsed.errors[0]?.message ?? ''}`);
  const accounts = new Map<string, BucketAccount>();
  const of = (account: string): BucketAccount => {
    let a = accounts.get(account);
    if (a === undefined) {
      a = { account, rows: [], errors: [] };
      accounts.set(account, a);
    }
    return a;
  };
  for (const { line, fields } of parsed.value) {
    if (fields[0] === 'R' && fields.length === 8) {
      const [, at, account, cc, series, quantity, basis, multiplier] = fields as [string, string, string, string, string, string, string, string];
      // Written from a checked row: quantity is a safe integer's own text.
      of(account).rows.push({
        account,
        cc: cc === '' ? undefined : cc,
        series,
        quantity: Number(quantity),
        basis: basis === '' ? undefined : basis,
        multiplier: multiplier === '' ? undefined : multiplier,
        file,
        line: Number(at),
      });
    } else if (fields[0] === 'E' && fields.length === 2) {
      const e = JSON.parse(fields[1] as string) as PositionFileError;
      of(e.account ?? '').errors.push(fileErrorReason(e));
    } else {
      throw new Error(`bucket file is damaged: line ${line}: unexpected record`);
    }
  }
  return [...accounts.values()];
}
