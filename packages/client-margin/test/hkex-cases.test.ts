import { readFileSync } from 'node:fs';
import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { ClientCcInput } from '../src/index';
import { clientMargin } from '../src/index';

/**
 * HKEX's eight published cases (Revised Client Margining Methodology, Supplementary
 * Information), gross and net, from the clearing-house per-CC figures alone. The inputs below
 * are transcribed by hand from the tables in client-margin.md; the expected client totals are
 * read from fixtures/hkex-2016-sample/expected.json (a verbatim copy of HKEX's figures).
 */

interface ExpectedCc {
  readonly rm?: number;
  readonly lov?: number;
  readonly mtm?: number;
  readonly capped?: boolean;
  readonly marginable?: boolean;
}
interface ExpectedCase {
  readonly id: string;
  readonly clearingHouse: { readonly gross: number; readonly net: number };
  readonly perCC: { readonly gross: Record<string, ExpectedCc>; readonly net: Record<string, ExpectedCc> };
  readonly client: { readonly gross: number; readonly net: number };
}
const expected = JSON.parse(
  readFileSync(new URL('../../../fixtures/hkex-2016-sample/expected.json', import.meta.url), 'utf8'),
) as { clientMarginMultiplier: string; cases: ExpectedCase[] };

type Basis = 'gross' | 'net';
const D = (x: string | number) => new Decimal(x);

function hkcc(cc: string, rm: number, lov: number, solelyLongOptions: boolean): ClientCcInput {
  return { cc, clearingHouse: 'HKCC', currency: 'HKD', riskMargin: D(rm), longOptionValue: D(lov), mtm: D(0), solelyLongOptions, marginable: true };
}
function seoch(cc: string, rm: number, lov: number, mtm: number, solelyLongOptions: boolean, marginable = true): ClientCcInput {
  return { cc, clearingHouse: 'SEOCH', currency: 'HKD', riskMargin: D(rm), longOptionValue: D(lov), mtm: D(mtm), solelyLongOptions, marginable };
}

/**
 * Per case and basis, the CC-level clearing-house figures. Where HKEX does not publish a LOV
 * (a CC holding futures or short options) it is written 0: the cap cannot apply there, and 0
 * makes a wrongly applied cap visible (it would wipe the CC out).
 */
const inputs: Record<string, Record<Basis, ClientCcInput[]>> = {
  // FEXXX XXXM8 −6: one short future.
  'HKCC-1': {
    gross: [hkcc('FEXXX', 342_300, 0, false)],
    net: [hkcc('FEXXX', 342_300, 0, false)],
  },
  // FEYYY holds long puts only (+10 YYY6800R7 at 76, +4 YYY6900R7 at 85: LOV 38,000 + 17,000).
  'HKCC-2': {
    gross: [hkcc('FEXXX', 342_300, 0, false), hkcc('FEYYY', 47_618, 55_000, true)],
    net: [hkcc('FEXXX', 342_300, 0, false), hkcc('FEYYY', 47_618, 55_000, true)],
  },
  // FEYYY long puts only; FEXXX a put spread (+2 / −2), so not solely long.
  'HKCC-3': {
    gross: [hkcc('FEYYY', 32_990, 38_000, true), hkcc('FEXXX', 143_260, 0, false)],
    net: [hkcc('FEYYY', 32_435, 38_000, true), hkcc('FEXXX', 11_420, 0, false)],
  },
  // FEYYY +2 calls (LOV 317,800, above A: no cap); FEXXX −2 calls.
  'HKCC-4': {
    gross: [hkcc('FEYYY', 57_954, 317_800, true), hkcc('FEXXX', 131_580, 0, false)],
    net: [hkcc('FEYYY', 38_432, 317_800, true), hkcc('FEXXX', 82_855, 0, false)],
  },
  // SEHEX −5 puts.
  'SEOCH-1': {
    gross: [seoch('SEHEX', 4_795, 0, 3_690, false)],
    net: [seoch('SEHEX', 4_795, 0, 3_690, false)],
  },
  // SEAIA +5 calls alone: under gross not marginable. The gross row is given HKEX's
  // informational arithmetic (RM 50, LOV 50, MTM −50) to show the rule ignores it.
  'SEOCH-2': {
    gross: [seoch('SEHEX', 4_795, 0, 3_690, false), seoch('SEAIA', 50, 50, -50, true, false)],
    net: [seoch('SEHEX', 4_795, 0, 3_690, false), seoch('SEAIA', 50, 50, -50, true)],
  },
  // Two long-only CCs (SEHEX +1 HEX130 put at 1.32; SETCH +5 TCH115 calls at 0.15).
  'SEOCH-3': {
    gross: [seoch('SEHEX', 127, 132, -132, true, false), seoch('SETCH', 75, 75, -75, true, false)],
    net: [seoch('SEHEX', 127, 132, -132, true), seoch('SETCH', 75, 75, -75, true)],
  },
  // Each CC: 5 short and 1 long. Gross: the long side is not marginable (no LOV, MTM = SOV of
  // the shorts). Net: LOV SEHEX 132 (+1 HEX130), SETCH 15 (+1 TCH115 at 0.15 × 100).
  'SEOCH-4': {
    gross: [seoch('SEHEX', 1_715, 0, 470, false), seoch('SETCH', 525, 0, 45, false)],
    net: [seoch('SEHEX', 1_305, 132, 338, false), seoch('SETCH', 525, 15, 30, false)],
  },
};

