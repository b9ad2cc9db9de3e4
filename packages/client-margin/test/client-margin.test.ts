import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClientCcInput, ClientMarginOptions } from '../src/index';
import { clientMargin, clientMarginJson, resolveMultiplier } from '../src/index';

const D = (x: string | number) => new Decimal(x);

function hkcc(cc: string, rm: number | string, over: Partial<ClientCcInput> = {}): ClientCcInput {
  return {
    cc,
    clearingHouse: 'HKCC',
    currency: 'HKD',
    riskMargin: D(rm),
    longOptionValue: D(0),
    mtm: D(0),
    solelyLongOptions: false,
    marginable: true,
    ...over,
  };
}
function seoch(cc: string, rm: number, over: Partial<ClientCcInput> = {}): ClientCcInput {
  return { ...hkcc(cc, rm), clearingHouse: 'SEOCH', ...over };
}

function margin(ccs: readonly ClientCcInput[], options: ClientMarginOptions = {}) {
  const result = clientMargin(ccs, options);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.value;
}

describe('long-option cap', () => {
  it('does not apply when A equals the LOV (the cap must lower A)', () => {
    // 100 × 1.33 = 133 = LOV
    const [c] = margin([hkcc('FEYYY', 100, { longOptionValue: D(133), solelyLongOptions: true })]).combinedCommodities;
    expect(c?.capped).toBe(false);
    expect(c?.requirement.toFixed()).toBe('133');
  });

  it('compares A with the LOV unrounded', () => {
    // 100 × 1.33 = 133 > LOV 132.9 by 0.1: capped; a rounded comparison (133 vs 133) would not cap.
    const [c] = margin([hkcc('FEYYY', 100, { longOptionValue: D('132.9'), solelyLongOptions: true })]).combinedCommodities;
    expect(c?.capped).toBe(true);
    expect(c?.requirement.toFixed()).toBe('132.9');
  });

  it('never applies to a CC that also holds futures or short options', () => {
    const [c] = margin([hkcc('FEXXX', 1000, { longOptionValue: D(10), solelyLongOptions: false })]).combinedCommodities;
    expect(c?.capped).toBe(false);
    expect(c?.requirement.toFixed()).toBe('1330');
  });
});

describe('totals and rounding', () => {
  it('rounds a total of exactly .5 up', () => {
    // 50 × 1.33 = 66.5 → 67 (banker's rounding would give 66); 250 × 1.33 = 332.5 → 333
    expect(margin([hkcc('FEXXX', 50)]).total.toFixed()).toBe('67');
    expect(margin([hkcc('FEXXX', 250)]).total.toFixed()).toBe('333');
    // just below .5: 49 × 1.33 = 65.17 → 65
    expect(margin([hkcc('FEXXX', 49)]).total.toFixed()).toBe('65');
  });

  it('rounds in two steps, 10 decimal places first (prime.md)', () => {
    // RM 1 × 0.49999999999 (11 dp) → 0.5000000000 → 1; × 0.4999999999 (10 dp) stays → 0
    expect(margin([hkcc('FEXXX', 1)], { multiplier: '0.49999999999' }).total.toFixed()).toBe('1');
    expect(margin([hkcc('FEXXX', 1)], { multiplier: '0.4999999999' }).total.toFixed()).toBe('0');
  });

  it('keeps A and B unrounded until the sum', () => {
    // 3 CCs of RM 1 at 1.5: each A = 1.5 (would round to 2 each, Σ 6); Σ 4.5 → 5
    const m = margin([hkcc('A', 1), hkcc('B', 1), hkcc('C', 1)], { multiplier: '1.5' });
    expect(m.total.toFixed()).toBe('5');
  });

  it('a SEOCH credit never reduces HKCC margin', () => {
    // SEOCH long-only CC, cap not binding: 10 × 1.33 = 13.3 ≤ LOV 100; B = 13.3 − 100 = −86.7
    const m = margin([
      hkcc('FEXXX', 342_300),
      seoch('SEHEX', 10, { longOptionValue: D(100), mtm: D(-100), solelyLongOptions: true }),
    ]);
    expect(m.totals.map((t) => [t.clearingHouse, t.requirementSum.toFixed(), t.total.toFixed()])).toEqual([
      ['HKCC', '455259', '455259'],
      ['SEOCH', '-86.7', '0'],
    ]);
    expect(m.total.toFixed()).toBe('455259');
  });

  it('adds MTM for SEOCH only, after the cap', () => {
    // SEOCH short: 4,795 × 1.33 = 6,377.35 + 3,690 = 10,067.35
    const [c] = margin([seoch('SEHEX', 4795, { mtm: D(3690) })]).combinedCommodities;
    expect(c?.requirement.toFixed()).toBe('10067.35');
  });

  it('sums several SEOCH CCs before flooring at zero', () => {
    // SEHEX short: 10,067.35; SEAIA long-only net, uncapped: 10 × 1.33 = 13.3 − LOV 1,000 = −986.7
    // Σ 9,080.65 → 9,081 (a credit inside one clearing house does offset)
    const m = margin([
      seoch('SEHEX', 4795, { mtm: D(3690) }),
      seoch('SEAIA', 10, { longOptionValue: D(1000), mtm: D(-1000), solelyLongOptions: true }),
    ]);
    expect(m.total.toFixed()).toBe('9081');
  });
});

