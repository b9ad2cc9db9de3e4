import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseCatalogue } from '../src/catalogue';
import { generateRpf } from '../src/generate/generate';
import { generatePreset, presetSpec } from '../src/generate/presets';
import type { ArrayParameters, RiskParameterFile, Series } from '../src/model';
import { parseRpf } from '../src/parse/parse';
import { writeRpf } from '../src/write';

const small = generatePreset('small', 1);
const smallText = writeRpf(small.rpf);

const fixed = (f: { units: number; scale: number }) => f.units / 10 ** f.scale;
const bOf = (rpf: RiskParameterFile, s: Series): ArrayParameters => {
  const b = rpf.arrayParameters.find(
    (b) => b.commodity === s.commodity && b.productType === s.productType && b.futuresMonth === s.futuresMonth && b.optionMonth === s.optionMonth,
  );
  if (b === undefined) throw new Error(`no B record for ${s.key}`);
  return b;
};
/** Half away from zero, the generator's rounding of raw values (no negative zero). */
const roundAway = (x: number) => (Math.sign(x) * Math.round(Math.abs(x))) || 0;

/** prime.md's scenario table: price move as a fraction of the scan range, scenarios 1-14. */
const MOVES = [0, 0, 1 / 3, 1 / 3, -1 / 3, -1 / 3, 2 / 3, 2 / 3, -2 / 3, -2 / 3, 1, 1, -1, -1];
const UP = new Set([3, 4, 7, 8, 11, 12, 15]);
const DOWN = new Set([5, 6, 9, 10, 13, 14, 16]);

describe('generateRpf: determinism', () => {
  it('gives the same bytes for the same seed, and other bytes for another seed', () => {
    expect(writeRpf(generatePreset('small', 1).rpf)).toBe(smallText);
    expect(writeRpf(generatePreset('small', 2).rpf)).not.toBe(smallText);
  });

  it('gives the bytes it gave when this test was written (no machine- or run-dependent input)', () => {
    // A pin, not a correctness claim: the generator uses only its own PRNG and IEEE arithmetic,
    // so this hash holds on every machine; update it deliberately when the generator changes.
    expect(createHash('sha256').update(smallText).digest('hex')).toBe('bf6b12f8e8a58ffcfb460d53196af075fc4ca8fc2d27f0371c2d1e4c74b00966');
  });
});

