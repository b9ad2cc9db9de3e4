import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonNumber, parseExactJson, parseVarParams, parseVarPositions, readVarParams, readVarPositions } from '../../src/index';

const FIXTURES = fileURLToPath(new URL('../../../../fixtures/var/', import.meta.url));
const HEADER = 'instrument,quantity,contractValue,marketValue';

describe('positions CSV', () => {
  it('reads exact values and nets rows of one instrument', () => {
    const r = parseVarPositions(`${HEADER}\n700,100,30000.10,30500.5\n5,-20,-1000,-1100\n700,-40,-12000.04,-12200.2\n`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.positions).toEqual([
      // 30000.10 − 12000.04 = 18000.06; 30500.5 − 12200.2 = 18300.3
      { instrument: '700', quantity: 60, contractValue: { units: 1800006, scale: 2 }, marketValue: { units: 183003, scale: 1 }, lines: [2, 4] },
      { instrument: '5', quantity: -20, contractValue: { units: -1000, scale: 0 }, marketValue: { units: -1100, scale: 0 }, lines: [3] },
    ]);
  });

  it('columns may come in any order, with extra ones ignored', () => {
    const r = parseVarPositions('marketValue,note,instrument,contractValue,quantity\n100,x,1,90,10\n');
    expect(r.ok && r.value.positions[0]).toMatchObject({ instrument: '1', quantity: 10, marketValue: { units: 100, scale: 0 } });
  });

  it('every bad row is reported with file, line, field and value (fixtures/var/bad/positions-bad.csv)', async () => {
    const r = await readVarPositions(`${FIXTURES}bad/positions-bad.csv`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e._tag, e.line, e.field, e.value])).toEqual([
      ['InvalidValue', 3, 'quantity', '1O0'],
      ['InvalidValue', 4, 'marketValue', '-80000'],
    ]);
    expect(r.errors[0]?.message).toBe(`${FIXTURES}bad/positions-bad.csv:3: quantity "1O0": must be a whole number (+ long, − short)`);
  });

  it('a missing column, an empty value, a float-looking number', () => {
    const missing = parseVarPositions('instrument,quantity,marketValue\n1,1,1\n', { fileName: 'p.csv' });
    expect(!missing.ok && missing.errors[0]).toMatchObject({ _tag: 'MissingColumn', line: 1, field: 'contractValue' });
    const empty = parseVarPositions(`${HEADER}\n1,10,,100\n`);
    expect(!empty.ok && empty.errors[0]).toMatchObject({ field: 'contractValue', message: expect.stringContaining('is missing') });
    const exp = parseVarPositions(`${HEADER}\n1,10,1e3,1000\n`);
    expect(!exp.ok && exp.errors[0]).toMatchObject({ field: 'contractValue', value: '1e3' });
    const io = parseVarPositions('');
    expect(io.ok).toBe(false);
  });

  it('rows that net to a market value of the opposite sign to the quantity are rejected', () => {
    const r = parseVarPositions(`${HEADER}\n1,100,1000,1000\n1,-200,-400,-400\n`);
    expect(!r.ok && r.errors[0]).toMatchObject({ _tag: 'InvalidValue', line: 3, field: 'marketValue' });
  });
});

describe('params JSON', () => {
  const base = { flatRateMultiplier: 1, marginCredit: 5000000, floorRate: 0.032, alc: 1e6, alcMultiplier: 2, positionLimitAddOnRate: 0.25 };

  it('reads numbers as written, not through a binary float', () => {
    // 0.1234567890123456789 has no exact binary64; JSON.parse would give 0.12345678901234568.
    const text = '{"ipo":["9988",6699],"flatRateMultiplier":0.1234567890123456789,"marginCredit":5000000,"floorRate":0.032,' +
      '"alc":"12345678901234567.89","alcMultiplier":2,"positionLimitAddOnRate":0.25}';
    const r = parseVarParams(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.ipo).toEqual(['9988', '6699']);
    expect(r.value.flatRateMultiplier.toFixed()).toBe('0.1234567890123456789');
    expect(r.value.floorRate.toFixed()).toBe('0.032');
    expect(r.value.alc.toFixed()).toBe('12345678901234567.89');
    expect(r.value.alcCap).toBeUndefined();
    expect(r.value.creditRiskAddOn.toFixed()).toBe('0');
    expect(r.value.adHocAddOn.toFixed()).toBe('0');
  });

  it('every bad parameter is named with its line (fixtures/var/bad/params-bad.json)', async () => {
    const r = await readVarParams(`${FIXTURES}bad/params-bad.json`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.line, e.field, e.value])).toEqual([
      [4, 'floorRate', '3.2'],
      [5, 'marginCredits', '50000'],
    ]);
    expect(r.errors[0]?.message).toBe(`${FIXTURES}bad/params-bad.json:4:16: floorRate "3.2": is a fraction (0.25 for 25 %), not a percentage`);
  });

  it('missing, negative, non-numeric, not an object', () => {
    const { floorRate: _omit, ...noFloor } = base;
    void _omit;
    expect(parseVarParams(JSON.stringify(noFloor))).toMatchObject({ ok: false, errors: [{ field: 'floorRate', message: expect.stringContaining('is missing') }] });
    expect(parseVarParams(JSON.stringify({ ...base, marginCredit: -1 }))).toMatchObject({ ok: false, errors: [{ field: 'marginCredit', value: '-1' }] });
    expect(parseVarParams(JSON.stringify({ ...base, alc: true }))).toMatchObject({ ok: false, errors: [{ field: 'alc', value: 'true' }] });
    expect(parseVarParams(JSON.stringify({ ...base, alc: '12,000' }))).toMatchObject({ ok: false, errors: [{ field: 'alc', value: '12,000' }] });
    expect(parseVarParams(JSON.stringify({ ...base, ipo: '9988' }))).toMatchObject({ ok: false, errors: [{ field: 'ipo' }] });
    expect(parseVarParams('[1]')).toMatchObject({ ok: false, errors: [{ field: '', message: expect.stringContaining('JSON object') }] });
    expect(parseVarParams(JSON.stringify({ ...base, alcCap: null })).ok).toBe(true);
  });

  it('a JSON syntax error names line and column', () => {
    const r = parseVarParams('{\n  "alc": 1,\n  "floorRate": 0.032,,\n}', { fileName: 'p.json' });
    expect(!r.ok && r.errors[0]).toMatchObject({ _tag: 'Syntax', line: 3, column: 22 });
  });
});

describe('parseExactJson', () => {
  it('keeps number literals and where each value is', () => {
    const r = parseExactJson('{"a": [1, -2.50e3], "b": {"c": "x\\n"}}');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.value).toEqual({ a: [new JsonNumber('1'), new JsonNumber('-2.50e3')], b: { c: 'x\n' } });
    expect(r.value.positions.get('a/1')).toEqual({ line: 1, column: 11 });
    expect(r.value.positions.get('b/c')).toEqual({ line: 1, column: 32 });
  });

  it('rejects what JSON rejects: duplicate keys too', () => {
    for (const bad of ['{"a":1,"a":2}', '{"a":01}', '[1,]', '{"a":1', '"\u0001"', 'tru', '{} x', '{"a":.5}']) {
      expect(parseExactJson(bad).ok, bad).toBe(false);
    }
  });

  it('agrees with JSON.parse on the structure of any JSON text (property)', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const r = parseExactJson(text);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const plain = JSON.parse(JSON.stringify(r.value.value, (_k, v: unknown) => (v instanceof JsonNumber ? Number(v.text) : v))) as unknown;
        expect(plain).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });
});
