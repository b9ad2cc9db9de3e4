import { describe, expect, it } from 'vitest';
import type { VarMargin } from '@marginkit/risk-engine';
import { PrimeDecimal } from '@marginkit/risk-engine';
import { renderVarTable } from '../src/index';
import { fixtureVarMargin, HAND_COMPUTED_COMPONENTS } from './var-report';

/**
 * `marginkit var --format table` on fixtures/var. Every figure below is fixtures/var/README.md's
 * hand computation (grouped with commas for display), not the engine's output read back.
 */
const m = fixtureVarMargin();
const table = renderVarTable(m);
const lines = table.split('\n');
const line = (label: string) => lines.find((l) => l.trimStart().startsWith(label)) ?? `(no line starting ${JSON.stringify(label)})`;

describe('renderVarTable on fixtures/var', () => {
  it('names the valuation date and each scenario set with its CL, k and weight', () => {
    expect(lines[0]).toBe('HKSCC VaR Platform margin, valuation date 2022-06-30');
    // k_H = ceil((1 − 0.8) × 10) = 2; k_S = ceil((1 − 0.75) × 8) = 2
    expect(lines[1]).toBe('HVaR: 10 scenarios, CL 0.8, tail k = 2, weight 0.75; SVaR: 8 scenarios, CL 0.75, tail k = 2, weight 0.25');
  });

  it('lists HVaR and SVaR per sub-portfolio with the tail scenarios worst first', () => {
    expect(line('Sub-portfolio')).toMatch(/^Sub-portfolio\s+HVaR\s+HVaR tail \(k=2\)\s+SVaR\s+SVaR tail \(k=2\)$/);
    // non-ipo: HVaR (−19700 s3, −16550 s9) / 2 = −18125; SVaR (−39400 s5, −31000 s1) / 2 = −35200
    expect(line('non-ipo')).toMatch(/^non-ipo\s+-18,125\s+3 9\s+-35,200\s+5 1$/);
    // 9988: HVaR −10000 s2 and the −5000 tie of s6/s9 (lower number wins) → −7500; SVaR (−20000 s3, −15000 s5) / 2
    expect(line('9988')).toMatch(/^9988\s+-7,500\s+2 6\s+-17,500\s+3 5$/);
  });

  it('lists every component down to the total with the hand-computed figures', () => {
    for (const [label, figure] of HAND_COMPUTED_COMPONENTS) {
      expect(line(label), label).toMatch(new RegExp(`^ *${label}\\s+${figure.replace('.', '\\.')}(\\s|$)`));
    }
    // in order, the terms of a component indented under it
    const first = lines.findIndex((l) => l.startsWith('Portfolio margin'));
    expect(lines.slice(first, first + HAND_COMPUTED_COMPONENTS.length).map((l) => l.slice(0, 27).trimEnd())).toEqual(
      HAND_COMPUTED_COMPONENTS.map(([label]) => (/^[a-z]|^(Favourable MTM|MTM requirement)$/.test(label) ? `  ${label}` : label)),
    );
  });

  it('says how each figure is formed, with the figures it is formed from', () => {
    // W = −32393.75; floor 0.032 × 615000 (longs) = 19680
    expect(line('Portfolio margin')).toContain('round(max(−W, floor, 0)); W -32,393.75, floor 0.032 × long 615,000 = 19,680');
    expect(line('Aggregate margin')).toContain('= 112,548, rounded up to a multiple of 10,000');
    expect(line('Holiday add-on')).toContain('round((PM + FRM) × 0.4142135624)');
    expect(line('portfolio level')).toContain('B 422,000');
    expect(line('Margin after credit')).toContain('margin credit 50,000');
    expect(line('Position-limit add-on')).toContain('NMV 339,346 over limit 300,000 (ALC 200,000 × 2, cap 300,000): 39,346 / NMV × 100,000 × 0.25');
  });

  it('lines up the units of whole and fractional figures in the HKD column', () => {
    const rows = lines.slice(lines.findIndex((l) => l.startsWith('Portfolio margin')), lines.findIndex((l) => l.startsWith('Total')) + 1);
    // The HKD column starts after the widest label (25 characters) and its separator and is 10 wide
    // ('114,654.50'): a whole figure is followed by 3 spaces where a fractional one has '.dd'.
    const cells = rows.map((l) => l.slice(27, 37));
    expect(cells).toHaveLength(18);
    for (const cell of cells) expect(cell).toMatch(/^ *-?\d{1,3}(,\d{3})*(\.\d\d| {3})$/);
    expect(cells).toContain('114,654.50');
    expect(cells).toContain(' 32,394   ');
  });

  it('prints whole figures with more places when the engine gives them, to 2 places (a tail mean of thirds)', () => {
    const g = m.portfolio.subPortfolios[0];
    if (g === undefined) throw new Error('no sub-portfolio');
    const third: VarMargin = {
      ...m,
      portfolio: { ...m.portfolio, subPortfolios: [{ ...g, hvar: { ...g.hvar, value: new PrimeDecimal(-54376).div(3) } }] },
    };
    // −54376 / 3 = −18125.333…
    expect(renderVarTable(third)).toMatch(/non-ipo\s+-18,125\.33\s+3 9\s+-35,200\s+5 1\n/);
  });

  it('leaves no trailing space and uses ANSI styles only when asked', () => {
    expect(lines.every((l) => l === l.trimEnd())).toBe(true);
    expect(table).not.toContain('\u001b[');
    const coloured = renderVarTable(m, { color: true });
    expect(coloured).toContain('\u001b[1mHKSCC VaR Platform margin');
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(table);
  });
});