describe('maintenance margin', () => {
  it('is 0.8 × the rounded total, rounded half-up', () => {
    // HKCC-3 net: 53,188.6 → 53,189; 0.8 × 53,189 = 42,551.2 → 42,551
    const m = margin([
      hkcc('FEYYY', 32_435, { longOptionValue: D(38_000), solelyLongOptions: true }),
      hkcc('FEXXX', 11_420),
    ]);
    expect(m.totals[0]?.maintenance.toFixed()).toBe('42551');
    expect(m.maintenance.toFixed()).toBe('42551');
    expect(m.maintenanceRatio.toFixed()).toBe('0.8');
  });

  it('uses the rounded total, not the unrounded sum', () => {
    // total 66.5 → 67; 0.8 × 67 = 53.6 → 54 (0.8 × 66.5 = 53.2 would give 53)
    expect(margin([hkcc('FEXXX', 50)]).maintenance.toFixed()).toBe('54');
  });

  it('takes a configured ratio and rounds .5 up', () => {
    // 0.9 × 455,259 = 409,733.1 → 409,733;  0.5 × 67 = 33.5 → 34
    expect(margin([hkcc('FEXXX', 342_300)], { maintenanceRatio: '0.9' }).maintenance.toFixed()).toBe('409733');
    expect(margin([hkcc('FEXXX', 50)], { maintenanceRatio: '0.5' }).maintenance.toFixed()).toBe('34');
  });
});

describe('multiplier', () => {
  it('defaults to 1.33', () => {
    expect(margin([hkcc('FEXXX', 342_300)]).total.toFixed()).toBe('455259');
  });

  it('an account multiplier overrides the run flag, which overrides 1.33', () => {
    expect(resolveMultiplier('1.5', '1.4')).toBe('1.5');
    expect(resolveMultiplier(undefined, '1.4')).toBe('1.4');
    expect(resolveMultiplier(undefined, undefined)).toBe('1.33');
  });

  it('gives each account its own multiplier in one run', () => {
    const run = '1.4';
    // account A1 has no column: 342,300 × 1.4 = 479,220; A2 has 1.5: 342,300 × 1.5 = 513,450
    const a1 = margin([hkcc('FEXXX', 342_300)], { multiplier: resolveMultiplier(undefined, run) });
    const a2 = margin([hkcc('FEXXX', 342_300)], { multiplier: resolveMultiplier('1.5', run) });
    expect([a1.total.toFixed(), a2.total.toFixed()]).toEqual(['479220', '513450']);
    expect(a2.multiplier.toFixed()).toBe('1.5');
    expect(a2.combinedCommodities[0]?.multiplier.toFixed()).toBe('1.5');
  });

  it('moves the cap: a multiplier of 1 leaves HKCC-2 FEYYY uncapped', () => {
    // 47,618 × 1 = 47,618 < LOV 55,000
    const [c] = margin([hkcc('FEYYY', 47_618, { longOptionValue: D(55_000), solelyLongOptions: true })], {
      multiplier: '1',
    }).combinedCommodities;
    expect(c?.capped).toBe(false);
    expect(c?.requirement.toFixed()).toBe('47618');
  });
});

