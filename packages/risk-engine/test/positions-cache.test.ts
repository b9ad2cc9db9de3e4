import { describe, expect, it } from 'vitest';
import { preparePrime, resolvePositions } from '../src/index';
import type { PositionRow } from '../src/index';
import { buildRpf, catalogueOf } from './support/build-rpf';

/**
 * Codes resolved once are remembered per prepared RPF (a service resolves the same codes on
 * every request). The memory must never change an answer: the same rows give the same result on
 * every call, and two RPFs where one code names different series keep them apart.
 */
const ARRAY = [0, 0, -1900, -1900, 1900, 1900, -3800, -3800, 3800, 3800, -5700, -5700, 5700, 5700, -5130, 5130];
const rpfWith = (months: number[]) =>
  buildRpf({
    businessDate: '2016-09-30',
    fileName: 'rpf______-_____-__-_____-160930.lis',
    ccs: [{ code: 'FEXXX', products: [{ commodity: 'XXX', productType: 'FUT' }] }],
    series: months.map((futuresMonth) => ({ commodity: 'XXX', productType: 'FUT' as const, futuresMonth, riskArray: ARRAY, compositeDelta: 10000 })),
  });
const catalogue = catalogueOf([{ clearingHouse: 'HKCC', cc: 'FEXXX', commodity: 'XXX', multiplier: 50 }]);
const rows: PositionRow[] = [
  { account: 'A', series: 'XXXM8', quantity: 1, file: 'p.csv', line: 2 },
  { account: 'A', series: 'XXXN8', quantity: 1, file: 'p.csv', line: 3 },
];

describe('resolvePositions across calls', () => {
  it('gives the same result every time, errors included', () => {
    // June 2018 only: XXXM8 resolves, XXXN8 (July) does not.
    const ctx = preparePrime(rpfWith([201806]), catalogue);
    const first = resolvePositions(ctx, rows, { basis: 'net', skipUnknown: true });
    const second = resolvePositions(ctx, rows, { basis: 'net', skipUnknown: true });
    expect(second).toEqual(first);
    if (!first.ok) throw new Error('expected a result');
    expect(first.value.accounts[0]?.positions.map((p) => p.series.futuresMonth)).toEqual([201806]);
    expect(first.value.skipped.map((e) => [e._tag, e.line, e.value])).toEqual([['UnknownSeries', 3, 'XXXN8']]);
  });

  it('keeps each prepared RPF apart: a code unknown in one is found in another', () => {
    const june = preparePrime(rpfWith([201806]), catalogue);
    const julyToo = preparePrime(rpfWith([201806, 201807]), catalogue);
    expect(resolvePositions(june, rows, { basis: 'net' }).ok).toBe(false);
    const r = resolvePositions(julyToo, rows, { basis: 'net' });
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    expect(r.value.accounts[0]?.positions.map((p) => [p.code, p.series.futuresMonth])).toEqual([
      ['XXXM8', 201806],
      ['XXXN8', 201807],
    ]);
    // and the series are julyToo's own objects
    expect(r.value.accounts[0]?.positions.every((p) => julyToo.rpf.series.includes(p.series))).toBe(true);
  });
});
