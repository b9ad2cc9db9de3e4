import type { ContractCatalogue } from './contract';
import { formatFixed } from './fixed';
import type { ArrayParameters, Fixed, RiskParameterFile, Series } from './model';
import { effectiveDeltaScalingFactor } from './model';
import { formatSeriesCode } from './series-code';

/**
 * One series as a person reads it: every number an exact decimal string in its natural unit
 * (risk-array values in the CC's margin currency, prices with the commodity's price decimals).
 * What `marginkit rpf series` shows.
 */
export interface SeriesDetail {
  /** HKEX code, or undefined when the series has none (see formatSeriesCode). */
  readonly code: string | undefined;
  readonly cc: string;
  readonly currency: string;
  readonly exchange: string;
  readonly commodity: string;
  readonly underlying: string;
  readonly productType: string;
  readonly right: '' | 'C' | 'P';
  readonly futuresMonth: number;
  readonly futuresDayWeek: string;
  readonly optionMonth: number;
  readonly optionDayWeek: string;
  /** With the commodity's price decimals; undefined when the commodity is not in the catalogue. */
  readonly strike: string | undefined;
  /** The 16 scenario losses (+) / gains (−) of one long contract, in `currency`. */
  readonly riskArray: readonly string[];
  readonly compositeDelta: string;
  readonly impliedVolatility: string;
  /** With the commodity's price decimals; undefined when the commodity is not in the catalogue. */
  readonly settlementPrice: string | undefined;
  /** The series' B record, or undefined when the file has none for it. */
  readonly arrayParameters: ArrayParametersDetail | undefined;
}

export interface ArrayParametersDetail {
  readonly baseVolatility: string;
  readonly volatilityScanRange: string;
  /** The raw 9(5) value × 10^RE of the CC (rpf-format.md record B). */
  readonly priceScanRange: string;
  readonly extremeMoveMultiplier: string;
  readonly extremeMoveCoveredFraction: string;
  readonly interestRate: string;
  readonly timeToExpiration: string;
  readonly lookAheadTime: string;
  /** The factor applied (a blank or 0 in the file means 1). */
  readonly deltaScalingFactor: string;
  readonly expirationDate: string;
  readonly dividendYield: string;
}

const bKey = (commodity: string, productType: string, futuresMonth: number, optionMonth: number) =>
  `${commodity}\u0000${productType}\u0000${futuresMonth}\u0000${optionMonth}`;

const bIndexes = new WeakMap<RiskParameterFile, ReadonlyMap<string, ArrayParameters>>();

/** The B record that applies to a series (same commodity, product type, futures and option month). */
export function arrayParametersOf(rpf: RiskParameterFile, series: Series): ArrayParameters | undefined {
  let index = bIndexes.get(rpf);
  if (index === undefined) {
    const built = new Map<string, ArrayParameters>();
    for (const b of rpf.arrayParameters) {
      const k = bKey(b.commodity, b.productType, b.futuresMonth, b.optionMonth);
      if (!built.has(k)) built.set(k, b);
    }
    index = built;
    bIndexes.set(rpf, index);
  }
  return index.get(bKey(series.commodity, series.productType, series.futuresMonth, series.optionMonth));
}

const fixed = (f: Fixed) => formatFixed(f.units, f.scale);

export function describeSeries(series: Series, rpf: RiskParameterFile, catalogue: ContractCatalogue): SeriesDetail {
  const cc = rpf.ccByCode.get(series.cc);
  const contract = catalogue.byCommodity.get(series.commodity);
  const code = formatSeriesCode(series, catalogue);
  const b = arrayParametersOf(rpf, series);
  const re = cc?.riskExponent ?? 0;
  return {
    code: code.ok ? code.value : undefined,
    cc: series.cc,
    currency: cc?.currency ?? '',
    exchange: series.exchange,
    commodity: series.commodity,
    underlying: series.underlying,
    productType: series.productType,
    right: series.right,
    futuresMonth: series.futuresMonth,
    futuresDayWeek: series.futuresDayWeek,
    optionMonth: series.optionMonth,
    optionDayWeek: series.optionDayWeek,
    strike: contract === undefined ? undefined : formatFixed(series.strike, contract.priceDecimals),
    // value × 10^riskScale: a negative scale argument multiplies.
    riskArray: Array.from(series.riskArray, (v) => formatFixed(v, -series.riskScale)),
    compositeDelta: formatFixed(series.compositeDelta, 4),
    impliedVolatility: formatFixed(series.impliedVolatility, 6),
    settlementPrice: contract === undefined ? undefined : formatFixed(series.settlementPrice, contract.priceDecimals),
    arrayParameters:
      b === undefined
        ? undefined
        : {
            baseVolatility: fixed(b.baseVolatility),
            volatilityScanRange: fixed(b.volatilityScanRange),
            priceScanRange: formatFixed(b.priceScanRange, -re),
            extremeMoveMultiplier: fixed(b.extremeMoveMultiplier),
            extremeMoveCoveredFraction: fixed(b.extremeMoveCoveredFraction),
            interestRate: fixed(b.interestRate),
            timeToExpiration: fixed(b.timeToExpiration),
            lookAheadTime: fixed(b.lookAheadTime),
            deltaScalingFactor: fixed(effectiveDeltaScalingFactor(b)),
            expirationDate: b.expirationDate,
            dividendYield: fixed(b.dividendYield),
          },
  };
}
