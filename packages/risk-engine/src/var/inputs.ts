import type { Fixed } from '@marginkit/rpf';
import type { Money } from '../decimal';

/**
 * One marginable position of a clearing participant (var-platform.md "Inputs beside the file"):
 * rows of the same instrument are netted into one.
 */
export interface VarPosition {
  readonly instrument: string;
  /** + long, − short (shares, or entitlement units). */
  readonly quantity: number;
  /** Contract value, HKD (negative = receivable for the CP). */
  readonly contractValue: Fixed;
  /** Market value = quantity × price, HKD. */
  readonly marketValue: Fixed;
  /** Line(s) of the positions file this position comes from (first is named in errors). */
  readonly lines: readonly number[];
}

export interface VarPositions {
  /** File name for errors, undefined for an in-memory input. */
  readonly file: string | undefined;
  readonly positions: readonly VarPosition[];
}

/** CP parameters (cli-contract.md `marginkit var` params JSON), exact. */
export interface VarParams {
  /** Stocks listed within 180 days: each forms its own sub-portfolio. */
  readonly ipo: readonly string[];
  readonly flatRateMultiplier: Money;
  readonly marginCredit: Money;
  /** Portfolio margin floor rate (Tier P minimum), a fraction (0.032). */
  readonly floorRate: Money;
  /** Apportioned liquid capital, HKD. */
  readonly alc: Money;
  readonly alcMultiplier: Money;
  /** Optional cap on ALC × multiplier; undefined = no cap. */
  readonly alcCap: Money | undefined;
  /** Position-limit add-on rate, a fraction (0.25). */
  readonly positionLimitAddOnRate: Money;
  readonly creditRiskAddOn: Money;
  readonly adHocAddOn: Money;
}
