import { describe, expect, it } from 'vitest';
import type { RpfParts } from '../src/assemble';
import { assembleRpf } from '../src/assemble';
import type { CombinedCommodity } from '../src/model';
import { parseRpf } from '../src/parse/parse';
import { RECORD_LENGTH, writeRpf, writeRpfBytes } from '../src/write';
import { RpfWriteError } from '../src/write-fields';
import { sampleParts } from './support/sample-parts';

/** Fields in column order, joined: each piece is commented with its columns (rpf-format.md). */
const line = (...fields: string[]) => fields.join('');
const pad = (s: string, n: number) => s.padEnd(n, ' ');

// The normalised file of sampleParts(), written out by hand from rpf-format.md's layouts.
const EXPECTED = [
  pad(
    line(
      '0 ', //         1-2
      'HKEX  ', //     3-8 exchange complex
      '20240315', //   9-16 business date
      'S', //          17 settlement
      'E ', //         18-19 file identifier (early)
      '1745', //       20-23 business time
      '20240315', //   24-31 creation date
      '1752', //       32-35 creation time
      'U2', //         36-37
      'N', //          38 gross/net
      'Y', //          39 limit option value
      'CLR  ', //      40-44 business function
      '      ', //     45-50 filler
      'A', //          51
      ' ', //          52 filler
      'CLR  ', //      53-57
    ),
    57,
  ),
  // 7.8125 as 9(4)V9(6).
  line('T ', 'USD', 'U', 'HKD', 'H', '0007812500'),
  line('1 ', 'HKF', '  ', 'HF'),
  // Seven products: six on the first record 2 (slot 6 has no filler byte), one on a second.
  pad(
    line(
      '2 ', 'HKF', ' ', 'FEHSI ', '1', 'HKD', 'H', 'P', 'N', 'N', '  ', // 1-22
      'HSI       FUT0+ ', // 23-38
      'HSI       OOF0+ ', // 39-54
      'MHI       FUT0+ ', // 55-70
      'MHI       OOF2+ ', // 71-86
      'HHI       FUT1- ', // 87-102: locator −1
      'HHI       OOF0+', //  103-117
    ),
    132,
  ),
  pad(line('2 ', 'HKF', ' ', 'FEHSI ', '1', 'HKD', 'H', 'P', 'N', 'N', '  ', 'HTI       FUT0+ '), 132),
  // Five tiers: four on the first record 3, the fifth on a second.
  line('3 ', 'FEHSI ', '01', '01202403202403', '02202404202404', '03202405202406', '04202407202412'),
  pad(line('3 ', 'FEHSI ', '01', '05202501202612'), 66),
  // Three legs: 35 + 7 bytes.
  line('C ', 'FEHSI ', '01', '02', '03', '0004500', '010101A', '020202B', '030301A'),
  pad(
    line(
      '4 ', 'FEHSI ', '01', '02', // 1-12
      '01', '202403', '0001000', '0002000', // 13-34
      '02', '202404', '0000500', '0001500', // 35-56
      '      ', // 57-62
      '0002500', // 63-69 SOM rate
      '100', '100', '133', // 70-78 factors 1.00 1.00 1.33
      '1', // 79 SOM method
    ),
    132,
  ),
  line('1 ', 'SEO', '  ', 'SO'),
  pad(line('2 ', 'SEO', ' ', 'SETCH ', '0', 'HKD', 'H', 'P', 'N', 'N', '  ', 'TCH       OOP0+ '), 132),
  line(
    'B ', 'HKF', 'HSI       ', 'OOF', // 1-18
    '202404', '  ', ' ', '202404', 'W1', ' ', // 19-36
    '00220000', // 37-44 base volatility 0.22
    '00050000', // 45-52 volatility scan range 0.05
    '10860', // 53-57 price scan range
    '03000', // 58-62 extreme move multiplier 3 (given as scale 0)
    '03500', // 63-67 covered fraction 0.35 (given as scale 2)
    '00400', // 68-72 interest rate 0.04
    '0123288', // 73-79 time to expiration
    '002740', // 80-85 look-ahead
    '000000', // 86-91 delta scaling factor 0 (= 1)
    '20240429', // 92-99
    '            ', // 100-111
    '00032000', // 112-119 dividend yield 0.032
  ),
  pad(line('5 ', 'ALL', '       ', 'FEHSI ', 'SETCH '), 72),
  line(
    '6 ', 'ALL', '0001', '0750000', // 1-16: credit 75 %
    'HKF', 'Y', 'FEHSI ', '0010000', 'A', // 17-34
    'SEO', 'N', 'SETCH ', '0025000', 'B', // 35-52: ratio 2.5
    ' '.repeat(36), // 53-88 legs 3-4 unused
    '  ', // 89-90 method blank
    ' '.repeat(10), // 91-100
    'W', // 101
    '00', '03', '00', '00', // 102-109 leg tiers (absent legs 00)
  ),
  line(
    '81', 'HKF', 'HSI       ', 'HSI       ', 'OOF', 'C', '202404', '  ', ' ', '202404', '  ', ' ', '0017000', // 1-54
    '01234+', '00001-', '00000+', '99999+', '99999-', '00005+', '00006+', '00007+', '00008+', // 55-108
  ),
  line(
    '82', 'HKF', 'HSI       ', 'HSI       ', 'OOF', 'C', '202404', '  ', ' ', '202404', '  ', ' ', '0017000',
    '00009+', '00010+', '00011+', '00012+', '00013+', '00014-', '00015+', // 55-96
    '05123-', // 97-102 composite delta −0.5123
    '00223456', // 103-110 implied volatility 0.223456
    '0000456+', // 111-118 settlement price
  ),
  line('81', 'SEO', 'TCH       ', 'TCH       ', 'OOP', 'P', '000000', '  ', ' ', '202403', '  ', ' ', '0016500', '00000+'.repeat(9)),
  line(
    '82', 'SEO', 'TCH       ', 'TCH       ', 'OOP', 'P', '000000', '  ', ' ', '202403', '  ', ' ', '0016500',
    '00000+'.repeat(7),
    '00000+',
    '00000000',
    '0000003-',
  ),
];

