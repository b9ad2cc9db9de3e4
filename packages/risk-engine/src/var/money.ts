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

/**
 * An exact running sum of decimals (and of quantity × decimal), in integer units of the widest
 * scale seen: plain numbers while they stay safe integers, BigInt beyond. Building a decimal.js
 * value per position costs more than the position's whole scenario P&L; this does not.
 */
export class ExactSum {
  private units = 0;
  private scale = 0;
  private big: bigint | undefined;

  add(f: Fixed): this {
    return this.addUnits(f.units, f.scale);
  }

  /** Adds n × f. */
  addTimes(n: number, f: Fixed): this {
    const p = n * f.units;
    return Number.isSafeInteger(p) ? this.addUnits(p, f.scale) : this.addBig(BigInt(n) * BigInt(f.units), f.scale);
  }

  value(): Money {
    return new PrimeDecimal(this.big === undefined ? formatFixed(this.units, this.scale) : `${this.big}e-${this.scale}`);
  }

  private addUnits(units: number, scale: number): this {
    if (this.big === undefined && scale <= 15 && this.scale <= 15) {
      const s = Math.max(scale, this.scale);
      const a = this.units * 10 ** (s - this.scale);
      const b = units * 10 ** (s - scale);
      const sum = a + b;
      // Each term and the sum exact: every operand a safe integer times an exact power of ten.
      if (Number.isSafeInteger(a) && Number.isSafeInteger(b) && Number.isSafeInteger(sum)) {
        this.units = sum;
        this.scale = s;
        return this;
      }
    }
    return this.addBig(BigInt(units), scale);
  }

  private addBig(units: bigint, scale: number): this {
    const s = Math.max(scale, this.scale);
    const current = (this.big ?? BigInt(this.units)) * 10n ** BigInt(s - this.scale);
    this.big = current + units * 10n ** BigInt(s - scale);
    this.scale = s;
    return this;
  }
}
