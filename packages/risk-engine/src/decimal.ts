import Decimal from 'decimal.js';

/**
 * The one decimal configuration of marginkit money (prime.md: at least 34 significant digits,
 * half-up). Every package that computes with margin figures uses this clone, so that two
 * figures computed in different packages compare and round alike.
 */
export const PrimeDecimal = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/** An instance of {@link PrimeDecimal} (decimal.js instances share one type). */
export type Money = Decimal;

/**
 * prime.md's rounding to whole units: half-up to 10 decimal places, then half-up to an integer,
 * so that finite-precision and exact implementations agree even when a result lands on .5.
 * (Half-up is away from zero, as decimal.js ROUND_HALF_UP.)
 */
export function roundWhole(x: Decimal): Decimal {
  return x
    .toDecimalPlaces(10, PrimeDecimal.ROUND_HALF_UP)
    .toDecimalPlaces(0, PrimeDecimal.ROUND_HALF_UP);
}

/**
 * A decimal as the contract's JSON writes money: plain digits, no exponent, no trailing zeros,
 * no negative zero.
 */
export function decimalText(x: Decimal): string {
  if (x.isZero()) return '0';
  // decimal.js keeps no trailing fraction zeros, so toFixed() without digits is exact and minimal.
  return x.toFixed();
}
