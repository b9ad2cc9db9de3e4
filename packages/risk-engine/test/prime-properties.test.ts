import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import Decimal from 'decimal.js';
import type { Series } from '@marginkit/rpf';
import { accountSheetToJson, accountSheetToJsonGeneric, marginPortfolio, preparePrime } from '../src/index';
import type { Basis } from '../src/index';
import type { Holding } from './support/random-market';
import { drawFrom, randomCase, randomMarket } from './support/random-market';

/** Invariants of the calculation sheet on random markets and portfolios. */

const BASES: readonly Basis[] = ['net', 'gross'];

describe('PRiME invariants', () => {
  it('every figure is invariant to the order of positions and to splitting a position into rows', () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const { draw, ctx, positions } = randomCase(g);
        // Split each row into up to three rows of the same sign (same sign keeps gross sides).
        const split: Holding[] = positions.flatMap((p) => {
          const parts = draw(fc.integer({ min: 1, max: 3 }));
          const out: Holding[] = [];
          let left = p.quantity;
          for (let k = 1; k < parts; k++) {
            const piece = Math.trunc(left / 2);
            out.push({ series: p.series, quantity: piece });
            left -= piece;
          }
          out.push({ series: p.series, quantity: left });
          return out;
        });
        const shuffled = draw(fc.shuffledSubarray(split, { minLength: split.length, maxLength: split.length }));
        for (const basis of BASES) {
          const a = accountSheetToJson(marginPortfolio(ctx, positions, basis));
          const b = accountSheetToJson(marginPortfolio(ctx, shuffled, basis));
          expect(b).toEqual(a);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('under net, a long and a short row of one series net before margining', () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const { draw, ctx, positions } = randomCase(g);
        const extra = draw(fc.integer({ min: 1, max: 100 }));
        // q → (q + extra) and (−extra): same net quantity.
        const offset = positions.flatMap((p) => [
          { series: p.series, quantity: p.quantity + extra },
          { series: p.series, quantity: -extra },
        ]);
        expect(accountSheetToJson(marginPortfolio(ctx, offset, 'net'))).toEqual(accountSheetToJson(marginPortfolio(ctx, positions, 'net')));
      }),
      { numRuns: 100 },
    );
  });

  it('futures of one month alone: scan risk = |q| × the largest loss of the array for that direction', () => {
    fc.assert(
      fc.property(fc.gen(), fc.integer({ min: -500, max: 500 }).filter((q) => q !== 0), (g, q) => {
        const draw = drawFrom(g);
        const m = randomMarket(draw);
        const futures = m.rpf.series.filter((s) => s.right === '');
        fc.pre(futures.length > 0);
        const s = futures[draw(fc.integer({ min: 0, max: futures.length - 1 }))] as Series;
        const ctx = preparePrime(m.rpf, m.catalogue);
        const sheet = marginPortfolio(ctx, [{ series: s, quantity: q }], 'net');
        const cc = sheet.clearingHouses[0]?.combinedCommodities[0];
        // Largest loss of one contract in the position's direction, in currency units.
        const unit = new Decimal(10).pow(s.riskScale);
        const losses = [...s.riskArray].map((v) => new Decimal(v).times(Math.sign(q)).times(unit));
        const largest = Decimal.max(...losses);
        const expected = Decimal.max(largest.times(Math.abs(q)), 0);
        expect(cc?.scanRisk.eq(expected)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('sheet JSON', () => {
  it('the engine sheets write the same JSON as their Decimal getters', () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const { draw, ctx, positions } = randomCase(g);
        for (const basis of BASES) {
          const sheet = marginPortfolio(ctx, positions, basis);
          expect(accountSheetToJson(sheet)).toEqual(accountSheetToJsonGeneric(sheet));
        }
      }),
      { numRuns: 150 },
    );
  });
});
