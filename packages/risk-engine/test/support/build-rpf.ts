import type {
  ArrayParameters,
  CombinedCommodity,
  ContractCatalogue,
  ContractSpec,
  CurrencyRate,
  DeliveryMonth,
  InterSpread,
  MarketSide,
  ProductType,
  RiskParameterFile,
  Series,
  SeriesInput,
  SomMethod,
  Tier,
  TierSpread,
} from '@marginkit/rpf';
import { assembleRpf } from '@marginkit/rpf';

/**
 * A small, plain builder of RPF models for hand-worked tests and generated property tests: every
 * field is given (or defaulted) explicitly, so a test reads like the RPF it stands for; keys, CCs
 * and risk scales are derived by the rpf package's `assembleRpf`, as the parser derives them.
 */

export interface CcPart {
  readonly code: string;
  readonly currency?: string;
  readonly riskExponent?: number;
  /** Commodity code, product type and risk-array decimal locator of each product. */
  readonly products: readonly { readonly commodity: string; readonly productType: ProductType; readonly locator?: number }[];
  readonly tiers?: readonly Tier[];
  readonly tierSpreads?: readonly {
    readonly priority: number;
    readonly chargeRate: number;
    readonly legs: readonly { readonly tier: number; readonly ratio: number; readonly side: MarketSide }[];
  }[];
  readonly deliveryMonths?: readonly Omit<DeliveryMonth, 'monthNumber'>[];
  readonly somRate?: number;
  readonly somMethod?: SomMethod;
}

export interface SeriesPart {
  readonly commodity: string;
  readonly productType: ProductType;
  readonly right?: '' | 'C' | 'P';
  readonly futuresMonth?: number;
  readonly optionMonth?: number;
  readonly strike?: number;
  readonly riskArray: readonly number[];
  /** Scale 4 (10000 = 1.0). */
  readonly compositeDelta: number;
  readonly settlementPrice?: number;
}

export interface InterSpreadPart {
  readonly group?: string;
  readonly priority: number;
  /** Percent × 10^4 (600000 = 60 %). */
  readonly creditRate: number;
  /** Ratio × 10^4. */
  readonly legs: readonly { readonly cc: string; readonly ratio: number; readonly side: MarketSide }[];
}

export interface DsfPart {
  readonly commodity: string;
  readonly productType: ProductType;
  readonly futuresMonth: number;
  readonly optionMonth: number;
  /** Scale 4 (0 = 1). */
  readonly deltaScalingFactor: number;
}

export interface RpfPlan {
  readonly businessDate?: string;
  readonly ccs: readonly CcPart[];
  readonly series: readonly SeriesPart[];
  readonly interSpreads?: readonly InterSpreadPart[];
  readonly dsf?: readonly DsfPart[];
  /** from, to, multiplier × 10^6. */
  readonly rates?: readonly { readonly from: string; readonly to: string; readonly multiplier: number }[];
  readonly fileName?: string;
}

const F = (units: number, scale: number) => ({ units, scale });

