import type Decimal from 'decimal.js';
import { formatFixed } from '@marginkit/rpf';
import { PrimeDecimal, decimalText, roundWhole } from '../decimal';

/**
 * Exact figures of the fast path: integer units of a scale the caller knows (a CC's money scale
 * or delta scale), held as a binary64 `number` while it is a safe integer — where every + − ×
 * of safe integers is exact or visibly overflows — and as a {@link PrimeDecimal} once it is not
 * (a fraction from a fractional spread, a pro-rata share, or a magnitude beyond 2^53 − 1).
 *
 * Because a Decimal result is rounded to 40 significant digits and a power-of-ten scale does not
 * change significant digits, computing in units gives digit for digit the figures that a decimal
 * implementation in currency units gives, provided the operations come in the same order.
 */
export type Q = number | Decimal;

const MAX = Number.MAX_SAFE_INTEGER;

/** The value as a Decimal (same units). */
export function dec(q: Q): Decimal {
  return typeof q === 'number' ? new PrimeDecimal(q) : q;
}

/** Back to a number when the Decimal is a safe integer, so later steps stay on the fast path. */
function settle(d: Decimal): Q {
  if (d.isInteger() && d.abs().lte(MAX)) {
    const n = d.toNumber();
    return n === 0 ? 0 : n;
  }
  return d;
}

export function add(a: Q, b: Q): Q {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    // Exact when |true sum| ≤ 2^53 − 1; a larger true sum rounds to ≥ 2^53 and fails the test.
    if (r <= MAX && r >= -MAX) return r;
  }
  return settle(dec(a).plus(dec(b)));
}

export function sub(a: Q, b: Q): Q {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (r <= MAX && r >= -MAX) return r === 0 ? 0 : r;
  }
  return settle(dec(a).minus(dec(b)));
}

export function mul(a: Q, b: Q): Q {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (r <= MAX && r >= -MAX) return r === 0 ? 0 : r;
  }
  return settle(dec(a).times(dec(b)));
}

/** a ÷ b: an integer when it divides exactly, else a 40-digit Decimal. */
export function div(a: Q, b: Q): Q {
  if (typeof a === 'number' && typeof b === 'number' && b !== 0) {
    if (a % b === 0) {
      const r = a / b;
      return r === 0 ? 0 : r;
    }
    // Same digits as Decimal division (both correctly rounded), far cheaper on integers.
    return new PrimeDecimal(quotientText(BigInt(a), BigInt(b), 0));
  }
  return settle(dec(a).div(dec(b)));
}

export function neg(a: Q): Q {
  return typeof a === 'number' ? (a === 0 ? 0 : -a) : settle(a.neg());
}

export function abs(a: Q): Q {
  return typeof a === 'number' ? Math.abs(a) : a.abs();
}

export function sign(a: Q): number {
  return typeof a === 'number' ? Math.sign(a) : a.isZero() ? 0 : a.isNeg() ? -1 : 1;
}

export function cmp(a: Q, b: Q): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  return dec(a).cmp(dec(b));
}

export function max(a: Q, b: Q): Q {
  return cmp(b, a) > 0 ? b : a;
}

export function isZero(a: Q): boolean {
  return typeof a === 'number' ? a === 0 : a.isZero();
}

const POW10: number[] = [];
for (let k = 0; k <= 22; k++) POW10.push(10 ** k); // 10^k is exact in binary64 up to k = 22
const POW10_DEC: Decimal[] = [];
for (let k = 0; k <= 60; k++) POW10_DEC.push(new PrimeDecimal(10).pow(k));

/** 10^k as an exact factor (k ≥ 0). */
export function pow10(k: number): Q {
  if (k < 0) throw new RangeError(`pow10: negative exponent ${k}`);
  return k < POW10.length ? (POW10[k] as number) : pow10Dec(k);
}

function pow10Dec(k: number): Decimal {
  return k < POW10_DEC.length ? (POW10_DEC[k] as Decimal) : new PrimeDecimal(10).pow(k);
}

/** q × 10^k for k ≥ 0, exact. */
export function shift(q: Q, k: number): Q {
  return k === 0 ? q : mul(q, pow10(k));
}

/** The value of `units` at `scale` decimals as a Decimal in whole units (units ÷ 10^scale). */
export function real(units: Q, scale: number): Decimal {
  if (typeof units === 'number') {
    if (units === 0) return new PrimeDecimal(0);
    if (scale === 0) return new PrimeDecimal(units);
  }
  const d = dec(units);
  // A division by a power of ten only moves the exponent: exact at any precision.
  return scale >= 0 ? d.div(pow10Dec(scale)) : d.times(pow10Dec(-scale));
}

