/**
 * The typed model of one HKEX PRiME Risk Parameter File (SPAN "expanded unpacked", U2).
 *
 * Exactness: no field is ever a binary float. Numeric fields are kept as the integer the file
 * carries (`units`, always a safe integer) together with the number of implied decimals
 * (`Fixed`), or as a raw integer whose scale comes from elsewhere (risk-array values: risk
 * exponent and decimal locator of the CC; strikes and settlement prices: the contract
 * catalogue's price decimals). Months are CCYYMM integers (0 = none), dates `YYYY-MM-DD`.
 */

/** An exact decimal: `units × 10^-scale`. `units` is a safe integer. */
export interface Fixed {
  readonly units: number;
  readonly scale: number;
}

export type FileKind = 'intraday' | 'early' | 'final';

/** Record 0. */
export interface RpfHeader {
  readonly exchangeComplex: string;
  /** `YYYY-MM-DD` */
  readonly businessDate: string;
  /** `S` settlement or `I` intra-day (column 17). */
  readonly settlementFlag: string;
  /** `E`, `F`, `I2`, … (columns 18-19, trimmed). */
  readonly fileId: string;
  /** Derived from the settlement flag and file identifier (intra-day when `I`). */
  readonly kind: FileKind;
  /** `HH:MM` */
  readonly businessTime: string;
  /** `YYYY-MM-DD` */
  readonly creationDate: string;
  /** `HH:MM` */
  readonly creationTime: string;
  /** `U2` */
  readonly format: string;
  /** Parsed, not acted on. */
  readonly grossNetIndicator: string;
  /** Parsed, not acted on. */
  readonly limitOptionValueFlag: string;
  readonly businessFunction: string;
  /** Column 51: `A` clearing house, `C` client. */
  readonly levelFlag: string;
  /** Columns 53-57: `CLR` or `CUST`. */
  readonly levelCode: string;
}

/** Provenance of a parsed file: the first thing a user checks when two figures disagree. */
export interface RpfSource {
  /** File name (base name) when read from a file or zip entry; `undefined` for a string. */
  readonly fileName: string | undefined;
  /** Kind/date/time from the file name when it follows HKEX's naming, else undefined. */
  readonly fromFileName:
    | { readonly kind: FileKind; readonly businessDate: string; readonly businessTime: string | undefined }
    | undefined;
}

/** Record T: 1 unit of `from` = `multiplier` units of `to`. */
export interface CurrencyRate {
  readonly from: string;
  readonly fromCode: string;
  readonly to: string;
  readonly toCode: string;
  /** 9(4)V9(6): scale 6. */
  readonly multiplier: Fixed;
}

/** Record 1. */
export interface Exchange {
  readonly acronym: string;
  readonly code: string;
}

export type ProductType = 'FUT' | 'OOF' | 'OOP' | 'OOC' | 'PHY' | 'CMB' | (string & {});

/** A product slot of record 2. */
export interface Product {
  readonly commodity: string;
  readonly productType: ProductType;
  /** Risk-array decimal locator, signed (blank = 0). Values are RA × 10^RE ÷ 10^locator. */
  readonly riskArrayLocator: number;
}

/** Record 3 tier. A tier covers every contract month from start to end inclusive. */
export interface Tier {
  readonly number: number;
  /** CCYYMM */
  readonly startMonth: number;
  /** CCYYMM */
  readonly endMonth: number;
}

export type MarketSide = 'A' | 'B';

/** Record C leg. */
export interface TierSpreadLeg {
  readonly leg: number;
  readonly tier: number;
  /** Delta-per-spread ratio, 9(2): an integer. */
  readonly ratio: number;
  readonly side: MarketSide;
}

/** Record C: tier-to-tier intracommodity spread. */
export interface TierSpread {
  readonly method: string;
  readonly priority: number;
  /** Charge per spread, raw 9(7); currency units = chargeRate × 10^RE. */
  readonly chargeRate: number;
  readonly legs: readonly TierSpreadLeg[];
}

/** Record 4 delivery month. Rates are raw 9(7); currency units = rate × 10^RE. */
export interface DeliveryMonth {
  readonly monthNumber: number;
  /** CCYYMM */
  readonly month: number;
  readonly consumedRate: number;
  readonly remainingRate: number;
}

