import { decimalText } from '@marginkit/risk-engine';
import type { ClientTotalsJson } from '@marginkit/client-margin';
import { clientTotalsJson } from '@marginkit/client-margin';
import type { AccountReportJson, MarginReportJson } from './json';
import { runHeadJson } from './json';
import type { AccountReport, MarginReport } from './report';

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
  readonly client: ClientTotalsJson;
}

export interface MarginSummaryJson extends Omit<MarginReportJson, 'accounts'> {
  readonly accounts: readonly AccountSummaryJson[];
}

export function marginSummaryJson(report: MarginReport): MarginSummaryJson {
  // Written from the sheets' totals, never through the full document: the per-CC sheet the
  // summary leaves out is most of the work of writing it.
  const run = runHeadJson(report);
  return { ...run, accounts: report.accounts.map(accountSummaryJson) };
}

function accountSummaryJson({ sheet, client }: AccountReport): AccountSummaryJson {
  return {
    account: sheet.account,
    basis: sheet.basis,
    clearingHouseTotalHkd: decimalText(sheet.clearingHouseTotalHkd),
    clearingHouses: sheet.clearingHouses.map((h) => ({
      clearingHouse: h.clearingHouse,
      currency: h.currency,
      requirement: decimalText(h.requirement),
      hkdRate: decimalText(h.hkdRate),
      requirementHkd: decimalText(h.requirementHkd),
    })),
    client: clientTotalsJson(client),
  };
}
