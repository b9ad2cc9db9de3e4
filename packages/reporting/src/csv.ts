import type Decimal from 'decimal.js';
import { csvField } from '@marginkit/rpf';
import { decimalText } from '@marginkit/risk-engine';
import type { AccountReport, MarginReport } from './report';
import { clientCcOf } from './report';

/**
 * `marginkit margin --format csv` (cli-contract.md): one row per account × clearing house × CC
 * with the CC-level figures (summed over the sides under gross) and the CC's client figures.
 * Money is the exact decimal text of the JSON (no separators, no exponent), so a spreadsheet or a
 * reconciliation job reads the same numbers the JSON carries.
 */
export const CSV_COLUMNS = [
  'account',
  'basis',
  'clearingHouse',
  'currency',
  'cc',
  'scanRisk',
  'intraSpreadCharge',
  'spotCharge',
  'commodityRisk',
  'interSpreadCredit',
  'shortOptionMinimum',
  'riskMargin',
  'longOptionValue',
  'shortOptionValue',
  'mtm',
  'requirement',
  'clientRiskMargin',
  'capped',
  'clientRequirement',
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** RFC 4180: records end with CRLF, fields are quoted only when they must be. */
export const CSV_RECORD_END = '\r\n';
const RECORD_END = CSV_RECORD_END;

export function renderCsv(report: MarginReport): string {
  const records: string[] = [CSV_HEADER];
  for (const account of report.accounts) records.push(...csvRecordsOf(account));
  return records.join(RECORD_END) + RECORD_END;
}

/** The header record (without its line end). */
export const CSV_HEADER = CSV_COLUMNS.join(',');

/** One account's records (without line ends): one per clearing house × CC, as {@link renderCsv} writes them. */
export function csvRecordsOf(account: AccountReport): string[] {
  const records: string[] = [];
  const t = (x: Decimal) => decimalText(x);
  const { sheet } = account;
  for (const house of sheet.clearingHouses) {
    for (const cc of house.combinedCommodities) {
      const client = clientCcOf(account, cc);
      const row: Record<CsvColumn, string> = {
        account: sheet.account,
        basis: sheet.basis,
        clearingHouse: house.clearingHouse,
        currency: house.currency,
        cc: cc.cc,
        scanRisk: t(cc.scanRisk),
        intraSpreadCharge: t(cc.intraSpreadCharge),
        spotCharge: t(cc.spotCharge),
        commodityRisk: t(cc.commodityRisk),
        interSpreadCredit: t(cc.interSpreadCredit),
        shortOptionMinimum: t(cc.shortOptionMinimum),
        riskMargin: t(cc.riskMargin),
        longOptionValue: t(cc.longOptionValue),
        shortOptionValue: t(cc.shortOptionValue),
        mtm: t(cc.mtm),
        requirement: t(cc.requirement),
        // As the JSON `client` block: A before the long-option cap, then B.
        clientRiskMargin: t(client.riskMargin),
        capped: String(client.capped),
        clientRequirement: t(client.requirement),
      };
      records.push(CSV_COLUMNS.map((c) => csvField(row[c])).join(','));
    }
  }
  return records;
}
