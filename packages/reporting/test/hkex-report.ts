import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PositionRow } from '@marginkit/risk-engine';
import { marginAccounts, preparePrime } from '@marginkit/risk-engine';
import { parseCsv, readCatalogue, readRpfFile } from '@marginkit/rpf';
import type { MarginReport } from '../src/index';
import { buildMarginReport } from '../src/index';

/**
 * The report of the real pipeline on HKEX's 2016 sample (fixtures/hkex-2016-sample: a hand
 * reconstruction of the RPF that reproduces HKEX's published figures): RPF parser → catalogue →
 * positions file → PRiME → client rules at HKEX's 1.33 and HKFE's 0.8. The same flow as
 * client-margin's end-to-end test.
 */
export const FIXTURE_DIR = fileURLToPath(new URL('../../../fixtures/hkex-2016-sample/', import.meta.url));
export const RPF_FILE = 'rpf______-_____-__-_____-160930.lis';

/** positions.csv rows by header name (cli-contract.md "Positions"). */
function positionRows(): PositionRow[] {
  const file = 'positions.csv';
  const csv = parseCsv(readFileSync(`${FIXTURE_DIR}${file}`, 'utf8'));
  if (!csv.ok) throw new Error(`${file}: ${JSON.stringify(csv.errors)}`);
  const [header, ...records] = csv.value;
  const field = (fields: readonly string[], name: string) => fields[header?.fields.indexOf(name) ?? -1] ?? '';
  return records.map(({ fields, line }) => ({
    account: field(fields, 'account'),
    cc: field(fields, 'cc'),
    series: field(fields, 'series'),
    quantity: field(fields, 'quantity'),
    basis: field(fields, 'basis'),
    file,
    line,
  }));
}

export async function hkexReport(): Promise<MarginReport> {
  const rpf = await readRpfFile(`${FIXTURE_DIR}${RPF_FILE}`);
  if (!rpf.ok) throw new Error(rpf.errors.map((e) => e.message).join('\n'));
  const catalogue = await readCatalogue(`${FIXTURE_DIR}catalogue.csv`);
  if (!catalogue.ok) throw new Error(JSON.stringify(catalogue.errors));
  const run = marginAccounts(preparePrime(rpf.value, catalogue.value), positionRows(), { basis: 'net' });
  if (!run.ok) throw new Error(run.errors.map((e) => e.message).join('\n'));
  const report = buildMarginReport(run.value, { multiplier: '1.33', maintenanceRatio: '0.8' });
  if (!report.ok) throw new Error(report.errors.map((e) => e.message).join('\n'));
  return report.value;
}
