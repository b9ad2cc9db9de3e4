import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '@marginkit/rpf';
import type { MarginReport } from '../src/index';
import { CSV_COLUMNS, renderCsv } from '../src/index';
import { hkexReport } from './hkex-report';

let report: MarginReport;
let csv: string;

beforeAll(async () => {
  report = await hkexReport();
  csv = renderCsv(report);
});

function records(text: string): string[][] {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value.map((r) => [...r.fields]);
}

function row(text: string, account: string, cc: string): Record<string, string> {
  const [header = [], ...rows] = records(text);
  const found = rows.find((r) => r[header.indexOf('account')] === account && r[header.indexOf('cc')] === cc);
  if (found === undefined) throw new Error(`no row ${account} ${cc}`);
  return Object.fromEntries(header.map((h, i) => [h, found[i] ?? '']));
}

describe('renderCsv', () => {
  it('writes a header and one CRLF-terminated row per account × clearing house × CC', () => {
    const [header, ...rows] = records(csv);
    expect(header).toEqual([...CSV_COLUMNS]);
    // positions.csv, per case and basis: HKCC-1 1 CC, HKCC-2/3/4 2 CCs each, SEOCH-1 1 CC,
    // SEOCH-2/3/4 2 CCs each → (1 + 2 + 2 + 2 + 1 + 2 + 2 + 2) × 2 bases = 28
    expect(rows).toHaveLength(28);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(30); // 29 records + the empty text after the last CRLF
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  it("carries HKEX's figures as exact decimal text (HKCC case 3 net)", () => {
    // RM 11,420 × 1.33 = 15,188.6 (no cap: FEXXX holds a short put)
    expect(row(csv, 'HKCC-3-net', 'FEXXX')).toMatchObject({
      basis: 'net', clearingHouse: 'HKCC', currency: 'HKD', riskMargin: '11420', mtm: '0', requirement: '11420',
      clientRiskMargin: '15188.6', capped: 'false', clientRequirement: '15188.6',
    });
    // RM 32,435 × 1.33 = 43,138.55 > LOV 38,000: capped, B = 38,000
    expect(row(csv, 'HKCC-3-net', 'FEYYY')).toMatchObject({
      scanRisk: '32990', riskMargin: '32435', longOptionValue: '38000', clientRiskMargin: '43138.55', capped: 'true',
      clientRequirement: '38000',
    });
  });

  it('puts SEOCH MTM in the requirement and in B (case 1: 4,795 + 3,690; 4,795 × 1.33 + 3,690)', () => {
    // 4,795 × 1.33 = 6,377.35; + 3,690 = 10,067.35
    expect(row(csv, 'SEOCH-1-net', 'SEHEX')).toMatchObject({
      riskMargin: '4795', shortOptionValue: '3690', mtm: '3690', requirement: '8485', clientRiskMargin: '6377.35',
      clientRequirement: '10067.35',
    });
  });

  it('quotes fields per RFC 4180 so that names with commas, quotes and line breaks survive', () => {
    const name = 'Fund "A", Ltd\r\nclass B';
    const renamed: MarginReport = {
      ...report,
      accounts: report.accounts.slice(0, 1).map((a) => ({ ...a, sheet: { ...a.sheet, account: name } })),
    };
    const text = renderCsv(renamed);
    expect(text).toContain('"Fund ""A"", Ltd\r\nclass B",gross,HKCC');
    expect(records(text)[1]?.[0]).toBe(name);
  });

  it('writes only the header for a run with no accounts', () => {
    expect(renderCsv({ ...report, accounts: [] })).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });
});
