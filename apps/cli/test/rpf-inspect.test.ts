import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from './run-cli';
import { writeStoredZip } from './zip';

const SMALL = join(FIXTURES, 'rpf', 'small.lis');

let dir: string;
let small: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mk-cli-inspect-'));
  small = await readFile(SMALL, 'latin1');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** small.lis turned into the 11:30 intra-day file of the same day (record 0 columns 17-23). */
function asIntraday(text: string): string {
  const [header = '', ...rest] = text.split('\n');
  return [`${header.slice(0, 16)}II21130${header.slice(23)}`, ...rest].join('\n');
}

describe('marginkit rpf inspect', () => {
  it('summarises small.lis as JSON (cli-contract.md shape)', () => {
    const r = runCli(['rpf', 'inspect', SMALL, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // fixtures/rpf/small.lis: record 0 "20160930SF 1830", 4 distinct CC codes on its records 2
    // (FEXXX, FEYYY, FECNH, SEHEX) and 5 pairs of 81/82 lines.
    expect(JSON.parse(r.stdout)).toEqual({
      file: 'small.lis',
      kind: 'final',
      businessDate: '2016-09-30',
      businessTime: '18:30',
      combinedCommodities: 4,
      series: 5,
      warnings: [],
    });
  });

  it('prints a readable summary without --json', () => {
    const r = runCli(['rpf', 'inspect', SMALL]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('small.lis');
    expect(r.stdout).toMatch(/kind\s+final/);
    expect(r.stdout).toMatch(/business date\s+2016-09-30 18:30/);
    expect(r.stdout).toMatch(/combined commodities\s+4/);
    expect(r.stdout).toMatch(/series\s+5/);
  });

  it('prints an array for a zip, earliest file first', async () => {
    const zip = join(dir, 'RPF_160930.zip');
    await writeStoredZip(zip, {
      'rpf______-_____-__-_____-160930.lis': small,
      'rpi______-_____-__-_____-160930-1130.lis': asIntraday(small),
      'README.txt': 'not an RPF',
    });
    const r = runCli(['rpf', 'inspect', zip, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { file: string; kind: string; businessTime: string; series: number }[];
    expect(out.map((o) => [o.file, o.kind, o.businessTime, o.series])).toEqual([
      ['rpi______-_____-__-_____-160930-1130.lis', 'intraday', '11:30', 5],
      ['rpf______-_____-__-_____-160930.lis', 'final', '18:30', 5],
    ]);
  });

  it('reports unknown record types as warnings', async () => {
    const path = join(dir, 'extra-record.lis');
    await writeFile(path, `${small.trimEnd()}\nZZ a record type SPAN may add later\n`, 'latin1');
    const r = runCli(['rpf', 'inspect', path, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { warnings: { type: string; recordType: string; count: number; message: string }[] };
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toMatchObject({ type: 'UnknownRecordType', count: 1 });
  });

  it('fails with exit 1 and ONE line naming file:line:column on a malformed file', async () => {
    const lines = small.split('\n');
    const at = lines.findIndex((l) => l.startsWith('81'));
    // Risk-array value 1 of the first 81 line is columns 55-59 (rpf-format.md); a letter in it.
    const line = lines[at] ?? '';
    lines[at] = `${line.slice(0, 56)}X${line.slice(57)}`;
    const path = join(dir, 'bad.lis');
    await writeFile(path, lines.join('\n'), 'latin1');
    for (const args of [['rpf', 'inspect', path], ['rpf', 'inspect', path, '--json']]) {
      const r = runCli(args);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.endsWith('\n')).toBe(true);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`bad.lis:${at + 1}:55:`);
    }
  });

  it('counts the further errors on the same line', async () => {
    const lines = small.split('\n');
    const bad = lines.map((l) => (l.startsWith('81') ? `${l.slice(0, 56)}X${l.slice(57)}` : l));
    const path = join(dir, 'worse.lis');
    await writeFile(path, bad.join('\n'), 'latin1');
    const r = runCli(['rpf', 'inspect', path]);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    // One bad 81 line per series: the first is named, the other 4 counted.
    expect(r.stderr).toMatch(/\(\+4 more errors\)\n$/);
  });

  it('fails with exit 1 on a missing file', () => {
    const r = runCli(['rpf', 'inspect', join(dir, 'nope.lis')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nope.lis');
  });
});
