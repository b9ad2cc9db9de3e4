/**
 * Money as exact integer units of 10^−scale held in binary64 numbers, for the client rules on
 * engine sheets. Every + − × of safe integers is exact or visibly leaves the safe range (a true
 * result beyond 2^53 − 1 rounds to at least 2^53), so a caller checks each result with
 * {@link isSafe} and gives up (takes the decimal path) the moment one is not. Units are printed
 * and rounded by risk-engine's `unitsText`, `unitsDecimal` and `roundWholeUnits`.
 */

const MAX = Number.MAX_SAFE_INTEGER;

/** The scales this path takes: 10^k is exact in binary64 and rounding to 10 places is a no-op. */
export const MAX_SCALE = 10;

/** 10^k for 0 ≤ k ≤ 22, exact. */
export const POW10: readonly number[] = Array.from({ length: 23 }, (_, k) => 10 ** k);

export function isSafe(x: number): boolean {
  return x <= MAX && x >= -MAX;
}
