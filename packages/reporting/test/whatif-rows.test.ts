import { describe, expect, it } from 'vitest';
import { preparePrime } from '@marginkit/risk-engine';
import type { PrimeContext } from '@marginkit/risk-engine';
import { readCatalogue, readRpfFile } from '@marginkit/rpf';
import { whatIfRows } from '../src/index';
import { FIXTURE_DIR, RPF_FILE } from './hkex-report';

/**
 * whatIfRows on HKEX's sample: HKCC case 1 (short 6 XXXM8) becomes HKCC case 2 by two trades.
 * Expected figures are HKEX's published totals (fixtures/hkex-2016-sample/expected.json):
 * clearing house 342,300 (case 1) → 389,918 (case 2); client 455,259 → 510,259. The middle step
 * (case 1 + 10 YYY6800R7) adds HKEX's case 3 gross FEYYY figures (the same holding alone in its
 * CC; case 2 shows FEXXX and FEYYY get no intercommodity credit): RM 32,990, so
 * 342,300 + 32,990 = 375,290; client 455,259 + 38,000 (FEYYY capped at its long option value).
 */
async function context(): Promise<PrimeContext> {
  const rpf = await readRpfFile(`${FIXTURE_DIR}${RPF_FILE}`);
  const catalogue = await readCatalogue(`${FIXTURE_DIR}catalogue.csv`);
  if (!rpf.ok || !catalogue.ok) throw new Error('fixture does not load');
  return preparePrime(rpf.value, catalogue.value);
}

const base = [
  { account: 'A1', cc: 'FEXXX', series: 'XXXM8', quantity: -6, file: 'book.csv', line: 2 },
  // Another account's row: not part of A1's what-if.
  { account: 'B2', cc: 'FEXXX', series: 'XXXM8', quantity: 100, file: 'book.csv', line: 3 },
];

describe('whatIfRows', () => {
  it("margins the account's rows, then each trade in turn, with client totals (HKEX HKCC case 1 → case 2)", async () => {
    const r = whatIfRows(
      await context(),
      base,
      [
        { cc: 'FEYYY', series: 'YYY6800R7', quantity: 10 },
        { cc: '', series: 'YYY6900R7', quantity: 4 },
      ],
      { account: 'A1', basis: 'net' },
    );
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    expect(r.value.steps.map((s) => s.clearingHouseTotalHkd.toString())).toEqual(['342300', '375290', '389918']);
    expect(r.value.steps.map((s) => s.clientTotal?.toString())).toEqual(['455259', '493259', '510259']);
    expect(r.value.steps[2]?.trade).toEqual({ cc: 'FEYYY', series: 'YYY6900R7', quantity: 4 });
  });

  it('names a bad position as a position and a bad trade as a trade, with where it was written', async () => {
    const ctx = await context();
    const badRow = whatIfRows(ctx, [{ account: 'A1', cc: 'FEXXX', series: 'XXXM9', quantity: 1, file: 'book.csv', line: 7 }], [], {
      account: 'A1',
      basis: 'net',
    });
    expect(badRow.ok).toBe(false);
    if (badRow.ok) return;
    expect(badRow.errors.map((e) => [e.input, e._tag, e.field, e.value])).toEqual([['positions', 'UnknownSeries', 'series', 'XXXM9']]);
    expect(badRow.errors[0]?.message).toMatch(/^book\.csv:7: /);

    const badTrade = whatIfRows(ctx, base, [{ cc: 'FEXXX', series: 'XXXM9', quantity: 1, file: '--trade FEXXX:XXXM9:1' }], { account: 'A1', basis: 'net' });
    expect(badTrade.ok).toBe(false);
    if (badTrade.ok) return;
    expect(badTrade.errors.map((e) => [e.input, e.field, e.value])).toEqual([['trades', 'series', 'XXXM9']]);
    expect(badTrade.errors[0]?.message).toMatch(/^--trade FEXXX:XXXM9:1: /);
  });
});
