import type { Series } from '@marginkit/rpf';
import type { Money } from '../decimal';
import type { AccountSheet, Basis } from './sheet';

/**
 * What the engine margins. Two levels:
 * - {@link PortfolioPosition}: a series of the RPF and a signed quantity (the engine API);
 * - {@link PositionRow}: a row of a positions file (cli-contract.md), naming the series by HKEX
 *   code or series key; rows are resolved against the RPF and grouped into accounts.
 */

/** One holding of a portfolio: `quantity` contracts (+ long, − short; a safe integer). */
export interface PortfolioPosition {
  readonly series: Series;
  readonly quantity: number;
  /**
   * `series.row`, when the caller has it at hand (positions from `resolvePositions` do): the
   * engine then finds the series' record without reading the Series object, one cache miss
   * fewer per position in a large RPF. Checked against the RPF (the RPF's series at this row
   * must be `series`), so a wrong row is an error, never a wrong figure.
   */
  readonly row?: number;
}

/** A row of a positions file (cli-contract.md "Positions"). */
export interface PositionRow {
  readonly account: string;
  /** CC code; empty or absent = take the series' CC. */
  readonly cc?: string | undefined;
  /** HKEX series code (`XXXM8`, `XXX17400R8`, `HEX165.00U7`) or an RPF series key. */
  readonly series: string;
  /** Signed integer; a string must be plain integer text. */
  readonly quantity: number | string;
  /** Overrides the run's basis for this account (all rows of an account must agree). */
  readonly basis?: string | undefined;
  /** Client margin multiplier override (decimal text); PRiME passes it through. */
  readonly multiplier?: string | undefined;
  /** Where the row came from, for error messages. */
  readonly file?: string | undefined;
  readonly line?: number | undefined;
}

/** A resolved row. */
export interface ResolvedPosition extends PortfolioPosition {
  readonly account: string;
  /** The series text as the user wrote it (echoed in what-if steps). */
  readonly code: string;
}

/** One trade of a what-if: a position added to the portfolio. */
export interface WhatIfTrade extends PortfolioPosition {
  /** The series as the user wrote it; defaults to the series key. */
  readonly code?: string | undefined;
}

/**
 * A client-margin hook for what-if and margin benefit: the client total (HKD) of an account
 * sheet. The engine computes clearing-house figures only; @marginkit/client-margin supplies this.
 */
export type ClientTotal = (sheet: AccountSheet) => Money;

export interface WhatIfStep {
  /** null for the base portfolio. */
  readonly trade: { readonly cc: string; readonly series: string; readonly quantity: number } | null;
  readonly sheet: AccountSheet;
  readonly clearingHouseTotalHkd: Money;
  /** Present when a {@link ClientTotal} hook was given. */
  readonly clientTotal: Money | undefined;
  /** This step minus the previous one (undefined for the base). */
  readonly incrementalClearingHouse: Money | undefined;
  readonly incrementalClient: Money | undefined;
}

export interface MarginBenefit {
  /** Σ of each position margined alone − the portfolio's clearing-house HKD total. */
  readonly clearingHouse: Money;
  /** The same for the client total, when a {@link ClientTotal} hook was given. */
  readonly client: Money | undefined;
  /** Each position's stand-alone clearing-house HKD total, in portfolio order. */
  readonly standalone: readonly { readonly series: Series; readonly quantity: number; readonly clearingHouseTotalHkd: Money; readonly clientTotal: Money | undefined }[];
}

export interface WhatIfResult {
  readonly account: string;
  readonly basis: Basis;
  readonly steps: readonly WhatIfStep[];
  /** Margin benefit of the final portfolio (base + all trades). */
  readonly marginBenefit: MarginBenefit;
}
