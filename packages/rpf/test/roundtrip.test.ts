import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SeriesInput } from '../src/assemble';
import { assembleRpf } from '../src/assemble';
import { generatePreset } from '../src/generate/presets';
import type {
  ArrayParameters,
  CcGroup,
  CombinedCommodity,
  CurrencyRate,
  Exchange,
  Fixed,
  InterSpread,
  Product,
  RiskParameterFile,
  RpfHeader,
} from '../src/model';
import { seriesKey } from '../src/model';
import { parseRpf } from '../src/parse/parse';
import { writeRpf } from '../src/write';

/**
 * Round trips between the model and normalised U2 text:
 *   parse(write(model)) = model, for any model the layout can carry;
 *   write(parse(file)) = file, byte for byte, for any normalised file.
 */

function parsed(text: string): RiskParameterFile {
  const r = parseRpf(text);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.value;
}

// ---- Arbitraries of models the U2 layout can carry ----------------------------------------

/** Plain objects (fast-check may otherwise build null-prototype ones, which toStrictEqual rejects). */
function record<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true });
}

const PRINTABLE = [...Array(0x7f - 0x20)].map((_, i) => String.fromCharCode(0x20 + i));
/** X(width) as the parser gives it back: printable ASCII, never ending in a blank. */
const text = (width: number) =>
  fc.string({ unit: fc.constantFrom(...PRINTABLE), maxLength: width }).map((s) => s.trimEnd());
