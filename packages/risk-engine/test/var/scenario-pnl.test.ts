import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generatedInstruments, generateRpf01, parseRpf01 } from '@marginkit/rpf';
import type { Rpf01File } from '@marginkit/rpf';
import { addPositionPnl, addPositionsPnl, portfolioMargin, pnlLeg, roundedProduct, roundedProductExact, roundedProductFast, roundTwoStep } from '../../src/index';
import { PrimeDecimal } from '../../src/decimal';

/**
 * The proof that the float64 fast path of the scenario P&L is exact: every term equals the
 * two-step rounding of the exact product, computed here independently with a 100-digit decimal.
 */
const Exact = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_UP });

/** round(MV × r) per var-platform.md: half away from zero, first to 10 places then to 0. */
function reference(mvUnits: bigint, mvScale: number, rUnits: bigint): number {
  const mv = new Exact(mvUnits.toString()).div(new Exact(10).pow(mvScale));
  const r = new Exact(rUnits.toString()).div(new Exact(10).pow(10));
  // + 0: a rounded −0.3 is −0 in decimal.js; a P&L term of zero has no sign.
  return mv.times(r).toDecimalPlaces(10, Decimal.ROUND_HALF_UP).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber() + 0;
}

describe('roundTwoStep', () => {
  it.each([
    [5n, 1, 1n], // 0.5 → 1
    [-5n, 1, -1n], // −0.5 → −1 (Math.round would give −0)
    [25n, 1, 3n],
    [-25n, 1, -3n], // −2.5 → −3
    [49_999_999_995n, 11, 1n], // 0.49999999995 → 0.5000000000 → 1 (one step would give 0)
    [-49_999_999_995n, 11, -1n],
    [49_999_999_994n, 11, 0n], // 0.49999999994 → 0.4999999999 → 0
    [7n, 0, 7n],
  ])('%s × 10^-%s → %s', (units, scale, expected) => {
    expect(roundTwoStep(units, scale)).toBe(expected);
  });
});

