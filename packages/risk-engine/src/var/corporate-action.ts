import type { EntitlementType } from '@marginkit/rpf';
import type { Money } from '../decimal';
import { roundWhole } from '../decimal';
import type { EntitlementPosition } from './classify';
import { money, ZERO } from './money';

/**
 * var-platform.md step 5: corporate-action position margin on entitlements (`DSP`, `SRI`,
 * `DIV` + stock code). The net value MV − CV is charged at the long add-on rate when it is in the
 * CP's favour and at the short add-on rate when against it.
 */
export interface CorporateActionCharge {
  readonly instrument: string;
  readonly code: string;
  readonly entitlementType: EntitlementType;
  /** MV − CV. */
  readonly net: Money;
  /** The rate applied (long when net > 0, short when net < 0). */
  readonly rate: Money;
  /** round(|net × rate|). */
  readonly addOn: Money;
}

export interface CorporateActionMargin {
  readonly charges: readonly CorporateActionCharge[];
  readonly total: Money;
}

export function corporateActionMargin(entitlements: readonly EntitlementPosition[]): CorporateActionMargin {
  const charges = entitlements.map(({ position, code, record }): CorporateActionCharge => {
    const net = money(position.marketValue).minus(money(position.contractValue));
    const rate = net.isZero() ? ZERO : net.isPositive() ? money(record.longAddOnRate) : money(record.shortAddOnRate);
    const addOn = net.isZero() ? ZERO : roundWhole(net.times(rate).abs());
    return { instrument: position.instrument, code, entitlementType: record.entitlementType, net, rate, addOn };
  });
  return { charges, total: charges.reduce((s, c) => s.plus(c.addOn), ZERO) };
}
