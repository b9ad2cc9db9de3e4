import type Decimal from 'decimal.js';
import { PrimeDecimal } from '../decimal';

/**
 * Exact figures of the engine: integer units of a scale the caller knows (a CC's money scale or
 * delta scale), held as a binary64 `number` while they are safe integers — where every + − × of
 * safe integers is exact or visibly overflows — and as a {@link D40} once they are not (a
 * fraction from a fractional spread, a pro-rata share, a weighted price risk, or a magnitude
 * beyond 2^53 − 1).
 *
 * D40 arithmetic is prime.md's decimal arithmetic: every result is the exact result rounded half
 * away from zero to 40 significant digits — what `PrimeDecimal` (decimal.js, precision 40,
 * ROUND_HALF_UP) computes, since decimal.js rounds + − × ÷ correctly. A power-of-ten scale does
 * not change significant digits, so computing in units gives digit for digit the figures of a
 * decimal implementation in currency units, provided the operations come in the same order.
 */

/** c × 10^e with |c| < 10^40: a decimal of at most 40 significant digits. */
export class D40 {
  constructor(
    readonly c: bigint,
    readonly e: number,
  ) {}
}

export type Q = number | D40;

const MAX = Number.MAX_SAFE_INTEGER;
const BIG_MAX = BigInt(MAX);
const SIGNIFICANT = 40;
const TEN = 10n;
const HIGH = TEN ** BigInt(SIGNIFICANT);
const LOW = HIGH / TEN;

const POW10: number[] = [];
for (let k = 0; k <= 22; k++) POW10.push(10 ** k); // 10^k is exact in binary64 up to k = 22
const POW10_BIG: bigint[] = [];
for (let k = 0; k <= 80; k++) POW10_BIG.push(TEN ** BigInt(k));

function tenTo(k: number): bigint {
  return k < POW10_BIG.length ? (POW10_BIG[k] as bigint) : TEN ** BigInt(k);
}

/** Decimal digits of |a| (1 for 0): a binary search of the powers of ten, not a decimal text. */
function digitCount(a: bigint): number {
  const m = a < 0n ? -a : a;
  const top = POW10_BIG.length - 1;
  if (m >= (POW10_BIG[top] as bigint)) return m.toString().length;
  // The smallest d with |a| < 10^d.
  let lo = 1;
  let hi = top;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (m < (POW10_BIG[mid] as bigint)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Half away from zero: round(a ÷ 10^k) for k ≥ 1. */
function roundDivBig(a: bigint, k: number): bigint {
  const p = tenTo(k);
  const m = a < 0n ? -a : a;
  const q = (m + p / 2n) / p;
  return a < 0n ? -q : q;
}

/**
 * The Q of c × 10^e after rounding c to 40 significant digits: a number when the value is a
 * safe integer, else a D40 (trailing zeros of c are allowed: no operation depends on them).
 */
function make(c: bigint, e: number): Q {
  if (c === 0n) return 0;
  if (c >= HIGH || c <= -HIGH) {
    const k = digitCount(c) - SIGNIFICANT;
    c = roundDivBig(c, k);
    e += k;
    if (c === HIGH || c === -HIGH) {
      c /= TEN;
      e += 1;
    }
  }
  if (e < 0) {
    // An integer written with decimals (5000 × 10^−3) goes back to the number path.
    const p = tenTo(-e);
    if (c % p !== 0n) return new D40(c, e);
    c /= p;
    e = 0;
  }
  if (e <= 22) {
    const v = e === 0 ? c : c * tenTo(e);
    if (v <= BIG_MAX && v >= -BIG_MAX) return Number(v);
  }
  return new D40(c, e);
}

function big(q: Q): D40 {
  if (typeof q !== 'number') return q;
  return new D40(BigInt(q), 0);
}

/** Coefficients of a and b at their common (smaller) exponent. */
function aligned(a: D40, b: D40): [bigint, bigint, number] {
  if (a.e === b.e) return [a.c, b.c, a.e];
  return a.e < b.e ? [a.c, b.c * tenTo(b.e - a.e), a.e] : [a.c * tenTo(a.e - b.e), b.c, b.e];
}

export function add(a: Q, b: Q): Q {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    // Exact when |true sum| ≤ 2^53 − 1; a larger true sum rounds to ≥ 2^53 and fails the test.
    if (r <= MAX && r >= -MAX) return r;
  }
  const [x, y, e] = aligned(big(a), big(b));
  return make(x + y, e);
}

export function sub(a: Q, b: Q): Q {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (r <= MAX && r >= -MAX) return r === 0 ? 0 : r;
  }
  const [x, y, e] = aligned(big(a), big(b));
  return make(x - y, e);
}

