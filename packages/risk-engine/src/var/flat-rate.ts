import type { Money } from '../decimal';
import { roundWhole } from '../decimal';
import type { TierNPosition } from './classify';
import { ExactSum, maxOf, money, ZERO } from './money';

/**
 * var-platform.md step 2: flat-rate margin of Tier N positions. Within a rate group longs and
 * shorts offset only to the extent that the larger side is charged alone.
 */
export interface FlatRateGroup {
  readonly rate: Money;
  readonly instruments: readonly string[];
  readonly longMarketValue: Money;
  readonly shortMarketValue: Money;
  /** The larger of the two sides. */
  readonly charged: Money;
}

export interface FlatRateMargin {
  /** By ascending rate. */
  readonly groups: readonly FlatRateGroup[];
  /** round(Σ charged × rate × flat-rate multiplier). */
  readonly margin: Money;
}

export function flatRateMargin(tierN: readonly TierNPosition[], multiplier: Money): FlatRateMargin {
  const byRate = new Map<string, { rate: Money; instruments: string[]; long: ExactSum; short: ExactSum }>();
  for (const { position, flatRate } of tierN) {
    const rate = money(flatRate.rate);
    const key = rate.toFixed(); // 0.5 and 0.50 are one group
    const g = byRate.get(key) ?? { rate, instruments: [], long: new ExactSum(), short: new ExactSum() };
    byRate.set(key, g);
    g.instruments.push(position.instrument);
    // MV has the sign of the quantity (the loader checks it).
    (position.quantity > 0 ? g.long : g.short).add(position.marketValue);
  }
  const groups = [...byRate.values()]
    .sort((a, b) => a.rate.comparedTo(b.rate))
    .map((g) => {
      const longMarketValue = g.long.value().abs();
      const shortMarketValue = g.short.value().abs();
      return { rate: g.rate, instruments: g.instruments, longMarketValue, shortMarketValue, charged: maxOf(longMarketValue, shortMarketValue) };
    });
  const sum = groups.reduce((s, g) => s.plus(g.charged.times(g.rate)), ZERO);
  return { groups, margin: roundWhole(sum.times(multiplier)) };
}
