import { describe, expect, it } from 'vitest';
import type { RiskParameterFile, Series } from '@marginkit/rpf';
import { accountSheetToJson, marginPortfolio, preparePrime } from '../src/index';
import type { AccountJson, Basis, CcJson, SideJson } from '../src/index';
import type { RpfPlan } from './support/build-rpf';
import { buildRpf, catalogueOf, seriesOf } from './support/build-rpf';
import { CALENDAR, CALENDAR_CATALOGUE } from './support/plans';

/**
 * One hand-worked case per PRiME step (prime.md). Every expected figure is worked out in the
 * comments from the RPF written in the test; 40-digit figures were checked with Python's decimal
 * module (prec 40, ROUND_HALF_UP), not with this engine.
 */

const ZERO16 = Array.from({ length: 16 }, () => 0);

function run(plan: RpfPlan, catalogue: ReturnType<typeof catalogueOf>, picks: (rpf: RiskParameterFile) => [Series, number][], basis: Basis = 'net'): AccountJson {
  const rpf = buildRpf(plan);
  const ctx = preparePrime(rpf, catalogue);
  const positions = picks(rpf).map(([series, quantity]) => ({ series, quantity }));
  return accountSheetToJson(marginPortfolio(ctx, positions, basis, { account: 'T1' }));
}

function onlyCc(a: AccountJson, code?: string): CcJson {
  const ccs = a.clearingHouses.flatMap((h) => h.combinedCommodities);
  const cc = code === undefined ? ccs[0] : ccs.find((c) => c.cc === code);
  if (cc === undefined) throw new Error(`no CC ${code ?? ''}`);
  return cc;
}

function side(cc: CcJson, name = 'net'): SideJson {
  const s = cc.sides.find((x) => x.side === name);
  if (s === undefined) throw new Error(`no side ${name}`);
  return s;
}

// A futures risk array: loss of one long contract, scenario 1..16 (price up = gain).
const XXX_M8 = [0, 0, -1900, -1900, 1900, 1900, -3800, -3800, 3800, 3800, -5700, -5700, 5700, 5700, -5130, 5130];
const XXX = { code: 'FEXXX', products: [{ commodity: 'XXX', productType: 'FUT' as const }] };
const XXX_CAT = catalogueOf([{ clearingHouse: 'HKCC', cc: 'FEXXX', commodity: 'XXX', multiplier: 50 }]);

