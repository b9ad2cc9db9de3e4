import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField } from '@marginkit/rpf';
import type { PositionFileError, PositionRow } from '../src/index';
import { parsePositions, positionBatches, readPositionBatches } from '../src/index';

async function streamed(chunks: readonly (string | Uint8Array)[], fileName: string, batchChars = 8) {
  const rows: PositionRow[] = [];
  const errors: PositionFileError[] = [];
  for await (const b of positionBatches(chunks, { fileName, batchChars })) {
    rows.push(...b.rows);
    errors.push(...b.errors);
  }
  return { rows, errors };
}

function split<T extends string | Uint8Array>(text: T, cuts: readonly number[]): T[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const parts: T[] = [];
  let from = 0;
  for (const c of at) {
    parts.push(text.slice(from, c) as T);
    from = c;
  }
  parts.push(text.slice(from) as T);
  return parts;
}

describe('positionBatches (streaming positions reader)', () => {
  it('reads CSV rows with the lines of the whole file', async () => {
    const text = 'account,series,quantity\nA1,XXXM8,-6\n"B\nC",XXXM8,2\nA1,XXXM8,3\n';
    const { rows, errors } = await streamed(split(text, [5, 30, 31]), 'p.csv', 1);
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.account, r.quantity, r.line])).toEqual([
      ['A1', -6, 2],
      ['B\nC', 2, 3],
      ['A1', 3, 5],
    ]);
  });

  it('names the account of a bad row, and none for a row it cannot trust', async () => {
    const { errors } = await streamed(['account,series,quantity\n A1 ,XXXM8,1.5\nA2,XXXM8,1,extra\n,XXXM8,1\n'], 'p.csv');
    expect(errors.map((e) => [e.line, e.field, e.account])).toEqual([
      [2, 'quantity', 'A1'],
      [3, '', undefined],
      [4, 'account', undefined],
    ]);
  });

  it('reads JSON items with their places in the whole file', async () => {
    const text = '\uFEFF[\n  {"account": "A1", "series": "XXXM8", "quantity": -6},\n  {"account": "A2",\n   "series": "XXXM8", "quantity": 1.5}\n]\n';
    const { rows, errors } = await streamed(split(text, [2, 20, 21, 60]), 'p.json', 1);
    expect(rows.map((r) => [r.account, r.quantity, r.line])).toEqual([['A1', -6, 2]]);
    // Hand-read: 1.5 starts on line 4 at column 35 (3 blanks, "series": 9, blank, "XXXM8", 8, blank, "quantity": 11, blank); the item is index 1, account A2.
    expect(errors.map((e) => [e.line, e.column, e.index, e.account])).toEqual([[4, 35, 1, 'A2']]);
    expect(errors[0]?.message).toBe('p.json:4:35: item 1 quantity "1.5": must be a whole number of contracts (+ long, − short), without decimals or exponent');
    expect(parsePositions(text, { fileName: 'p.json' })).toMatchObject({ ok: false, errors: [{ line: 4, column: 35, message: errors[0]?.message }] });
  });

  it('reports a JSON file that is not one array', async () => {
    expect((await streamed(['{"account": "A1"}'], 'p.json')).errors.map((e) => [e.line, e.column, e.message])).toEqual([
      [1, 1, 'p.json:1:1: must be a JSON array of position objects'],
    ]);
    expect((await streamed(['[{"account": "A1", "series": "S", "quantity": 1}'], 'p.json')).errors.map((e) => e.message)).toEqual([
      'p.json:1:49: is not valid JSON: the array is never closed',
    ]);
    expect((await streamed(['[1,]'], 'p.json')).errors.map((e) => e.message)).toEqual([
      // Item 0 is the number 1; then a comma with no item.
      'p.json:1:2: item 0 must be an object {"account","cc","series","quantity"}, found 1',
      'p.json:1:4: is not valid JSON: unexpected "]" in the array',
    ]);
    expect((await streamed(['[] x'], 'p.json')).errors.map((e) => e.message)).toEqual(['p.json:1:4: is not valid JSON: text after the end of the array']);
    expect(await streamed(['  [ ]  '], 'p.json')).toEqual({ rows: [], errors: [] });
  });

  it('reports an empty CSV file and a bad header as parsePositions does', async () => {
    for (const text of ['', '\n\n', 'account,cc,series,multipler,cc\nA,B,C,D,E\n']) {
      const whole = parsePositions(text, { fileName: 'p.csv' });
      expect(whole.ok).toBe(false);
      if (!whole.ok) expect((await streamed([text], 'p.csv')).errors).toEqual(whole.errors);
    }
  });

  it('reads a file, and reports one it cannot read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mk-positions-stream-'));
    try {
      const path = join(dir, 'book.csv');
      await writeFile(path, 'account,series,quantity\n' + Array.from({ length: 3000 }, (_, i) => `A${i % 7},XXXM8,${i}`).join('\n'));
      let n = 0;
      for await (const b of readPositionBatches(path, { batchChars: 4096 })) {
        expect(b.errors).toEqual([]);
        n += b.rows.length;
      }
      expect(n).toBe(3000);
      const missing = join(dir, 'missing.csv');
      const out: PositionFileError[] = [];
      for await (const b of readPositionBatches(missing)) out.push(...b.errors);
      expect(out.map((e) => e._tag)).toEqual(['Io']);
      expect(out[0]?.message).toMatch(/^.*missing\.csv: cannot read the positions: .*ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  const field = fc.string({ maxLength: 6, unit: fc.constantFrom('A', '1', ' ', ',', '"', '\n', '.', '-', 'x', '[', '{', '\\') });
  const row = fc.record({
    account: field,
    cc: fc.option(fc.constantFrom('FEXXX', 'x y', ''), { nil: undefined }),
    series: field,
    quantity: fc.oneof(fc.integer({ min: -99, max: 99 }), fc.constantFrom('1.5', '', ' 7 ', '1e3')),
    basis: fc.option(fc.constantFrom('net', 'GROSS', 'x'), { nil: undefined }),
    multiplier: fc.option(fc.constantFrom('1.33', '0', '2'), { nil: undefined }),
  });

  it('equals parsePositions on CSV however chunked: same rows when valid, every error when not (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 5 }), fc.integer({ min: 1, max: 40 }), async (rows, cuts, batchChars) => {
        const columns = ['account', 'cc', 'series', 'quantity', 'basis', 'multiplier'] as const;
        const text = [columns.join(','), ...rows.map((r) => columns.map((c) => csvField(String(r[c] ?? ''))).join(','))].join('\n');
        const whole = parsePositions(text, { fileName: 'p.csv' });
        const s = await streamed(split(text, cuts), 'p.csv', batchChars);
        if (whole.ok) {
          expect(s.errors).toEqual([]);
          expect(s.rows).toEqual(whole.value);
        } else {
          expect(s.errors).toEqual(whole.errors);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reads quote-free batches line by line with the same rows and errors as parsePositions: CRLF, blank lines, BOM, bad and shifted rows (property)', async () => {
    // Fields written as they are (not quoted): a quote makes a syntax error (then the batch is
    // read by the general CSV reader), a comma shifts the row.
    const raw = fc.string({ maxLength: 5, unit: fc.constantFrom('A', '1', ' ', '.', '-', 'x', ',', '\uFEFF', '"') });
    const line = fc.oneof(
      { weight: 6, arbitrary: fc.tuple(raw, fc.constantFrom('', 'FEXXX', 'x y'), raw, fc.oneof(fc.integer({ min: -9, max: 9 }).map(String), raw), fc.constantFrom('', 'net', 'GROSS', 'x')).map((f) => f.join(',')) },
      { weight: 1, arbitrary: fc.constantFrom('', ' ', '\uFEFF', ',,', 'A,B') },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 14 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.integer({ min: 1, max: 60 }),
        async (lines, eol, bom, cuts, batchChars) => {
          const text = `${bom ? '\uFEFF' : ''}account,cc,series,quantity,basis${eol}${lines.join(eol)}`;
          const whole = parsePositions(text, { fileName: 'p.csv' });
          const s = await streamed(split(text, cuts), 'p.csv', batchChars);
          if (whole.ok) {
            expect(s.errors).toEqual([]);
            expect(s.rows).toEqual(whole.value);
          } else if (whole.errors.some((e) => e._tag === 'Syntax' && e.column > 0)) {
            // After a CSV syntax error parsePositions gives only those; a stream has already
            // handed on the batches before it (and their errors).
            for (const e of whole.errors) expect(s.errors).toContainEqual(e);
          } else {
            expect(s.errors).toEqual(whole.errors);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('decodes UTF-8 bytes however they are cut, ASCII chunks and others, a BOM at the start (property)', async () => {
    const unit = fc.constantFrom('A', '1', ',', '\n', 'x', 'é', '€', '\uFEFF', '𝄞');
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 30, unit }), fc.array(fc.nat(), { maxLength: 6 }), fc.boolean(), async (body, cuts, bom) => {
        const text = `account,series,quantity\n${body}`;
        const bytes = new TextEncoder().encode(`${bom ? '\uFEFF' : ''}${text}`);
        // A decoder drops a leading BOM as the whole text's reader does.
        expect(await streamed(split(bytes, cuts), 'p.csv', 5)).toEqual(await streamed([text], 'p.csv', 5));
      }),
      { numRuns: 500 },
    );
  });

  it('equals parsePositions on JSON however chunked (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 10 }), fc.array(fc.nat(), { maxLength: 5 }), fc.boolean(), async (rows, cuts, pretty) => {
        const text = JSON.stringify(rows, null, pretty ? 2 : 0);
        const whole = parsePositions(text, { fileName: 'p.json' });
        const s = await streamed(split(text, cuts), 'p.json', 16);
        if (whole.ok) {
          expect(s.errors).toEqual([]);
          expect(s.rows).toEqual(whole.value);
        } else {
          expect(s.errors).toEqual(whole.errors);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reports every error parsePositions does on malformed JSON text (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 4 }), fc.nat(), fc.constantFrom('', ',', ']', '"', '{', 'x'), async (rows, at, junk) => {
        const good = JSON.stringify(rows);
        const cut = at % (good.length + 1);
        const text = good.slice(0, cut) + junk + good.slice(cut);
        const whole = parsePositions(text, { fileName: 'p.json' });
        const s = await streamed([text], 'p.json', 16);
        if (whole.ok) expect(s).toEqual({ rows: whole.value, errors: [] });
        else expect(s.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});
