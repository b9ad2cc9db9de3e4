import { describe, expect, it } from 'vitest';
import { makeCatalogue } from '../src/catalogue';
import type { ArrayParameters } from '../src/model';
import { arrayParametersOf, describeSeries } from '../src/series-detail';
import { handRpf } from './support/hand-rpf';

const catalogue = makeCatalogue([
  { clearingHouse: 'SEOCH', cc: 'SEHEX', commodity: 'HEX', currency: 'HKD', multiplier: { units: 100, scale: 0 }, priceDecimals: 2 },
]);

const b: ArrayParameters = {
  exchange: 'HKF',
  commodity: 'HEX',
  productType: 'OOP',
  futuresMonth: 0,
  futuresDayWeek: '',
  optionMonth: 201709,
  optionDayWeek: '',
  baseVolatility: { units: 250000, scale: 6 },
  volatilityScanRange: { units: 40000, scale: 6 },
  priceScanRange: 1234,
  extremeMoveMultiplier: { units: 3000, scale: 3 },
  extremeMoveCoveredFraction: { units: 3500, scale: 4 },
  interestRate: { units: 125, scale: 4 },
  timeToExpiration: { units: 972603, scale: 6 },
  lookAheadTime: { units: 3968, scale: 6 },
  deltaScalingFactor: { units: 0, scale: 4 },
  expirationDate: '2017-09-28',
  dividendYield: { units: 0, scale: 6 },
};

const hex = {
  commodity: 'HEX',
  productType: 'OOP',
  right: 'P' as const,
  optionMonth: 201709,
  strike: 16500,
  // RE 2 − locator 4 = −2: a raw value 12345 is 123.45 HKD.
  riskArrayLocator: 4,
  riskArray: [12345, -12345, 5, -5, 0, 100, 1, 2, 3, 4, 5, 6, 7, 8, 9, 2147483647],
  compositeDelta: -5123,
  impliedVolatility: 312500,
  settlementPrice: 1234,
};

describe('describeSeries', () => {
  it('shows every value as an exact decimal in its unit', () => {
    const rpf = handRpf([hex], { ccOf: () => 'SEHEX', riskExponent: 2, arrayParameters: [b] });
    const d = describeSeries(rpf.series[0]!, rpf, catalogue);
    expect(d).toMatchObject({ code: 'HEX165.00U7', cc: 'SEHEX', currency: 'HKD', strike: '165.00', settlementPrice: '12.34' });
    expect(d.riskArray).toEqual([
      '123.45', '-123.45', '0.05', '-0.05', '0.00', '1.00', '0.01', '0.02',
      '0.03', '0.04', '0.05', '0.06', '0.07', '0.08', '0.09', '21474836.47',
    ]);
    expect(d.compositeDelta).toBe('-0.5123');
    expect(d.impliedVolatility).toBe('0.312500');
    expect(d.arrayParameters).toEqual({
      baseVolatility: '0.250000',
      volatilityScanRange: '0.040000',
      priceScanRange: '123400', // 1234 × 10^2
      extremeMoveMultiplier: '3.000',
      extremeMoveCoveredFraction: '0.3500',
      interestRate: '0.0125',
      timeToExpiration: '0.972603',
      lookAheadTime: '0.003968',
      deltaScalingFactor: '1', // blank/0 in the file means 1
      expirationDate: '2017-09-28',
      dividendYield: '0.000000',
    });
  });

  it('multiplies when the risk scale is positive, and says when there is no B record or catalogue row', () => {
    // RE 3, locator 0: a raw value −7 is −7000.
    const rpf = handRpf([{ ...hex, commodity: 'ZZZ', riskArrayLocator: 0, riskArray: [-7, ...Array<number>(15).fill(1)] }], { riskExponent: 3 });
    const d = describeSeries(rpf.series[0]!, rpf, catalogue);
    expect(d.riskArray.slice(0, 2)).toEqual(['-7000', '1000']);
    expect([d.code, d.strike, d.settlementPrice, d.arrayParameters]).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('arrayParametersOf', () => {
  it('matches commodity, product type, futures month and option month', () => {
    const other = { ...b, optionMonth: 201712 };
    const rpf = handRpf([hex, { ...hex, optionMonth: 201712 }, { ...hex, optionMonth: 201803 }], { arrayParameters: [other, b] });
    expect(rpf.series.map((s) => arrayParametersOf(rpf, s))).toEqual([b, other, undefined]);
  });
});
