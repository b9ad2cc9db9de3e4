import { describe, expect, it } from 'vitest';
import type { VarMargin } from '@marginkit/risk-engine';
import { renderVarHtml } from '../src/index';
import { expectSelfContained } from './self-contained';
import { fixtureVarMargin, HAND_COMPUTED_COMPONENTS, VAR_FILES } from './var-report';

/**
 * The VaR Platform HTML document as text: self-contained, escaped, every component with
 * fixtures/var/README.md's hand-computed figures, a chart per sub-portfolio and scenario set.
 * (var-html-browser.test.ts renders it.)
 */
const m = fixtureVarMargin();
const html = renderVarHtml(m, VAR_FILES);
/** Visible text, roughly: tags out, entities and the alignment spaces as plain spaces. */
const text = (doc: string) =>
  doc
    .replace(/<title>[^<]*<\/title>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replaceAll('&amp;', '&')
    .replace(/[\u2007\u2008]/g, ' ')
    .replace(/\s+/g, ' ');
const body = text(html.slice(html.indexOf('<body>')));

describe('renderVarHtml on fixtures/var', () => {
  it('is one complete document naming the valuation date and the input files', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('<title>VaR Platform margin: valuation date 2022-06-30</title>');
    for (const s of ['Valuation date 2022-06-30', 'RPF01 file rpf01-small.csv', 'Positions positions-small.csv', 'Parameters params-small.json']) {
      expect(body).toContain(s);
    }
    expect(body).toContain('HVaR 10 scenarios, CL 0.8, k = 2, weight 0.75');
    expect(body).toContain('SVaR 8 scenarios, CL 0.75, k = 2, weight 0.25');
  });

  it('needs nothing outside itself: no script, no external URL, a policy forbidding any fetch, links only within', () => {
    expectSelfContained(html);
    for (const [, href] of html.matchAll(/href="([^"]*)"/g)) {
      if (href === 'data:,') continue;
      expect(href).toMatch(/^#[a-z-]+$/);
      expect(html, href).toContain(`id="${href?.slice(1)}"`);
    }
  });

  it('shows every component with the hand-computed figures, down to the total', () => {
    const components = text(html.slice(html.indexOf('<table class="components">'), html.indexOf('</table>', html.indexOf('<table class="components">'))));
    let from = 0;
    for (const [label, figure] of HAND_COMPUTED_COMPONENTS) {
      const at = components.indexOf(` ${label} ${figure} `, from);
      expect(at, `${label} ${figure}`).toBeGreaterThanOrEqual(from);
      from = at;
    }
    expect(body).toContain('Total margin requirement HKD 69,053.50');
  });

  it('shows how the portfolio margin is formed: HVaR and SVaR per sub-portfolio, W, floor', () => {
    expect(body).toMatch(/non-ipo 1, 5, 2800, 12345 -18,125 -35,200 -22,393\.75/); // −18125 × 0.75 − 35200 × 0.25
    expect(body).toMatch(/9988 9988, 23456 -7,500 -17,500 -10,000\.00/); // −7500 × 0.75 − 17500 × 0.25
    expect(body).toContain('W -32,393.75');
    expect(body).toContain('Floor 0.032 × 615,000 = 19,680');
    expect(body).toContain('Portfolio margin round(max(−W, floor, 0)) = 32,394');
  });

  it('draws each sub-portfolio’s HVaR and SVaR distribution with the tail highlighted and listed worst first', () => {
    const cards = html.split('<article class="sub-portfolio"').slice(1);
    expect(cards).toHaveLength(2);
    const expected = [
      { id: 'non-ipo', hvarTail: [3, 9], svarTail: [5, 1], hvarPnl: ['-19,700', '-16,550'], svarPnl: ['-39,400', '-31,000'] },
      { id: '9988', hvarTail: [2, 6], svarTail: [3, 5], hvarPnl: ['-10,000', '-5,000'], svarPnl: ['-20,000', '-15,000'] },
    ];
    for (const [i, card] of cards.entries()) {
      const want = expected[i];
      if (want === undefined) throw new Error('unexpected card');
      expect(card).toContain(`data-id="${want.id}"`);
      const charts = card.split('<svg class="pnl-chart"').slice(1);
      expect(charts).toHaveLength(2);
      for (const [j, [n, tail, pnl]] of ([[10, want.hvarTail, want.hvarPnl], [8, want.svarTail, want.svarPnl]] as const).entries()) {
        const chart = charts[j] ?? '';
        expect(chart.match(/<rect class="bar/g)).toHaveLength(n);
        expect([...chart.matchAll(/<rect class="bar tail" data-scenario="(\d+)"/g)].map((x) => Number(x[1]))).toEqual(tail);
        const list = card.split('<ol class="tail-list">')[j + 1]?.split('</ol>')[0] ?? '';
        expect(text(list).trim()).toBe(tail.map((s, k) => `${s} ${pnl[k]}`).join(' '));
      }
      expect(text(card)).toContain('Tail (k = 2, CL 0.8), worst first');
      expect(text(card)).toContain('Tail (k = 2, CL 0.75), worst first');
    }
  });

  it('details the other components: flat-rate groups, liquidation-risk groups, charges, position limit', () => {
    expect(body).toMatch(/0\.5 8001, 8002 30,000 10,000 30,000/);
    expect(body).toContain('round(Σ charged × rate × multiplier 1.2) = 20,880');
    expect(body).toMatch(/1 1, 12345 525,000 300,000 0\.1 22,500 1\.2/);
    expect(body).toContain('Σ ΔMV × beta = 422,000');
    expect(body).toMatch(/12345 100,000 500 23456 50,000 150/);
    expect(body).toMatch(/DIV1 1 cash dividend 12,345 0\.05 617 SRI5 5 rights issue -4,999 0\.3 1,500/);
    expect(body).toContain('min(ALC 200,000 × 2, cap 300,000) = 300,000');
    expect(body).toContain('round(excess / NMV × base × factor) = 2,899');
  });

  it('escapes every text taken from the input files', () => {
    const hostile = '<img src=x onerror="alert(1)">&';
    const g = m.portfolio.subPortfolios[0];
    if (g === undefined) throw new Error('no sub-portfolio');
    const evil: VarMargin = {
      ...m,
      portfolio: { ...m.portfolio, subPortfolios: [{ ...g, id: hostile, instruments: [hostile] }] },
    };
    const doc = renderVarHtml(evil, { rpf01File: '"><script>alert(2)</script>.csv' });
    expect(doc).not.toContain(hostile);
    expect(doc).not.toContain('<script>');
    expect(doc).toContain('Sub-portfolio &lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;');
    expect(doc).toContain('&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;.csv');
  });
});