function run(id: string, basis: Basis) {
  const ccs = inputs[id]?.[basis];
  if (ccs === undefined) throw new Error(`no inputs for ${id} ${basis}`);
  const result = clientMargin(ccs, { multiplier: expected.clientMarginMultiplier });
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.value;
}

describe('HKEX published cases from clearing-house per-CC figures', () => {
  it('covers all eight cases', () => {
    expect(expected.cases.map((c) => c.id).sort()).toEqual(Object.keys(inputs).sort());
    expect(expected.clientMarginMultiplier).toBe('1.33');
  });

  for (const testCase of expected.cases) {
    for (const basis of ['gross', 'net'] as const) {
      describe(`${testCase.id} ${basis}`, () => {
        const ccs = inputs[testCase.id]?.[basis] ?? [];

        it('inputs agree with the figures HKEX publishes per CC and in total', () => {
          // Transcription check, independent of the code under test: each published per-CC
          // figure equals the input, and the clearing-house total max(0, Σ RM + MTM) is HKEX's.
          for (const [cc, figures] of Object.entries(testCase.perCC[basis])) {
            const input = ccs.find((c) => c.cc === cc);
            expect(input, cc).toBeDefined();
            if (input === undefined) continue;
            if (figures.marginable === false) {
              expect(input.marginable).toBe(false);
              continue;
            }
            if (figures.rm !== undefined) expect(input.riskMargin.toFixed()).toBe(String(figures.rm));
            if (figures.lov !== undefined) expect(input.longOptionValue.toFixed()).toBe(String(figures.lov));
            if (figures.mtm !== undefined) expect(input.mtm.toFixed()).toBe(String(figures.mtm));
          }
          const chSum = ccs
            .filter((c) => c.marginable)
            .reduce((s, c) => s.plus(c.riskMargin).plus(c.mtm), D(0));
          expect(Decimal.max(0, chSum).toFixed()).toBe(String(testCase.clearingHouse[basis]));
        });

        it(`reproduces the client total ${testCase.client[basis]}`, () => {
          const margin = run(testCase.id, basis);
          expect(margin.total.toFixed()).toBe(String(testCase.client[basis]));
          expect(margin.totals).toHaveLength(1);
          expect(margin.totals[0]?.clearingHouse).toBe(testCase.id.startsWith('HKCC') ? 'HKCC' : 'SEOCH');
          expect(margin.totals[0]?.total.toFixed()).toBe(String(testCase.client[basis]));
        });

        it('caps exactly where HKEX shows the cap', () => {
          const margin = run(testCase.id, basis);
          for (const [cc, figures] of Object.entries(testCase.perCC[basis])) {
            const got = margin.combinedCommodities.find((c) => c.cc === cc);
            expect(got, cc).toBeDefined();
            // A non-marginable CC is never capped, whatever HKEX's informational row shows.
            expect(got?.capped, cc).toBe(figures.marginable === false ? false : (figures.capped ?? false));
          }
        });
      });
    }
  }
});

/** Per-CC client figures as HKEX's tables show them; arithmetic by hand. */
function cc(id: string, basis: Basis, code: string) {
  const found = run(id, basis).combinedCommodities.find((c) => c.cc === code);
  if (found === undefined) throw new Error(`${id} ${basis}: no ${code}`);
  return {
    riskMargin: found.riskMargin.toFixed(),
    capped: found.capped,
    cappedRiskMargin: found.cappedRiskMargin.toFixed(),
    mtm: found.mtm.toFixed(),
    requirement: found.requirement.toFixed(),
  };
}

