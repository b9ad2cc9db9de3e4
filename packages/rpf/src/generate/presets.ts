import type { GeneratedRpf } from './generate';
import { generateRpf } from './generate';
import { seededPrng } from './prng';
import type { Prng } from './prng';
import type { CcSpec, GeneratorSpec, InterSpreadSpec } from './spec';

export type PresetName = 'small' | 'fullDay';
export const PRESET_NAMES: readonly PresetName[] = ['small', 'fullDay'];

/** The description of a preset; `seed` draws its market data (spots, volatilities, …). */
export function presetSpec(name: PresetName, seed: number): GeneratorSpec {
  return name === 'small' ? smallSpec(seed) : fullDaySpec(seed);
}

const BUSINESS_DATE = '2024-03-15';
const EXCHANGES = [
  { acronym: 'HKF', code: 'HF', clearingHouse: 'HKCC' },
  { acronym: 'SEO', code: 'SO', clearingHouse: 'SEOCH' },
] as const;
const CURRENCY_RATES = [
  { from: 'USD', fromCode: 'U', to: 'HKD', toCode: 'H', rate: '7.8125' },
  { from: 'CNY', fromCode: 'C', to: 'HKD', toCode: 'H', rate: '1.0856' },
];
const HKD = { currency: 'HKD', currencyCode: 'H' } as const;

/**
 * A few CCs for tests: an index CC with futures and options on futures (risk exponent 1, three
 * tiers, spot-month charge), its mini future, two SEOCH stock option CCs with 2-decimal prices,
 * and an HKCC stock future spread against one of them.
 */
function smallSpec(seed: number): GeneratorSpec {
  const rng = seededPrng(seed ^ 0x5eed);
  const hsi = { code: 'HSI', spot: jitter(rng, 16720, 0.02), volatility: 0.22, rate: 0.04, dividendYield: 0.03 };
  const tch = { code: 'TCH', spot: round2(jitter(rng, 290.6, 0.03)), volatility: 0.35, rate: 0.04, dividendYield: 0.01 };
  const hex = { code: 'HEX', spot: round2(jitter(rng, 255.4, 0.03)), volatility: 0.3, rate: 0.04, dividendYield: 0.025 };
  const ccs: CcSpec[] = [
    indexCc('FEHSI', hsi, 'HSI', 50, {
      futuresMonths: [202403, 202404, 202406],
      optionMonths: [202403, 202404],
      strikes: 7,
      step: 200,
      priceScanRate: 0.13,
      lastTierEnd: 202412,
      som: 2500,
    }),
    {
      code: 'FEMHI',
      exchange: 'HKF',
      ...HKD,
      underlying: hsi,
      futures: { commodity: 'MHI', months: [202403, 202404], multiplier: 10, priceDecimals: 0 },
      priceScanRate: 0.13,
      volatilityScanRange: 0.05,
      extremeMove: { multiplier: 3, coveredFraction: 0.35 },
      som: { rate: 500, method: '2' },
    },
    stockOptions(hex, 100, { months: [202403, 202404, 202406], count: 9, step: 5 }, 0.15, 50, '1'),
    stockOptions(tch, 100, { months: [202403, 202404], count: 7, step: 10 }, 0.18, 60, '2'),
    stockFutures(tch, 100, [202403, 202404], 0.18),
  ];
  return {
    header: { businessDate: BUSINESS_DATE },
    currencyRates: CURRENCY_RATES,
    exchanges: EXCHANGES,
    combinedCommodities: ccs,
    groups: [
      { code: 'IDX', ccs: ['FEHSI', 'FEMHI'] },
      { code: 'STK', ccs: ['SETCH', 'FSTCH'] },
    ],
    interSpreads: [
      { group: 'IDX', creditRatePercent: 90, legs: [{ cc: 'FEHSI', ratio: 1, side: 'A' }, { cc: 'FEMHI', ratio: 5, side: 'B' }] },
      { group: 'STK', creditRatePercent: 70, legs: [{ cc: 'SETCH', ratio: 1, side: 'A' }, { cc: 'FSTCH', ratio: 1, side: 'B' }] },
    ],
  };
}

const INDEX_FUTURES_MONTHS = [202403, 202404, 202406, 202409];
const OPTION_MONTHS = [202403, 202404, 202405, 202406, 202409, 202412, 202503, 202506];
const STOCK_FUTURES_MONTHS = [202403, 202404, 202406];
const STOCK_OPTION_CCS = 110;
const STOCK_FUTURES_CCS = 60;

/**
 * A realistic full day (≈ 105,000 series over 175 CCs, ≈ 24 MB written): five index CCs
 * (HSI, HHI, HTI with their minis' futures and options), 110 SEOCH stock option CCs with
 * 2-decimal prices, 8 months and 55 strikes each, and 60 HKCC stock future CCs spread two by
 * two (intercommodity spreads never cross clearing houses).
 */
