import type Decimal from 'decimal.js';
import type { ClearingHouse } from '@marginkit/rpf';

/**
 * What the client rules need of one combined commodity, on the client's basis (net or gross):
 * the clearing house's CC-level figures, nothing of how PRiME reached them. Money is in the
 * CC's currency.
 */
export interface ClientCcInput {
  readonly cc: string;
  readonly clearingHouse: ClearingHouse;
  readonly currency: string;
  /** The clearing house's risk margin RM of the CC, already rounded to whole units (prime.md). */
  readonly riskMargin: Decimal;
  /** LOV: value of the long option positions of the CC on this basis (0 under gross SEOCH). */
  readonly longOptionValue: Decimal;
  /** SEOCH mark-to-market margin (SOV − LOV); 0 for HKCC. */
  readonly mtm: Decimal;
  /** The CC's positions on this basis are long options only (no futures, no short options). */
  readonly solelyLongOptions: boolean;
  /** False only for a gross SEOCH CC holding long positions alone: it contributes nothing. */
  readonly marginable: boolean;
}

export interface ClientMarginOptions {
  /**
   * Client margin multiplier; default 1.33 (HKEX). Pass the account's value when it has one
   * (see {@link resolveMultiplier}). A decimal string or a Decimal: never a binary float.
   */
  readonly multiplier?: Decimal | string;
  /** Maintenance ratio; default 0.8 (HKFE). */
  readonly maintenanceRatio?: Decimal | string;
  /**
   * Units of HKD per unit of `currency` (the RPF's T records, as the engine's sheet carries
   * them in `hkdRate`); undefined when unknown. Not consulted for HKD. May be omitted when
   * every CC is in HKD.
   */
  readonly toHkd?: (currency: string) => Decimal | undefined;
  /** The account, named in error messages. */
  readonly account?: string;
}

/** Every step of one CC, as client-margin.md asks to report it. */
export interface ClientCcMargin {
  readonly cc: string;
  readonly clearingHouse: ClearingHouse;
  readonly currency: string;
  readonly marginable: boolean;
  readonly solelyLongOptions: boolean;
  /** RM, the clearing house's rounded risk margin (0 when not marginable). */
  readonly clearingHouseRiskMargin: Decimal;
  readonly multiplier: Decimal;
  /** A before the long-option cap: RM × multiplier, unrounded. */
  readonly riskMargin: Decimal;
  readonly longOptionValue: Decimal;
  /** True exactly when the cap lowered A (solely long options and A > LOV). */
  readonly capped: boolean;
  /** A after the cap: min(A, LOV) when capped, else A. */
  readonly cappedRiskMargin: Decimal;
  /** 0 for HKCC. */
  readonly mtm: Decimal;
  /** B = A after the cap (+ MTM for SEOCH), unrounded. */
  readonly requirement: Decimal;
}

/** One clearing house in one currency. */
export interface ClientClearingHouseTotal {
  readonly clearingHouse: ClearingHouse;
  readonly currency: string;
  /** Σ B of its CCs, unrounded (may be negative: a SEOCH credit). */
  readonly requirementSum: Decimal;
  /** max(0, Σ B) rounded half-up to whole units. */
  readonly total: Decimal;
  /** maintenance ratio × total, rounded half-up. */
  readonly maintenance: Decimal;
  /** HKD per unit of `currency` used for the grand total (1 for HKD). */
  readonly hkdRate: Decimal;
}

export interface ClientMargin {
  readonly multiplier: Decimal;
  readonly maintenanceRatio: Decimal;
  /** In input order. */
  readonly combinedCommodities: readonly ClientCcMargin[];
  /** One per clearing house and currency, in order of first appearance. */
  readonly totals: readonly ClientClearingHouseTotal[];
  /** Σ total × HKD rate, rounded half-up: whole HKD. */
  readonly total: Decimal;
  /** maintenance ratio × grand total, rounded half-up. */
  readonly maintenance: Decimal;
}

export type ClientMarginErrorTag =
  /** Multiplier not a positive decimal. */
  | 'InvalidMultiplier'
  /** Maintenance ratio not a decimal in [0, 1]. */
  | 'InvalidMaintenanceRatio'
  /** A CC figure the rules cannot take (RM not whole or negative, LOV negative, HKCC MTM, …). */
  | 'InvalidCcFigure'
  /** The same CC twice for one clearing house (e.g. gross sides not summed). */
  | 'DuplicateCombinedCommodity'
  /** A non-HKD total and no HKD rate for its currency. */
  | 'MissingHkdRate';

export interface ClientMarginError {
  readonly _tag: ClientMarginErrorTag;
  /** The account when the caller named it, else ''. */
  readonly account: string;
  /** The CC concerned, '' when the error is about the run's options. */
  readonly cc: string;
  readonly field: string;
  /** The offending value as text. */
  readonly value: string;
  /** One line for a human. */
  readonly message: string;
}
