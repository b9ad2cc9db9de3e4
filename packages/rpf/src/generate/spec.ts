import type { ClearingHouse } from '../contract';
import type { FileKind, MarketSide, SomMethod } from '../model';

/**
 * A compact description of a synthetic RPF. Prices, volatilities and rates are plain numbers
 * (fractions, not percent): the generator prices risk arrays with floats and writes the rounded
 * integers, exactly as a clearing house's own array calculation would.
 */
export interface GeneratorSpec {
  readonly header: {
    /** `YYYY-MM-DD` */
    readonly businessDate: string;
    readonly kind?: FileKind;
    /** `HH:MM`; default 18:30 (final/early) or 12:30 (intra-day). */
    readonly businessTime?: string;
    readonly exchangeComplex?: string;
  };
  /** T records: 1 `from` = `rate` `to`; `rate` is decimal text with at most 6 decimals. */
  readonly currencyRates?: readonly {
    readonly from: string;
    readonly fromCode: string;
    readonly to: string;
    readonly toCode: string;
    readonly rate: string;
  }[];
  readonly exchanges: readonly { readonly acronym: string; readonly code: string; readonly clearingHouse: ClearingHouse }[];
  readonly combinedCommodities: readonly CcSpec[];
  /** Record 5 groups. */
  readonly groups?: readonly { readonly code: string; readonly ccs: readonly string[] }[];
  /** Record 6 spreads, priority = position + 1. */
  readonly interSpreads?: readonly InterSpreadSpec[];
  /** SPAN look-ahead time in calendar days (default 1). */
  readonly lookAheadDays?: number;
}

export interface UnderlyingSpec {
  /** Underlying commodity code written on 81/82 lines of options on stock (and on futures). */
  readonly code: string;
  readonly spot: number;
  /** At-the-money volatility, e.g. 0.22. */
  readonly volatility: number;
  /** Continuously compounded interest rate, e.g. 0.04. */
  readonly rate: number;
  /** Continuous dividend yield, e.g. 0.03. */
  readonly dividendYield: number;
  /** Volatility skew per unit of ln(K/F) (negative: puts richer). Default −0.1. */
  readonly skew?: number;
  /** Volatility smile curvature per unit of ln(K/F)². Default 0.3. */
  readonly smile?: number;
}

export interface FuturesSpec {
  readonly commodity: string;
  /** CCYYMM */
  readonly months: readonly number[];
  readonly multiplier: number;
  readonly priceDecimals: number;
}

export type StrikeSpec =
  /** `count` strikes `step` apart (in price units), centred on the forward of each month. */
  | { readonly grid: { readonly count: number; readonly step: number } }
  /** Explicit strikes (price units) per option month CCYYMM. */
  | { readonly perMonth: Readonly<Record<number, readonly number[]>> };

export interface OptionsSpec {
  readonly commodity: string;
  /** `OOF` options on futures (Black-76) or `OOP` options on stock (Black-Scholes). */
  readonly productType: 'OOF' | 'OOP';
  /** CCYYMM */
  readonly months: readonly number[];
  readonly strikes: StrikeSpec;
  readonly multiplier: number;
  readonly priceDecimals: number;
}

export interface CcSpec {
  readonly code: string;
  /** Record 1 acronym of the exchange that lists it. */
  readonly exchange: string;
  readonly currency: string;
  readonly currencyCode: string;
  readonly underlying: UnderlyingSpec;
  readonly futures?: FuturesSpec;
  readonly options?: OptionsSpec;
  /** Price scan range as a fraction of the underlying spot (per contract: × multiplier). */
  readonly priceScanRate: number;
  /** Absolute volatility shift of the vol-up/vol-down scenarios, e.g. 0.05. */
  readonly volatilityScanRange: number;
  readonly extremeMove: { readonly multiplier: number; readonly coveredFraction: number };
  /** Fixed risk exponent; default: the smallest that makes every value fit its field. */
  readonly riskExponent?: number;
  /** Record 3 tiers, numbered 1.. in this order; months CCYYMM. */
  readonly tiers?: readonly { readonly start: number; readonly end: number }[];
  /** Record C spreads, priority = position + 1; `charge` in currency units per spread. */
  readonly tierSpreads?: readonly {
    readonly charge: number;
    readonly legs: readonly { readonly tier: number; readonly ratio: number; readonly side: MarketSide }[];
  }[];
  /** Record 4 delivery months (at most 2); rates in currency units per delta. */
  readonly spotMonths?: readonly { readonly month: number; readonly consumedRate: number; readonly remainingRate: number }[];
  /** Short option minimum: rate in currency units per short option. */
  readonly som: { readonly rate: number; readonly method: SomMethod };
}

export interface InterSpreadSpec {
  readonly group: string;
  /** Percent, e.g. 90 for 90 %. At most 4 decimals. */
  readonly creditRatePercent: number;
  /** Delta-per-spread ratios with at most 4 decimals. */
  readonly legs: readonly { readonly cc: string; readonly ratio: number; readonly side: MarketSide }[];
}
