import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField } from '@marginkit/rpf';
import type { PositionFileError, PositionRow } from '@marginkit/risk-engine';
import { parsePositions, readPositionBatches } from '@marginkit/risk-engine';
import type { BucketAccount } from '../src/index';
import { accountBucket, bucketPath, MAX_PARTITION_ERRORS, partitionPositions, readBucket } from '../src/index';
import { fileErrorReason } from '../src/failure';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mk-partition-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Removes a property run's files as soon as it ends: thousands of them left for `afterAll` are slow to remove on a busy disk. */
function removeRunFiles(): void {
  for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
}

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
      }).afterEach(removeRunFiles),
      { numRuns: 100 },
    );
  });
});

/** Every account of every bucket of a partition, with the bucket it was found in. */
function bucketsOf(out: string, chunks: number, file: string): Map<string, BucketAccount & { readonly bucket: number }> {
  const found = new Map<string, BucketAccount & { readonly bucket: number }>();
  for (let i = 0; i < chunks; i++) {
    for (const a of readBucket(readFileSync(bucketPath(out, i), 'utf8'), file)) {
      expect(found.has(a.account)).toBe(false);
      found.set(a.account, { ...a, bucket: i });
    }
  }
  return found;
}

/** The streaming positions reader's rows and errors of a file (it gives the good rows even when others are bad). */
async function reference(file: string, batchChars = 1 << 30): Promise<{ rows: PositionRow[]; errors: PositionFileError[] }> {
  const rows: PositionRow[] = [];
  const errors: PositionFileError[] = [];
  for await (const b of readPositionBatches(file, { batchChars })) {
    rows.push(...b.rows);
    errors.push(...b.errors);
  }
  return { rows, errors };
}

describe('partition, then readBucket: the positions reader\'s rows and errors, account by account', () => {
  // Fields as written in the file: unquoted (a quote makes a CSV syntax error, a comma shifts
  // the row), or quoted (then they may hold commas, quotes and line breaks).
  const text = fc.string({ maxLength: 5, unit: fc.constantFrom('A', 'b', '1', '-', '.', ' ', ',', '"', '\n', '\r', 'é', '\uFEFF', '\u00a0') });
  const field = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('A1', 'A2', ' A1', 'B', 'é1', 'XXXM8', 'HEX165.00U7', '7', '-3', 'net', 'GROSS', '', '1.33', 'FEXXX') },
    { weight: 2, arbitrary: text },
    { weight: 1, arbitrary: text.map((t) => `"${t.replaceAll('"', '""')}"`) },
  );
  const record = fc.array(field, { minLength: 1, maxLength: 7 }).map((fs) => fs.join(','));
  const header = fc.constantFrom(
    'account,cc,series,quantity,basis,multiplier',
    'series,quantity,account',
    '"account",series,quantity,basis',
    'account,series,quantity,multipler',
  );

  it('on random CSV — quotes, CRLF, blank lines, BOM, bad and shifted rows, small batches (property)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        header,
        fc.array(fc.oneof({ weight: 8, arbitrary: record }, { weight: 1, arbitrary: fc.constantFrom('', ' ', '\uFEFF') }), { maxLength: 16 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 90 }),
        async (head, lines, eol, bom, chunks, batchChars) => {
          const file = join(dir, `q${run++}.csv`);
          const csv = `${bom ? '\uFEFF' : ''}${[head, ...lines].join(eol)}`;
          writeFileSync(file, csv);
          const out = join(dir, `qb${run}`);
          const parted = await partitionPositions(file, out, { chunks, batchChars });
          // The streaming reader, batch for batch as the partition reads (it stops at a bad
          // header, and gives no rows after a CSV syntax error); parsePositions where they agree.
          const ref = await reference(file, batchChars);
          const whole = parsePositions(csv, { fileName: file });
          if (whole.ok) expect(ref.errors).toEqual([]);
          else if (!whole.errors.some((e) => e._tag === 'Syntax' && e.column > 0)) expect(ref.errors).toEqual(whole.errors);
          const untrusted = ref.errors.filter((e) => e.account === undefined);
          if (untrusted.length > 0) {
            expect(parted.ok).toBe(false);
            if (!parted.ok) expect(parted.errors[0]).toEqual({ errors: untrusted, more: 0 });
            return;
          }
          expect(parted.ok).toBe(true);
          if (!parted.ok) return;
          const expected = new Map<string, { rows: PositionRow[]; errors: PositionFileError[] }>();
          const of = (account: string) => expected.get(account) ?? expected.set(account, { rows: [], errors: [] }).get(account)!;
          for (const row of ref.rows) of(row.account).rows.push(row);
          for (const e of ref.errors) of(e.account as string).errors.push(e);
          const found = bucketsOf(out, chunks, file);
          expect([...found.keys()].sort()).toEqual([...expected.keys()].sort());
          for (const [account, a] of found) {
            expect(a.bucket).toBe(accountBucket(account, chunks));
            expect(a.rows).toEqual(expected.get(account)?.rows);
            expect(a.errors).toEqual(expected.get(account)?.errors.map(fileErrorReason));
          }
          expect(parted.value.accounts).toBe(expected.size);
          expect(parted.value.rows).toBe([...expected.values()].reduce((s, e) => s + e.rows.length, 0) + new Set(ref.errors.map((e) => e.line)).size);
        },
      ).afterEach(removeRunFiles),
      { numRuns: 400 },
    );
  }, 60_000);

  it('on random JSON (rows checked as they are read) (property)', async () => {
    const value = fc.oneof(fc.constantFrom('A1', ' A2 ', '', 'XXXM8', 'net', '1.33', 'x'), fc.integer({ min: -9, max: 9 }), fc.constant(1.5), fc.constant(null));
    const item = fc.oneof(
      { weight: 6, arbitrary: fc.record({ account: value, series: value, quantity: value, basis: value }, { requiredKeys: [] }) },
      { weight: 1, arbitrary: fc.constantFrom(1, 'x', [1], { account: 'A1', series: 'XXXM8', quantity: 1, extra: 2 }) },
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(item, { maxLength: 10 }), fc.integer({ min: 1, max: 3 }), async (items, chunks) => {
        const file = join(dir, `j${run++}.json`);
        const json = JSON.stringify(items, null, 1);
        writeFileSync(file, json);
        const out = join(dir, `jb${run}`);
        const parted = await partitionPositions(file, out, { chunks, batchChars: 16 });
        const ref = await reference(file);
        const untrusted = ref.errors.filter((e) => e.account === undefined);
        if (untrusted.length > 0) {
          expect(parted).toMatchObject({ ok: false, errors: [{ errors: untrusted, more: 0 }] });
          return;
        }
        expect(parted.ok).toBe(true);
        const found = bucketsOf(out, chunks, file);
        for (const row of ref.rows) expect(found.get(row.account)?.rows).toContainEqual(row);
        for (const e of ref.errors) expect(found.get(e.account as string)?.errors).toContainEqual(fileErrorReason(e));
        expect([...found.values()].reduce((s, a) => s + a.rows.length, 0)).toBe(ref.rows.length);
      }).afterEach(removeRunFiles),
      { numRuns: 200 },
    );
  }, 60_000);
});

