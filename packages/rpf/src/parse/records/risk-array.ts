import type { ProductType } from '../../model';
import { SCENARIOS, seriesKey } from '../../model';
import type { LineReader } from '../fields';
import { latin1 } from '../fields';
import type { ModelBuilder, ProductRef } from '../builder';
import { RpfSeries } from '../../rpf-series';
import { HASH_SEED, hashKey, hashWord } from '../../series-index';

/**
 * Records 81/82: the risk array of one series, split over two lines that carry the same
 * identity (columns 3-54). This is the hot path of a full-day file (two lines per series, most
 * of the bytes), so values are read straight off the bytes, identity strings are reused while
 * consecutive series share them, and errors are diagnosed by the generic reader only once the
 * fast check has failed.
 */

export const RECORD_81_LENGTH = 108;
export const RECORD_82_LENGTH = 118;
/** Identity: columns 3-54, i.e. bytes [2, 54) of the line. */
const ID_START = 2;
const ID_END = 54;
const ID_LENGTH = ID_END - ID_START;
const BLANK = 0x20;

/** Fields of an 81/82 line, in column order, to name the field at a column. */
const FIELDS_81: readonly (readonly [number, number, string])[] = [
  [1, 2, 'record type'],
  [3, 3, 'exchange acronym'],
  [6, 10, 'commodity code'],
  [16, 10, 'underlying commodity code'],
  [26, 3, 'product type'],
  [29, 1, 'option right'],
  [30, 6, 'futures contract month'],
  [36, 2, 'futures day/week code'],
  [38, 1, 'filler'],
  [39, 6, 'option contract month'],
  [45, 2, 'option day/week code'],
  [47, 1, 'filler'],
  [48, 7, 'strike price'],
  ...valueFields(1, 9),
];
const FIELDS_82: readonly (readonly [number, number, string])[] = [
  ...FIELDS_81.slice(0, 13),
  ...valueFields(10, 16),
  [97, 5, 'composite delta'],
  [102, 1, 'composite delta sign'],
  [103, 8, 'implied volatility'],
  [111, 7, 'settlement price'],
  [118, 1, 'settlement price sign'],
];

function valueFields(first: number, last: number): (readonly [number, number, string])[] {
  const out: (readonly [number, number, string])[] = [];
  for (let k = first; k <= last; k++) {
    const col = 55 + 6 * (k - first);
    out.push([col, 5, `risk-array value ${k}`], [col + 5, 1, `risk-array value ${k} sign`]);
  }
  return out;
}

function fieldAt(fields: readonly (readonly [number, number, string])[], col: number): readonly [number, number, string] {
  for (const f of fields) if (col < f[0] + f[1]) return f;
  return fields[fields.length - 1]!;
}

// The byte readers below are the fast path only: they say "not valid" (-1, or 0 for a sign)
// and the generic LineReader re-reads the field to report what is wrong with it.

/** n digits at byte p, or -1 when one is not a digit. */
function digitsAt(buf: Uint8Array, p: number, n: number): number {
  let v = 0;
  let bad = false;
  for (let i = p; i < p + n; i++) {
    const d = buf[i]! - 0x30;
    bad ||= d >>> 0 > 9;
    v = v * 10 + d;
  }
  return bad ? -1 : v;
}

/** 9(5), the width of a risk-array value, unrolled (this is most of a full-day file's bytes). */
function digits5At(buf: Uint8Array, p: number): number {
  const d0 = buf[p]! - 0x30;
  const d1 = buf[p + 1]! - 0x30;
  const d2 = buf[p + 2]! - 0x30;
  const d3 = buf[p + 3]! - 0x30;
  const d4 = buf[p + 4]! - 0x30;
  if (d0 >>> 0 > 9 || d1 >>> 0 > 9 || d2 >>> 0 > 9 || d3 >>> 0 > 9 || d4 >>> 0 > 9) return -1;
  return (((d0 * 10 + d1) * 10 + d2) * 10 + d3) * 10 + d4;
}

/** CCYYMM (000000 = none), or -1 when not digits or not a month; as LineReader.month. */
function monthAt(buf: Uint8Array, p: number): number {
  const year = digitsAt(buf, p, 4);
  const m0 = buf[p + 4]! - 0x30;
  const m1 = buf[p + 5]! - 0x30;
  if (year < 0 || m0 >>> 0 > 9 || m1 >>> 0 > 9) return -1;
  const month = m0 * 10 + m1;
  if (month === 0) return year === 0 ? 0 : -1;
  return month > 12 ? -1 : year * 100 + month;
}

/** The sign byte's factor, or 0 when it is not `+`, `-` or blank. */
function signAt(buf: Uint8Array, p: number): number {
  const b = buf[p]!;
  return b === 0x2d ? -1 : b === 0x2b || b === BLANK ? 1 : 0;
}