/** Decimal in whole units → units at `scale` (exact: a power-of-ten shift). */
export function toUnits(x: Decimal, scale: number): Q {
  return settle(scale >= 0 ? x.times(pow10Dec(scale)) : x.div(pow10Dec(-scale)));
}

/** Half-up (away from zero) integer division of a safe integer by 10^k, or undefined if unsafe. */
function roundDivPow10(u: number, k: number): number | undefined {
  if (k === 0) return u;
  if (k >= POW10.length) return undefined;
  const p = POW10[k] as number;
  const a = Math.abs(u) + p / 2;
  if (a > MAX) return undefined;
  let q = Math.floor(a / p);
  // Float division may land one off for large quotients; correct with exact integer products.
  const r = a - q * p;
  if (r < 0) q -= 1;
  else if (r >= p) q += 1;
  return u < 0 ? (q === 0 ? 0 : -q) : q;
}

/**
 * prime.md's two-step rounding of `units` at `scale` decimals to whole currency units: half-up to
 * 10 decimal places, then half-up to an integer. Returns whole units.
 */
export function roundWholeUnits(units: Q, scale: number): Q {
  if (typeof units === 'number') {
    if (scale <= 0) return shift(units, -scale);
    if (scale <= 10) {
      const r = roundDivPow10(units, scale);
      if (r !== undefined) return r;
    } else {
      const ten = roundDivPow10(units, scale - 10);
      const r = ten === undefined ? undefined : roundDivPow10(ten, 10);
      if (r !== undefined) return r;
    }
  }
  return settle(roundWhole(real(units, scale)));
}

/**
 * `units` at `scale` decimals as the JSON's decimal text (no exponent, no trailing zeros), without
 * building a Decimal for the common case of a safe integer.
 */
export function unitsText(units: Q, scale: number): string {
  if (typeof units !== 'number') return decimalText(real(units, scale));
  if (units === 0) return '0';
  if (scale > 0 && scale < POW10.length) {
    // Whole units (most figures): an exact integer division, no padding or trimming.
    const p = POW10[scale] as number;
    if (units % p === 0) return String(units / p);
  }
  const fixed = formatFixed(units, scale);
  if (scale <= 0) return fixed;
  let end = fixed.length;
  while (fixed.charCodeAt(end - 1) === 48 /* 0 */) end--;
  if (fixed.charCodeAt(end - 1) === 46 /* . */) end--;
  return fixed.slice(0, end);
}

/** Half of `units` at `scale`, as text (time, price and volatility risk are kept doubled). */
export function halfText(doubled: Q, scale: number): string {
  return unitsText(mul(doubled, 5), scale + 1);
}

const SIGNIFICANT = 40;
const TEN = 10n;
const LOW = TEN ** BigInt(SIGNIFICANT - 1);
const HIGH = TEN ** BigInt(SIGNIFICANT);

/**
 * num ÷ den × 10^−scale rounded half-up to 40 significant digits, as decimal text — digit for
 * digit what `PrimeDecimal` division gives (both are correctly rounded), for a fraction of its
 * cost on integer operands.
 */
export function quotientText(num: bigint, den: bigint, scale: number): string {
  if (den === 0n) throw new RangeError('quotientText: division by zero');
  if (num === 0n) return '0';
  const negative = num < 0n !== den < 0n;
  const a = num < 0n ? -num : num;
  const b = den < 0n ? -den : den;
  // q = ⌊a × 10^k ÷ b⌋ with exactly 40 digits.
  let k = SIGNIFICANT - (a.toString().length - b.toString().length);
  let q = 0n;
  let r = 0n;
  let d = b;
  for (;;) {
    const n = k >= 0 ? a * TEN ** BigInt(k) : a;
    d = k >= 0 ? b : b * TEN ** BigInt(-k);
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
  // value = q × 10^−(k + scale)
  const digits = q.toString();
  const places = k + scale;
  let text: string;
  if (places <= 0) text = digits + '0'.repeat(-places);
  else {
    const padded = digits.padStart(places + 1, '0');
    const cut = padded.length - places;
    let end = padded.length;
    while (end > cut && padded.charCodeAt(end - 1) === 48) end--;
    text = end === cut ? padded.slice(0, cut) : `${padded.slice(0, cut)}.${padded.slice(cut, end)}`;
  }
  return negative ? `-${text}` : text;
}
