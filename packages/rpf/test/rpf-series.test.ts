import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assembleRpf } from '../src/assemble';
import { parseRpf } from '../src/parse/parse';
import { RpfSeries } from '../src/rpf-series';
import { sampleParts } from './support/sample-parts';

const SMALL = readFileSync(new URL('../../../fixtures/rpf/small.lis', import.meta.url));

function parsedSmall() {
  const r = parseRpf(SMALL);
  if (!r.ok) throw new Error(r.errors[0]!.message);
  return r.value;
}

describe('RpfSeries', () => {
  it('is what a parse and assembleRpf give, riskArray being one view of its row, the same on every read', () => {
    for (const rpf of [parsedSmall(), assembleRpf(sampleParts())]) {
      rpf.series.forEach((s, row) => {
        expect(s).toBeInstanceOf(RpfSeries);
        const view = s.riskArray;
        expect(s.riskArray).toBe(view);
        expect(view.buffer).toBe(rpf.riskArrays.buffer);
        expect(view.byteOffset).toBe(rpf.riskArrays.byteOffset + row * 16 * 4);
        expect(view.length).toBe(16);
        // A view, not a copy: it reads what the block holds.
        expect([...view]).toEqual([...rpf.riskArrays.subarray(row * 16, row * 16 + 16)]);
      });
    }
  });

  it('carries the other fields as own properties, and riskArray as an accessor (left out by a spread)', () => {
    const s = parsedSmall().series[1]!;
    expect(Object.keys(s).sort()).toEqual(
      [
        'exchange', 'commodity', 'underlying', 'productType', 'right', 'futuresMonth', 'futuresDayWeek', 'optionMonth',
        'optionDayWeek', 'strike', 'key', 'cc', 'riskScale', 'row', 'compositeDelta', 'impliedVolatility', 'settlementPrice',
      ].sort(),
    );
    expect('riskArray' in { ...s }).toBe(false);
    // small.lis line 27 (the second series' 81): its first risk-array value is -1234.
    expect(s.riskArray[0]).toBe(-1234);
  });
});
