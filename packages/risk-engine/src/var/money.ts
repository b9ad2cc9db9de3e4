import type { Fixed } from '@marginkit/rpf';
import { formatFixed } from '@marginkit/rpf';
import type { Money } from '../decimal';
import { PrimeDecimal } from '../decimal';

const cache = new WeakMap<Fixed, Money>();

/**
 * An exact decimal of the file or the positions as a {@link PrimeDecimal}. Memoised per Fixed
 * object: the RPF01 records are shared by every participant margined against the file, and a
 * decimal.js value is costly to build from text.
 */
export function money(f: Fixed): Money {
  let m = cache.get(f);
  if (m === undefined) {
    m = new PrimeDecimal(formatFixed(f.units, f.scale));
    cache.set(f, m);
  }
  return m;
}

export const ZERO: Money = new PrimeDecimal(0);

/** x rounded UP (towards +∞) to a multiple of `unit` (var-platform.md step 7). */
export function roundUpTo(x: Money, unit: Money): Money {
  return x.div(unit).ceil().times(unit);
}

export function maxOf(...xs: Money[]): Money {
  return PrimeDecimal.max(...xs);
}

export function minOf(...xs: Money[]): Money {
  return PrimeDecimal.min(...xs);
}