export class RiskArrayReader {
  /** An 81 waiting for its 82. */
  private pending = false;
  private pendingLine = 0;
  /** The waiting 81 had an error: its 82 is checked but no series is made. */
  private pendingFailed = false;
  /** The waiting 81 was complete: its identity can be compared with the 82's. */
  private pendingComplete = false;
  /**
   * Columns 3-54 (the identity) of the last complete 81 line, at their offsets in the line: the
   * 82 is compared with it, and the next 81 reuses its strings where the bytes repeat. A copy
   * (13 words), so that no line's bytes are kept past its turn: a stream's producer may refill
   * its buffer once it is handed over.
   */
  private readonly id = Buffer.alloc(ID_END);
  private readonly idWords = new DataView(this.id.buffer, this.id.byteOffset, this.id.byteLength);
  private hasPrevious = false;

  // Identity of the waiting 81, parsed.
  private exchange = '';
  private commodity = '';
  private underlying = '';
  private productType = '';
  private right: '' | 'C' | 'P' = '';
  private futuresMonth = 0;
  private futuresDayWeek = '';
  private optionMonth = 0;
  private optionDayWeek = '';
  private strike = 0;

  private lastCommodity = '';
  private lastProductType = '';
  private lastProduct: ProductRef | undefined;

  constructor(private readonly b: ModelBuilder) {}

  read81(r: LineReader): void {
    this.unpairedCheck(r);
    this.pending = true;
    this.pendingLine = r.line;
    this.pendingComplete = false;
    this.pendingFailed = true;
    if (!this.complete(r, RECORD_81_LENGTH, FIELDS_81)) return;

    const buf = r.buf;
    const words = r.words;
    const s = r.start;
    // Series of one product come together: usually columns 3-28 repeat as a whole.
    if (!this.hasPrevious || !this.repeats(words, s, 2, 28)) {
      this.exchange = this.text(buf, words, s, 2, 5, this.exchange);
      this.commodity = this.text(buf, words, s, 5, 15, this.commodity);
      this.underlying = this.text(buf, words, s, 15, 25, this.underlying);
      this.productType = this.text(buf, words, s, 25, 28, this.productType);
    }
    this.futuresDayWeek = this.text(buf, words, s, 35, 37, this.futuresDayWeek);
    this.optionDayWeek = this.text(buf, words, s, 44, 46, this.optionDayWeek);
    // The strings above now belong to these bytes: later lines reuse them while the bytes repeat.
    const id = this.idWords;
    for (let i = ID_START; i < ID_END; i += 4) id.setInt32(i, words.getInt32(s + i));
    this.hasPrevious = true;

    const rightByte = buf[s + 28]!;
    const right = rightByte === BLANK ? '' : rightByte === 0x43 ? 'C' : rightByte === 0x50 ? 'P' : undefined;
    const futuresMonth = monthAt(buf, s + 29);
    const optionMonth = monthAt(buf, s + 38);
    const strike = digitsAt(buf, s + 47, 7);
    if (right === undefined || futuresMonth < 0 || optionMonth < 0 || strike < 0) {
      r.choice(29, ' CP', 'option right');
      r.month(30, 'futures contract month');
      r.month(39, 'option contract month');
      r.digits(48, 7, 'strike price');
    } else {
      this.right = right;
      this.futuresMonth = futuresMonth;
      this.optionMonth = optionMonth;
      this.strike = strike;
    }
    this.values(r, this.b.series.length, 0, 9);
    this.pendingComplete = true;
    this.pendingFailed = r.failed;
  }

