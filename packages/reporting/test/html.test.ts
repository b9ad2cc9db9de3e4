import { beforeAll, describe, expect, it } from 'vitest';
import type { MarginReport } from '../src/index';
import { renderHtml } from '../src/index';
import { hkexReport } from './hkex-report';
import { expectSelfContained } from './self-contained';

/** The HTML document as text: self-contained and escaped. (html-browser.test.ts renders it.) */

let report: MarginReport;
let html: string;

beforeAll(async () => {
  report = await hkexReport();
  html = renderHtml(report);
});

describe('renderHtml', () => {
  it('is one complete document with the RPF provenance in its head', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html.match(/<html\b/g)).toHaveLength(1);
    expect(html).toContain('<title>Margin report: final RPF of 2016-09-30 18:30 (rpf______-_____-__-_____-160930.lis)</title>');
  });

  it('needs nothing outside itself: no script, no external URL, a policy forbidding any fetch', () => {
    expectSelfContained(html);
    for (const m of html.matchAll(/href="([^"]*)"/g)) expect(m[1]).toMatch(/^(#account-\d+|data:,)$/);
  });

  it('escapes every text taken from the input files', () => {
    const hostile = '<img src=x onerror="alert(1)">&';
    const doc = renderHtml({
      ...report,
      rpf: { ...report.rpf, fileName: `"><script>alert(2)</script>.lis` },
      // the engine's sheet is a class with getters (totals made lazily): copy it with its prototype
      accounts: report.accounts.slice(0, 1).map((a) => ({
        ...a,
        sheet: Object.assign(Object.create(Object.getPrototypeOf(a.sheet) as object) as typeof a.sheet, a.sheet, { account: hostile }),
      })),
    });
    expect(doc).not.toContain(hostile);
    expect(doc).not.toContain('<script>');
    expect(doc).toContain('Account &lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;');
    expect(doc).toContain('&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;.lis');
  });

  it('has one section per account and one chart per CC side', () => {
    expect(html.match(/<section class="account"/g)).toHaveLength(16);
    const sides = report.accounts.flatMap((a) => a.sheet.clearingHouses.flatMap((h) => h.combinedCommodities.flatMap((c) => c.sides)));
    expect(html.match(/<svg class="scenario-chart"/g)).toHaveLength(sides.length);
  });

  it('lists skipped positions when the run skipped some', () => {
    const doc = renderHtml({
      ...report,
      skippedPositions: [
        {
          _tag: 'UnknownSeries', file: 'positions.csv', line: 7, account: 'A1', field: 'series', value: 'XXXM9',
          message: 'positions.csv:7: account "A1" series "XXXM9": unknown series',
        },
      ],
    });
    expect(doc).toContain('<h2>Skipped positions (1)</h2>');
    expect(doc).toContain('<code>positions.csv:7: account &quot;A1&quot; series &quot;XXXM9&quot;: unknown series</code>');
  });
});
