import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFixed, parseFixed } from '../src/fixed';

describe('formatFixed', () => {
  it('writes exactly `scale` decimals', () => {
    expect(formatFixed(16500, 2)).toBe('165.00');
    expect(formatFixed(5, 2)).toBe('0.05');
    expect(formatFixed(-5, 4)).toBe('-0.0005');
    expect(formatFixed(-12345, 1)).toBe('-1234.5');
    expect(formatFixed(0, 3)).toBe('0.000');
    expect(formatFixed(50, 0)).toBe('50');
  });
  it('multiplies for a negative scale (RE > 0)', () => {
    expect(formatFixed(12, -3)).toBe('12000');
    expect(formatFixed(-7, -1)).toBe('-70');
    expect(formatFixed(0, -2)).toBe('0');
  });
});

describe('parseFixed', () => {
  it('keeps the decimals as written', () => {
    expect(parseFixed('50')).toEqual({ units: 50, scale: 0 });
    expect(parseFixed('1.250')).toEqual({ units: 1250, scale: 3 });
    expect(parseFixed('-0.05')).toEqual({ units: -5, scale: 2 });
    expect(parseFixed('+7')).toEqual({ units: 7, scale: 0 });
    expect(parseFixed('-0')).toEqual({ units: 0, scale: 0 });
  });
  it('rejects what is not plain decimal text', () => {
    for (const t of ['', '.5', '5.', '1e3', '1,000', ' 5', '0x10', 'NaN', '--1', '9007199254740993']) {
      expect(parseFixed(t), t).toBeUndefined();
    }
  });
  it('round-trips with formatFixed', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.integer({ min: 0, max: 12 }), (units, scale) => {
        expect(parseFixed(formatFixed(units, scale))).toEqual({ units, scale });
      }),
    );
  });
});
