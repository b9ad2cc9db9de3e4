import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRpf, readRpfFile } from '../src/index';
import type { RpfError, RpfResult } from '../src/index';

// Malformed variants of fixtures/rpf/small.lis, each made by editing the bytes named in the
// test (line and column numbers are those of fixtures/rpf/README.md), with the error the parser
// must report written out by hand.
const SMALL = readFileSync(new URL('../../../fixtures/rpf/small.lis', import.meta.url), 'latin1');
const LINES: readonly string[] = SMALL.split('\n').slice(0, -1);

/** small.lis with `text` written over line `line` from column `col` (1-based). */
function overwrite(line: number, col: number, text: string): string[] {
  const lines = [...LINES];
  const l = lines[line - 1]!;
  lines[line - 1] = l.slice(0, col - 1) + text + l.slice(col - 1 + text.length);
  return lines;
}

const file = (lines: readonly string[]) => `${lines.join('\n')}\n`;

function errorsOf(result: RpfResult): readonly RpfError[] {
  if (result.ok) throw new Error('expected errors, the file parsed');
  return result.errors;
}

/** The single error of a variant, as the fields a user sees. */
function onlyError(lines: readonly string[]) {
  const errors = errorsOf(parseRpf(file(lines), { fileName: 'small.lis' }));
  expect(errors).toHaveLength(1);
  const { _tag, line, column, recordType, field, text, file: f } = errors[0]!;
  expect(f).toBe('small.lis');
  return { _tag, line, column, recordType, field, text };
}

