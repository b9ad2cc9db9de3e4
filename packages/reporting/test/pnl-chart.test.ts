import { describe, expect, it } from 'vitest';
import { PrimeDecimal } from '@marginkit/risk-engine';
import { pnlChartSvg } from '../src/index';

/** The scenario P&L chart as markup: which bars, in which order, which highlighted and labelled. */

const rects = (svg: string) =>
  [...svg.matchAll(/<rect class="(bar[^"]*)" data-scenario="(\d+)" x="([\d.]+)" y="[\d.-]+" width="([\d.]+)"/g)].map((m) => ({
    kind: m[1] ?? '',
    scenario: Number(m[2]),
    x: Number(m[3]),
    width: Number(m[4]),
  }));

// fixtures/var/README.md, sub-portfolio non-ipo, HVaR P&L of scenarios 1..10; tail [3, 9], mean −18125.
const NON_IPO_HVAR = [-9400, 1050, -19700, 13400, -7350, 4201, -13400, 3950, -16550, 3999];

describe('pnlChartSvg', () => {
  const svg = pnlChartSvg({
    distribution: Float64Array.from(NON_IPO_HVAR),
    tail: [3, 9],
    mean: new PrimeDecimal(-18125),
    measure: 'HVaR',
    currency: 'HKD',
    label: 'non-ipo: HVaR <P&L>',
  });

  it('draws one bar per scenario: the tail first as given, then the rest worst to best', () => {
    const bars = rects(svg);
    // rest by P&L: s7 −13400, s1 −9400, s5 −7350, s2 1050, s8 3950, s10 3999, s6 4201, s4 13400
    expect(bars.map((b) => b.scenario)).toEqual([3, 9, 7, 1, 5, 2, 8, 10, 6, 4]);
    expect(bars.map((b) => b.kind)).toEqual(['bar tail', 'bar tail', 'bar loss', 'bar loss', 'bar loss', 'bar gain', 'bar gain', 'bar gain', 'bar gain', 'bar gain']);
    for (let i = 1; i < bars.length; i++) expect(bars[i]?.x ?? 0).toBeGreaterThan(bars[i - 1]?.x ?? 0);
  });

  it('labels every bar with its scenario number when there is room, and the tail mean', () => {
    // scenario numbers sit under the axis, centred (the P&L ticks are right-aligned left of it); * = tail
    const labels = [...svg.matchAll(/<text class="tick( tail-id)?" x="[\d.]+" y="[\d.]+" text-anchor="middle">(\d+)<\/text>/g)].map(
      (m) => `${m[1] === undefined ? '' : '*'}${m[2]}`,
    );
    expect(labels).toEqual(['*3', '*9', '7', '1', '5', '2', '8', '10', '6', '4']);
    expect(svg).toContain('>HVaR -18,125</text>');
    expect(svg).toContain('<title>Scenario 3: P&amp;L -19,700 HKD (rank 1 of 10, in the tail)</title>');
    expect(svg).toContain('aria-label="non-ipo: HVaR &lt;P&amp;L&gt;"');
    // the tail is wide enough as it is (2 of 10): not widened, no break
    expect(svg).not.toContain('class="break"');
  });

  it('highlights the tail it is given, not one it works out (the engine owns the tail)', () => {
    const other = pnlChartSvg({
      distribution: Float64Array.from(NON_IPO_HVAR),
      tail: [4, 6],
      mean: new PrimeDecimal(8800.5),
      measure: 'HVaR',
      currency: 'HKD',
      label: 'x',
    });
    expect(rects(other).filter((b) => b.kind === 'bar tail').map((b) => b.scenario)).toEqual([4, 6]);
  });

  it('widens a thin tail (6 of 1,000) and sets it apart; the other bars share one width and carry no numbers', () => {
    // P&L of scenario s: (s × 7919) mod 1000 − 600, all distinct; the 6 worst are those with the lowest residues.
    const distribution = Float64Array.from({ length: 1000 }, (_, i) => (((i + 1) * 7919) % 1000) - 600);
    const order = Array.from({ length: 1000 }, (_, i) => i + 1).sort((a, b) => (distribution[a - 1] ?? 0) - (distribution[b - 1] ?? 0));
    const tail = order.slice(0, 6);
    const big = pnlChartSvg({ distribution, tail, mean: new PrimeDecimal(-597.5), measure: 'HVaR', currency: 'HKD', label: 'big' });
    const bars = rects(big);
    expect(bars).toHaveLength(1000);
    const tailBars = bars.filter((b) => b.kind === 'bar tail');
    expect(tailBars.map((b) => b.scenario)).toEqual(tail);
    // natural width 6/1000 of the plot (< 3 px); widened to 16 px per bar (72 % drawn)
    for (const b of tailBars) expect(b.width).toBeGreaterThan(10);
    const restWidths = new Set(bars.filter((b) => b.kind !== 'bar tail').map((b) => b.width));
    expect(restWidths.size).toBe(1);
    expect([...restWidths][0]).toBeLessThan(1);
    expect(big).toContain('class="break"');
    expect(big).toContain('the other 994 scenarios, worst to best');
    expect(big).toContain('Scenarios, worst to best: the 6 worst (tail) of 1000, tail widened');
    // a sub-pixel bar has no tooltip (it could not be hovered): 6 tail tooltips and the chart's title
    expect(big.match(/<title>/g)).toHaveLength(7);
  });

  it('draws a chart with no tail and with every P&L 0 without failing', () => {
    const flat = pnlChartSvg({ distribution: new Float64Array(4), tail: [], mean: new PrimeDecimal(0), measure: 'SVaR', currency: 'HKD', label: 'flat' });
    expect(rects(flat)).toHaveLength(4);
    expect(flat).not.toContain('bar tail');
    expect(flat).not.toContain('es-line');
    expect(flat).not.toMatch(/NaN|Infinity/);
  });
});
