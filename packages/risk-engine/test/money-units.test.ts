import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalText, roundWhole, roundWholeUnits, unitsText } from '../src/index';

// Money as safe-integer units at a scale, as the client rules compute it on engine sheets.
describe('integer units', () => {
  it('print as the contract prints a Decimal of the same value', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.integer({ min: 0, max: 10 }), (units, scale) => {
        expect(unitsText(units, scale)).toBe(decimalText(new Decimal(units).div(new Decimal(10).pow(scale))));
      }),
    );
    // By hand: trailing zeros dropped, leading zeros kept, sign, whole values.
    expect([unitsText(62_230_700, 4), unitsText(-5, 4), unitsText(1_500, 2), unitsText(-0, 3), unitsText(7, 0)]).toEqual([
      '6223.07',
      '-0.0005',
      '15',
      '0',
      '7',
    ]);
  });

  it("round half up to whole units as risk-engine's roundWhole", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER - 5 * 10 ** 9 }), fc.integer({ min: 0, max: 10 }), (units, scale) => {
        const exact = new Decimal(units).div(new Decimal(10).pow(scale));
        expect(String(roundWholeUnits(units, scale))).toBe(roundWhole(exact).toFixed());
      }),
    );
    // By hand: 66.5 → 67 (half up, not to even); 65.17 → 65; 0.4999999999 → 0.
    expect([roundWholeUnits(665, 1), roundWholeUnits(6517, 2), roundWholeUnits(4_999_999_999, 10)]).toEqual([67, 65, 0]);
  });

  it('rounds to NaN when the units or the result are not safe integers (the caller then takes the decimal path)', () => {
    expect([roundWholeUnits(Number.NaN, 2), roundWholeUnits(2 ** 60, 2), roundWholeUnits(Number.MAX_SAFE_INTEGER + 2, 0)].map(Number.isNaN)).toEqual([true, true, true]);
    expect(roundWholeUnits(Number.MAX_SAFE_INTEGER, 0)).toBe(Number.MAX_SAFE_INTEGER);
  });
});
