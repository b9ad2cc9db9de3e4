import { beforeAll, describe, expect, it } from 'vitest';
import type { MarginReport } from '../src/index';
import { renderTable } from '../src/index';
import { hkexReport } from './hkex-report';

let report: MarginReport;
let table: string;

beforeAll(async () => {
  report = await hkexReport();
  table = renderTable(report);
});

/** The lines of one account's block (from its title to the next blank line after its totals). */
function block(text: string, account: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`Account ${account} `));
  if (start < 0) throw new Error(`no block for ${account}`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('Account '));
  return lines.slice(start, end < 0 ? undefined : end);
}

function line(lines: readonly string[], prefix: RegExp): string {
  const found = lines.find((l) => prefix.test(l));
  if (found === undefined) throw new Error(`no line ${prefix}`);
  return found;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[\d+m/g;

describe('renderTable', () => {
  it('names the RPF the figures came from', () => {
    expect(table.split('\n')[0]).toBe('Margin run, final RPF of 2016-09-30 18:30 (rpf______-_____-__-_____-160930.lis)');
  });

  it("shows HKEX's HKCC case 3 net figures with thousands separators", () => {
    const lines = block(table, 'HKCC-3-net');
    expect(lines.slice(0, 2)).toEqual(['Account HKCC-3-net  basis net', 'Client multiplier 1.33, maintenance ratio 0.8']);
    // CH 43,855; client 53,189; maintenance 0.8 × 53,189 = 42,551.2 → 42,551
    expect(line(lines, /^HKCC  +HKD /)).toMatch(/ 43,855 +53,189 +42,551$/);
    expect(line(lines, /^All, in HKD /)).toMatch(/ 43,855 +53,189 +42,551$/);
    // FEXXX: RM 11,420; client A 11,420 × 1.33 = 15,188.6, shown to 2 places in a fractional column
    const fexxx = line(lines, /^HKCC +FEXXX /);
    expect(fexxx).toContain(' 11,420 ');
    expect(fexxx).toMatch(/ no +15,188\.60$/);
    // FEYYY: 32,435 × 1.33 = 43,138.55 capped at LOV 38,000
    expect(line(lines, /^HKCC +FEYYY /)).toMatch(/ 32,435 .* 43,138\.55 +yes +38,000\.00$/);
  });

  it('right-aligns numbers: a column ends at the same place on every line', () => {
    const lines = block(table, 'HKCC-4-gross');
    const header = line(lines, /^CH +CC /);
    const end = header.indexOf('Requirement') + 'Requirement'.length;
    for (const cc of ['FEXXX', 'FEYYY']) {
      const row = line(lines, new RegExp(`^HKCC +${cc} `));
      expect(row.slice(0, end)).toMatch(/\d$/);
      expect(row[end]).toBe(' ');
    }
    // 131,580 + 57,954 = 189,534 (HKEX CH gross)
    expect(line(lines, /^HKCC  +HKD /)).toMatch(/ 189,534 +252,080 +201,664$/);
  });

  it('shows a SEOCH credit (negative MTM) with its sign', () => {
    // case 3 net: SEHEX long put, MTM = SOV − LOV = 0 − 132
    expect(line(block(table, 'SEOCH-3-net'), /^SEOCH +SEHEX /)).toMatch(/ -132 /);
  });

  it('leaves out the least essential columns to fit a width, and says which', () => {
    const narrow = renderTable(report, { width: 80 });
    const lines = block(narrow, 'HKCC-3-net');
    for (const l of narrow.split('\n')) expect(l.length).toBeLessThanOrEqual(80);
    const header = line(lines, /^CH +CC /);
    expect(header).toMatch(/Risk margin +.*Requirement +Client B$/);
    expect(header).not.toContain('SOV');
    expect(lines.join(' ')).toMatch(/not shown: .*SOV/);
    expect(line(lines, /^HKCC +FEYYY /)).toMatch(/ 32,435 .* 38,000\.00$/);
    // the full table is wider and hides nothing
    expect(Math.max(...table.split('\n').map((l) => l.length))).toBeGreaterThan(80);
    expect(table).not.toContain('not shown');
  });

  it('colours only on request, and the colours add nothing but escape codes', () => {
    expect(table).not.toMatch(ANSI);
    const coloured = renderTable(report, { color: true });
    expect(coloured).toMatch(ANSI);
    expect(coloured.replace(ANSI, '').split('\n').map((l) => l.trimEnd())).toEqual(table.split('\n'));
  });

  it('lists skipped positions after the accounts', () => {
    const skipped = renderTable({
      ...report,
      accounts: [],
      skippedPositions: [
        {
          _tag: 'UnknownSeries', file: 'positions.csv', line: 7, account: 'A1', field: 'series', value: 'XXXM9',
          message: 'positions.csv:7: account "A1" series "XXXM9": unknown series',
        },
      ],
    });
    expect(skipped).toContain('No accounts.');
    expect(skipped).toContain('Skipped positions (1), not margined:\n  positions.csv:7: account "A1" series "XXXM9": unknown series\n');
  });
});