describe('round(MV × r): float64 product with exact fallback', () => {
  it('an MV in cents times a 10-place return overflows 2^53 as integers, and is still exact', () => {
    // MV 12,345,678,901,234.56 (units 1234567890123456 × 10^-2) × r 0.1234567891:
    // the integer product 1234567890123456 × 1234567891 ≈ 1.5 × 10^24 is far beyond 2^53.
    const leg = pnlLeg(1_234_567_890_123_456, 2);
    expect(1_234_567_890_123_456n * 1_234_567_891n > 2n ** 53n).toBe(true);
    // 1234567890123456 × 1234567891 = 1524157876406034803551296, × 10^-12
    // = 1,524,157,876,406.034803551296 → 1,524,157,876,406.
    expect(roundedProduct(leg, 1_234_567_891)).toBe(1_524_157_876_406);
    expect(roundedProduct(leg, 1_234_567_891)).toBe(reference(1_234_567_890_123_456n, 2, 1_234_567_891n));
  });

  it('products on or within 10^-10 of x.5 take the exact path and round as two steps say', () => {
    // 25000 × 0.00002 = 0.5 exactly → 1 ; 25000 × −0.00002 → −1.
    expect(roundedProductFast(pnlLeg(25_000, 0), 200_000)).toBeNaN();
    expect(roundedProduct(pnlLeg(25_000, 0), 200_000)).toBe(1);
    expect(roundedProduct(pnlLeg(25_000, 0), -200_000)).toBe(-1);
    // 0.1 × 4.9999999995 = 0.49999999995 → two steps give 1 (one step would give 0).
    expect(roundedProductFast(pnlLeg(1, 1), 49_999_999_995)).toBeNaN();
    expect(roundedProduct(pnlLeg(1, 1), 49_999_999_995)).toBe(1);
    // 1.5 × 1 = 1.5 → 2; 2.5 → 3; −2.5 → −3.
    expect(roundedProduct(pnlLeg(15, 1), 10_000_000_000)).toBe(2);
    expect(roundedProduct(pnlLeg(25, 1), 10_000_000_000)).toBe(3);
    expect(roundedProduct(pnlLeg(25, 1), -10_000_000_000)).toBe(-3);
    // MV with 13 decimals: no exact float divisor (10^23), always the exact path.
    expect(roundedProductFast(pnlLeg(15, 13), 10_000_000_000)).toBeNaN();
    expect(roundedProduct(pnlLeg(15_000_000_000_000, 13), 10_000_000_000)).toBe(2);
  });

  it('the fast path either declines or agrees with the exact product (property)', () => {
    const mv = fc.oneof(
      fc.bigInt({ min: -(10n ** 6n), max: 10n ** 6n }),
      fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
      fc.bigInt({ min: -BigInt(Number.MAX_SAFE_INTEGER), max: BigInt(Number.MAX_SAFE_INTEGER) }),
    );
    const r = fc.oneof(fc.bigInt({ min: -(2n * 10n ** 10n), max: 2n * 10n ** 10n }), fc.bigInt({ min: -1000n, max: 1000n }));
    fc.assert(
      fc.property(mv, fc.integer({ min: 0, max: 6 }), r, (mvUnits, mvScale, rUnits) => {
        const leg = pnlLeg(Number(mvUnits), mvScale);
        const want = reference(mvUnits, mvScale, rUnits);
        const fast = roundedProductFast(leg, Number(rUnits));
        if (!Number.isNaN(fast)) expect(fast).toBe(want);
        expect(roundedProduct(leg, Number(rUnits))).toBe(want);
        expect(roundedProductExact(leg, Number(rUnits))).toBe(want);
      }),
      { numRuns: 3000 },
    );
  });

  it('products built to sit at or next to x.5 are never decided by the float (property)', () => {
    // MV = m / 100 and r = (k + 1/2) / (m / 100) are chosen so that MV × r = k + 1/2 ± ε exactly.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99 }), fc.integer({ min: -3, max: 3 }), fc.integer({ min: 0, max: 2000 }), (d, eps, k) => {
        // MV = 2^a 5^b keeps (k + 1/2) / MV a finite decimal: use MV = 0.5, 0.25, 0.2, 0.1 or 1.
        const mvs: [bigint, number][] = [[5n, 1], [25n, 2], [2n, 1], [1n, 1], [1n, 0]];
        const [mvUnits, mvScale] = mvs[d % mvs.length] ?? [1n, 0];
        const mv = new Exact(mvUnits.toString()).div(new Exact(10).pow(mvScale));
        const target = new Exact(k).plus(0.5).plus(new Exact(eps).times('1e-11'));
        const rText = target.div(mv).toDecimalPlaces(10, Decimal.ROUND_DOWN);
        const rUnits = BigInt(rText.times(1e10).toFixed(0));
        const leg = pnlLeg(Number(mvUnits), mvScale);
        expect(roundedProduct(leg, Number(rUnits))).toBe(reference(mvUnits, mvScale, rUnits));
        if (mv.times(rText).minus(k).minus(0.5).abs().lt('1e-10')) expect(roundedProductFast(leg, Number(rUnits))).toBeNaN();
      }),
      { numRuns: 500 },
    );
  });
});

