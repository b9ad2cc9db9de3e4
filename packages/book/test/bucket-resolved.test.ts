import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PrimeContext } from '@marginkit/risk-engine';
import type { BookMarginOptions, ChunkResult } from '../src/index';
import { BUCKET_FORMAT, loadBookContext, marginBucket, marginChunk, readBucket, readResolvedBucket } from '../src/index';

/**
 * The one-pass reader of plain, good buckets against the row-by-row path it stands in for
 * (`readBucket`, then `resolvePositions` per account): the same chunk result, byte for byte,
 * whichever path a bucket takes; and the fall-back taken at every row it does not read itself.
 */

const FIXTURE = fileURLToPath(new URL('../../../fixtures/hkex-2016-sample/', import.meta.url));
const FILE = 'book.csv';
let ctx: PrimeContext;
beforeAll(async () => {
  const loaded = await loadBookContext({ rpf: `${FIXTURE}rpf______-_____-__-_____-160930.lis`, catalogue: `${FIXTURE}catalogue.csv` });
  if (!loaded.ok) throw new Error('fixture RPF and catalogue must load');
  ctx = loaded.value;
});

/** A bucket file's text (bucket.ts's format): the header, then `line,text` records. */
function bucket(header: readonly string[], records: readonly string[]): string {
  return [BUCKET_FORMAT, `H,${JSON.stringify([1, header])}`, ...records.map((r, i) => `${i + 2},${r}`)].join('\n') + '\n';
}

const HEADER = ['account', 'cc', 'series', 'quantity', 'basis'];

/** What a chunk result says, as comparable values. */
function outcome(r: ChunkResult): unknown {
  return {
    ...r,
    jsonl: Buffer.from(r.jsonl).toString('utf8'),
    csv: Buffer.from(r.csv).toString('utf8'),
    ms: 0,
  };
}

