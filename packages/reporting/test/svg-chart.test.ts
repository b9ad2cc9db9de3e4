import { describe, expect, it } from 'vitest';
import type { Money } from '@marginkit/risk-engine';
import { PrimeDecimal } from '@marginkit/risk-engine';
import { niceTicks, scenarioChartSvg } from '../src/index';

const d = (x: string | number) => new PrimeDecimal(x);
const texts = (xs: readonly Money[]) => xs.map((x) => x.toFixed());

/** HKCC case 1: 6 short XXXM8 futures (the fixture's L[s], also in the engine's tests). */
const SHORT_FUTURES = [0, 0, 114102, 114102, -114102, -114102, 228198, 228198, -228198, -228198, 342300, 342300, -342300, -342300, 308070, -308070].map(d);

describe('niceTicks', () => {
  it('covers zero and every loss with 1, 2 or 5 × 10^k steps', () => {
    // span 342,300 / 4 = 85,575 → 10^4 × 8.56 → step 100,000; 0 … 400,000
    expect(texts(niceTicks([d(0), d(342300)]))).toEqual(['0', '100000', '200000', '300000', '400000']);
    // span 684,600 / 4 = 171,150 → 10^5 × 1.71 → step 200,000
    expect(texts(niceTicks(SHORT_FUTURES))).toEqual(['-400000', '-200000', '0', '200000', '400000']);
    // span 1 / 4 = 0.25 → 10^-1 × 2.5 → step 0.5; −0.8 needs −1, 0.2 needs 0.5
    expect(texts(niceTicks([d('0.2'), d('-0.8')]))).toEqual(['-1', '-0.5', '0', '0.5']);
    // all losses zero: the zero tick alone
    expect(texts(niceTicks(Array.from({ length: 16 }, () => d(0))))).toEqual(['0']);
  });
});

describe('scenarioChartSvg', () => {
  const svg = scenarioChartSvg({ losses: SHORT_FUTURES, activeScenario: 11, currency: 'HKD', label: 'HKCC-1-net FEXXX <net>' });

  it('draws 16 bars, the active scenario highlighted and labelled with its loss', () => {
    expect(svg.match(/<rect class="bar[^"]*"/g)).toHaveLength(16);
    expect(svg.match(/class="bar active"/g)).toHaveLength(1);
    expect(svg).toContain('class="bar active" data-scenario="11"');
    expect(svg).toMatch(/class="active-label"[^>]*>342,300</);
    // gains (negative losses) are marked apart: scenarios 5, 6, 9, 10, 13, 14, 16
    expect([...svg.matchAll(/class="bar gain" data-scenario="(\d+)"/g)].map((m) => m[1])).toEqual(['5', '6', '9', '10', '13', '14', '16']);
  });

  it('labels both axes and every scenario, with a tooltip per bar', () => {
    expect(svg).toContain('>Loss (HKD)</text>');
    expect(svg).toContain('>Scenario (active: 11)</text>');
    for (let s = 1; s <= 16; s++) expect(svg).toContain(`text-anchor="middle">${s}</text>`);
    expect(svg).toContain('<title>Scenario 11 (price up 3/3 of range, vol up): loss 342,300 HKD, active</title>');
    expect(svg).toContain('<title>Scenario 16 (price down extreme × covered fraction): loss -308,070 HKD</title>');
    for (const tick of ['-400,000', '-200,000', '0', '200,000', '400,000']) expect(svg).toContain(`>${tick}</text>`);
  });

  it('places bars on the scale: a loss at the top tick reaches the top of the plot', () => {
    // 400,000 is the top tick at y = 22 (TOP); 0 is the middle of the 162-pixel plot: y = 103.
    // Scenario 11's top: 22 + (400,000 − 342,300) / 800,000 × 162 = 22 + 11.684 = 33.68 (to
    // 2 places); its bar runs down to the zero line: 103 − 33.68 = 69.32 px.
    expect(svg).toMatch(/data-scenario="11" x="[\d.]+" y="33.68" width="[\d.]+" height="69.32"/);
    // a gain hangs from the zero line: scenario 13, −342,300, is as tall
    expect(svg).toMatch(/data-scenario="13" x="[\d.]+" y="103" width="[\d.]+" height="69.32"/);
  });

  it('highlights nothing when the side has no active scenario (0: not marginable)', () => {
    const zeros = scenarioChartSvg({ losses: Array.from({ length: 16 }, () => d(0)), activeScenario: 0, currency: 'HKD', label: 'x' });
    expect(zeros.match(/<rect class="bar"/g)).toHaveLength(16);
    expect(zeros).not.toContain('active');
    expect(zeros).toContain('>Scenario</text>');
    // the zero line mid-plot (y = 22 + 162 / 2), flat bars on it, and a word why
    expect(zeros).toContain('<line class="grid zero" x1="78" x2="550" y1="103" y2="103"/>');
    expect(zeros.match(/y="103" width="[\d.]+" height="0"/g)).toHaveLength(16);
    expect(zeros).toContain('>every scenario loss is 0</text>');
  });

  it('escapes the label', () => {
    expect(svg).toContain('aria-label="HKCC-1-net FEXXX &lt;net&gt;"');
    expect(svg).not.toContain('<net>');
  });
});
