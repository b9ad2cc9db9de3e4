import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRpf, seriesKey } from '../src/index';
import type { RiskParameterFile } from '../src/index';

// Every expected value below is typed from fixtures/rpf/README.md (the column-by-column reading
// of small.lis), not computed by the parser.
const SMALL = readFileSync(new URL('../../../fixtures/rpf/small.lis', import.meta.url));

function parsed(): RiskParameterFile {
  const r = parseRpf(SMALL, { fileName: 'small.lis' });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  expect(r.warnings).toEqual([]);
  return r.value;
}

describe('parseRpf on fixtures/rpf/small.lis', () => {
  const rpf = parsed();

  it('reads the record 0 header and records the source', () => {
    expect(rpf.source).toEqual({ fileName: 'small.lis', fromFileName: undefined });
    expect(rpf.header).toEqual({
      exchangeComplex: 'HKEX',
      businessDate: '2016-09-30',
      settlementFlag: 'S',
      fileId: 'F',
      kind: 'final',
      businessTime: '18:30',
      creationDate: '2016-09-30',
      creationTime: '19:02',
      format: 'U2',
      grossNetIndicator: 'N',
      limitOptionValueFlag: 'Y',
      businessFunction: 'CLR',
      levelFlag: 'A',
      levelCode: 'CLR',
    });
  });

  it('reads T currency rates and 1 exchanges', () => {
    expect(rpf.currencyRates).toEqual([
      { from: 'USD', fromCode: 'U', to: 'HKD', toCode: 'H', multiplier: { units: 7756500, scale: 6 } },
      { from: 'CNY', fromCode: 'C', to: 'HKD', toCode: 'H', multiplier: { units: 1162300, scale: 6 } },
    ]);
    expect(rpf.exchanges).toEqual([
      { acronym: 'HKF', code: '01' },
      { acronym: 'SEO', code: '02' },
    ]);
  });

  it('merges a repeated record 2 and keeps CCs in file order', () => {
    expect(rpf.combinedCommodities.map((c) => c.code)).toEqual(['FEXXX', 'FEYYY', 'FECNH', 'SEHEX']);
    const xxx = rpf.ccByCode.get('FEXXX')!;
    expect(xxx.products.map((p) => `${p.commodity} ${p.productType} ${p.riskArrayLocator}`)).toEqual([
      'XXX FUT 0',
      'XXX OOP 0',
      'XXB FUT 0',
      'XXB OOP 0',
      'XXW OOP 0',
      'XXC FUT 0',
      'XXD FUT 0',
    ]);
    expect(xxx).toMatchObject({
      exchange: 'HKF',
      riskExponent: 0,
      currency: 'HKD',
      currencyCode: 'H',
      optionMarginStyle: 'P',
      limitOptionValue: 'Y',
      combinationMargining: 'N',
    });
  });

  it('reads a non-HKD CC with RE 1 and signed risk-array locators', () => {
    const cnh = rpf.ccByCode.get('FECNH')!;
    expect(cnh).toMatchObject({ riskExponent: 1, currency: 'CNY', currencyCode: 'C', optionMarginStyle: 'F', limitOptionValue: 'N' });
    expect(cnh.products).toEqual([
      { commodity: 'CNH', productType: 'FUT', riskArrayLocator: 2 },
      { commodity: 'CNH', productType: 'OOF', riskArrayLocator: -1 },
    ]);
    expect(cnh.tiers).toEqual([]);
    expect(cnh.tierMethod).toBe('');
    expect(cnh.spot).toBeUndefined();
  });

  it('appends tiers of further record 3 lines', () => {
    const xxx = rpf.ccByCode.get('FEXXX')!;
    expect(xxx.tierMethod).toBe('01');
    expect(xxx.tiers).toEqual([
      { number: 1, startMonth: 201610, endMonth: 201610 },
      { number: 2, startMonth: 201611, endMonth: 201612 },
      { number: 3, startMonth: 201703, endMonth: 201806 },
    ]);
    expect(rpf.ccByCode.get('FEYYY')!.tiers).toEqual([{ number: 1, startMonth: 201610, endMonth: 201812 }]);
  });

  it('reads C spreads with two and three legs', () => {
    expect(rpf.ccByCode.get('FEXXX')!.tierSpreads).toEqual([
      {
        method: '01',
        priority: 1,
        chargeRate: 1200,
        legs: [
          { leg: 1, tier: 1, ratio: 1, side: 'A' },
          { leg: 2, tier: 2, ratio: 1, side: 'B' },
        ],
      },
      {
        method: '01',
        priority: 2,
        chargeRate: 800,
        legs: [
          { leg: 1, tier: 1, ratio: 1, side: 'A' },
          { leg: 2, tier: 2, ratio: 2, side: 'B' },
          { leg: 3, tier: 3, ratio: 1, side: 'A' },
        ],
      },
    ]);
  });

  it('reads record 4 with two delivery months, and with none', () => {
    expect(rpf.ccByCode.get('FEXXX')!.spot).toEqual({
      method: '01',
      deliveryMonths: [
        { monthNumber: 1, month: 201610, consumedRate: 500, remainingRate: 1000 },
        { monthNumber: 2, month: 201611, consumedRate: 250, remainingRate: 500 },
      ],
      somRate: 300,
      maintenanceFactors: [
        { units: 100, scale: 2 },
        { units: 100, scale: 2 },
        { units: 133, scale: 2 },
      ],
      somMethod: '1',
    });
    expect(rpf.ccByCode.get('SEHEX')!.spot).toEqual({
      method: '',
      deliveryMonths: [],
      somRate: 50,
      maintenanceFactors: [
        { units: 100, scale: 2 },
        { units: 100, scale: 2 },
        { units: 100, scale: 2 },
      ],
      somMethod: '2',
    });
  });

  it('merges record 5 continuations by group code', () => {
    expect(rpf.ccGroups).toEqual([
      { code: 'IDX', ccs: ['FEXXX', 'FEYYY', 'FECNH'] },
      { code: 'STK', ccs: ['SEHEX'] },
    ]);
  });

  it('reads record 6 intercommodity spreads', () => {
    expect(rpf.interSpreads).toEqual([
      {
        group: 'IDX',
        priority: 1,
        creditRate: { units: 700000, scale: 4 },
        legs: [
          { exchange: 'HKF', requiredForScanning: 'Y', cc: 'FEXXX', ratio: { units: 10000, scale: 4 }, side: 'A', tier: 1 },
          { exchange: 'HKF', requiredForScanning: 'N', cc: 'FEYYY', ratio: { units: 20000, scale: 4 }, side: 'B', tier: 0 },
        ],
        method: '',
        creditMethod: 'W',
      },
      {
        group: 'IDX',
        priority: 2,
        creditRate: { units: 500000, scale: 4 },
        legs: [
          { exchange: 'HKF', requiredForScanning: 'Y', cc: 'FEXXX', ratio: { units: 10000, scale: 4 }, side: 'A', tier: 0 },
          { exchange: 'HKF', requiredForScanning: 'Y', cc: 'FECNH', ratio: { units: 30000, scale: 4 }, side: 'B', tier: 0 },
          { exchange: 'HKF', requiredForScanning: 'Y', cc: 'FEYYY', ratio: { units: 10000, scale: 4 }, side: 'B', tier: 0 },
        ],
        method: '01',
        creditMethod: 'W',
      },
    ]);
  });

  it('reads B array calculation parameters', () => {
    const common = {
      exchange: 'HKF',
      commodity: 'XXX',
      futuresMonth: 201610,
      futuresDayWeek: '',
      optionDayWeek: '',
      volatilityScanRange: { units: 40000, scale: 6 },
      priceScanRange: 1200,
      extremeMoveMultiplier: { units: 3000, scale: 3 },
      extremeMoveCoveredFraction: { units: 3500, scale: 4 },
      interestRate: { units: 150, scale: 4 },
      timeToExpiration: { units: 78904, scale: 6 },
      lookAheadTime: { units: 2740, scale: 6 },
      expirationDate: '2016-10-28',
    };
    expect(rpf.arrayParameters).toEqual([
      {
        ...common,
        productType: 'FUT',
        optionMonth: 0,
        baseVolatility: { units: 250000, scale: 6 },
        deltaScalingFactor: { units: 10000, scale: 4 },
        dividendYield: { units: 0, scale: 6 },
      },
      {
        ...common,
        productType: 'OOP',
        optionMonth: 201610,
        baseVolatility: { units: 215000, scale: 6 },
        deltaScalingFactor: { units: 0, scale: 4 },
        dividendYield: { units: 12500, scale: 6 },
      },
    ]);
  });

  it('reads the five series with identity, CC, risk scale and values', () => {
    expect(rpf.series.map((s) => [s.commodity, s.productType, s.right, s.futuresMonth, s.futuresDayWeek, s.optionMonth, s.strike])).toEqual([
      ['XXX', 'FUT', '', 201610, '', 0, 0],
      ['XXX', 'OOP', 'C', 201610, '', 201610, 23000],
      ['XXX', 'OOP', 'P', 201610, '', 201610, 23000],
      ['CNH', 'FUT', '', 201612, '15', 0, 0],
      ['HEX', 'OOP', 'C', 0, '', 201610, 16500],
    ]);
    expect(rpf.series.map((s) => [s.exchange, s.underlying, s.optionDayWeek, s.cc, s.riskScale, s.row])).toEqual([
      ['HKF', 'XXX', '', 'FEXXX', 0, 0],
      ['HKF', 'XXX', '', 'FEXXX', 0, 1],
      ['HKF', 'XXX', '', 'FEXXX', 0, 2],
      ['HKF', 'CNH', '', 'FECNH', -1, 3],
      ['SEO', 'HEX', '', 'SEHEX', 0, 4],
    ]);
    expect(rpf.series.map((s) => [s.compositeDelta, s.impliedVolatility, s.settlementPrice])).toEqual([
      [10000, 0, 23150],
      [5123, 215000, 350],
      [-4877, 221000, 210],
      [10000, 0, 67810],
      [4500, 280000, 325],
    ]);
    expect(rpf.series.map((s) => [...s.riskArray])).toEqual([
      [0, 0, -20150, -20150, 20150, 20150, -40300, -40300, 40300, 40300, -60450, -60450, 60450, 60450, -59840, 59840],
      [-1234, 1180, -8756, -8690, 10840, 10790, -17200, -17100, 22750, 22700, -26350, -26200, 34900, 34850, -18260, 19980],
      [1210, -1250, 11300, 11360, -9020, -9060, 22800, 22850, -16600, -16640, 34700, 34750, -22900, -22950, 19980, -17780],
      [0, 0, -3125, -3125, 3125, 3125, -6250, -6250, 6250, 6250, -9375, -9375, 9375, 9375, -6188, 6188],
      [-510, 490, -2250, -2200, 2790, 2740, -4400, -4300, 5600, 5500, -6500, -6300, 8400, 8300, -4070, 4980],
    ]);
  });

  it('keys series by columns 3-54 and views risk arrays into one Int32Array', () => {
    const lines = SMALL.toString('latin1').split('\n');
    rpf.series.forEach((s, i) => {
      // Lines 25, 27, … are the 81 lines (index 24, 26, … of the split).
      expect(s.key).toBe(lines[24 + 2 * i]!.slice(2, 54));
      expect(s.key).toBe(seriesKey(s));
      expect(rpf.seriesByKey.get(s.key)).toBe(s);
      expect(s.riskArray.buffer).toBe(rpf.riskArrays.buffer);
      expect(s.riskArray.byteOffset).toBe(rpf.riskArrays.byteOffset + i * 16 * 4);
    });
    expect(rpf.riskArrays.length).toBe(5 * 16);
    expect(rpf.seriesByKey.get('HKFXXX       XXX       OOPP201610   201610   0023000')?.settlementPrice).toBe(210);
  });

  it('parses the same from a string as from bytes', () => {
    const fromString = parseRpf(SMALL.toString('latin1'), { fileName: 'small.lis' });
    expect(fromString).toEqual(parseRpf(SMALL, { fileName: 'small.lis' }));
  });
});