describe('readResolvedBucket', () => {
  it('reads plain good rows into accounts in order of first row, each with its positions in row order', () => {
    const text = bucket(HEADER, [
      'B2,FEXXX,XXXM8,-6,',
      'A1,,XXXM8,3,gross',
      'B2,FEYYY,YYY6800R7,10,',
      'A1,SEHEX,HEX165.00U7,+5,',
      'B2,FEXXX,XXXM8,-0,',
    ]);
    const r = readResolvedBucket(ctx, text, 'net');
    expect(r).toBeDefined();
    if (r === undefined) return;
    expect(r.rows).toBe(5);
    const seen = r.accounts.map((a) => ({
      account: a.account,
      basis: a.basis,
      multiplier: a.multiplier,
      positions: a.positions.map((p) => [p.series.cc, p.code, p.quantity, p.row === p.series.row]),
    }));
    expect(seen).toEqual([
      { account: 'B2', basis: 'net', multiplier: undefined, positions: [['FEXXX', 'XXXM8', -6, true], ['FEYYY', 'YYY6800R7', 10, true], ['FEXXX', 'XXXM8', 0, true]] },
      { account: 'A1', basis: 'gross', multiplier: undefined, positions: [['FEXXX', 'XXXM8', 3, true], ['SEHEX', 'HEX165.00U7', 5, true]] },
    ]);
    // -0 is read as 0, as the positions reader reads it.
    expect(Object.is(r.accounts[0]?.positions[2]?.quantity, 0)).toBe(true);
  });

  it('leaves the bucket to the row-by-row path at any row it does not read itself', () => {
    const odd: readonly [string, string][] = [
      ['a blank to trim', ' A1,FEXXX,XXXM8,1,'],
      ['a basis in capitals', 'A1,FEXXX,XXXM8,1,NET'],
      ['a basis of neither kind', 'A1,FEXXX,XXXM8,1,both'],
      ['a decimal quantity', 'A1,FEXXX,XXXM8,1.5,'],
      ['a quantity of 16 digits', 'A1,FEXXX,XXXM8,1000000000000000,'],
      ['an empty quantity', 'A1,FEXXX,XXXM8,,'],
      ['an unknown series', 'A1,FEXXX,ZZZM8,1,'],
      ['a series of another CC', 'A1,FEYYY,XXXM8,1,'],
      ['a CC that is not a code', 'A1,fexxx,XXXM8,1,'],
      ['an empty series', 'A1,FEXXX,,1,'],
      ['too few fields', 'A1,FEXXX,XXXM8,1'],
      ['too many fields', 'A1,FEXXX,XXXM8,1,,'],
      ['a basis that disagrees with the first', 'A1,FEXXX,XXXM8,1,gross\nA1,FEXXX,XXXM8,1,net'],
      ['non-ASCII text', 'Ä1,FEXXX,XXXM8,1,'],
    ];
    for (const [why, row] of odd) {
      const text = bucket(HEADER, ['B2,FEXXX,XXXM8,-6,', ...row.split('\n')]);
      expect(readResolvedBucket(ctx, text, 'net'), why).toBeUndefined();
    }
    expect(readResolvedBucket(ctx, bucket([...HEADER, 'multiplier'], ['A1,FEXXX,XXXM8,1,,1.5']), 'net')).toBeUndefined();
    expect(readResolvedBucket(ctx, bucket([...HEADER, 'multiplier'], ['A1,FEXXX,XXXM8,1,,']), 'net')).toBeDefined();
    const quoted = `${BUCKET_FORMAT}\nH,${JSON.stringify([1, HEADER])}\nQ,${JSON.stringify([2, ['A1', 'FEXXX', 'XXXM8', '1', '']])}\n`;
    expect(readResolvedBucket(ctx, quoted, 'net')).toBeUndefined();
    expect(readResolvedBucket(ctx, 'marginkit-bucket 1\n', 'net')).toBeUndefined();
    expect(readResolvedBucket(ctx, '', 'net')).toBeUndefined();
  });

  const account = fc.constantFrom('A1', 'B2', 'C3', 'HKCC-1', 'SEOCH-9', 'A1 ', 'Ä');
  const series = fc.constantFrom(
    ['FEXXX', 'XXXM8'],
    ['', 'XXXM8'],
    ['FEYYY', 'YYY6800R7'],
    ['FEYYY', 'YYY6900R7'],
    ['FEXXX', 'XXX17400R8'],
    ['SEHEX', 'HEX165.00U7'],
    ['SEHEX', 'HEX130.00U7'],
    ['', 'TCH110.00R7'],
    ['SEAIA', 'AIA28.00O7'],
    ['FEXXX', 'ZZZM8'],
    ['FEYYY', 'XXXM8'],
  );
  const quantity = fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: -99, max: 99 }).map(String) },
    { weight: 1, arbitrary: fc.constantFrom('+7', '-0', '007', ' 3', '1.0', '', '9007199254740993') },
  );
  const basis = fc.oneof({ weight: 6, arbitrary: fc.constant('') }, { weight: 3, arbitrary: fc.constantFrom('net', 'gross') }, { weight: 1, arbitrary: fc.constantFrom('NET', ' net', 'x') });
  const row = fc.tuple(account, series, quantity, basis).map(([a, [cc, s], q, b]) => [a, cc, s, q, b].join(','));
  /** Mostly buckets of good rows (the one-pass path), some with odd rows (the other path). */
  const rows = fc.oneof(
    fc.array(fc.tuple(fc.constantFrom('A1', 'B2', 'C3', 'D4'), fc.constantFrom(['FEXXX', 'XXXM8'], ['', 'YYY6800R7'], ['SEHEX', 'HEX165.00U7'], ['SETCH', 'TCH115.00R7']), fc.integer({ min: -50, max: 50 })).map(([a, [cc, s], q]) => `${a},${cc},${s},${q},`), { minLength: 1, maxLength: 30 }),
    fc.array(row, { minLength: 1, maxLength: 30 }),
  );
  const options = fc.record({ basis: fc.constantFrom('net' as const, 'gross' as const), skipUnknown: fc.boolean(), multiplier: fc.constantFrom(undefined, '1.5') });

  it('writes the same lines into memory handed back from an earlier chunk as into new memory', () => {
    const text = bucket(HEADER, ['B2,FEXXX,XXXM8,-6,', 'A1,,XXXM8,3,gross', 'B2,FEYYY,YYY6800R7,10,', 'A1,SEHEX,HEX165.00U7,5,']);
    const opts: BookMarginOptions = { basis: 'net', skipUnknown: false };
    const fresh = marginBucket(ctx, 3, text, FILE, opts);
    for (const odd of [text.replace('A1,,XXXM8,3,gross', ' A1,,XXXM8,3,gross'), text]) {
      // Memory the size the chunk asks for (1 MiB: room for up to 80 accounts), full of an earlier chunk's bytes.
      const jsonl = new ArrayBuffer(2 ** 20);
      const csv = new ArrayBuffer(2 ** 20);
      new Uint8Array(jsonl).fill(0x7b);
      new Uint8Array(csv).fill(0x2c);
      const reused = marginBucket(ctx, 3, odd, FILE, opts, { jsonl, csv });
      expect(reused.jsonl.buffer).toBe(jsonl);
      expect(reused.csv.buffer).toBe(csv);
      expect(outcome(reused)).toEqual(outcome(odd === text ? fresh : marginChunk(ctx, 3, readBucket(odd, FILE), opts)));
    }
  });

  it('gives the chunk result of readBucket and resolvePositions, byte for byte, whichever path it takes (property)', () => {
    let onePass = 0;
    fc.assert(
      fc.property(rows, options, (records, o) => {
        const text = bucket(HEADER, records);
        const opts: BookMarginOptions = { basis: o.basis, skipUnknown: o.skipUnknown, ...(o.multiplier === undefined ? {} : { multiplier: o.multiplier }) };
        if (readResolvedBucket(ctx, text, o.basis) !== undefined) onePass++;
        const expected = marginChunk(ctx, 7, readBucket(text, FILE), opts);
        expect(outcome(marginBucket(ctx, 7, text, FILE, opts))).toEqual(outcome(expected));
      }),
      { numRuns: 300 },
    );
    // Both paths were exercised.
    expect(onePass).toBeGreaterThan(50);
    expect(onePass).toBeLessThan(300);
  });
});