function fullDaySpec(seed: number): GeneratorSpec {
  const rng = seededPrng(seed ^ 0xf011da7);
  const index = (code: string, spot: number, volatility: number) => ({
    code,
    spot: Math.round(jitter(rng, spot, 0.03)),
    volatility,
    rate: 0.04,
    dividendYield: 0.032,
  });
  const hsi = index('HSI', 16700, 0.22);
  const hhi = index('HHI', 5700, 0.26);
  const hti = index('HTI', 3500, 0.32);
  const day = { futuresMonths: INDEX_FUTURES_MONTHS, optionMonths: OPTION_MONTHS, priceScanRate: 0.12, lastTierEnd: 202612 };
  const ccs: CcSpec[] = [
    indexCc('FEHSI', hsi, 'HSI', 50, { ...day, strikes: 120, step: 100, som: 2500 }),
    indexCc('FEMHI', hsi, 'MHI', 10, { ...day, strikes: 60, step: 200, som: 500 }),
    indexCc('FEHHI', hhi, 'HHI', 50, { ...day, strikes: 120, step: 50, som: 900 }),
    indexCc('FEMCH', hhi, 'MCH', 10, { ...day, strikes: 60, step: 100, som: 180 }),
    indexCc('FEHTI', hti, 'HTI', 50, { ...day, strikes: 120, step: 25, som: 450 }),
  ];
  const codes = letterCodes(rng, STOCK_OPTION_CCS, new Set(['HSI', 'MHI', 'HHI', 'MCH', 'HTI']));
  const futures: CcSpec[] = [];
  const spreads: InterSpreadSpec[] = [
    { group: 'IDX', creditRatePercent: 90, legs: [{ cc: 'FEHSI', ratio: 1, side: 'A' }, { cc: 'FEMHI', ratio: 5, side: 'B' }] },
    { group: 'IDX', creditRatePercent: 90, legs: [{ cc: 'FEHHI', ratio: 1, side: 'A' }, { cc: 'FEMCH', ratio: 5, side: 'B' }] },
    { group: 'IDX', creditRatePercent: 45, legs: [{ cc: 'FEHSI', ratio: 1, side: 'A' }, { cc: 'FEHHI', ratio: 2.93, side: 'B' }] },
    { group: 'IDX', creditRatePercent: 40, legs: [{ cc: 'FEHSI', ratio: 1, side: 'A' }, { cc: 'FEHTI', ratio: 4.7725, side: 'B' }] },
  ];
  const stockGroup: string[] = [];
  codes.forEach((code, i) => {
    const spot = round2(Math.exp(rng.uniform(Math.log(3), Math.log(600))));
    const stock = {
      code,
      spot,
      volatility: round4(rng.uniform(0.2, 0.55)),
      rate: 0.04,
      dividendYield: round4(rng.uniform(0, 0.06)),
      skew: round4(rng.uniform(-0.25, 0)),
    };
    const multiplier = rng.pick(spot < 10 ? [1000, 2000, 5000] : spot < 50 ? [500, 1000, 2000] : spot < 200 ? [100, 500, 1000] : [50, 100, 200]);
    const scan = round4(rng.uniform(0.1, 0.25));
    const som = Math.max(10, Math.round((0.02 * spot * multiplier) / 10) * 10);
    ccs.push(stockOptions(stock, multiplier, { months: OPTION_MONTHS, count: 55, step: niceStep(spot * 0.02) }, scan, som, rng.pick(['1', '2'] as const)));
    if (i < STOCK_FUTURES_CCS) {
      futures.push(stockFutures(stock, multiplier, STOCK_FUTURES_MONTHS, scan));
      // PRiME margins each clearing house on its own, so an HKCC stock future can only be
      // spread against another HKCC CC: pair the stock futures two by two, as sector pairs.
      stockGroup.push(`FS${code}`);
      const previous = stockGroup[stockGroup.length - 2];
      if (stockGroup.length % 2 === 0 && previous !== undefined) {
        spreads.push({ group: 'STK', creditRatePercent: 50, legs: [{ cc: previous, ratio: 1, side: 'A' }, { cc: `FS${code}`, ratio: 1, side: 'B' }] });
      }
    }
  });
  return {
    header: { businessDate: BUSINESS_DATE },
    currencyRates: CURRENCY_RATES,
    exchanges: EXCHANGES,
    combinedCommodities: [...ccs, ...futures],
    groups: [
      { code: 'IDX', ccs: ['FEHSI', 'FEMHI', 'FEHHI', 'FEMCH', 'FEHTI'] },
      { code: 'STK', ccs: stockGroup },
    ],
    interSpreads: spreads,
  };
}

/**
 * An index CC: futures and options on futures of one commodity, three tiers (spot month, next
 * month, the rest), three tier spreads and a spot-month charge scaled by the multiplier.
 */
