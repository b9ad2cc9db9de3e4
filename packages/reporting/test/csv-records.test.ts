import { beforeAll, describe, expect, it } from 'vitest';
import type { MarginReport } from '../src/index';
import { accountReportJson, CSV_HEADER, CSV_RECORD_END, csvRecordsOf, csvRecordsOfJson, renderCsv } from '../src/index';
import { hkexReport } from './hkex-report';

let report: MarginReport;
beforeAll(async () => {
  report = await hkexReport();
});

describe('per-account CSV records', () => {
  it('make up renderCsv, account by account', () => {
    const text = [CSV_HEADER, ...report.accounts.flatMap(csvRecordsOf)].join(CSV_RECORD_END) + CSV_RECORD_END;
    expect(text).toBe(renderCsv(report));
  });

  it("are the same from the account's JSON object as from its sheet", () => {
    for (const account of report.accounts) expect(csvRecordsOfJson(accountReportJson(account))).toEqual(csvRecordsOf(account));
    // HKCC case 3 net, FEYYY (capped): RM 32,435 × 1.33 = 43,138.55 > LOV 38,000, B = 38,000.
    const case3 = report.accounts.find((a) => a.sheet.account === 'HKCC-3-net');
    expect(case3 && csvRecordsOfJson(accountReportJson(case3)).find((r) => r.includes(',FEYYY,'))).toMatch(/,32435,38000,.*,43138.55,true,38000$/);
  });
});
