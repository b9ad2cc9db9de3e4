import type { AccountReportJson, MarginReportJson } from './json';
import { marginReportJson } from './json';
import type { MarginReport } from './report';

/**
 * The totals of a margin run without the calculation sheet: per account the clearing-house HKD
 * total, each clearing house's requirement, and the client totals — what a front end or a limit
 * check needs per request. Every field is the one of the full document (cli-contract.md), with
 * the per-CC detail left out, so a client can move between the two without renaming anything.
 */

export interface ClearingHouseSummaryJson {
  readonly clearingHouse: AccountReportJson['clearingHouses'][number]['clearingHouse'];
  readonly currency: string;
  readonly requirement: string;
  readonly hkdRate: string;
  readonly requirementHkd: string;
}

export interface AccountSummaryJson {
  readonly account: string;
  readonly basis: AccountReportJson['basis'];
  readonly clearingHouseTotalHkd: string;
  readonly clearingHouses: readonly ClearingHouseSummaryJson[];
  readonly client: Omit<AccountReportJson['client'], 'combinedCommodities'>;
}

export interface MarginSummaryJson extends Omit<MarginReportJson, 'accounts'> {
  readonly accounts: readonly AccountSummaryJson[];
}

export function marginSummaryJson(report: MarginReport): MarginSummaryJson {
  const full = marginReportJson(report);
  return {
    ...full,
    accounts: full.accounts.map((a) => {
      const { combinedCommodities: _ccs, ...client } = a.client;
      return {
        account: a.account,
        basis: a.basis,
        clearingHouseTotalHkd: a.clearingHouseTotalHkd,
        clearingHouses: a.clearingHouses.map((h) => ({
          clearingHouse: h.clearingHouse,
          currency: h.currency,
          requirement: h.requirement,
          hkdRate: h.hkdRate,
          requirementHkd: h.requirementHkd,
        })),
        client,
      };
    }),
  };
}
