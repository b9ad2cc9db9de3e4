import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountSheetToJson, marginPortfolio, preparePrime } from '../src/index';
import type { Basis } from '../src/index';
import type { Holding } from './support/random-market';
import { drawFrom, randomMarket, randomPortfolio } from './support/random-market';
import { referenceAccount } from './support/reference-prime';

/**
 * The fast path (binary64 integer units, decimals only where fractions arise) against a plain
 * decimal implementation of prime.md written independently in test/support: every figure of the
 * calculation sheet, digit for digit, on random markets and portfolios, net and gross.
 */

const BASES: readonly Basis[] = ['net', 'gross'];

function engineJson(m: ReturnType<typeof randomMarket>, positions: readonly Holding[], basis: Basis, forceExact = false) {
  const ctx = preparePrime(m.rpf, m.catalogue);
  return accountSheetToJson(marginPortfolio(ctx, positions, basis, { account: 'REF', forceExact }));
}

describe('PRiME fast path = decimal reference', () => {
  it('every figure agrees on random markets and portfolios', () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const draw = drawFrom(g);
        const m = randomMarket(draw);
        const positions = randomPortfolio(draw, m.rpf);
        for (const basis of BASES) {
          expect(engineJson(m, positions, basis)).toEqual(referenceAccount(m.rpf, m.catalogue, positions, basis));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the BigInt accumulation (taken past 2^53) agrees too, with huge quantities', () => {
    fc.assert(
      fc.property(fc.gen(), fc.boolean(), (g, force) => {
        const draw = drawFrom(g);
        const m = randomMarket(draw);
        const positions = randomPortfolio(draw, m.rpf, 10 ** 13);
        for (const basis of BASES) {
          expect(engineJson(m, positions, basis, force)).toEqual(referenceAccount(m.rpf, m.catalogue, positions, basis));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('agrees on long portfolios too (many rows per series: the netting of large accounts)', () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const draw = drawFrom(g);
        const m = randomMarket(draw);
        const positions = randomPortfolio(draw, m.rpf, 60, 150);
        for (const basis of BASES) {
          expect(engineJson(m, positions, basis)).toEqual(referenceAccount(m.rpf, m.catalogue, positions, basis));
        }
      }),
      { numRuns: 40 },
    );
  });
});