describe('error tags', () => {
  it('TruncatedField: an 81 line that ends inside a risk-array value', () => {
    // Line 25 cut to 100 bytes: value 8 occupies columns 97-101 ("40300"), 97-100 remain.
    const lines = [...LINES];
    lines[24] = lines[24]!.slice(0, 100);
    expect(onlyError(lines)).toEqual({
      _tag: 'TruncatedField',
      line: 25,
      column: 97,
      recordType: '81',
      field: 'risk-array value 8',
      text: '4030',
    });
  });

  it('TruncatedField: 81/82 must be complete, even when only a sign byte is missing', () => {
    const lines = [...LINES];
    lines[25] = lines[25]!.slice(0, 117); // 82 without its settlement-price sign (column 118)
    expect(onlyError(lines)).toEqual({
      _tag: 'TruncatedField',
      line: 26,
      column: 118,
      recordType: '82',
      field: 'settlement price sign',
      text: '',
    });
  });

  it('TruncatedField: a C line that ends inside a leg it declares', () => {
    // Line 9 "C FEXXX 0101020001200010101A020201B": leg 2 ratio at 33-34, cut after column 33.
    const lines = [...LINES];
    lines[8] = lines[8]!.slice(0, 33);
    expect(onlyError(lines)).toEqual({
      _tag: 'TruncatedField',
      line: 9,
      column: 33,
      recordType: 'C',
      field: 'leg 2 delta-per-spread ratio',
      text: '0',
    });
  });

  it('TruncatedField: a record 4 that ends inside its SOM rate (columns 63-69)', () => {
    const lines = [...LINES];
    lines[10] = lines[10]!.slice(0, 66);
    expect(onlyError(lines)).toEqual({
      _tag: 'TruncatedField',
      line: 11,
      column: 63,
      recordType: '4',
      field: 'short option minimum charge rate',
      text: '0000',
    });
  });

  it('TruncatedField: a record 2 product slot cut inside its product type', () => {
    // Line 12, slot 2 starts at 39: commodity 39-48 "YYY", product type 49-51 "OOP".
    const lines = [...LINES];
    lines[11] = lines[11]!.slice(0, 42);
    expect(onlyError(lines)).toEqual({
      _tag: 'TruncatedField',
      line: 12,
      column: 49,
      recordType: '2',
      field: 'product 2 product type',
      text: '',
    });
  });

  it('NonNumericField: a letter in a risk-array value', () => {
    // Line 27 value 1 is columns 55-59 "01234": column 57 becomes X.
    expect(onlyError(overwrite(27, 57, 'X'))).toEqual({
      _tag: 'NonNumericField',
      line: 27,
      column: 55,
      recordType: '81',
      field: 'risk-array value 1',
      text: '01X34',
    });
  });

  it('NonNumericField: a blank in a tier month of record 3', () => {
    // Line 7 tier 2 end month is columns 33-38 "201612".
    expect(onlyError(overwrite(7, 35, ' '))).toEqual({
      _tag: 'NonNumericField',
      line: 7,
      column: 33,
      recordType: '3',
      field: 'tier 2 end month',
      text: '20 612',
    });
  });

  it('BadSign: a sign byte that is not +, - or blank', () => {
    expect(onlyError(overwrite(26, 102, '*'))).toEqual({
      _tag: 'BadSign',
      line: 26,
      column: 102,
      recordType: '82',
      field: 'composite delta sign',
      text: '*',
    });
    expect(onlyError(overwrite(25, 60, '#'))).toEqual({
      _tag: 'BadSign',
      line: 25,
      column: 60,
      recordType: '81',
      field: 'risk-array value 1 sign',
      text: '#',
    });
  });

  it('InvalidValue: a record 6 credit method other than blank or W', () => {
    expect(onlyError(overwrite(23, 101, 'X'))).toEqual({
      _tag: 'InvalidValue',
      line: 23,
      column: 101,
      recordType: '6',
      field: 'credit method',
      text: 'X',
    });
  });

  it('InvalidValue: a market side other than A or B, an option right other than C, P or blank', () => {
    expect(onlyError(overwrite(10, 42, 'Q'))).toEqual({
      _tag: 'InvalidValue',
      line: 10,
      column: 42,
      recordType: 'C',
      field: 'leg 3 market side',
      text: 'Q',
    });
    const lines = overwrite(27, 29, 'X');
    lines[27] = overwrite(28, 29, 'X')[27]!;
    expect(onlyError(lines)).toEqual({
      _tag: 'InvalidValue',
      line: 27,
      column: 29,
      recordType: '81',
      field: 'option right',
      text: 'X',
    });
  });

  it('UnpairedRiskArray: an 81 not followed by its 82', () => {
    const lines = LINES.filter((_, i) => i !== 25); // drop line 26 (the 82 of line 25)
    expect(onlyError(lines)).toEqual({
      _tag: 'UnpairedRiskArray',
      line: 25,
      column: 1,
      recordType: '81',
      field: 'record type',
      text: '81',
    });
  });

  it('UnpairedRiskArray: an 82 without its 81, and an 81 at the end of the file', () => {
    const without81 = LINES.filter((_, i) => i !== 24); // drop line 25: line 25 is now an 82
    expect(onlyError(without81)).toEqual({
      _tag: 'UnpairedRiskArray',
      line: 25,
      column: 1,
      recordType: '82',
      field: 'record type',
      text: '82',
    });
    expect(onlyError(LINES.slice(0, 33))).toEqual({
      _tag: 'UnpairedRiskArray',
      line: 33,
      column: 1,
      recordType: '81',
      field: 'record type',
      text: '81',
    });
  });

  it('MismatchedRiskArray: 81 and 82 of different series', () => {
    // Line 26 strike (columns 48-54) "0000000" → "0000001".
    expect(onlyError(overwrite(26, 54, '1'))).toEqual({
      _tag: 'MismatchedRiskArray',
      line: 26,
      column: 48,
      recordType: '82',
      field: 'strike price',
      text: '0000001',
    });
  });

  it('DuplicateSeries: the same identity twice', () => {
    const lines = [...LINES, LINES[26]!, LINES[27]!]; // lines 35-36 repeat lines 27-28
    expect(onlyError(lines)).toEqual({
      _tag: 'DuplicateSeries',
      line: 35,
      column: 3,
      recordType: '81',
      field: 'series identity',
      text: 'HKFXXX       XXX       OOPC201610   201610   0023000',
    });
  });

  it('UnknownCombinedCommodity: a record 3 of an undefined CC', () => {
    expect(onlyError(overwrite(13, 5, 'Z'))).toEqual({
      _tag: 'UnknownCombinedCommodity',
      line: 13,
      column: 3,
      recordType: '3',
      field: 'CC code',
      text: 'FEZYY',
    });
  });

  it('UnknownCombinedCommodity: records 5, 6, C and 4 naming undefined CCs', () => {
    expect(onlyError(overwrite(20, 19, 'FEQQQ'))).toMatchObject({ line: 20, column: 19, recordType: '5', field: 'CC code 2', text: 'FEQQQ' });
    expect(onlyError(overwrite(24, 39, 'FEQQQ'))).toMatchObject({ line: 24, column: 39, recordType: '6', field: 'leg 2 CC code', text: 'FEQQQ' });
    expect(onlyError(overwrite(9, 3, 'FEQQQ'))).toMatchObject({ line: 9, column: 3, recordType: 'C', text: 'FEQQQ' });
    expect(onlyError(overwrite(17, 3, 'FEQQQ'))).toMatchObject({ line: 17, column: 3, recordType: '4', text: 'FEQQQ' });
  });

  it('UnknownCombinedCommodity: a series whose commodity and product type no record 2 lists', () => {
    const lines = overwrite(33, 8, 'Y'); // HEX → HEY on both lines of the pair
    lines[33] = overwrite(34, 8, 'Y')[33]!;
    expect(onlyError(lines)).toEqual({
      _tag: 'UnknownCombinedCommodity',
      line: 33,
      column: 6,
      recordType: '81',
      field: 'commodity code',
      text: 'HEY OOP',
    });
  });

  it('RecordBeforeParent: a record 2 before any record 1', () => {
    const lines = [LINES[0]!, LINES[1]!, LINES[2]!, LINES[4]!, LINES[3]!, ...LINES.slice(5)];
    expect(onlyError(lines)).toEqual({
      _tag: 'RecordBeforeParent',
      line: 4,
      column: 1,
      recordType: '2',
      field: 'record type',
      text: '2',
    });
  });

  it('RecordBeforeParent: a series before the record 2 of its product', () => {
    // The HEX pair (lines 33-34) moved before line 16, the record 2 of SEHEX.
    const lines = [...LINES.slice(0, 15), LINES[32]!, LINES[33]!, ...LINES.slice(15, 32)];
    const error = onlyError(lines);
    expect(error).toEqual({
      _tag: 'RecordBeforeParent',
      line: 16,
      column: 6,
      recordType: '81',
      field: 'commodity code',
      text: 'HEX OOP',
    });
  });

  it('RecordBeforeParent: a record before the record 0 header', () => {
    const lines = [LINES[1]!, LINES[0]!, ...LINES.slice(2)];
    expect(onlyError(lines)).toEqual({
      _tag: 'RecordBeforeParent',
      line: 1,
      column: 1,
      recordType: 'T',
      field: 'record type',
      text: 'T',
    });
  });

  it('BadHeader: a second record 0, or none', () => {
    expect(onlyError([...LINES, LINES[0]!])).toEqual({
      _tag: 'BadHeader',
      line: 35,
      column: 1,
      recordType: '0',
      field: 'record type',
      text: '0',
    });
    const errors = errorsOf(parseRpf(''));
    expect(errors.map((e) => [e._tag, e.line, e.column, e.field])).toEqual([['BadHeader', 0, 0, 'record 0']]);
  });

  it('Io: a file that cannot be read', async () => {
    const result = await readRpfFile('/nonexistent/dir/rpf______-_____-__-_____-160930.lis');
    const errors = errorsOf(result);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ _tag: 'Io', file: 'rpf______-_____-__-_____-160930.lis', line: 0, column: 0 });
    expect(errors[0]!.message).toContain('ENOENT');
  });
});

