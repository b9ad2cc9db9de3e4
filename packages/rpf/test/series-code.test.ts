import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeCatalogue } from '../src/catalogue';
import type { ContractSpec } from '../src/contract';
import type { SeriesId } from '../src/model';
import type { SeriesCodeError } from '../src/series-code';
import { formatSeriesCode, parseSeriesCode, resolveSeries, resolveYearDigit } from '../src/series-code';
import { handRpf } from './support/hand-rpf';

const spec = (clearingHouse: 'HKCC' | 'SEOCH', cc: string, commodity: string, multiplier: number, priceDecimals: number): ContractSpec => ({
  clearingHouse,
  cc,
  commodity,
  currency: 'HKD',
  multiplier: { units: multiplier, scale: 0 },
  priceDecimals,
});

// The seed sample's catalogue (rpf-format.md), plus two commodities ending in digits.
const catalogue = makeCatalogue([
  spec('HKCC', 'FEXXX', 'XXX', 50, 0),
  spec('HKCC', 'FEYYY', 'YYY', 50, 0),
  spec('SEOCH', 'SEAIA', 'AIA', 1000, 2),
  spec('SEOCH', 'SEHEX', 'HEX', 100, 2),
  spec('SEOCH', 'SETCH', 'TCH', 100, 2),
  spec('HKCC', 'FEA5', 'A5', 10, 0),
  spec('HKCC', 'FEA50', 'A50', 100, 2),
]);
const ccOf = (commodity: string) => catalogue.byCommodity.get(commodity)?.cc ?? '??????';

const SEED_DATE = '2016-09-30'; // the sample RPFs of September 2016

function parsed(code: string, date = SEED_DATE) {
  const r = parseSeriesCode(code, catalogue, date);
  if (!r.ok) throw new Error(r.errors[0]?.message);
  const { commodity, right, month, strike } = r.value;
  return { commodity, right, month, strike };
}

function parseError(code: string, date = SEED_DATE): SeriesCodeError {
  const r = parseSeriesCode(code, catalogue, date);
  if (r.ok) throw new Error(`expected ${code} to fail`);
  const [e] = r.errors;
  if (e === undefined) throw new Error('no error');
  return e;
}

describe('parseSeriesCode: the spec examples (business date 2016-09-30)', () => {
  it('XXXM8 = XXX future, June 2018', () => {
    expect(parsed('XXXM8')).toEqual({ commodity: 'XXX', right: '', month: 201806, strike: 0 });
  });
  it('XXX17400R8 = XXX 17400 put, June 2018 (R is the 6th put letter, M..X)', () => {
    expect(parsed('XXX17400R8')).toEqual({ commodity: 'XXX', right: 'P', month: 201806, strike: 17400 });
  });
  it('HEX165.00U7 = HEX 165.00 put, September 2017; raw strike 16500 at 2 price decimals', () => {
    expect(parsed('HEX165.00U7')).toEqual({ commodity: 'HEX', right: 'P', month: 201709, strike: 16500 });
  });
  it('AIA28.00O7 = AIA 28.00 put, March 2017', () => {
    expect(parsed('AIA28.00O7')).toEqual({ commodity: 'AIA', right: 'P', month: 201703, strike: 2800 });
  });
  it('calls are A-L: XXX17400F8 = June 2018 call, YYY6800A7 = January 2017 call, TCH110.00L7 = December 2017 call', () => {
    expect(parsed('XXX17400F8')).toEqual({ commodity: 'XXX', right: 'C', month: 201806, strike: 17400 });
    expect(parsed('YYY6800A7')).toEqual({ commodity: 'YYY', right: 'C', month: 201701, strike: 6800 });
    expect(parsed('TCH110.00L7')).toEqual({ commodity: 'TCH', right: 'C', month: 201712, strike: 11000 });
  });
  it('futures month codes F..Z: XXXF7 = January 2017, XXXZ6 = December 2016', () => {
    expect(parsed('XXXF7').month).toBe(201701);
    expect(parsed('XXXZ6').month).toBe(201612);
    expect(parsed('XXXV6').month).toBe(201610);
  });
  it('accepts lower case and surrounding blanks', () => {
    expect(parsed(' hex165.00u7 ')).toEqual({ commodity: 'HEX', right: 'P', month: 201709, strike: 16500 });
  });
  it('takes the longest commodity prefix (A50 beside A5)', () => {
    expect(parsed('A50M8')).toEqual({ commodity: 'A50', right: '', month: 201806, strike: 0 });
    expect(parsed('A5M8')).toEqual({ commodity: 'A5', right: '', month: 201806, strike: 0 });
    expect(parsed('A51250C7')).toEqual({ commodity: 'A5', right: 'C', month: 201703, strike: 1250 });
    expect(parsed('A5012.50C7')).toEqual({ commodity: 'A50', right: 'C', month: 201703, strike: 1250 });
    // Read after A50 (2 price decimals), never re-read as A5 with strike 0125.
    expect(parseError('A50125C7')._tag).toBe('StrikeDecimals');
    // Only when nothing reads after A50 is A5 tried: an A5 call struck at 0, January 2015.
    expect(parsed('A50A5')).toEqual({ commodity: 'A5', right: 'C', month: 201501, strike: 0 });
  });
});