export function buildRpf(plan: RpfPlan): RiskParameterFile {
  const combinedCommodities: CombinedCommodity[] = plan.ccs.map((c) => ({
    code: c.code,
    exchange: 'HKF',
    riskExponent: c.riskExponent ?? 0,
    currency: c.currency ?? 'HKD',
    currencyCode: '$',
    optionMarginStyle: 'P',
    limitOptionValue: 'N',
    combinationMargining: '',
    products: c.products.map((p) => ({ commodity: p.commodity, productType: p.productType, riskArrayLocator: p.locator ?? 0 })),
    tierMethod: '01',
    tiers: c.tiers ?? [],
    tierSpreads: (c.tierSpreads ?? []).map(
      (s): TierSpread => ({
        method: '01',
        priority: s.priority,
        chargeRate: s.chargeRate,
        legs: s.legs.map((l, i) => ({ leg: i + 1, tier: l.tier, ratio: l.ratio, side: l.side })),
      }),
    ),
    spot: {
      method: '01',
      deliveryMonths: (c.deliveryMonths ?? []).map((d, i) => ({ monthNumber: i + 1, ...d })),
      somRate: c.somRate ?? 0,
      maintenanceFactors: [F(100, 2), F(100, 2), F(100, 2)],
      somMethod: c.somMethod ?? '2',
    },
  }));
  const series: SeriesInput[] = plan.series.map((p) => ({
    exchange: 'HKF',
    commodity: p.commodity,
    underlying: p.commodity,
    productType: p.productType,
    right: p.right ?? '',
    futuresMonth: p.futuresMonth ?? 0,
    futuresDayWeek: '',
    optionMonth: p.optionMonth ?? 0,
    optionDayWeek: '',
    strike: p.strike ?? 0,
    riskArray: p.riskArray,
    compositeDelta: p.compositeDelta,
    impliedVolatility: 0,
    settlementPrice: p.settlementPrice ?? 0,
  }));

  const interSpreads: InterSpread[] = (plan.interSpreads ?? []).map((s) => ({
    group: s.group ?? 'GRP',
    priority: s.priority,
    creditRate: F(s.creditRate, 4),
    legs: s.legs.map((l) => ({ exchange: 'HKF', requiredForScanning: 'Y', cc: l.cc, ratio: F(l.ratio, 4), side: l.side, tier: 0 })),
    method: '',
    creditMethod: 'W' as const,
  }));
  const arrayParameters: ArrayParameters[] = (plan.dsf ?? []).map((d) => ({
    exchange: 'HKF',
    commodity: d.commodity,
    productType: d.productType,
    futuresMonth: d.futuresMonth,
    futuresDayWeek: '',
    optionMonth: d.optionMonth,
    optionDayWeek: '',
    baseVolatility: F(0, 6),
    volatilityScanRange: F(0, 6),
    priceScanRange: 0,
    extremeMoveMultiplier: F(0, 3),
    extremeMoveCoveredFraction: F(0, 4),
    interestRate: F(0, 4),
    timeToExpiration: F(0, 6),
    lookAheadTime: F(0, 6),
    deltaScalingFactor: F(d.deltaScalingFactor, 4),
    expirationDate: '',
    dividendYield: F(0, 6),
  }));
  const currencyRates: CurrencyRate[] = (plan.rates ?? []).map((r) => ({
    from: r.from,
    fromCode: '',
    to: r.to,
    toCode: '',
    multiplier: F(r.multiplier, 6),
  }));
  const businessDate = plan.businessDate ?? '2016-09-30';
  return assembleRpf({
    source: { fileName: plan.fileName, fromFileName: undefined },
    header: {
      exchangeComplex: 'HKEX',
      businessDate,
      settlementFlag: 'S',
      fileId: 'F',
      kind: 'final',
      businessTime: '18:30',
      creationDate: businessDate,
      creationTime: '19:00',
      format: 'U2',
      grossNetIndicator: '',
      limitOptionValueFlag: '',
      businessFunction: 'CLR',
      levelFlag: 'A',
      levelCode: 'CLR',
    },
    currencyRates,
    exchanges: [{ acronym: 'HKF', code: '01' }],
    combinedCommodities,
    interSpreads,
    arrayParameters,
    series,
  });
}

export function catalogueOf(
  rows: readonly {
    readonly clearingHouse: 'HKCC' | 'SEOCH';
    readonly cc: string;
    readonly commodity: string;
    readonly currency?: string;
    /** Integer multiplier, or units/scale. */
    readonly multiplier: number | { readonly units: number; readonly scale: number };
    readonly priceDecimals?: number;
  }[],
): ContractCatalogue {
  const contracts: ContractSpec[] = rows.map((r) => ({
    clearingHouse: r.clearingHouse,
    cc: r.cc,
    commodity: r.commodity,
    currency: r.currency ?? 'HKD',
    multiplier: typeof r.multiplier === 'number' ? F(r.multiplier, 0) : r.multiplier,
    priceDecimals: r.priceDecimals ?? 0,
  }));
  return { contracts, byCommodity: new Map(contracts.map((c) => [c.commodity, c])) };
}

/** The one series of `rpf` matching commodity, month and (for options) right and strike. */
export function seriesOf(
  rpf: RiskParameterFile,
  commodity: string,
  month: number,
  right: '' | 'C' | 'P' = '',
  strike = 0,
): Series {
  const found = rpf.series.filter(
    (s) => s.commodity === commodity && s.right === right && (right === '' ? s.futuresMonth === month : s.optionMonth === month) && s.strike === strike,
  );
  if (found.length !== 1) throw new Error(`seriesOf: ${found.length} series match ${commodity} ${month} ${right} ${strike}`);
  return found[0] as Series;
}
