import { describe, expect, it } from 'vitest';
import { ExactSum, roundUpTo } from '../../src/var/money';
import { PrimeDecimal } from '../../src/decimal';

describe('ExactSum', () => {
  it('adds decimals of different scales exactly', () => {
    // 0.1 + 0.2 + 1234.567 − 0.3 = 1234.567
    const s = new ExactSum().add({ units: 1, scale: 1 }).add({ units: 2, scale: 1 }).add({ units: 1234567, scale: 3 }).add({ units: -3, scale: 1 });
    expect(s.value().toFixed()).toBe('1234.567');
  });

  it('goes on in BigInt past 2^53', () => {
    // 9007199254740.991 × 3 = 27021597764222.973 (units beyond 2^53), then − 0.973 → 27021597764222.
    const s = new ExactSum();
    for (let i = 0; i < 3; i++) s.add({ units: 9_007_199_254_740_991, scale: 3 });
    expect(s.value().toFixed()).toBe('27021597764222.973');
    s.add({ units: -973, scale: 3 });
    expect(s.value().toFixed()).toBe('27021597764222');
  });

  it('adds quantity × decimal, exactly even when the product passes 2^53', () => {
    // 3,000,000,000 × 12345.6789012 = 37,037,036,703,600 (units 3e9 × 123456789012 ≈ 3.7 × 10^20).
    const s = new ExactSum().addTimes(3_000_000_000, { units: 123_456_789_012, scale: 7 }).addTimes(-2, { units: 5, scale: 1 });
    expect(s.value().toFixed()).toBe('37037036703599');
  });
});

describe('roundUpTo', () => {
  it('rounds up to a multiple, leaving multiples and 0 alone', () => {
    const u = new PrimeDecimal(10000);
    expect(roundUpTo(new PrimeDecimal('112548'), u).toFixed()).toBe('120000');
    expect(roundUpTo(new PrimeDecimal('120000'), u).toFixed()).toBe('120000');
    expect(roundUpTo(new PrimeDecimal('0.01'), u).toFixed()).toBe('10000');
    expect(roundUpTo(new PrimeDecimal(0), u).toFixed()).toBe('0');
  });
});
