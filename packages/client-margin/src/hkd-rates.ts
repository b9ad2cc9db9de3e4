import type Decimal from 'decimal.js';
import type { CurrencyRate } from '@marginkit/rpf';
import { ClientDecimal } from './decimal';

/**
 * HKD per unit of a currency from the RPF's T records (1 unit of `from` = multiplier units of
 * `to`). Only direct X→HKD records are used: inverting an HKD→X rate would need a division the
 * file does not state, so a currency without its own X→HKD record has no rate.
 */
export function hkdRates(rates: readonly CurrencyRate[]): (currency: string) => Decimal | undefined {
  const byCurrency = new Map<string, Decimal>();
  for (const rate of rates) {
    if (rate.to !== 'HKD' || byCurrency.has(rate.from)) continue;
    byCurrency.set(rate.from, new ClientDecimal(rate.multiplier.units).times(new ClientDecimal(10).pow(-rate.multiplier.scale)));
  }
  return (currency) => (currency === 'HKD' ? new ClientDecimal(1) : byCurrency.get(currency));
}
