import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField } from '@marginkit/rpf';
import type { PositionFileError, PositionRow } from '../src/index';
import { parsePositions, readPositions } from '../src/index';

/** The errors of a parse that must fail. */
function errorsOf(text: string, fileName = 'p.csv'): readonly PositionFileError[] {
  const r = parsePositions(text, { fileName });
  if (r.ok) throw new Error(`expected errors, got ${JSON.stringify(r.value)}`);
  return r.errors;
}

function rowsOf(text: string, fileName = 'p.csv'): PositionRow[] {
  const r = parsePositions(text, { fileName });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.value;
}

describe('positions CSV', () => {
  it('reads the contract columns, optional ones absent when empty', () => {
    const rows = rowsOf(
      'account,cc,series,quantity,basis,multiplier\n' +
        'A1,FEXXX,XXXM8,-6,,\n' +
        'A1,,XXX17400R8,+2,GROSS,1.50\n' +
        '"B, Ltd",SEHEX, HEX165.00U7 ,0,net,1.33\r\n',
    );
    expect(rows).toEqual([
      { account: 'A1', cc: 'FEXXX', series: 'XXXM8', quantity: -6, basis: undefined, multiplier: undefined, file: 'p.csv', line: 2 },
      { account: 'A1', cc: undefined, series: 'XXX17400R8', quantity: 2, basis: 'gross', multiplier: '1.50', file: 'p.csv', line: 3 },
      { account: 'B, Ltd', cc: 'SEHEX', series: 'HEX165.00U7', quantity: 0, basis: 'net', multiplier: '1.33', file: 'p.csv', line: 4 },
    ]);
  });

  it('needs only account, series and quantity; columns in any order and case', () => {
    expect(rowsOf('Quantity,SERIES,account\n5,XXXM8,A\n')).toEqual([
      { account: 'A', cc: undefined, series: 'XXXM8', quantity: 5, basis: undefined, multiplier: undefined, file: 'p.csv', line: 2 },
    ]);
  });

  it('accepts a header without rows (no accounts)', () => {
    expect(rowsOf('account,cc,series,quantity\n')).toEqual([]);
  });

  it('rejects an empty file', () => {
    const [e] = errorsOf('\n\n');
    expect(e).toMatchObject({ _tag: 'MissingColumn', file: 'p.csv', line: 1 });
    expect(e?.message).toMatch(/^p\.csv:1: the file is empty; expected a header \(need account,series,quantity/);
  });

  it('names each missing, unknown and repeated column of the header', () => {
    const errors = errorsOf('account,cc,series,multipler,cc\n');
    expect(errors.map((e) => [e._tag, e.field, e.value])).toEqual([
      ['UnknownColumn', 'column', 'multipler'],
      ['DuplicateColumn', 'column', 'cc'],
      ['MissingColumn', 'quantity', ''],
    ]);
    expect(errors[0]?.message).toBe('p.csv:1: column "multipler": is not a positions column (account, cc, series, quantity, basis, multiplier)');
  });

  it('reports CSV syntax errors with line and column', () => {
    const [e] = errorsOf('account,series,quantity\nA,XX"XM8,1\n');
    expect(e).toMatchObject({ _tag: 'Syntax', line: 2, column: 5 });
    expect(e?.message).toMatch(/^p\.csv:2:5: a quote inside an unquoted field/);
  });

  it('rejects a row with more fields than the header (an unquoted comma)', () => {
    const [e] = errorsOf('account,series,quantity\nSmith, J,XXXM8,1\n');
    expect(e).toMatchObject({ _tag: 'Syntax', line: 2 });
    expect(e?.message).toBe('p.csv:2: the row has 4 fields but the header has 3 (quote a field that holds a comma)');
  });

  // Each bad value on its own line 2, with the field named and the value as written.
  const bad: [string, string, string, RegExp][] = [
    ['missing account', ',,XXXM8,1', 'account', /is missing/],
    ['blank account', '  ,,XXXM8,1', 'account', /is missing/],
    ['missing series', 'A,FEXXX,,1', 'series', /is missing/],
    ['lower-case cc', 'A,fexxx,XXXM8,1', 'cc', /must be a CC code/],
    ['cc too long', 'A,FEXXXXX,XXXM8,1', 'cc', /must be a CC code/],
    ['empty quantity', 'A,,XXXM8,', 'quantity', /is missing/],
    ['decimal quantity', 'A,,XXXM8,1.5', 'quantity', /whole number of contracts/],
    ['whole decimal quantity', 'A,,XXXM8,2.0', 'quantity', /whole number of contracts/],
    ['exponent quantity', 'A,,XXXM8,1e3', 'quantity', /whole number of contracts/],
    ['separated quantity', 'A,,XXXM8,"1,000"', 'quantity', /whole number of contracts/],
    ['quantity past 2^53 - 1', 'A,,XXXM8,9007199254740992', 'quantity', /out of range/],
    ['quantity below -(2^53 - 1)', 'A,,XXXM8,-9007199254740992', 'quantity', /out of range/],
    ['basis', 'A,,XXXM8,1,both', 'basis', /must be net or gross/],
    ['negative multiplier', 'A,,XXXM8,1,,-1.33', 'multiplier', /positive decimal/],
    ['zero multiplier', 'A,,XXXM8,1,,0.00', 'multiplier', /positive decimal/],
    ['exponent multiplier', 'A,,XXXM8,1,,1e0', 'multiplier', /positive decimal/],
    ['comma multiplier', 'A,,XXXM8,1,,"1,33"', 'multiplier', /positive decimal/],
    ['signed multiplier', 'A,,XXXM8,1,,+1.33', 'multiplier', /positive decimal/],
  ];
  for (const [name, line, field, problem] of bad) {
    it(`rejects a ${name}`, () => {
      const errors = errorsOf(`account,cc,series,quantity,basis,multiplier\n${line}\n`);
      expect(errors).toHaveLength(1);
      const e = errors[0] as PositionFileError;
      expect([e._tag, e.file, e.line, e.field]).toEqual(['InvalidValue', 'p.csv', 2, field]);
      expect(e.message).toMatch(problem);
      expect(e.message.startsWith(`p.csv:2: ${field} ${JSON.stringify(e.value)}: `)).toBe(true);
      expect(e.message).not.toMatch(/\n/);
    });
  }

  it('reports every bad row and every bad field, not just the first', () => {
    const errors = errorsOf('account,series,quantity,basis\nA,XXXM8,1.5,x\nB,XXXM8,1,net\n,,,\n');
    expect(errors.map((e) => `${e.line} ${e.field} ${e.value}`)).toEqual(['2 quantity 1.5', '2 basis x', '4 account ', '4 series ', '4 quantity ']);
  });
});

describe('positions JSON', () => {
  it('reads an array of objects, numbers exactly as written, lines of each object', () => {
    const text = `[
  {"account": "A1", "cc": "FEXXX", "series": "XXXM8", "quantity": -6},
  {"account": "A2", "series": "YYY6800R7", "quantity": "10", "basis": "gross", "multiplier": 1.330,
   "cc": null}
]`;
    expect(rowsOf(text, 'p.json')).toEqual([
      { account: 'A1', cc: 'FEXXX', series: 'XXXM8', quantity: -6, basis: undefined, multiplier: undefined, file: 'p.json', line: 2 },
      // 1.330 stays the text the participant wrote, never a binary float.
      { account: 'A2', cc: undefined, series: 'YYY6800R7', quantity: 10, basis: 'gross', multiplier: '1.330', file: 'p.json', line: 3 },
    ]);
  });

  it('names the file, line, column, item, field and value of each bad value', () => {
    const text = `[
  {"account": "A1", "series": "XXXM8", "quantity": 1.5},
  {"account": 7, "series": "XXXM8", "quantity": 1e3, "multiplier": "x"},
  {"account": "A3", "series": "XXXM8", "quantity": 2, "multipler": "1.5"},
  "A4,XXXM8,1"
]`;
    const errors = errorsOf(text, 'p.json');
    expect(errors.map((e) => e.message)).toEqual([
      'p.json:2:52: item 0 quantity "1.5": must be a whole number of contracts (+ long, − short), without decimals or exponent',
      'p.json:3:15: item 1 account "7": must be a string',
      'p.json:3:49: item 1 quantity "1e3": must be a whole number of contracts (+ long, − short), without decimals or exponent',
      'p.json:3:68: item 1 multiplier "x": must be a positive decimal like 1.33 (no sign, exponent or separators), or empty',
      'p.json:4:68: item 2 key "multipler": is not a positions field (account, cc, series, quantity, basis, multiplier)',
      'p.json:5:3: item 3 must be an object {"account","cc","series","quantity"}, found "A4,XXXM8,1"',
    ]);
    expect(errors.map((e) => e.index)).toEqual([0, 1, 1, 1, 2, 3]);
  });

  it('reports a missing field at the object', () => {
    const [e] = errorsOf('[{"account": "A", "series": "XXXM8"}]', 'p.json');
    expect(e?.message).toBe('p.json:1:2: item 0 quantity "": is missing');
  });

  it('rejects malformed JSON and a document that is not an array', () => {
    expect(errorsOf('[{"account": "A",}]', 'p.json')[0]?.message).toMatch(/^p\.json:1:18: is not valid JSON: /);
    expect(errorsOf('{"account": "A"}', 'p.json')[0]?.message).toBe('p.json:1:1: must be a JSON array of position objects');
  });

  it('picks the format by extension, else by content', () => {
    const json = '[{"account":"A","series":"XXXM8","quantity":1}]';
    expect(parsePositions(json).ok).toBe(true);
    expect(parsePositions(json, { fileName: 'x.txt' }).ok).toBe(true);
    expect(parsePositions(json, { fileName: 'x.csv' }).ok).toBe(false);
    expect(parsePositions('account,series,quantity\nA,XXXM8,1\n', { fileName: 'x.dat', format: 'csv' }).ok).toBe(true);
  });
});

describe('readPositions', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mk-positions-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names the path in every row and error', async () => {
    const path = join(dir, 'book.csv');
    await writeFile(path, 'account,series,quantity\nA,XXXM8,1\nB,XXXM8,x\n');
    const r = await readPositions(path);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.message).toBe(`${path}:3: quantity "x": must be a whole number of contracts (+ long, − short), without decimals or exponent`);
  });

  it('reports a file it cannot read', async () => {
    const path = join(dir, 'missing.csv');
    const r = await readPositions(path);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]).toMatchObject({ _tag: 'Io', file: path, line: 0 });
      expect(r.errors[0]?.message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot read the positions: .*ENOENT`));
    }
  });
});

describe('round trip (property)', () => {
  const trimmed = (min: number) =>
    fc.string({ minLength: min, maxLength: 12, unit: fc.constantFrom('A', 'z', '9', ' ', ',', '"', '\n', '.', '-', 'é') }).map((s) => s.trim());
  const row = fc.record({
    account: trimmed(1).filter((s) => s !== ''),
    cc: fc.option(fc.stringMatching(/^[A-Z0-9]{1,6}$/), { nil: undefined }),
    series: trimmed(1).filter((s) => s !== ''),
    quantity: fc.maxSafeInteger().map((n) => (n === 0 ? 0 : n)),
    basis: fc.option(fc.constantFrom('net' as const, 'gross' as const), { nil: undefined }),
    multiplier: fc.option(
      fc.tuple(fc.nat({ max: 99 }), fc.option(fc.stringMatching(/^\d{1,4}$/), { nil: undefined })).filter(([i, f]) => i > 0 || /[1-9]/.test(f ?? '')).map(([i, f]) => (f === undefined ? String(i) : `${i}.${f}`)),
      { nil: undefined },
    ),
  });

  it('CSV written with csvField parses back to the same rows, in order, on increasing lines', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 20 }), (rows) => {
        const columns = ['account', 'cc', 'series', 'quantity', 'basis', 'multiplier'] as const;
        const text = [columns.join(','), ...rows.map((r) => columns.map((c) => csvField(String(r[c] ?? ''))).join(','))].join('\r\n');
        const parsed = rowsOf(text);
        expect(parsed.map(({ file: _f, line: _l, ...rest }) => rest)).toEqual(rows);
        const lines = parsed.map((r) => r.line ?? 0);
        expect(lines.every((l, i) => l > (lines[i - 1] ?? 1))).toBe(true);
      }),
    );
  });

  it('JSON written with JSON.stringify parses back to the same rows', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 20 }), (rows) => {
        const parsed = rowsOf(JSON.stringify(rows, null, 1), 'p.json');
        expect(parsed.map(({ file: _f, line: _l, ...rest }) => rest)).toEqual(rows);
      }),
    );
  });
});

describe('field checks (property)', () => {
  // The rules as the contract states them, as regular expressions: a quantity is /^[+-]?\d+$/
  // once trimmed, a safe integer; a CC is /^[A-Z0-9]{1,6}$/ once trimmed, or empty.
  const quantityText = fc.string({ maxLength: 19, unit: fc.constantFrom('0', '1', '9', '5', '+', '-', ' ', '.', 'e', '\t', '\u00a0') });
  const ccText = fc.string({ maxLength: 8, unit: fc.constantFrom('A', 'Z', 'a', '0', '9', ' ', '-', 'É', '\u00a0') });

  it('reads a quantity and a CC exactly as those rules say', () => {
    fc.assert(
      fc.property(quantityText, ccText, (quantity, cc) => {
        const r = parsePositions(`account,cc,series,quantity\nA1,${cc},XXXM8,${quantity}\n`, { fileName: 'p.csv' });
        const q = quantity.trim();
        const c = cc.trim();
        const quantityOk = /^[+-]?\d+$/.test(q) && Number.isSafeInteger(Number(q));
        const ccOk = c === '' || /^[A-Z0-9]{1,6}$/.test(c);
        expect(r.ok).toBe(quantityOk && ccOk);
        if (r.ok) expect(r.value[0]).toMatchObject({ quantity: Object.is(Number(q), -0) ? 0 : Number(q), cc: c === '' ? undefined : c });
        else {
          expect(r.errors.map((e) => e.field)).toEqual([...(ccOk ? [] : ['cc']), ...(quantityOk ? [] : ['quantity'])]);
          if (/^[+-]?\d+$/.test(q) && !quantityOk) expect(r.errors.at(-1)?.message).toMatch(/is out of range/);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('reads long integer text at the safe-integer edge', () => {
    expect(rowsOf('account,series,quantity\nA,S,-9007199254740991\nB,S,+0000000000000000000042\nC,S,-0\n').map((r) => r.quantity)).toEqual([-9007199254740991, 42, 0]);
    expect(errorsOf('account,series,quantity\nA,S,9007199254740992\n').map((e) => e.message)).toEqual([
      'p.csv:2: quantity "9007199254740992": is out of range (at most ±9007199254740991 contracts)',
    ]);
  });
});