describe('writeRpf', () => {
  it('writes every record at the columns of rpf-format.md, padded to its full length, LF-terminated', () => {
    const text = writeRpf(assembleRpf(sampleParts()));
    expect(text.split('\n')).toEqual([...EXPECTED, '']);
  });

  it('writes each record at its full length', () => {
    const lengths = EXPECTED.map((l) => [l.slice(0, 2).trim(), l.length]);
    for (const [type, length] of lengths) {
      const full = RECORD_LENGTH[type as keyof typeof RECORD_LENGTH];
      // C grows by 7 per leg beyond two (the sample's spread has three).
      expect(length).toBe(type === 'C' ? full + 7 : full);
    }
  });

  it('reads back as the model it was written from', () => {
    const model = assembleRpf(sampleParts());
    const parsed = parseRpf(writeRpf(model));
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
    expect(parsed.warnings).toEqual([]);
    // The model normalises nothing the writer re-expresses, except the rate and the B fixeds.
    expect(parsed.value.series).toStrictEqual(model.series);
    expect(parsed.value.currencyRates[0]?.multiplier).toEqual({ units: 7_812_500, scale: 6 });
    expect(parsed.value.arrayParameters[0]?.extremeMoveCoveredFraction).toEqual({ units: 3500, scale: 4 });
    expect(parsed.value.interSpreads[0]?.legs[1]?.ratio).toEqual({ units: 25_000, scale: 4 });
    expect(parsed.value.combinedCommodities).toStrictEqual(model.combinedCommodities);
  });

  it('gives the same bytes as a Buffer', () => {
    const model = assembleRpf(sampleParts());
    expect(writeRpfBytes(model).toString('latin1')).toBe(writeRpf(model));
  });

  it("writes each CC under its own exchange's record 1, whatever the model's order", () => {
    const parts = sampleParts();
    const reversed = assembleRpf({ ...parts, combinedCommodities: [...parts.combinedCommodities].reverse() });
    expect(writeRpf(reversed)).toBe(writeRpf(assembleRpf(parts)));
  });

  it('continues a group of more than ten CCs on further record 5 lines', () => {
    const parts = sampleParts();
    const extra: CombinedCommodity[] = Array.from({ length: 11 }, (_, i) => ({
      ...(parts.combinedCommodities[1] as CombinedCommodity),
      code: `SEX${String(i).padStart(2, '0')}`,
      products: [{ commodity: `X${i}`, productType: 'OOP', riskArrayLocator: 0 }],
    }));
    const ccs = extra.map((c) => c.code);
    const text = writeRpf(
      assembleRpf({ ...parts, combinedCommodities: [...parts.combinedCommodities, ...extra], ccGroups: [{ code: 'BIG', ccs }] }),
    );
    const fives = text.split('\n').filter((l) => l.startsWith('5 '));
    expect(fives).toEqual([
      pad(line('5 ', 'BIG', '       ', ...ccs.slice(0, 10).map((c) => `${c} `)), 72),
      pad(line('5 ', 'BIG', '       ', 'SEX10 '), 72),
    ]);
  });

  describe('refuses a model the layout cannot carry, naming record, subject, field and value', () => {
    const cases: [string, (p: RpfParts) => RpfParts, RegExp][] = [
      [
        'a risk-array value wider than 9(5)',
        (p) => ({ ...p, series: p.series.map((s, i) => (i === 0 ? { ...s, riskArray: [0, 0, 0, 100_000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] } : s)) }),
        /^record 81 series HKFHSI .*: risk array value 4 "100000": wider than its 5 digits$/,
      ],
      [
        'a negative strike',
        (p) => ({ ...p, series: p.series.map((s, i) => (i === 1 ? { ...s, strike: -1 } : s)) }),
        /^record 81 series .*: strike price "-1": negative in an unsigned field$/,
      ],
      [
        'a composite delta beyond 9.9999',
        (p) => ({ ...p, series: p.series.map((s, i) => (i === 1 ? { ...s, compositeDelta: -100_000 } : s)) }),
        /^record 82 series .*: composite delta "-100000": wider than its 5 digits$/,
      ],
      [
        'three delivery months',
        (p) => withCc(p, 0, (cc) => ({
          ...cc,
          spot: cc.spot && { ...cc.spot, deliveryMonths: [...cc.spot.deliveryMonths, { monthNumber: 3, month: 202405, consumedRate: 1, remainingRate: 1 }] },
        })),
        /^record 4 CC FEHSI: number of delivery months "3": at most 2 fit a record 4$/,
      ],
      [
        'a risk exponent of 10',
        (p) => withCc(p, 0, (cc) => ({ ...cc, riskExponent: 10 })),
        /^record 2 CC FEHSI: risk exponent "10": wider than its 1 digits$/,
      ],
      [
        'a CC code of seven characters',
        (p) => ({ ...withCc(p, 1, (cc) => ({ ...cc, code: 'SETCHXX' })), ccGroups: [], interSpreads: [] }),
        /^record 2 CC SETCHXX: CC code "SETCHXX": longer than its 6 columns$/,
      ],
      [
        'a group naming a CC no record 2 defines',
        (p) => ({ ...p, ccGroups: [{ code: 'ALL', ccs: ['FEHSI', 'SEXXX'] }] }),
        /^record 5 group ALL: CC code "SEXXX": no record 2 defines this CC$/,
      ],
      [
        'a rate with more decimals than its field',
        (p) => ({ ...p, currencyRates: [{ from: 'USD', fromCode: 'U', to: 'HKD', toCode: 'H', multiplier: { units: 78125001, scale: 7 } }] }),
        /^record T rate USD->HKD: multiplier "7.8125001": has more than 6 decimals$/,
      ],
      [
        'an inter spread of five legs',
        (p) => ({
          ...p,
          interSpreads: p.interSpreads!.map((s) => ({ ...s, legs: [...s.legs, ...s.legs, s.legs[0]!] })),
        }),
        /^record 6 group ALL priority 1: legs "5": a record 6 holds 2 to 4 legs$/,
      ],
      [
        'a header whose flags read back as another kind',
        (p) => ({ ...p, header: { ...p.header, kind: 'final' } }),
        /^record 0 header: file identifier "SE": reads back as early, not final$/,
      ],
      [
        'a B record for a product no CC lists',
        (p) => ({ ...p, arrayParameters: p.arrayParameters!.map((b) => ({ ...b, commodity: 'ZZZ' })) }),
        /^record B ZZZ OOF 202404\/202404: commodity code "ZZZ OOF": no record 2 lists this commodity and product type$/,
      ],
      [
        'a month 13',
        (p) => withCc(p, 0, (cc) => ({ ...cc, tiers: [{ number: 1, startMonth: 202401, endMonth: 202413 }] })),
        /^record 3 CC FEHSI: tier end month "202413": not a CCYYMM month$/,
      ],
    ];
    for (const [what, change, message] of cases) {
      it(what, () => {
        const model = assembleRpf(change(sampleParts()));
        let thrown: unknown;
        try {
          writeRpf(model);
        } catch (e) {
          thrown = e;
        }
        expect(thrown).toBeInstanceOf(RpfWriteError);
        expect((thrown as Error).message).toMatch(message);
      });
    }
  });
});

function withCc(p: RpfParts, index: number, change: (cc: CombinedCommodity) => CombinedCommodity): RpfParts {
  return { ...p, combinedCommodities: p.combinedCommodities.map((cc, i) => (i === index ? change(cc) : cc)) };
}
