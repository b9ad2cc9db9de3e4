import { describe, expect, it } from 'vitest';
import { accountSheetToJson, marginPortfolio, PrimeInputError, preparePrime } from '../src/index';
import type { RpfPlan } from './support/build-rpf';
import { buildRpf, catalogueOf, seriesOf } from './support/build-rpf';

/**
 * A position may carry its series' row (resolvePositions' positions do), so that the engine finds
 * the record without reading the Series object. The row is checked against the RPF: a wrong one
 * is an error, never another series' figures.
 */

const RA = [0, 0, -1900, -1900, 1900, 1900, -3800, -3800, 3800, 3800, -5700, -5700, 5700, 5700, -5130, 5130];
const plan: RpfPlan = {
  ccs: [{ code: 'FEXXX', products: [{ commodity: 'XXX', productType: 'FUT' }] }],
  series: [
    { commodity: 'XXX', productType: 'FUT', futuresMonth: 201806, riskArray: RA, compositeDelta: 10000 },
    { commodity: 'XXX', productType: 'FUT', futuresMonth: 201809, riskArray: RA.map((x) => 2 * x), compositeDelta: 10000 },
  ],
};
const rpf = buildRpf(plan);
const ctx = preparePrime(rpf, catalogueOf([{ clearingHouse: 'HKCC', cc: 'FEXXX', commodity: 'XXX', multiplier: 50 }]));
const m8 = seriesOf(rpf, 'XXX', 201806);
const u8 = seriesOf(rpf, 'XXX', 201809);

describe('a position carrying its series row', () => {
  it('margins as the same position without it', () => {
    const withRow = accountSheetToJson(marginPortfolio(ctx, [{ series: m8, quantity: -6, row: m8.row }], 'net'));
    // −6 × the largest loss of a long contract (5700, scenarios 11/12): 34200, as without the row.
    expect(withRow.clearingHouseTotalHkd).toBe('34200');
    expect(withRow).toEqual(accountSheetToJson(marginPortfolio(ctx, [{ series: m8, quantity: -6 }], 'net')));
  });

  it('rejects a row that is not the series’ own', () => {
    expect(m8.row).not.toBe(u8.row);
    expect(() => marginPortfolio(ctx, [{ series: m8, quantity: -6, row: u8.row }], 'net')).toThrow(PrimeInputError);
    expect(() => marginPortfolio(ctx, [{ series: m8, quantity: -6, row: rpf.series.length + 5 }], 'net')).toThrow(/not a series of this RPF/);
  });

  it('reports the first bad position in position order, wherever the foreign row is', () => {
    // The foreign row is found in a first pass but reported where it stands: after a bad quantity
    // in front of it, and even when good positions come first.
    expect(() =>
      marginPortfolio(ctx, [{ series: u8, quantity: 2 ** 53 }, { series: m8, quantity: -6, row: u8.row }], 'net'),
    ).toThrow(/quantity 9007199254740992 is not a safe integer/);
    expect(() =>
      marginPortfolio(ctx, [{ series: u8, quantity: 1 }, { series: m8, quantity: 1 }, { series: m8, quantity: -6, row: -1 }], 'net'),
    ).toThrow(/not a series of this RPF/);
  });
});
