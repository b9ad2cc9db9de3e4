import fc from 'fast-check';
import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { PrimeDecimal, decimalText, roundWhole } from '../src/index';
import type { Q } from '../src/prime/exact';
import { add, cmp, div, fromBigInt, mul, quotientText, real, roundWholeUnits, shift, sub, unitsText } from '../src/prime/exact';

describe('exact units', () => {
  it('rounds in two steps: 2.49999999999 → 2.5000000000 (10 places) → 3', () => {
    expect(roundWhole(new PrimeDecimal('2.49999999999')).toString()).toBe('3');
    expect(roundWholeUnits(249999999999, 11)).toBe(3);
    // Ten places or fewer: one ordinary half-up rounding.
    expect(roundWholeUnits(24999999999, 10)).toBe(2);
    expect(roundWholeUnits(25, 1)).toBe(3);
    expect(roundWholeUnits(-25, 1)).toBe(-3);
    expect(roundWholeUnits(12, -2)).toBe(1200);
  });

  it('writes decimals plainly: no exponent, no trailing zeros, no negative zero', () => {
    expect(decimalText(new PrimeDecimal('1.2300'))).toBe('1.23');
    expect(decimalText(new PrimeDecimal('1e25'))).toBe('10000000000000000000000000');
    expect(decimalText(new PrimeDecimal('1e-12'))).toBe('0.000000000001');
    expect(decimalText(new PrimeDecimal('-0'))).toBe('0');
  });

  it('number arithmetic equals decimal arithmetic, past 2^53 too', () => {
    const big = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.maxSafeInteger(), fc.integer({ min: -(2 ** 52), max: 2 ** 52 }));
    fc.assert(
      fc.property(big, big, fc.integer({ min: 0, max: 14 }), (a, b, scale) => {
        const da = new PrimeDecimal(a);
        const db = new PrimeDecimal(b);
        expect(real(add(a, b), 0).eq(da.plus(db))).toBe(true);
        expect(real(sub(a, b), 0).eq(da.minus(db))).toBe(true);
        expect(real(mul(a, b), 0).eq(da.times(db))).toBe(true);
        if (b !== 0) expect(real(div(a, b), 0).eq(new PrimeDecimal(a).div(b))).toBe(true);
        const exact = roundWhole(new PrimeDecimal(a).div(new Decimal(10).pow(scale)));
        expect(real(roundWholeUnits(a, scale), 0).eq(exact)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('quotientText is PrimeDecimal division, correctly rounded to 40 digits', () => {
    expect(quotientText(6000n, 36n, -1)).toBe('1666.666666666666666666666666666666666667');
    expect(quotientText(-1n, 3n, 0)).toBe('-0.3333333333333333333333333333333333333333');
    expect(quotientText(10n ** 45n - 1n, 1n, 0)).toBe('1000000000000000000000000000000000000000000000');
    const int = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n });
    fc.assert(
      fc.property(int, int.filter((x) => x !== 0n), fc.integer({ min: -12, max: 12 }), (a, b, scale) => {
        const expected = new PrimeDecimal(a.toString()).div(new PrimeDecimal(b.toString())).div(new PrimeDecimal(10).pow(scale));
        expect(quotientText(a, b, scale)).toBe(decimalText(expected));
      }),
      { numRuns: 3000 },
    );
  });

  it('40-digit arithmetic on fractions and huge values is PrimeDecimal arithmetic', () => {
    const q = fc
      .tuple(fc.bigInt({ min: -(10n ** 45n), max: 10n ** 45n }), fc.integer({ min: -30, max: 30 }))
      .map(([c, e]): Q => shift(fromBigInt(c), e));
    const text = (x: Q) => unitsText(x, 0);
    const d = (x: Q) => new PrimeDecimal(text(x));
    fc.assert(
      fc.property(q, q, fc.integer({ min: 0, max: 12 }), (a, b, scale) => {
        expect(text(add(a, b))).toBe(decimalText(d(a).plus(d(b))));
        expect(text(sub(a, b))).toBe(decimalText(d(a).minus(d(b))));
        expect(text(mul(a, b))).toBe(decimalText(d(a).times(d(b))));
        if (!d(b).isZero()) expect(text(div(a, b))).toBe(decimalText(d(a).div(d(b))));
        expect(cmp(a, b)).toBe(d(a).cmp(d(b)));
        expect(text(roundWholeUnits(a, scale))).toBe(decimalText(roundWhole(d(a).div(new PrimeDecimal(10).pow(scale)))));
      }),
      { numRuns: 3000 },
    );
  });
});
