import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Rpf01File, Rpf01HeaderKey, Rpf01Result } from '../src/index';
import { formatFixed, MAX_RPF01_ERRORS, parseRpf01, parseRpf01Stream, readRpf01, rpf01Text } from '../src/index';

// The hand-made file of fixtures/var (its README lists every value).
const FIXTURE = fileURLToPath(new URL('../../../fixtures/var/rpf01-small.csv', import.meta.url));

/** A file with HVaR_Scen_Count 3 and SVaR_Scen_Count 2, header on lines 1-12, column header (1,2,3,4) on 13. */
function small(rows: readonly string[], header: Partial<Record<Rpf01HeaderKey, string>> = {}): string {
  return rpf01Text(rows, { HVaR_Scen_Count: '3', SVaR_Scen_Count: '2', ...header });
}

function value(r: Rpf01Result): Rpf01File {
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.value;
}

function hvarRow(f: Rpf01File, id: string): number[] {
  const r = f.hvar.rowOf.get(id);
  if (r === undefined) throw new Error(`no HVaR row ${id}`);
  return Array.from(f.hvar.units.subarray(r * f.hvar.count, (r + 1) * f.hvar.count));
}

function firstError(r: Rpf01Result) {
  expect(r.ok).toBe(false);
  if (r.ok) throw new Error('expected errors');
  const [e] = r.errors;
  if (e === undefined) throw new Error('no error');
  return e;
}

describe('RPF01 fixture (fixtures/var/rpf01-small.csv)', () => {
  const f = value(parseRpf01(readFileSync(FIXTURE), { fileName: 'rpf01-small.csv' }));

  it('reads the header block as written', () => {
    expect(f.header).toMatchObject({
      valuationDate: '2022-06-30',
      hvarWeight: { units: 75, scale: 2 },
      svarWeight: { units: 25, scale: 2 },
      hvarScenarioCount: 10,
      svarScenarioCount: 8,
      stvCount: 0,
      hvarConfidence: { units: 8, scale: 1 },
      svarConfidence: { units: 75, scale: 2 },
      hvarMeasure: '4',
      svarMeasure: '4',
      rounding: { units: 10000, scale: 0 },
      holidayFactor: { units: 4142135624, scale: 10 },
    });
    expect(f.header.entries).toHaveLength(12);
  });

  it('holds scenario returns as exact integers × 10^-10', () => {
    // 1,1,-0.02,0.01,-0.05,0.03,-0.01,0,-0.03,0.02,-0.04,0.01
    expect(hvarRow(f, '1')).toEqual([-2e8, 1e8, -5e8, 3e8, -1e8, 0, -3e8, 2e8, -4e8, 1e8]);
    // 12345 scenario 6 is 0.00002 and scenario 10 is -0.00002; 9988 scenario 9 is -0.05625.
    expect(hvarRow(f, '12345')[5]).toBe(200_000);
    expect(hvarRow(f, '12345')[9]).toBe(-200_000);
    expect(hvarRow(f, '9988')[8]).toBe(-562_500_000);
    expect(f.hvar.instruments).toEqual(['1', '5', '9988', '2800', '12345', '23456']);
    expect(f.svar.count).toBe(8);
    // SVaR rows are padded with two empty cells to the 10 numbered columns: allowed.
    const r = f.svar.rowOf.get('1') ?? -1;
    expect(Array.from(f.svar.units.subarray(r * 8, r * 8 + 8))).toEqual([-8e8, 4e8, -6e8, 2e8, -1e9, 5e8, -2e8, 1e8]);
    expect(f.hvar.maxAbsUnits[f.hvar.rowOf.get('1') ?? -1]).toBe(5e8);
    expect(f.hvar.lines[0]).toBe(14);
  });

  it('reads FieldTypes 3-7', () => {
    expect(f.flatRates.get('8003')).toEqual({ instrument: '8003', line: 38, rate: { units: 3, scale: 1 } });
    expect(f.liquidity.get('1')).toEqual({
      instrument: '1',
      line: 16,
      bucketRate: { units: 1, scale: 1 },
      beta: { units: 12, scale: 1 },
      threshold: { units: 300000, scale: 0 },
      cashDelta: { units: 50, scale: 0 },
    });
    expect(f.structuredProducts.get('23456')).toMatchObject({
      underlying: '9988',
      delta: { units: -4, scale: 1 },
      conversionRatio: { units: 10, scale: 0 },
      cashDelta: { units: -8, scale: 1 },
    });
    expect(f.structuredProductAddOns.get('12345')).toMatchObject({ priceThreshold: { units: 3, scale: 1 }, tickMultiplierTenth: { units: 5, scale: 1 } });
    expect(f.corporateActions.get('1')).toEqual([
      {
        instrument: '1',
        line: 17,
        entitlementType: 3,
        entitlementPrice: { units: 12, scale: 1 },
        shortAddOnRate: { units: 1, scale: 1 },
        longAddOnRate: { units: 5, scale: 2 },
      },
    ]);
  });

  it('streams from a file to the same model', async () => {
    const s = value(await readRpf01(FIXTURE));
    expect(s.fileName).toBe(FIXTURE);
    expect(Array.from(s.hvar.units)).toEqual(Array.from(f.hvar.units));
    expect(Array.from(s.svar.units)).toEqual(Array.from(f.svar.units));
    expect(s.header).toEqual(f.header);
    expect([...s.corporateActions]).toEqual([...f.corporateActions]);
  });
});

