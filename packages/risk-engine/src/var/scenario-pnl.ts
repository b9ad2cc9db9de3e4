import type { ScenarioReturns } from '@marginkit/rpf';
import { RPF01_RETURN_SCALE } from '@marginkit/rpf';

/**
 * Scenario P&L of a sub-portfolio, P&L(s) = Σ_i round(MV_i × r(i,s)), each term rounded in two
 * steps (to 10 decimal places, then to a whole dollar, half away from zero).
 *
 * MV × r does not fit integers: MV in cents times a return in 10^-10 overflows 2^53. So each
 * term is first taken as a float64 product, which is within a relative 2^-52 of the exact one;
 * when that product lies further from a rounding boundary (x.5) than its error bound plus the
 * 10^-10 band where the first rounding step can move it, the float product rounds to the same
 * whole dollar as the exact product. Only the rare products closer than that are recomputed
 * exactly with BigInt. (test/var/scenario-pnl.test.ts proves both paths agree.)
 */

/** |float product − exact product| ≤ |product| × 2^-52 (two roundings); 2^-50 leaves a margin. */
const RELATIVE_ERROR = 2 ** -50;
/** Exact values within 0.5 × 10^-10 of x.5 may round differently in two steps than in one. */
const TWO_STEP_BAND = 1e-10;

const RETURN_SCALE = RPF01_RETURN_SCALE;
/** 10^0 … 10^22 are exact in binary64, so one division by them is correctly rounded. */
const MAX_EXACT_POW10 = 22;

/** One position's market value, ready for the hot loop. */
export interface PnlLeg {
  /** MV = mvUnits × 10^-mvScale (exact). */
  readonly mvUnits: number;
  readonly mvScale: number;
  /** MV × 10^-RETURN_SCALE as the nearest float64 (NaN: always take the exact path). */
  readonly mvPerReturnUnit: number;
}

export function pnlLeg(mvUnits: number, mvScale: number): PnlLeg {
  const scale = mvScale + RETURN_SCALE;
  const mvPerReturnUnit = Number.isSafeInteger(mvUnits) && scale <= MAX_EXACT_POW10 ? mvUnits / 10 ** scale : NaN;
  return { mvUnits, mvScale, mvPerReturnUnit };
}

/** n ÷ d rounded half away from zero (d > 0). */
function divideHalfAway(n: bigint, d: bigint): bigint {
  const q = n / d; // truncates towards zero
  const r = n - q * d;
  const twice = 2n * (r < 0n ? -r : r);
  return twice >= d ? q + (n < 0n ? -1n : 1n) : q;
}

/** units × 10^-scale rounded to a whole number in two steps (10 decimal places, then 0), half away from zero. */
export function roundTwoStep(units: bigint, scale: number): bigint {
  const tenths = scale > 10 ? divideHalfAway(units, 10n ** BigInt(scale - 10)) : units * 10n ** BigInt(10 - scale);
  return divideHalfAway(tenths, 10n ** 10n);
}

/** round(MV × r) computed exactly, r = rUnits × 10^-RETURN_SCALE. */
export function roundedProductExact(leg: PnlLeg, rUnits: number): number {
  const n = Number(roundTwoStep(BigInt(leg.mvUnits) * BigInt(rUnits), leg.mvScale + RETURN_SCALE));
  return n === 0 ? 0 : n;
}

/**
 * Adding and subtracting 1.5 × 2^52 rounds any |q| ≤ 2^51 to its nearest integer (ties to even)
 * in two float additions, where Math.round costs a call. For larger |q| the result is not the
 * nearest integer, but such a q never passes the boundary test (its tolerance exceeds 2), so it
 * goes the exact way. The result is never −0.
 */
const ROUNDING_BIAS = 6_755_399_441_055_744;

/**
 * The whole number nearest q when q lies farther than `tolerance` from every x.5, else NaN.
 * q − k is exact (Sterbenz), so 0.5 − |q − k| is q's distance to the nearest x.5 up to one
 * rounding, which the margin in RELATIVE_ERROR absorbs. A NaN q or tolerance fails the test too.
 */
function nearestIfClear(q: number, tolerance: number): number {
  const k = q + ROUNDING_BIAS - ROUNDING_BIAS;
  return 0.5 - Math.abs(q - k) > tolerance ? k : NaN;
}

