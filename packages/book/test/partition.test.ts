import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField } from '@marginkit/rpf';
import { parsePositions } from '@marginkit/risk-engine';
import { accountBucket, bucketPath, partitionPositions, readBucket } from '../src/index';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mk-partition-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('accountBucket', () => {
  it('is 32-bit FNV-1a of the account, modulo the bucket count', () => {
    // FNV-1a test vectors (Fowler/Noll/Vo reference): "a" → 0xe40c292c, "foobar" → 0xbf9cf968.
    expect(accountBucket('a', 2 ** 32 - 1)).toBe(0xe40c292c % (2 ** 32 - 1));
    expect(accountBucket('a', 1000)).toBe(220); // 3,826,002,220 mod 1000
    expect(accountBucket('foobar', 1000)).toBe(0xbf9cf968 % 1000);
    expect(accountBucket('', 7)).toBe(0x811c9dc5 % 7);
  });
});

describe('partitionPositions', () => {
  const account = fc.string({ minLength: 1, maxLength: 4, unit: fc.constantFrom('A', 'b', ',', '"', 'é', ' ', '\n') }).map((s) => s.trim()).filter((s) => s !== '');
  const row = fc.record({
    account,
    series: fc.constantFrom('XXXM8', 'HEX165.00U7'),
    quantity: fc.integer({ min: -50, max: 50 }),
    basis: fc.constantFrom('', 'net', 'gross'),
  });

  it('puts every row of an account in one bucket, in file order, and every row exactly once (property)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 40 }), fc.integer({ min: 1, max: 5 }), async (rows, chunks) => {
        const path = join(dir, `p${run++}.csv`);
        const text = ['account,series,quantity,basis', ...rows.map((r) => [r.account, r.series, String(r.quantity), r.basis].map(csvField).join(','))].join('\n');
        writeFileSync(path, text);
        const out = join(dir, `b${run}`);
        const r = await partitionPositions(path, out, { chunks, batchChars: 16 });
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const whole = parsePositions(text, { fileName: path });
        if (!whole.ok) throw new Error('fixture rows must be valid');
        const seen = new Map<string, number>();
        const byAccount = new Map<string, unknown[]>();
        for (let i = 0; i < chunks; i++) {
          for (const a of readBucket(readFileSync(bucketPath(out, i), 'utf8'), path)) {
            expect(seen.has(a.account)).toBe(false);
            seen.set(a.account, i);
            expect(accountBucket(a.account, chunks)).toBe(i);
            byAccount.set(a.account, a.rows);
          }
        }
        const expected = new Map<string, unknown[]>();
        for (const w of whole.value) expected.set(w.account, [...(expected.get(w.account) ?? []), w]);
        expect(byAccount).toEqual(expected);
        expect(r.value.rows).toBe(rows.length);
        expect(r.value.accounts).toBe(expected.size);
      }),
      { numRuns: 100 },
    );
  });
});