describe('error reporting', () => {
  it('a message names file, line, column, record, field and text', () => {
    const errors = errorsOf(parseRpf(file(overwrite(27, 57, 'X')), { fileName: 'small.lis' }));
    expect(errors[0]!.message).toBe('small.lis:27:55: record 81 risk-array value 1 "01X34": not 5 digits');
  });

  it('collects several errors in file order, and stops at maxErrors', () => {
    let lines = overwrite(29, 55, 'x'); // line 29
    lines = lines.map((l, i) => (i === 26 ? `${l.slice(0, 60)}?${l.slice(61)}` : l)); // line 27 col 61
    const errors = errorsOf(parseRpf(file(lines)));
    expect(errors.map((e) => [e._tag, e.line, e.column])).toEqual([
      ['NonNumericField', 27, 61],
      ['NonNumericField', 29, 55],
    ]);
    // Every 81 line broken: 5 errors, capped at 3.
    const all = LINES.map((l) => (l.startsWith('81') ? `${l.slice(0, 54)}ABCDE${l.slice(59)}` : l));
    const capped = errorsOf(parseRpf(file(all), { maxErrors: 3 }));
    expect(capped.map((e) => e.line)).toEqual([25, 27, 29]);
  });

  it('keeps a repeated series among the first maxErrors when it comes first in the file', () => {
    // Lines 27-28 repeated as lines 29-30, then the 81 lines of the three later series (now 31,
    // 33, 35) broken in their first risk-array value: the repeat is the first error of the file.
    const lines = [...LINES.slice(0, 28), LINES[26]!, LINES[27]!, ...LINES.slice(28)].map((l, i) =>
      i >= 30 && l.startsWith('81') ? `${l.slice(0, 54)}ABCDE${l.slice(59)}` : l,
    );
    const capped = errorsOf(parseRpf(file(lines), { fileName: 'small.lis', maxErrors: 2 }));
    expect(capped.map((e) => [e._tag, e.line])).toEqual([
      ['DuplicateSeries', 29],
      ['NonNumericField', 31],
    ]);
    expect(capped[0]!.message).toBe(
      'small.lis:29:3: record 81 series identity "HKFXXX       XXX       OOPC201610   201610   0023000": the same series as lines 27-28',
    );
  });

  it('never presents a partial model: any error means ok:false', () => {
    const result = parseRpf(file(overwrite(33, 57, '.')));
    expect(result.ok).toBe(false);
    expect('value' in result).toBe(false);
  });
});

