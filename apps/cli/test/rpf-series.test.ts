import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from './run-cli';
import { writeStoredZip } from './zip';

const SMALL = join(FIXTURES, 'rpf', 'small.lis');
const CSV = join(FIXTURES, 'catalogue', 'hkex-2016-sample.csv');
const JSON_CATALOGUE = join(FIXTURES, 'catalogue', 'hkex-2016-sample.json');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mk-cli-series-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('marginkit rpf series', () => {
  it('shows a series as exact decimals (JSON)', () => {
    const r = runCli(['rpf', 'series', SMALL, 'HEX165.00J6', '--catalogue', CSV, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    // small.lis, the 81/82 pair "81SEOHEX       HEX       OOPC000000   201610   0016500…":
    // HEX call, option month 2016-10 (J = 10th call letter), strike 0016500 at HEX's 2 price
    // decimals = 165.00; CC SEHEX has RE 0 and locator 0, so raw values are HKD as written.
    expect(out).toMatchObject({
      rpf: { file: 'small.lis', kind: 'final', businessDate: '2016-09-30', businessTime: '18:30' },
      code: 'HEX165.00J6',
      cc: 'SEHEX',
      currency: 'HKD',
      commodity: 'HEX',
      productType: 'OOP',
      right: 'C',
      futuresMonth: 0,
      optionMonth: 201610,
      strike: '165.00',
      arrayParameters: null,
    });
    expect(out['riskArray']).toHaveLength(16);
  });

  it('agrees with the raw 81/82 text of small.lis', async () => {
    // Read the first series' fields straight from the file (rpf-format.md columns) and compare
    // with what the CLI prints: value k of 81 is columns 55+6(k-1)..59+6(k-1), sign after it.
    const lines = (await readFile(SMALL, 'latin1')).split(/\r?\n/);
    const i = lines.findIndex((l) => l.startsWith('81') && l.slice(5, 15).trim() === 'XXX' && l.slice(25, 28) === 'FUT');
    const l81 = lines[i] ?? '';
    const l82 = lines[i + 1] ?? '';
    const value = (l: string, k: number) => {
      const at = 54 + 6 * k;
      const magnitude = l.slice(at, at + 5).replace(/^0+(?=\d)/, '');
      return l[at + 5] === '-' && magnitude !== '0' ? `-${magnitude}` : magnitude;
    };
    const raw = [...Array.from({ length: 9 }, (_, k) => value(l81, k)), ...Array.from({ length: 7 }, (_, k) => value(l82, k))];
    const month = Number(l81.slice(29, 35)); // futures month CCYYMM
    const code = `XXX${'FGHJKMNQUVXZ'[(month % 100) - 1]}${Math.floor(month / 100) % 10}`;
    const r = runCli(['rpf', 'series', SMALL, code, '--catalogue', JSON_CATALOGUE, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { riskArray: string[]; settlementPrice: string; futuresMonth: number };
    // FEXXX: RE 0 and locator 0 (record 2 "FEXXX 0HKD…XXX FUT0+"), so values are HKD as written.
    expect(out.riskArray).toEqual(raw);
    expect(out.futuresMonth).toBe(month);
    // Settlement price 9(7) at columns 111-117 of 82, XXX has 0 price decimals.
    expect(out.settlementPrice).toBe(l82.slice(110, 117).replace(/^0+(?=\d)/, ''));
  });

  it('prints a readable form without --json', () => {
    const r = runCli(['rpf', 'series', SMALL, 'HEX165.00J6', '--catalogue', CSV]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('HEX165.00J6  SEHEX  HKD  (final RPF of 2016-09-30 18:30, small.lis)');
    expect(r.stdout).toMatch(/strike\s+165\.00/);
    expect(r.stdout).toMatch(/risk array \(HKD/);
  });

  it('names the closest series of an unknown code (exit 1, one line)', () => {
    const r = runCli(['rpf', 'series', SMALL, 'HEX165.00K6', '--catalogue', CSV]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('marginkit: unknown series HEX165.00K6 (SEHEX); closest: HEX165.00J6\n');
  });

  it('rejects a strike written with the wrong decimals, and a CC that does not match', () => {
    const a = runCli(['rpf', 'series', SMALL, 'HEX165J6', '--catalogue', CSV]);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain('strike 165 must be written with 2 decimals');
    const b = runCli(['rpf', 'series', SMALL, 'HEX165.00J6', '--catalogue', CSV, '--cc', 'SEAIA']);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain("cc SEAIA does not match the catalogue's CC SEHEX");
  });

  it('reports a bad catalogue with file, line, field and value', async () => {
    const bad = join(dir, 'bad-catalogue.csv');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(bad, 'clearingHouse,cc,commodity,currency,multiplier,priceDecimals\nSEOCH,SEHEX,HEX,HKD,abc,2\nHKCC,FEXXX,XXX,HKD,50,9\n');
    const r = runCli(['rpf', 'series', SMALL, 'HEX165.00J6', '--catalogue', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`marginkit: ${bad}:2: multiplier "abc": must be a positive decimal number like 50 or 0.5 (+1 more error)\n`);
  });

  it('picks a file of a zip by kind', async () => {
    const small = await readFile(SMALL, 'latin1');
    const [header = '', ...rest] = small.split('\n');
    const intraday = [`${header.slice(0, 16)}II21130${header.slice(23)}`, ...rest].join('\n');
    const zip = join(dir, 'RPF_160930.zip');
    await writeStoredZip(zip, {
      'rpi______-_____-__-_____-160930-1130.lis': intraday,
      'rpf______-_____-__-_____-160930.lis': small,
    });
    const final = JSON.parse(runCli(['rpf', 'series', zip, 'XXXV6', '--catalogue', CSV, '--json']).stdout) as { rpf: unknown };
    expect(final.rpf).toEqual({ file: 'rpf______-_____-__-_____-160930.lis', kind: 'final', businessDate: '2016-09-30', businessTime: '18:30' });
    const r = runCli(['rpf', 'series', zip, 'XXXV6', '--catalogue', CSV, '--json', '--rpf-kind', 'intraday', '--rpf-time', '1130']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { rpf: unknown }).rpf).toEqual({
      file: 'rpi______-_____-__-_____-160930-1130.lis',
      kind: 'intraday',
      businessDate: '2016-09-30',
      businessTime: '11:30',
    });
  });
});