describe('PRiME steps, hand-worked', () => {
  it('outright future: scan risk, active scenario (lowest s of a tie), risk split, delta, RM', () => {
    const plan: RpfPlan = { ccs: [XXX], series: [{ commodity: 'XXX', productType: 'FUT', futuresMonth: 201806, riskArray: XXX_M8, compositeDelta: 10000 }] };
    const a = run(plan, XXX_CAT, (r) => [[seriesOf(r, 'XXX', 201806), -6]]);
    const s = side(onlyCc(a));
    // L = −6 × RA
    expect(s.scenarioLosses).toEqual(['0', '0', '11400', '11400', '-11400', '-11400', '22800', '22800', '-22800', '-22800', '34200', '34200', '-34200', '-34200', '30780', '-30780']);
    // max 34200 at s = 11 and 12: the lowest, 11.
    expect(s.activeScenario).toBe(11);
    expect(s.scanRisk).toBe('34200');
    // TR = (0 + 0)/2 = 0; PR = (L11 + L12)/2 − 0 = 34200; VR = 34200 − 34200 − 0 = 0.
    expect([s.timeRisk, s.priceRisk, s.volatilityRisk]).toEqual(['0', '34200', '0']);
    // d = −6 × 1.0000 × DSF 1; no tiers: tier 0.
    expect(s.netDelta).toBe('-6');
    expect(s.tierDeltas).toEqual({ '0': '-6' });
    expect(s.riskMarginUnrounded).toBe('34200');
    const cc = onlyCc(a);
    expect([cc.riskMargin, cc.mtm, cc.requirement, cc.longOptionValue, cc.shortOptionValue]).toEqual(['34200', '0', '34200', '0', '0']);
    expect(cc.solelyLongOptions).toBe(false);
    expect(a.clearingHouses.map((h) => [h.clearingHouse, h.currency, h.requirement])).toEqual([['HKCC', 'HKD', '34200']]);
    expect(a.clearingHouseTotalHkd).toBe('34200');
  });

  it('calendar spread: one C spread between two tiers', () => {
    // CALENDAR: tier 1 = Oct, tier 2 = Nov; C spread priority 1: tier 1 A, tier 2 B, 1:1, 500.
    const a = run(CALENDAR, CALENDAR_CATALOGUE, (r) => [
      [seriesOf(r, 'CAL', 201610), 2],
      [seriesOf(r, 'CAL', 201611), -2],
    ]);
    const s = side(onlyCc(a));
    // RA(Oct) = 0, 0, −1000, −1000, 1000, 1000, −2000, −2000, 2000, 2000, −3000, −3000, 3000, 3000, −3100, 3100;
    // RA(Nov) = 0, 0, −950, −950, 950, 950, −1900, −1900, 1900, 1900, −2850, −2850, 2850, 2850, −2950, 2950.
    // L = 2 × RA(Oct) − 2 × RA(Nov)
    expect(s.scenarioLosses).toEqual(['0', '0', '-100', '-100', '100', '100', '-200', '-200', '200', '200', '-300', '-300', '300', '300', '-300', '300']);
    // 300 at s = 13, 14 and 16: s* = 13, pair 14: PR = 300.
    expect([s.activeScenario, s.scanRisk, s.priceRisk]).toEqual([13, '300', '300']);
    // D1 = +2 (A > 0), D2 = −2 (B < 0): n = min(2/1, 2/1) = 2, charge 2 × 500 = 1000.
    expect(s.tierDeltas).toEqual({ '1': '2', '2': '-2' });
    expect(s.intraSpreads).toEqual([
      { priority: 1, spreads: '2', charge: '1000', legs: [{ tier: 1, side: 'A', ratio: 1, deltaConsumed: '2' }, { tier: 2, side: 'B', ratio: 1, deltaConsumed: '2' }] },
    ]);
    expect(s.tierRemainingDeltas).toEqual({ '1': '0', '2': '0' });
    // Commodity risk = 300 + 1000 + 0.
    expect([s.intraSpreadCharge, s.commodityRisk, s.riskMargin]).toEqual(['1000', '1300', '1300']);
  });

  it('three-leg tier spread: fractional n, the minimum leg set to exactly 0', () => {
    const zero = (month: number) => ({ commodity: 'FLY', productType: 'FUT' as const, futuresMonth: month, compositeDelta: 10000, riskArray: ZERO16 });
    const plan: RpfPlan = {
      ccs: [
        {
          code: 'FEFLY',
          products: [{ commodity: 'FLY', productType: 'FUT' }],
          tiers: [
            { number: 1, startMonth: 201610, endMonth: 201610 },
            { number: 2, startMonth: 201611, endMonth: 201611 },
            { number: 3, startMonth: 201612, endMonth: 201612 },
          ],
          tierSpreads: [
            // A butterfly: +1 tier 1, −3 tier 2, +1 tier 3.
            { priority: 1, chargeRate: 300, legs: [{ tier: 1, ratio: 1, side: 'A' }, { tier: 2, ratio: 3, side: 'B' }, { tier: 3, ratio: 1, side: 'A' }] },
            // Forms only when tiers 3 and 2 have the same sign: a residue in tier 2 would make it form.
            { priority: 2, chargeRate: 200, legs: [{ tier: 3, ratio: 1, side: 'A' }, { tier: 2, ratio: 1, side: 'A' }] },
          ],
        },
      ],
      series: [zero(201610), zero(201611), zero(201612)],
    };
    const cat = catalogueOf([{ clearingHouse: 'HKCC', cc: 'FEFLY', commodity: 'FLY', multiplier: 50 }]);
    const a = run(plan, cat, (r) => [
      [seriesOf(r, 'FLY', 201610), 3],
      [seriesOf(r, 'FLY', 201611), -5],
      [seriesOf(r, 'FLY', 201612), 2],
    ]);
    const s = side(onlyCc(a));
    // D = (3, −5, 2). Spread 1: n = min(3/1, 5/3, 2/1) = 5/3 = 1.666666666666666666666666666666666666667 (40 digits).
    // Tier 1: 3 − n = 1.333333333333333333333333333333333333333; tier 2 attained the minimum: 0
    // (not −5 + 3n = 0.000…001); tier 3: 2 − n = 0.333333333333333333333333333333333333333.
    // Charge = n × 300 = 500.0000000000000000000000000000000000001.
    const n = '1.666666666666666666666666666666666666667';
    expect(s.intraSpreads).toEqual([
      {
        priority: 1,
        spreads: n,
        charge: '500.0000000000000000000000000000000000001',
        legs: [
          { tier: 1, side: 'A', ratio: 1, deltaConsumed: n },
          { tier: 2, side: 'B', ratio: 3, deltaConsumed: '5.000000000000000000000000000000000000001' },
          { tier: 3, side: 'A', ratio: 1, deltaConsumed: n },
        ],
      },
    ]);
    expect(s.tierRemainingDeltas).toEqual({ '1': '1.333333333333333333333333333333333333333', '2': '0', '3': '0.333333333333333333333333333333333333333' });
    expect(s.intraSpreadCharge).toBe('500.0000000000000000000000000000000000001');
    // E = R1 + R2 + R3 = 1.666666666666666666666666666666666666666; ND = 3 − 5 + 2 = 0.
    expect([s.remainingDelta, s.netDelta]).toEqual(['1.666666666666666666666666666666666666666', '0']);
    // RM: half-up to 10 places (500.0000000000), then to whole dollars: 500.
    expect([s.riskMarginUnrounded, s.riskMargin]).toEqual(['500.0000000000000000000000000000000000001', '500']);
  });

  it('spot month charge: consumed deltas shared pro rata, the rest charged as remaining', () => {
    const zero = (month: number) => ({ commodity: 'SPT', productType: 'FUT' as const, futuresMonth: month, compositeDelta: 10000, riskArray: ZERO16 });
    const plan: RpfPlan = {
      ccs: [
        {
          code: 'FESPT',
          products: [{ commodity: 'SPT', productType: 'FUT' }],
          tiers: [
            { number: 1, startMonth: 201609, endMonth: 201610 },
            { number: 2, startMonth: 201611, endMonth: 201612 },
          ],
          tierSpreads: [{ priority: 1, chargeRate: 50, legs: [{ tier: 1, ratio: 1, side: 'A' }, { tier: 2, ratio: 1, side: 'B' }] }],
          deliveryMonths: [
            { month: 201609, consumedRate: 100, remainingRate: 400 },
            { month: 201611, consumedRate: 10, remainingRate: 20 },
          ],
        },
      ],
      series: [zero(201609), zero(201610), zero(201611)],
    };
    const cat = catalogueOf([{ clearingHouse: 'HKCC', cc: 'FESPT', commodity: 'SPT', multiplier: 10 }]);
    const a = run(plan, cat, (r) => [
      [seriesOf(r, 'SPT', 201609), 3],
      [seriesOf(r, 'SPT', 201610), 1],
      [seriesOf(r, 'SPT', 201611), -2],
    ]);
    const s = side(onlyCc(a));
    // D1 = 3 + 1 = 4, D2 = −2: n = 2, charge 2 × 50 = 100; consumed: tier 1 = 2, tier 2 = 2.
    expect(s.intraSpreadCharge).toBe('100');
    expect(s.monthDeltas).toEqual({ '201609': '3', '201610': '1', '201611': '-2' });
    // Sep (tier 1): consumed = 2 × |3| / (|3| + |1|) = 1.5; remaining = 3 − 1.5 = 1.5;
    //   charge = 1.5 × 100 + 1.5 × 400 = 750.
    // Nov (tier 2): consumed = 2 × 2 / 2 = 2; remaining 0; charge = 2 × 10 + 0 × 20 = 20.
    expect(s.spotCharges).toEqual([
      { month: '201609', tier: 1, delta: '3', consumed: '1.5', remaining: '1.5', charge: '750' },
      { month: '201611', tier: 2, delta: '2', consumed: '2', remaining: '0', charge: '20' },
    ]);
    // Commodity risk = 0 + 100 + 770.
    expect([s.spotCharge, s.commodityRisk, s.riskMargin]).toEqual(['770', '870', '870']);
  });

  it('intercommodity pair: weighted price risk, credit per leg, the minimum leg to 0', () => {
    const plan: RpfPlan = {
      ccs: [
        { code: 'FEAAA', products: [{ commodity: 'AAA', productType: 'FUT' }] },
        { code: 'FEBBB', products: [{ commodity: 'BBB', productType: 'FUT' }] },
      ],
      series: [
        { commodity: 'AAA', productType: 'FUT', futuresMonth: 201610, compositeDelta: 10000, riskArray: [0, 0, -1000, -1000, 1000, 1000, -2000, -2000, 2000, 2000, -3000, -3000, 3000, 3000, -2900, 2900] },
        // Composite delta 0.9000.
        { commodity: 'BBB', productType: 'FUT', futuresMonth: 201610, compositeDelta: 9000, riskArray: [0, 0, -500, -500, 500, 500, -1000, -1000, 1000, 1000, -1500, -1500, 1500, 1500, -1400, 1400] },
      ],
      interSpreads: [
        { priority: 1, creditRate: 600000, legs: [{ cc: 'FEAAA', ratio: 10000, side: 'A' }, { cc: 'FEBBB', ratio: 15000, side: 'B' }] },
      ],
    };
    const cat = catalogueOf([
      { clearingHouse: 'HKCC', cc: 'FEAAA', commodity: 'AAA', multiplier: 50 },
      { clearingHouse: 'HKCC', cc: 'FEBBB', commodity: 'BBB', multiplier: 50 },
    ]);
    const a = run(plan, cat, (r) => [
      [seriesOf(r, 'AAA', 201610), 2],
      [seriesOf(r, 'BBB', 201610), -4],
    ]);
    const aaa = side(onlyCc(a, 'FEAAA'));
    const bbb = side(onlyCc(a, 'FEBBB'));
    // FEAAA long 2: max L = 6000 at s13 (pair 14: 6000): PR = 6000, ND = 2, WPR = 6000/2 = 3000.
    expect([aaa.scanRisk, aaa.activeScenario, aaa.priceRisk, aaa.netDelta, aaa.weightedPriceRisk]).toEqual(['6000', 13, '6000', '2', '3000']);
    // FEBBB short 4: max L = 6000 at s11: PR = 6000, ND = −4 × 0.9 = −3.6,
    //   WPR = 6000 / 3.6 = 1666.666666666666666666666666666666666667.
    const wprB = '1666.666666666666666666666666666666666667';
    expect([bbb.scanRisk, bbb.activeScenario, bbb.priceRisk, bbb.netDelta, bbb.weightedPriceRisk]).toEqual(['6000', 11, '6000', '-3.6', wprB]);
    // E_A = 2 (A > 0), E_B = −3.6 (B < 0): n = min(2/1, 3.6/1.5 = 2.4) = 2.
    // Credit A = 2 × 1 × 3000 × 60 / 100 = 3600.
    // Credit B = (2 × 1.5 = 3) × WPR_B = 5000.000000000000000000000000000000000001; × 60 =
    //   300000.0000000000000000000000000000000001 (41st digit rounded); / 100 = 3000.000000000000000000000000000000000001.
    const spread = {
      group: 'GRP',
      priority: 1,
      creditRate: '60',
      spreads: '2',
      legs: [
        { cc: 'FEAAA', side: 'A', ratio: '1', deltaConsumed: '2', weightedPriceRisk: '3000', credit: '3600' },
        { cc: 'FEBBB', side: 'B', ratio: '1.5', deltaConsumed: '3', weightedPriceRisk: wprB, credit: '3000.000000000000000000000000000000000001' },
      ],
    };
    expect(aaa.interSpreads).toEqual([spread]);
    expect(bbb.interSpreads).toEqual([spread]);
    // RM A = 6000 − 3600 = 2400. RM B = 6000 − 3000.000…001 = 2999.999999999999999999999999999999999999 → 3000.
    expect([aaa.interSpreadCredit, aaa.riskMargin]).toEqual(['3600', '2400']);
    expect([bbb.interSpreadCredit, bbb.riskMarginUnrounded, bbb.riskMargin]).toEqual([
      '3000.000000000000000000000000000000000001',
      '2999.999999999999999999999999999999999999',
      '3000',
    ]);
    expect(a.clearingHouseTotalHkd).toBe('5400');
  });

  it('short option minimum: method 1 = max(SC, SP), method 2 = SC + SP; a long option does not reduce N', () => {
    const opt = (commodity: string, right: 'C' | 'P', strike: number, loss: number) => ({
      commodity,
      productType: 'OOF' as const,
      right,
      futuresMonth: 201610,
      optionMonth: 201610,
      strike,
      compositeDelta: 0,
      settlementPrice: 10,
      riskArray: Array.from({ length: 16 }, () => loss),
    });
    const plan: RpfPlan = {
      ccs: [
        { code: 'FEOP1', products: [{ commodity: 'OP1', productType: 'OOF' }], somRate: 105, somMethod: '1' },
        { code: 'FEOP2', products: [{ commodity: 'OP2', productType: 'OOF' }], somRate: 105, somMethod: '2' },
      ],
      series: ['OP1', 'OP2'].flatMap((c) => [opt(c, 'C', 100, -10), opt(c, 'P', 100, -5), opt(c, 'C', 110, -8)]),
    };
    const cat = catalogueOf([
      { clearingHouse: 'HKCC', cc: 'FEOP1', commodity: 'OP1', multiplier: 10 },
      { clearingHouse: 'HKCC', cc: 'FEOP2', commodity: 'OP2', multiplier: 10 },
    ]);
    const a = run(plan, cat, (r) =>
      ['OP1', 'OP2'].flatMap((c): [Series, number][] => [
        [seriesOf(r, c, 201610, 'C', 100), -3],
        [seriesOf(r, c, 201610, 'P', 100), -2],
        [seriesOf(r, c, 201610, 'C', 110), 1],
      ]),
    );
    // Every L[s] = 30 + 10 − 8 = 32: scan 32, s* = 1.
    const one = side(onlyCc(a, 'FEOP1'));
    const two = side(onlyCc(a, 'FEOP2'));
    expect([one.scanRisk, one.activeScenario]).toEqual(['32', 1]);
    // SC = 3, SP = 2. Method 1: N = 3, SOM = 315. Method 2: N = 5, SOM = 525.
    expect(one.som).toEqual({ shortCalls: 3, shortPuts: 2, method: '1', contracts: 3, rate: '105', charge: '315' });
    expect(two.som).toEqual({ shortCalls: 3, shortPuts: 2, method: '2', contracts: 5, rate: '105', charge: '525' });
    // RM = max(32 − 0, SOM, 0).
    expect([one.riskMargin, two.riskMargin]).toEqual(['315', '525']);
    // Option values: LOV = 1 × 10 × 10 = 100; SOV = (3 + 2) × 10 × 10 = 500; HKCC: MTM 0.
    expect([one.longOptionValue, one.shortOptionValue, one.mtm, one.requirement]).toEqual(['100', '500', '0', '315']);
  });

  it('active scenario 15 in the risk split (and a paired scenario for contrast)', () => {
    // One short contract: L = −RA.
    const L15 = [40, -20, 100, 60, -50, -70, 200, 150, -90, -110, 300, 260, -150, -170, 420, -200];
    const L11 = [40, -20, 100, 60, -50, -70, 200, 150, -90, -110, 300, 260, -150, -170, 250, -200];
    const plan: RpfPlan = {
      ccs: [
        { code: 'FEP15', products: [{ commodity: 'P15', productType: 'OOF' }] },
        { code: 'FEP11', products: [{ commodity: 'P11', productType: 'OOF' }] },
      ],
      series: [
        { commodity: 'P15', productType: 'OOF', right: 'C', futuresMonth: 201610, optionMonth: 201610, strike: 100, compositeDelta: 5000, riskArray: L15.map((x) => -x) },
        { commodity: 'P11', productType: 'OOF', right: 'C', futuresMonth: 201610, optionMonth: 201610, strike: 100, compositeDelta: 5000, riskArray: L11.map((x) => -x) },
      ],
    };
    const cat = catalogueOf([
      { clearingHouse: 'HKCC', cc: 'FEP15', commodity: 'P15', multiplier: 1 },
      { clearingHouse: 'HKCC', cc: 'FEP11', commodity: 'P11', multiplier: 1 },
    ]);
    const a = run(plan, cat, (r) => [
      [seriesOf(r, 'P15', 201610, 'C', 100), -1],
      [seriesOf(r, 'P11', 201610, 'C', 100), -1],
    ]);
    const s15 = side(onlyCc(a, 'FEP15'));
    // s* = 15 (420). TR = (40 − 20)/2 = 10; PR = L15 − TR = 410 (no pair); VR = 420 − 410 − 10 = 0.
    expect([s15.activeScenario, s15.scanRisk, s15.timeRisk, s15.priceRisk, s15.volatilityRisk]).toEqual([15, '420', '10', '410', '0']);
    const s11 = side(onlyCc(a, 'FEP11'));
    // s* = 11 (300), pair 12 (260): PR = (300 + 260)/2 − 10 = 270; VR = 300 − 270 − 10 = 20.
    expect([s11.activeScenario, s11.scanRisk, s11.timeRisk, s11.priceRisk, s11.volatilityRisk]).toEqual([11, '300', '10', '270', '20']);
  });

  describe('SEOCH mark-to-market, net vs gross', () => {
    const R125 = [20, -18, -40, -75, 90, 55, -90, -120, 180, 140, -130, -155, 270, 230, -150, 310];
    const R130 = [15, -14, -35, -60, 70, 45, -70, -95, 140, 110, -100, -120, 210, 180, -115, 240];
    const plan: RpfPlan = {
      ccs: [
        { code: 'SEHEX', products: [{ commodity: 'HEX', productType: 'OOP' }], somRate: 98, somMethod: '2' },
        { code: 'SETCH', products: [{ commodity: 'TCH', productType: 'OOP' }], somRate: 15 },
      ],
      series: [
        // Prices with 2 decimals: 0.94 and 1.32.
        { commodity: 'HEX', productType: 'OOP', right: 'P', futuresMonth: 201709, optionMonth: 201709, strike: 12500, compositeDelta: -4000, settlementPrice: 94, riskArray: R125 },
        { commodity: 'HEX', productType: 'OOP', right: 'P', futuresMonth: 201709, optionMonth: 201709, strike: 13000, compositeDelta: -5000, settlementPrice: 132, riskArray: R130 },
        { commodity: 'TCH', productType: 'OOP', right: 'P', futuresMonth: 201709, optionMonth: 201709, strike: 11500, compositeDelta: -3000, settlementPrice: 15, riskArray: R130 },
      ],
    };
    const cat = catalogueOf([
      { clearingHouse: 'SEOCH', cc: 'SEHEX', commodity: 'HEX', multiplier: 100, priceDecimals: 2 },
      { clearingHouse: 'SEOCH', cc: 'SETCH', commodity: 'TCH', multiplier: 100, priceDecimals: 2 },
    ]);
    const picks = (r: RiskParameterFile): [Series, number][] => [
      [seriesOf(r, 'HEX', 201709, 'P', 12500), -5],
      [seriesOf(r, 'HEX', 201709, 'P', 13000), 1],
      [seriesOf(r, 'TCH', 201709, 'P', 11500), 5],
    ];

    it('net: longs offset shorts in scan risk and MTM = SOV − LOV', () => {
      const a = run(plan, cat, picks, 'net');
      const hex = onlyCc(a, 'SEHEX');
      const s = side(hex);
      // L = −5 × R125 + R130: max 655 at s12 (pair 11: 550). TR = (−85 + 76)/2 = −4.5;
      // PR = (655 + 550)/2 + 4.5 = 607; VR = 655 − 607 + 4.5 = 52.5.
      expect([s.scanRisk, s.activeScenario, s.timeRisk, s.priceRisk, s.volatilityRisk]).toEqual(['655', 12, '-4.5', '607', '52.5']);
      // SOM = 5 short puts × 98 = 490 < 655: RM 655.
      // SOV = 5 × 0.94 × 100 = 470; LOV = 1 × 1.32 × 100 = 132; MTM = 338; requirement 993.
      expect([hex.riskMargin, hex.shortOptionValue, hex.longOptionValue, hex.mtm, hex.requirement]).toEqual(['655', '470', '132', '338', '993']);
      expect(hex.marginable).toBe(true);
      // SETCH long 5 puts: L = 5 × R130, max 1200 at s16 → RM 1200; LOV = 5 × 0.15 × 100 = 75; MTM −75.
      const tch = onlyCc(a, 'SETCH');
      expect([tch.riskMargin, tch.longOptionValue, tch.mtm, tch.requirement, tch.solelyLongOptions]).toEqual(['1200', '75', '-75', '1125', true]);
      // SEOCH total = max(0, 993 + 1125) = 2118.
      expect(a.clearingHouses.map((h) => [h.clearingHouse, h.requirement])).toEqual([['SEOCH', '2118']]);
    });

    it('gross: SEOCH longs are not marginable; MTM = SOV of the short side', () => {
      const a = run(plan, cat, picks, 'gross');
      const hex = onlyCc(a, 'SEHEX');
      const short = side(hex, 'short');
      // L = −5 × R125: max 775 at s12 (pair 11: 650). TR = (−100 + 90)/2 = −5;
      // PR = (775 + 650)/2 + 5 = 717.5; VR = 775 − 717.5 + 5 = 62.5.
      expect([short.scanRisk, short.activeScenario, short.timeRisk, short.priceRisk, short.volatilityRisk]).toEqual(['775', 12, '-5', '717.5', '62.5']);
      const long = side(hex, 'long');
      expect(long.marginable).toBe(false);
      expect([long.scanRisk, long.riskMargin, long.longOptionValue, long.mtm, long.requirement, long.activeScenario]).toEqual(['0', '0', '0', '0', '0', 0]);
      // RM = 775 + 0; MTM = 470 (the long put's 132 does not count); requirement 1245.
      expect([hex.riskMargin, hex.longOptionValue, hex.shortOptionValue, hex.mtm, hex.requirement, hex.marginable]).toEqual(['775', '0', '470', '470', '1245', true]);
      // SETCH: long only, not marginable, every figure 0.
      const tch = onlyCc(a, 'SETCH');
      expect([tch.marginable, tch.solelyLongOptions, tch.riskMargin, tch.mtm, tch.requirement]).toEqual([false, true, '0', '0', '0']);
      expect(tch.sides.map((x) => x.side)).toEqual(['long']);
      expect(a.clearingHouseTotalHkd).toBe('1245');
    });
  });

  it('a USD CC: rounded in USD, converted with the T rate, summed and rounded in HKD', () => {
    const plan: RpfPlan = {
      ccs: [
        XXX,
        // Risk-array decimal locator 2: raw values are cents.
        { code: 'FEUSD', currency: 'USD', products: [{ commodity: 'USD', productType: 'FUT', locator: 2 }] },
      ],
      series: [
        { commodity: 'XXX', productType: 'FUT', futuresMonth: 201806, riskArray: XXX_M8, compositeDelta: 10000 },
        {
          commodity: 'USD',
          productType: 'FUT',
          futuresMonth: 201610,
          compositeDelta: 10000,
          riskArray: [0, 0, -41152, -41152, 41152, 41152, -82304, -82304, 82304, 82304, -123456, -123456, 123456, 123456, -111110, 111110],
        },
      ],
      // 1 USD = 7.758000 HKD.
      rates: [{ from: 'USD', to: 'HKD', multiplier: 7758000 }],
    };
    const cat = catalogueOf([
      { clearingHouse: 'HKCC', cc: 'FEXXX', commodity: 'XXX', multiplier: 50 },
      { clearingHouse: 'HKCC', cc: 'FEUSD', commodity: 'USD', currency: 'USD', multiplier: 100000 },
    ]);
    const a = run(plan, cat, (r) => [
      [seriesOf(r, 'USD', 201610), 1],
      [seriesOf(r, 'XXX', 201806), -1],
    ]);
    // FEUSD long 1: scan = 123456 cents = 1234.56 USD (s13) → RM 1235 USD.
    const usd = side(onlyCc(a, 'FEUSD'));
    expect([usd.scanRisk, usd.riskMarginUnrounded, usd.riskMargin]).toEqual(['1234.56', '1234.56', '1235']);
    // FEXXX short 1: 5700 HKD. HKD total = 5700 + 1235 × 7.758 (= 9581.13) = 15281.13 → 15281.
    expect(a.clearingHouses.map((h) => [h.clearingHouse, h.currency, h.requirement, h.hkdRate, h.requirementHkd])).toEqual([
      ['HKCC', 'HKD', '5700', '1', '5700'],
      ['HKCC', 'USD', '1235', '7.758', '9581.13'],
    ]);
    expect(a.clearingHouseTotalHkd).toBe('15281');
  });
});
