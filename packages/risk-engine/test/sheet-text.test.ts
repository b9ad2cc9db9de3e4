import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accountSheetJsonText,
  accountSheetToJson,
  ccFiguresCsv,
  ccToJson,
  decimalText,
  marginPortfolio,
  PrimeDecimal,
  withAccountSheetJsonBytes,
} from '../src/index';
import type { AccountSheet, Basis, CcSheet } from '../src/index';
import type { Q } from '../src/prime/exact';
import { fromBigInt, shift, unitsText } from '../src/prime/exact';
import { Ascii, JsonWriter } from '../src/prime/json-writer';
import { firstDifference } from './support/first-difference';
import { plainAccount } from './support/plain-sheet';
import { randomCase } from './support/random-market';

/**
 * The calculation sheet written as text straight from the engine's units must be, character for
 * character, `JSON.stringify` of the object builders' JSON: same keys in the same order, same
 * money text, same escapes. The object builders are themselves held to an independent decimal
 * implementation (prime-reference.test.ts), so this pins the text to it too.
 */

const BASES: readonly Basis[] = ['net', 'gross'];

/**
 * Shrinking a random market (hundreds of dependent draws) runs out of memory before it ends: a
 * failure is reported as found, with its seed to replay it.
 */
const ON_FAILURE = { endOnFailure: true } as const;

const MARGIN_FIGURES = [
  'scanRisk',
  'intraSpreadCharge',
  'spotCharge',
  'commodityRisk',
  'interSpreadCredit',
  'shortOptionMinimum',
  'riskMargin',
  'longOptionValue',
  'shortOptionValue',
  'mtm',
  'requirement',
] as const;

/** Any string, lone surrogates and control characters included. */
const anyText = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 12 });

function expectSameText(sheet: AccountSheet): void {
  const expected = JSON.stringify(accountSheetToJson(sheet));
  expect(firstDifference(accountSheetJsonText(sheet), expected)).toBeUndefined();
  // The same text as UTF-8 bytes (non-ASCII account names included), handed over once.
  const handed: Uint8Array[] = [];
  withAccountSheetJsonBytes(sheet, (utf8) => handed.push(Uint8Array.from(utf8)));
  expect(handed).toHaveLength(1);
  expect(Buffer.from(handed[0] as Uint8Array).equals(Buffer.from(expected, 'utf8'))).toBe(true);
  for (const house of sheet.clearingHouses) {
    for (const cc of house.combinedCommodities) {
      const json = ccToJson(cc);
      expect(ccFiguresCsv(cc)).toBe(MARGIN_FIGURES.map((f) => json[f]).join(','));
    }
  }
}

describe('accountSheetJsonText on engine sheets', () => {
  it('is JSON.stringify of the sheet JSON on random markets, net and gross', () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const { ctx, positions } = randomCase(g);
        for (const basis of BASES) expectSameText(marginPortfolio(ctx, positions, basis, { account: 'A1' }));
      }),
      { numRuns: 300, ...ON_FAILURE },
    );
  });

  it('is the same with huge quantities (figures past 2^53, the 40-digit path) and the BigInt accumulation', () => {
    fc.assert(
      fc.property(fc.gen(), fc.boolean(), (g, forceExact) => {
        const { draw, ctx, market } = randomCase(g);
        const positions = market.rpf.series.length === 0 ? [] : randomBig(draw, market.rpf.series);
        for (const basis of BASES) expectSameText(marginPortfolio(ctx, positions, basis, { account: 'BIG', forceExact }));
      }),
      { numRuns: 150, ...ON_FAILURE },
    );
  });

  it('escapes account names exactly as JSON.stringify does', () => {
    fc.assert(
      fc.property(fc.gen(), anyText, (g, account) => {
        const { ctx, positions } = randomCase(g);
        const sheet = marginPortfolio(ctx, positions, 'gross', { account });
        expectSameText(sheet);
        expect((JSON.parse(accountSheetJsonText(sheet)) as { account: string }).account).toBe(account);
      }),
      { numRuns: 150, ...ON_FAILURE },
    );
    // Quote, backslash, a control character, DEL, non-ASCII, an astral character, a lone surrogate.
    const names = ['say "hi"', 'back\\slash', 'bell\u0007', 'del\u007f', 'Zürich', 'emoji 😀', 'lone \ud800'];
    fc.assert(
      fc.property(fc.gen(), fc.constantFrom(...names), (g, account) => {
        const { ctx, positions } = randomCase(g);
        expectSameText(marginPortfolio(ctx, positions, 'net', { account }));
      }),
      { numRuns: 40, ...ON_FAILURE },
    );
  });

  it('writes the account line of a sheet with no positions', () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const { ctx } = randomCase(g);
        // Hand-written: no clearing house, a zero total.
        expect(accountSheetJsonText(marginPortfolio(ctx, [], 'net', { account: 'E' }))).toBe(
          '{"account":"E","basis":"net","clearingHouseTotalHkd":"0","clearingHouses":[]}',
        );
      }),
      { numRuns: 5, ...ON_FAILURE },
    );
  });
});

describe('accountSheetJsonText on other sheets', () => {
  it('goes through the object builders for a plain-object sheet, and writes the same text as the engine', () => {
    fc.assert(
      fc.property(fc.gen(), anyText, (g, account) => {
        const { ctx, positions } = randomCase(g);
        for (const basis of BASES) {
          const engine = marginPortfolio(ctx, positions, basis, { account });
          const plain = plainAccount(engine);
          expectSameText(plain);
          // Through the Decimal getters, the same characters as from the units.
          expect(firstDifference(accountSheetJsonText(plain), accountSheetJsonText(engine))).toBeUndefined();
        }
      }),
      { numRuns: 100, ...ON_FAILURE },
    );
  });
});

