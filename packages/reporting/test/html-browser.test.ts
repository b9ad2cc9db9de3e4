import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { MarginReport } from '../src/index';
import { renderHtml } from '../src/index';
import type { OpenedReport } from './chromium';
import { openInChromium } from './chromium';
import { hkexReport } from './hkex-report';

/**
 * The HTML report in a real browser (test/chromium.ts: Debian's headless Chromium; a missing
 * browser fails this file).
 */
let report: MarginReport;
let opened: OpenedReport | undefined;
let page: Page;

beforeAll(async () => {
  report = await hkexReport();
  opened = await openInChromium(renderHtml(report));
  page = opened.page;
}, 60_000);

afterAll(async () => {
  await opened?.close();
});

describe('the HTML report in headless Chromium', () => {
  it('loads with no console error, page error or failed request, fetching nothing but itself', () => {
    expect(opened?.problems).toEqual([]);
    expect(opened?.requests).toEqual([opened?.url]);
  });

  it('shows the RPF it came from', async () => {
    const text = await page.locator('header').innerText();
    for (const s of ['final', '2016-09-30', '18:30', 'rpf______-_____-__-_____-160930.lis']) expect(text).toContain(s);
  });

  it("shows HKEX's figures for HKCC case 3 net: CH 43,855, client 53,189, maintenance 42,551", async () => {
    const summary = page.locator('section.summary tr', { hasText: 'HKCC-3-net' });
    expect((await summary.innerText()).split('\t').map((s) => s.trim())).toEqual(['HKCC-3-net', 'net', '43,855', '53,189', '42,551']);
    const section = page.locator('section.account', { hasText: 'Account HKCC-3-net' });
    expect(await section.isVisible()).toBe(true);
    const total = await section.locator('table.totals tr.total').innerText();
    expect(total.split('\t').map((s) => s.trim())).toEqual(['Total in HKD', 'HKD', '43,855', '53,189', '42,551']);
    // 32,435 × 1.33 = 43,138.55 > LOV 38,000: capped
    const feyyy = await section.locator('table.client tr', { hasText: 'FEYYY' }).innerText();
    expect(feyyy).toMatch(/32,435\s+× 1\.33\s+43,138\.55\s+38,000\s+yes: A = LOV\s+38,000\.00\s+0\s+38,000\.00/);
    // FEXXX: risk margin 11,419.93… unrounded → 11,420 (the contract's example figure)
    const steps = await section.locator('article.cc', { hasText: 'HKCC FEXXX' }).locator('table.steps').innerText();
    expect(steps).toMatch(/Risk margin\s+11,420/);
    expect(steps).toMatch(/Requirement\s+11,420/);
  });

  it('draws every CC side as a chart of 16 bars with the active scenario highlighted', async () => {
    const articles = page.locator('article.cc');
    const ccs = report.accounts.flatMap((a) => a.sheet.clearingHouses.flatMap((h) => h.combinedCommodities));
    expect(await articles.count()).toBe(ccs.length);
    for (const [i, cc] of ccs.entries()) {
      const charts = articles.nth(i).locator('svg.scenario-chart');
      expect(await charts.count(), `${cc.cc} charts`).toBe(cc.sides.length);
      for (const [k, side] of cc.sides.entries()) {
        const chart = charts.nth(k);
        expect(await chart.locator('rect.bar').count()).toBe(16);
        const active = chart.locator('rect.bar.active');
        if (side.marginable) {
          expect(await active.count()).toBe(1);
          expect(await active.getAttribute('data-scenario')).toBe(String(side.activeScenario));
        } else {
          // a gross SEOCH long side has no loss and no active scenario (the engine's 0)
          expect(await active.count()).toBe(0);
        }
      }
    }
  });

  it('makes the bars visible: the active bar of HKCC case 1 (6 short futures, scenario 11) has height', async () => {
    // short futures lose most when the price rises a full range: scenarios 11 and 12 tie, the lowest wins
    const chart = page.locator('section.account', { hasText: 'Account HKCC-1-net' }).locator('svg.scenario-chart');
    expect(await chart.isVisible()).toBe(true);
    expect(await chart.locator('text.axis-title').allTextContents()).toEqual(['Scenario (active: 11)', 'Loss (HKD)']);
    const bar = await chart.locator('rect.bar.active').boundingBox();
    expect(bar?.height ?? 0).toBeGreaterThan(10);
    expect(await chart.locator('text.active-label').textContent()).toBe('342,300');
  });
});
