import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccountSheet, Basis } from '@marginkit/risk-engine';
import { decimalText, marginPortfolio, preparePrime, roundWhole } from '@marginkit/risk-engine';
import type { Result } from '@marginkit/rpf';
import type { AccountClientOptions } from '../src/account';
import { decimalClientMarginForAccount } from '../src/account';
import { UnitsMargin } from '../src/engine-sheet';
import type { ClientMargin, ClientMarginError } from '../src/index';
import { clientMarginForAccount, clientMarginJson, clientMarginJsonText, clientTotalHook, clientTotalUnits } from '../src/index';
// The engine's own generators of random markets and portfolios (net and gross, SEOCH, a USD CC
// with its T rate, decimal contract multipliers): the sheets here are sheets the engine made.
import type { Draw, Holding, Market } from '../../risk-engine/test/support/random-market';
import { drawFrom, randomMarket, randomPortfolio } from '../../risk-engine/test/support/random-market';

/**
 * The integer-unit path of `clientMarginForAccount` (engine sheets) against the decimal path it
 * replaces (`clientMargin` over `clientInputsOf`), which stays the reference: every figure, the
 * errors, and the JSON text, on random engine sheets and settings.
 */

const BASES: readonly Basis[] = ['net', 'gross'];

/**
 * fast-check settings for properties over `fc.gen()` markets: no shrinking, since shrinking a
 * market's few hundred draws exhausts the heap before a failure is reported. The report still
 * gives the seed and path that replay the failing case.
 */
const runs = (numRuns: number) => ({ numRuns, endOnFailure: true });

/** Every field of a client margin as text: Decimals as the contract prints them. */
function figures(m: ClientMargin) {
  const d = (x: Decimal) => decimalText(x);
  return {
    multiplier: d(m.multiplier),
    maintenanceRatio: d(m.maintenanceRatio),
    total: d(m.total),
    maintenance: d(m.maintenance),
    combinedCommodities: m.combinedCommodities.map((c) => ({
      cc: c.cc,
      clearingHouse: c.clearingHouse,
      currency: c.currency,
      marginable: c.marginable,
      solelyLongOptions: c.solelyLongOptions,
      clearingHouseRiskMargin: d(c.clearingHouseRiskMargin),
      multiplier: d(c.multiplier),
      riskMargin: d(c.riskMargin),
      longOptionValue: d(c.longOptionValue),
      capped: c.capped,
      cappedRiskMargin: d(c.cappedRiskMargin),
      mtm: d(c.mtm),
      requirement: d(c.requirement),
    })),
    totals: m.totals.map((t) => ({
      clearingHouse: t.clearingHouse,
      currency: t.currency,
      requirementSum: d(t.requirementSum),
      total: d(t.total),
      maintenance: d(t.maintenance),
      hkdRate: d(t.hkdRate),
    })),
  };
}

function outcome(r: Result<ClientMargin, ClientMarginError>) {
  return r.ok ? { ok: true, figures: figures(r.value) } : { ok: false, errors: r.errors };
}

/** Client margin settings a participant might run: HKEX's, round ones, and random decimals. */
const multiplierText = fc.oneof(
  fc.constantFrom('1', '1.33', '2.5', '0.75', '1.5', '3'),
  fc.tuple(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 0, max: 4 })).map(([u, s]) => new Decimal(u).div(10 ** s).toFixed(s)),
);
const ratioText = fc.oneof(
  fc.constantFrom('0.8', '0', '1', '0.5', '0.75'),
  fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.constant(3)).map(([u, s]) => new Decimal(u).div(10 ** s).toFixed(s)),
);

interface Case {
  readonly market: Market;
  readonly positions: readonly Holding[];
  readonly account: string | undefined;
  readonly options: AccountClientOptions;
}

