import { csvField } from '@marginkit/rpf';
import type { MarginFiguresJson } from '@marginkit/risk-engine';
import { ccFiguresCsv } from '@marginkit/risk-engine';
import type { ClientCcFigureTexts } from '@marginkit/client-margin';
import { clientCcFigureTexts } from '@marginkit/client-margin';
import type { AccountReportJson } from './json';
import type { AccountReport, MarginReport } from './report';
import { clientCcIndexOf } from './report';

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

/**
 * One account's records (without line ends): one per clearing house × CC, as {@link renderCsv}
 * writes them, with no JSON object: the engine's CCs give their figures' text straight from
 * their integer units, and the client rules give theirs (`clientCcFigureTexts`) the same way.
 */
export function csvRecordsOf(account: AccountReport): string[] {
  const { sheet } = account;
  const client = clientCcFigureTexts(account.client);
  const records: string[] = [];
  const head = `${csvField(sheet.account)},${csvField(sheet.basis)},`;
  for (const house of sheet.clearingHouses) {
    const houseHead = `${head}${csvField(house.clearingHouse)},${csvField(house.currency)},`;
    for (const cc of house.combinedCommodities) {
      const c = client[clientCcIndexOf(account, cc)] as ClientCcFigureTexts;
      records.push(csvRecord(houseHead, cc.cc, ccFiguresCsv(cc), c.riskMargin, c.capped, c.requirement));
    }
  }
  return records;
}

/**
 * The same records from the account's JSON object (whose money is already decimal text), for a
 * caller that holds the document rather than the report; {@link csvRecordsOf} is the faster way
 * from a report.
 */
export function csvRecordsOfJson(account: AccountReportJson): string[] {
  const records: string[] = [];
  const head = `${csvField(account.account)},${csvField(account.basis)},`;
  for (const house of account.clearingHouses) {
    const houseHead = `${head}${csvField(house.clearingHouse)},${csvField(house.currency)},`;
    for (const cc of house.combinedCommodities) {
      const client = account.client.combinedCommodities.find((c) => c.cc === cc.cc && c.clearingHouse === house.clearingHouse);
      // The client rules keep one entry per clearing house and CC of the sheet.
      if (client === undefined) throw new Error(`account ${account.account}: no client figures for ${house.clearingHouse} ${cc.cc}`);
      const figures = [
        cc.scanRisk,
        cc.intraSpreadCharge,
        cc.spotCharge,
        cc.commodityRisk,
        cc.interSpreadCredit,
        cc.shortOptionMinimum,
        cc.riskMargin,
        cc.longOptionValue,
        cc.shortOptionValue,
        cc.mtm,
        cc.requirement,
      ].join(',');
      records.push(csvRecord(houseHead, cc.cc, figures, client.riskMargin, client.capped, client.requirement));
    }
  }
  return records;
}

/**
 * One record in {@link CSV_COLUMNS} order: the row's identity (account, basis, clearing house and
 * currency already as fields, then the CC), its eleven CC-level figures (comma-separated, in
 * {@link MarginFiguresJson} order), and the CC's client figures (A before the long-option cap,
 * whether the cap applied, then B, as the JSON `client` block). Money is decimal text — digits,
 * sign, point — which never needs quoting.
 */
function csvRecord(
  houseHead: string,
  cc: string,
  figures: string,
  clientRiskMargin: string,
  capped: boolean,
  clientRequirement: string,
): string {
  return `${houseHead}${csvField(cc)},${figures},${clientRiskMargin},${capped},${clientRequirement}`;
}