describe('JsonWriter', () => {
  const text = (write: (w: JsonWriter) => void): string => {
    const w = new JsonWriter(16);
    write(w);
    return w.finish();
  };
  const units = (q: Q, scale: number) => text((w) => w.units(q, scale));
  /** The value of q × 10^−scale by decimal.js, independently of the writer. */
  const decimal = (q: Q, scale: number) => {
    const value = typeof q === 'number' ? new PrimeDecimal(q) : new PrimeDecimal(q.c.toString()).times(new PrimeDecimal(10).pow(q.e));
    return decimalText(value.div(new PrimeDecimal(10).pow(scale)));
  };

  it('writes units as plain decimal text (hand-worked values)', () => {
    expect(units(1234567, 4)).toBe('123.4567');
    expect(units(-5000, 3)).toBe('-5');
    expect(units(100, 4)).toBe('0.01');
    expect(units(-7, 9)).toBe('-0.000000007');
    expect(units(0, 4)).toBe('0');
    expect(units(-0, 4)).toBe('0');
    expect(units(12, -3)).toBe('12000');
    // 2^53 − 1 = 9007199254740991 units at scale 4.
    expect(units(9007199254740991, 4)).toBe('900719925474.0991');
    expect(units(-9007199254740991, 0)).toBe('-9007199254740991');
    expect(units(2 ** 31, 2)).toBe('21474836.48');
  });

  it('writes any safe integer at any scale as decimal.js does (and so does unitsText)', () => {
    const safe = fc.oneof(fc.integer({ min: -99999, max: 99999 }), fc.maxSafeInteger(), fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }));
    fc.assert(
      fc.property(safe, fc.integer({ min: -3, max: 14 }), (q, scale) => {
        expect(units(q, scale)).toBe(decimal(q, scale));
        expect(unitsText(q, scale)).toBe(decimal(q, scale));
      }),
      { numRuns: 5000 },
    );
  });

  it('writes 40-digit values as decimal.js does (and so does unitsText)', () => {
    const d40 = fc
      .tuple(fc.bigInt({ min: -(10n ** 40n) + 1n, max: 10n ** 40n - 1n }), fc.integer({ min: -30, max: 30 }))
      .map(([c, e]): Q => shift(fromBigInt(c), e));
    fc.assert(
      fc.property(d40, fc.integer({ min: 0, max: 12 }), (q, scale) => {
        expect(units(q, scale)).toBe(decimal(q, scale));
        expect(unitsText(q, scale)).toBe(decimal(q, scale));
      }),
      { numRuns: 1000 },
    );
  });

  it('writes numbers and strings as JSON.stringify does, growing its buffer as needed', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(anyText, fc.double(), fc.integer()), { maxLength: 40 }), (values) => {
        const written = text((w) => {
          w.byte(0x5b);
          values.forEach((v, i) => {
            if (i > 0) w.byte(0x2c);
            if (typeof v === 'string') w.string(v);
            else w.number(v);
          });
          w.byte(0x5d);
        });
        expect(written).toBe(JSON.stringify(values));
      }),
      { numRuns: 1000 },
    );
  });

  it('copies text written before only while it is still in the buffer', () => {
    const w = new JsonWriter(64);
    w.put(new Ascii('"abc"'));
    const epoch = w.epoch;
    w.byte(0x2c);
    expect(w.copyFrom(0, 5, epoch)).toBe(true);
    // A non-ASCII string moves the text so far out of the buffer: the mark no longer holds.
    w.string('é');
    expect(w.copyFrom(0, 5, epoch)).toBe(false);
    expect(w.finish()).toBe('"abc","abc""é"');
  });

  it('refuses constant text it could not write as words', () => {
    expect(() => new Ascii('é')).toThrow(RangeError);
    expect(() => new Ascii('tab\t')).toThrow(RangeError);
  });
});

describe('ccFiguresCsv', () => {
  it('nests: a CC writing its figures while the shared buffer is in use gets its own', () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const { ctx, positions } = randomCase(g);
        const inner = marginPortfolio(ctx, positions, 'net', { account: 'IN' });
        const expected = JSON.stringify(accountSheetToJson(inner));
        const nesting = {
          writeFiguresCsv(w: JsonWriter) {
            // Another account's sheet written in the middle of this text.
            w.raw(accountSheetJsonText(inner) === expected ? 'same' : 'different');
          },
        } as unknown as CcSheet;
        expect(ccFiguresCsv(nesting)).toBe('same');
      }),
      { numRuns: 5, ...ON_FAILURE },
    );
  });
});

/** Huge positions: quantities up to 10^13, so that figures leave the safe integers. */
function randomBig(draw: <T>(a: fc.Arbitrary<T>) => T, series: readonly import('@marginkit/rpf').Series[]) {
  const n = draw(fc.integer({ min: 1, max: 12 }));
  return Array.from({ length: n }, () => ({
    series: series[draw(fc.integer({ min: 0, max: series.length - 1 }))] as import('@marginkit/rpf').Series,
    quantity: draw(fc.integer({ min: -(10 ** 13), max: 10 ** 13 })),
  }));
}
