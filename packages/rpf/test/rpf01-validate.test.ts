import { describe, expect, it } from 'vitest';
import type { Rpf01File, Rpf01HeaderKey } from '../src/index';
import { generatedInstruments, generateRpf01, parseRpf01, rpf01Text, validateRpf01 } from '../src/index';

/** HVaR_Scen_Count 2, SVaR_Scen_Count 2; the first record row is line 14. */
function file(rows: readonly string[], header: Partial<Record<Rpf01HeaderKey, string>> = {}): Rpf01File {
  const r = parseRpf01(rpf01Text(rows, { HVaR_Scen_Count: '2', SVaR_Scen_Count: '2', ...header }), { fileName: 'v.csv' });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.value;
}

const HEDGE = ['2800,1,0,0', '2800,2,0,0', '2800,4,0.02,1,100000,20'];

describe('validateRpf01', () => {
  it('accepts a consistent file', () => {
    expect(validateRpf01(file([...HEDGE, '1,1,0.1,0', '1,2,0,0', '1,4,0.1,1.2,300000,50', '9,5,1,0.5,100,0.25', '7,3,0.5']))).toEqual([]);
  });

  it('weights must sum to 1', () => {
    const errors = validateRpf01(file([], { HVaR_WGT: '0.7' }));
    expect(errors).toEqual([expect.objectContaining({ _tag: 'Inconsistent', field: 'SVaR_WGT', line: 3, file: 'v.csv' })]);
    expect(errors[0]?.message).toContain('0.7 + 0.25 = 0.95');
  });

  it('confidence levels, measures, rounding and holiday factor in range', () => {
    const errors = validateRpf01(file([], { HVaR_CL: '1', SVaR_Measure: '3', Rounding: '0', Holiday_Factor: '-0.1' }));
    expect(errors.map((e) => [e._tag, e.field, e.line])).toEqual([
      ['OutOfRange', 'HVaR_CL', 7],
      ['OutOfRange', 'SVaR_Measure', 10],
      ['OutOfRange', 'Rounding', 11],
      ['OutOfRange', 'Holiday_Factor', 12],
    ]);
  });

  it('a Tier P instrument needs both FieldType 1 and 2', () => {
    const errors = validateRpf01(file(['1,1,0,0', '5,2,0,0']));
    expect(errors.map((e) => [e._tag, e.text, e.line])).toEqual([
      ['MissingRecord', '1', 14],
      ['MissingRecord', '5', 15],
    ]);
  });

  it('an instrument cannot be both Tier P and Tier N', () => {
    expect(validateRpf01(file(['1,1,0,0', '1,2,0,0', '1,3,0.5']))).toEqual([
      expect.objectContaining({ _tag: 'Inconsistent', text: '1', line: 16 }),
    ]);
  });

  it('every FieldType 5 underlying has a FieldType 4, and 2800 has one', () => {
    expect(validateRpf01(file([...HEDGE, '9,5,1,0.5,100,0.25']))).toEqual([
      expect.objectContaining({ _tag: 'MissingRecord', field: 'FieldType 5 column 1 (underlying)', text: '1', line: 17 }),
    ]);
    expect(validateRpf01(file(['1,4,0.1,1.2,300000,50']))).toEqual([expect.objectContaining({ _tag: 'MissingRecord', text: '2800' })]);
  });

  it('rates are fractions, not percentages', () => {
    const errors = validateRpf01(file([...HEDGE, '7,3,12', '1,7,1,5,25,0.1']));
    expect(errors.map((e) => [e._tag, e.field, e.text, e.line])).toEqual([
      ['OutOfRange', 'FieldType 3 column 1 (rate)', '12', 17],
      ['OutOfRange', 'FieldType 7 column 3 (short add-on rate)', '25', 18],
    ]);
  });
});

describe('generateRpf01', () => {
  const options = { tierP: 30, hvarScenarios: 50, svarScenarios: 60, seed: 7 };

  it('writes a file that parses and validates, with the instruments it announces', () => {
    const r = parseRpf01(generateRpf01(options));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(validateRpf01(r.value)).toEqual([]);
    const ids = generatedInstruments(options);
    expect(ids.tierP).toHaveLength(30);
    expect(ids.tierP[0]).toBe('2800');
    // Tier P stocks plus the structured products (30 / 20 = 1) carry returns.
    expect(r.value.hvar.instruments).toEqual([...ids.tierP, ...ids.structuredProducts]);
    expect(r.value.hvar.count).toBe(50);
    expect(r.value.svar.count).toBe(60);
    expect([...r.value.flatRates.keys()]).toEqual(ids.tierN);
  });

  it('is determined by its seed', () => {
    expect(generateRpf01(options)).toBe(generateRpf01(options));
    expect(generateRpf01({ ...options, seed: 8 })).not.toBe(generateRpf01(options));
  });
});