describe('addPositionPnl: one tolerance per row', () => {
  it('rounds boundary terms exactly next to large ones in the same row', () => {
    // MV 25000 × r: 0.00002 → 0.5 → 1; −0.00002 → −1; 0.2 → 5000; 0.0000000001 → 0.0000025 → 0;
    // 0.99999 × 25000 = 24999.75 → 25000; −0.00006 → −1.5 → −2.
    const units = Float64Array.from([200_000, -200_000, 2_000_000_000, 1, 9_999_900_000, -600_000]);
    const returns = { count: 6, instruments: ['x'], rowOf: new Map([['x', 0]]), lines: Int32Array.of(1), units, maxAbsUnits: Float64Array.of(9_999_900_000) };
    const pnl = new Float64Array(6);
    addPositionPnl(pnl, pnlLeg(25_000, 0), returns, 0);
    expect(Array.from(pnl)).toEqual([1, -1, 5000, 0, 25000, -2]);
  });

  it('positions taken two at a time round each term on its own', () => {
    // Leg 1: MV 25000 on row 0, as above: [1, −1, 5000, 0, 25000, −2].
    // Leg 2: MV 10 on row 1: 10 × 0.00005 = 0.0005 → 0; 10 × −0.05 = −0.5 → −1; 10 × 0.25 = 2.5 → 3;
    //   10 × 1e-10 → 0; 10 × 0.15 = 1.5 → 2; 10 × −0.35 = −3.5 → −4.
    // Leg 3 (the odd one, alone): MV 1 on row 0: all round to 0 except 0.99999 → 1.
    const units = Float64Array.from([
      200_000, -200_000, 2_000_000_000, 1, 9_999_900_000, -600_000,
      500_000, -500_000_000, 2_500_000_000, 1, 1_500_000_000, -3_500_000_000,
    ]);
    const returns = {
      count: 6, instruments: ['x', 'y'], rowOf: new Map([['x', 0], ['y', 1]]), lines: Int32Array.of(1, 2), units,
      maxAbsUnits: Float64Array.of(9_999_900_000, 3_500_000_000),
    };
    const pnl = new Float64Array(6);
    addPositionsPnl(pnl, [{ leg: pnlLeg(25_000, 0), row: 0 }, { leg: pnlLeg(10, 0), row: 1 }, { leg: pnlLeg(1, 0), row: 0 }], returns);
    // Column sums: [1 + 0 + 0, −1 − 1 + 0, 5000 + 3 + 0, 0 + 0 + 0, 25000 + 2 + 1, −2 − 4 + 0]
    expect(Array.from(pnl)).toEqual([1, -2, 5003, 0, 25003, -6]);
  });
});

describe('scenario P&L of a whole sub-portfolio equals the exact reference', () => {
  const text = generateRpf01({ tierP: 40, hvarScenarios: 120, svarScenarios: 90, seed: 11 });
  const parsed = parseRpf01(text);
  if (!parsed.ok) throw new Error('generated file does not parse');
  const file: Rpf01File = parsed.value;
  const ids = [...generatedInstruments({ tierP: 40 }).tierP, ...generatedInstruments({ tierP: 40 }).structuredProducts];

  it('for random portfolios of MVs in cents (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...ids), { minLength: 1, maxLength: 25 }),
        fc.array(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), { minLength: 25, maxLength: 25 }),
        (instruments, mvs) => {
          const positions = instruments.map((instrument, i) => {
            const units = Number(mvs[i] ?? 1n) || 1;
            return { instrument, quantity: Math.sign(units), contractValue: { units: 0, scale: 0 }, marketValue: { units, scale: 2 }, lines: [i + 2] };
          });
          const pm = portfolioMargin(file, positions, { ipo: [], floorRate: new PrimeDecimal(0) }, 'p.csv');
          expect(pm.ok).toBe(true);
          if (!pm.ok) return;
          const [g] = pm.value.subPortfolios;
          for (const [returns, dist] of [[file.hvar, g?.hvar.distribution], [file.svar, g?.svar.distribution]] as const) {
            const want = Array.from({ length: returns.count }, (_, s) =>
              positions.reduce((sum, p) => {
                const row = returns.rowOf.get(p.instrument) ?? -1;
                const r = BigInt(returns.units[row * returns.count + s] ?? 0);
                return sum + reference(BigInt(p.marketValue.units), 2, r);
              }, 0),
            );
            expect(Array.from(dist ?? [])).toEqual(want);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
