import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountSet, BucketAccounts } from '../src/account-set';
import { accountHash, codeUnits } from '../src/bucket';
import { BucketFiles } from '../src/bucket-files';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mk-bucket-files-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('BucketFiles', () => {
  it('writes records and ASCII records as lines (those with too many commas not), whatever the buffer size (property)', () => {
    let run = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.nat({ max: 2 }), fc.boolean(), fc.nat({ max: 3_000_000_000 }), fc.string({ maxLength: 30, unit: fc.constantFrom('a', ',', ' ', '1', 'é', '\u00ff') })),
          { maxLength: 30 },
        ),
        fc.integer({ min: 1, max: 40 }),
        (records, capacity) => {
          const paths = [0, 1, 2].map((i) => join(dir, `f${run}-${i}.csv`));
          run++;
          const files = new BucketFiles(paths, capacity);
          const expected = ['', '', ''];
          try {
            for (const [i, bytes, line, text] of records) {
              const ascii = [...text].every((c) => c.charCodeAt(0) < 0x80);
              if (bytes && ascii) {
                // The record's text among other bytes, as in a piece of the positions file.
                // At most 2 commas: a record with more is not written.
                const source = Buffer.from(`x,${text},y`, 'latin1');
                const written = files.appendRecordBytes(i, line, source, 2, 2 + text.length, 2);
                const commas = text.split(',').length - 1;
                expect(written).toBe(commas <= 2);
                if (written) expected[i] += `${line},${text}\n`;
              } else {
                files.append(i, text);
                expected[i] += `${text}\n`;
              }
            }
            files.finish();
          } finally {
            files.close();
          }
          expect(paths.map((p) => readFileSync(p, 'utf8'))).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('AccountSet', () => {
  it('counts distinct accounts exactly, even when their hashes agree', () => {
    const set = new AccountSet();
    const add = (account: string, hash = accountHash(codeUnits(account), 0, account.length)) => set.add(hash, codeUnits(account), 0, account.length);
    expect(add('A1', 7)).toBe(true);
    expect(add('B2', 7)).toBe(true); // the same hash, another account
    expect(add('A1', 7)).toBe(false);
    expect(add('B2', 7)).toBe(false);
    expect(add('A', 7)).toBe(true); // the same hash, a prefix
    expect(set.size).toBe(3);
    // ASCII bytes and UTF-16 code units of the same account are the same account.
    const bytes = Buffer.from('..A1..', 'latin1');
    expect(set.add(7, bytes, 2, 4)).toBe(false);
  });

  it('equals a Set of strings over many accounts and growths (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 4, unit: fc.constantFrom('A', 'b', '1', 'é') }), { maxLength: 3000 }), fc.nat({ max: 3 }), (accounts, collide) => {
        const set = new AccountSet();
        const strings = new Set<string>();
        for (const a of accounts) {
          // Few hash values when `collide` is small: probes, compares and growth are all exercised.
          const hash = collide === 0 ? accountHash(codeUnits(a), 0, a.length) : a.length % collide;
          expect(set.add(hash, codeUnits(a), 0, a.length)).toBe(!strings.has(a));
          strings.add(a);
        }
        expect(set.size).toBe(strings.size);
      }),
      { numRuns: 100 },
    );
  });
});

describe('BucketAccounts', () => {
  it('counts accounts per bucket, looked up as lists fill and when settled', () => {
    const accounts = new BucketAccounts(2);
    const batch = Buffer.from('A1,B1,A1,C1', 'latin1');
    const add = (i: number, units: Uint8Array | Uint16Array, s: number, e: number) => accounts.add(i, accountHash(units, s, e), units, s, e);
    add(0, batch, 0, 2); // A1
    add(1, batch, 3, 5); // B1
    add(0, batch, 6, 8); // A1 again
    // The bytes the accounts came from may change: they were copied.
    batch.fill(0x5a);
    const next = Buffer.from('C1,A1', 'latin1');
    add(0, next, 0, 2);
    add(0, next, 3, 5);
    add(0, codeUnits('A1'), 0, 2); // the same account given as UTF-16
    accounts.settle();
    expect([accounts.count(0), accounts.count(1)]).toEqual([2, 1]);
  });

  it('equals a Set of strings per bucket, over lists that fill many times and long accounts (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: 2 }), fc.oneof({ weight: 200, arbitrary: fc.string({ maxLength: 3, unit: fc.constantFrom('A', '1', 'é') }) }, { weight: 1, arbitrary: fc.constant('L'.repeat(40_000)) })), { maxLength: 3000 }),
        (rows) => {
          const accounts = new BucketAccounts(3);
          const expected = [new Set<string>(), new Set<string>(), new Set<string>()];
          for (const [i, a] of rows) {
            const units = codeUnits(`..${a}`);
            accounts.add(i, accountHash(units, 2, units.length), units, 2, units.length);
            expected[i]?.add(a);
          }
          accounts.settle();
          expect([0, 1, 2].map((i) => accounts.count(i))).toEqual(expected.map((e) => e.size));
        },
      ),
      { numRuns: 60 },
    );
  });
});
