import type { RpfPlan } from './build-rpf';
import { catalogueOf } from './build-rpf';

/**
 * RPFs shared by several hand-worked tests. Calendar: one CC, October in tier 1 and November in
 * tier 2, one C spread (tier 1 A, tier 2 B, ratio 1:1, 500 per spread).
 */
export const CALENDAR: RpfPlan = {
  ccs: [
    {
      code: 'FECAL',
      products: [{ commodity: 'CAL', productType: 'FUT' }],
      tiers: [
        { number: 1, startMonth: 201610, endMonth: 201610 },
        { number: 2, startMonth: 201611, endMonth: 201611 },
      ],
      tierSpreads: [{ priority: 1, chargeRate: 500, legs: [{ tier: 1, ratio: 1, side: 'A' }, { tier: 2, ratio: 1, side: 'B' }] }],
    },
  ],
  series: [
    { commodity: 'CAL', productType: 'FUT', futuresMonth: 201610, compositeDelta: 10000, riskArray: [0, 0, -1000, -1000, 1000, 1000, -2000, -2000, 2000, 2000, -3000, -3000, 3000, 3000, -3100, 3100] },
    { commodity: 'CAL', productType: 'FUT', futuresMonth: 201611, compositeDelta: 10000, riskArray: [0, 0, -950, -950, 950, 950, -1900, -1900, 1900, 1900, -2850, -2850, 2850, 2850, -2950, 2950] },
  ],
};

export const CALENDAR_CATALOGUE = catalogueOf([{ clearingHouse: 'HKCC', cc: 'FECAL', commodity: 'CAL', multiplier: 50 }]);
