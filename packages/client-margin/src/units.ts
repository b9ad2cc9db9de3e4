import type Decimal from 'decimal.js';
import { PrimeDecimal } from '@marginkit/risk-engine';

/**
 * Money as exact integer units of 10^−scale held in binary64 numbers, for the client rules on
 * engine sheets. Every + − × of safe integers is exact or visibly leaves the safe range (a true
 * result beyond 2^53 − 1 rounds to at least 2^53), so a caller checks each result with
 * {@link isSafe} and gives up (takes the decimal path) the moment one is not.
 */

const MAX = Number.MAX_SAFE_INTEGER;

/** The scales this path takes: 10^k is exact in binary64 and rounding to 10 places is a no-op. */
export const MAX_SCALE = 10;

/** 10^k for 0 ≤ k ≤ 22, exact. */
export const POW10: readonly number[] = Array.from({ length: 23 }, (_, k) => 10 ** k);

export function isSafe(x: number): boolean {
  return x <= MAX && x >= -MAX;
}

/**
 * prime.md's rounding to whole units of `units` ≥ 0 at `scale` ≤ {@link MAX_SCALE}: half-up to 10
 * places is a no-op at that scale, leaving half-up to an integer. NaN when `units` or the carry
 * is past the safe range.
 */
export function roundWholeUnits(units: number, scale: number): number {
  if (!isSafe(units)) return NaN;
  if (scale === 0) return units;
  const p = POW10[scale] as number;
  const a = units + p / 2;
  if (a > MAX) return NaN;
  // a − a mod p is an exact multiple of p (fmod is exact), so the division is exact too.
  return (a - (a % p)) / p;
}

/**
 * `units` at `scale` as the contract's JSON writes money (risk-engine's `decimalText`): plain
 * digits, no exponent, no trailing zeros, no negative zero.
 */
export function unitsText(units: number, scale: number): string {
  if (units === 0) return '0';
  if (scale === 0) return String(units);
  const negative = units < 0;
  const magnitude = negative ? -units : units;
  // Whole part and fraction by exact integer arithmetic (fmod is exact), then the fraction's
  // trailing zeros dropped as digits rather than characters.
  const p = POW10[scale] as number;
  let fraction = magnitude % p;
  const whole = (magnitude - fraction) / p;
  let text: string;
  if (fraction === 0) text = String(whole);
  else {
    let places = scale;
    while (fraction % 10 === 0) {
      fraction /= 10;
      places--;
    }
    const digits = String(fraction);
    text = `${whole}.${digits.length === places ? digits : '0'.repeat(places - digits.length) + digits}`;
  }
  return negative ? `-${text}` : text;
}

/** The value as a {@link PrimeDecimal}, exact (through its decimal text, never a fraction). */
export function unitsDecimal(units: number, scale: number): Decimal {
  if (units === 0) return new PrimeDecimal(0);
  return new PrimeDecimal(scale === 0 ? units : unitsText(units, scale));
}
