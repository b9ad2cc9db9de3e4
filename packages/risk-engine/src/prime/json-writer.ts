import type { Q } from './exact';
import { halfText, unitsText } from './exact';

/**
 * JSON text written as bytes into one reused buffer and read out as a string once. A calculation
 * sheet is about a thousand small pieces (keys, figures); joined as strings they cost more in
 * allocation, garbage collection and the final flattening than the figures cost to format.
 * Figures are written digit by digit from their exact integer units, so no number is ever
 * rounded or reparsed; constant text (keys and punctuation) is compiled once into 32-bit words.
 *
 * Only ASCII goes into the buffer; a string holding anything else is escaped by JSON.stringify
 * and kept aside as text, so the output is exactly what JSON.stringify would write.
 */

const MAX = Number.MAX_SAFE_INTEGER;
const INT32 = 2 ** 31;
const TWO52 = 2 ** 52;
const POW10: number[] = [];
for (let k = 0; k <= 22; k++) POW10.push(10 ** k); // exact in binary64 up to 10^22
/** 10^−k, rounded: a first guess at a quotient, corrected exactly. */
const INVERSE_POW10 = POW10.map((p) => 1 / p);
/** Scales whose fraction (< 10^scale) is an int32, so its digits come from integer arithmetic. */
const INT_SCALE = 9;
/** "00" … "99" as little-endian byte pairs. */
const PAIRS = new Uint16Array(100);
for (let i = 0; i < 100; i++) PAIRS[i] = (48 + Math.floor(i / 10)) | ((48 + (i % 10)) << 8);
/** "0000" … "9999" as little-endian words, and how many trailing zeros each has. */
const DIGITS4 = new Uint32Array(10000);
const TRAILING_ZEROS4 = new Uint8Array(10000);
for (let i = 0; i < 10000; i++) {
  const d = String(i).padStart(4, '0');
  DIGITS4[i] = d.charCodeAt(0) | (d.charCodeAt(1) << 8) | (d.charCodeAt(2) << 16) | (d.charCodeAt(3) << 24);
  TRAILING_ZEROS4[i] = i === 0 ? 4 : d.length - d.replace(/0+$/, '').length;
}
/** `":"` and a byte past it, as a little-endian word: between a map's key and its value. */
const KEY_END = 0x22 | (0x3a << 8) | (0x22 << 16);
/** Bytes a word write may touch past the text it writes. */
const SLACK = 8;

/**
 * Constant ASCII text as 8-byte words, each held as the float64 whose bytes it is (the last one
 * padded with zeros), so that one store writes eight characters. Printable ASCII is never the
 * byte pattern of a NaN (that needs a byte ≥ 0xF0), the one float64 a store may change; the
 * constructor checks the round trip anyway.
 */
export class Ascii {
  readonly words: Float64Array;
  readonly length: number;
  constructor(readonly text: string) {
    this.length = text.length;
    const bytes = new Uint8Array(Math.ceil(text.length / 8) * 8);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x20 || c > 0x7e) throw new RangeError(`not printable ASCII: ${JSON.stringify(text)}`);
      bytes[i] = c;
    }
    this.words = new Float64Array(bytes.buffer);
    const back = new DataView(new ArrayBuffer(bytes.length));
    this.words.forEach((w, i) => back.setFloat64(i * 8, w, true));
    for (let i = 0; i < bytes.length; i++) {
      if (back.getUint8(i) !== bytes[i]) throw new RangeError(`text does not survive a float64 store: ${JSON.stringify(text)}`);
    }
  }
}

/** Compiles a record of constant texts. */
export function asciiTable<K extends string>(texts: Record<K, string>): Record<K, Ascii> {
  const out = {} as Record<K, Ascii>;
  for (const k of Object.keys(texts) as K[]) out[k] = new Ascii(texts[k]);
  return out;
}

/** Decimal digits of an integer 0 ≤ n ≤ 2^53 − 1, by comparisons (no loop, no division). */
function digitCount(n: number): number {
  if (n < 1e8) {
    if (n < 1e4) return n < 100 ? (n < 10 ? 1 : 2) : n < 1000 ? 3 : 4;
    return n < 1e6 ? (n < 1e5 ? 5 : 6) : n < 1e7 ? 7 : 8;
  }
  if (n < 1e12) return n < 1e10 ? (n < 1e9 ? 9 : 10) : n < 1e11 ? 11 : 12;
  return n < 1e14 ? (n < 1e13 ? 13 : 14) : n < 1e15 ? 15 : 16;
}

