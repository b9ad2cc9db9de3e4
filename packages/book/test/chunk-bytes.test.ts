import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChunkResult } from '../src/index';
import { chunkResultFromBytes, chunkResultToBytes } from '../src/index';

/**
 * A chunk result's bytes (what a worker of the queue stores in Redis): the result comes back
 * whole — its lines byte for byte, its other fields as they were — and bytes of another format
 * or length are refused, never read as a result.
 */

const text = fc.string({ unit: 'grapheme', maxLength: 40 });
const result: fc.Arbitrary<ChunkResult> = fc.record({
  chunk: fc.nat(5000),
  accounts: fc.nat(),
  rows: fc.nat(),
  jsonl: fc.uint8Array({ maxLength: 300 }),
  csv: fc.uint8Array({ maxLength: 100 }),
  failures: fc.array(
    fc.record({
      account: text,
      chunk: fc.nat(5000),
      reasons: fc.array(fc.record({ reason: fc.constantFrom('BadRow', 'EngineError'), message: text }), { maxLength: 3 }),
    }),
    { maxLength: 3 },
  ),
  skippedPositions: fc.constant([]),
  totals: fc.record({
    clearingHouses: fc.constant([]),
    clearingHouseTotalHkd: fc.constantFrom('0', '123456789012345678901234567890', '43855.0625'),
    clientTotalHkd: fc.constant('0'),
    clientMaintenanceHkd: fc.constant('0'),
  }),
  ms: fc.double({ min: 0, max: 1e6, noNaN: true }),
}) as unknown as fc.Arbitrary<ChunkResult>;

const plain = (r: ChunkResult) => ({ ...r, jsonl: [...r.jsonl], csv: [...r.csv] });

describe('chunkResultToBytes / chunkResultFromBytes', () => {
  it('give back the result, lines byte for byte (property)', () => {
    fc.assert(
      fc.property(result, (r) => {
        expect(plain(chunkResultFromBytes(chunkResultToBytes(r)))).toEqual(plain(r));
      }),
      { numRuns: 300 },
    );
  });

  it('keep JSON lines as they are: no escaping, so a line of 10 bytes stays 10 bytes', () => {
    const line = Buffer.from('{"a":"é"}\n', 'utf8');
    const r = { chunk: 7, accounts: 1, rows: 1, jsonl: line, csv: new Uint8Array(0), failures: [], skippedPositions: [], totals: {}, ms: 1 } as unknown as ChunkResult;
    const bytes = chunkResultToBytes(r);
    const meta = JSON.stringify({ chunk: 7, accounts: 1, rows: 1, failures: [], skippedPositions: [], totals: {}, ms: 1 });
    // Tag (5), three lengths (12), the meta, the line's 11 bytes.
    expect(bytes.length).toBe(5 + 12 + Buffer.byteLength(meta) + 11);
    expect(bytes.subarray(bytes.length - 11).equals(line)).toBe(true);
  });

  it('refuse bytes of another format, cut short or with bytes added', () => {
    const r = { chunk: 1, accounts: 0, rows: 0, jsonl: Buffer.from('x\n'), csv: Buffer.from('y\r\n'), failures: [], skippedPositions: [], totals: {}, ms: 0 } as unknown as ChunkResult;
    const bytes = chunkResultToBytes(r);
    expect(() => chunkResultFromBytes(bytes.subarray(0, bytes.length - 1))).toThrow(/damaged chunk result/);
    expect(() => chunkResultFromBytes(Buffer.concat([bytes, Buffer.from('z')]))).toThrow(/damaged chunk result/);
    expect(() => chunkResultFromBytes(Buffer.from(JSON.stringify({ chunk: 1 })))).toThrow(/not a chunk result of this build/);
    expect(() => chunkResultFromBytes(new Uint8Array(3))).toThrow(/not a chunk result of this build/);
  });
});
