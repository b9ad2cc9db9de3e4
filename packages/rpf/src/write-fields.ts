import { formatFixed } from './fixed';
import type { Fixed } from './model';

/**
 * Fixed-width U2 field encoding (the inverse of the parser's column reads), straight into a
 * byte buffer: a full-day file is 200,000+ lines of 30+ fields, and building them as strings
 * costs more in garbage collection than the encoding itself. Every encoder checks that the value
 * fits its field, because a value that silently overflowed into the next column would read back
 * as a different, plausible-looking file.
 */

/**
 * A model that the U2 layout cannot represent: a value too wide for its field, a negative
 * where the field is unsigned, too many slots in a record that cannot be continued, a record the
 * parser would refuse. The model is built by code (parser, generator, tests), so this is a
 * programming error and is thrown.
 */
export class RpfWriteError extends Error {
  override readonly name = 'RpfWriteError';
  constructor(
    readonly record: string,
    readonly subject: string,
    readonly field: string,
    readonly value: string,
    readonly problem: string,
  ) {
    super(`record ${record} ${subject}: ${field} ${JSON.stringify(value)}: ${problem}`);
  }
}

const BLANK = 0x20;
const ZERO = 0x30;
const PLUS = 0x2b;
const MINUS = 0x2d;
const LF = 0x0a;
/** Longest record written (a C record with 99 legs is 21 + 7 × 99 = 714 bytes) plus its LF. */
const MAX_LINE = 21 + 7 * 99 + 1;

/** Writes normalised records (blank-padded to their full length, LF-terminated) into bytes. */
export class RecordWriter {
  private buf = Buffer.allocUnsafe(1 << 16);
  private pos = 0;
  private lineStart = 0;
  private record = '';
  /**
   * What the current record describes, for error messages: a text (`CC FEHSI`), or a series
   * whose key is only formatted on error (no per-series allocation on the hot path).
   */
  private subject: string | { readonly key: string } = '';