describe('RPF01 decimals', () => {
  const cases: [string, number][] = [
    ['-0.0123456789', -123_456_789],
    ['+0.5', 5_000_000_000],
    ['1.2E-05', 120_000],
    ['.5', 5_000_000_000],
    ['5.', 50_000_000_000],
    ['"0.25"', 2_500_000_000],
    [' 0.25 ', 2_500_000_000],
    ['0.12345678900', 1_234_567_890], // 11 places, the last a zero: still exact at 10
    ['123456.1234567891', 1_234_561_234_567_891], // 16 digits: beyond the fast path
    ['900719.9254740991', 9_007_199_254_740_991], // the largest that fits
    ['-0', 0],
    ['0', 0],
  ];
  it.each(cases)('reads %s exactly', (text, units) => {
    const f = value(parseRpf01(small([`1,1,${text},0,0`, '1,2,0,0'])));
    const got = hvarRow(f, '1')[0];
    expect(got).toBe(units);
    expect(Object.is(got, -0)).toBe(false);
  });

  it('reads any decimal of ≤ 10 places exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.integer({ min: 0, max: 10 }),
        fc.constantFrom('', '+', 'pad', 'exp'),
        (units, scale, style) => {
          let text = formatFixed(Number(units), scale);
          if (style === '+' && units >= 0n) text = `+${text}`;
          if (style === 'pad') text = scale > 0 ? `${text}00` : `${text}.00`;
          if (style === 'exp') text = `${units}E-${scale}`;
          // Expected, independently: units × 10^(10 − scale).
          const expected = units * 10n ** BigInt(10 - scale);
          const r = parseRpf01(small([`1,1,0,${text},0`, '1,2,0,0']));
          if (expected > BigInt(Number.MAX_SAFE_INTEGER) || expected < -BigInt(Number.MAX_SAFE_INTEGER)) {
            expect(firstError(r)._tag).toBe('OutOfRange');
          } else {
            expect(hvarRow(value(r), '1')[1]).toBe(Number(expected));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('accepts CRLF line ends, a byte-order mark, blank lines and padded rows', () => {
    const text = '\uFEFF' + small(['', '1,1,0.1,0.2,0.3,,,', ',,,', '1,2,0.4,0.5']).replace(/\n/g, '\r\n');
    const f = value(parseRpf01(text));
    expect(hvarRow(f, '1')).toEqual([1e9, 2e9, 3e9]);
    expect(f.header.valuationDate).toBe('2022-06-30');
  });

  it('streams in any chunking to the same result as in memory (property)', async () => {
    const text = readFileSync(FIXTURE);
    const whole = value(parseRpf01(text));
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 40 }), async (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), text.length];
        const chunks = points.slice(1).map((end, i) => text.subarray(points[i], end));
        const s = value(await parseRpf01Stream(Readable.from(chunks)));
        expect(Array.from(s.hvar.units)).toEqual(Array.from(whole.hvar.units));
        expect(Array.from(s.svar.units)).toEqual(Array.from(whole.svar.units));
        expect([...s.liquidity]).toEqual([...whole.liquidity]);
      }),
      { numRuns: 60 },
    );
  });
});

