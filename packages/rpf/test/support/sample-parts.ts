import type { RpfParts } from '../../src/assemble';
import type { CombinedCommodity } from '../../src/model';

/**
 * A small hand-built model whose every field has a distinctive value, for the writer and
 * assembleRpf tests: two exchanges, a CC with seven products (two record 2 lines), five tiers
 * (two record 3 lines), a three-leg C spread, two delivery months, a SEOCH CC with no tiers and
 * no record 4, a group, a two-leg inter spread, a B record, and two series.
 */
export function sampleParts(): RpfParts {
  const fehsi: CombinedCommodity = {
    code: 'FEHSI',
    exchange: 'HKF',
    riskExponent: 1,
    currency: 'HKD',
    currencyCode: 'H',
    optionMarginStyle: 'P',
    limitOptionValue: 'N',
    combinationMargining: 'N',
    products: [
      { commodity: 'HSI', productType: 'FUT', riskArrayLocator: 0 },
      { commodity: 'HSI', productType: 'OOF', riskArrayLocator: 0 },
      { commodity: 'MHI', productType: 'FUT', riskArrayLocator: 0 },
      { commodity: 'MHI', productType: 'OOF', riskArrayLocator: 2 },
      { commodity: 'HHI', productType: 'FUT', riskArrayLocator: -1 },
      { commodity: 'HHI', productType: 'OOF', riskArrayLocator: 0 },
      { commodity: 'HTI', productType: 'FUT', riskArrayLocator: 0 },
    ],
    tierMethod: '01',
    tiers: [
      { number: 1, startMonth: 202403, endMonth: 202403 },
      { number: 2, startMonth: 202404, endMonth: 202404 },
      { number: 3, startMonth: 202405, endMonth: 202406 },
      { number: 4, startMonth: 202407, endMonth: 202412 },
      { number: 5, startMonth: 202501, endMonth: 202612 },
    ],
    tierSpreads: [
      {
        method: '01',
        priority: 2,
        chargeRate: 4500,
        legs: [
          { leg: 1, tier: 1, ratio: 1, side: 'A' },
          { leg: 2, tier: 2, ratio: 2, side: 'B' },
          { leg: 3, tier: 3, ratio: 1, side: 'A' },
        ],
      },
    ],
    spot: {
      method: '01',
      deliveryMonths: [
        { monthNumber: 1, month: 202403, consumedRate: 1000, remainingRate: 2000 },
        { monthNumber: 2, month: 202404, consumedRate: 500, remainingRate: 1500 },
      ],
      somRate: 2500,
      maintenanceFactors: [
        { units: 100, scale: 2 },
        { units: 100, scale: 2 },
        { units: 133, scale: 2 },
      ],
      somMethod: '1',
    },
  };
  const setch: CombinedCommodity = {
    code: 'SETCH',
    exchange: 'SEO',
    riskExponent: 0,
    currency: 'HKD',
    currencyCode: 'H',
    optionMarginStyle: 'P',
    limitOptionValue: 'N',
    combinationMargining: 'N',
    products: [{ commodity: 'TCH', productType: 'OOP', riskArrayLocator: 0 }],
    tierMethod: '',
    tiers: [],
    tierSpreads: [],
    spot: undefined,
  };
  return {
    header: {
      exchangeComplex: 'HKEX',
      businessDate: '2024-03-15',
      settlementFlag: 'S',
      fileId: 'E',
      kind: 'early',
      businessTime: '17:45',
      creationDate: '2024-03-15',
      creationTime: '17:52',
      format: 'U2',
      grossNetIndicator: 'N',
      limitOptionValueFlag: 'Y',
      businessFunction: 'CLR',
      levelFlag: 'A',
      levelCode: 'CLR',
    },
    // 7.8125 given with 4 decimals: the writer re-expresses it with the field's 6.
    currencyRates: [{ from: 'USD', fromCode: 'U', to: 'HKD', toCode: 'H', multiplier: { units: 78125, scale: 4 } }],
    exchanges: [
      { acronym: 'HKF', code: 'HF' },
      { acronym: 'SEO', code: 'SO' },
    ],
    combinedCommodities: [fehsi, setch],
    ccGroups: [{ code: 'ALL', ccs: ['FEHSI', 'SETCH'] }],
    interSpreads: [
      {
        group: 'ALL',
        priority: 1,
        creditRate: { units: 75, scale: 0 },
        legs: [
          { exchange: 'HKF', requiredForScanning: 'Y', cc: 'FEHSI', ratio: { units: 1, scale: 0 }, side: 'A', tier: 0 },
          { exchange: 'SEO', requiredForScanning: 'N', cc: 'SETCH', ratio: { units: 25, scale: 1 }, side: 'B', tier: 3 },
        ],
        method: '',
        creditMethod: 'W',
      },
    ],
    arrayParameters: [
      {
        exchange: 'HKF',
        commodity: 'HSI',
        productType: 'OOF',
        futuresMonth: 202404,
        futuresDayWeek: '',
        optionMonth: 202404,
        optionDayWeek: 'W1',
        baseVolatility: { units: 220000, scale: 6 },
        volatilityScanRange: { units: 50000, scale: 6 },
        priceScanRange: 10860,
        extremeMoveMultiplier: { units: 3, scale: 0 },
        extremeMoveCoveredFraction: { units: 35, scale: 2 },
        interestRate: { units: 4, scale: 2 },
        timeToExpiration: { units: 123288, scale: 6 },
        lookAheadTime: { units: 2740, scale: 6 },
        deltaScalingFactor: { units: 0, scale: 4 },
        expirationDate: '2024-04-29',
        dividendYield: { units: 32000, scale: 6 },
      },
    ],
    series: [
      {
        exchange: 'HKF',
        commodity: 'HSI',
        underlying: 'HSI',
        productType: 'OOF',
        right: 'C',
        futuresMonth: 202404,
        futuresDayWeek: '',
        optionMonth: 202404,
        optionDayWeek: '',
        strike: 17000,
        riskArray: [1234, -1, 0, 99999, -99999, 5, 6, 7, 8, 9, 10, 11, 12, 13, -14, 15],
        compositeDelta: -5123,
        impliedVolatility: 223456,
        settlementPrice: 456,
      },
      {
        exchange: 'SEO',
        commodity: 'TCH',
        underlying: 'TCH',
        productType: 'OOP',
        right: 'P',
        futuresMonth: 0,
        futuresDayWeek: '',
        optionMonth: 202403,
        optionDayWeek: '',
        strike: 16500,
        riskArray: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        compositeDelta: 0,
        impliedVolatility: 0,
        settlementPrice: -3,
      },
    ],
  };
}
