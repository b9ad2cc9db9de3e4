import Decimal from 'decimal.js';

/**
 * The exact decimal of the client rules: 40 significant digits, half-up. A product of a whole
 * risk margin and a multiplier such as 1.33 is exact at this precision, so nothing is rounded
 * before the one rounding the methodology asks for (the total).
 */
export const ClientDecimal = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type ClientDecimal = Decimal;

/**
 * Half-up to whole currency units, in prime.md's two steps (first to 10 decimal places, then
 * to an integer) so that a finite-precision and an exact implementation agree on a .5.
 */
export function roundWholeHalfUp(x: Decimal): Decimal {
  const whole = x.toDecimalPlaces(10, Decimal.ROUND_HALF_UP).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  // decimal.js keeps a sign on zero (-0.2 rounds to -0); money is never "-0".
  return whole.isZero() ? new ClientDecimal(0) : whole;
}