export function mul(a: Q, b: Q): Q {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (r <= MAX && r >= -MAX) return r === 0 ? 0 : r;
  }
  const x = big(a);
  const y = big(b);
  return make(x.c * y.c, x.e + y.e);
}

/** ⌊a ÷ b⌉ to 40 significant digits, as coefficient and exponent. */
function quotient(num: bigint, den: bigint): [bigint, number] {
  if (den === 0n) throw new RangeError('division by zero');
  if (num === 0n) return [0n, 0];
  const negative = num < 0n !== den < 0n;
  const a = num < 0n ? -num : num;
  const b = den < 0n ? -den : den;
  // q = ⌊a × 10^k ÷ b⌋ with exactly 40 digits, then rounded on the remainder.
  let k = SIGNIFICANT - (digitCount(a) - digitCount(b));
  let q = 0n;
  let r = 0n;
  let d = b;
  for (;;) {
    const n = k >= 0 ? a * tenTo(k) : a;
    d = k >= 0 ? b : b * tenTo(-k);
    q = n / d;
    r = n % d;
    if (q >= HIGH) k -= 1;
    else if (q < LOW) k += 1;
    else break;
  }
  if (2n * r >= d) {
    q += 1n;
    if (q === HIGH) {
      q = LOW;
      k -= 1;
    }
  }
  return [negative ? -q : q, -k];
}

/** a ÷ b: an integer when it divides exactly, else 40 significant digits. */
export function div(a: Q, b: Q): Q {
  if (typeof a === 'number' && typeof b === 'number' && b !== 0 && a % b === 0) {
    const r = a / b;
    return r === 0 ? 0 : r;
  }
  const x = big(a);
  const y = big(b);
  const [c, e] = quotient(x.c, y.c);
  return make(c, e + x.e - y.e);
}

export function neg(a: Q): Q {
  return typeof a === 'number' ? (a === 0 ? 0 : -a) : new D40(-a.c, a.e);
}

export function abs(a: Q): Q {
  return typeof a === 'number' ? Math.abs(a) : a.c < 0n ? new D40(-a.c, a.e) : a;
}

export function sign(a: Q): number {
  return typeof a === 'number' ? Math.sign(a) : a.c < 0n ? -1 : 1;
}