describe('partition errors', () => {
  it('names the untrusted rows in file order, keeps the first MAX_PARTITION_ERRORS and counts the rest', async () => {
    const file = join(dir, 'untrusted.csv');
    const bad = Array.from({ length: MAX_PARTITION_ERRORS + 5 }, (_, i) => (i % 2 === 0 ? ',XXXM8,1' : 'A,XXXM8,1,extra'));
    writeFileSync(file, `account,series,quantity\nA1,XXXM8,1\n${bad.join('\n')}\n`);
    const parted = await partitionPositions(file, join(dir, 'untrusted'), { chunks: 2, batchChars: 100 });
    expect(parted.ok).toBe(false);
    if (parted.ok) return;
    const { errors, more } = parted.errors[0] as { errors: readonly PositionFileError[]; more: number };
    expect([errors.length, more]).toEqual([MAX_PARTITION_ERRORS, 5]);
    // Line 3: the blank account; line 4: four fields under a header of three.
    expect(errors.slice(0, 2).map((e) => e.message)).toEqual([
      `${file}:3: account "": is missing`,
      `${file}:4: the row has 4 fields but the header has 3 (quote a field that holds a comma)`,
    ]);
    expect(errors.map((e) => e.line)).toEqual(errors.map((_, i) => i + 3));
  });

  it('refuses a bucket of another format, and one damaged', () => {
    expect(() => readBucket('R,2,A1,,XXXM8,1,,\n', 'p.csv')).toThrow(/not of this version/);
    expect(() => readBucket('marginkit-bucket 2\n2,A1,XXXM8,1\n', 'p.csv')).toThrow(/line 2: a record before the header/);
    expect(() => readBucket('marginkit-bucket 2\nH,[1,["account","series","quantity"]]\n2x,A1\n', 'p.csv')).toThrow(/line 3: a bad line number/);
    expect(readBucket('', 'p.csv')).toEqual([]);
  });
});
