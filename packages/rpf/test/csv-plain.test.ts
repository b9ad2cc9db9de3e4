import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CsvRecord } from '../src/csv';
import { parseCsv } from '../src/csv';
import { isPlainCsv, plainCsvFields, PlainCsvRecords } from '../src/csv-plain';

function plainRecords(text: string, from = 0, line = 1): CsvRecord[] {
  const out: CsvRecord[] = [];
  const r = new PlainCsvRecords(text, from, line);
  while (r.next()) out.push({ line: r.line, fields: r.fields() });
  return out;
}

describe('PlainCsvRecords (quote-free CSV)', () => {
  it('gives the non-blank lines with their line numbers, CRLF or LF, split at commas', () => {
    // Hand-read: line 2 is empty, line 4 is blanks only (skipped, as parseCsv skips them);
    // " , " is two fields; a CR not before a LF is data.
    const text = 'a,b\r\n\nA1,x\r\n  \t\n , \nA2,y\rz\r\r\n\r';
    expect(plainRecords(text)).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['A1', 'x'] },
      { line: 5, fields: [' ', ' '] },
      { line: 6, fields: ['A2', 'y\rz\r'] },
    ]);
  });

  it('starts where it is told, and says where the rest starts', () => {
    const text = '\uFEFFh1,h2\nA,1\nB,2';
    const r = new PlainCsvRecords(text, 1, 1);
    expect(r.next()).toBe(true);
    expect([r.line, r.fields()]).toEqual([1, ['h1', 'h2']]);
    expect(r.rest()).toEqual({ from: 7, line: 2 });
    expect(plainRecords(text, 7, 2)).toEqual([
      { line: 2, fields: ['A', '1'] },
      { line: 3, fields: ['B', '2'] },
    ]);
  });

  it('a line of a byte-order mark alone is blank (trim removes U+FEFF), as in parseCsv', () => {
    expect(plainRecords('a\n\uFEFF\nb')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 3, fields: ['b'] },
    ]);
    expect(parseCsv('a\n\uFEFF\nb')).toEqual({ ok: true, value: plainRecords('a\n\uFEFF\nb'), warnings: [] });
  });

  it('equals parseCsv on any quote-free text (property)', () => {
    const unit = fc.constantFrom('a', 'Z', '1', ',', ' ', '\t', '\n', '\r', '\r\n', '\uFEFF', 'é', '\u00a0', '.', '-');
    fc.assert(
      fc.property(fc.string({ maxLength: 60, unit }), (text) => {
        expect(isPlainCsv(text)).toBe(true);
        const whole = parseCsv(text);
        expect(whole.ok).toBe(true);
        if (!whole.ok) return;
        const from = text.charCodeAt(0) === 0xfeff ? 1 : 0;
        expect(plainRecords(text, from)).toEqual(whole.value);
      }),
      { numRuns: 2000 },
    );
  });

  it('cuts a record into its fields like split', () => {
    expect(plainCsvFields('x,a,,b ,', 2, 8)).toEqual(['a', '', 'b ', '']);
    expect(plainCsvFields('abc', 1, 1)).toEqual(['']);
    const reused = ['old', 'values', 'here'];
    expect(plainCsvFields('p,q', 0, 3, reused)).toBe(reused);
    expect(reused).toEqual(['p', 'q']);
  });

  it('is not for text with a quote', () => {
    expect(isPlainCsv('a,"b"')).toBe(false);
    expect(isPlainCsv('a,b\n')).toBe(true);
  });
});