export type SomMethod = '1' | '2';

/** Record 4: spot (delivery) month charges and short option minimum. */
export interface SpotAndSom {
  readonly method: string;
  readonly deliveryMonths: readonly DeliveryMonth[];
  /** Raw 9(7); currency units = somRate × 10^RE. */
  readonly somRate: number;
  /** Members, hedgers, speculators; 9V9(2) each (scale 2). Parsed, not applied. */
  readonly maintenanceFactors: readonly [Fixed, Fixed, Fixed];
  /** `1` = max(short calls, short puts); blank or `2` = their sum. */
  readonly somMethod: SomMethod;
}

/** Record 2 (+ its 3, C and 4 records). */
export interface CombinedCommodity {
  readonly code: string;
  readonly exchange: string;
  /** RE: risk-array values, charge rates, SOM rates and price scan ranges are × 10^RE. */
  readonly riskExponent: number;
  readonly currency: string;
  readonly currencyCode: string;
  /** `P` premium-style (blank = P) or `F` futures-style. Parsed, not acted on. */
  readonly optionMarginStyle: string;
  /** Parsed, not acted on. */
  readonly limitOptionValue: string;
  readonly combinationMargining: string;
  readonly products: readonly Product[];
  /** Method code of the record 3 lines (empty when there are none). */
  readonly tierMethod: string;
  readonly tiers: readonly Tier[];
  readonly tierSpreads: readonly TierSpread[];
  readonly spot: SpotAndSom | undefined;
}

/** Record 5 (continuations merged). */
export interface CcGroup {
  readonly code: string;
  readonly ccs: readonly string[];
}

/** Record 6 leg. */
export interface InterSpreadLeg {
  readonly exchange: string;
  /** Parsed, not acted on. */
  readonly requiredForScanning: string;
  readonly cc: string;
  /** 9(3)V9(4): scale 4. */
  readonly ratio: Fixed;
  readonly side: MarketSide;
  /** 0 = the whole CC (PRiME ignores tiers on type-6 legs). */
  readonly tier: number;
}

/** Record 6: intercommodity spread. */
export interface InterSpread {
  readonly group: string;
  readonly priority: number;
  /** Percent, 9(3)V9(4): scale 4 (`0700000` = 70.0000). */
  readonly creditRate: Fixed;
  readonly legs: readonly InterSpreadLeg[];
  /** Columns 89-90 (blank = normal delta-based). */
  readonly method: string;
  /** Column 101: `W` (blank is read as `W`). */
  readonly creditMethod: 'W';
}

/** Record B: array calculation parameters of one commodity/type/month. */
export interface ArrayParameters {
  readonly exchange: string;
  readonly commodity: string;
  readonly productType: ProductType;
  readonly futuresMonth: number;
  readonly futuresDayWeek: string;
  readonly optionMonth: number;
  readonly optionDayWeek: string;
  /** 9(2)V9(6) */
  readonly baseVolatility: Fixed;
  /** 9(2)V9(6) */
  readonly volatilityScanRange: Fixed;
  /** Raw 9(5); currency units = × 10^RE of the CC. */
  readonly priceScanRange: number;
  /** 9(2)V9(3) */
  readonly extremeMoveMultiplier: Fixed;
  /** 9V9(4) */
  readonly extremeMoveCoveredFraction: Fixed;
  /** 9V9(4) */
  readonly interestRate: Fixed;
  /** 9V9(6) */
  readonly timeToExpiration: Fixed;
  /** V9(6) */
  readonly lookAheadTime: Fixed;
  /** 9(2)V9(4) as written (0 when blank); use {@link effectiveDeltaScalingFactor}. */
  readonly deltaScalingFactor: Fixed;
  /** `YYYY-MM-DD`, or '' when blank. */
  readonly expirationDate: string;
  /** 9(2)V9(6) */
  readonly dividendYield: Fixed;
}

