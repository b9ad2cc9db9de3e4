import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookSummary, ChunkExecutor, RunBookSettings } from '../src/index';
import { runBook, runChunkTask, sameThreadExecutor } from '../src/index';

/**
 * A book run end to end on HKEX's eight published client-margin cases (16 accounts, gross and net),
 * with the positions shuffled so that no account's rows are contiguous. The expected figures are
 * HKEX's as published (fixtures/hkex-2016-sample/expected.json), never re-derived here.
 */

const FIXTURE = fileURLToPath(new URL('../../../fixtures/hkex-2016-sample/', import.meta.url));
const RPF = `${FIXTURE}rpf______-_____-__-_____-160930.lis`;
const CATALOGUE = `${FIXTURE}catalogue.csv`;

interface ExpectedCase {
  readonly id: string;
  readonly clearingHouse: Readonly<Record<'gross' | 'net', number>>;
  readonly client: Readonly<Record<'gross' | 'net', number>>;
}
const expected = JSON.parse(readFileSync(`${FIXTURE}expected.json`, 'utf8')) as { readonly cases: readonly ExpectedCase[] };
const published = new Map<string, { readonly ch: number; readonly client: number }>(
  expected.cases.flatMap((c) => (['gross', 'net'] as const).map((b) => [`${c.id}-${b}`, { ch: c.clearingHouse[b], client: c.client[b] }] as const)),
);