function indexCc(
  code: string,
  underlying: CcSpec['underlying'],
  commodity: string,
  multiplier: number,
  o: {
    futuresMonths: readonly number[];
    optionMonths: readonly number[];
    strikes: number;
    step: number;
    priceScanRate: number;
    lastTierEnd: number;
    som: number;
  },
): CcSpec {
  return {
    code,
    exchange: 'HKF',
    ...HKD,
    underlying,
    futures: { commodity, months: o.futuresMonths, multiplier, priceDecimals: 0 },
    options: { commodity, productType: 'OOF', months: o.optionMonths, strikes: { grid: { count: o.strikes, step: o.step } }, multiplier, priceDecimals: 0 },
    priceScanRate: o.priceScanRate,
    volatilityScanRange: 0.05,
    extremeMove: { multiplier: 3, coveredFraction: 0.35 },
    tiers: [
      { start: 202403, end: 202403 },
      { start: 202404, end: 202404 },
      { start: 202405, end: o.lastTierEnd },
    ],
    tierSpreads: [
      { charge: multiplier * 60, legs: [{ tier: 1, ratio: 1, side: 'A' }, { tier: 2, ratio: 1, side: 'B' }] },
      { charge: multiplier * 80, legs: [{ tier: 2, ratio: 1, side: 'A' }, { tier: 3, ratio: 1, side: 'B' }] },
      { charge: multiplier * 110, legs: [{ tier: 1, ratio: 1, side: 'A' }, { tier: 3, ratio: 1, side: 'B' }] },
    ],
    spotMonths: [{ month: 202403, consumedRate: multiplier * 20, remainingRate: multiplier * 40 }],
    som: { rate: o.som, method: '2' },
  };
}

function stockOptions(
  stock: CcSpec['underlying'],
  multiplier: number,
  grid: { months: readonly number[]; count: number; step: number },
  scanRate: number,
  som: number,
  somMethod: '1' | '2',
): CcSpec {
  return {
    code: `SE${stock.code}`,
    exchange: 'SEO',
    ...HKD,
    underlying: stock,
    options: {
      commodity: stock.code,
      productType: 'OOP',
      months: grid.months,
      strikes: { grid: { count: grid.count, step: grid.step } },
      multiplier,
      priceDecimals: 2,
    },
    priceScanRate: scanRate,
    volatilityScanRange: 0.08,
    extremeMove: { multiplier: 2, coveredFraction: 0.3 },
    som: { rate: som, method: somMethod },
  };
}

/** An HKCC stock future; its commodity code is the stock's with an `F`, unique in the catalogue. */
function stockFutures(stock: CcSpec['underlying'], multiplier: number, months: readonly number[], scanRate: number): CcSpec {
  return {
    code: `FS${stock.code}`,
    exchange: 'HKF',
    ...HKD,
    underlying: stock,
    futures: { commodity: `${stock.code}F`, months, multiplier, priceDecimals: 2 },
    priceScanRate: scanRate,
    volatilityScanRange: 0.08,
    extremeMove: { multiplier: 2, coveredFraction: 0.3 },
    tiers: [
      { start: months[0] ?? 0, end: months[0] ?? 0 },
      { start: months[1] ?? 0, end: months[months.length - 1] ?? 0 },
    ],
    tierSpreads: [{ charge: Math.max(10, Math.round((0.01 * stock.spot * multiplier) / 10) * 10), legs: [{ tier: 1, ratio: 1, side: 'A' }, { tier: 2, ratio: 1, side: 'B' }] }],
    spotMonths: [{ month: months[0] ?? 0, consumedRate: 10, remainingRate: 20 }],
    som: { rate: 0, method: '2' },
  };
}

/** Distinct three-letter commodity codes (letters only, so HKEX series codes stay unambiguous). */
function letterCodes(rng: Prng, n: number, taken: Set<string>): string[] {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const out: string[] = [];
  while (out.length < n) {
    const code = rng.pick([...letters]) + rng.pick([...letters]) + rng.pick([...letters]);
    if (taken.has(code)) continue;
    taken.add(code);
    out.push(code);
  }
  return out;
}

/** The listed strike interval nearest to `target` (HKEX-like steps). */
function niceStep(target: number): number {
  const steps = [0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 25, 50];
  let best = steps[0] as number;
  for (const s of steps) if (Math.abs(Math.log(s / target)) < Math.abs(Math.log(best / target))) best = s;
  return best;
}

function jitter(rng: Prng, x: number, fraction: number): number {
  return x * (1 + rng.uniform(-fraction, fraction));
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** A preset generated with `seed` (the seed draws its market data and its volatility noise). */
export function generatePreset(name: PresetName, seed: number): GeneratedRpf {
  return generateRpf(presetSpec(name, seed), seed);
}
