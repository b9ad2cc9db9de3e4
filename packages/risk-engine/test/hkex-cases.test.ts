import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ContractCatalogue, RiskParameterFile } from '@marginkit/rpf';
import { readCatalogue, readRpfFile } from '@marginkit/rpf';
import type { AccountSheet, MarginRun, PositionRow } from '../src/index';
import { decimalText, marginAccounts, parsePositions, preparePrime } from '../src/index';

/**
 * HKEX's eight published client-margin cases, each on the gross and the net basis, margined end to
 * end: fixture RPF → parser → contract catalogue → positions file → PRiME. The expected figures
 * are read from the fixture's expected.json — HKEX's numbers as published (Revised Client
 * Margining Methodology, Supplementary Information), never re-derived here. The RPF is a
 * reconstruction (fixtures/hkex-2016-sample/README.md derives every figure by hand), so this
 * proves the plumbing — gross/net sides, SEOCH long sides not marginable, intercommodity credits,
 * short option minimum, option values and MTM, two-step rounding, totals — while the algorithm's
 * steps are proven by hand-worked unit tests.
 */

const DIR = fileURLToPath(new URL('../../../fixtures/hkex-2016-sample/', import.meta.url));
const RPF_FILE = 'rpf______-_____-__-_____-160930.lis';

type Basis = 'gross' | 'net';
const BASES: readonly Basis[] = ['gross', 'net'];

interface ExpectedCc {
  readonly rm?: number;
  readonly lov?: number;
  readonly mtm?: number;
  readonly marginable?: boolean;
}
interface ExpectedCase {
  readonly id: string;
  readonly positions: readonly (readonly [string, string, number])[];
  readonly clearingHouse: Readonly<Record<Basis, number>>;
  readonly perCC: Readonly<Record<Basis, Readonly<Record<string, ExpectedCc>>>>;
}

const expected = JSON.parse(readFileSync(`${DIR}expected.json`, 'utf8')) as { readonly cases: readonly ExpectedCase[] };
const caseBases = expected.cases.flatMap((c) => BASES.map((basis) => ({ c, basis, account: `${c.id}-${basis}` })));

/** positions.csv (cli-contract.md): account,cc,series,quantity,basis, read by the package's loader. */
function readPositions(): PositionRow[] {
  const file = 'positions.csv';
  const text = readFileSync(`${DIR}${file}`, 'utf8');
  expect(text.split(/\r?\n/)[0]).toBe('account,cc,series,quantity,basis');
  const parsed = parsePositions(text, { fileName: file });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  return parsed.value;
}

let rpf: RiskParameterFile;
let catalogue: ContractCatalogue;
let rows: PositionRow[];
let run: MarginRun;

beforeAll(async () => {
  const parsed = await readRpfFile(`${DIR}${RPF_FILE}`);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  rpf = parsed.value;
  const cat = await readCatalogue(`${DIR}catalogue.csv`);
  if (!cat.ok) throw new Error(JSON.stringify(cat.errors));
  catalogue = cat.value;
  rows = readPositions();
  const margined = marginAccounts(preparePrime(rpf, catalogue), rows, { basis: 'net' });
  if (!margined.ok) throw new Error(margined.errors.map((e) => e.message).join('\n'));
  run = margined.value;
});

function account(name: string): AccountSheet {
  const a = run.accounts.find((x) => x.account === name);
  if (a === undefined) throw new Error(`account ${name} was not margined`);
  return a;
}

describe('HKEX 2016 sample cases through the reconstructed RPF', () => {
  it('reads the fixture as the final RPF of 2016-09-30 with no warnings', async () => {
    const again = await readRpfFile(`${DIR}${RPF_FILE}`);
    expect(again.warnings).toEqual([]);
    expect(run.rpf).toMatchObject({ kind: 'final', businessDate: '2016-09-30', businessTime: '18:30', fileName: RPF_FILE });
  });

  it('holds each published case once per basis in positions.csv, with exactly its positions', () => {
    expect(run.accounts.map((a) => a.account)).toEqual(caseBases.map((x) => x.account));
    for (const { c, basis, account: name } of caseBases) {
      const mine = rows.filter((r) => r.account === name);
      expect(mine.map((r) => [r.cc, r.series, Number(r.quantity)]), name).toEqual(c.positions.map((p) => [...p]));
      expect(new Set(mine.map((r) => r.basis)), name).toEqual(new Set([basis]));
    }
  });

  it.each(caseBases)('$account: clearing-house total', ({ c, basis, account: name }) => {
    const a = account(name);
    expect(a.basis).toBe(basis);
    const want = String(c.clearingHouse[basis]);
    // One clearing house per published case (HKCC-n or SEOCH-n), all in HKD.
    expect(a.clearingHouses.map((ch) => [ch.clearingHouse, ch.currency])).toEqual([[c.id.split('-')[0], 'HKD']]);
    expect(decimalText(a.clearingHouses[0]!.requirement)).toBe(want);
    expect(decimalText(a.clearingHouseTotalHkd)).toBe(want);
  });

  it.each(caseBases)('$account: per-CC risk margin, long option value, MTM, marginable', ({ c, basis, account: name }) => {
    const ccs = account(name).clearingHouses.flatMap((ch) => ch.combinedCommodities);
    const wantCcs = c.perCC[basis];
    expect(ccs.map((x) => x.cc).sort()).toEqual(Object.keys(wantCcs).sort());
    for (const cc of ccs) {
      const want = wantCcs[cc.cc] as ExpectedCc;
      const got = {
        marginable: cc.marginable,
        rm: decimalText(cc.riskMargin),
        lov: decimalText(cc.longOptionValue),
        mtm: decimalText(cc.mtm),
        requirement: decimalText(cc.requirement),
      };
      if (want.marginable === false) {
        // A gross SEOCH long-only CC: no risk margin, no option value, nothing required.
        expect(got, `${name} ${cc.cc}`).toEqual({ marginable: false, rm: '0', lov: '0', mtm: '0', requirement: '0' });
        continue;
      }
      expect(got.marginable, `${name} ${cc.cc} marginable`).toBe(true);
      expect(got.rm, `${name} ${cc.cc} risk margin`).toBe(String(want.rm));
      if (want.lov !== undefined) expect(got.lov, `${name} ${cc.cc} long option value`).toBe(String(want.lov));
      if (cc.clearingHouse === 'SEOCH') {
        expect(got.mtm, `${name} ${cc.cc} MTM`).toBe(String(want.mtm));
        expect(got.requirement, `${name} ${cc.cc} requirement`).toBe(String((want.rm ?? 0) + (want.mtm ?? 0)));
      } else {
        expect(got.mtm, `${name} ${cc.cc} MTM (HKCC)`).toBe('0');
        expect(got.requirement, `${name} ${cc.cc} requirement`).toBe(String(want.rm));
      }
    }
  });
});