let dir: string;
let book: string;
const [header, ...rows] = readFileSync(`${FIXTURE}positions.csv`, 'utf8').trimEnd().split('\n');
/** Every third row first, then the rest reversed: each multi-row account is split apart. */
const shuffled = [...rows.filter((_, i) => i % 3 === 0), ...rows.filter((_, i) => i % 3 !== 0).reverse()];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mk-book-'));
  book = join(dir, 'book.csv');
  writeFileSync(book, `${header}\n${shuffled.join('\n')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function settings(out: string, extra: Partial<RunBookSettings> = {}, positions = book): RunBookSettings {
  return {
    inputs: { positions, rpf: RPF, catalogue: CATALOGUE },
    options: { basis: 'net', skipUnknown: false, chunks: 3 },
    out: join(dir, out),
    executor: sameThreadExecutor(),
    ...extra,
  };
}

async function run(s: RunBookSettings): Promise<BookSummary> {
  const r = await runBook(s);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.value;
}

interface Line {
  readonly account: string;
  readonly clearingHouseTotalHkd: string;
  readonly client: { readonly total: string };
}
const linesOf = (out: string): Line[] =>
  readFileSync(join(dir, out, 'accounts.jsonl'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);

describe('runBook', () => {
  let summary: BookSummary;
  beforeAll(async () => {
    summary = await run(settings('plain'));
  });

  it("gives every account HKEX's published clearing-house and client totals, exactly once", () => {
    const lines = linesOf('plain');
    expect(lines.map((l) => l.account).sort()).toEqual([...published.keys()].sort());
    for (const l of lines) {
      const p = published.get(l.account);
      expect([l.account, l.clearingHouseTotalHkd, l.client.total]).toEqual([l.account, String(p?.ch), String(p?.client)]);
    }
    expect(summary).toMatchObject({ complete: true, accounts: { total: 16, margined: 16, failed: 0 }, positions: { rows: rows.length, skipped: 0 } });
  });

  it('sums the totals exactly, per clearing house and in HKD', () => {
    // HKEX's published figures of expected.json, added up: every case's gross and net account.
    const sum = (prefix: string, k: 'ch' | 'client') =>
      [...published].filter(([a]) => a.startsWith(prefix)).reduce((s, [, p]) => s + p[k], 0);
    const hkcc = summary.totals.clearingHouses.find((t) => t.clearingHouse === 'HKCC');
    const seoch = summary.totals.clearingHouses.find((t) => t.clearingHouse === 'SEOCH');
    expect(hkcc).toMatchObject({ currency: 'HKD', accounts: 8, requirement: String(sum('HKCC', 'ch')), clientTotal: String(sum('HKCC', 'client')) });
    expect(seoch).toMatchObject({ currency: 'HKD', accounts: 8, requirement: String(sum('SEOCH', 'ch')), clientTotal: String(sum('SEOCH', 'client')) });
    expect(summary.totals.clearingHouseTotalHkd).toBe(String(sum('', 'ch')));
    expect(summary.totals.clientTotalHkd).toBe(String(sum('', 'client')));
  });

  it('writes the CSV of @marginkit/reporting and names the RPF it used', () => {
    const csv = readFileSync(join(dir, 'plain', 'accounts.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe('account,basis,clearingHouse,currency,cc,scanRisk,intraSpreadCharge,spotCharge,commodityRisk,interSpreadCredit,shortOptionMinimum,riskMargin,longOptionValue,shortOptionValue,mtm,requirement,clientRiskMargin,capped,clientRequirement');
    // HKCC-1 (6 short XXXM8): RM 342,300, HKEX case 1.
    expect(csv.filter((l) => l.startsWith('HKCC-1-net,'))).toEqual([expect.stringMatching(/^HKCC-1-net,net,HKCC,HKD,FEXXX,.*,342300,.*$/)]);
    expect(summary.rpf).toMatchObject({ kind: 'final', businessDate: '2016-09-30', businessTime: '18:30', fileName: 'rpf______-_____-__-_____-160930.lis' });
    expect(summary.rpf.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(dir, 'plain', 'failures.jsonl'), 'utf8')).toBe('');
  });

  it('gives the same lines whatever the chunking', async () => {
    await run(settings('one-chunk', { options: { basis: 'net', skipUnknown: false, chunks: 1 } }));
    const byAccount = (out: string) => new Map(linesOf(out).map((l) => [l.account, JSON.stringify(l)]));
    expect(byAccount('one-chunk')).toEqual(byAccount('plain'));
  });

  it("hands each chunk's lines back to the executor once they are merged, in chunk order", async () => {
    const handed: { jsonl: string; csv: string }[] = [];
    const inner = sameThreadExecutor();
    const out = join(dir, 'recycled');
    const executor: ChunkExecutor = {
      recycle: (jsonl, csv) => void handed.push({ jsonl: Buffer.from(jsonl).toString('utf8'), csv: Buffer.from(csv).toString('utf8') }),
      run: (plan, sink) => inner.run(plan, sink),
    };
    const s = await run(settings('recycled', { executor, options: { basis: 'net', skipUnknown: false, chunks: 5 } }));
    expect(s.chunks.total).toBeGreaterThan(2);
    expect(handed.length).toBe(s.chunks.total);
    // Each is a whole chunk's committed lines, in chunk order: together, the merged file.
    expect(handed.map((h) => h.jsonl).join('')).toBe(readFileSync(join(out, 'accounts.jsonl'), 'utf8'));
    const csvLines = readFileSync(join(out, 'accounts.csv'), 'utf8');
    expect(csvLines.endsWith(handed.map((h) => h.csv).join(''))).toBe(true);
  });

  it('refuses a run directory of another run', async () => {
    const r = await runBook(settings('plain', { options: { basis: 'gross', skipUnknown: false, chunks: 3 } }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ _tag: 'AnotherRun', message: expect.stringMatching(/holds another run/) });
  });
});

describe('failures', () => {
  it('fails an account with a bad row or an unknown series alone, with every reason', async () => {
    const path = join(dir, 'bad.csv');
    writeFileSync(path, `${header}\n${shuffled.join('\n')}\nHKCC-1-net,FEXXX,XXXM8,1.5,net\nSEOCH-1-net,SEHEX,HEX999.00U7,1,net\nNEW,FEXXX,XXXM8,x,\n`);
    const s = await run(settings('bad', {}, path));
    const line = rows.length + 2;
    expect(s.complete).toBe(false);
    expect(s.accounts).toEqual({ total: 17, margined: 14, failed: 3 });
    expect(s.failures.map((f) => [f.account, f.reasons.map((r) => [r.reason, r.line, r.field, r.value])])).toEqual(
      expect.arrayContaining([
        ['HKCC-1-net', [['InvalidValue', line, 'quantity', '1.5']]],
        ['SEOCH-1-net', [['UnknownSeries', line + 1, 'series', 'HEX999.00U7']]],
        ['NEW', [['InvalidValue', line + 2, 'quantity', 'x']]],
      ]),
    );
    expect(s.failures.find((f) => f.account === 'HKCC-1-net')?.reasons[0]?.message).toBe(
      `${path}:${line}: quantity "1.5": must be a whole number of contracts (+ long, − short), without decimals or exponent`,
    );
    const failed = readFileSync(join(dir, 'bad', 'failures.jsonl'), 'utf8').trimEnd().split('\n');
    expect(failed).toHaveLength(3);
    const accounts = linesOf('bad').map((l) => l.account);
    expect(accounts).toHaveLength(14);
    expect(accounts).not.toContain('HKCC-1-net');
  });

  it('skips unknown series on request and lists them', async () => {
    const path = join(dir, 'skip.csv');
    writeFileSync(path, `${header}\n${shuffled.join('\n')}\nSEOCH-1-net,SEHEX,HEX999.00U7,1,net\n`);
    const s = await run(settings('skip', { options: { basis: 'net', skipUnknown: true, chunks: 3 } }, path));
    expect(s.complete).toBe(true);
    expect(s.skippedPositions.map((p) => [p.account, p.reason, p.value])).toEqual([['SEOCH-1-net', 'UnknownSeries', 'HEX999.00U7']]);
    expect(linesOf('skip').find((l) => l.account === 'SEOCH-1-net')?.client.total).toBe(String(published.get('SEOCH-1-net')?.client));
  });

  it('fails the run when a row names no account it can be trusted with', async () => {
    const cases = [
      ['shifted.csv', `${header}\n${rows[0]}\nX,FEXXX,XXXM8,1,net,extra\n`, ':3: the row has 6 fields but the header has 5 (quote a field that holds a comma)'],
      ['unclosed.csv', `${header}\n${rows[0]}\n"open,FEXXX,XXXM8,1,net\n`, ':3:1: quoted field is never closed'],
    ] as const;
    for (const [name, text, message] of cases) {
      const path = join(dir, name);
      writeFileSync(path, text);
      const r = await runBook(settings(`${name}.out`, {}, path));
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.errors[0]?._tag).toBe('Positions');
        expect(r.errors[0]?.errors.map((e) => e.message)).toEqual([`${path}${message}`]);
      }
    }
  });

  it('dead-letters every account of a chunk that could not be margined', async () => {
    const dead: ChunkExecutor = {
      async run(plan, sink) {
        for (const t of plan.tasks) {
          if (t.chunk === plan.tasks[0]?.chunk) await sink.failed(t.chunk, 'worker crashed 3 times');
          else await sink.result(await runChunkTask(t));
        }
      },
    };
    const s = await run(settings('dead', { executor: dead }));
    const deadAccounts = s.failures.map((f) => f.account);
    expect(deadAccounts.length).toBeGreaterThan(0);
    expect(s.failures.every((f) => f.reasons[0]?.reason === 'ChunkFailed' && /worker crashed 3 times/.test(f.reasons[0].message))).toBe(true);
    expect(s.chunks.failed).toBe(1);
    const margined = linesOf('dead').map((l) => l.account);
    expect([...margined, ...deadAccounts].sort()).toEqual([...published.keys()].sort());
  });
});

