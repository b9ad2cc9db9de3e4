import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Basis } from '@marginkit/risk-engine';
import { marginPortfolio, sheetTotalUnits } from '@marginkit/risk-engine';
import { clientMarginForAccount, clientTotalUnits } from '@marginkit/client-margin';
import type { AccountReport } from '@marginkit/reporting';
import { BookTotals, ScaledSum } from '../src/totals';
// The engine's own generators: random RPFs (HKCC and SEOCH CCs, HKD and USD, tiers, spreads)
// and portfolios over them; and a sheet copied into plain objects (no units: the decimal path).
import { plainAccount } from '../../risk-engine/test/support/plain-sheet';
import { randomCase } from '../../risk-engine/test/support/random-market';

/**
 * A book's totals are summed from the engine's and the client rules' integer units where they
 * have them, and through decimals otherwise: both must give the same text, alone or mixed.
 */

const BASES: readonly Basis[] = ['net', 'gross'];

describe('BookTotals', () => {
  it('sums the same from units as through decimals, and from a mix of both, over random books', () => {
    let clientUnits = 0;
    fc.assert(
      fc.property(fc.gen(), fc.integer({ min: 1, max: 5 }), fc.constantFrom(undefined, '1.33', '2.5'), (g, n, multiplier) => {
        const units: AccountReport[] = [];
        const decimals: AccountReport[] = [];
        for (let i = 0; i < n; i++) {
          // Each account on a market of its own: currencies, rates and scales differ between them.
          const { ctx, positions } = randomCase(g);
          for (const basis of BASES) {
            const sheet = marginPortfolio(ctx, positions, basis, { account: `A${i}${basis}` });
            const plain = plainAccount(sheet);
            const client = clientMarginForAccount(sheet, multiplier === undefined ? {} : { multiplier });
            const plainClient = clientMarginForAccount(plain, multiplier === undefined ? {} : { multiplier });
            if (!client.ok || !plainClient.ok) continue;
            expect(sheetTotalUnits(sheet)).toBeDefined();
            expect(sheetTotalUnits(plain)).toBeUndefined();
            if (clientTotalUnits(client.value) !== undefined) clientUnits++;
            units.push({ sheet, client: client.value });
            decimals.push({ sheet: plain, client: plainClient.value });
          }
        }
        const sum = (reports: readonly AccountReport[]) => {
          const t = new BookTotals();
          for (const r of reports) t.addAccount(r);
          return t.toJson();
        };
        const expected = sum(decimals);
        expect(sum(units)).toEqual(expected);
        expect(sum(units.map((r, i) => (i % 2 === 0 ? r : (decimals[i] as AccountReport))))).toEqual(expected);
      }),
      { numRuns: 60, endOnFailure: true },
    );
    // The units path of the client rules was taken, not only the decimal one.
    expect(clientUnits).toBeGreaterThan(0);
  });
});

describe('ScaledSum', () => {
  it('adds scaled integers of different scales exactly, at the largest scale', () => {
    // By hand: 1,234.5 + 0.0625 + 10 + 77,812 − 0.5 = 79,056.0625.
    const s = new ScaledSum();
    s.add({ units: 12345n, scale: 1 });
    expect([s.units, s.scale]).toEqual([12345n, 1]);
    s.add({ units: 625n, scale: 4 });
    expect([s.units, s.scale]).toEqual([12345625n, 4]);
    s.add({ units: 10n, scale: 0 });
    s.add({ units: 77812n, scale: 0 });
    s.add({ units: -5n, scale: 1 });
    expect([s.units, s.scale]).toEqual([790560625n, 4]);
  });
});
