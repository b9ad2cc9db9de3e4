import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from './run-cli';

/**
 * `marginkit whatif` on HKEX's published cases (fixtures/hkex-2016-sample). Expected figures are
 * HKEX's (expected.json / client-margin.md's tables) or, where HKEX publishes no figure, the
 * fixture README's hand derivation; the arithmetic is written beside each.
 */

const SAMPLE = join(FIXTURES, 'hkex-2016-sample');
const INPUTS = ['--rpf', join(SAMPLE, 'rpf______-_____-__-_____-160930.lis'), '--catalogue', join(SAMPLE, 'catalogue.csv')];
const POSITIONS = join(SAMPLE, 'positions.csv');

interface Step {
  readonly trade: { readonly cc: string; readonly series: string; readonly quantity: number } | null;
  readonly clearingHouseTotalHkd: string;
  readonly clientTotal: string;
  readonly incrementalClearingHouse?: string;
  readonly incrementalClient?: string;
}
interface WhatIfOut {
  readonly schemaVersion: number;
  readonly rpf: Record<string, unknown>;
  readonly account: string;
  readonly basis: string;
  readonly steps: readonly Step[];
  readonly marginBenefit: { readonly clearingHouse: string; readonly client: string };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mk-cli-whatif-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function whatifJson(args: readonly string[]): WhatIfOut {
  const r = runCli(['whatif', ...INPUTS, ...args, '--format', 'json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as WhatIfOut;
}

const CASE_2_TRADES = ['--trade', 'FEYYY:YYY6800R7:10', '--trade', 'FEYYY:YYY6900R7:4'];

describe('marginkit whatif: HKCC case 2 built from case 1 by two trades', () => {
  it('steps from HKEX case 1 to HKEX case 2, with each increment', () => {
    const out = whatifJson(['--positions', POSITIONS, '--account', 'HKCC-1-net', ...CASE_2_TRADES]);
    expect([out.schemaVersion, out.account, out.basis]).toEqual([1, 'HKCC-1-net', 'net']);
    expect(out.rpf).toMatchObject({ kind: 'final', businessDate: '2016-09-30', businessTime: '18:30' });
    expect(out.steps).toEqual([
      // HKEX HKCC-1: XXXM8 −6 → CH 342,300; client 342,300 × 1.33 = 455,259.
      { trade: null, clearingHouseTotalHkd: '342300', clientTotal: '455259' },
      // + YYY6800R7 +10. Alone it is 32,990 (HKEX HKCC-3 gross: the FEYYY long side holds exactly
      // these ten calls). HKEX HKCC-2 (net) shows FEYYY with +14 calls beside the short XXXM8
      // futures earning no intercommodity credit (389,918 = 342,300 + 47,618), so ten calls earn
      // none either: CH 342,300 + 32,990 = 375,290. Client: FEYYY is solely long options, so
      // A = min(32,990 × 1.33 = 43,876.70, LOV 38,000 (HKEX HKCC-3)) = 38,000;
      // 455,259 + 38,000 = 493,259.
      {
        trade: { cc: 'FEYYY', series: 'YYY6800R7', quantity: 10 },
        clearingHouseTotalHkd: '375290',
        clientTotal: '493259',
        incrementalClearingHouse: '32990',
        incrementalClient: '38000',
      },
      // + YYY6900R7 +4: HKEX HKCC-2, CH 389,918 (+ 389,918 − 375,290 = 14,628); client 510,259
      // (FEYYY 47,618 × 1.33 capped at LOV 55,000: + 55,000 − 38,000 = 17,000).
      {
        trade: { cc: 'FEYYY', series: 'YYY6900R7', quantity: 4 },
        clearingHouseTotalHkd: '389918',
        clientTotal: '510259',
        incrementalClearingHouse: '14628',
        incrementalClient: '17000',
      },
    ]);
    // Each position alone: XXXM8 −6 342,300; YYY6800R7 +10 32,990; YYY6900R7 +4 4 × 3,657 =
    // 14,628 (fixture README: its worst-scenario loss per contract) — Σ 389,918, the portfolio's
    // own margin: short futures and long calls of other commodities do not offset. Client alone:
    // 455,259 + 38,000 + min(14,628 × 1.33 = 19,455.24, LOV 4 × 85 × 50 = 17,000) = 510,259.
    expect(out.marginBenefit).toEqual({ clearingHouse: '0', client: '0' });
  });

  it('prints the steps as a table', () => {
    const r = runCli(['whatif', ...INPUTS, '--positions', POSITIONS, '--account', 'HKCC-1-net', ...CASE_2_TRADES]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('What-if for account HKCC-1-net, basis net (final RPF of 2016-09-30 18:30, rpf______-_____-__-_____-160930.lis)');
    expect(lines.find((l) => l.startsWith('2 '))).toMatch(/^2\s+FEYYY YYY6900R7 \+4\s+389,918\s+\+14,628\s+510,259\s+\+17,000$/);
  });

  it("applies the account's basis column (HKCC-1-gross margins gross)", () => {
    const out = whatifJson(['--positions', POSITIONS, '--account', 'HKCC-1-gross', ...CASE_2_TRADES]);
    expect(out.basis).toBe('gross');
    // HKEX HKCC-2 gross: 389,918 / 510,259.
    expect(out.steps.at(-1)).toMatchObject({ clearingHouseTotalHkd: '389918', clientTotal: '510259' });
  });
});

describe('margin benefit of HKCC case 3 (net)', () => {
  it('is each position alone less the portfolio, for the clearing house and the client', async () => {
    const path = join(dir, 'case3-part.csv');
    await writeFile(path, 'account,cc,series,quantity\nC3,FEYYY,YYY6800R7,10\nC3,FEXXX,XXX17400R8,2\n');
    const out = whatifJson(['--positions', path, '--trade', 'FEXXX:XXX18200R8:-2']);
    expect(out.account).toBe('C3'); // the file's only account
    // The final portfolio is HKEX HKCC-3: net CH 43,855, client 53,189.
    expect(out.steps.at(-1)).toMatchObject({ clearingHouseTotalHkd: '43855', clientTotal: '53189' });
    // Clearing house, each alone: gross margins the long and the short rows of a CC apart, so
    // HKEX HKCC-3 gross (176,250) is exactly Σ of the three positions alone
    // (FEYYY 32,990 + FEXXX 143,260); benefit 176,250 − 43,855 = 132,395.
    // Client, each alone (fixture README, HKCC-3 sides): YYY6800R7 +10 → min(32,990 × 1.33,
    // 38,000) = 38,000; XXX17400R8 +2 → min(36,092 × 1.33 = 48,002.36, LOV 36,400) = 36,400;
    // XXX18200R8 −2 → 107,168 × 1.33 = 142,533.44 → 142,533. Σ 216,933 − 53,189 = 163,744.
    expect(out.marginBenefit).toEqual({ clearingHouse: '132395', client: '163744' });
  });
});

describe('whatif errors', () => {
  it('an unknown trade series fails with exit 1 and the closest series, every bad trade named', () => {
    const r = runCli(['whatif', ...INPUTS, '--positions', POSITIONS, '--account', 'HKCC-1-net', '--trade', 'FEYYY:YYY6801R7:1', '--trade', ':XXXM9:1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      'marginkit: --trade FEYYY:YYY6801R7:1: account "HKCC-1-net" series "YYY6801R7": unknown series YYY6801R7 (FEYYY); closest: YYY6800R7',
      'marginkit: --trade :XXXM9:1: account "HKCC-1-net" series "XXXM9": unknown series XXXM9 (FEXXX); closest: XXXM8',
      'marginkit: 2 trades cannot be margined',
    ]);
  });

  it('an --account the file does not hold fails with exit 1', () => {
    const r = runCli(['whatif', ...INPUTS, '--positions', POSITIONS, '--account', 'HKCC-9', '--trade', 'FEXXX:XXXM8:1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^marginkit: .*positions\.csv: no account "HKCC-9" \(the file holds HKCC-1-gross, HKCC-1-net, .*\(16 in all\)\)\n$/);
  });

  const usage: [string, string[], RegExp][] = [
    ['no --trade', [], /required option '--trade <CC:SERIES:QTY>' not specified/],
    ['a --trade without its parts', ['--trade', 'FEXXX:XXXM8'], /expected CC:SERIES:QTY, e\.g\. FEXXX:XXXM8:-1/],
    ['a fractional --trade quantity', ['--trade', 'FEXXX:XXXM8:1.5'], /quantity "1\.5" is not a whole number of contracts/],
    ['a zero --trade quantity', ['--trade', 'FEXXX:XXXM8:0'], /a trade of 0 contracts changes nothing/],
    ['a lower-case --trade CC', ['--trade', 'fexxx:XXXM8:1'], /CC "fexxx" is not a CC code/],
    ['a --trade without a series', ['--trade', 'FEXXX::1'], /the series is missing/],
    ['a bad --format', ['--trade', 'FEXXX:XXXM8:1', '--format', 'csv'], /--format.*csv.*json, table/s],
  ];
  for (const [name, args, message] of usage) {
    it(`${name} exits 2`, () => {
      const r = runCli(['whatif', ...INPUTS, '--positions', POSITIONS, '--account', 'HKCC-1-net', ...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    });
  }

  it('several accounts and no --account exits 2', () => {
    const r = runCli(['whatif', ...INPUTS, '--positions', POSITIONS, '--trade', 'FEXXX:XXXM8:1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds 16 accounts \(HKCC-1-gross, .*\): choose one with --account/);
  });

  it('whatif --help shows a worked example, whose output is what the command prints', () => {
    const r = runCli(['whatif', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Example \(from a checkout\).*\n\s+\$ marginkit whatif --rpf fixtures\/hkex-2016-sample\//);
    const help = r.stdout.split('\n');
    const from = help.findIndex((l) => l.startsWith('  What-if for account'));
    const to = help.findIndex((l) => l.startsWith('  clearing house '));
    const shown = help.slice(from, to + 1).map((l) => l.slice(2));
    const real = runCli(['whatif', ...INPUTS, '--positions', POSITIONS, '--account', 'HKCC-1-net', ...CASE_2_TRADES]);
    expect(shown.length).toBeGreaterThan(5);
    expect(real.stdout.trimEnd().split('\n')).toEqual(shown);
  });
});