describe('resuming', () => {
  it('after a crash, margins only the uncommitted chunks and gives the same results', async () => {
    const reference = readFileSync(join(dir, 'plain', 'accounts.jsonl'), 'utf8');
    class Crash extends Error {}
    // First attempt: commit one chunk, then die.
    const crashing: ChunkExecutor = {
      async run(plan, sink) {
        await sink.result(await runChunkTask(plan.tasks[0] as (typeof plan.tasks)[number]));
        throw new Crash('killed');
      },
    };
    await expect(runBook(settings('resume', { executor: crashing }))).rejects.toBeInstanceOf(Crash);
    const chunkFile = join(dir, 'resume', 'chunks', '0000.json');
    const before = statSync(chunkFile);

    const ran: number[] = [];
    const counting: ChunkExecutor = {
      async run(plan, sink) {
        for (const t of plan.tasks) {
          ran.push(t.chunk);
          await sink.result(await runChunkTask(t));
        }
      },
    };
    const s = await run(settings('resume', { executor: counting }));
    expect(ran).toEqual([1, 2]);
    expect(s.chunks).toEqual({ total: 3, computed: 2, resumed: 1, failed: 0 });
    const after = statSync(chunkFile);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    expect(readFileSync(join(dir, 'resume', 'accounts.jsonl'), 'utf8')).toBe(reference);
  });
});
