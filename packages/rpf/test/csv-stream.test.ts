import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../src/csv';
import type { CsvRecord, CsvSyntaxError } from '../src/csv';
import { csvBatches, readCsvBatches } from '../src/csv-stream';

async function streamed(chunks: readonly (string | Uint8Array)[], batchChars: number) {
  const records: CsvRecord[] = [];
  const errors: CsvSyntaxError[] = [];
  for await (const b of csvBatches(chunks, { batchChars })) {
    records.push(...b.records);
    errors.push(...b.errors);
  }
  return { records, errors };
}

/** Splits `text` at the given cut points (sorted, deduplicated, within the text). */
function split(text: string, cuts: readonly number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const parts: string[] = [];
  let from = 0;
  for (const c of at) {
    parts.push(text.slice(from, c));
    from = c;
  }
  parts.push(text.slice(from));
  return parts;
}

describe('csvBatches (streaming parseCsv)', () => {
  it('gives the records of the whole text, with their lines, across chunk and batch ends', async () => {
    // A quoted field spanning lines 2-3 must not be cut at its inner line feed.
    const text = 'account,series\r\nA1,"two\nlines"\n\nA2,"x,""y"""\nA3,z\n';
    const { records, errors } = await streamed(split(text, [3, 17, 20, 21, 30]), 1);
    expect(errors).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['account', 'series'] },
      { line: 2, fields: ['A1', 'two\nlines'] },
      { line: 5, fields: ['A2', 'x,"y"'] },
      { line: 6, fields: ['A3', 'z'] },
    ]);
  });

  it('numbers syntax errors by the line of the whole input', async () => {
    const text = 'a,b\nok,1\nx"y,1\nok,2\n"ok"z,2\n';
    const { errors } = await streamed([text], 1);
    // Hand-read: line 3 column 2 (quote inside an unquoted field), line 5 column 5 (z after a closing quote).
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [3, 2],
      [5, 5],
    ]);
  });

  it('decodes UTF-8 split inside a character, and skips a byte-order mark only at the start', async () => {
    const bytes = new TextEncoder().encode('\uFEFFname\né,\uFEFFx\n');
    const { records } = await streamed([bytes.slice(0, 6), bytes.slice(6, 7), bytes.slice(7)], 1);
    expect(records).toEqual([
      { line: 1, fields: ['name'] },
      { line: 2, fields: ['é', '\uFEFFx'] },
    ]);
  });

  it('keeps a U+FEFF that starts a later record as data', async () => {
    const { records } = await streamed(['a\n', '\uFEFFb\n'], 1);
    expect(records).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, fields: ['\uFEFFb'] },
    ]);
  });

  it('equals parseCsv on any text, however it is chunked and batched (property)', async () => {
    const alphabet = fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', '\uFEFF');
    await fc.assert(
      fc.asyncProperty(
        fc.array(alphabet, { maxLength: 60 }).map((cs) => cs.join('')),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.integer({ min: 1, max: 12 }),
        async (text, cuts, batchChars) => {
          const whole = parseCsv(text);
          const { records, errors } = await streamed(split(text, cuts), batchChars);
          if (whole.ok) {
            expect(errors).toEqual([]);
            expect(records).toEqual(whole.value);
          } else {
            expect(errors).toEqual(whole.errors);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('reads a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mk-csv-stream-'));
    try {
      const file = join(dir, 'book.csv');
      writeFileSync(file, 'account,quantity\n' + Array.from({ length: 5000 }, (_, i) => `A${i},${i}`).join('\n'));
      let n = 0;
      let last: CsvRecord | undefined;
      for await (const b of readCsvBatches(file, { batchChars: 1000 })) {
        n += b.records.length;
        last = b.records.at(-1) ?? last;
      }
      expect(n).toBe(5001);
      expect(last).toEqual({ line: 5001, fields: ['A4999', '4999'] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
