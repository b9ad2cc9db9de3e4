import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccountSheet, Basis } from '@marginkit/risk-engine';
import { marginPortfolio } from '@marginkit/risk-engine';
import { clientMarginForAccount } from '@marginkit/client-margin';
import type { AccountReport, MarginReport } from '../src/index';
import { accountReportJson, accountReportJsonText, accountReportTexts, appendAccountReport, csvRecordsOf, csvRecordsOfJson, CSV_RECORD_END } from '../src/index';
// The engine's own generators: random RPFs (HKCC and SEOCH CCs, tiers, intra- and
// intercommodity spreads, delivery months, USD) and portfolios over them.
import { firstDifference } from '../../risk-engine/test/support/first-difference';
import { plainAccount } from '../../risk-engine/test/support/plain-sheet';
import { randomCase } from '../../risk-engine/test/support/random-market';
import { hkexReport } from './hkex-report';

/**
 * A book run's per-account output written without the JSON object: the JSON line must be exactly
 * `JSON.stringify(accountReportJson(report))` and the CSV records exactly those of the JSON
 * object, for the engine's sheets (integer units) and for any other sheet (the object builders).
 */

const BASES: readonly Basis[] = ['net', 'gross'];
/** A failing random market cannot be shrunk within memory: it is reported as found, with its seed. */
const ON_FAILURE = { endOnFailure: true } as const;

/** Any string, lone surrogates and control characters included. */
const anyText = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 12 });
/** Client multipliers with and without decimals (A then has up to 4 more places than RM). */
const multiplier = fc.constantFrom(undefined, '1.33', '1', '2.5', '1.0625', '0.7');

function expectSameOutput(report: AccountReport): void {
  const json = accountReportJson(report);
  const line = JSON.stringify(json);
  const records = csvRecordsOfJson(json);
  expect(firstDifference(accountReportJsonText(report), line)).toBeUndefined();
  expect(csvRecordsOf(report)).toEqual(records);
  const both = accountReportTexts(report);
  expect(firstDifference(both.json, line)).toBeUndefined();
  expect(both.csv).toEqual(records);
  // A book run's bytes: the line and a newline, the records each ending CRLF, as UTF-8 (a lone
  // surrogate in a CSV field becomes U+FFFD there, as any UTF-8 encoder writes it).
  const jsonl: Uint8Array[] = [];
  const csv: Uint8Array[] = [];
  const sink = (into: Uint8Array[]) => ({
    appendBytes: (utf8: Uint8Array) => into.push(Uint8Array.from(utf8)),
    append: (text: string) => into.push(Buffer.from(text, 'utf8')),
  });
  appendAccountReport(report, sink(jsonl), sink(csv));
  expect(Buffer.concat(jsonl).equals(Buffer.from(`${line}\n`, 'utf8'))).toBe(true);
  const csvText = records.length === 0 ? '' : `${records.join(CSV_RECORD_END)}${CSV_RECORD_END}`;
  expect(Buffer.concat(csv).equals(Buffer.from(csvText, 'utf8'))).toBe(true);
}

function report(sheet: AccountSheet, options: { readonly multiplier?: string } = {}): AccountReport | undefined {
  const client = clientMarginForAccount(sheet, options);
  return client.ok ? { sheet, client: client.value } : undefined;
}

describe("an account's JSON line and CSV records, from units", () => {
  let hkex: MarginReport;
  beforeAll(async () => {
    hkex = await hkexReport();
  });

  it("are the JSON object's on HKEX's published cases", () => {
    for (const account of hkex.accounts) expectSameOutput(account);
    // HKCC case 3 net, FEYYY (capped): RM 32,435 × 1.33 = 43,138.55 > LOV 38,000, so B = 38,000.
    const case3 = hkex.accounts.find((a) => a.sheet.account === 'HKCC-3-net');
    expect(case3 && csvRecordsOf(case3).find((r) => r.includes(',FEYYY,'))).toMatch(/,32435,38000,.*,43138.55,true,38000$/);
  });

  it("are the JSON object's on random markets and portfolios, net and gross, any multiplier and account name", () => {
    fc.assert(
      fc.property(fc.gen(), anyText, multiplier, (g, account, m) => {
        const { ctx, positions } = randomCase(g);
        for (const basis of BASES) {
          const r = report(marginPortfolio(ctx, positions, basis, { account, multiplier: m }));
          fc.pre(r !== undefined);
          expectSameOutput(r);
        }
      }),
      { numRuns: 200, ...ON_FAILURE },
    );
  });

  it("are the JSON object's with huge quantities (figures past 2^53, the 40-digit path)", () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const { draw, ctx, market } = randomCase(g);
        fc.pre(market.rpf.series.length > 0);
        const positions = Array.from({ length: draw(fc.integer({ min: 1, max: 10 })) }, () => ({
          series: market.rpf.series[draw(fc.integer({ min: 0, max: market.rpf.series.length - 1 }))]!,
          quantity: draw(fc.integer({ min: -(10 ** 13), max: 10 ** 13 })),
        }));
        for (const basis of BASES) {
          const r = report(marginPortfolio(ctx, positions, basis, { account: 'BIG' }));
          if (r !== undefined) expectSameOutput(r);
        }
      }),
      { numRuns: 100, ...ON_FAILURE },
    );
  });

  it('escape account names exactly as JSON.stringify does, and quote them as CSV does', () => {
    const names = ['say "hi"', 'back\\slash', 'bell\u0007', 'comma, here', 'Zürich', 'emoji 😀', 'lone \ud800', ' padded '];
    fc.assert(
      fc.property(fc.gen(), fc.constantFrom(...names), (g, account) => {
        const { ctx, positions } = randomCase(g);
        const r = report(marginPortfolio(ctx, positions, 'net', { account }));
        fc.pre(r !== undefined);
        expectSameOutput(r);
      }),
      { numRuns: 60, ...ON_FAILURE },
    );
    // Hand-written: a quote doubles inside a quoted field.
    const a = hkex.accounts[0]!;
    const renamed = report({ ...plainAccount(a.sheet), account: 'say "hi"' })!;
    expect(csvRecordsOf(renamed)[0]).toMatch(/^"say ""hi""",/);
  });
});

describe("an account's JSON line and CSV records of a sheet the engine did not make", () => {
  it('go through the object builders and the client rules decimal path, with the same text', () => {
    fc.assert(
      fc.property(fc.gen(), anyText, multiplier, (g, account, m) => {
        const { ctx, positions } = randomCase(g);
        for (const basis of BASES) {
          const engine = report(marginPortfolio(ctx, positions, basis, { account, multiplier: m }));
          const plain = report(plainAccount(marginPortfolio(ctx, positions, basis, { account, multiplier: m })));
          fc.pre(engine !== undefined && plain !== undefined);
          expectSameOutput(plain);
          expect(firstDifference(accountReportJsonText(plain), accountReportJsonText(engine))).toBeUndefined();
          expect(csvRecordsOf(plain)).toEqual(csvRecordsOf(engine));
        }
      }),
      { numRuns: 80, ...ON_FAILURE },
    );
  });
});
