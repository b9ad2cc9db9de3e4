import { describe, expect, it } from 'vitest';
import { parseRpf01, rpf01Text } from '@marginkit/rpf';
import { computeVarMargin, parseVarParams, parseVarPositions, tailSize, varMarginToJson, worstScenarios } from '../../src/index';

describe('tailSize: k = ceil((1 − CL) × N) in decimal', () => {
  it('0.994 × 1000 is 6, where binary floating point gives 7 (the trap)', () => {
    expect(Math.ceil((1 - 0.994) * 1000)).toBe(7); // 6.000000000000005 in binary64
    expect(tailSize({ units: 994, scale: 3 }, 1000)).toBe(6); // 0.006 × 1000 = 6 exactly
  });
  it.each([
    [99, 2, 1000, 10], // 0.01 × 1000 = 10 (binary64: 10.000000000000009 → 11)
    [98, 2, 1018, 21], // 0.02 × 1018 = 20.36 → 21
    [8, 1, 10, 2], // 0.2 × 10 = 2
    [75, 2, 8, 2], // 0.25 × 8 = 2
    [9999, 4, 1000, 1], // 0.0001 × 1000 = 0.1 → 1
  ])('CL %s × 10^-%s, N %s → %s', (units, scale, n, k) => {
    expect(tailSize({ units, scale }, n)).toBe(k);
  });
});

describe('worstScenarios', () => {
  it('worst first, ties by lower scenario number', () => {
    const pnl = Float64Array.from([5, -3, -7, -3, 0, -7, -3]);
    // −7 at indices 2 and 5, then −3 at 1, 3, 6.
    expect(Array.from(worstScenarios(pnl, 4))).toEqual([2, 5, 1, 3]);
    expect(Array.from(worstScenarios(pnl, 1))).toEqual([2]);
    expect(Array.from(worstScenarios(Float64Array.from([0, 0, 0]), 2))).toEqual([0, 1]);
    expect(Array.from(worstScenarios(Float64Array.from([1, -1]), 5))).toEqual([1, 0]);
  });
});

/** One stock, HVaR 1000 scenarios at CL 0.994, SVaR 1018 at 0.98. */
function thousandScenarioFile(hvar: (s: number) => string, svar: (s: number) => string): string {
  const cols = (n: number, f: (s: number) => string) => Array.from({ length: n }, (_, i) => f(i + 1)).join(',');
  // The typical header: 1000 HVaR scenarios at 0.994, 1018 SVaR scenarios at 0.98, weights 0.75/0.25.
  return rpf01Text([`700,1,${cols(1000, hvar)}`, `700,2,${cols(1018, svar)}`], { Valuation_DT: '1/7/2022' });
}

const PARAMS = '{"flatRateMultiplier":1,"marginCredit":0,"floorRate":0.032,"alc":0,"alcMultiplier":1,"positionLimitAddOnRate":0.25}';

function margin(rpf01: string, positions: string, params = PARAMS) {
  const f = parseRpf01(rpf01);
  const p = parseVarPositions(positions);
  const q = parseVarParams(params);
  if (!f.ok || !p.ok || !q.ok) throw new Error('bad test input');
  const m = computeVarMargin(f.value, p.value, q.value);
  if (!m.ok) throw new Error(m.errors.map((e) => e.message).join('\n'));
  return varMarginToJson(m.value);
}

describe('the tail size reaches the margin', () => {
  it('HVaR is the mean of the 6 worst of 1000 scenarios, not of 7', () => {
    // Returns are 0 except scenarios 101-107: −0.07, −0.06, …, −0.01. MV 100000 (1000 shares at 100):
    // P&L −7000, −6000, −5000, −4000, −3000, −2000, −1000.
    // Worst 6: (−7000 − 6000 − 5000 − 4000 − 3000 − 2000) / 6 = −27000 / 6 = −4500.
    // (7 would give −28000 / 7 = −4000.) SVaR: every P&L is 0; the 21 ties are scenarios 1-21.
    // W = −4500 × 0.75 + 0 × 0.25 = −3375. Floor = 0.032 × 100000 = 3200. PM = max(3375, 3200, 0) = 3375.
    // (With k = 7, W = −3000 and the floor 3200 would have applied.)
    const text = thousandScenarioFile((s) => (s >= 101 && s <= 107 ? `-0.0${108 - s}` : '0'), () => '0');
    const j = margin(text, 'instrument,quantity,contractValue,marketValue\n700,1000,100000,100000\n');
    expect(j.details.hvarTailSize).toBe(6);
    expect(j.details.svarTailSize).toBe(21);
    const [g] = j.subPortfolios;
    expect(g?.hvar).toBe('-4500');
    expect(g?.hvarTail).toEqual([101, 102, 103, 104, 105, 106]);
    expect(g?.svar).toBe('0');
    expect(g?.svarTail).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(j.details.w).toBe('-3375');
    expect(j.portfolioMargin).toBe('3375');
  });

  it('a portfolio whose tail P&Ls are all gains (W > 0): the floor applies, or 0 without one', () => {
    // Every HVaR and SVaR return is positive: scenario s has return s / 100000, so the worst
    // HVaR P&Ls of a 100000 long are 1, 2, …, 6 (mean 3.5) and the worst SVaR ones 1 … 21 (mean 11).
    // W = 3.5 × 0.75 + 11 × 0.25 = 2.625 + 2.75 = 5.375 > 0, so −W < 0.
    // Floor = 0.032 × 100000 = 3200 → PM = max(−5.375, 3200, 0) = 3200.
    const r = (s: number) => (s / 100000).toFixed(5);
    const text = thousandScenarioFile(r, r);
    const positions = 'instrument,quantity,contractValue,marketValue\n700,1000,100000,100000\n';
    const j = margin(text, positions);
    expect(j.subPortfolios[0]?.hvar).toBe('3.5');
    expect(j.subPortfolios[0]?.svar).toBe('11');
    expect(j.details.w).toBe('5.375');
    expect(j.portfolioMargin).toBe('3200');
    // floor rate 0: PM = max(−5.375, 0, 0) = 0.
    const noFloor = margin(text, positions, PARAMS.replace('"floorRate":0.032', '"floorRate":0'));
    expect(noFloor.portfolioMargin).toBe('0');
  });
});