const nonBlank = (width: number) => text(width).filter((s) => s.trim() !== '');
const digits = (width: number) => fc.integer({ min: 0, max: 10 ** width - 1 });
const signedDigits = (width: number) => fc.integer({ min: -(10 ** width - 1), max: 10 ** width - 1 });
const fixed = (width: number, scale: number): fc.Arbitrary<Fixed> => digits(width).map((units) => ({ units, scale }));
const month = fc.oneof(fc.constant(0), fc.tuple(fc.integer({ min: 1990, max: 2099 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => y * 100 + m));
const realMonth = month.filter((m) => m !== 0);
const two = (n: number) => String(n).padStart(2, '0');
const date = fc
  .tuple(fc.integer({ min: 1990, max: 2099 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }))
  .map(([y, m, d]) => `${y}-${two(m)}-${two(d)}`);
const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${two(h)}:${two(m)}`);
const side = fc.constantFrom('A' as const, 'B' as const);

const header: fc.Arbitrary<RpfHeader> = fc
  .record({
    // Flags and identifier consistent with the kind, as the parser derives it.
    id: fc.constantFrom(
      { settlementFlag: 'S', fileId: 'F', kind: 'final' as const },
      { settlementFlag: 'S', fileId: 'E', kind: 'early' as const },
      { settlementFlag: 'I', fileId: 'I2', kind: 'intraday' as const },
      { settlementFlag: '', fileId: 'I7', kind: 'intraday' as const },
    ),
    exchangeComplex: text(6),
    businessDate: date,
    businessTime: time,
    creationDate: date,
    creationTime: time,
    grossNetIndicator: text(1),
    limitOptionValueFlag: text(1),
    businessFunction: text(5),
    levelFlag: text(1),
    levelCode: text(5),
  })
  .map(({ id, ...h }) => ({ ...h, ...id, format: 'U2' }));

const currencyRate: fc.Arbitrary<CurrencyRate> = record({
  from: nonBlank(3),
  fromCode: text(1),
  to: nonBlank(3),
  toCode: text(1),
  multiplier: fixed(10, 6),
});

const tier = fc
  .record({ number: fc.integer({ min: 1, max: 99 }), a: realMonth, b: realMonth })
  .map(({ number, a, b }) => ({ number, startMonth: Math.min(a, b), endMonth: Math.max(a, b) }));

const tierSpread = record({
  method: text(2),
  priority: digits(2),
  chargeRate: digits(7),
  legs: fc.array(record({ leg: digits(2), tier: digits(2), ratio: digits(2), side }), { minLength: 2, maxLength: 6 }),
});

const spot = record({
  method: text(2),
  deliveryMonths: fc.array(record({ monthNumber: digits(2), month, consumedRate: digits(7), remainingRate: digits(7) }), { maxLength: 2 }),
  somRate: digits(7),
  maintenanceFactors: fc.tuple(fixed(3, 2), fixed(3, 2), fixed(3, 2)),
  somMethod: fc.constantFrom('1' as const, '2' as const),
});

/** CC codes and commodity codes are drawn unique up front; the rest refers to them. */
const model: fc.Arbitrary<RiskParameterFile> = fc
  .record({
    header,
    currencyRates: fc.array(currencyRate, { maxLength: 3 }),
    exchanges: fc.uniqueArray(record({ acronym: nonBlank(3), code: text(2) }), { minLength: 1, maxLength: 3, selector: (e) => e.acronym }),
    ccCodes: fc.uniqueArray(nonBlank(6), { minLength: 1, maxLength: 5 }),
    products: fc.uniqueArray(
      record({ commodity: nonBlank(10), productType: nonBlank(3), riskArrayLocator: fc.integer({ min: -9, max: 9 }) }),
      { maxLength: 16, selector: (p) => `${p.commodity}|${p.productType}` },
    ),
  })
  .chain(({ header, currencyRates, exchanges, ccCodes, products }) => {
    const ccs = fc.tuple(
      ...ccCodes.map((code, i) =>
        record({
          exchange: fc.constantFrom(...exchanges.map((e) => e.acronym)),
          riskExponent: fc.integer({ min: 0, max: 9 }),
          currency: nonBlank(3),
          currencyCode: text(1),
          optionMarginStyle: text(1),
          limitOptionValue: text(1),
          combinationMargining: text(1),
          tierMethod: text(2),
          tiers: fc.array(tier, { maxLength: 9 }),
          tierSpreads: fc.array(tierSpread, { maxLength: 3 }),
          spot: fc.option(spot, { nil: undefined }),
        }).map((cc): CombinedCommodity => ({
          code,
          ...cc,
          // Products are dealt to CCs round-robin: each commodity/product type in one CC only.
          products: products.filter((_, k) => k % ccCodes.length === i) as Product[],
        })),
      ),
    );
    return record({
      header: fc.constant(header),
      currencyRates: fc.constant(currencyRates),
      exchanges: fc.constant(exchanges as Exchange[]),
      ccs,
      groups: fc.uniqueArray(
        record({ code: nonBlank(3), ccs: fc.array(fc.constantFrom(...ccCodes), { maxLength: 23 }) }),
        { maxLength: 3, selector: (g) => g.code },
      ),
      interSpreads: fc.array(
        record({
          group: nonBlank(3),
          priority: digits(4),
          creditRate: fixed(7, 4),
          legs: fc.array(
            record({
              exchange: text(3),
              requiredForScanning: text(1),
              cc: fc.constantFrom(...ccCodes),
              ratio: fixed(7, 4),
              side,
              tier: digits(2),
            }),
            { minLength: 2, maxLength: 4 },
          ),
          method: fc.oneof(fc.constant(''), digits(2).map(two)),
          creditMethod: fc.constant('W' as const),
        }),
        { maxLength: 3 },
      ),
      arrayParameters:
        products.length === 0
          ? fc.constant([])
          : fc.array(
              record({
                exchange: text(3),
                product: fc.constantFrom(...products),
                futuresMonth: month,
                futuresDayWeek: text(2),
                optionMonth: month,
                optionDayWeek: text(2),
                baseVolatility: fixed(8, 6),
                volatilityScanRange: fixed(8, 6),
                priceScanRange: digits(5),
                extremeMoveMultiplier: fixed(5, 3),
                extremeMoveCoveredFraction: fixed(5, 4),
                interestRate: fixed(5, 4),
                timeToExpiration: fixed(7, 6),
                lookAheadTime: fixed(6, 6),
                deltaScalingFactor: fixed(6, 4),
                expirationDate: fc.oneof(fc.constant(''), date),
                dividendYield: fixed(8, 6),
              }).map(({ product, ...b }): ArrayParameters => ({ ...b, commodity: product.commodity, productType: product.productType })),
              { maxLength: 4 },
            ),
      series:
        products.length === 0
          ? fc.constant([])
          : fc.uniqueArray(
              record({
                exchange: text(3),
                product: fc.constantFrom(...products),
                underlying: text(10),
                right: fc.constantFrom('' as const, 'C' as const, 'P' as const),
                futuresMonth: month,
                futuresDayWeek: text(2),
                optionMonth: month,
                optionDayWeek: text(2),
                strike: digits(7),
                riskArray: fc.array(signedDigits(5), { minLength: 16, maxLength: 16 }),
                compositeDelta: signedDigits(5),
                impliedVolatility: digits(8),
                settlementPrice: signedDigits(7),
              }).map(({ product, ...s }): SeriesInput => ({ ...s, commodity: product.commodity, productType: product.productType })),
              { maxLength: 12, selector: (s) => seriesKey(s) },
            ),
    });
  })
  .map(({ header, currencyRates, exchanges, ccs, groups, interSpreads, arrayParameters, series }) => {
    // A file lists CCs under their exchange's record 1: the parse gives them in that order.
    const order = exchanges.map((e) => e.acronym);
    const combinedCommodities = [...ccs].sort((a, b) => order.indexOf(a.exchange) - order.indexOf(b.exchange));
    return assembleRpf({
      header,
      currencyRates,
      exchanges,
      combinedCommodities,
      ccGroups: groups as CcGroup[],
      interSpreads: interSpreads as InterSpread[],
      arrayParameters,
      series,
    });
  });

// ---- Properties ------------------------------------------------------------------------------

describe('round trip model → U2 → model', () => {
  it('parse(write(model)) equals the model', () => {
    fc.assert(
      fc.property(model, (m) => {
        expect(parsed(writeRpf(m))).toStrictEqual(m);
      }),
      { numRuns: 200 },
    );
  });

  it('parse(write(generate(small))) equals generate(small)', () => {
    const { rpf } = generatePreset('small', 7);
    expect(parsed(writeRpf(rpf))).toStrictEqual(rpf);
  });
});

describe('round trip normalised file → model → file, byte for byte', () => {
  it('write(parse(file)) === file for the writing of any model', () => {
    fc.assert(
      fc.property(model, (m) => {
        const file = writeRpf(m);
        expect(writeRpf(parsed(file))).toBe(file);
      }),
      { numRuns: 200 },
    );
  });

  it('write(parse(file)) === file for a generated small file', () => {
    const file = writeRpf(generatePreset('small', 3).rpf);
    expect(writeRpf(parsed(file))).toBe(file);
  });

  it('write(parse(file)) === file for the HKEX 2016 sample fixture', () => {
    const file = readFileSync(join(import.meta.dirname, '../../../fixtures/hkex-2016-sample/rpf______-_____-__-_____-160930.lis'), 'latin1');
    expect(writeRpf(parsed(file))).toBe(file);
  });

  it('fixtures/rpf/small.lis: identical except where it spreads one list over non-adjacent continuation lines', () => {
    // The fixture deliberately continues FEXXX's tiers on a second record 3 after two tiers and
    // group IDX on a later record 5, to test the parser's merging. The model keeps the merged
    // list, not where a producer broke it, so the writer packs them (four tiers, ten CCs a line).
    const file = readFileSync(join(import.meta.dirname, '../../../fixtures/rpf/small.lis'), 'latin1');
    const written = writeRpf(parsed(file));
    const without35 = (t: string) => t.split('\n').filter((l) => !l.startsWith('3 ') && !l.startsWith('5 '));
    expect(without35(written)).toEqual(without35(file));
    const lists = (t: string, type: string) => t.split('\n').filter((l) => l.startsWith(type));
    expect(lists(written, '3 ')).toEqual([
      '3 FEXXX 01012016102016100220161120161203201703201806              ',
      '3 FEYYY 0101201610201812                                          ',
    ]);
    expect(lists(written, '5 ')).toEqual([
      '5 IDX       FEXXX FEYYY FECNH                                           ',
      '5 STK       SEHEX                                                       ',
    ]);
  });
});
