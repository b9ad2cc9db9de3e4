import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PrimeDecimal } from '@marginkit/risk-engine';
import { displayDecimals, formatExact, formatMoney, groupThousands, isDisplayRounded } from '../src/index';

const d = (text: string) => new PrimeDecimal(text);

describe('groupThousands', () => {
  it('groups the integer digits only', () => {
    expect(groupThousands('0')).toBe('0');
    expect(groupThousands('999')).toBe('999');
    expect(groupThousands('1000')).toBe('1,000');
    expect(groupThousands('-1234567.12345')).toBe('-1,234,567.12345');
  });

  it('rejects text that is not plain decimal', () => {
    expect(() => groupThousands('1e21')).toThrow(/plain decimal/);
  });

  it('round-trips: removing the commas gives the text back; groups after the first have 3 digits', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.nat({ max: 999_999 }), (whole, frac) => {
        const text = frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(6, '0')}`;
        const grouped = groupThousands(text);
        expect(grouped.replaceAll(',', '')).toBe(text);
        const groups = grouped.replace(/^-/, '').split('.')[0]?.split(',') ?? [];
        expect(groups[0]?.length).toBeGreaterThanOrEqual(1);
        expect(groups[0]?.length).toBeLessThanOrEqual(3);
        for (const g of groups.slice(1)) expect(g).toHaveLength(3);
      }),
    );
  });
});

describe('formatMoney', () => {
  it('rounds half-up (away from zero) on the exact decimal', () => {
    expect(formatMoney(d('1.005'), 2)).toBe('1.01'); // the float 1.005 is 1.00499…: (1.005).toFixed(2) is '1.00'
    expect(formatMoney(d('-1.005'), 2)).toBe('-1.01');
    expect(formatMoney(d('43855'), 0)).toBe('43,855');
    expect(formatMoney(d('15188.6'), 2)).toBe('15,188.60');
    expect(formatMoney(d('0.5'), 0)).toBe('1');
  });

  it('keeps every digit of figures beyond float precision', () => {
    expect(formatMoney(d('12345678901234567890.125'), 2)).toBe('12,345,678,901,234,567,890.13');
    expect(formatExact(d('98765432109876543210.000000001'))).toBe('98,765,432,109,876,543,210.000000001');
  });

  it('shows no sign on a figure that rounds to zero', () => {
    expect(formatMoney(d('-0.004'), 2)).toBe('0.00');
    expect(formatMoney(d('-0.4'), 0)).toBe('0');
    expect(formatExact(d('-0'))).toBe('0');
  });
});

describe('displayDecimals', () => {
  it('is 0 for whole figures and 2 as soon as one is fractional', () => {
    expect(displayDecimals([d('1'), d('-20')])).toBe(0);
    expect(displayDecimals([d('1'), d('1260.0716')])).toBe(2);
    expect(displayDecimals([])).toBe(0);
    expect(isDisplayRounded(d('1260.0716'), 2)).toBe(true);
    expect(isDisplayRounded(d('1260.07'), 2)).toBe(false);
  });
});
