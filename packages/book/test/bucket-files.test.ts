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
  it('counts accounts per bucket, added now or deferred to the end of a batch', () => {
    const accounts = new BucketAccounts(2);
    const batch = Buffer.from('A1,B1,A1,C1', 'latin1');
    const hashOf = (s: number, e: number) => accountHash(batch, s, e);
    accounts.defer(0, hashOf(0, 2), 0, 2); // A1
    accounts.defer(1, hashOf(3, 5), 3, 5); // B1
    accounts.defer(0, hashOf(6, 8), 6, 8); // A1 again
    expect([accounts.count(0), accounts.count(1)]).toEqual([0, 0]);
    accounts.settle(batch);
    expect([accounts.count(0), accounts.count(1)]).toEqual([1, 1]);
    // The next batch, in other bytes: A1 is known, C1 is new; and an account given as UTF-16.
    const next = Buffer.from('C1,A1', 'latin1');
    accounts.defer(0, accountHash(next, 0, 2), 0, 2);
    accounts.defer(0, accountHash(next, 3, 5), 3, 5);
    accounts.settle(next);
    accounts.add(0, accountHash(codeUnits('A1'), 0, 2), codeUnits('A1'), 0, 2);
    expect([accounts.count(0), accounts.count(1)]).toEqual([2, 1]);
  });

  it('defers more rows than its first arrays hold', () => {
    const accounts = new BucketAccounts(3);
    const units = codeUnits(Array.from({ length: 10_000 }, (_, i) => String(i % 5000).padStart(4, '0')).join(''));
    for (let k = 0; k < 10_000; k++) accounts.defer(k % 3, accountHash(units, 4 * k, 4 * k + 4), 4 * k, 4 * k + 4);
    accounts.settle(units);
    // Account number a (0-4999) appears at k = a and k = a + 5000, in buckets a % 3 and (a + 5000) % 3.
    const expected = [0, 1, 2].map((b) => new Set(Array.from({ length: 10_000 }, (_, k) => k).filter((k) => k % 3 === b).map((k) => k % 5000)).size);
    expect([0, 1, 2].map((b) => accounts.count(b))).toEqual(expected);
  });
});
