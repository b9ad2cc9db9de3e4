import type { Rpf01File } from '@marginkit/rpf';
import type { Money } from '../decimal';
import { PrimeDecimal, roundWhole } from '../decimal';
import type { VarPosition } from './inputs';
import { money, ZERO } from './money';

/**
 * var-platform.md step 4: the structured-product add-on on long positions in the low-priced
 * structured products HKSCC lists with FieldType 6: quantity × (10 × column 2) × 0.001.
 */
export interface StructuredProductCharge {
  readonly instrument: string;
  readonly quantity: number;
  /** Unrounded. */
  readonly addOn: Money;
}

export interface StructuredProductAddOn {
  readonly charges: readonly StructuredProductCharge[];
  /** round(Σ charges). */
  readonly total: Money;
}

const TICK = new PrimeDecimal('0.001');

export function structuredProductAddOn(file: Rpf01File, positions: readonly VarPosition[]): StructuredProductAddOn {
  const charges: StructuredProductCharge[] = [];
  for (const p of positions) {
    const record = file.structuredProductAddOns.get(p.instrument);
    if (record === undefined || p.quantity <= 0) continue;
    charges.push({ instrument: p.instrument, quantity: p.quantity, addOn: money(record.tickMultiplierTenth).times(10).times(TICK).times(p.quantity) });
  }
  return { charges, total: roundWhole(charges.reduce((s, c) => s.plus(c.addOn), ZERO)) };
}
