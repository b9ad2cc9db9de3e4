import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccountSheet, Basis } from '../src/index';
import { decimalText, marginPortfolio, PrimeDecimal, sheetTotalUnits } from '../src/index';
import { plainAccount } from './support/plain-sheet';
import { randomCase } from './support/random-market';

/**
 * `sheetTotalUnits`: a sheet's totals as exact integers (what a book run sums) must be the
 * figures its Decimal getters give, on random markets (USD CCs with their T rates), with huge
 * quantities (figures past 2^53, held as 40-digit decimals), net and gross.
 */

const BASES: readonly Basis[] = ['net', 'gross'];

function expectSameTotals(sheet: AccountSheet): void {
  const u = sheetTotalUnits(sheet);
  if (u === undefined) throw new Error('an engine sheet gave no units');
  const scaled = (units: bigint, scale: number) => decimalText(new PrimeDecimal(`${units}e-${scale}`));
  expect({
    total: String(u.clearingHouseTotalHkd),
    houses: u.clearingHouses.map((h) => [h.clearingHouse, h.currency, String(h.requirement), scaled(h.requirementHkd.units, h.requirementHkd.scale)]),
  }).toEqual({
    total: decimalText(sheet.clearingHouseTotalHkd),
    houses: sheet.clearingHouses.map((h) => [h.clearingHouse, h.currency, decimalText(h.requirement), decimalText(h.requirementHkd)]),
  });
  for (const h of u.clearingHouses) expect(h.requirementHkd.scale).toBeGreaterThanOrEqual(0);
}

describe('sheetTotalUnits', () => {
  it("is the sheet's totals on random markets and portfolios, net and gross", () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const { ctx, positions } = randomCase(g);
        for (const basis of BASES) expectSameTotals(marginPortfolio(ctx, positions, basis));
      }),
      { numRuns: 150, endOnFailure: true },
    );
  });

  it('is the same with huge quantities (totals past 2^53)', () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const { ctx, positions } = randomCase(g);
        const huge = positions.map((p) => ({ ...p, quantity: p.quantity * 1_000_000_000 }));
        fc.pre(huge.every((p) => Number.isSafeInteger(p.quantity)));
        for (const basis of BASES) expectSameTotals(marginPortfolio(ctx, huge, basis));
      }),
      { numRuns: 60, endOnFailure: true },
    );
  });

  it('is undefined for a sheet the engine did not make', () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const { ctx, positions } = randomCase(g);
        expect(sheetTotalUnits(plainAccount(marginPortfolio(ctx, positions, 'net')))).toBeUndefined();
      }),
      { numRuns: 10 },
    );
  });
});
