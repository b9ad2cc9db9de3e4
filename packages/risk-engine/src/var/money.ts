import type { Fixed } from '@marginkit/rpf';
import { formatFixed } from '@marginkit/rpf';
import type { Money } from '../decimal';
import { PrimeDecimal } from '../decimal';

/** An exact decimal of the file or the positions as a {@link PrimeDecimal}. */
export function money(f: Fixed): Money {
  return new PrimeDecimal(formatFixed(f.units, f.scale));
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