describe('year digit: the first year ≥ business year − 1 ending in it', () => {
  it('around the 2020 decade boundary', () => {
    expect(resolveYearDigit(8, 2019)).toBe(2018); // last year's series still reads as last year
    expect(resolveYearDigit(9, 2019)).toBe(2019);
    expect(resolveYearDigit(0, 2019)).toBe(2020);
    expect(resolveYearDigit(7, 2019)).toBe(2027);
    expect(resolveYearDigit(9, 2020)).toBe(2019);
    expect(resolveYearDigit(0, 2020)).toBe(2020);
    expect(resolveYearDigit(8, 2020)).toBe(2028);
    expect(resolveYearDigit(0, 2021)).toBe(2020);
    expect(resolveYearDigit(9, 2021)).toBe(2029);
    expect(resolveYearDigit(9, 2011)).toBe(2019);
    expect(resolveYearDigit(0, 2011)).toBe(2010);
  });
  it('around 2000', () => {
    expect(resolveYearDigit(9, 2000)).toBe(1999);
    expect(resolveYearDigit(0, 2000)).toBe(2000);
    expect(resolveYearDigit(8, 2000)).toBe(2008);
  });
  it('in a code', () => {
    expect(parsed('XXXZ9', '2020-01-02').month).toBe(201912);
    expect(parsed('XXXF0', '2019-12-31').month).toBe(202001);
    expect(parsed('XXXM8', '2019-06-03').month).toBe(201806);
  });
});

describe('parseSeriesCode: errors', () => {
  it('rejects a strike written with the wrong number of decimals', () => {
    const e = parseError('HEX165U7');
    expect([e._tag, e.field, e.value]).toEqual(['StrikeDecimals', 'strike', '165']);
    expect(e.message).toBe('series HEX165U7: strike 165 must be written with 2 decimals, the price decimals of HEX (e.g. 165.00)');
    expect(parseError('HEX165.0U7').message).toContain('(e.g. 165.00)');
    expect(parseError('HEX165.000U7')._tag).toBe('StrikeDecimals');
    const x = parseError('XXX17400.00R8');
    expect([x._tag, x.value]).toEqual(['StrikeDecimals', '17400.00']);
    expect(x.message).toContain('must be written with 0 decimals');
  });
  it('rejects an unknown commodity, naming the closest catalogue commodity', () => {
    const e = parseError('XYXM8');
    expect([e._tag, e.closest]).toEqual(['UnknownCommodity', 'XXX']);
    expect(e.message).toBe('unknown series XYXM8: no catalogue commodity starts it; closest catalogue commodity: XXX');
  });
  it('rejects what is neither a futures month nor a strike + option month', () => {
    for (const code of ['XXX', 'XXXM', 'XXXA8', 'XXXM18', 'XXX17400Z8', 'XXX17400R', 'XXX-100R8']) {
      expect(parseError(code)._tag, code).toBe('MalformedSeriesCode');
    }
    expect(parseError('XXX17400Z8').message).toBe('series XXX17400Z8: option month letter Z is neither a call (A-L) nor a put (M-X)');
  });
  it('rejects a strike with a leading zero', () => {
    const e = parseError('XXX017400R8');
    expect([e._tag, e.field, e.value]).toEqual(['MalformedSeriesCode', 'strike', '017400']);
  });
  it('rejects a strike too large for the RPF field', () => {
    expect(parseError('XXX10000000R8').message).toContain('9(7)');
  });
});