export function cmp(a: Q, b: Q): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const [x, y] = aligned(big(a), big(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

export function max(a: Q, b: Q): Q {
  return cmp(b, a) > 0 ? b : a;
}

export function isZero(a: Q): boolean {
  return a === 0;
}

/** 10^k as an exact factor (k ≥ 0). */
export function pow10(k: number): Q {
  if (k < 0) throw new RangeError(`pow10: negative exponent ${k}`);
  return k < POW10.length ? (POW10[k] as number) : new D40(1n, k);
}

/** q × 10^k (k may be negative): exact, only the exponent moves. */
export function shift(q: Q, k: number): Q {
  if (k === 0) return q;
  if (typeof q === 'number') {
    if (k > 0) return mul(q, pow10(k));
    const p = -k < POW10.length ? (POW10[-k] as number) : 0;
    if (p !== 0 && q % p === 0) return q / p;
  }
  const x = big(q);
  return make(x.c, x.e + k);
}

/** Integer units at `scale` decimals (scale ≥ 0) from the units of a Fixed. */
export function fromUnits(units: number, scale: number): Q {
  return shift(units, -scale);
}

/**
 * `units` at `scale` decimals as decimal text: no exponent, no trailing zeros, no negative zero.
 */
export function unitsText(units: Q, scale: number): string {
  if (units === 0) return '0';
  let negative: boolean;
  let digits: string;
  let places: number;
  if (typeof units === 'number') {
    if (scale === 0) return String(units);
    if (scale < 0) return String(units) + '0'.repeat(-scale);
    if (scale <= FRACTION_SCALE) return numberText(units, scale);
    negative = units < 0;
    digits = String(Math.abs(units));
    places = scale;
  } else {
    negative = units.c < 0n;
    digits = (negative ? -units.c : units.c).toString();
    places = scale - units.e;
    if (places <= 0) return (negative ? '-' : '') + digits + '0'.repeat(-places);
  }
  const padded = digits.padStart(places + 1, '0');
  const cut = padded.length - places;
  let end = padded.length;
  while (end > cut && padded.charCodeAt(end - 1) === 48 /* 0 */) end--;
  const text = end === cut ? padded.slice(0, cut) : `${padded.slice(0, cut)}.${padded.slice(cut, end)}`;
  return negative ? `-${text}` : text;
}

/** Scales up to which a fraction of 10^−scale units is an int32 (its digits by integer arithmetic). */
const FRACTION_SCALE = 9;
const ZEROS: string[] = [];
for (let k = 0; k <= FRACTION_SCALE; k++) ZEROS.push('0'.repeat(k));

/**
 * {@link unitsText} of a non-zero safe integer at 0 < scale ≤ {@link FRACTION_SCALE}, by
 * arithmetic on the whole part and the fraction rather than on characters (most figures).
 */
function numberText(units: number, scale: number): string {
  const a = units < 0 ? -units : units;
  const p = POW10[scale] as number;
  // Exact: the true quotient's fraction is a multiple of 1/p, and the division's rounding error
  // is below 2^−53 × a / p < 1/p, so it cannot carry the floor past an integer.
  const whole = Math.floor(a / p);
  let fraction = a - whole * p;
  if (fraction === 0) return units < 0 ? `-${whole}` : String(whole);
  let places = scale;
  while (fraction % 10 === 0) {
    fraction /= 10;
    places -= 1;
  }
  const digits = String(fraction);
  const text = `${whole}.${ZEROS[places - digits.length] as string}${digits}`;
  return units < 0 ? `-${text}` : text;
}

/** An exact integer as a Q (rounded to 40 significant digits beyond that, as decimal arithmetic). */
export function fromBigInt(b: bigint): Q {
  return make(b, 0);
}

/** Half of `units` at `scale`, as text (time, price and volatility risk are kept doubled). */
export function halfText(doubled: Q, scale: number): string {
  return unitsText(mul(doubled, 5), scale + 1);
}

/** The value of `units` at `scale` decimals as a {@link PrimeDecimal} (exact: from its text). */
export function real(units: Q, scale: number): Decimal {
  if (typeof units === 'number' && (scale === 0 || units === 0)) return new PrimeDecimal(units);
  return new PrimeDecimal(unitsText(units, scale));
}

/** num ÷ den × 10^−scale to 40 significant digits, as decimal text. */
export function quotientText(num: bigint, den: bigint, scale: number): string {
  const [c, e] = quotient(num, den);
  return unitsText(make(c, e), scale);
}

/**
 * prime.md's two-step rounding of `units` at `scale` decimals to whole currency units: half-up to
 * 10 decimal places, then half-up to an integer (half-up = away from zero). Returns whole units.
 */
export function roundWholeUnits(units: Q, scale: number): Q {
  let c: bigint;
  let places: number;
  if (typeof units === 'number') {
    if (scale <= 0) return shift(units, -scale);
    if (scale <= 10 && scale < POW10.length) {
      const p = POW10[scale] as number;
      const a = Math.abs(units) + p / 2;
      if (a <= MAX) {
        let q = Math.floor(a / p);
        // Float division may land one off for large quotients; correct with exact products.
        const r = a - q * p;
        if (r < 0) q -= 1;
        else if (r >= p) q += 1;
        return units < 0 ? (q === 0 ? 0 : -q) : q;
      }
    }
    c = BigInt(units);
    places = scale;
  } else {
    c = units.c;
    places = scale - units.e;
  }
  if (places <= 0) return make(c * tenTo(-places), 0);
  if (places > 10) {
    c = roundDivBig(c, places - 10);
    places = 10;
  }
  return make(roundDivBig(c, places), 0);
}
