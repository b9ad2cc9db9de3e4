import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccountSheet, MarginRun, PositionRow, PrimeContext } from '@marginkit/risk-engine';
import { decimalText, marginAccounts, parsePositions, preparePrime } from '@marginkit/risk-engine';
import { readCatalogue, readRpfFile } from '@marginkit/rpf';
import { UnitsMargin } from '../src/engine-sheet';
import { clientMarginForAccount, clientMarginJson, clientMarginJsonText } from '../src/index';

/**
 * HKEX's eight cases × gross and net, end to end: the fixture RPF (a hand reconstruction that
 * reproduces HKEX's clearing-house figures, see its README) → parser → catalogue → positions
 * file → PRiME → client rules. Client totals come from expected.json (HKEX's published figures).
 */

const DIR = fileURLToPath(new URL('../../../fixtures/hkex-2016-sample/', import.meta.url));

interface ExpectedCase {
  readonly id: string;
  readonly perCC: Readonly<Record<Basis, Readonly<Record<string, { readonly capped?: boolean }>>>>;
  readonly client: Readonly<Record<Basis, number>>;
}
type Basis = 'gross' | 'net';
const expected = JSON.parse(readFileSync(`${DIR}expected.json`, 'utf8')) as { readonly cases: readonly ExpectedCase[] };
const accounts = expected.cases.flatMap((c) =>
  (['gross', 'net'] as const).map((basis) => ({ id: c.id, basis, name: `${c.id}-${basis}`, c })),
);

/**
 * Client maintenance margin, by hand: 0.8 × HKEX's client total, half-up.
 * 455,259 → 364,207.2; 510,259 → 408,207.2; 228,536 → 182,828.8; 53,189 → 42,551.2;
 * 252,080 → 201,664; 161,312 → 129,049.6; 10,067 → 8,053.6; 0 → 0; 3,494 → 2,795.2; 2,802 → 2,241.6
 */
const maintenance: Record<string, Record<Basis, string>> = {
  'HKCC-1': { gross: '364207', net: '364207' },
  'HKCC-2': { gross: '408207', net: '408207' },
  'HKCC-3': { gross: '182829', net: '42551' },
  'HKCC-4': { gross: '201664', net: '129050' },
  'SEOCH-1': { gross: '8054', net: '8054' },
  'SEOCH-2': { gross: '8054', net: '8054' },
  'SEOCH-3': { gross: '0', net: '0' },
  'SEOCH-4': { gross: '2795', net: '2242' },
};

/** The positions file's rows (cli-contract.md "Positions"), read by the engine's loader. */
function positionRows(): PositionRow[] {
  const file = 'positions.csv';
  const parsed = parsePositions(readFileSync(`${DIR}${file}`, 'utf8'), { fileName: file });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  return parsed.value;
}

let prime: PrimeContext;
let rows: PositionRow[];
let run: MarginRun;

function margin(rowsToMargin: readonly PositionRow[]): MarginRun {
  const result = marginAccounts(prime, rowsToMargin, { basis: 'net' });
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.value;
}

beforeAll(async () => {
  const rpf = await readRpfFile(`${DIR}rpf______-_____-__-_____-160930.lis`);
  if (!rpf.ok) throw new Error(rpf.errors.map((e) => e.message).join('\n'));
  const catalogue = await readCatalogue(`${DIR}catalogue.csv`);
  if (!catalogue.ok) throw new Error(JSON.stringify(catalogue.errors));
  prime = preparePrime(rpf.value, catalogue.value);
  rows = positionRows();
  run = margin(rows);
});

function sheet(name: string, from: MarginRun = run): AccountSheet {
  const found = from.accounts.find((a) => a.account === name);
  if (found === undefined) throw new Error(`account ${name} was not margined`);
  return found;
}

function client(name: string, from: MarginRun = run) {
  const result = clientMarginForAccount(sheet(name, from));
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.value;
}

