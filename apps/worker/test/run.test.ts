import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, INPUTS, linesByAccount, runWorker } from './support';

/**
 * `marginkit-worker run` in-process (worker threads), on HKEX's eight published client-margin
 * cases (16 accounts, gross and net): every account's figures are HKEX's as published
 * (fixtures/hkex-2016-sample/expected.json), never re-derived here.
 */

interface ExpectedCase {
  readonly id: string;
  readonly clearingHouse: Readonly<Record<'gross' | 'net', number>>;
  readonly client: Readonly<Record<'gross' | 'net', number>>;
}
const expected = JSON.parse(readFileSync(`${FIXTURE}expected.json`, 'utf8')) as { readonly cases: readonly ExpectedCase[] };
const published = new Map<string, { ch: number; client: number }>(
  expected.cases.flatMap((c) => (['gross', 'net'] as const).map((b) => [`${c.id}-${b}`, { ch: c.clearingHouse[b], client: c.client[b] }] as const)),
);

let dir: string;
let book: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mk-worker-run-'));
  const [header, ...rows] = readFileSync(`${FIXTURE}positions.csv`, 'utf8').trimEnd().split('\n');
  book = join(dir, 'book.csv');
  // Reversed: every multi-row account's rows come apart from its first row.
  writeFileSync(book, `${header}\n${rows.reverse().join('\n')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('marginkit-worker run', () => {
  it("margins every account on 2 threads with HKEX's published figures, and summarises", async () => {
    const out = join(dir, 'hkex');
    // More chunks than the threads hold at once: later chunks are written into memory handed
    // back from earlier ones (still holding their bytes), and must come out with HKEX's figures.
    const r = await runWorker(['run', ...INPUTS, '--positions', book, '--out', out, '--threads', '2', '--chunks', '12']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = linesByAccount(out);
    expect([...lines.keys()].sort()).toEqual([...published.keys()].sort());
    for (const [account, line] of lines) {
      const a = JSON.parse(line) as { clearingHouseTotalHkd: string; client: { total: string } };
      expect([account, a.clearingHouseTotalHkd, a.client.total]).toEqual([account, String(published.get(account)?.ch), String(published.get(account)?.client)]);
    }
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      complete: boolean;
      accounts: unknown;
      totals: { clearingHouseTotalHkd: string; clientTotalHkd: string };
      rpf: unknown;
    };
    const all = (k: 'ch' | 'client') => String([...published.values()].reduce((s, p) => s + p[k], 0));
    expect(summary).toMatchObject({
      complete: true,
      accounts: { total: 16, margined: 16, failed: 0 },
      totals: { clearingHouseTotalHkd: all('ch'), clientTotalHkd: all('client') },
      rpf: { kind: 'final', businessDate: '2016-09-30', businessTime: '18:30', fileName: 'rpf______-_____-__-_____-160930.lis' },
    });
    expect(r.stdout).toMatch(/^Run [0-9a-f]{16}: 16 of 16 accounts margined, 0 failed; final RPF of 2016-09-30 18:30/);
    // CSV: the header of @marginkit/reporting and one row per account × clearing house × CC.
    const csv = readFileSync(join(out, 'accounts.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toMatch(/^account,basis,clearingHouse,currency,cc,scanRisk,/);
    expect(csv.filter((l) => l.startsWith('HKCC-2-net,'))).toHaveLength(2); // FEXXX and FEYYY
  });

  it('fails the accounts with bad rows alone, exit 1, the others margined', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `${readFileSync(book, 'utf8')}HKCC-1-net,FEXXX,XXXM8,1.5,net\n`);
    const out = join(dir, 'bad');
    const r = await runWorker(['run', ...INPUTS, '--positions', bad, '--out', out, '--threads', '1', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`marginkit-worker: 1 of 16 accounts failed; every reason is in ${out}/failures.jsonl\n`);
    const failures = readFileSync(join(out, 'failures.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { account: string; reasons: { message: string }[] });
    expect(failures.map((f) => [f.account, f.reasons.map((x) => x.message)])).toEqual([
      ['HKCC-1-net', [`${bad}:38: quantity "1.5": must be a whole number of contracts (+ long, − short), without decimals or exponent`]],
    ]);
    expect(linesByAccount(out).size).toBe(15);
  });

  it('reports unreadable inputs (exit 1), bad options (exit 2) and a directory of another run', async () => {
    const missing = await runWorker(['run', '--rpf', join(dir, 'nope.lis'), '--catalogue', `${FIXTURE}catalogue.csv`, '--positions', book, '--out', join(dir, 'x')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.lis/);
    const usage = await runWorker(['run', ...INPUTS, '--positions', book, '--out', join(dir, 'y'), '--threads', '0']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--threads must be a whole number from 1 to 256/);
    const other = await runWorker(['run', ...INPUTS, '--positions', book, '--out', join(dir, 'hkex'), '--basis', 'gross', '--chunks', '4']);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/holds another run/);
  });

  it('prints help with examples', async () => {
    for (const command of ['run', 'work']) {
      const r = await runWorker([command, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Example/);
    }
  });
});
