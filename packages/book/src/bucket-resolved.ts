import type { Series } from '@marginkit/rpf';
import type { Basis, PositionFileError, PrimeContext, ResolvedAccount, ResolvedPosition } from '@marginkit/risk-engine';
import { csvLayout, isCcCode, seriesOfRow } from '@marginkit/risk-engine';
import { BUCKET_FORMAT, textHash } from './bucket';

/**
 * A bucket read and resolved in one pass, for the bucket whose every row is plain and good —
 * almost every bucket of a real book. `readBucket` then `resolvePositions` made, for each row, a
 * string per field, a checked row object and two map lookups keyed by fresh strings, and the
 * rows of the whole bucket were made before the first was resolved (out of cache by then). Here
 * the fields are read where they sit in the bucket's text, a series is found by a hash of its
 * characters, and each row becomes its position directly.
 *
 * The rule that keeps this exact: a row is taken only in a form whose meaning is beyond doubt
 * (no blanks to trim, a quantity of plain digits, a basis written `net` or `gross`, no
 * multiplier, a series that resolves without error); at the first row that is anything else the
 * whole bucket is left to `readBucket` and `resolvePositions` (undefined is returned), which give
 * the same accounts for good rows and the errors for the others. A property test holds the two
 * paths equal (test/bucket-resolved.test.ts).
 */

export interface ResolvedBucket {
  /** In order of each account's first row, as `readBucket` gives them. */
  readonly accounts: readonly ResolvedAccount[];
  readonly rows: number;
}

const COMMA = 0x2c;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/** Series texts (per CC column value) already resolved against one prepared RPF, by a hash of their characters. */
class SeriesTable {
  /** Open addressing: entry index + 1, 0 when free. */
  private slots: Int32Array;
  private mask: number;
  /** `cc,series` of each entry (checked character by character on a hash match). */
  private readonly keys: string[] = [];
  private readonly hashes: number[] = [];
  readonly series: Series[] = [];
  /** The series text as written (a position's `code`), one string for every row that writes it. */
  readonly codes: string[] = [];

  constructor(capacity = 1 << 15) {
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.keys.length;
  }

  /** The entry of `text[ccStart..ccEnd) , text[seriesStart..seriesEnd)` with hash `h`, or −1. */
  find(h: number, text: string, ccStart: number, ccEnd: number, seriesStart: number, seriesEnd: number): number {
    const ccLength = ccEnd - ccStart;
    const length = ccLength + 1 + (seriesEnd - seriesStart);
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const e = (this.slots[i] as number) - 1;
      if (e < 0) return -1;
      if (this.hashes[e] !== h) continue;
      const key = this.keys[e] as string;
      if (key.length !== length) continue;
      let k = 0;
      while (k < ccLength && key.charCodeAt(k) === text.charCodeAt(ccStart + k)) k++;
      if (k < ccLength || key.charCodeAt(k) !== COMMA) continue;
      k++;
      while (k < length && key.charCodeAt(k) === text.charCodeAt(seriesStart + k - ccLength - 1)) k++;
      if (k === length) return e;
    }
  }

  add(h: number, cc: string, code: string, series: Series): number {
    if ((this.keys.length + 1) * 2 > this.slots.length) this.grow();
    const e = this.keys.length;
    this.keys.push(`${cc},${code}`);
    this.hashes.push(h);
    this.series.push(series);
    this.codes.push(code);
    this.place(h, e);
    return e;
  }

  private place(h: number, e: number): void {
    let i = h & this.mask;
    while (this.slots[i] !== 0) i = (i + 1) & this.mask;
    this.slots[i] = e + 1;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    this.mask = this.slots.length - 1;
    for (let e = 0; e < this.hashes.length; e++) this.place(this.hashes[e] as number, e);
  }
}

const tables = new WeakMap<PrimeContext, SeriesTable>();
/** As resolvePositions' cache: bounded, so that made-up codes cannot grow it without limit. */
const MAX_TABLE = 100_000;

