import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { AccountSheet, CcSheet, ClearingHouseSheet } from '@marginkit/risk-engine';
import type { ClearingHouse } from '@marginkit/rpf';
import { clientInputsOf, clientMarginForAccount, clientTotalHook } from '../src/index';

/**
 * The adapter from the engine's calculation sheet, on hand-built sheets: only the CC-level
 * fields the client rules read are filled in (the PRiME detail is the engine's to test).
 */
const D = (x: string | number) => new Decimal(x);
const zero = D(0);

function ccSheet(
  cc: string,
  clearingHouse: ClearingHouse,
  figures: { rm: number; lov?: number; mtm?: number; solelyLongOptions?: boolean; marginable?: boolean; currency?: string },
): CcSheet {
  const rm = D(figures.rm);
  const mtm = D(figures.mtm ?? 0);
  return {
    cc,
    clearingHouse,
    currency: figures.currency ?? 'HKD',
    marginable: figures.marginable ?? true,
    solelyLongOptions: figures.solelyLongOptions ?? false,
    scanRisk: zero,
    intraSpreadCharge: zero,
    spotCharge: zero,
    commodityRisk: zero,
    interSpreadCredit: zero,
    shortOptionMinimum: zero,
    riskMargin: rm,
    longOptionValue: D(figures.lov ?? 0),
    shortOptionValue: zero,
    mtm,
    requirement: rm.plus(mtm),
    sides: [],
  };
}

function house(clearingHouse: ClearingHouse, currency: string, hkdRate: string, ccs: CcSheet[]): ClearingHouseSheet {
  return {
    clearingHouse,
    currency,
    requirementUnrounded: zero,
    requirement: zero,
    hkdRate: D(hkdRate),
    requirementHkd: zero,
    combinedCommodities: ccs,
  };
}

function account(multiplier: string | undefined, clearingHouses: ClearingHouseSheet[]): AccountSheet {
  return { account: 'A1', basis: 'net', multiplier, clearingHouses, clearingHouseTotalHkd: zero };
}

// HKEX HKCC-3 net: FEYYY 32,435 (long puts only, LOV 38,000), FEXXX 11,420.
const hkcc3Net = [
  house('HKCC', 'HKD', '1', [
    ccSheet('FEYYY', 'HKCC', { rm: 32_435, lov: 38_000, solelyLongOptions: true }),
    ccSheet('FEXXX', 'HKCC', { rm: 11_420 }),
  ]),
];

describe('clientMarginForAccount', () => {
  it('reproduces HKEX HKCC-3 net from a sheet', () => {
    // 38,000 (capped from 43,138.55) + 15,188.6 = 53,188.6 → 53,189; 0.8 × 53,189 = 42,551.2 → 42,551
    const result = clientMarginForAccount(account(undefined, hkcc3Net));
    expect(result.ok && [result.value.total.toFixed(), result.value.maintenance.toFixed()]).toEqual(['53189', '42551']);
  });

  it('maps every CC field the rules read', () => {
    const inputs = clientInputsOf(
      account(undefined, [
        house('SEOCH', 'HKD', '1', [ccSheet('SEAIA', 'SEOCH', { rm: 0, lov: 0, mtm: 0, marginable: false, solelyLongOptions: true })]),
      ]),
    );
    expect(inputs.map((c) => [c.cc, c.clearingHouse, c.currency, c.marginable, c.solelyLongOptions])).toEqual([
      ['SEAIA', 'SEOCH', 'HKD', false, true],
    ]);
  });

  it('account multiplier > run multiplier > 1.33', () => {
    // FEXXX 11,420: × 1.5 = 17,130; × 1.4 = 15,988; FEYYY capped at 38,000 either way
    const sheet = (m: string | undefined) => account(m, hkcc3Net);
    const total = (r: ReturnType<typeof clientMarginForAccount>) => (r.ok ? r.value.total.toFixed() : r.errors[0]?.message);
    expect(total(clientMarginForAccount(sheet('1.5'), { multiplier: '1.4' }))).toBe('55130');
    expect(total(clientMarginForAccount(sheet(undefined), { multiplier: '1.4' }))).toBe('53988');
    expect(total(clientMarginForAccount(sheet(undefined)))).toBe('53189');
  });

  it("converts with the sheet's HKD rate per currency", () => {
    // USD CC RM 1,000 × 1.33 = 1,330 USD × 7.7562 = 10,315.746; + HKD 53,189 = 63,504.746 → 63,505
    const result = clientMarginForAccount(
      account(undefined, [...hkcc3Net, house('HKCC', 'USD', '7.7562', [ccSheet('FEUSD', 'HKCC', { rm: 1000, currency: 'USD' })])]),
    );
    expect(result.ok && result.value.total.toFixed()).toBe('63505');
  });

  it("names the account when its multiplier is bad", () => {
    const result = clientMarginForAccount(account('1,5', hkcc3Net));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ _tag: 'InvalidMultiplier', account: 'A1', value: '1,5' });
  });

  it('serves as the engine hook for what-if (client total in HKD)', () => {
    expect(clientTotalHook({ multiplier: '1.33' })(account(undefined, hkcc3Net)).toFixed()).toBe('53189');
  });
});