/**
 * round(MV × r) from the float64 product, or NaN when the product lies too close to a rounding
 * boundary for the float to decide.
 */
export function roundedProductFast(leg: PnlLeg, rUnits: number): number {
  const q = leg.mvPerReturnUnit * rUnits;
  return nearestIfClear(q, Math.abs(q) * RELATIVE_ERROR + TWO_STEP_BAND);
}

/** round(MV × r): the float64 product when it provably rounds like the exact one, else exact. */
export function roundedProduct(leg: PnlLeg, rUnits: number): number {
  const t = roundedProductFast(leg, rUnits);
  return t === t ? t : roundedProductExact(leg, rUnits);
}

/**
 * One tolerance for a whole row, from its largest |return|: at least |q| × RELATIVE_ERROR for
 * every scenario of the row (up to a relative 2^-52, which RELATIVE_ERROR's factor 4 covers), so
 * the hot loops below compare against a constant.
 */
function rowTolerance(leg: PnlLeg, returns: ScenarioReturns, row: number): number {
  return Math.abs(leg.mvPerReturnUnit) * (returns.maxAbsUnits[row] ?? Infinity) * RELATIVE_ERROR + TWO_STEP_BAND;
}

/** Adds one position's rounded P&L to `pnl` for every scenario of its row. */
export function addPositionPnl(pnl: Float64Array, leg: PnlLeg, returns: ScenarioReturns, row: number): void {
  const units = returns.units;
  const count = returns.count;
  const base = row * count;
  const m = leg.mvPerReturnUnit;
  const tolerance = rowTolerance(leg, returns, row);
  for (let s = 0; s < count; s++) {
    const r = units[base + s]!;
    const q = m * r;
    const k = q + ROUNDING_BIAS - ROUNDING_BIAS; // nearestIfClear, inlined by hand
    pnl[s] = pnl[s]! + (0.5 - Math.abs(q - k) > tolerance ? k : roundedProductExact(leg, r));
  }
}

/**
 * Adds the rounded P&L of all `legs` to `pnl`, two positions per pass over the scenarios: the
 * P&L vector is loaded and stored half as often, which is most of this loop's cost. Each term
 * is still rounded on its own (nearestIfClear, inlined by hand), and the sum of two whole numbers
 * below 2^53 is exact.
 */
export function addPositionsPnl(pnl: Float64Array, legs: readonly { readonly leg: PnlLeg; readonly row: number }[], returns: ScenarioReturns): void {
  const units = returns.units;
  const count = returns.count;
  let i = 0;
  for (; i + 1 < legs.length; i += 2) {
    const a = legs[i]!;
    const b = legs[i + 1]!;
    const baseA = a.row * count;
    const baseB = b.row * count;
    const mA = a.leg.mvPerReturnUnit;
    const mB = b.leg.mvPerReturnUnit;
    const tA = rowTolerance(a.leg, returns, a.row);
    const tB = rowTolerance(b.leg, returns, b.row);
    for (let s = 0; s < count; s++) {
      const rA = units[baseA + s]!;
      const rB = units[baseB + s]!;
      const qA = mA * rA;
      const qB = mB * rB;
      const kA = qA + ROUNDING_BIAS - ROUNDING_BIAS;
      const kB = qB + ROUNDING_BIAS - ROUNDING_BIAS;
      const clearA = 0.5 - Math.abs(qA - kA) > tA;
      const clearB = 0.5 - Math.abs(qB - kB) > tB;
      pnl[s] = pnl[s]! + (clearA && clearB ? kA + kB : (clearA ? kA : roundedProductExact(a.leg, rA)) + (clearB ? kB : roundedProductExact(b.leg, rB)));
    }
  }
  const last = legs[i];
  if (last !== undefined) addPositionPnl(pnl, last.leg, returns, last.row);
}

/**
 * An upper bound of |P&L| in any scenario for these legs; the float64 sums of integer terms are
 * exact while it stays ≤ 2^53.
 */
export function pnlBound(legs: readonly { readonly leg: PnlLeg; readonly maxAbsUnits: number }[]): number {
  let bound = 0;
  for (const { leg, maxAbsUnits } of legs) {
    bound += (Math.abs(leg.mvUnits) / 10 ** leg.mvScale) * (maxAbsUnits / 10 ** RETURN_SCALE) * (1 + 2 ** -40) + 1;
  }
  return bound;
}