function tableOf(ctx: PrimeContext): SeriesTable {
  let t = tables.get(ctx);
  if (t === undefined || t.size > MAX_TABLE) {
    t = new SeriesTable();
    tables.set(ctx, t);
  }
  return t;
}

/** Whether `c` is a character no field of a taken row may hold: blanks (trimmed), controls, non-ASCII. */
function unsafe(c: number): boolean {
  return c <= 0x20 || c >= 0x7f;
}

function equalsAscii(text: string, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (text.charCodeAt(start + i) !== word.charCodeAt(i)) return false;
  return true;
}

interface Draft {
  readonly account: string;
  readonly hash: number;
  basis: Basis | undefined;
  sumAbs: number;
  readonly positions: ResolvedPosition[];
}

/**
 * The accounts of a bucket's text resolved against `ctx` as `readBucket` and `resolvePositions`
 * (with `basis` for accounts whose rows give none) would resolve them; undefined when any row or
 * record is not of the plain, good form this reads (then take that path).
 */
export function readResolvedBucket(ctx: PrimeContext, text: string, basis: Basis): ResolvedBucket | undefined {
  const n = text.length;
  let eol = text.indexOf('\n');
  if (eol === -1 || text.slice(0, eol) !== BUCKET_FORMAT) return undefined;
  // The header: the layout of the records below.
  let pos = eol + 1;
  if (text.charCodeAt(pos) !== 0x48 /* H */ || text.charCodeAt(pos + 1) !== COMMA) return undefined;
  eol = text.indexOf('\n', pos);
  if (eol === -1) return undefined;
  let header: unknown;
  try {
    header = JSON.parse(text.slice(pos + 2, eol));
  } catch {
    return undefined;
  }
  if (!Array.isArray(header) || typeof header[0] !== 'number' || !Array.isArray(header[1])) return undefined;
  const headerErrors: PositionFileError[] = [];
  const layout = csvLayout({ line: header[0], fields: header[1] as string[] }, undefined, headerErrors);
  if (layout === undefined) return undefined;
  const width = layout.width;
  const accountAt = layout.index.get('account') ?? -1;
  const seriesAt = layout.index.get('series') ?? -1;
  const quantityAt = layout.index.get('quantity') ?? -1;
  const ccAt = layout.index.get('cc') ?? -1;
  const basisAt = layout.index.get('basis') ?? -1;
  const multiplierAt = layout.index.get('multiplier') ?? -1;

  const table = tableOf(ctx);
  /** Each field's start and end in the record being read. */
  const starts = new Int32Array(width);
  const ends = new Int32Array(width);
  const drafts: Draft[] = [];
  // Accounts by a hash of their characters (open addressing: draft index + 1).
  let accountSlots: Int32Array = new Int32Array(64);
  let rows = 0;

  for (pos = eol + 1; pos < n; pos = eol + 1) {
    eol = text.indexOf('\n', pos);
    const end = eol === -1 ? n : eol;
    // `line,text`: a quote-free CSV record; every other kind of record goes the other way.
    let i = pos;
    let c = text.charCodeAt(i);
    if (c < DIGIT_0 || c > DIGIT_9) return undefined;
    while (c >= DIGIT_0 && c <= DIGIT_9) c = text.charCodeAt(++i);
    if (c !== COMMA || i >= end) return undefined;
    // The fields: cut at commas, exactly `width` of them.
    let f = 0;
    starts[0] = ++i;
    for (; i < end; i++) {
      c = text.charCodeAt(i);
      if (c === COMMA) {
        if (f + 1 >= width) return undefined;
        ends[f++] = i;
        starts[f] = i + 1;
      } else if (unsafe(c)) return undefined;
    }
    ends[f++] = end;
    if (f !== width) return undefined;

    // Account, series: not empty (no blanks anywhere: checked above).
    const aStart = starts[accountAt] as number;
    const aEnd = ends[accountAt] as number;
    const sStart = starts[seriesAt] as number;
    const sEnd = ends[seriesAt] as number;
    if (aStart === aEnd || sStart === sEnd) return undefined;
    // CC: empty or a code.
    let ccStart = 0;
    let ccEnd = 0;
    if (ccAt >= 0) {
      ccStart = starts[ccAt] as number;
      ccEnd = ends[ccAt] as number;
      if (ccStart !== ccEnd && !isCcCode(text, ccStart, ccEnd)) return undefined;
    }
    // Quantity: an optional sign and 1-15 digits (exact as a double).
    let q = starts[quantityAt] as number;
    const qEnd = ends[quantityAt] as number;
    const sign = text.charCodeAt(q);
    if (sign === MINUS || sign === PLUS) q++;
    if (q === qEnd || qEnd - q > 15) return undefined;
    let quantity = 0;
    for (; q < qEnd; q++) {
      const d = text.charCodeAt(q) - DIGIT_0;
      if (d < 0 || d > 9) return undefined;
      quantity = quantity * 10 + d;
    }
    if (sign === MINUS && quantity !== 0) quantity = -quantity;
    // Basis: empty, net or gross, as written; multiplier: none.
    let rowBasis: Basis | undefined;
    if (basisAt >= 0) {
      const bStart = starts[basisAt] as number;
      const bEnd = ends[basisAt] as number;
      if (bStart !== bEnd) {
        if (equalsAscii(text, bStart, bEnd, 'net')) rowBasis = 'net';
        else if (equalsAscii(text, bStart, bEnd, 'gross')) rowBasis = 'gross';
        else return undefined;
      }
    }
    if (multiplierAt >= 0 && starts[multiplierAt] !== ends[multiplierAt]) return undefined;

    // The account's draft.
    const ah = textHash(text, aStart, aEnd);
    let draft: Draft | undefined;
    for (let k = ah & (accountSlots.length - 1); ; k = (k + 1) & (accountSlots.length - 1)) {
      const d = (accountSlots[k] as number) - 1;
      if (d < 0) {
        draft = { account: text.slice(aStart, aEnd), hash: ah, basis: undefined, sumAbs: 0, positions: [] };
        drafts.push(draft);
        accountSlots[k] = drafts.length;
        if (drafts.length * 2 > accountSlots.length) accountSlots = regrow(accountSlots, drafts);
        break;
      }
      const other = drafts[d] as Draft;
      if (other.hash === ah && equalsAscii(text, aStart, aEnd, other.account)) {
        draft = other;
        break;
      }
    }
    if (rowBasis !== undefined) {
      if (draft.basis !== undefined && draft.basis !== rowBasis) return undefined;
      draft.basis = rowBasis;
    }

    // The series.
    const sh = textHash(text, ccStart, ccEnd) ^ Math.imul(textHash(text, sStart, sEnd), 0x01000193);
    let e = table.find(sh, text, ccStart, ccEnd, sStart, sEnd);
    if (e < 0) {
      const cc = text.slice(ccStart, ccEnd);
      const code = text.slice(sStart, sEnd);
      const series = seriesOfRow(ctx, cc, code);
      if (series === undefined) return undefined;
      e = table.add(sh, cc, code, series);
    }
    const series = table.series[e] as Series;
    draft.sumAbs += Math.abs(quantity);
    if (draft.sumAbs > Number.MAX_SAFE_INTEGER) return undefined;
    draft.positions.push({ account: draft.account, series, quantity, row: series.row, code: table.codes[e] as string });
    rows++;
    if (eol === -1) break;
  }
  return {
    accounts: drafts.map((d) => ({ account: d.account, basis: d.basis ?? basis, multiplier: undefined, positions: d.positions })),
    rows,
  };
}

function regrow(slots: Int32Array, drafts: readonly Draft[]): Int32Array {
  const grown = new Int32Array(slots.length * 2);
  const mask = grown.length - 1;
  drafts.forEach((d, index) => {
    let k = d.hash & mask;
    while (grown[k] !== 0) k = (k + 1) & mask;
    grown[k] = index + 1;
  });
  return grown;
}
