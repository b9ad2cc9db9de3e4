import type { Fixed } from '../model';
import { rpfError } from '../errors';
import type { RpfError, RpfErrorTag } from '../errors';

/**
 * Fixed-width field reads over the bytes of one line (columns 1-based and inclusive, as in
 * rpf-format.md). Reads work on the bytes directly — no substring, no regex, no Number() — so
 * that the same reader serves the hot 81/82 path and the rare records.
 *
 * Trimmed lines: producers may drop trailing blanks, so bytes beyond the end of the line read
 * as blanks wherever a blank is a legal value (text, sign bytes, fields the format says may be
 * blank). A numeric field the record needs must be wholly present: a line that ends inside it
 * is a `TruncatedField`, never a zero.
 */

const BLANK = 0x20;
const ZERO = 0x30;

/** Where errors of a parse go; `full` turns true once `maxErrors` are collected. */
export interface ErrorSink {
  readonly errors: RpfError[];
  readonly maxErrors: number;
}

export class LineReader {
  /** The bytes of the current line are `buf[start .. start + length)`, line end excluded. */
  buf: Buffer = Buffer.alloc(0);
  /** `buf` read four bytes at a time (same offsets), for the hot 81/82 comparisons. */
  words: DataView = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  start = 0;
  length = 0;
  /** 1-based line number. */
  line = 0;
  recordType = '';
  /** Set by the first error on this line: the record must not reach the model. */
  failed = false;
  /** Errors on this line so far (to tell which slot of a record failed). */
  errorCount = 0;
  /** Set by a `TruncatedField`: later fields of the line are not reported again. */
  private truncated = false;

  constructor(
    readonly file: string | undefined,
    private readonly sink: ErrorSink,
  ) {}

  begin(buf: Buffer, start: number, end: number, line: number, recordType: string): void {
    if (buf !== this.buf) {
      this.buf = buf;
      this.words = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    }
    this.start = start;
    this.length = end - start;
    this.line = line;
    this.recordType = recordType;
    this.failed = false;
    this.errorCount = 0;
    this.truncated = false;
  }

  /** Byte at 1-based `col`, a blank beyond the end of the line. */
  byte(col: number): number {
    return col <= this.length ? this.buf[this.start + col - 1]! : BLANK;
  }

  /** Whether the line reaches the last column of the field. */
  covers(col: number, width: number): boolean {
    return col + width - 1 <= this.length;
  }

  /** True when every present byte of the field is blank (missing bytes count as blank). */
  isBlank(col: number, width: number): boolean {
    const s = this.start + col - 1;
    const e = this.start + Math.min(col + width - 1, this.length);
    for (let i = s; i < e; i++) if (this.buf[i] !== BLANK) return false;
    return true;
  }

  /** True when the field is all blanks or all zeros: an unused repeating slot. */
  isBlankOrZeros(col: number, width: number): boolean {
    if (this.isBlank(col, width)) return true;
    if (!this.covers(col, width)) return false;
    const s = this.start + col - 1;
    for (let i = s; i < s + width; i++) if (this.buf[i] !== ZERO) return false;
    return true;
  }

  /** The text of a field as found (the present part only), for error messages. */
  raw(col: number, width: number): string {
    const s = Math.min(this.start + col - 1, this.start + this.length);
    const e = this.start + Math.min(col + width - 1, this.length);
    return latin1(this.buf, s, e);
  }

  /** X(width): the text without trailing blanks; missing bytes read as blanks. */
  text(col: number, width: number): string {
    const s = this.start + col - 1;
    let e = this.start + Math.min(col + width - 1, this.length);
    while (e > s && this.buf[e - 1] === BLANK) e--;
    return e <= s ? '' : latin1(this.buf, s, e);
  }

  /**
   * X(width) that must not be blank (a CC code, a group code): blank because the line ended is
   * a `TruncatedField`, blank as written is an `InvalidValue`.
   */
  requiredText(col: number, width: number, field: string): string {
    const t = this.text(col, width);
    if (t === '') {
      if (!this.covers(col, width)) this.truncatedAt(col, width, field);
      else this.fail('InvalidValue', col, width, field, 'must not be blank');
    }
    return t;
  }

  /** A one-byte code out of `allowed` (a string of single characters, blank written as ' '). */
  choice(col: number, allowed: string, field: string): string {
    const b = this.byte(col);
    if (allowed.indexOf(String.fromCharCode(b)) < 0) {
      if (b === BLANK && col > this.length) this.truncatedAt(col, 1, field);
      else this.fail('InvalidValue', col, 1, field, `must be one of ${describeChoices(allowed)}`);
      return '';
    }
    return b === BLANK ? '' : String.fromCharCode(b);
  }