describe('currencies', () => {
  // RPF T record USD→HKD 0007756200 (9(4)V9(6)): 7.7562 HKD per USD
  const toHkd = (currency: string) => (currency === 'USD' ? D('7.7562') : undefined);

  it('converts a USD total with the T rate and sums in HKD', () => {
    // USD CC: 1,000 × 1.33 = 1,330 USD; × 7.7562 = 10,315.746 HKD
    // HKD CC: 455,259; grand 465,574.746 → 465,575; maintenance 0.8 × 465,575 = 372,460
    const m = margin([hkcc('FEXXX', 342_300), hkcc('FEUSD', 1000, { currency: 'USD' })], {
      toHkd,
    });
    expect(m.totals.map((t) => [t.currency, t.total.toFixed(), t.hkdRate.toFixed(), t.maintenance.toFixed()])).toEqual([
      ['HKD', '455259', '1', '364207'],
      ['USD', '1330', '7.7562', '1064'],
    ]);
    expect(m.total.toFixed()).toBe('465575');
    expect(m.maintenance.toFixed()).toBe('372460');
  });

  it('rounds each currency total before converting', () => {
    // 0.5 USD total: RM 1 at multiplier 0.5 → 0.5 → 1 USD; × 7.7562 → 7.7562 → 8 HKD
    // (converting the unrounded 0.5 would give 3.8781 → 4)
    const m = margin([hkcc('FEUSD', 1, { currency: 'USD' })], { multiplier: '0.5', toHkd });
    expect(m.total.toFixed()).toBe('8');
  });

  it('fails, naming the currency, when a rate is missing', () => {
    const result = clientMargin([hkcc('FEUSD', 1000, { currency: 'USD' })], { toHkd: () => undefined });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]?._tag).toBe('MissingHkdRate');
    expect(result.errors[0]?.value).toBe('USD');
    expect(result.errors[0]?.message).toContain('USD');
  });
});

describe('bad input', () => {
  const cases: [string, readonly ClientCcInput[], ClientMarginOptions, string, string][] = [
    ['text multiplier', [hkcc('FEXXX', 1)], { multiplier: 'abc' }, 'InvalidMultiplier', 'multiplier'],
    ['negative multiplier', [hkcc('FEXXX', 1)], { multiplier: '-1.33' }, 'InvalidMultiplier', 'multiplier'],
    ['exponent multiplier', [hkcc('FEXXX', 1)], { multiplier: '1e2' }, 'InvalidMultiplier', 'multiplier'],
    ['zero multiplier', [hkcc('FEXXX', 1)], { multiplier: '0' }, 'InvalidMultiplier', 'multiplier'],
    ['ratio above 1', [hkcc('FEXXX', 1)], { maintenanceRatio: '1.5' }, 'InvalidMaintenanceRatio', 'maintenanceRatio'],
    ['unrounded RM', [hkcc('FEXXX', '11420.4')], {}, 'InvalidCcFigure', 'riskMargin'],
    ['negative RM', [hkcc('FEXXX', -5)], {}, 'InvalidCcFigure', 'riskMargin'],
    ['negative LOV', [hkcc('FEXXX', 5, { longOptionValue: D(-1) })], {}, 'InvalidCcFigure', 'longOptionValue'],
    ['HKCC MTM', [hkcc('FEXXX', 5, { mtm: D(3) })], {}, 'InvalidCcFigure', 'mtm'],
    ['non-marginable HKCC', [hkcc('FEXXX', 5, { marginable: false })], {}, 'InvalidCcFigure', 'marginable'],
    ['gross sides not summed', [hkcc('FEXXX', 5), hkcc('FEXXX', 6)], {}, 'DuplicateCombinedCommodity', 'cc'],
  ];
  for (const [name, ccs, options, tag, field] of cases) {
    it(`rejects ${name} with a typed error`, () => {
      const result = clientMargin(ccs, options);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors[0]?._tag).toBe(tag);
      expect(result.errors[0]?.field).toBe(field);
      expect(result.errors[0]?.message).toContain(field);
    });
  }

  it('names the account when the caller gives it', () => {
    const result = clientMargin([hkcc('FEXXX', 1)], { multiplier: 'x1.4', account: 'A7' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ account: 'A7', value: 'x1.4' });
    expect(result.errors[0]?.message).toBe('account A7: multiplier "x1.4": must be a positive decimal');
  });

  it('reports every bad CC, not only the first', () => {
    const result = clientMargin([hkcc('FEXXX', '0.5'), hkcc('FEYYY', 1, { mtm: D(1) })]);
    expect(result.ok ? [] : result.errors.map((e) => `${e.cc}.${e.field}`)).toEqual(['FEXXX.riskMargin', 'FEYYY.mtm']);
  });

  it('accepts the same CC code under two clearing houses', () => {
    expect(clientMargin([hkcc('X', 1), seoch('X', 1)]).ok).toBe(true);
  });
});