  /** Starts a record of `type` about `subject`. */
  begin(type: string, subject: string | { readonly key: string }): this {
    if (this.pos + MAX_LINE > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + MAX_LINE));
      this.buf.copy(grown, 0, 0, this.pos);
      this.buf = grown;
    }
    this.lineStart = this.pos;
    this.record = type;
    this.subject = subject;
    return this.ascii(type.length === 1 ? `${type} ` : type);
  }

  /** Pads the record with blanks to `length` columns and ends the line. */
  end(length: number): void {
    const target = this.lineStart + length;
    if (this.pos > target) {
      // Only reachable through a bug in a record writer: every field is width-checked.
      this.fail('record', this.buf.toString('latin1', this.lineStart, this.pos), `longer than its ${length} columns`);
    }
    this.pad(target);
    this.buf[target] = LF;
    this.pos = target + 1;
  }

  /** The bytes written so far. */
  bytes(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  fail(field: string, value: string, problem: string): never {
    const s = this.subject;
    throw new RpfWriteError(this.record, typeof s === 'string' ? s : `series ${s.key}`, field, value, problem);
  }

  /** Filler. */
  blanks(width: number): this {
    this.pad(this.pos + width);
    return this;
  }

  /** X(width): left-aligned printable ASCII padded with blanks. */
  text(field: string, value: string, width: number): this {
    if (value.length > width) this.fail(field, value, `longer than its ${width} columns`);
    const buf = this.buf;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c < 0x20 || c > 0x7e) this.fail(field, value, 'not printable ASCII');
      buf[this.pos + i] = c;
    }
    this.pos += value.length;
    this.pad(this.pos + width - value.length);
    return this;
  }

  /** X(width) that the parser requires non-blank (codes that other records refer to). */
  requiredText(field: string, value: string, width: number): this {
    if (value.trim() === '') this.fail(field, value, 'must not be blank');
    return this.text(field, value, width);
  }

  /** 9(width): an unsigned integer, zero-padded. */
  digits(field: string, value: number, width: number): this {
    if (!Number.isSafeInteger(value)) this.fail(field, String(value), 'not an integer');
    if (value < 0) this.fail(field, String(value), 'negative in an unsigned field');
    this.magnitude(field, value, value, width);
    return this;
  }

  /** 9(width) followed by its sign byte: `-` for a negative value, `+` otherwise. */
  signed(field: string, value: number, width: number): this {
    if (!Number.isSafeInteger(value)) this.fail(field, String(value), 'not an integer');
    this.magnitude(field, value < 0 ? -value : value, value, width);
    this.buf[this.pos++] = value < 0 ? MINUS : PLUS;
    return this;
  }

  /**
   * 9(a)V9(b) with `scale` = b and `width` = a + b: the exact decimal `value` re-expressed with
   * `scale` implied decimals. A value with more decimals than the field is refused, never rounded.
   */
  fixed(field: string, value: Fixed, scale: number, width: number): this {
    let units = value.units;
    if (value.scale <= scale) {
      units = units * 10 ** (scale - value.scale);
    } else {
      const drop = 10 ** (value.scale - scale);
      if (units % drop !== 0) this.fail(field, fixedText(value), `has more than ${scale} decimals`);
      units = units / drop;
    }
    if (!Number.isSafeInteger(units)) this.fail(field, fixedText(value), 'not representable exactly');
    if (units < 0) this.fail(field, fixedText(value), 'negative in an unsigned field');
    if (units >= 10 ** width) this.fail(field, fixedText(value), `wider than its ${width - scale}.${scale} digits`);
    this.magnitude(field, units, units, width);
    return this;
  }

  /** 9(6) contract month CCYYMM, or 0 for none. */
  month(field: string, value: number): this {
    this.digits(field, value, 6);
    if (value !== 0 && (value % 100 < 1 || value % 100 > 12)) this.fail(field, String(value), 'not a CCYYMM month');
    return this;
  }

  /** `YYYY-MM-DD` → CCYYMMDD; '' → 8 blanks only where `blankAllowed`. */
  date(field: string, value: string, blankAllowed: boolean): this {
    if (value === '' && blankAllowed) return this.blanks(8);
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (m === null || !between(m[2], 1, 12) || !between(m[3], 1, 31)) this.fail(field, value, 'not a YYYY-MM-DD date');
    return this.ascii(`${m[1]}${m[2]}${m[3]}`);
  }

  /** `HH:MM` → HHMM. */
  time(field: string, value: string): this {
    const m = /^(\d{2}):(\d{2})$/.exec(value);
    if (m === null || !between(m[1], 0, 23) || !between(m[2], 0, 59)) this.fail(field, value, 'not an HH:MM time');
    return this.ascii(`${m[1]}${m[2]}`);
  }

  /** `magnitude` right-aligned in `width` zero-padded digits. */
  private magnitude(field: string, magnitude: number, value: number, width: number): void {
    const buf = this.buf;
    let v = magnitude;
    if (v <= 0x7fffffff) {
      // Small integers (every value of an 81/82 line): int32 arithmetic.
      for (let i = this.pos + width - 1; i >= this.pos; i--) {
        const q = (v / 10) | 0;
        buf[i] = ZERO + v - q * 10;
        v = q;
      }
    } else {
      for (let i = this.pos + width - 1; i >= this.pos; i--) {
        const d = v % 10;
        buf[i] = ZERO + d;
        v = (v - d) / 10;
      }
    }
    if (v !== 0) this.fail(field, String(value), `wider than its ${width} digits`);
    this.pos += width;
  }

  /** Blanks up to (excluding) byte `to`; a loop, as Buffer.fill costs more than it saves on a few bytes. */
  private pad(to: number): void {
    const buf = this.buf;
    for (let i = this.pos; i < to; i++) buf[i] = BLANK;
    this.pos = to;
  }

  private ascii(s: string): this {
    for (let i = 0; i < s.length; i++) this.buf[this.pos + i] = s.charCodeAt(i);
    this.pos += s.length;
    return this;
  }
}

function between(twoDigits: string | undefined, lo: number, hi: number): boolean {
  const v = Number(twoDigits);
  return v >= lo && v <= hi;
}

function fixedText(f: Fixed): string {
  return Number.isSafeInteger(f.units) && Number.isInteger(f.scale) ? formatFixed(f.units, f.scale) : `${f.units}e-${f.scale}`;
}
