import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogueToCsv, makeCatalogue, parseCatalogue, readCatalogue } from '../src/catalogue';
import type { CatalogueError } from '../src/catalogue';
import type { ContractSpec } from '../src/contract';

// The seed sample's products (rpf-format.md, "What the RPF does not carry").
const SEED_CSV = `clearingHouse,cc,commodity,currency,multiplier,priceDecimals
HKCC,FEXXX,XXX,HKD,50,0
HKCC,FEYYY,YYY,HKD,50,0
SEOCH,SEAIA,AIA,HKD,1000,2
SEOCH,SEHEX,HEX,HKD,100,2
SEOCH,SETCH,TCH,HKD,100,2
`;

function errorsOf(text: string, fileName = 'cat.csv'): readonly CatalogueError[] {
  const r = parseCatalogue(text, { fileName });
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

const brief = (e: CatalogueError) => [e._tag, e.line, e.field, e.value];

describe('parseCatalogue (CSV)', () => {
  it('reads the seed sample catalogue', () => {
    const r = parseCatalogue(SEED_CSV, { fileName: 'seed.csv' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.contracts).toHaveLength(5);
    expect(r.value.byCommodity.get('HEX')).toEqual({
      clearingHouse: 'SEOCH',
      cc: 'SEHEX',
      commodity: 'HEX',
      currency: 'HKD',
      multiplier: { units: 100, scale: 0 },
      priceDecimals: 2,
    });
    expect(r.value.byCommodity.get('XXX')?.multiplier).toEqual({ units: 50, scale: 0 });
  });

  it('accepts columns in any order, extra columns, quoted fields, CRLF and decimal multipliers', () => {
    const text =
      'note,priceDecimals,Commodity,multiplier,currency,cc,clearingHouse\r\n' +
      '"mini, quoted ""x""",2,MHI,"10.5",HKD,FEMHI,HKCC\r\n' +
      ' ,0, A50 ,0.25,USD,FEA50,HKCC\r\n';
    const r = parseCatalogue(text, { fileName: 'x.csv' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.byCommodity.get('MHI')?.multiplier).toEqual({ units: 105, scale: 1 });
    expect(r.value.byCommodity.get('MHI')?.priceDecimals).toBe(2);
    expect(r.value.byCommodity.get('A50')).toMatchObject({ cc: 'FEA50', currency: 'USD', multiplier: { units: 25, scale: 2 } });
  });

  it('reports every bad field with line, field and value', () => {
    const text = `clearingHouse,cc,commodity,currency,multiplier,priceDecimals
HKEX,FEXXX,XXX,HKD,50,0
HKCC,fe xxx,XXX2,HK,50,0
HKCC,FEYYY,YYY,HKD,-5,8
HKCC,FEZZZ,ZZZ,HKD,1e3,2.0
SEOCH,SEHEX,,HKD,0,
`;
    const errors = errorsOf(text);
    expect(errors.map(brief)).toEqual([
      ['InvalidValue', 2, 'clearingHouse', 'HKEX'],
      ['InvalidValue', 3, 'cc', 'fe xxx'],
      ['InvalidValue', 3, 'currency', 'HK'],
      ['InvalidValue', 4, 'multiplier', '-5'],
      ['InvalidValue', 4, 'priceDecimals', '8'],
      ['InvalidValue', 5, 'multiplier', '1e3'],
      ['InvalidValue', 5, 'priceDecimals', '2.0'],
      ['InvalidValue', 6, 'commodity', ''],
      ['InvalidValue', 6, 'multiplier', '0'],
      ['InvalidValue', 6, 'priceDecimals', ''],
    ]);
    expect(errors[0]?.message).toBe('cat.csv:2: clearingHouse "HKEX": must be HKCC or SEOCH');
    expect(errors[7]?.message).toBe('cat.csv:6: commodity: is missing');
    expect(errors[4]?.message).toMatch(/^cat\.csv:4: priceDecimals "8": must be an integer from 0 to 7$/);
  });

  it('reports a row with too few fields as missing fields', () => {
    const errors = errorsOf('clearingHouse,cc,commodity,currency,multiplier,priceDecimals\nHKCC,FEXXX,XXX,HKD\n');
    expect(errors.map(brief)).toEqual([
      ['InvalidValue', 2, 'multiplier', ''],
      ['InvalidValue', 2, 'priceDecimals', ''],
    ]);
  });

  it('reports missing header columns', () => {
    const errors = errorsOf('clearingHouse,cc,commodity,multiplier\nHKCC,FEXXX,XXX,50\n');
    expect(errors.map(brief)).toEqual([
      ['MissingColumn', 1, 'currency', ''],
      ['MissingColumn', 1, 'priceDecimals', ''],
    ]);
    expect(errors[0]?.message).toMatch(/^cat\.csv:1: currency: column is missing from the header/);
  });

  it('reports a duplicate commodity at its second line, naming the first', () => {
    const errors = errorsOf(SEED_CSV + 'HKCC,FEXX2,XXX,HKD,10,0\n');
    expect(errors.map(brief)).toEqual([['DuplicateCommodity', 7, 'commodity', 'XXX']]);
    expect(errors[0]?.message).toBe('cat.csv:7: commodity "XXX": is already listed at line 2');
  });

  it('reports CSV syntax errors with line and column', () => {
    const errors = errorsOf('clearingHouse,cc,commodity,currency,multiplier,priceDecimals\nHKCC,FE"X,XXX,HKD,50,0\n');
    expect(errors.map(brief)).toEqual([['Syntax', 2, '', '']]);
    expect(errors[0]?.message).toMatch(/^cat\.csv:2:8: a quote inside an unquoted field/);
  });

  it('rejects an empty catalogue', () => {
    expect(errorsOf('clearingHouse,cc,commodity,currency,multiplier,priceDecimals\n').map(brief)).toEqual([['Empty', 0, '', '']]);
    expect(errorsOf('').map(brief)).toEqual([['Empty', 0, '', '']]);
  });

  it('parses back any valid catalogue written as CSV', () => {
    const code = (max: number) => fc.string({ unit: fc.constantFrom(...'ABCXYZ019'), minLength: 1, maxLength: max });
    const contract = fc.record({
      clearingHouse: fc.constantFrom('HKCC' as const, 'SEOCH' as const),
      cc: code(6),
      commodity: code(10),
      currency: fc.string({ unit: fc.constantFrom(...'HKDUSCNY'), minLength: 3, maxLength: 3 }),
      multiplier: fc.record({ units: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), scale: fc.integer({ min: 0, max: 8 }) }),
      priceDecimals: fc.integer({ min: 0, max: 7 }),
    });
    const contracts = fc.uniqueArray(contract, { minLength: 1, maxLength: 8, selector: (c) => c.commodity });
    fc.assert(
      fc.property(contracts, (cs: ContractSpec[]) => {
        const catalogue = makeCatalogue(cs);
        const r = parseCatalogue(catalogueToCsv(catalogue), { fileName: 'gen.csv' });
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.value.contracts).toEqual(cs);
      }),
    );
  });
});

describe('parseCatalogue (JSON)', () => {
  it('reads an array of objects, numbers or decimal strings, and sniffs the format', () => {
    const text = JSON.stringify([
      { clearingHouse: 'HKCC', cc: 'FEXXX', commodity: 'XXX', currency: 'HKD', multiplier: 50, priceDecimals: 0, note: 'extra' },
      { clearingHouse: 'SEOCH', cc: 'SEHEX', commodity: 'HEX', currency: 'HKD', multiplier: '100.0', priceDecimals: '2' },
    ]);
    const r = parseCatalogue(`  ${text}`); // no file name: sniffed from '['
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.byCommodity.get('XXX')?.multiplier).toEqual({ units: 50, scale: 0 });
    expect(r.value.byCommodity.get('HEX')?.multiplier).toEqual({ units: 1000, scale: 1 });
    expect(r.value.byCommodity.get('HEX')?.priceDecimals).toBe(2);
  });

  it('names the array index, field and value of every error', () => {
    const text = `[
      {"clearingHouse":"HKCC","cc":"FEXXX","commodity":"XXX","currency":"HKD","multiplier":0.5,"priceDecimals":0},
      {"clearingHouse":"HKCC","cc":"FEYYY","commodity":"YYY","currency":"HKD","multiplier":"50","priceDecimals":1.5},
      {"cc":"FEZZZ","commodity":"ZZZ","currency":"HKD","multiplier":true,"priceDecimals":0},
      "not an object",
      {"clearingHouse":"HKCC","cc":"FEXXX","commodity":"XXX","currency":"HKD","multiplier":50,"priceDecimals":0}
    ]`;
    const errors = errorsOf(text, 'cat.json');
    expect(errors.map(brief)).toEqual([['Syntax', 3, '', 'not an object']]);
    // Once the shape is an array of objects, field errors are all reported together.
    const fixed = text.replace('"not an object",', '');
    const errors2 = errorsOf(fixed, 'cat.json');
    expect(errors2.map(brief)).toEqual([
      ['InvalidValue', 0, 'multiplier', '0.5'],
      ['InvalidValue', 1, 'priceDecimals', '1.5'],
      ['InvalidValue', 2, 'clearingHouse', ''],
      ['InvalidValue', 2, 'multiplier', 'true'],
    ]);
    expect(errors2[0]?.message).toMatch(/^cat\.json\[0\]: multiplier "0\.5": a fractional multiplier must be written as a decimal string/);
    expect(errors2[2]?.message).toBe('cat.json[2]: clearingHouse: is missing');
  });

  it('reports a duplicate commodity by index', () => {
    const row = { clearingHouse: 'HKCC', cc: 'FEXXX', commodity: 'XXX', currency: 'HKD', multiplier: 50, priceDecimals: 0 };
    const errors = errorsOf(JSON.stringify([row, row]), 'cat.json');
    expect(errors.map(brief)).toEqual([['DuplicateCommodity', 1, 'commodity', 'XXX']]);
    expect(errors[0]?.message).toBe('cat.json[1]: commodity "XXX": is already listed at index 0');
  });

  it('reports malformed JSON and a non-array root', () => {
    expect(errorsOf('[{"a":', 'cat.json').map((e) => e._tag)).toEqual(['Syntax']);
    expect(errorsOf('{"a":1}', 'cat.json')[0]?.message).toBe('cat.json: must be a JSON array of contract objects');
  });
});

describe('readCatalogue', () => {
  it('reads a file and names the path in I/O errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mk-cat-'));
    try {
      const path = join(dir, 'catalogue.csv');
      await writeFile(path, SEED_CSV);
      const r = await readCatalogue(path);
      expect(r.ok && r.value.contracts.length).toBe(5);
      const missing = await readCatalogue(join(dir, 'nope.csv'));
      expect(missing.ok).toBe(false);
      if (!missing.ok) {
        expect(missing.errors[0]?._tag).toBe('Io');
        expect(missing.errors[0]?.message).toContain('nope.csv');
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