describe('JSON block (cli-contract.md)', () => {
  it('matches the contract example for HKCC-3 net', () => {
    const m = margin([
      hkcc('FEYYY', 32_435, { longOptionValue: D(38_000), solelyLongOptions: true }),
      hkcc('FEXXX', 11_420),
    ]);
    const json = clientMarginJson(m);
    expect(json).toMatchObject({
      multiplier: '1.33',
      totals: [{ clearingHouse: 'HKCC', currency: 'HKD', total: '53189', maintenance: '42551' }],
      total: '53189',
      maintenance: '42551',
    });
    expect(json.combinedCommodities[1]).toMatchObject({
      cc: 'FEXXX',
      clearingHouse: 'HKCC',
      riskMargin: '15188.6',
      longOptionValue: '0',
      capped: false,
      mtm: '0',
      requirement: '15188.6',
    });
    expect(json.combinedCommodities[0]).toMatchObject({
      cc: 'FEYYY',
      riskMargin: '43138.55',
      longOptionValue: '38000',
      capped: true,
      requirement: '38000',
      clearingHouseRiskMargin: '32435',
      cappedRiskMargin: '38000',
    });
    // Round-trips through JSON text unchanged: strings, not floats.
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('writes large and tiny values in plain notation, zero unsigned', () => {
    const m = margin([seoch('SEBIG', 0, { mtm: D('123456789012345678901234.5') }), seoch('SEZ', 0, { mtm: D('-0') })]);
    const json = clientMarginJson(m);
    expect(json.combinedCommodities[0]?.requirement).toBe('123456789012345678901234.5');
    expect(json.combinedCommodities[1]?.mtm).toBe('0');
    expect(json.total).toBe('123456789012345678901235');
  });
});

describe('invariants', () => {
  const ccArb = fc.record({
    clearingHouse: fc.constantFrom('HKCC' as const, 'SEOCH' as const),
    rm: fc.integer({ min: 0, max: 10_000_000 }),
    lovCents: fc.integer({ min: 0, max: 1_000_000_000 }),
    mtmCents: fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
    solelyLongOptions: fc.boolean(),
    marginable: fc.boolean(),
  });
  const portfolioArb = fc.array(ccArb, { maxLength: 8 }).map((rows) =>
    rows.map(
      (r, i): ClientCcInput => ({
        cc: `CC${i}`,
        clearingHouse: r.clearingHouse,
        currency: 'HKD',
        riskMargin: D(r.rm),
        longOptionValue: D(r.lovCents).div(100),
        mtm: r.clearingHouse === 'HKCC' ? D(0) : D(r.mtmCents).div(100),
        solelyLongOptions: r.solelyLongOptions,
        marginable: r.clearingHouse === 'HKCC' ? true : r.marginable,
      }),
    ),
  );
  const multiplierArb = fc.integer({ min: 1, max: 300 }).map((n) => D(n).div(100).toFixed());

  it('total and maintenance are whole, non-negative, and maintenance ≤ total', () => {
    fc.assert(
      fc.property(portfolioArb, multiplierArb, (ccs, multiplier) => {
        const m = margin(ccs, { multiplier });
        for (const x of [m.total, m.maintenance, ...m.totals.flatMap((t) => [t.total, t.maintenance])]) {
          expect(x.isInteger() && !x.isNegative()).toBe(true);
        }
        expect(m.maintenance.lte(m.total)).toBe(true);
        // the grand total is within half a dollar of the floored per-house sums
        for (const t of m.totals) expect(t.total.minus(Decimal.max(0, t.requirementSum)).abs().lte('0.5')).toBe(true);
      }),
    );
  });

  it('capped exactly when solely long options and A > LOV; the cap only lowers A', () => {
    fc.assert(
      fc.property(portfolioArb, multiplierArb, (ccs, multiplier) => {
        const m = margin(ccs, { multiplier });
        m.combinedCommodities.forEach((c, i) => {
          const input = ccs[i];
          if (input === undefined) throw new Error('missing input');
          const a = input.riskMargin.times(multiplier);
          if (!input.marginable) {
            expect([c.capped, c.requirement.isZero(), c.riskMargin.isZero()]).toEqual([false, true, true]);
            return;
          }
          expect(c.riskMargin.eq(a)).toBe(true);
          expect(c.capped).toBe(input.solelyLongOptions && a.gt(input.longOptionValue));
          expect(c.cappedRiskMargin.lte(c.riskMargin)).toBe(true);
          expect(c.requirement.minus(c.cappedRiskMargin).eq(c.mtm)).toBe(true);
        });
      }),
    );
  });

  it('a larger multiplier never lowers the total', () => {
    fc.assert(
      fc.property(portfolioArb, multiplierArb, multiplierArb, (ccs, m1, m2) => {
        const [lo, hi] = D(m1).lte(m2) ? [m1, m2] : [m2, m1];
        expect(margin(ccs, { multiplier: lo }).total.lte(margin(ccs, { multiplier: hi }).total)).toBe(true);
      }),
    );
  });
});
