import { SCENARIOS } from '../model';

/**
 * The 16 PRiME/SPAN scenarios (prime.md, "The 16 scenarios"): the price move as a fraction of
 * the price scan range and the volatility move as a sign (+1 up, −1 down, 0 unchanged).
 * Scenarios 15 and 16 move by the extreme-move multiplier instead of a fraction.
 */
const PRICE_MOVE: readonly number[] = [0, 0, 1 / 3, 1 / 3, -1 / 3, -1 / 3, 2 / 3, 2 / 3, -2 / 3, -2 / 3, 1, 1, -1, -1];
const VOL_MOVE: readonly number[] = [1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1];

/** Value of one unit of a contract at underlying price `u`, `t` years to expiry, volatility `vol`. */
export type Valuation = (u: number, t: number, vol: number) => number;

export interface ScanParameters {
  /** Price scan range in price units of the underlying. */
  readonly priceRange: number;
  /** Absolute volatility shift. */
  readonly volRange: number;
  readonly extremeMultiplier: number;
  readonly coveredFraction: number;
  /** Look-ahead time in years: scenarios are valued that much closer to expiry. */
  readonly lookAhead: number;
}

/**
 * Loss (positive) or gain (negative) of one long contract in each scenario, in currency
 * units: (value now − value in the scenario, a look-ahead later) × contract multiplier; the
 * extreme scenarios at unchanged volatility, × covered fraction. Written into `out` (a scratch
 * array reused across series) and returned.
 */
export function scenarioLosses(
  value: Valuation,
  u0: number,
  t: number,
  vol: number,
  multiplier: number,
  scan: ScanParameters,
  out: Float64Array = new Float64Array(SCENARIOS),
): Float64Array {
  const now = value(u0, t, vol);
  const later = Math.max(t - scan.lookAhead, 0);
  for (let s = 0; s < 14; s++) {
    const u = Math.max(u0 + (PRICE_MOVE[s] as number) * scan.priceRange, 0);
    const v = Math.max(vol + (VOL_MOVE[s] as number) * scan.volRange, 0.001);
    out[s] = (now - value(u, later, v)) * multiplier;
  }
  const extreme = scan.extremeMultiplier * scan.priceRange;
  out[14] = (now - value(Math.max(u0 + extreme, 0), later, vol)) * multiplier * scan.coveredFraction;
  out[15] = (now - value(Math.max(u0 - extreme, 0), later, vol)) * multiplier * scan.coveredFraction;
  return out;
}