/**
 * Writes the low `len` digits of an integer 0 ≤ n ≤ 2^53 − 1, zero-padded, into buf[end − len,
 * end), two at a time.
 */
function fillDigits(buf: Buffer, view: DataView, end: number, len: number, n: number): void {
  let at = end;
  const start = end - len;
  while (n >= INT32 && at - start >= 2) {
    // ⌊n ÷ 100⌋ by a multiplication (a division takes many times longer), off by at most one
    // and made exact by the remainder, which must land in [0, 100). Below 2^52 the product
    // q × 100 stays exact; above, the division is used (exact: its rounding error is below
    // 2^−53 × n / 100 while the quotient's fraction is a multiple of 0.01).
    let q = n < TWO52 ? Math.floor(n * 0.01) : Math.floor(n / 100);
    let r = n - q * 100;
    if (r < 0) {
      q -= 1;
      r += 100;
    } else if (r >= 100) {
      q += 1;
      r -= 100;
    }
    at -= 2;
    view.setUint16(at, PAIRS[r] as number, true);
    n = q;
  }
  let m = n | 0;
  while (at - start >= 2) {
    const q = (m / 100) | 0;
    at -= 2;
    view.setUint16(at, PAIRS[m - q * 100] as number, true);
    m = q;
  }
  if (at > start) buf[start] = 48 + (m % 10);
}

/** The digits of an integer 0 ≤ n ≤ 2^53 − 1 at buf[at…]; returns the position after them. */
function writeDigits(buf: Buffer, view: DataView, at: number, n: number): number {
  if (n < 10000) {
    // Four digits in one store, the leading zeros shifted out (the bytes past them are
    // overwritten by what comes next).
    const len = n < 100 ? (n < 10 ? 1 : 2) : n < 1000 ? 3 : 4;
    view.setUint32(at, (DIGITS4[n] as number) >>> (32 - 8 * len), true);
    return at + len;
  }
  const len = digitCount(n);
  fillDigits(buf, view, at + len, len, n);
  return at + len;
}

/** Room a figure of {@link writeUnits} may take: sign, 16 digits, point, 9 decimals. */
const UNITS_ROOM = 32;

/**
 * A safe integer `units` at `scale` decimals (0 ≤ scale ≤ {@link INT_SCALE}) as `unitsText`
 * writes it — no exponent, no trailing zeros, no negative zero — at buf[at…]; returns the
 * position after it.
 */
function writeUnits(buf: Buffer, view: DataView, at: number, units: number, scale: number): number {
  if (units === 0) {
    buf[at] = 48;
    return at + 1;
  }
  let a = units;
  if (a < 0) {
    a = -a;
    buf[at++] = 0x2d;
  }
  if (scale === 0) return writeDigits(buf, view, at, a);
  // ⌊a ÷ 10^scale⌋ as in fillDigits: a multiplication off by at most one, corrected by the
  // remainder (the division near 2^53).
  const p = POW10[scale] as number;
  let whole = a < TWO52 ? Math.floor(a * (INVERSE_POW10[scale] as number)) : Math.floor(a / p);
  let fraction = a - whole * p;
  if (fraction < 0) {
    whole -= 1;
    fraction += p;
  } else if (fraction >= p) {
    whole += 1;
    fraction -= p;
  }
  at = writeDigits(buf, view, at, whole);
  if (fraction === 0) return at;
  buf[at] = 0x2e;
  if (scale <= 4) {
    // The usual money and delta scales: the fraction as four digits in one store, then as many
    // of them as are not trailing zeros.
    const f4 = fraction * (POW10[4 - scale] as number);
    view.setUint32(at + 1, DIGITS4[f4] as number, true);
    return at + 5 - (TRAILING_ZEROS4[f4] as number);
  }
  // fraction < 10^scale ≤ 10^9: int32 arithmetic.
  let f = fraction | 0;
  let places = scale;
  while (f % 10 === 0) {
    f = (f / 10) | 0;
    places -= 1;
  }
  fillDigits(buf, view, at + 1 + places, places, f);
  return at + 1 + places;
}

export class JsonWriter {
  private buf: Buffer;
  private view: DataView;
  private pos = 0;
  /** Where the room ends: the buffer's length less the slack of a word write. */
  private end: number;
  /** Text already taken out of the buffer (before a string that is not plain ASCII). */
  private before = '';
  /** How many times text was taken out: a mark is good while this has not changed. */
  private moves = 0;

  constructor(size = 1 << 16) {
    this.buf = Buffer.allocUnsafe(size);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.end = size - SLACK;
  }