describe('lenient where the format allows', () => {
  const reference = parseRpf(SMALL);

  it('accepts CRLF line ends', () => {
    expect(parseRpf(SMALL.replaceAll('\n', '\r\n'))).toEqual(reference);
  });

  it('accepts trailing blanks trimmed from every line (text, filler and unused slots)', () => {
    const trimmed = LINES.map((l) => l.trimEnd());
    expect(trimmed.filter((l, i) => l !== LINES[i]).length).toBe(14);
    expect(parseRpf(file(trimmed))).toEqual(reference);
  });

  it('accepts a last line without a line end', () => {
    expect(parseRpf(SMALL.slice(0, -1))).toEqual(reference);
  });

  it('reads a blank sign as +, and a trimmed blank sign too', () => {
    // Line 16 slot 1 "HEX       OOP0+": sign (column 37) blank, then the line trimmed after 36.
    const lines = overwrite(16, 37, ' ');
    lines[15] = lines[15]!.trimEnd();
    const r = parseRpf(file(lines));
    expect(r.ok && r.value.ccByCode.get('SEHEX')!.products).toEqual([{ commodity: 'HEX', productType: 'OOP', riskArrayLocator: 0 }]);
    const blankValueSign = parseRpf(file(overwrite(25, 72, ' '))); // value 3 "20150-" → "20150 "
    expect(blankValueSign.ok && blankValueSign.value.series[0]!.riskArray[2]).toBe(20150);
  });

  it('reads blank record 6 credit method as W and blank SOM method as 2', () => {
    const r = parseRpf(file(overwrite(11, 79, ' ').map((l, i) => (i === 22 ? `${l.slice(0, 100)} ${l.slice(101)}` : l))));
    if (!r.ok) throw new Error(r.errors[0]!.message);
    expect(r.value.interSpreads[0]!.creditMethod).toBe('W');
    expect(r.value.ccByCode.get('FEXXX')!.spot!.somMethod).toBe('2');
  });

  it('skips unknown record types with one warning per type, counted', () => {
    const lines = [...LINES.slice(0, 4), 'P something new', 'Z9', ...LINES.slice(4, 10), 'P  again', '', ...LINES.slice(10)];
    const r = parseRpf(file(lines), { fileName: 'x.lis' });
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => [w._tag, w.recordType, w.line, w.count])).toEqual([
      ['UnknownRecordType', 'P', 5, 2],
      ['UnknownRecordType', 'Z9', 6, 1],
      ['UnknownRecordType', '', 14, 1],
    ]);
    expect(r.warnings[0]!.message).toBe('x.lis:5: unknown record type "P" skipped (2 lines, the first at line 5)');
  });
});

describe('file kind from record 0 and from the file name', () => {
  it('derives intraday, early and final from the settlement flag and file identifier', () => {
    const kind = (flagAndId: string) => {
      const r = parseRpf(file(overwrite(1, 17, flagAndId)));
      return r.ok ? [r.value.header.kind, r.value.header.settlementFlag, r.value.header.fileId] : r.errors[0]!.message;
    };
    expect(kind('SF ')).toEqual(['final', 'S', 'F']);
    expect(kind('SE ')).toEqual(['early', 'S', 'E']);
    expect(kind('SI2')).toEqual(['intraday', 'S', 'I2']);
    expect(kind('I  ')).toEqual(['intraday', 'I', '']);
    expect(onlyError(overwrite(1, 17, 'SX '))).toEqual({
      _tag: 'InvalidValue',
      line: 1,
      column: 18,
      recordType: '0',
      field: 'file identifier',
      text: 'X ',
    });
  });

  it('records what an HKEX file name says, and warns when it disagrees with record 0', () => {
    const same = parseRpf(SMALL, { fileName: 'rpf______-_____-__-_____-160930.lis' });
    expect(same.ok && same.value.source).toEqual({
      fileName: 'rpf______-_____-__-_____-160930.lis',
      fromFileName: { kind: 'final', businessDate: '2016-09-30', businessTime: undefined },
    });
    expect(same.warnings).toEqual([]);

    const other = parseRpf(SMALL, { fileName: 'rpi______-_____-__-_____-160930-1130.lis' });
    expect(other.ok && other.value.header.kind).toBe('final');
    expect(other.warnings).toEqual([
      {
        _tag: 'FileNameMismatch',
        file: 'rpi______-_____-__-_____-160930-1130.lis',
        line: 1,
        recordType: '0',
        count: 1,
        message:
          'rpi______-_____-__-_____-160930-1130.lis:1: the file name says intraday 2016-09-30 11:30 but record 0 says final 2016-09-30; using record 0',
      },
    ]);
  });
});