  /** 9(width) the record needs: all digits, wholly present. -1 after an error. */
  digits(col: number, width: number, field: string): number {
    if (!this.covers(col, width)) {
      this.truncatedAt(col, width, field);
      return -1;
    }
    const buf = this.buf;
    const s = this.start + col - 1;
    let v = 0;
    for (let i = s; i < s + width; i++) {
      const d = buf[i]! - ZERO;
      if (d < 0 || d > 9) {
        this.fail('NonNumericField', col, width, field, `not ${width} digits`);
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  /** 9(width) that the format allows blank (= 0); missing bytes read as blank. */
  optionalDigits(col: number, width: number, field: string): number {
    if (this.isBlank(col, width)) return 0;
    return this.digits(col, width, field);
  }

  /** The sign byte after a magnitude: `+` or blank → 1, `-` → -1, else `BadSign` (and 1). */
  sign(col: number, field: string): number {
    const b = this.byte(col);
    if (b === 0x2d) return -1;
    if (b === 0x2b || b === BLANK) return 1;
    this.fail('BadSign', col, 1, field, "sign must be '+', '-' or blank");
    return 1;
  }

  /** 9(width) followed by its sign byte. NaN after an error. */
  signed(col: number, width: number, field: string): number {
    const m = this.digits(col, width, field);
    const s = this.sign(col + width, `${field} sign`);
    return m < 0 ? Number.NaN : m * s;
  }

  /** 9(a)V9(scale) with a + scale = width, as an exact {@link Fixed}. */
  fixed(col: number, width: number, scale: number, field: string): Fixed {
    return { units: this.digits(col, width, field), scale };
  }

  /** 9(width) that may be blank (= 0), as an exact {@link Fixed}. */
  optionalFixed(col: number, width: number, scale: number, field: string): Fixed {
    return { units: this.optionalDigits(col, width, field), scale };
  }

  /** CCYYMMDD as `YYYY-MM-DD` (checked to be a calendar-plausible date). */
  date(col: number, field: string): string {
    const v = this.digits(col, 8, field);
    if (v < 0) return '';
    const month = Math.floor(v / 100) % 100;
    const day = v % 100;
    if (month < 1 || month > 12 || day < 1 || day > 31) {
      this.fail('InvalidValue', col, 8, field, 'not a CCYYMMDD date');
      return '';
    }
    const t = this.raw(col, 8);
    return `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}`;
  }

  /** HHMM as `HH:MM`. */
  time(col: number, field: string): string {
    const v = this.digits(col, 4, field);
    if (v < 0) return '';
    if (Math.floor(v / 100) > 23 || v % 100 > 59) {
      this.fail('InvalidValue', col, 4, field, 'not an HHMM time');
      return '';
    }
    const t = this.raw(col, 4);
    return `${t.slice(0, 2)}:${t.slice(2, 4)}`;
  }

  /** CCYYMM of a contract month (000000 = none). */
  month(col: number, field: string): number {
    const v = this.digits(col, 6, field);
    if (v > 0 && (v % 100 < 1 || v % 100 > 12)) {
      this.fail('InvalidValue', col, 6, field, 'not a CCYYMM month');
      return -1;
    }
    return v;
  }

  /** Reports `TruncatedField` once per line: later fields of a short line are missing too. */
  truncatedAt(col: number, width: number, field: string): void {
    if (this.truncated) {
      this.failed = true;
      this.errorCount++;
      return;
    }
    this.truncated = true;
    this.fail(
      'TruncatedField',
      col,
      width,
      field,
      `line ends at column ${this.length}, inside this field (columns ${col}-${col + width - 1})`,
    );
  }

  fail(tag: RpfErrorTag, col: number, width: number, field: string, problem: string): void {
    this.failed = true;
    this.report(tag, col, field, this.raw(col, width), problem);
  }

  /** An error about this line that is not about one field's bytes (pairing, references). */
  report(tag: RpfErrorTag, col: number, field: string, text: string, problem: string): void {
    this.failed = true;
    this.errorCount++;
    this.reportAt(tag, this.line, col, this.recordType, field, text, problem);
  }

  /** An error about another line (the 81 of a pair, a reference resolved at the end). */
  reportAt(tag: RpfErrorTag, line: number, col: number, recordType: string, field: string, text: string, problem: string): void {
    const sink = this.sink;
    if (sink.errors.length >= sink.maxErrors) return;
    sink.errors.push(rpfError(tag, { file: this.file, line, column: col, recordType }, field, text, problem));
  }

  /**
   * An error found once the lines are read, about a line read earlier: kept even when
   * `maxErrors` are already collected, since it may come before them in file order (the
   * errors are sorted by line, then cut to `maxErrors`).
   */
  reportLate(tag: RpfErrorTag, line: number, col: number, recordType: string, field: string, text: string, problem: string): void {
    this.sink.errors.push(rpfError(tag, { file: this.file, line, column: col, recordType }, field, text, problem));
  }
}

function describeChoices(allowed: string): string {
  return [...allowed].map((c) => (c === ' ' ? 'blank' : `'${c}'`)).join(', ');
}

/**
 * `Buffer#latin1Slice`, the native behind `toString('latin1', …)`: called directly it makes a
 * short string in about half the time (a full-day parse makes ~100,000 series keys). It is
 * not in Node's typings, so its presence is checked once, and `toString` stands in should it
 * ever go.
 */
interface Latin1Slicing {
  latin1Slice(start: number, end: number): string;
}
const hasLatin1Slice = typeof (Buffer.prototype as unknown as Partial<Latin1Slicing>).latin1Slice === 'function';

/** Latin-1 text of `buf[s, e)`: one character per byte, as the format is byte-positional. */
export function latin1(buf: Buffer, s: number, e: number): string {
  return hasLatin1Slice ? (buf as unknown as Latin1Slicing).latin1Slice(s, e) : buf.toString('latin1', s, e);
}
