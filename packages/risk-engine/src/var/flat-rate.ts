import type { Money } from '../decimal';
import { roundWhole } from '../decimal';
import type { TierNPosition } from './classify';
import { maxOf, money, ZERO } from './money';

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
  const byRate = new Map<string, { rate: Money; instruments: string[]; long: Money; short: Money }>();
  for (const { position, flatRate } of tierN) {
    const rate = money(flatRate.rate);
    const key = rate.toFixed(); // 0.5 and 0.50 are one group
    const g = byRate.get(key) ?? { rate, instruments: [], long: ZERO, short: ZERO };
    byRate.set(key, g);
    g.instruments.push(position.instrument);
    const mv = money(position.marketValue).abs();
    if (position.quantity > 0) g.long = g.long.plus(mv);
    else g.short = g.short.plus(mv);
  }
  const groups = [...byRate.values()]
    .sort((a, b) => a.rate.comparedTo(b.rate))
    .map((g) => ({ rate: g.rate, instruments: g.instruments, longMarketValue: g.long, shortMarketValue: g.short, charged: maxOf(g.long, g.short) }));
  const sum = groups.reduce((s, g) => s.plus(g.charged.times(g.rate)), ZERO);
  return { groups, margin: roundWhole(sum.times(multiplier)) };
}