/** The identity of a series: columns 3-54 of its 81/82 lines. */
export interface SeriesId {
  readonly exchange: string;
  readonly commodity: string;
  readonly underlying: string;
  readonly productType: ProductType;
  /** `C`, `P`, or '' for futures. */
  readonly right: '' | 'C' | 'P';
  /** CCYYMM, 0 when none. */
  readonly futuresMonth: number;
  readonly futuresDayWeek: string;
  /** CCYYMM, 0 for futures. */
  readonly optionMonth: number;
  readonly optionDayWeek: string;
  /** Raw 9(7); implied decimals = the commodity's price decimals (contract catalogue). */
  readonly strike: number;
}

/** Records 81/82 of one series. */
export interface Series extends SeriesId {
  /** Canonical identity key (see {@link seriesKey}); also the key of `RiskParameterFile.seriesByKey`. */
  readonly key: string;
  /** The CC whose record 2 lists this commodity and product type. */
  readonly cc: string;
  /** RE − risk-array decimal locator of the product: currency units = raw value × 10^riskScale. */
  readonly riskScale: number;
  /** Position of this series in `RiskParameterFile.series` (and its row in `riskArrays`). */
  readonly row: number;
  /**
   * The 16 raw risk-array values: a view of row `row` of `RiskParameterFile.riskArrays`.
   * Currency units = value × 10^RE ÷ 10^locator (see {@link riskArrayScale}).
   */
  readonly riskArray: Int32Array;
  /** 9V9(4), signed: scale 4. */
  readonly compositeDelta: number;
  /** 99V9(6): scale 6. */
  readonly impliedVolatility: number;
  /** Raw 9(7), signed; implied decimals = the commodity's price decimals. */
  readonly settlementPrice: number;
}

/** A parsed RPF. */
export interface RiskParameterFile {
  readonly source: RpfSource;
  readonly header: RpfHeader;
  readonly currencyRates: readonly CurrencyRate[];
  readonly exchanges: readonly Exchange[];
  /** In file order of their first record 2. */
  readonly combinedCommodities: readonly CombinedCommodity[];
  readonly ccByCode: ReadonlyMap<string, CombinedCommodity>;
  readonly ccGroups: readonly CcGroup[];
  readonly interSpreads: readonly InterSpread[];
  readonly arrayParameters: readonly ArrayParameters[];
  /** In file order. */
  readonly series: readonly Series[];
  readonly seriesByKey: ReadonlyMap<string, Series>;
  /** All risk arrays, 16 raw values per series row (row-major). */
  readonly riskArrays: Int32Array;
}

/** Number of risk-array scenarios. */
export const SCENARIOS = 16;

/**
 * The canonical key of a series identity: the 52 characters of columns 3-54 of its 81/82
 * lines, as a normalised file writes them. Equal identities give equal keys.
 */
export function seriesKey(id: SeriesId): string {
  return (
    id.exchange.padEnd(3).slice(0, 3) +
    id.commodity.padEnd(10).slice(0, 10) +
    id.underlying.padEnd(10).slice(0, 10) +
    id.productType.padEnd(3).slice(0, 3) +
    (id.right === '' ? ' ' : id.right) +
    String(id.futuresMonth).padStart(6, '0') +
    id.futuresDayWeek.padEnd(2).slice(0, 2) +
    ' ' +
    String(id.optionMonth).padStart(6, '0') +
    id.optionDayWeek.padEnd(2).slice(0, 2) +
    ' ' +
    String(id.strike).padStart(7, '0')
  );
}

/** The delta scaling factor of a B record: 0 or blank means 1. */
export function effectiveDeltaScalingFactor(b: ArrayParameters): Fixed {
  return b.deltaScalingFactor.units === 0 ? { units: 1, scale: 0 } : b.deltaScalingFactor;
}

/**
 * The power of ten that turns a raw risk-array value of `product` in `cc` into currency
 * units: value × 10^riskArrayScale (RE − locator).
 */
export function riskArrayScale(cc: CombinedCommodity, product: Product): number {
  return cc.riskExponent - product.riskArrayLocator;
}

/** A series' contract month for tiering: the futures month when non-zero, else the option month. */
export function seriesMonth(s: SeriesId): number {
  return s.futuresMonth !== 0 ? s.futuresMonth : s.optionMonth;
}
