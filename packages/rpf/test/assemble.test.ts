import { describe, expect, it } from 'vitest';
import type { RpfParts } from '../src/assemble';
import { assembleRpf } from '../src/assemble';
import { sampleParts } from './support/sample-parts';

describe('assembleRpf', () => {
  it('derives key, CC, risk scale, row and the shared risk-array block of each series', () => {
    const rpf = assembleRpf(sampleParts());
    const [hsi, tch] = rpf.series;
    // Columns 3-54 of the 81 line, as written by hand in write.test.ts.
    expect(hsi?.key).toBe('HKFHSI       HSI       OOFC202404   202404   0017000');
    expect(tch?.key).toBe('SEOTCH       TCH       OOPP000000   202403   0016500');
    expect(hsi?.cc).toBe('FEHSI');
    expect(tch?.cc).toBe('SETCH');
    // FEHSI has RE 1 and HSI OOF locator 0; SETCH RE 0.
    expect(hsi?.riskScale).toBe(1);
    expect(tch?.riskScale).toBe(0);
    expect([hsi?.row, tch?.row]).toEqual([0, 1]);
    expect(rpf.riskArrays.length).toBe(32);
    expect(Array.from(rpf.riskArrays.subarray(0, 16))).toEqual([1234, -1, 0, 99999, -99999, 5, 6, 7, 8, 9, 10, 11, 12, 13, -14, 15]);
    // A view, not a copy: the engines read rows of the block.
    expect(hsi?.riskArray.buffer).toBe(rpf.riskArrays.buffer);
    expect(hsi?.riskArray.byteOffset).toBe(0);
    expect(tch?.riskArray.byteOffset).toBe(16 * 4);
    expect(rpf.seriesByKey.get(hsi!.key)).toBe(hsi);
    expect(rpf.ccByCode.get('SETCH')).toBe(rpf.combinedCommodities[1]);
  });

  it('takes the risk scale from the product: RE − locator', () => {
    const parts = sampleParts();
    const rpf = assembleRpf({
      ...parts,
      series: [
        { ...parts.series[0]!, commodity: 'MHI', underlying: 'MHI' }, // locator 2 at RE 1
        { ...parts.series[0]!, commodity: 'HHI', underlying: 'HHI', productType: 'FUT', right: '', strike: 0 }, // locator −1
      ],
    });
    expect(rpf.series.map((s) => s.riskScale)).toEqual([1 - 2, 1 - -1]);
  });

  it('defaults the optional parts to empty and the source to an in-memory one', () => {
    const { header, exchanges, combinedCommodities } = sampleParts();
    const rpf = assembleRpf({ header, exchanges, combinedCommodities, series: [] });
    expect(rpf.source).toEqual({ fileName: undefined, fromFileName: undefined });
    expect([rpf.currencyRates, rpf.ccGroups, rpf.interSpreads, rpf.arrayParameters, rpf.series]).toEqual([[], [], [], [], []]);
    expect(rpf.riskArrays.length).toBe(0);
  });

  describe('throws on inconsistent parts', () => {
    const cases: [string, (p: RpfParts) => RpfParts, RegExp][] = [
      ['a series no CC lists', (p) => ({ ...p, series: [{ ...p.series[0]!, commodity: 'ZZZ' }] }), /no CC lists commodity ZZZ OOF/],
      ['the same series twice', (p) => ({ ...p, series: [p.series[0]!, p.series[0]!] }), /appears twice/],
      ['a risk array of 15 values', (p) => ({ ...p, series: [{ ...p.series[0]!, riskArray: new Array<number>(15).fill(0) }] }), /has 15 values, not 16/],
      [
        'a risk-array value that is not an int32',
        (p) => ({ ...p, series: [{ ...p.series[0]!, riskArray: [0.5, ...new Array<number>(15).fill(0)] }] }),
        /value 1 \(0.5\) is not an int32/,
      ],
      [
        'a commodity/product listed by two CCs',
        (p) => ({
          ...p,
          combinedCommodities: [
            p.combinedCommodities[0]!,
            { ...p.combinedCommodities[1]!, products: [{ commodity: 'HSI', productType: 'FUT', riskArrayLocator: 0 }] },
          ],
        }),
        /HSI FUT is listed by CC FEHSI and CC SETCH/,
      ],
      ['a CC defined twice', (p) => ({ ...p, combinedCommodities: [p.combinedCommodities[0]!, p.combinedCommodities[0]!] }), /CC FEHSI is defined twice/],
    ];
    for (const [what, change, message] of cases) {
      it(what, () => expect(() => assembleRpf(change(sampleParts()))).toThrow(message));
    }
  });
});
