import type { ClearingHouse } from '@marginkit/rpf';
import { decimalText as money } from '@marginkit/risk-engine';
import type { ClientMargin } from './model';

/** One CC of the `client` block of `marginkit margin --format json` (cli-contract.md). */
export interface ClientCcJson {
  readonly cc: string;
  readonly clearingHouse: ClearingHouse;
  /** RM × multiplier before the long-option cap, unrounded. */
  readonly riskMargin: string;
  readonly longOptionValue: string;
  readonly capped: boolean;
  readonly mtm: string;
  /** B, unrounded. */
  readonly requirement: string;
  // Extensions (cli-contract.md allows adding fields): the remaining steps of client-margin.md.
  readonly currency: string;
  readonly marginable: boolean;
  readonly clearingHouseRiskMargin: string;
  /** A after the cap. */
  readonly cappedRiskMargin: string;
}

export interface ClientTotalJson {
  readonly clearingHouse: ClearingHouse;
  readonly currency: string;
  readonly total: string;
  readonly maintenance: string;
}

export interface ClientMarginJson {
  readonly multiplier: string;
  readonly combinedCommodities: readonly ClientCcJson[];
  readonly totals: readonly ClientTotalJson[];
  /** Whole HKD. */
  readonly total: string;
  readonly maintenance: string;
  /** Extension. */
  readonly maintenanceRatio: string;
}

/**
 * The `client` block of cli-contract.md: money as decimal strings, per-CC figures exact and
 * without trailing zeros (`"15188.6"`), totals in whole units.
 */
export function clientMarginJson(margin: ClientMargin): ClientMarginJson {
  return {
    multiplier: money(margin.multiplier),
    combinedCommodities: margin.combinedCommodities.map((c) => ({
      cc: c.cc,
      clearingHouse: c.clearingHouse,
      riskMargin: money(c.riskMargin),
      longOptionValue: money(c.longOptionValue),
      capped: c.capped,
      mtm: money(c.mtm),
      requirement: money(c.requirement),
      currency: c.currency,
      marginable: c.marginable,
      clearingHouseRiskMargin: money(c.clearingHouseRiskMargin),
      cappedRiskMargin: money(c.cappedRiskMargin),
    })),
    totals: margin.totals.map((t) => ({
      clearingHouse: t.clearingHouse,
      currency: t.currency,
      total: money(t.total),
      maintenance: money(t.maintenance),
    })),
    total: money(margin.total),
    maintenance: money(margin.maintenance),
    maintenanceRatio: money(margin.maintenanceRatio),
  };
}

/** {@link clientMarginJson} as JSON text: exactly `JSON.stringify(clientMarginJson(margin))`. */
export function clientMarginJsonText(margin: ClientMargin): string {
  return JSON.stringify(clientMarginJson(margin));
}