describe('generateRpf: the small preset', () => {
  const rpf = small.rpf;

  it('prices a future linearly: RA[s] = −move × price scan range, extremes × multiplier × covered fraction', () => {
    // Seed 1: HSI spot 16,935.4 → price scan range 0.13 × 16,935.4 × 50 = 110,080 HKD, raw 11008
    // at risk exponent 1. By hand: 11008 / 3 = 3669.33 → 3669; 2 × 11008 / 3 = 7338.67 → 7339;
    // 3 × 11008 × 0.35 = 11558.4 → 11558. A long future loses when the price falls.
    const hsiMar = rpf.series[0]!;
    expect(hsiMar.key).toBe('HKFHSI       HSI       FUT 202403   000000   0000000');
    expect(rpf.ccByCode.get('FEHSI')?.riskExponent).toBe(1);
    expect(bOf(rpf, hsiMar).priceScanRange).toBe(11008);
    expect(Array.from(hsiMar.riskArray)).toEqual([
      0, 0, -3669, -3669, 3669, 3669, -7339, -7339, 7339, 7339, -11008, -11008, 11008, 11008, -11558, 11558,
    ]);
    expect(hsiMar.compositeDelta).toBe(10_000);
    expect(hsiMar.impliedVolatility).toBe(0);
  });

  it('prices every future by the same rule from its own B record', () => {
    const futures = rpf.series.filter((s) => s.productType === 'FUT');
    expect(futures.length).toBe(3 + 2 + 2);
    for (const s of futures) {
      const b = bOf(rpf, s);
      const p = b.priceScanRange;
      const extreme = fixed(b.extremeMoveMultiplier) * p * fixed(b.extremeMoveCoveredFraction);
      const expected = [...MOVES.map((m) => roundAway(-m * p)), roundAway(-extreme), roundAway(extreme)];
      expect(Array.from(s.riskArray), s.key).toEqual(expected);
      expect(s.riskArray[4]! > 0 && s.riskArray[2]! < 0, s.key).toBe(true);
    }
  });

  it('gives options the signs a long option must have', () => {
    const options = rpf.series.filter((s) => s.right !== '');
    expect(options.length).toBeGreaterThan(100);
    for (const s of options) {
      const ra = Array.from(s.riskArray);
      // Vega ≥ 0: at an unchanged price, volatility down (2) costs at least as much as up (1).
      expect(ra[1]! >= ra[0]!, s.key).toBe(true);
      const worst = ra.indexOf(Math.max(...ra)) + 1;
      if (s.right === 'C') {
        expect(s.compositeDelta > 0 && s.compositeDelta <= 10_000, s.key).toBe(true);
        if (Math.max(...ra) >= 10) expect(DOWN.has(worst), `${s.key} worst ${worst}`).toBe(true);
      } else {
        expect(s.compositeDelta < 0 && s.compositeDelta >= -10_000, s.key).toBe(true);
        if (Math.max(...ra) >= 10) expect(UP.has(worst), `${s.key} worst ${worst}`).toBe(true);
      }
      expect(s.settlementPrice >= 1, s.key).toBe(true);
    }
  });

  it('settles options on futures at prices that satisfy put-call parity: C − P = e^(−rT)(F − K)', () => {
    let pairs = 0;
    for (const c of rpf.series.filter((s) => s.productType === 'OOF' && s.right === 'C')) {
      const p = rpf.series.find((s) => s.right === 'P' && s.commodity === c.commodity && s.optionMonth === c.optionMonth && s.strike === c.strike)!;
      const future = rpf.series.find((s) => s.productType === 'FUT' && s.commodity === c.commodity && s.futuresMonth === c.futuresMonth)!;
      const b = bOf(rpf, c);
      const discount = Math.exp(-fixed(b.interestRate) * fixed(b.timeToExpiration));
      // HSI prices have 0 decimals: each of F, C, P is rounded to the point (a one-point floor
      // applies to C and P), so parity holds within 3 points.
      expect(Math.abs(c.settlementPrice - p.settlementPrice - discount * (future.settlementPrice - c.strike)), c.key).toBeLessThanOrEqual(3);
      pairs++;
    }
    expect(pairs).toBe(2 * 7);
  });

  it('settles options on stock at prices that satisfy put-call parity: C − P = S·e^(−qT) − K·e^(−rT)', () => {
    const spec = presetSpec('small', 1);
    let pairs = 0;
    for (const c of rpf.series.filter((s) => s.productType === 'OOP' && s.right === 'C')) {
      const p = rpf.series.find((s) => s.right === 'P' && s.commodity === c.commodity && s.optionMonth === c.optionMonth && s.strike === c.strike)!;
      const spot = spec.combinedCommodities.find((cc) => cc.options?.commodity === c.commodity)!.underlying.spot;
      const b = bOf(rpf, c);
      const t = fixed(b.timeToExpiration);
      // Prices in cents (2 decimals): parity in cents within 3 cents of rounding.
      const parity = 100 * (spot * Math.exp(-fixed(b.dividendYield) * t)) - c.strike * Math.exp(-fixed(b.interestRate) * t);
      expect(Math.abs(c.settlementPrice - p.settlementPrice - parity), c.key).toBeLessThanOrEqual(3);
      pairs++;
    }
    expect(pairs).toBe(3 * 9 + 2 * 7);
  });

  it('writes one B record per commodity, product type and month, with the parameters used', () => {
    for (const s of rpf.series) bOf(rpf, s);
    const months = (commodity: string, type: string) =>
      rpf.arrayParameters.filter((b) => b.commodity === commodity && b.productType === type).map((b) => [b.futuresMonth, b.optionMonth]);
    expect(months('HSI', 'FUT')).toEqual([[202403, 0], [202404, 0], [202406, 0]]);
    expect(months('HSI', 'OOF')).toEqual([[202403, 202403], [202404, 202404]]);
    expect(months('HEX', 'OOP')).toEqual([[0, 202403], [0, 202404], [0, 202406]]);
    const hexMar = rpf.arrayParameters.find((b) => b.commodity === 'HEX' && b.optionMonth === 202403)!;
    // HKEX-style expiry of March 2024: the business day before the last (Fri 29th) = Thu 28th;
    // 13 days after 2024-03-15 = 13/365 = 0.035616 years.
    expect(hexMar.expirationDate).toBe('2024-03-28');
    expect(hexMar.timeToExpiration).toEqual({ units: 35616, scale: 6 });
    expect(hexMar.baseVolatility).toEqual({ units: 300_000, scale: 6 });
    expect(hexMar.volatilityScanRange).toEqual({ units: 80_000, scale: 6 });
    expect(hexMar.lookAheadTime).toEqual({ units: 2740, scale: 6 });
    expect(hexMar.extremeMoveMultiplier).toEqual({ units: 2000, scale: 3 });
    expect(hexMar.extremeMoveCoveredFraction).toEqual({ units: 3000, scale: 4 });
  });

  it('builds the CC parameters of the description at the chosen risk exponent', () => {
    const fehsi = rpf.ccByCode.get('FEHSI')!;
    // Rates are described in HKD and written raw at RE 1: 3000 HKD → 300.
    expect(fehsi.tierSpreads.map((s) => [s.priority, s.chargeRate])).toEqual([[1, 300], [2, 400], [3, 550]]);
    expect(fehsi.spot?.somRate).toBe(250);
    expect(fehsi.spot?.deliveryMonths).toEqual([{ monthNumber: 1, month: 202403, consumedRate: 100, remainingRate: 200 }]);
    expect(rpf.ccByCode.get('SEHEX')?.spot?.somMethod).toBe('1');
    expect(rpf.interSpreads.map((s) => [s.group, s.priority, s.creditRate.units, s.legs.map((l) => `${l.cc}:${l.ratio.units}${l.side}`)])).toEqual([
      ['IDX', 1, 900_000, ['FEHSI:10000A', 'FEMHI:50000B']],
      ['STK', 2, 700_000, ['SETCH:10000A', 'FSTCH:10000B']],
    ]);
    // CCs are listed by exchange, as a file lists them under their record 1.
    expect(rpf.combinedCommodities.map((c) => c.code)).toEqual(['FEHSI', 'FEMHI', 'FSTCH', 'SEHEX', 'SETCH']);
  });

  it('gives the contract catalogue of every commodity it lists', () => {
    const { catalogue } = small;
    for (const s of rpf.series) expect(catalogue.byCommodity.get(s.commodity)?.cc, s.key).toBe(s.cc);
    expect(catalogue.contracts.map((c) => `${c.clearingHouse} ${c.cc} ${c.commodity} ${c.multiplier.units} ${c.priceDecimals}`)).toEqual([
      'HKCC FEHSI HSI 50 0',
      'HKCC FEMHI MHI 10 0',
      'HKCC FSTCH TCHF 100 2',
      'SEOCH SEHEX HEX 100 2',
      'SEOCH SETCH TCH 100 2',
    ]);
  });

  it('refuses a description it cannot write', () => {
    const spec = presetSpec('small', 1);
    const cc = spec.combinedCommodities[0]!;
    expect(() => generateRpf({ ...spec, combinedCommodities: [{ ...cc, futures: { ...cc.futures!, months: [202402] } }] }, 1)).toThrow(
      'generateRpf: CC FEHSI: month 202402 expired on 2024-02-28',
    );
    // At RE 0 the HSI scan range (110,080 HKD) does not fit 9(5).
    expect(() => generateRpf({ ...spec, combinedCommodities: [{ ...cc, riskExponent: 0 }] }, 1)).toThrow(
      'generateRpf: CC FEHSI: values do not fit their fields at risk exponent 0',
    );
  });

  it('marks intra-day and early files in the header as the parser reads them', () => {
    const spec = presetSpec('small', 1);
    for (const kind of ['intraday', 'early'] as const) {
      const text = writeRpf(generateRpf({ ...spec, header: { ...spec.header, kind } }, 1).rpf);
      const parsed = parseRpf(text);
      expect(parsed.ok && parsed.value.header.kind).toBe(kind);
    }
  });
});