function randomCase(draw: Draw, maxQuantity = 60): Case {
  const market = randomMarket(draw);
  let positions = randomPortfolio(draw, market.rpf, maxQuantity);
  // Portfolios of long options only, now and then, so that the long-option cap is tried often.
  if (draw(fc.integer({ min: 0, max: 3 })) === 0) positions = positions.map((p) => ({ ...p, quantity: Math.abs(p.quantity) }));
  const account = draw(fc.option(multiplierText, { nil: undefined }));
  const run = draw(fc.option(multiplierText, { nil: undefined }));
  const ratio = draw(fc.option(ratioText, { nil: undefined }));
  return {
    market,
    positions,
    account,
    options: { ...(run === undefined ? {} : { multiplier: run }), ...(ratio === undefined ? {} : { maintenanceRatio: ratio }) },
  };
}

function sheets(c: Case): AccountSheet[] {
  const ctx = preparePrime(c.market.rpf, c.market.catalogue);
  return BASES.map((basis) => marginPortfolio(ctx, c.positions, basis, { account: 'P1', multiplier: c.account }));
}

describe('clientMarginForAccount on engine sheets = the decimal path', () => {
  it('every figure agrees, net and gross, on random markets, portfolios and settings', () => {
    let units = 0;
    let capped = 0;
    let seoch = 0;
    let usd = 0;
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const c = randomCase(drawFrom(g));
        for (const sheet of sheets(c)) {
          const fast = clientMarginForAccount(sheet, c.options);
          expect(outcome(fast)).toEqual(outcome(decimalClientMarginForAccount(sheet, c.options)));
          // Random markets have money scales up to 10^-8, where large figures leave the safe
          // integers and go the decimal way (the next tests): count what this path margined.
          if (!fast.ok || !(fast.value instanceof UnitsMargin)) continue;
          units++;
          if (fast.value.combinedCommodities.some((cc) => cc.capped)) capped++;
          if (fast.value.combinedCommodities.some((cc) => cc.clearingHouse === 'SEOCH' && !cc.mtm.isZero())) seoch++;
          if (fast.value.totals.some((t) => t.currency === 'USD')) usd++;
        }
      }),
      runs(300),
    );
    // The path under test margined a good share of the 600 sheets (about two in five: the rest
    // hold a figure past 2^53 units), and the generators reach the cases that matter there: the
    // cap, SEOCH MTM, a converted USD total.
    expect(units).toBeGreaterThan(150);
    expect(capped).toBeGreaterThan(0);
    expect(seoch).toBeGreaterThan(0);
    expect(usd).toBeGreaterThan(0);
  });

  it("the JSON text is byte for byte JSON.stringify of the decimal path's block", () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const c = randomCase(drawFrom(g));
        for (const sheet of sheets(c)) {
          const fast = clientMarginForAccount(sheet, c.options);
          const reference = decimalClientMarginForAccount(sheet, c.options);
          if (!fast.ok || !reference.ok) throw new Error('valid settings were rejected');
          const text = clientMarginJsonText(fast.value);
          expect(text).toBe(JSON.stringify(clientMarginJson(fast.value)));
          expect(text).toBe(JSON.stringify(clientMarginJson(reference.value)));
        }
      }),
      runs(200),
    );
  });

  it('gives the totals as whole units equal to its Decimal totals, and nothing for the decimal path', () => {
    let given = 0;
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const c = randomCase(drawFrom(g));
        for (const sheet of sheets(c)) {
          const fast = clientMarginForAccount(sheet, c.options);
          const reference = decimalClientMarginForAccount(sheet, c.options);
          if (!fast.ok || !reference.ok) throw new Error('valid settings were rejected');
          expect(clientTotalUnits(reference.value)).toBeUndefined();
          const u = clientTotalUnits(fast.value);
          if (u === undefined) continue;
          given++;
          expect({
            total: String(u.totalUnits),
            maintenance: String(u.maintenanceUnits),
            totals: u.totals.map((t) => [t.clearingHouse, t.currency, String(t.totalUnits), String(t.maintenanceUnits)]),
          }).toEqual({
            total: decimalText(reference.value.total),
            maintenance: decimalText(reference.value.maintenance),
            totals: reference.value.totals.map((t) => [t.clearingHouse, t.currency, decimalText(t.total), decimalText(t.maintenance)]),
          });
        }
      }),
      runs(200),
    );
    expect(given).toBeGreaterThan(50);
  });

  it('agrees where figures leave the safe integers (huge quantities): the decimal path answers', () => {
    let decimal = 0;
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const c = randomCase(drawFrom(g), 10 ** 13);
        for (const sheet of sheets(c)) {
          const fast = clientMarginForAccount(sheet, c.options);
          if (fast.ok && !(fast.value instanceof UnitsMargin)) decimal++;
          expect(outcome(fast)).toEqual(outcome(decimalClientMarginForAccount(sheet, c.options)));
          if (fast.ok) expect(clientMarginJsonText(fast.value)).toBe(JSON.stringify(clientMarginJson(fast.value)));
        }
      }),
      runs(100),
    );
    expect(decimal).toBeGreaterThan(0);
  });

  it('agrees with a T rate of 40 significant digits (HKD→USD inverted): the decimal path answers', () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const draw = drawFrom(g);
        const c = randomCase(draw);
        const rpf = c.market.rpf;
        if (!rpf.currencyRates.some((r) => r.from === 'USD')) return;
        // 1 ÷ 0.128934 has no finite decimal: the engine keeps it to 40 digits, as PrimeDecimal.
        const inverted = { ...rpf, currencyRates: [{ from: 'HKD', fromCode: '', to: 'USD', toCode: '', multiplier: { units: 128_934, scale: 6 } }] };
        const ctx = preparePrime(inverted, c.market.catalogue);
        for (const basis of BASES) {
          const sheet = marginPortfolio(ctx, c.positions, basis, { account: 'P1', multiplier: c.account });
          expect(outcome(clientMarginForAccount(sheet, c.options))).toEqual(outcome(decimalClientMarginForAccount(sheet, c.options)));
        }
      }),
      runs(100),
    );
  });

  it('reports bad settings with the decimal path’s errors, naming the account', () => {
    fc.assert(
      fc.property(fc.gen(), fc.constantFrom('0', '-1', '1,5', '1e2', ' 1.33', 'abc', ''), fc.constantFrom('1.01', '-0.1', '0,8', '2'), (g, badM, badR) => {
        // No multiplier column: the run's (bad) multiplier is the one that applies.
        const c = { ...randomCase(drawFrom(g)), account: undefined };
        for (const sheet of sheets(c)) {
          for (const options of [{ multiplier: badM }, { maintenanceRatio: badR }, { multiplier: badM, maintenanceRatio: badR }]) {
            const fast = clientMarginForAccount(sheet, options);
            expect(fast.ok).toBe(false);
            expect(outcome(fast)).toEqual(outcome(decimalClientMarginForAccount(sheet, options)));
          }
        }
      }),
      runs(30),
    );
    // By hand: the account's own multiplier is checked too, and named.
    const market = randomMarket(drawFrom(fc.sample(fc.gen(), { numRuns: 1, seed: 7 })[0] as fc.GeneratorValue));
    const ctx = preparePrime(market.rpf, market.catalogue);
    const result = clientMarginForAccount(marginPortfolio(ctx, [], 'net', { account: 'Z9', multiplier: '0' }));
    expect(result.ok ? [] : result.errors.map((e) => [e._tag, e.account, e.value])).toEqual([['InvalidMultiplier', 'Z9', '0']]);
  });

  it('takes settings with more than 10 decimals, and Decimal settings, through the decimal rules', () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const c = randomCase(drawFrom(g));
        for (const sheet of sheets(c)) {
          for (const options of [
            { multiplier: '1.33000000001' },
            { multiplier: '0.49999999999', maintenanceRatio: '0.80000000001' },
            { multiplier: new Decimal('1.33'), maintenanceRatio: new Decimal('0.8') },
          ]) {
            expect(outcome(clientMarginForAccount(sheet, options))).toEqual(outcome(decimalClientMarginForAccount(sheet, options)));
          }
        }
      }),
      runs(50),
    );
  });

  it('the what-if hook gives the same HKD total', () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const c = randomCase(drawFrom(g));
        for (const sheet of sheets(c)) {
          const reference = decimalClientMarginForAccount(sheet, c.options);
          expect(reference.ok && decimalText(clientTotalHook(c.options)(sheet))).toBe(reference.ok && decimalText(reference.value.total));
        }
      }),
      runs(50),
    );
  });
});