  /** Makes room for `n` more bytes (and the slack of a word write). */
  private room(n: number): void {
    if (this.pos + n <= this.end) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n + SLACK) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
    this.view = new DataView(grown.buffer, grown.byteOffset, grown.byteLength);
    this.end = size - SLACK;
  }

  /** Constant text (keys, punctuation, literals). */
  put(a: Ascii): void {
    const n = a.length;
    this.room(n);
    const view = this.view;
    const words = a.words;
    let at = this.pos;
    // Whole words, the last one padded: the padding lies past the text and is overwritten next.
    for (let i = 0; i < words.length; i++) {
      view.setFloat64(at, words[i] as number, true);
      at += 8;
    }
    this.pos += n;
  }

  /** One ASCII character. */
  byte(c: number): void {
    this.room(1);
    this.buf[this.pos++] = c;
  }

  /** Text known to be ASCII and to need no escape, not known in advance (rare figures). */
  raw(s: string): void {
    const n = s.length;
    this.room(n);
    const buf = this.buf;
    let at = this.pos;
    for (let i = 0; i < n; i++) buf[at++] = s.charCodeAt(i);
    this.pos = at;
  }

  /** A JSON string literal, escaped exactly as JSON.stringify escapes it. */
  string(s: string): void {
    const n = s.length;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === 0x22 /* " */ || c === 0x5c /* \ */) {
        this.text(JSON.stringify(s));
        return;
      }
    }
    this.room(n + 2);
    const buf = this.buf;
    let at = this.pos;
    buf[at++] = 0x22;
    for (let i = 0; i < n; i++) buf[at++] = s.charCodeAt(i);
    buf[at++] = 0x22;
    this.pos = at;
  }

  /** Text that may hold any character (JSON already): non-ASCII text moves the buffer so far out first. */
  text(s: string): void {
    let ascii = true;
    for (let i = 0; i < s.length && ascii; i++) ascii = s.charCodeAt(i) < 0x80;
    if (ascii) {
      this.raw(s);
      return;
    }
    this.before += this.buf.toString('latin1', 0, this.pos) + s;
    this.pos = 0;
    this.moves += 1;
  }

  /** A JSON number (non-finite numbers are null, as JSON.stringify writes them). */
  number(n: number): void {
    if (!Number.isSafeInteger(n)) {
      this.raw(Number.isFinite(n) ? String(n) : 'null');
      return;
    }
    this.room(UNITS_ROOM);
    this.pos = writeUnits(this.buf, this.view, this.pos, n, 0);
  }

  /**
   * `units` at `scale` decimals as `unitsText` writes it (no exponent, no trailing zeros, no
   * negative zero), without quotes.
   */
  units(units: Q, scale: number): void {
    if (typeof units !== 'number' || scale < 0 || scale > INT_SCALE) this.raw(unitsText(units, scale));
    else {
      this.room(UNITS_ROOM);
      this.pos = writeUnits(this.buf, this.view, this.pos, units, scale);
    }
  }

  /** `units` at `scale` as a JSON string (decimal text needs no escape). */
  unitsString(units: Q, scale: number): void {
    this.byte(0x22);
    this.units(units, scale);
    this.byte(0x22);
  }

  /**
   * `key` (constant text) and then `units` at `scale` as a JSON string: the shape of almost every
   * figure of a sheet, written with one check of the buffer's room.
   */
  field(key: Ascii, units: Q, scale: number): void {
    if (typeof units !== 'number' || scale < 0 || scale > INT_SCALE) {
      this.put(key);
      this.unitsString(units, scale);
      return;
    }
    const n = key.length;
    this.room(n + UNITS_ROOM + 2);
    const buf = this.buf;
    const view = this.view;
    const words = key.words;
    let at = this.pos;
    for (let i = 0; i < words.length; i++) {
      view.setFloat64(at, words[i] as number, true);
      at += 8;
    }
    at = this.pos + n;
    buf[at] = 0x22;
    at = writeUnits(buf, view, at + 1, units, scale);
    buf[at] = 0x22;
    this.pos = at + 1;
  }

  /**
   * `{"key":"value",…}` over the slots that are `present`: keys integers from 0 to 2^53 − 1,
   * values `values[slot]` at `scale` (a side's tier and month maps).
   */
  indexMap(present: readonly boolean[], keys: ArrayLike<number>, values: readonly Q[], scale: number): void {
    const n = present.length;
    this.room(n * (2 * UNITS_ROOM + 6) + 2);
    const buf = this.buf;
    const view = this.view;
    let at = this.pos;
    buf[at++] = 0x7b;
    let first = true;
    for (let slot = 0; slot < n; slot++) {
      if (!present[slot]) continue;
      const q = values[slot] as Q;
      if (typeof q !== 'number' || scale < 0 || scale > INT_SCALE) {
        this.pos = at;
        this.indexMapRest(present, keys, values, scale, slot, first);
        return;
      }
      if (!first) buf[at++] = 0x2c;
      first = false;
      buf[at] = 0x22;
      at = writeDigits(buf, view, at + 1, keys[slot] as number);
      view.setUint32(at, KEY_END, true);
      at = writeUnits(buf, view, at + 3, q, scale);
      buf[at++] = 0x22;
    }
    buf[at++] = 0x7d;
    this.pos = at;
  }

  /** {@link indexMap} from `from` on, once a value took the long way. */
  private indexMapRest(present: readonly boolean[], keys: ArrayLike<number>, values: readonly Q[], scale: number, from: number, first: boolean): void {
    for (let slot = from; slot < present.length; slot++) {
      if (!present[slot]) continue;
      if (!first) this.byte(0x2c);
      first = false;
      this.byte(0x22);
      this.number(keys[slot] as number);
      this.raw('":');
      this.unitsString(values[slot] as Q, scale);
    }
    this.byte(0x7d);
  }

  /** `["…","…",…]`: `values` at `scale` as a JSON array of strings (a side's 16 scenario losses). */
  unitsArray(values: readonly Q[], scale: number): void {
    const n = values.length;
    this.room(n * (UNITS_ROOM + 3) + 2);
    const buf = this.buf;
    const view = this.view;
    let at = this.pos;
    buf[at++] = 0x5b;
    for (let i = 0; i < n; i++) {
      const q = values[i] as Q;
      if (i > 0) buf[at++] = 0x2c;
      if (typeof q !== 'number' || scale < 0 || scale > INT_SCALE) {
        this.pos = at;
        this.unitsString(q, scale);
        this.unitsArrayRest(values, i + 1, scale);
        return;
      }
      buf[at] = 0x22;
      at = writeUnits(buf, view, at + 1, q, scale);
      buf[at++] = 0x22;
    }
    buf[at++] = 0x5d;
    this.pos = at;
  }

  /** {@link unitsArray} from `from` on, once a value took the long way (the buffer may have moved). */
  private unitsArrayRest(values: readonly Q[], from: number, scale: number): void {
    for (let i = from; i < values.length; i++) {
      this.byte(0x2c);
      this.unitsString(values[i] as Q, scale);
    }
    this.byte(0x5d);
  }

  /** {@link field} of half of `doubled` (time, price and volatility risk are kept doubled). */
  halfField(key: Ascii, doubled: Q, scale: number): void {
    if (typeof doubled === 'number' && doubled % 2 === 0) this.field(key, doubled / 2, scale);
    else if (typeof doubled === 'number' && Math.abs(doubled) <= MAX / 5) this.field(key, doubled * 5, scale + 1);
    else {
      this.put(key);
      this.byte(0x22);
      this.raw(halfText(doubled, scale));
      this.byte(0x22);
    }
  }

  /** Where the next byte goes: with {@link copyFrom}, to write the same text twice. */
  get mark(): number {
    return this.pos;
  }

  /** Changes when text written before a {@link mark} leaves the buffer. */
  get epoch(): number {
    return this.moves;
  }

  /**
   * Writes again the bytes written from `start` to `end` (two {@link mark}s taken in `epoch`);
   * false, writing nothing, when that text has left the buffer since.
   */
  copyFrom(start: number, end: number, epoch: number): boolean {
    if (epoch !== this.moves) return false;
    const n = end - start;
    this.room(n);
    this.buf.copyWithin(this.pos, start, end);
    this.pos += n;
    return true;
  }

  /**
   * Hands the text written since the last {@link reset} to `use` as UTF-8 (a view of the buffer
   * while nothing left it: only ASCII is ever written into it), without resetting.
   */
  withBytes<T>(use: (utf8: Uint8Array) => T): T {
    if (this.before === '') return use(this.buf.subarray(0, this.pos));
    return use(Buffer.from(this.before + this.buf.toString('latin1', 0, this.pos), 'utf8'));
  }

  /** The text written since the last {@link reset}, which it also does. */
  finish(): string {
    const tail = this.buf.toString('latin1', 0, this.pos);
    const out = this.before === '' ? tail : this.before + tail;
    this.reset();
    return out;
  }

  reset(): void {
    this.pos = 0;
    this.before = '';
    this.moves += 1;
  }
}
