import fc from 'fast-check';
import type { ContractCatalogue, RiskParameterFile, Series } from '@marginkit/rpf';
import type { CcPart, DsfPart, InterSpreadPart, RpfPlan, SeriesPart } from './build-rpf';
import { buildRpf, catalogueOf } from './build-rpf';
import type { PrimeContext } from '../../src/index';
import { preparePrime } from '../../src/index';

/**
 * Random markets for property tests: a few HKCC and SEOCH CCs (sometimes one in USD) with tiers,
 * multi-leg tier spreads with tied priorities, delivery months, SOM methods, delta scaling
 * factors, risk-array locators and exponents, decimal multipliers, type-6 spreads — and random
 * portfolios over them. Drawn through fast-check's `gen`, so failures shrink.
 */

export type Draw = <T>(arb: fc.Arbitrary<T>) => T;

export function drawFrom(g: fc.GeneratorValue): Draw {
  return <T>(arb: fc.Arbitrary<T>) => g(() => arb);
}

const MONTHS = [201610, 201611, 201612, 201701];

export interface Market {
  readonly rpf: RiskParameterFile;
  readonly catalogue: ContractCatalogue;
}

export function randomMarket(draw: Draw): Market {
  const int = (min: number, max: number) => draw(fc.integer({ min, max }));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)] as T;
  const ccs: CcPart[] = [];
  const series: SeriesPart[] = [];
  const dsf: DsfPart[] = [];
  const catalogueRows: Parameters<typeof catalogueOf>[0][number][] = [];
  const houses: { code: string; house: 'HKCC' | 'SEOCH' }[] = [];
  const nHk = int(1, 4);
  const nSe = int(0, 2);
  const usd = int(0, 2) === 0;

  for (let i = 0; i < nHk + nSe; i++) {
    const seoch = i >= nHk;
    const code = seoch ? `SES${i}` : `FEC${i}`;
    const commodity = seoch ? `S${i}` : `C${i}`;
    const optionType = seoch ? 'OOP' : 'OOF';
    const currency = !seoch && usd && i === 0 ? 'USD' : 'HKD';
    const nTiers = int(0, 3);
    const tiers = [];
    let m = 0;
    for (let t = 1; t <= nTiers && m < MONTHS.length; t++) {
      const width = int(1, 2);
      const end = Math.min(m + width - 1, MONTHS.length - 1);
      tiers.push({ number: t, startMonth: MONTHS[m] as number, endMonth: MONTHS[end] as number });
      m = end + 1;
    }
    const tierSpreads = Array.from({ length: nTiers === 0 ? 0 : int(0, 3) }, () => ({
      priority: int(1, 3),
      chargeRate: int(0, 999),
      legs: Array.from({ length: int(2, 3) }, () => ({ tier: int(1, nTiers + 1), ratio: int(1, 3), side: pick(['A', 'B'] as const) })),
    }));
    const deliveryMonths = MONTHS.filter(() => int(0, 3) === 0)
      .slice(0, 2)
      .map((month) => ({ month, consumedRate: int(0, 999), remainingRate: int(0, 999) }));
    const products: CcPart['products'][number][] = [{ commodity, productType: optionType, locator: int(-1, 2) }];
    if (!seoch) products.push({ commodity, productType: 'FUT', locator: int(-1, 2) });
    ccs.push({
      code,
      currency,
      riskExponent: int(0, 1),
      products,
      tiers,
      tierSpreads,
      deliveryMonths,
      somRate: int(0, 300),
      somMethod: pick(['1', '2'] as const),
    });
    houses.push({ code, house: seoch ? 'SEOCH' : 'HKCC' });
    catalogueRows.push({
      clearingHouse: seoch ? 'SEOCH' : 'HKCC',
      cc: code,
      commodity,
      currency,
      multiplier: int(0, 1) === 0 ? int(1, 1000) : { units: int(1, 99999), scale: int(1, 3) },
      priceDecimals: int(0, 3),
    });

    // Small arrays now and then, so that the short option minimum also binds.
    const amplitude = pick([99, 9999, 99999]);
    const ra = () => Array.from({ length: 16 }, () => int(-amplitude, amplitude));
    for (const month of MONTHS) {
      if (int(0, 3) === 0) continue;
      if (!seoch) {
        series.push({ commodity, productType: 'FUT', futuresMonth: month, riskArray: ra(), compositeDelta: int(-10000, 10000) });
        if (int(0, 2) === 0) dsf.push({ commodity, productType: 'FUT', futuresMonth: month, optionMonth: 0, deltaScalingFactor: int(0, 30000) });
      }
      for (const right of ['C', 'P'] as const) {
        const strikes = int(0, 2);
        for (let k = 0; k < strikes; k++) {
          series.push({
            commodity,
            productType: optionType,
            right,
            futuresMonth: seoch ? 0 : month,
            optionMonth: month,
            strike: 100 + k * 10,
            riskArray: ra(),
            compositeDelta: int(-10000, 10000),
            settlementPrice: int(0, 99999),
          });
        }
      }
      if (int(0, 2) === 0) {
        dsf.push({ commodity, productType: optionType, futuresMonth: seoch ? 0 : month, optionMonth: month, deltaScalingFactor: int(0, 30000) });
      }
    }
  }

  const interSpreads: InterSpreadPart[] = [];
  for (const house of ['HKCC', 'SEOCH'] as const) {
    const codes = houses.filter((h) => h.house === house).map((h) => h.code);
    if (codes.length < 2) continue;
    for (let k = int(0, 4); k > 0; k--) {
      const legs = codes.filter(() => int(0, 1) === 0).slice(0, 3);
      if (legs.length < 2) continue;
      interSpreads.push({
        priority: int(1, 4),
        creditRate: int(100000, 900000),
        legs: legs.map((cc) => ({ cc, ratio: int(1000, 30000), side: pick(['A', 'B'] as const) })),
      });
    }
  }
  const plan: RpfPlan = {
    ccs,
    series,
    dsf,
    interSpreads,
    rates: usd ? [{ from: 'USD', to: 'HKD', multiplier: int(1000000, 9999999) }] : [],
  };
  return { rpf: buildRpf(plan), catalogue: catalogueOf(catalogueRows) };
}

export interface Holding {
  readonly series: Series;
  readonly quantity: number;
}

export function randomPortfolio(draw: Draw, rpf: RiskParameterFile, maxQuantity = 60, maxRows = 25): Holding[] {
  if (rpf.series.length === 0) return [];
  const n = draw(fc.integer({ min: 1, max: maxRows }));
  return Array.from({ length: n }, () => ({
    series: rpf.series[draw(fc.integer({ min: 0, max: rpf.series.length - 1 }))] as Series,
    quantity: draw(fc.integer({ min: -maxQuantity, max: maxQuantity })),
  }));
}

/** A random market, its prepared context and a random portfolio over it. */
export function randomCase(g: fc.GeneratorValue): { draw: Draw; market: Market; ctx: PrimeContext; positions: Holding[] } {
  const draw = drawFrom(g);
  const market = randomMarket(draw);
  return { draw, market, ctx: preparePrime(market.rpf, market.catalogue), positions: randomPortfolio(draw, market.rpf) };
}
