import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { renderVarHtml } from '../src/index';
import type { OpenedReport } from './chromium';
import { openInChromium } from './chromium';
import { fixtureVarMargin, VAR_FILES } from './var-report';

/**
 * The VaR Platform report of fixtures/var in a real browser (test/chromium.ts: Debian's
 * headless Chromium; a missing browser fails this file). Figures: fixtures/var/README.md's hand
 * computation.
 */
let opened: OpenedReport | undefined;
let page: Page;

beforeAll(async () => {
  opened = await openInChromium(renderVarHtml(fixtureVarMargin(), VAR_FILES));
  page = opened.page;
}, 60_000);

afterAll(async () => {
  await opened?.close();
});

/** The little of the DOM the page functions use (this package compiles without the DOM library). */
interface PageGlobals {
  readonly document: {
    createRange(): { setStart(node: unknown, offset: number): void; setEnd(node: unknown, offset: number): void; getBoundingClientRect(): { right: number } };
  };
  getComputedStyle(element: unknown): { fill: string };
}

const cells = async (row: ReturnType<Page['locator']>) => (await row.innerText()).split('\t').map((s) => s.trim());

describe('the VaR Platform HTML report in headless Chromium', () => {
  it('loads with no console error, page error or failed request, fetching nothing but itself', () => {
    expect(opened?.problems).toEqual([]);
    expect(opened?.requests).toEqual([opened?.url]);
  });

  it('shows the valuation date, the input files and the scenario sets', async () => {
    const text = await page.locator('header').innerText();
    for (const s of ['2022-06-30', 'rpf01-small.csv', 'positions-small.csv', 'params-small.json', '10 scenarios, CL 0.8, k = 2, weight 0.75', '8 scenarios, CL 0.75, k = 2, weight 0.25']) {
      expect(text).toContain(s);
    }
  });

  it('shows every component with the hand-computed figures', async () => {
    const table = page.locator('table.components');
    const figure = async (label: string) => (await cells(table.locator('tbody tr').filter({ has: page.locator('th', { hasText: new RegExp(`^${label}$`) }) })))[1];
    expect(await figure('Portfolio margin')).toBe('32,394');
    expect(await figure('Flat-rate margin')).toBe('20,880');
    expect(await figure('Liquidation-risk add-on')).toBe('34,440');
    expect(await figure('instrument level')).toBe('28,000');
    expect(await figure('portfolio level')).toBe('6,440');
    expect(await figure('Structured-product add-on')).toBe('650');
    expect(await figure('Corporate-action margin')).toBe('2,117');
    expect(await figure('Holiday add-on')).toBe('22,067');
    expect(await figure('Aggregate margin')).toBe('120,000');
    expect(await figure('Mark-to-market')).toBe('5,345.50');
    expect(await figure('Net margin')).toBe('114,654.50');
    expect(await figure('Margin after credit')).toBe('64,654.50');
    expect(await figure('Position-limit add-on')).toBe('2,899');
    expect(await figure('Total')).toBe('69,053.50');
    expect(await page.locator('.total-figure').innerText()).toBe('Total margin requirement HKD 69,053.50');
  });

  it('lines up whole and fractional figures on their units', async () => {
    // the right edge of "32,394" lines up with the right edge of "114,654" in "114,654.50"
    const table = page.locator('table.components');
    const unitsRight = async (label: string) =>
      table.locator('tbody tr', { has: page.locator('th', { hasText: new RegExp(`^${label}$`) }) }).locator('td.num').evaluate((td) => {
        const text = td.firstChild;
        if (text === null) return NaN;
        const range = (globalThis as unknown as PageGlobals).document.createRange();
        const at = (td.textContent ?? '').search(/[\d,]+/) + ((td.textContent ?? '').match(/-?[\d,]+/)?.[0].length ?? 0);
        range.setStart(text, 0);
        range.setEnd(text, at);
        return range.getBoundingClientRect().right;
      });
    const whole = await unitsRight('Portfolio margin');
    const fractional = await unitsRight('Net margin');
    expect(Math.abs(whole - fractional)).toBeLessThan(1.5);
  });

  it('draws one SVG per sub-portfolio and scenario set with the k tail bars highlighted, listed worst first', async () => {
    const cards = page.locator('article.sub-portfolio');
    expect(await cards.count()).toBe(2);
    const expected = [
      { id: 'non-ipo', tails: [['3', '9'], ['5', '1']], lists: ['3 -19,700', '9 -16,550', '5 -39,400', '1 -31,000'] },
      { id: '9988', tails: [['2', '6'], ['3', '5']], lists: ['2 -10,000', '6 -5,000', '3 -20,000', '5 -15,000'] },
    ];
    for (const [i, want] of expected.entries()) {
      const card = cards.nth(i);
      expect(await card.locator('h3').innerText()).toContain(`Sub-portfolio ${want.id}`);
      const charts = card.locator('svg.pnl-chart');
      expect(await charts.count()).toBe(2);
      for (const [j, n] of [10, 8].entries()) {
        const chart = charts.nth(j);
        expect(await chart.isVisible()).toBe(true);
        expect(await chart.locator('rect.bar').count()).toBe(n);
        const tail = chart.locator('rect.bar.tail');
        expect(await tail.count()).toBe(2); // k = 2 for both scenario sets
        for (let t = 0; t < 2; t++) {
          expect(await tail.nth(t).getAttribute('data-scenario')).toBe(want.tails[j]?.[t]);
          // a loss bar, visibly drawn and in the tail colour
          expect((await tail.nth(t).boundingBox())?.height ?? 0).toBeGreaterThan(10);
          expect(await tail.nth(t).evaluate((r) => (globalThis as unknown as PageGlobals).getComputedStyle(r).fill)).toBe('rgb(217, 72, 15)');
        }
        expect(await chart.locator('rect.bar:not(.tail)').first().evaluate((r) => (globalThis as unknown as PageGlobals).getComputedStyle(r).fill)).not.toBe('rgb(217, 72, 15)');
      }
      const items = await card.locator('ol.tail-list li').allInnerTexts();
      expect(items.map((s) => s.replace(/\s+/g, ' ').trim())).toEqual(want.lists);
      const captions = await card.locator('figcaption').allInnerTexts();
      expect(captions[0]).toMatch(/^HVaR -[\d,]+: mean of the 2 worst of 10 scenario P&Ls \(CL 0\.8\)$/);
      expect(captions[1]).toMatch(/^SVaR -[\d,]+: mean of the 2 worst of 8 scenario P&Ls \(CL 0\.75\)$/);
    }
    expect(await cards.nth(0).locator('figcaption').first().innerText()).toContain('HVaR -18,125');
    expect(await cards.nth(1).locator('figcaption').nth(1).innerText()).toContain('SVaR -17,500');
  });
});
