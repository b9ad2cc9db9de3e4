import type Decimal from 'decimal.js';
import { real, roundWholeUnits as roundWholeQ, unitsText as qUnitsText } from './prime/exact';

/**
 * Money as exact integer units of 10^−scale held in safe-integer numbers: the engine's own
 * representation, given to the packages that compute on its sheets (the client rules) so that
 * they print and round units exactly as the engine does.
 */

const MAX = Number.MAX_SAFE_INTEGER;

/** `units` at `scale` decimals as the contract writes money: no exponent, no trailing zeros, no negative zero. */
export function unitsText(units: number, scale: number): string {
  return qUnitsText(units, scale);
}

/** The value of `units` at `scale` decimals as a `PrimeDecimal`, exact. */
export function unitsDecimal(units: number, scale: number): Decimal {
  return real(units, scale);
}

/**
 * prime.md's rounding to whole units (half-up to 10 places, then to an integer) of `units` at
 * `scale` ≤ 10; NaN when `units` or the result is not a safe integer, so that a caller on a fast
 * path sees it must take the decimal one.
 */
export function roundWholeUnits(units: number, scale: number): number {
  if (!(units <= MAX && units >= -MAX)) return NaN;
  const whole = roundWholeQ(units, scale);
  return typeof whole === 'number' && whole <= MAX && whole >= -MAX ? whole : NaN;
}
