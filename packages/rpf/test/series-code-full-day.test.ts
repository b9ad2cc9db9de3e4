import { describe, expect, it } from 'vitest';
import { generatePreset } from '../src/generate';
import { formatSeriesCode, resolveSeries } from '../src/series-code';

// A generated full trading day (every HKCC/SEOCH product kind, ~100k series): each series'
// HKEX code must resolve back to that very series — no two series share a code, no code reads
// as another commodity (longest prefix), and the year digit holds over the day's months.
describe('series codes of a generated full-day RPF', () => {
  it('formatSeriesCode then resolveSeries returns every series itself', () => {
    const { rpf, catalogue } = generatePreset('fullDay', 7);
    expect(rpf.series.length).toBeGreaterThan(50_000);
    const failures: string[] = [];
    for (const s of rpf.series) {
      const code = formatSeriesCode(s, catalogue);
      if (!code.ok) {
        failures.push(code.errors[0]?.message ?? s.key);
        continue;
      }
      const back = resolveSeries(code.value, rpf, catalogue, { cc: s.cc });
      if (!back.ok) failures.push(back.errors[0]?.message ?? code.value);
      else if (back.value !== s) failures.push(`${code.value} resolved to ${back.value.key}, not ${s.key}`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });
});