describe('generateRpf: the fullDay preset', () => {
  it('holds ≥ 100,000 series over ≥ 100 CCs, tens of MB, that parse back', () => {
    const { rpf, catalogue } = generatePreset('fullDay', 1);
    expect(rpf.series.length).toBeGreaterThanOrEqual(100_000);
    expect(rpf.combinedCommodities.length).toBeGreaterThanOrEqual(100);
    const ccs = rpf.combinedCommodities.map((c) => c.code);
    expect(ccs.filter((c) => c.startsWith('FE')).length).toBe(5);
    expect(catalogue.contracts.filter((c) => c.clearingHouse === 'SEOCH' && c.priceDecimals === 2).length).toBe(110);
    const text = writeRpf(rpf);
    expect(text.length).toBeGreaterThan(20_000_000);
    const parsed = parseRpf(text);
    expect(parsed.ok && parsed.value.series.length).toBe(rpf.series.length);
  });
});

describe('scripts/generate-rpf.ts', () => {
  it('writes the preset and its catalogue CSV', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'generate-rpf-'));
    try {
      const out = join(dir, 'small.lis');
      const csv = join(dir, 'catalogue.csv');
      await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/generate-rpf.ts', '--preset', 'small', '--seed', '1', '--out', out, '--catalogue', csv], {
        cwd: join(import.meta.dirname, '..'),
      });
      expect(await readFile(out, 'latin1')).toBe(smallText);
      const catalogueText = await readFile(csv, 'utf8');
      expect(catalogueText.split('\n')[0]).toBe('clearingHouse,cc,commodity,currency,multiplier,priceDecimals');
      const parsed = parseCatalogue(catalogueText);
      expect(parsed.ok && parsed.value.contracts).toEqual(small.catalogue.contracts);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
