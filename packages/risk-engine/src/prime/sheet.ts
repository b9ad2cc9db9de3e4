import type { ClearingHouse, FileKind, MarketSide, SomMethod } from '@marginkit/rpf';
import type { Money } from '../decimal';

/**
 * The PRiME calculation sheet (prime.md "Output"): every figure of every step, per account,
 * clearing house and currency, combined commodity (CC) and side, so that a risk engineer can
 * follow the margin from the 16 scenario losses to the requirement.
 *
 * Money and deltas are exact decimals ({@link Money}, decimal.js instances of `PrimeDecimal`);
 * figures the spec rounds are whole units. `sheetToJson` turns a run into the JSON of
 * cli-contract.md (money as decimal strings).
 *
 * Units: losses, risks, charges, credits, option values and requirements are in the CC's margin
 * currency; deltas are in contracts of delta (composite delta × delta scaling factor × q);
 * spreads formed are counts of spreads (fractional allowed).
 */

/** DCASS margining basis of an account (prime.md "Net and gross margining"). */
export type Basis = 'net' | 'gross';

/** `net` under net margining; `long` and `short` portfolios under gross. */
export type SideName = 'net' | 'long' | 'short';

/** Which RPF the figures came from: the first thing to check when two figures disagree. */
export interface RpfProvenance {
  readonly kind: FileKind;
  /** `YYYY-MM-DD` */
  readonly businessDate: string;
  /** `HH:MM` */
  readonly businessTime: string;
  /** Base name of the `.lis` file (or zip entry); undefined when parsed from a string. */
  readonly fileName: string | undefined;
}

/** Delta of one tier (record 3; tier 0 = months in no tier) before and after intracommodity spreads. */
export interface TierDeltaSheet {
  readonly tier: number;
  /** D_t = Σ d_i over series whose month lies in the tier. */
  readonly delta: Money;
  /** R_t after all intracommodity spreads (step 5). */
  readonly remaining: Money;
  /** Σ n × ratio of the spreads that used this tier. */
  readonly consumed: Money;
}

/** Delta of one contract month (step 4). */
export interface MonthDeltaSheet {
  /** CCYYMM */
  readonly month: number;
  readonly delta: Money;
}

export interface IntraSpreadLegSheet {
  readonly tier: number;
  readonly side: MarketSide;
  readonly ratio: number;
  /** n × ratio: how far this leg's tier delta moved toward zero. */
  readonly deltaConsumed: Money;
}

/** One record C spread that formed (step 5). */
export interface IntraSpreadSheet {
  readonly priority: number;
  /** Spreads formed n (fractional allowed). */
  readonly spreads: Money;
  /** n × charge rate. */
  readonly charge: Money;
  readonly legs: readonly IntraSpreadLegSheet[];
}

/** The spot (delivery) month charge of one record 4 delivery month holding a delta (step 6). */
export interface SpotChargeSheet {
  /** CCYYMM */
  readonly month: number;
  readonly tier: number;
  /** |δ_M| */
  readonly delta: Money;
  readonly consumed: Money;
  readonly remaining: Money;
  readonly charge: Money;
}

export interface InterSpreadLegSheet {
  readonly cc: string;
  readonly side: MarketSide;
  readonly ratio: Money;
  /** n × ratio: how far this CC's remaining delta moved toward zero. */
  readonly deltaConsumed: Money;
  /** WPR of the leg's CC. */
  readonly weightedPriceRisk: Money;
  /** n × ratio × WPR × credit rate / 100, added to the leg's CC. */
  readonly credit: Money;
}

/** One record 6 (type-6) intercommodity spread that formed. */
export interface InterSpreadSheet {
  readonly group: string;
  readonly priority: number;
  /** Percent. */
  readonly creditRate: Money;
  readonly spreads: Money;
  readonly legs: readonly InterSpreadLegSheet[];
}

/** Short option minimum inputs (step 8). */
export interface ShortOptionMinimumSheet {
  /** Σ |q| over short call series. */
  readonly shortCalls: number;
  /** Σ |q| over short put series. */
  readonly shortPuts: number;
  /** `1` = max(SC, SP); `2` = SC + SP. */
  readonly method: SomMethod;
  /** N */
  readonly contracts: number;
  /** SOM rate per short option contract, in currency units. */
  readonly rate: Money;
  /** N × rate. */
  readonly charge: Money;
}

/**
 * One portfolio side of a CC: the net portfolio, or the long or short rows under gross. A side
 * that is not marginable (SEOCH longs under gross) carries zeros throughout.
 */
/**
 * The figures of steps 2-8 and of the risk margin, per side and — summed over the sides — per CC.
 */
export interface MarginFigures {
  readonly scanRisk: Money;
  readonly intraSpreadCharge: Money;
  readonly spotCharge: Money;
  /** Scan risk + intracommodity charge + spot charge. */
  readonly commodityRisk: Money;
  /** Σ of this CC's intercommodity leg credits. */
  readonly interSpreadCredit: Money;
  readonly shortOptionMinimum: Money;
  /** Rounded half-up (two steps) to whole units; per CC, the sum of the sides' rounded RMs. */
  readonly riskMargin: Money;
  readonly longOptionValue: Money;
  readonly shortOptionValue: Money;
  /** SEOCH: SOV − LOV; HKCC: 0. */
  readonly mtm: Money;
  /** HKCC: RM; SEOCH: RM + MTM. */
  readonly requirement: Money;
}