// Series of the seed sample's kind, hand-built (no parser or writer involved).
const SEED_SERIES: (Partial<SeriesId> & Pick<SeriesId, 'commodity'>)[] = [
  { commodity: 'XXX', productType: 'FUT', futuresMonth: 201610 },
  { commodity: 'XXX', productType: 'FUT', futuresMonth: 201806 },
  { commodity: 'XXX', productType: 'OOF', right: 'P', futuresMonth: 201806, optionMonth: 201806, strike: 17400 },
  { commodity: 'XXX', productType: 'OOF', right: 'P', futuresMonth: 201806, optionMonth: 201806, strike: 18200 },
  { commodity: 'XXX', productType: 'OOF', right: 'C', futuresMonth: 201806, optionMonth: 201806, strike: 17400 },
  { commodity: 'YYY', productType: 'OOF', right: 'P', futuresMonth: 201706, optionMonth: 201706, strike: 6800 },
  { commodity: 'HEX', underlying: 'HKEX', productType: 'OOP', right: 'P', futuresMonth: 0, optionMonth: 201709, strike: 16500 },
  // An option whose option month is 0: the futures month is its month.
  { commodity: 'AIA', underlying: 'AIA', productType: 'OOP', right: 'P', futuresMonth: 201703, optionMonth: 0, strike: 2800 },
];

describe('resolveSeries', () => {
  const rpf = handRpf(SEED_SERIES, { ccOf });
  const resolved = (code: string, cc?: string) => {
    const r = resolveSeries(code, rpf, catalogue, cc === undefined ? {} : { cc });
    if (!r.ok) throw new Error(r.errors[0]?.message);
    return r.value;
  };
  const failed = (code: string, cc?: string, on = rpf): SeriesCodeError => {
    const r = resolveSeries(code, on, catalogue, cc === undefined ? {} : { cc });
    if (r.ok) throw new Error(`expected ${code} to fail`);
    return r.errors[0] as SeriesCodeError;
  };

  it('finds the spec examples', () => {
    expect(resolved('XXXM8').row).toBe(1);
    expect(resolved('XXX17400R8').row).toBe(2);
    expect(resolved('XXX17400F8').row).toBe(4);
    expect(resolved('HEX165.00U7').row).toBe(6);
    expect(resolved('AIA28.00O7').row).toBe(7);
    expect(resolved('XXXV6', 'FEXXX').row).toBe(0);
  });

  it('names the closest series of an unknown one', () => {
    const e = failed('XXX17500R8');
    expect([e._tag, e.closest]).toEqual(['UnknownSeries', 'XXX17400R8']);
    expect(e.message).toBe('unknown series XXX17500R8 (FEXXX); closest: XXX17400R8');
    expect(failed('XXXU8').closest).toBe('XXXM8'); // nearest futures month
    expect(failed('HEX160.00U7').closest).toBe('HEX165.00U7');
    expect(failed('TCH110.00R7').message).toBe('unknown series TCH110.00R7 (SETCH): the RPF has no series of commodity TCH');
  });

  it('rejects a CC that is not the catalogue CC of the commodity', () => {
    const e = failed('XXXM8', 'FEYYY');
    expect([e._tag, e.field, e.value]).toEqual(['CcMismatch', 'cc', 'FEYYY']);
    expect(e.message).toBe("series XXXM8: cc FEYYY does not match the catalogue's CC FEXXX of commodity XXX");
  });

  it('rejects a series the RPF puts in another CC than the catalogue', () => {
    const other = handRpf([{ commodity: 'XXX', futuresMonth: 201806 }], { ccOf: () => 'FEOTH' });
    expect(failed('XXXM8', undefined, other).message).toBe('series XXXM8: the catalogue puts commodity XXX in CC FEXXX but the RPF in FEOTH');
  });

  it('reports an ambiguous code, listing what distinguishes the matches', () => {
    const twice = handRpf(
      [
        { commodity: 'YYY', productType: 'OOF', right: 'P', futuresMonth: 201706, optionMonth: 201706, strike: 6800 },
        { commodity: 'YYY', productType: 'OOC', right: 'P', futuresMonth: 201706, optionMonth: 201706, strike: 6800 },
      ],
      { ccOf },
    );
    const e = failed('YYY6800R7', undefined, twice);
    expect(e._tag).toBe('AmbiguousSeries');
    expect(e.message).toBe('ambiguous series YYY6800R7 (FEYYY): it matches 2 series of the RPF: product type OOF, product type OOC');
  });

  it('matches futures on product type FUT only', () => {
    const phy = handRpf([{ commodity: 'XXX', productType: 'PHY', futuresMonth: 201806 }], { ccOf });
    expect(failed('XXXM8', undefined, phy)._tag).toBe('UnknownSeries');
  });
});

