import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRpf } from '../src/index';
import type { RpfErrorTag, RpfWarningTag } from '../src/index';

const SMALL = readFileSync(new URL('../../../fixtures/rpf/small.lis', import.meta.url));

const ERROR_TAGS: readonly RpfErrorTag[] = [
  'TruncatedField',
  'NonNumericField',
  'BadSign',
  'InvalidValue',
  'UnpairedRiskArray',
  'MismatchedRiskArray',
  'DuplicateSeries',
  'UnknownCombinedCommodity',
  'RecordBeforeParent',
  'BadHeader',
  'Io',
];
const WARNING_TAGS: readonly RpfWarningTag[] = ['UnknownRecordType', 'FileNameMismatch'];

// Bytes that matter to a line parser (line ends, NUL, signs, blanks, digits, record-type
// letters) more often than chance would pick them, plus any byte at all.
const byte = fc.oneof(fc.constantFrom(0x0a, 0x0d, 0x00, 0x20, 0x2b, 0x2d, 0x30, 0x39, 0x38, 0x31, 0x32, 0x43, 0x42), fc.integer({ min: 0, max: 255 }));
const edit = fc.record({ op: fc.constantFrom('replace', 'insert', 'delete'), at: fc.nat(), byte });

function mutate(bytes: Uint8Array, edits: readonly { op: string; at: number; byte: number }[]): Uint8Array {
  const out = [...bytes];
  for (const e of edits) {
    const at = e.at % (out.length + 1);
    if (e.op === 'insert') out.splice(at, 0, e.byte);
    else if (at < out.length) {
      if (e.op === 'delete') out.splice(at, 1);
      else out[at] = e.byte;
    }
  }
  return Uint8Array.from(out);
}

describe('mutation fuzz of small.lis', () => {
  it('yields a model or typed errors, never an exception', () => {
    const lineCount = 34 + 40; // every edit may add at most one line end
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 120 }), (edits, maxErrors) => {
        const input = mutate(SMALL, edits);
        const result = parseRpf(input, { fileName: 'fuzz.lis', maxErrors });
        // Plain checks collected into one list (an expect per field would dominate the run).
        const problems: string[] = [];
        for (const w of result.warnings) {
          if (!WARNING_TAGS.includes(w._tag) || w.message === '') problems.push(`bad warning ${JSON.stringify(w)}`);
        }
        if (result.ok) {
          // A model is whole: every series has its CC and a full risk-array row.
          for (const s of result.value.series) {
            if (!result.value.ccByCode.has(s.cc) || s.riskArray.length !== 16) problems.push(`bad series ${s.key}`);
          }
        } else {
          if (result.errors.length === 0 || result.errors.length > maxErrors) problems.push(`${result.errors.length} errors`);
          for (const e of result.errors) {
            const fine =
              ERROR_TAGS.includes(e._tag) &&
              e.file === 'fuzz.lis' &&
              e.message.startsWith('fuzz.lis') &&
              e.line >= 0 &&
              e.line <= lineCount &&
              e.column >= 0 &&
              typeof e.field === 'string' &&
              typeof e.text === 'string';
            if (!fine) problems.push(`bad error ${JSON.stringify(e)}`);
          }
        }
        expect(problems).toEqual([]);
      }),
      { numRuns: 4000 },
    );
  });

  it('rejects most single-byte replacements inside the numeric fields of 81/82 lines', () => {
    // A replacement by a non-digit inside a risk-array value is always an error.
    const text = SMALL.toString('latin1');
    const at = text.indexOf('\n81') + 1 + 54; // first byte of value 1 of the first 81 line
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 255 }).filter((b) => b < 0x30 || b > 0x39), (offset, b) => {
        const input = Uint8Array.from(SMALL);
        input[at + offset] = b;
        const result = parseRpf(input);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
