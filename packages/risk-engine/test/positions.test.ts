import { describe, expect, it } from 'vitest';
import { marginAccounts, preparePrime, resolvePositions, sheetToJson } from '../src/index';
import type { PositionRow } from '../src/index';
import { buildRpf, catalogueOf } from './support/build-rpf';

/** Position rows → accounts: HKEX codes and series keys, per-account options, every bad row reported. */

const XXX_M8 = [0, 0, -1900, -1900, 1900, 1900, -3800, -3800, 3800, 3800, -5700, -5700, 5700, 5700, -5130, 5130];
const rpf = buildRpf({
  businessDate: '2016-09-30',
  fileName: 'rpf______-_____-__-_____-160930.lis',
  ccs: [
    { code: 'FEXXX', products: [{ commodity: 'XXX', productType: 'FUT' }] },
    { code: 'FEUSD', currency: 'USD', products: [{ commodity: 'USD', productType: 'FUT' }] },
    { code: 'FEZZZ', products: [{ commodity: 'ZZZ', productType: 'FUT' }] },
  ],
  series: [
    { commodity: 'XXX', productType: 'FUT', futuresMonth: 201806, riskArray: XXX_M8, compositeDelta: 10000 },
    { commodity: 'XXX', productType: 'FUT', futuresMonth: 201807, riskArray: XXX_M8, compositeDelta: 10000 },
    { commodity: 'USD', productType: 'FUT', futuresMonth: 201806, riskArray: XXX_M8, compositeDelta: 10000 },
    { commodity: 'ZZZ', productType: 'FUT', futuresMonth: 201806, riskArray: XXX_M8, compositeDelta: 10000 },
  ],
  // No T rate for USD.
});
// ZZZ is not in the catalogue.
const catalogue = catalogueOf([
  { clearingHouse: 'HKCC', cc: 'FEXXX', commodity: 'XXX', multiplier: 50 },
  { clearingHouse: 'HKCC', cc: 'FEUSD', commodity: 'USD', currency: 'USD', multiplier: 50 },
]);
const ctx = preparePrime(rpf, catalogue);
const row = (line: number, account: string, series: string, quantity: number | string, more: Partial<PositionRow> = {}): PositionRow => ({
  account,
  series,
  quantity,
  file: 'positions.csv',
  line,
  ...more,
});

describe('marginAccounts', () => {
  it('resolves HKEX codes, keeps accounts in order of first row and applies a row basis', () => {
    const r = marginAccounts(
      ctx,
      [row(2, 'B2', 'XXXM8', '-6', { basis: 'gross' }), row(3, 'A1', 'XXXM8', -6), row(4, 'B2', 'XXXM8', 6), row(5, 'A1', ' xxxn8 ', '+6', { cc: 'FEXXX' })],
      { basis: 'net' },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const json = sheetToJson(r.value);
    expect(json.schemaVersion).toBe(1);
    expect(json.rpf).toEqual({ kind: 'final', businessDate: '2016-09-30', businessTime: '18:30', fileName: 'rpf______-_____-__-_____-160930.lis' });
    expect(json.accounts.map((a) => [a.account, a.basis, a.clearingHouseTotalHkd])).toEqual([
      // B2 gross: short 6 (34200) and long 6 (6 × 5700 = 34200, s13) margined apart: 68400.
      ['B2', 'gross', '68400'],
      // A1 net: −6 June + 6 July with identical arrays: every L[s] = 0.
      ['A1', 'net', '0'],
    ]);
    expect(json.skippedPositions).toEqual([]);
  });

  it('accepts an RPF series key as the series', () => {
    const key = rpf.series[0]?.key as string;
    const r = resolvePositions(ctx, [row(2, 'A1', key, 1)], { basis: 'net' });
    expect(r.ok && r.value.accounts[0]?.positions[0]?.series).toBe(rpf.series[0]);
  });

  it('fails the run with every unresolvable row, naming file, line, field, value and the closest series', () => {
    const r = marginAccounts(
      ctx,
      [row(2, 'A1', 'XXXM8', 1), row(3, 'A1', 'XXXU8', 1), row(4, 'A2', 'QQQM8', 1), row(5, 'A2', rpf.series[3]?.key as string, 1), row(6, 'A3', 'USDM8', 1)],
      { basis: 'net' },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e._tag, e.file, e.line, e.account, e.field])).toEqual([
      ['UnknownSeries', 'positions.csv', 3, 'A1', 'series'],
      ['UnknownSeries', 'positions.csv', 4, 'A2', 'series'],
      ['NotInCatalogue', 'positions.csv', 5, 'A2', 'series'],
      ['NoCurrencyRate', 'positions.csv', 6, 'A3', 'series'],
    ]);
    expect(r.errors[0]?.value).toBe('XXXU8');
    expect(r.errors[0]?.message).toMatch(/^positions\.csv:3: account "A1" series "XXXU8": .*closest: XXX[MN]8/);
    expect(r.errors[3]?.message).toContain('no T rate from USD');
  });

  it('skips unresolvable rows on request and lists them in the output', () => {
    const r = marginAccounts(ctx, [row(2, 'A1', 'XXXM8', -6), row(3, 'A1', 'XXXU8', 100)], { basis: 'net', skipUnknown: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const json = sheetToJson(r.value);
    expect(json.accounts[0]?.clearingHouseTotalHkd).toBe('34200');
    expect(json.skippedPositions.map((e) => [e.reason, e.line, e.value])).toEqual([['UnknownSeries', 3, 'XXXU8']]);
  });

  it('rejects malformed rows even when skipping unknown series', () => {
    const r = marginAccounts(
      ctx,
      [
        row(2, 'A1', 'XXXM8', '1.5'),
        row(3, 'A1', 'XXXM8', 'ten'),
        row(4, 'A1', 'XXXM8', 2 ** 53),
        row(5, 'A2', 'XXXM8', 1, { basis: 'NETT' }),
        row(6, 'A3', 'XXXM8', 1, { basis: 'net' }),
        row(7, 'A3', 'XXXM8', 1, { basis: 'gross' }),
        row(8, 'A4', 'XXXM8', 1, { multiplier: '1.33' }),
        row(9, 'A4', 'XXXM8', 1, { multiplier: '1.330' }),
        row(10, 'A4', 'XXXM8', 1, { multiplier: '1.5' }),
        row(11, ' ', 'XXXM8', 1),
        row(12, 'A5', 'XXXM8', 1, { cc: 'FEUSD' }),
      ],
      { basis: 'net', skipUnknown: true },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e._tag, e.line, e.field, e.value])).toEqual([
      ['BadQuantity', 2, 'quantity', '1.5'],
      ['BadQuantity', 3, 'quantity', 'ten'],
      ['BadQuantity', 4, 'quantity', '9007199254740992'],
      ['BadBasis', 5, 'basis', 'NETT'],
      ['ConflictingAccountOptions', 7, 'basis', 'gross'],
      // 1.330 = 1.33 agrees; 1.5 does not.
      ['ConflictingAccountOptions', 10, 'multiplier', '1.5'],
      ['MissingAccount', 11, 'account', ' '],
    ]);
    // The CC mismatch of line 12 is skippable, so it went to the skipped list, not the errors.
  });

  it('passes the account multiplier through to the sheet', () => {
    const r = marginAccounts(ctx, [row(2, 'A1', 'XXXM8', 1, { multiplier: '1.4' })], { basis: 'net' });
    expect(r.ok && r.value.accounts[0]?.multiplier).toBe('1.4');
  });
});
