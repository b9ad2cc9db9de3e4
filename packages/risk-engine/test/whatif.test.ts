import { describe, expect, it } from 'vitest';
import { PrimeDecimal, marginBenefit, marginedPositions, preparePrime, whatIf, whatIfToJson } from '../src/index';
import type { AccountSheet } from '../src/index';
import { buildRpf, seriesOf } from './support/build-rpf';
import { CALENDAR, CALENDAR_CATALOGUE } from './support/plans';

/** cli-contract.md `whatif`: steps in order with increments, and the margin benefit. */

const rpf = buildRpf(CALENDAR);
const ctx = preparePrime(rpf, CALENDAR_CATALOGUE);
const oct = seriesOf(rpf, 'CAL', 201610);
const nov = seriesOf(rpf, 'CAL', 201611);
// A stand-in client hook: twice the clearing-house total (client-margin supplies the real one).
const client = (s: AccountSheet) => s.clearingHouseTotalHkd.times(2);

describe('whatIf', () => {
  it('margins the base, then each trade in order, with increments and the final margin benefit', () => {
    const w = whatIf(ctx, [{ series: oct, quantity: 2 }], [{ series: nov, quantity: -2, code: 'CALX6' }, { series: nov, quantity: 2, code: 'CALX6' }], 'net', {
      account: 'A1',
      client,
    });
    // Base: Oct +2 alone: L = 2 × RA(Oct), largest 2 × 3100 = 6200 (s16).
    // + Nov −2: the calendar spread of the hand-worked test: scan 300 + spread charge 1000 = 1300.
    // + Nov +2: back to Oct +2 alone: 6200.
    expect(w.steps.map((s) => [s.clearingHouseTotalHkd.toString(), s.incrementalClearingHouse?.toString()])).toEqual([
      ['6200', undefined],
      ['1300', '-4900'],
      ['6200', '4900'],
    ]);
    expect(w.steps.map((s) => s.incrementalClient?.toString())).toEqual([undefined, '-9800', '9800']);
    // Final portfolio (Oct +2, Nov 0) has one position: benefit 6200 − 6200 = 0.
    expect(w.marginBenefit.clearingHouse.toString()).toBe('0');
    const json = whatIfToJson(ctx.provenance, w);
    expect(json.steps[1]).toEqual({
      trade: { cc: 'FECAL', series: 'CALX6', quantity: -2 },
      clearingHouseTotalHkd: '1300',
      clientTotal: '2600',
      incrementalClearingHouse: '-4900',
      incrementalClient: '-9800',
    });
    expect(json.steps[0]?.trade).toBeNull();
    expect(json.marginBenefit).toEqual({ clearingHouse: '0', client: '0' });
  });

  it('margin benefit = Σ each position alone − the portfolio', () => {
    // Oct +2 alone: 6200. Nov −2 alone: L = −2 × RA(Nov), largest 2 × 2950 = 5900 (s15).
    // Together: 1300. Benefit = 6200 + 5900 − 1300 = 10800.
    const b = marginBenefit(ctx, [{ series: oct, quantity: 2 }, { series: nov, quantity: -2 }], 'net', { client });
    expect(b.standalone.map((s) => s.clearingHouseTotalHkd.toString())).toEqual(['6200', '5900']);
    expect(b.clearingHouse.eq(new PrimeDecimal(10800))).toBe(true);
    expect(b.client?.toString()).toBe('21600');
  });

  it('positions for the benefit: net sums a series, gross keeps its long and short totals apart', () => {
    const rows = [{ series: oct, quantity: 3 }, { series: nov, quantity: -1 }, { series: oct, quantity: -1 }, { series: nov, quantity: 1 }];
    expect(marginedPositions(rows, 'net').map((p) => [p.series.futuresMonth, p.quantity])).toEqual([[201610, 2]]);
    expect(marginedPositions(rows, 'gross').map((p) => [p.series.futuresMonth, p.quantity])).toEqual([
      [201610, 3],
      [201610, -1],
      [201611, 1],
      [201611, -1],
    ]);
  });
});