  read82(r: LineReader): void {
    if (!this.pending) {
      r.report('UnpairedRiskArray', 1, 'record type', '82', 'an 82 line without its 81 on the line before');
      return;
    }
    this.pending = false;
    if (!this.complete(r, RECORD_82_LENGTH, FIELDS_82)) return;
    const buf = r.buf;
    const s = r.start;
    // The identity's hash (for seriesByKey) is taken in the loop that compares it, four bytes at
    // a time, with the 81's.
    let hash = HASH_SEED;
    if (this.pendingComplete) {
      const words = r.words;
      const id = this.idWords;
      for (let i = ID_START; i < ID_END; i += 4) {
        const w = words.getInt32(s + i, true);
        if (w !== id.getInt32(i, true)) {
          let at = i;
          while (buf[s + at] === this.id[at]) at++;
          const [col, width, field] = fieldAt(FIELDS_82, at + 1);
          r.fail('MismatchedRiskArray', col, width, field, `differs from the 81 line (line ${this.pendingLine})`);
          break;
        }
        hash = hashWord(hash, w);
      }
    }
    const row = this.b.series.length;
    this.values(r, row, 9, SCENARIOS);
    const deltaMagnitude = digits5At(buf, s + 96);
    const deltaSign = signAt(buf, s + 101);
    const impliedVolatility = digitsAt(buf, s + 102, 8);
    const priceMagnitude = digitsAt(buf, s + 110, 7);
    const priceSign = signAt(buf, s + 117);
    if (deltaMagnitude < 0 || deltaSign === 0 || impliedVolatility < 0 || priceMagnitude < 0 || priceSign === 0) {
      r.signed(97, 5, 'composite delta');
      r.digits(103, 8, 'implied volatility');
      r.signed(111, 7, 'settlement price');
    }
    if (r.failed || this.pendingFailed) return;

    const product = this.productOf();
    if (product === undefined) return;
    // seriesKey(identity): columns 3-54 as they are, unless a filler byte is not blank.
    const asWritten = buf[s + 37] === BLANK && buf[s + 46] === BLANK;
    const key = asWritten ? latin1(buf, s + ID_START, s + ID_END) : this.keyFromFields();
    if (!asWritten) hash = hashKey(key);
    const b = this.b;
    const series = new RpfSeries(
      this.exchange,
      this.commodity,
      this.underlying,
      this.productType as ProductType,
      this.right,
      this.futuresMonth,
      this.futuresDayWeek,
      this.optionMonth,
      this.optionDayWeek,
      this.strike,
      key,
      product.cc,
      product.riskScale,
      row,
      deltaMagnitude === 0 ? 0 : deltaMagnitude * deltaSign,
      impliedVolatility,
      priceMagnitude === 0 ? 0 : priceMagnitude * priceSign,
      b.arrays,
    );
    // Duplicates are found when the index is built, once every line is read (builder.ts).
    b.series.push(series);
    b.seriesLines[row] = this.pendingLine;
    b.seriesHashes[row] = hash;
  }

  /** At any line other than an 82, and at the end: an 81 still waiting lost its 82. */
  unpairedCheck(r: LineReader): void {
    if (!this.pending) return;
    this.pending = false;
    r.reportAt('UnpairedRiskArray', this.pendingLine, 1, '81', 'record type', '81', 'an 81 line not followed by its 82');
  }

  /** 81 and 82 lines carry values in every column: a short one is truncated, blanks or not. */
  private complete(r: LineReader, length: number, fields: readonly (readonly [number, number, string])[]): boolean {
    if (r.length >= length) return true;
    const [col, width, field] = fieldAt(fields, r.length + 1);
    r.truncatedAt(col, width, field);
    return false;
  }

  /** Values `from`+1 .. `to` of the row, in columns 55.. of this line. */
  private values(r: LineReader, row: number, from: number, to: number): void {
    const arrays = this.b.ensureRow(row);
    const buf = r.buf;
    let p = r.start + 54;
    let at = row * SCENARIOS + from;
    for (let k = from; k < to; k++, p += 6, at++) {
      const m = digits5At(buf, p);
      const sign = buf[p + 5]!;
      if (m >= 0 && (sign === 0x2b || sign === BLANK)) arrays[at] = m;
      else if (m >= 0 && sign === 0x2d) arrays[at] = -m;
      else r.signed(55 + 6 * (k - from), 5, `risk-array value ${k + 1}`);
    }
  }

  /** Text of identity bytes [a, e) of the line, the previous string when the bytes repeat. */
  private text(buf: Buffer, words: DataView, s: number, a: number, e: number, previous: string): string {
    if (this.hasPrevious && this.repeats(words, s, a, e)) return previous;
    while (e > a && buf[s + e - 1] === BLANK) e--;
    return latin1(buf, s + a, s + e);
  }

  /** Whether bytes [a, e) of the line at `s` equal those of the last complete 81 line. */
  private repeats(words: DataView, s: number, a: number, e: number): boolean {
    const previous = this.idWords;
    let i = a;
    for (; i + 4 <= e; i += 4) if (words.getInt32(s + i) !== previous.getInt32(i)) return false;
    for (; i < e; i++) if (words.getUint8(s + i) !== previous.getUint8(i)) return false;
    return true;
  }

  /** The record 2 product of the waiting series (cached: series come grouped by product). */
  private productOf(): ProductRef | undefined {
    if (this.commodity === this.lastCommodity && this.productType === this.lastProductType && this.lastProduct) {
      return this.lastProduct;
    }
    const p = this.b.product(this.commodity, this.productType, this.pendingLine, 6, '81');
    this.lastCommodity = this.commodity;
    this.lastProductType = this.productType;
    this.lastProduct = p;
    return p;
  }

  /** seriesKey of the waiting series, from its parsed fields (a filler byte was not blank). */
  private keyFromFields(): string {
    return seriesKey({
      exchange: this.exchange,
      commodity: this.commodity,
      underlying: this.underlying,
      productType: this.productType,
      right: this.right,
      futuresMonth: this.futuresMonth,
      futuresDayWeek: this.futuresDayWeek,
      optionMonth: this.optionMonth,
      optionDayWeek: this.optionDayWeek,
      strike: this.strike,
    });
  }
}
