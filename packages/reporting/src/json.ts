import type { AccountJson, MarginRunJson } from '@marginkit/risk-engine';
import { accountSheetJsonText, accountSheetToJson, sheetToJson, withAccountSheetJsonBytes } from '@marginkit/risk-engine';
import type { ClientMarginJson } from '@marginkit/client-margin';
import { clientMarginJson, clientMarginJsonText } from '@marginkit/client-margin';
import type { AccountReport, MarginReport } from './report';
import { CSV_RECORD_END, csvRecordsOf } from './csv';

/**
 * `marginkit margin --format json` (cli-contract.md): the engine's calculation sheet JSON with
 * each account's `client` block beside its clearing-house figures. Both halves come from their
 * packages' serialisers, so the field names live in one place each.
 */
export interface AccountReportJson extends AccountJson {
  readonly client: ClientMarginJson;
}

export interface MarginReportJson extends Omit<MarginRunJson, 'accounts'> {
  readonly accounts: readonly AccountReportJson[];
}

/** The document without its accounts (schema version, RPF provenance, skipped positions). */
export function runHeadJson(report: MarginReport): MarginRunJson {
  return sheetToJson({ rpf: report.rpf, accounts: [], skippedPositions: report.skippedPositions });
}

export function marginReportJson(report: MarginReport): MarginReportJson {
  const run = runHeadJson(report);
  return { ...run, accounts: report.accounts.map(accountReportJson) };
}

/** One account of the document: its calculation sheet and its `client` block (a book run's JSONL line). */
export function accountReportJson(account: AccountReport): AccountReportJson {
  return { ...accountSheetToJson(account.sheet), client: clientMarginJson(account.client) };
}

/**
 * {@link accountReportJson} as JSON text, exactly `JSON.stringify(accountReportJson(account))`,
 * without the object: each half is written as text by its own package (from integer units for
 * the engine's sheets and the client rules' units path).
 */
export function accountReportJsonText(account: AccountReport): string {
  return reportJsonText(account, clientMarginJsonText(account.client));
}

/**
 * What a book run writes for one account: its JSON line ({@link accountReportJsonText}) and its
 * CSV records (`csvRecordsOf`).
 */
export function accountReportTexts(account: AccountReport): { readonly json: string; readonly csv: string[] } {
  return { json: accountReportJsonText(account), csv: csvRecordsOf(account) };
}

/** Where a book run's lines go: bytes appended as they are, text appended as UTF-8. */
export interface Utf8Sink {
  appendBytes(utf8: Uint8Array): void;
  append(text: string): void;
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * What a book run writes for one account, appended: its JSON line ({@link accountReportJsonText}
 * and a newline) to `jsonl`, its CSV records (`csvRecordsOf`, each ending CRLF) to `csv`. The
 * sheet's text goes over as the bytes the engine wrote: an account's eleven kilobytes are copied
 * once instead of being made a string, joined with the client block, and encoded again.
 */
export function appendAccountReport(account: AccountReport, jsonl: Utf8Sink, csv: Utf8Sink): void {
  const client = clientMarginJsonText(account.client);
  withAccountSheetJsonBytes(account.sheet, (sheet) => {
    // As reportJsonText: the sheet's closing brace gives way to the `client` block.
    if (sheet.length === 2 && sheet[0] === OPEN_BRACE && sheet[1] === CLOSE_BRACE) jsonl.append(`{"client":${client}}\n`);
    else {
      jsonl.appendBytes(sheet.subarray(0, sheet.length - 1));
      jsonl.append(`,"client":${client}}\n`);
    }
  });
  const records = csvRecordsOf(account);
  if (records.length > 0) csv.append(`${records.join(CSV_RECORD_END)}${CSV_RECORD_END}`);
}

function reportJsonText(account: AccountReport, client: string): string {
  const sheet = accountSheetJsonText(account.sheet);
  // The spread keeps the sheet's keys in order and adds `client` last (a sheet has no `client`).
  return sheet === '{}' ? `{"client":${client}}` : `${sheet.slice(0, -1)},"client":${client}}`;
}

export interface JsonRenderOptions {
  /** Spaces of indentation; default 0 (one line, as the CLI's other `--json` outputs). */
  readonly indent?: number;
}

/** The JSON document as text, ending with a newline. */
export function renderJson(report: MarginReport, options: JsonRenderOptions = {}): string {
  return `${JSON.stringify(marginReportJson(report), null, options.indent ?? 0)}\n`;
}

/**
 * {@link marginReportJson} as one line of JSON text, exactly `JSON.stringify` of the document, with
 * each account written from its units ({@link accountReportJsonText}). `rpfFirst` adds fields at
 * the front of the `rpf` block (the HTTP service's RPF version id).
 */
export function marginReportJsonText(report: MarginReport, rpfFirst: Readonly<Record<string, string>> = {}): string {
  const run = runHeadJson(report);
  const head = JSON.stringify({ schemaVersion: run.schemaVersion, rpf: { ...rpfFirst, ...run.rpf } });
  const accounts = report.accounts.map(accountReportJsonText).join(',');
  return `${head.slice(0, -1)},"accounts":[${accounts}],"skippedPositions":${JSON.stringify(run.skippedPositions)}}`;
}