describe('RPF01 bad files', () => {
  // Row lines: the first record row is line 14.
  it('a scenario row with too few values names the line, the end column and the missing scenario', () => {
    const e = firstError(parseRpf01(small(['1,1,0.1,0.2', '1,2,0,0']), { fileName: 'f.csv' }));
    expect(e).toMatchObject({ _tag: 'WrongValueCount', file: 'f.csv', line: 14, column: 12, field: 'HVaR scenario 3' });
    expect(e.message).toBe('f.csv:14:12: HVaR scenario 3 "": FieldType 1 has 2 values; the header\'s HVaR_Scen_Count is 3');
  });

  it('a scenario row with too many values names the extra one', () => {
    const e = firstError(parseRpf01(small(['1,1,0.1,0.2,0.3,0.4', '1,2,0,0'])));
    expect(e).toMatchObject({ _tag: 'WrongValueCount', line: 14, column: 17, field: 'HVaR scenario 4', text: '0.4' });
  });

  it('a non-number names line, column, scenario and text', () => {
    const e = firstError(parseRpf01(small(['1,1,0,0,0', '1,2,0.1,abc'])));
    // 1,2,0.1,abc: "abc" starts at column 9 of line 15.
    expect(e).toMatchObject({ _tag: 'BadNumber', line: 15, column: 9, field: 'SVaR scenario 2', text: 'abc' });
  });

  it('more than 10 decimal places, an empty cell, a return too large to hold exactly', () => {
    expect(firstError(parseRpf01(small(['1,1,0.12345678901,0,0', '1,2,0,0'])))).toMatchObject({ _tag: 'BadNumber', column: 5 });
    expect(firstError(parseRpf01(small(['1,1,0,,0', '1,2,0,0'])))).toMatchObject({ _tag: 'MissingField', field: 'HVaR scenario 2' });
    expect(firstError(parseRpf01(small(['1,1,0,0,1000000', '1,2,0,0'])))).toMatchObject({ _tag: 'OutOfRange', field: 'HVaR scenario 3', text: '1000000' });
  });

  it('a missing, repeated or malformed header value', () => {
    expect(firstError(parseRpf01(small([], { Rounding: '' })))).toMatchObject({ _tag: 'BadHeader', field: 'Rounding', line: 0 });
    expect(firstError(parseRpf01(small([], { Valuation_DT: '31/2/2022' })))).toMatchObject({
      _tag: 'BadHeader',
      field: 'Valuation_DT',
      line: 1,
      column: 14,
      text: '31/2/2022',
    });
    expect(firstError(parseRpf01(small([], { HVaR_Scen_Count: '1.5' })))).toMatchObject({ _tag: 'BadHeader', field: 'HVaR_Scen_Count' });
    const twice = 'HVaR_WGT,0.75\n' + small([]);
    expect(firstError(parseRpf01(twice))).toMatchObject({ _tag: 'BadHeader', field: 'HVaR_WGT', line: 3 });
    expect(firstError(parseRpf01('Rounding\n' + small([])))).toMatchObject({ _tag: 'BadHeader', line: 1 });
  });

  it('no column-header row, or one numbered wrongly or too short', () => {
    const noColumns = small(['1,1,0,0,0']).replace('InstrumentId,FieldType,1,2,3,4\n', '');
    const r = parseRpf01(noColumns);
    expect(firstError(r)).toMatchObject({ _tag: 'BadColumnHeader', line: 13 });
    expect(!r.ok && r.errors).toHaveLength(1);
    expect(firstError(parseRpf01('Valuation_DT,30/6/2022\n'))).toMatchObject({ _tag: 'BadColumnHeader', line: 0 });
    expect(firstError(parseRpf01(small([]).replace('1,2,3,4', '1,2,4')))).toMatchObject({ _tag: 'BadColumnHeader', line: 13, text: '4' });
    expect(firstError(parseRpf01(small([]).replace('1,2,3,4', '1,2')))).toMatchObject({ _tag: 'BadColumnHeader', line: 13 });
  });

  it('a second record of the same instrument and FieldType names the first', () => {
    const e = firstError(parseRpf01(small(['1,1,0,0,0', '1,2,0,0', '1,1,0,0,0'])));
    expect(e).toMatchObject({ _tag: 'DuplicateRecord', line: 16, text: '1' });
    expect(e.message).toContain('line 14');
    const ca = firstError(parseRpf01(small(['1,7,3,1,0.1,0.1', '1,7,2,1,0.1,0.1', '1,7,3,1,0.1,0.1'])));
    expect(ca).toMatchObject({ _tag: 'DuplicateRecord', line: 16 });
  });

  it('a bad FieldType is an error; an unknown one a warning', () => {
    expect(firstError(parseRpf01(small(['1,x,0'])))).toMatchObject({ _tag: 'BadNumber', field: 'FieldType', column: 3, text: 'x' });
    expect(firstError(parseRpf01(small(['1,,0'])))).toMatchObject({ _tag: 'MissingField', field: 'FieldType' });
    expect(firstError(parseRpf01(small([',1,0,0,0'])))).toMatchObject({ _tag: 'MissingField', field: 'InstrumentId', line: 14 });
    const r = parseRpf01(small(['1,9,0', '2,9,0']));
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([expect.objectContaining({ _tag: 'UnknownFieldType', line: 14, count: 2 })]);
  });

  it('parameter rows: a missing value, an extra value, a bad entitlement type', () => {
    expect(firstError(parseRpf01(small(['1,4,0.1,1,300000'])))).toMatchObject({
      _tag: 'MissingField',
      field: 'FieldType 4 column 4 (cash delta per quantity)',
      line: 14,
    });
    expect(firstError(parseRpf01(small(['1,3,0.1,7'])))).toMatchObject({ _tag: 'WrongValueCount', column: 9, text: '7' });
    expect(firstError(parseRpf01(small(['1,7,4,1,0.1,0.1'])))).toMatchObject({
      _tag: 'OutOfRange',
      field: 'FieldType 7 column 1 (entitlement type)',
      text: '4',
    });
    expect(firstError(parseRpf01(small(['1,4,0.1,1.2.3,300000,50'])))).toMatchObject({ _tag: 'BadNumber', column: 9, text: '1.2.3' });
  });

  it('an unknown header key is kept and reported as a warning', () => {
    const r = parseRpf01('Publisher,HKSCC\n' + small(['1,1,0,0,0', '1,2,0,0']));
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([expect.objectContaining({ _tag: 'UnknownHeaderKey', line: 1 })]);
  });

  it(`stops listing after ${MAX_RPF01_ERRORS} errors`, () => {
    const rows = Array.from({ length: 150 }, (_, i) => `${i},1,x,0,0`);
    const r = parseRpf01(small(rows));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(MAX_RPF01_ERRORS + 1);
    expect(r.errors[MAX_RPF01_ERRORS]?._tag).toBe('TooManyErrors');
  });

  it('the bad files of fixtures/var/bad', async () => {
    const bad = (name: string) => fileURLToPath(new URL(`../../../fixtures/var/bad/${name}`, import.meta.url));
    expect(firstError(await readRpf01(bad('rpf01-short-row.csv')))).toMatchObject({
      _tag: 'WrongValueCount',
      line: 14,
      field: 'HVaR scenario 10',
    });
    expect(firstError(await readRpf01(bad('rpf01-bad-number.csv')))).toMatchObject({
      _tag: 'BadNumber',
      line: 15,
      column: 16,
      field: 'SVaR scenario 3',
      text: 'x.05',
    });
    expect(firstError(await readRpf01(bad('rpf01-no-column-header.csv')))).toMatchObject({ _tag: 'BadColumnHeader', line: 13, text: '1' });
  });

  it('a file that cannot be read is an Io error', async () => {
    const e = firstError(await readRpf01('/nonexistent/rpf01.csv'));
    expect(e).toMatchObject({ _tag: 'Io', file: '/nonexistent/rpf01.csv', line: 0 });
  });
});