describe('formatSeriesCode', () => {
  const rpf = handRpf(SEED_SERIES, { ccOf });
  it('writes the HKEX codes of the seed series', () => {
    const codes = rpf.series.map((s) => {
      const r = formatSeriesCode(s, catalogue);
      return r.ok ? r.value : r.errors[0]?._tag;
    });
    expect(codes).toEqual(['XXXV6', 'XXXM8', 'XXX17400R8', 'XXX18200R8', 'XXX17400F8', 'YYY6800R7', 'HEX165.00U7', 'AIA28.00O7']);
  });
  it('refuses a series of a commodity missing from the catalogue', () => {
    const other = handRpf([{ commodity: 'ZZZ', futuresMonth: 201806 }]);
    const r = formatSeriesCode(other.series[0]!, catalogue);
    expect(r.ok || r.errors[0]?._tag).toBe('NotFormattable');
  });

  it('refuses a code that would read as another series', () => {
    // An A5 put struck at 0, January 2018, would write A50M8: the A50 future of June 2018.
    const odd = handRpf([{ commodity: 'A5', productType: 'OOF', right: 'P', futuresMonth: 201801, optionMonth: 201801, strike: 0 }], { ccOf });
    const r = formatSeriesCode(odd.series[0]!, catalogue);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.message).toMatch(/its HKEX code A50M8 would read as another series \(commodity A50, month 201806\)$/);
  });

  it('round-trips: resolveSeries(formatSeriesCode(s)) is s for every series', () => {
    const businessYear = 2016;
    const commodity = fc.constantFrom('XXX', 'YYY', 'AIA', 'HEX', 'TCH', 'A5', 'A50');
    // A code's year digit covers business year − 1 to business year + 8.
    const month = fc.tuple(fc.integer({ min: businessYear - 1, max: businessYear + 8 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => y * 100 + m);
    const future = fc.record({ commodity, productType: fc.constant('FUT'), futuresMonth: month });
    const option = fc.record({
      commodity,
      productType: fc.constantFrom('OOF', 'OOP'),
      right: fc.constantFrom('C' as const, 'P' as const),
      futuresMonth: month,
      optionMonth: fc.oneof(month, fc.constant(0)),
      // HKEX lists no zero strikes (a zero strike of A5 can collide with A50's codes: see above).
      strike: fc.integer({ min: 1, max: 9_999_999 }),
    });
    const identity = (s: Partial<SeriesId>) =>
      s.right === undefined || s.right === '' ? `${s.commodity}|F|${s.futuresMonth}` : `${s.commodity}|${s.right}|${s.optionMonth || s.futuresMonth}|${s.strike}`;
    const seriesSet = fc.uniqueArray(fc.oneof(future, option), { minLength: 1, maxLength: 40, selector: identity });
    fc.assert(
      fc.property(seriesSet, (ids) => {
        const file = handRpf(ids, { ccOf, businessDate: `${businessYear}-09-30` });
        for (const s of file.series) {
          const code = formatSeriesCode(s, catalogue);
          expect(code.ok).toBe(true);
          if (!code.ok) return;
          const back = resolveSeries(code.value, file, catalogue, { cc: s.cc });
          expect(back.ok && back.value.key, code.value).toBe(s.key);
        }
      }),
    );
  });
});