describe('HKEX cases end to end: RPF → PRiME → client margin', () => {
  it('margins the 16 case × basis accounts', () => {
    expect(run.accounts.map((a) => a.account).sort()).toEqual(accounts.map((a) => a.name).sort());
  });

  it.each(accounts)('$name: client total and maintenance', ({ id, basis, name, c }) => {
    const m = client(name);
    expect(sheet(name).basis).toBe(basis);
    expect(decimalText(m.total)).toBe(String(c.client[basis]));
    expect(m.totals).toHaveLength(1);
    expect(decimalText(m.totals[0]!.total)).toBe(String(c.client[basis]));
    expect(decimalText(m.maintenance)).toBe(maintenance[id]?.[basis]);
  });

  it.each(accounts)('$name: the cap applies where HKEX shows it', ({ basis, name, c }) => {
    const m = client(name);
    for (const cc of m.combinedCommodities) {
      const want = c.perCC[basis][cc.cc];
      expect(want, `${name} ${cc.cc}`).toBeDefined();
      expect(cc.capped, `${name} ${cc.cc}`).toBe(want?.capped ?? false);
    }
  });

  it('writes the contract example for HKCC-3 net', () => {
    const json = clientMarginJson(client('HKCC-3-net'));
    expect(json.combinedCommodities.find((c) => c.cc === 'FEXXX')).toMatchObject({
      clearingHouse: 'HKCC',
      riskMargin: '15188.6', // 11,420 × 1.33
      capped: false,
      mtm: '0',
      requirement: '15188.6',
    });
    expect(json.totals).toEqual([{ clearingHouse: 'HKCC', currency: 'HKD', total: '53189', maintenance: '42551' }]);
    expect([json.multiplier, json.total, json.maintenance]).toEqual(['1.33', '53189', '42551']);
  });

  it("applies an account's multiplier column from the positions file", () => {
    // HKCC-3 net at 1.5: FEXXX 11,420 × 1.5 = 17,130; FEYYY 32,435 × 1.5 = 48,652.5 capped at
    // 38,000; total 55,130; maintenance 0.8 × 55,130 = 44,104
    const withColumn = rows.map((r) => (r.account === 'HKCC-3-net' ? { ...r, multiplier: '1.5' } : r));
    const m = client('HKCC-3-net', margin(withColumn));
    expect([decimalText(m.multiplier), decimalText(m.total), decimalText(m.maintenance)]).toEqual(['1.5', '55130', '44104']);
    // the other accounts keep 1.33
    expect(decimalText(client('HKCC-1-net', margin(withColumn)).total)).toBe('455259');
  });

  it('margins the engine sheets in integer units (these cases test that path)', () => {
    for (const { name } of accounts) {
      const m = client(name);
      expect(m, name).toBeInstanceOf(UnitsMargin);
      expect(clientMarginJsonText(m), name).toBe(JSON.stringify(clientMarginJson(m)));
    }
  });

  it('does not cap when A equals the LOV exactly (SEOCH-3 at multiplier 1)', () => {
    // SETCH: RM 75 × 1 = 75 = LOV 75, so not capped; B = 75 + MTM −75 = 0. SEHEX: 127 × 1 = 127
    // ≤ LOV 132, not capped; B = 127 − 132 = −5. Σ B = −5 → total 0.
    const withColumn = rows.map((r) => (r.account === 'SEOCH-3-net' ? { ...r, multiplier: '1' } : r));
    const m = client('SEOCH-3-net', margin(withColumn));
    expect(m).toBeInstanceOf(UnitsMargin);
    const json = clientMarginJson(m);
    expect(json.combinedCommodities.map((c) => [c.cc, c.riskMargin, c.longOptionValue, c.capped, c.requirement])).toEqual([
      ['SEHEX', '127', '132', false, '-5'],
      ['SETCH', '75', '75', false, '0'],
    ]);
    expect(json.total).toBe('0');
  });
});