describe('HKEX per-CC client figures', () => {
  it('HKCC-1: 342,300 × 1.33 = 455,259 exactly', () => {
    expect(cc('HKCC-1', 'net', 'FEXXX')).toMatchObject({ riskMargin: '455259', capped: false, requirement: '455259' });
  });

  it('HKCC-2: FEYYY 47,618 × 1.33 = 63,331.94 > LOV 55,000, so capped at 55,000', () => {
    expect(cc('HKCC-2', 'gross', 'FEYYY')).toEqual({
      riskMargin: '63331.94',
      capped: true,
      cappedRiskMargin: '55000',
      mtm: '0',
      requirement: '55000',
    });
    // 455,259 + 55,000 = 510,259
  });

  it('HKCC-3 gross: FEXXX 143,260 × 1.33 = 190,535.8 uncapped; FEYYY 32,990 × 1.33 = 43,876.7 capped at 38,000', () => {
    expect(cc('HKCC-3', 'gross', 'FEXXX')).toMatchObject({ riskMargin: '190535.8', capped: false, requirement: '190535.8' });
    expect(cc('HKCC-3', 'gross', 'FEYYY')).toMatchObject({ riskMargin: '43876.7', capped: true, requirement: '38000' });
    // 190,535.8 + 38,000 = 228,535.8 → 228,536 (half-up on the total only)
    expect(run('HKCC-3', 'gross').totals[0]?.requirementSum.toFixed()).toBe('228535.8');
  });

  it('HKCC-3 net: FEXXX 11,420 × 1.33 = 15,188.6; FEYYY 32,435 × 1.33 = 43,138.55 capped at 38,000', () => {
    expect(cc('HKCC-3', 'net', 'FEXXX')).toMatchObject({ riskMargin: '15188.6', capped: false, requirement: '15188.6' });
    expect(cc('HKCC-3', 'net', 'FEYYY')).toMatchObject({ riskMargin: '43138.55', capped: true, requirement: '38000' });
    // 15,188.6 + 38,000 = 53,188.6 → 53,189
    expect(run('HKCC-3', 'net').totals[0]?.requirementSum.toFixed()).toBe('53188.6');
  });

  it('HKCC-4: FEYYY below its LOV 317,800 is not capped', () => {
    // gross: 57,954 × 1.33 = 77,078.82; FEXXX 131,580 × 1.33 = 175,001.4; Σ 252,080.22 → 252,080
    expect(cc('HKCC-4', 'gross', 'FEYYY')).toMatchObject({ riskMargin: '77078.82', capped: false, requirement: '77078.82' });
    expect(cc('HKCC-4', 'gross', 'FEXXX').requirement).toBe('175001.4');
    // net: 38,432 × 1.33 = 51,114.56; 82,855 × 1.33 = 110,197.15; Σ 161,311.71 → 161,312
    expect(cc('HKCC-4', 'net', 'FEYYY')).toMatchObject({ riskMargin: '51114.56', capped: false });
    expect(cc('HKCC-4', 'net', 'FEXXX').requirement).toBe('110197.15');
  });

  it('SEOCH-1: 4,795 × 1.33 + MTM 3,690 = 6,377.35 + 3,690 = 10,067.35 → 10,067', () => {
    expect(cc('SEOCH-1', 'net', 'SEHEX')).toMatchObject({ riskMargin: '6377.35', mtm: '3690', requirement: '10067.35' });
  });

  it('SEOCH-2: SEAIA net 50 × 1.33 = 66.5 capped at 50, MTM −50 → 0; gross not marginable, all 0', () => {
    expect(cc('SEOCH-2', 'net', 'SEAIA')).toEqual({
      riskMargin: '66.5',
      capped: true,
      cappedRiskMargin: '50',
      mtm: '-50',
      requirement: '0',
    });
    expect(cc('SEOCH-2', 'gross', 'SEAIA')).toEqual({
      riskMargin: '0',
      capped: false,
      cappedRiskMargin: '0',
      mtm: '0',
      requirement: '0',
    });
  });

  it('SEOCH-3 net: SEHEX 127 × 1.33 = 168.91 capped at 132, − 132 = 0; SETCH 99.75 capped at 75, − 75 = 0', () => {
    expect(cc('SEOCH-3', 'net', 'SEHEX')).toMatchObject({ riskMargin: '168.91', capped: true, mtm: '-132', requirement: '0' });
    expect(cc('SEOCH-3', 'net', 'SETCH')).toMatchObject({ riskMargin: '99.75', capped: true, mtm: '-75', requirement: '0' });
  });

  it('SEOCH-4: short option minimum CC SETCH 525 × 1.33 = 698.25 plus MTM', () => {
    // gross: SEHEX 1,715 × 1.33 = 2,280.95 + 470 = 2,750.95; SETCH 698.25 + 45 = 743.25; Σ 3,494.2 → 3,494
    expect(cc('SEOCH-4', 'gross', 'SEHEX').requirement).toBe('2750.95');
    expect(cc('SEOCH-4', 'gross', 'SETCH').requirement).toBe('743.25');
    // net: SEHEX 1,305 × 1.33 = 1,735.65 + 338 = 2,073.65; SETCH 698.25 + 30 = 728.25; Σ 2,801.9 → 2,802
    expect(cc('SEOCH-4', 'net', 'SEHEX').requirement).toBe('2073.65');
    expect(cc('SEOCH-4', 'net', 'SETCH').requirement).toBe('728.25');
    expect(run('SEOCH-4', 'net').totals[0]?.requirementSum.toFixed()).toBe('2801.9');
  });
});
