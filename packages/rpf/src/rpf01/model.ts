import type { Fixed } from '../model';

/**
 * The typed model of one HKSCC VaR Platform risk parameter file (RPF01, var-platform.md).
 *
 * Exactness: nothing is a binary float of a decimal. Header values and the parameters of
 * FieldTypes 3-7 are {@link Fixed} (the decimal as written). Scenario returns, millions of them,
 * are held compactly as exact integers: return × 10^{@link RPF01_RETURN_SCALE} in a Float64Array
 * (every value is an integer of magnitude ≤ 2^53, so the float holds it exactly).
 */

/** Decimal places of the scaled scenario returns: the file carries at most 10. */
export const RPF01_RETURN_SCALE = 10;

/** The instrument whose FieldType 4 record prices the portfolio-level (beta) liquidation risk. */
export const RPF01_HEDGE_INSTRUMENT = '2800';

export interface Rpf01HeaderEntry {
  readonly key: string;
  readonly value: string;
  readonly line: number;
}

/** The `Key,Value` block. Every value is read from the file; none is hard-coded. */
export interface Rpf01Header {
  /** `YYYY-MM-DD` (the file writes D/M/YYYY). */
  readonly valuationDate: string;
  readonly hvarWeight: Fixed;
  readonly svarWeight: Fixed;
  readonly hvarScenarioCount: number;
  readonly svarScenarioCount: number;
  /** Stress-test scenario count (reserved). */
  readonly stvCount: number;
  readonly hvarConfidence: Fixed;
  readonly svarConfidence: Fixed;
  /** `4` = filtered historical simulation expected shortfall, discrete. */
  readonly hvarMeasure: string;
  readonly svarMeasure: string;
  /** Round-up unit of the aggregated margin. */
  readonly rounding: Fixed;
  /** sqrt(H) − 1 for H consecutive holidays (0 when none). */
  readonly holidayFactor: Fixed;
  /** Every row of the block as found, in file order (the keys above included). */
  readonly entries: readonly Rpf01HeaderEntry[];
}

/** The scenario returns of one kind (FieldType 1 = HVaR, FieldType 2 = SVaR), one row per instrument. */
export interface ScenarioReturns {
  /** Scenarios per row: the header's HVaR_Scen_Count / SVaR_Scen_Count. */
  readonly count: number;
  /** Instrument of each row, in file order. */
  readonly instruments: readonly string[];
  readonly rowOf: ReadonlyMap<string, number>;
  /** Line of each row's record. */
  readonly lines: Int32Array;
  /**
   * Row-major returns × 10^RPF01_RETURN_SCALE, exact integers: scenario s (1-based) of row r is
   * `units[r * count + s - 1]`.
   */
  readonly units: Float64Array;
  /** Per row, the largest |units| (an upper bound the engine relies on to prove its float64 P&L exact). */
  readonly maxAbsUnits: Float64Array;
}

/** FieldType 3: flat-rate margin rate (Tier N). */
export interface FlatRateRecord {
  readonly instrument: string;
  readonly line: number;
  readonly rate: Fixed;
}

/** FieldType 4: liquidation-risk information of a stock (and of the hedge instrument 2800). */
export interface LiquidityRecord {
  readonly instrument: string;
  readonly line: number;
  readonly bucketRate: Fixed;
  readonly beta: Fixed;
  /** Delta-equivalent market value threshold, HKD. */
  readonly threshold: Fixed;
  /** Cash delta per quantity (the price), HKD. */
  readonly cashDelta: Fixed;
}

/** FieldType 5: structured-product information. */
export interface StructuredProductRecord {
  readonly instrument: string;
  readonly line: number;
  readonly underlying: string;
  readonly delta: Fixed;
  readonly conversionRatio: Fixed;
  /** Cash delta per quantity, HKD. */
  readonly cashDelta: Fixed;
}

/** FieldType 6: structured-product add-on. */
export interface StructuredProductAddOnRecord {
  readonly instrument: string;
  readonly line: number;
  /** Informational: HKSCC lists only instruments trading below it. */
  readonly priceThreshold: Fixed;
  /** One tenth of the tick-size multiplier. */
  readonly tickMultiplierTenth: Fixed;
}

/** 1 distribution in specie (`DSP`), 2 rights issue (`SRI`), 3 cash dividend (`DIV`). */
export type EntitlementType = 1 | 2 | 3;

/** FieldType 7: corporate-action position margin. */
export interface CorporateActionRecord {
  readonly instrument: string;
  readonly line: number;
  readonly entitlementType: EntitlementType;
  readonly entitlementPrice: Fixed;
  readonly shortAddOnRate: Fixed;
  readonly longAddOnRate: Fixed;
}

export interface Rpf01File {
  /** The file name as given to the reader (named in errors); undefined for an unnamed in-memory input. */
  readonly fileName: string | undefined;
  readonly header: Rpf01Header;
  readonly hvar: ScenarioReturns;
  readonly svar: ScenarioReturns;
  readonly flatRates: ReadonlyMap<string, FlatRateRecord>;
  readonly liquidity: ReadonlyMap<string, LiquidityRecord>;
  readonly structuredProducts: ReadonlyMap<string, StructuredProductRecord>;
  readonly structuredProductAddOns: ReadonlyMap<string, StructuredProductAddOnRecord>;
  /** Per instrument, at most one record per entitlement type. */
  readonly corporateActions: ReadonlyMap<string, readonly CorporateActionRecord[]>;
}

/** An instrument is Tier P when it has scenario returns (FieldType 1 or 2). */
export function isTierP(file: Rpf01File, instrument: string): boolean {
  return file.hvar.rowOf.has(instrument) || file.svar.rowOf.has(instrument);
}
