import { beforeAll, describe, expect, it } from 'vitest';
import type { MarginReport } from '../src/index';
import { marginReportJson, marginReportJsonText } from '../src/index';
import { hkexReport } from './hkex-report';

/**
 * The whole document as text from units (what the HTTP service sends): byte for byte the
 * JSON.stringify of the object document, here on HKEX's published cases (both bases), with and
 * without fields put first in the `rpf` block.
 */

let report: MarginReport;

beforeAll(async () => {
  report = await hkexReport();
});

describe('marginReportJsonText', () => {
  it('is JSON.stringify of the document', () => {
    expect(report.accounts.length).toBeGreaterThan(0);
    expect(marginReportJsonText(report)).toBe(JSON.stringify(marginReportJson(report)));
  });

  it('puts extra rpf fields first', () => {
    const doc = marginReportJson(report);
    const text = marginReportJsonText(report, { id: 'v1-abc' });
    expect(text).toBe(JSON.stringify({ ...doc, rpf: { id: 'v1-abc', ...doc.rpf } }));
    expect(Object.keys((JSON.parse(text) as { rpf: object }).rpf)[0]).toBe('id');
  });

});
