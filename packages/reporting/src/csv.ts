import type Decimal from 'decimal.js';
import { csvField } from '@marginkit/rpf';
import type { MarginFiguresJson } from '@marginkit/risk-engine';
import { decimalText } from '@marginkit/risk-engine';
import type { AccountReportJson } from './json';
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
  const { sheet } = account;
  const t = (x: Decimal) => decimalText(x);
  const records: string[] = [];
  for (const house of sheet.clearingHouses) {
    for (const cc of house.combinedCommodities) {
      const client = clientCcOf(account, cc);
      records.push(
        csvRecord(sheet.account, sheet.basis, house.clearingHouse, house.currency, cc.cc, (f) => t(cc[f]), {
          riskMargin: t(client.riskMargin),
          capped: client.capped,
          requirement: t(client.requirement),
        }),
      );
    }
  }
  return records;
}

/**
 * The same records from the account's JSON object (whose money is already decimal text): a book
 * run that writes both the JSON line and the CSV rows of an account formats its figures once.
 */
export function csvRecordsOfJson(account: AccountReportJson): string[] {
  const records: string[] = [];
  for (const house of account.clearingHouses) {
    for (const cc of house.combinedCommodities) {
      const client = account.client.combinedCommodities.find((c) => c.cc === cc.cc && c.clearingHouse === house.clearingHouse);
      // The client rules keep one entry per clearing house and CC of the sheet.
      if (client === undefined) throw new Error(`account ${account.account}: no client figures for ${house.clearingHouse} ${cc.cc}`);
      records.push(csvRecord(account.account, account.basis, house.clearingHouse, house.currency, cc.cc, (f) => cc[f], client));
    }
  }
  return records;
}

type CcFigure = keyof MarginFiguresJson;

/** One record: the row's identity, its CC-level figures as text, and the CC's client figures. */
function csvRecord(
  account: string,
  basis: string,
  clearingHouse: string,
  currency: string,
  cc: string,
  figure: (f: CcFigure) => string,
  client: { readonly riskMargin: string; readonly capped: boolean; readonly requirement: string },
): string {
  const row: Record<CsvColumn, string> = {
    account,
    basis,
    clearingHouse,
    currency,
    cc,
    scanRisk: figure('scanRisk'),
    intraSpreadCharge: figure('intraSpreadCharge'),
    spotCharge: figure('spotCharge'),
    commodityRisk: figure('commodityRisk'),
    interSpreadCredit: figure('interSpreadCredit'),
    shortOptionMinimum: figure('shortOptionMinimum'),
    riskMargin: figure('riskMargin'),
    longOptionValue: figure('longOptionValue'),
    shortOptionValue: figure('shortOptionValue'),
    mtm: figure('mtm'),
    requirement: figure('requirement'),
    // As the JSON `client` block: A before the long-option cap, then B.
    clientRiskMargin: client.riskMargin,
    capped: String(client.capped),
    clientRequirement: client.requirement,
  };
  return CSV_COLUMNS.map((c) => csvField(row[c])).join(',');
}
