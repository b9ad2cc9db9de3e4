import type { Fixed } from '@marginkit/rpf';

/**
 * The expected-shortfall tail: how many scenarios, and which.
 */

/**
 * k = ceil((1 − CL) × N) computed exactly in decimal. In binary floating point
 * (1 − 0.994) × 1000 is 6.000000000000005 and its ceiling 7; the true k is 6.
 */
export function tailSize(confidence: Fixed, scenarios: number): number {
  const one = 10n ** BigInt(confidence.scale);
  const numerator = (one - BigInt(confidence.units)) * BigInt(scenarios);
  const k = (numerator + one - 1n) / one; // ceiling of a non-negative quotient
  return Number(k);
}

/**
 * The k worst scenarios (lowest P&L), worst first; scenarios with equal P&L in scenario order,
 * so the tail is reproducible. Returns 0-based scenario indices.
 */
export function worstScenarios(pnl: Float64Array, k: number): Int32Array {
  const n = Math.min(k, pnl.length);
  const idx = new Int32Array(n);
  const val = new Float64Array(n);
  let held = 0;
  for (let s = 0; s < pnl.length; s++) {
    const v = pnl[s]!;
    if (held === n) {
      // Ties with the current last do not displace it: it has the lower scenario number.
      if (n === 0 || v >= val[n - 1]!) continue;
      held--;
    }
    let j = held;
    while (j > 0 && val[j - 1]! > v) {
      val[j] = val[j - 1]!;
      idx[j] = idx[j - 1]!;
      j--;
    }
    val[j] = v;
    idx[j] = s;
    held++;
  }
  return idx;
}