export interface SideSheet extends MarginFigures {
  readonly side: SideName;
  readonly marginable: boolean;
  /** Number of series with a non-zero quantity on this side. */
  readonly seriesCount: number;
  /** L[1..16] (index 0 = scenario 1). */
  readonly scenarioLosses: readonly Money[];
  /** s*: the lowest scenario attaining max L (1-based); 0 on a side that is not marginable. */
  readonly activeScenario: number;
  readonly timeRisk: Money;
  readonly priceRisk: Money;
  readonly volatilityRisk: Money;
  /** Tiers holding at least one series of this side, by tier number. */
  readonly tierDeltas: readonly TierDeltaSheet[];
  /** Months holding at least one series of this side, ascending. */
  readonly monthDeltas: readonly MonthDeltaSheet[];
  /** ND = Σ d_i. */
  readonly netDelta: Money;
  readonly intraSpreads: readonly IntraSpreadSheet[];
  readonly spotCharges: readonly SpotChargeSheet[];
  /** E = Σ_t R_t after intracommodity spreads, before intercommodity spreads. */
  readonly remainingDelta: Money;
  /** WPR = max(PR / |ND|, 0), 0 when ND = 0. */
  readonly weightedPriceRisk: Money;
  /** Intercommodity spreads formed in which this CC is a leg (all legs shown). */
  readonly interSpreads: readonly InterSpreadSheet[];
  readonly som: ShortOptionMinimumSheet;
  /** max(commodity risk − intercommodity credit, SOM, 0). */
  readonly riskMarginUnrounded: Money;
}

/** One CC of an account: figures summed over its sides (one `net` side under net). */
export interface CcSheet extends MarginFigures {
  readonly cc: string;
  readonly clearingHouse: ClearingHouse;
  /** Margin currency (record 2). */
  readonly currency: string;
  /** False only for a gross SEOCH CC whose rows are all long (it contributes nothing). */
  readonly marginable: boolean;
  /**
   * The CC's positions on this basis are only long options: no futures, no short options (the
   * client long-option cap applies only then).
   */
  readonly solelyLongOptions: boolean;
  /** `net`, or `long` then `short` (a side with no rows is absent). */
  readonly sides: readonly SideSheet[];
}

/** The CCs of one clearing house and currency. */
export interface ClearingHouseSheet {
  readonly clearingHouse: ClearingHouse;
  readonly currency: string;
  /** Σ_CC requirement. */
  readonly requirementUnrounded: Money;
  /** max(0, Σ_CC requirement), rounded half-up (two steps). */
  readonly requirement: Money;
  /** RPF T rate from this currency to HKD (1 for HKD). */
  readonly hkdRate: Money;
  /** requirement × hkdRate, unrounded. */
  readonly requirementHkd: Money;
  /** In RPF record 2 order. */
  readonly combinedCommodities: readonly CcSheet[];
}

/** The calculation sheet of one account on one basis. */
export interface AccountSheet {
  readonly account: string;
  readonly basis: Basis;
  /**
   * The positions file's `multiplier` override for this account, as written (client margin
   * applies it; PRiME does not), or undefined.
   */
  readonly multiplier: string | undefined;
  /** HKCC before SEOCH, then by currency. */
  readonly clearingHouses: readonly ClearingHouseSheet[];
  /** Σ requirementHkd over clearing houses, rounded half-up (two steps). */
  readonly clearingHouseTotalHkd: Money;
}

/** Why a position row could not be margined. */
export type PositionErrorTag =
  /** The series text is neither a known HKEX code nor a series key of the RPF. */
  | 'UnknownSeries'
  /** The code matches more than one series. */
  | 'AmbiguousSeries'
  /** The row's `cc` is not a CC of the RPF, or differs from the series' CC. */
  | 'CombinedCommodityMismatch'
  /** The series' commodity is not in the contract catalogue. */
  | 'NotInCatalogue'
  /** The CC's currency has no T rate to HKD. */
  | 'NoCurrencyRate'
  /** Quantity is not a safe integer. */
  | 'BadQuantity'
  /** `basis` is not `net`/`gross`. */
  | 'BadBasis'
  /** Rows of one account disagree on basis or multiplier. */
  | 'ConflictingAccountOptions'
  /** Empty account. */
  | 'MissingAccount';

export interface PositionError {
  readonly _tag: PositionErrorTag;
  readonly file: string | undefined;
  /** 1-based line of the row in its file; 0 when unknown. */
  readonly line: number;
  readonly account: string;
  /** Field of the positions file (`series`, `cc`, `quantity`, `basis`, `multiplier`, `account`). */
  readonly field: string;
  /** The offending text, as given. */
  readonly value: string;
  /** One line for a human: `file:line: account A1 series "XXXM9": unknown series (closest: XXXM8)`. */
  readonly message: string;
}

/** A margining run over many accounts. */
export interface MarginRun {
  readonly rpf: RpfProvenance;
  /** In order of each account's first row. */
  readonly accounts: readonly AccountSheet[];
  /** Rows left out because the caller asked to skip unknown series (empty otherwise). */
  readonly skippedPositions: readonly PositionError[];
}
