import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, parseCsv } from '../src/csv';

describe('parseCsv', () => {
  it('reads quoted fields with commas, quotes and line breaks, and remembers start lines', () => {
    const r = parseCsv('a,b,c\r\n"x,1","say ""hi""","two\nlines"\n\nlast,,\n');
    expect(r).toEqual({
      ok: true,
      warnings: [],
      value: [
        { line: 1, fields: ['a', 'b', 'c'] },
        { line: 2, fields: ['x,1', 'say "hi"', 'two\nlines'] },
        { line: 5, fields: ['last', '', ''] },
      ],
    });
  });
  it('ignores a byte-order mark', () => {
    const r = parseCsv('\uFEFFa,b\n');
    expect(r.ok && r.value[0]?.fields).toEqual(['a', 'b']);
  });
  it('reports every syntax error with line and column', () => {
    const r = parseCsv('a,b\nx"y,1\n"ok"z,2\n"open,3\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.line, e.column])).toEqual([
      [2, 2],
      [3, 5],
      [4, 1],
    ]);
    expect(r.errors[2]?.message).toMatch(/never closed/);
  });
  it('parses back what csvField writes', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'Z', '1', ',', '"', '\n', '\r\n', ' ', '.') });
    const row = fc.array(field, { minLength: 2, maxLength: 5 });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 5 }), (rows) => {
        // Rows have at least two fields, so none is written as a blank line (which is skipped).
        const text = rows.map((r) => r.map(csvField).join(',')).join('\n');
        const r = parseCsv(text);
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.value.map((x) => x.fields)).toEqual(rows);
      }),
    );
  });
});
