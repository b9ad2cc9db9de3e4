import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, FIXTURES, runCli } from './run-cli';
import { writeStoredZip } from './zip';

/**
 * `marginkit margin` on HKEX's published client-margin cases (fixtures/hkex-2016-sample: a
 * reconstructed RPF, the catalogue, and positions.csv holding each case as two accounts, gross and
 * net, through a `basis` column). Every expected figure is HKEX's, read from expected.json, or
 * hand arithmetic written out beside it.
 */

const SAMPLE = join(FIXTURES, 'hkex-2016-sample');
const RPF_NAME = 'rpf______-_____-__-_____-160930.lis';
const RPF = join(SAMPLE, RPF_NAME);
const CATALOGUE = join(SAMPLE, 'catalogue.csv');
const POSITIONS = join(SAMPLE, 'positions.csv');
const INPUTS = ['--rpf', RPF, '--catalogue', CATALOGUE];

type Basis = 'gross' | 'net';
interface ExpectedCase {
  readonly id: string;
  readonly positions: readonly (readonly [string, string, number])[];
  readonly clearingHouse: Readonly<Record<Basis, number>>;
  readonly client: Readonly<Record<Basis, number>>;
}
const expected = JSON.parse(readFileSync(join(SAMPLE, 'expected.json'), 'utf8')) as { readonly cases: readonly ExpectedCase[] };
const accounts = expected.cases.flatMap((c) => (['gross', 'net'] as const).map((basis) => ({ c, basis, name: `${c.id}-${basis}` })));

interface AccountOut {
  readonly account: string;
  readonly basis: Basis;
  readonly clearingHouseTotalHkd: string;
  readonly clearingHouses: readonly { readonly clearingHouse: string; readonly combinedCommodities: readonly { readonly cc: string; readonly riskMargin: string }[] }[];
  readonly client: { readonly multiplier: string; readonly total: string; readonly maintenance: string };
}
interface MarginOut {
  readonly schemaVersion: number;
  readonly rpf: Record<string, unknown>;
  readonly accounts: readonly AccountOut[];
  readonly skippedPositions: readonly { readonly reason: string; readonly line: number; readonly value: string }[];
}

function marginJson(args: readonly string[]): MarginOut {
  const r = runCli(['margin', ...INPUTS, ...args, '--format', 'json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as MarginOut;
}

function byName(out: MarginOut, name: string): AccountOut {
  const a = out.accounts.find((x) => x.account === name);
  if (a === undefined) throw new Error(`no account ${name} in the output`);
  return a;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mk-cli-margin-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function positionsFile(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('marginkit margin on HKEX 2016 sample cases', () => {
  let out: MarginOut;
  beforeAll(() => {
    out = marginJson(['--positions', POSITIONS]);
  });

  it('names the RPF it used', () => {
    expect(out.schemaVersion).toBe(1);
    expect(out.rpf).toMatchObject({ kind: 'final', businessDate: '2016-09-30', businessTime: '18:30', fileName: RPF_NAME });
    expect(out.skippedPositions).toEqual([]);
  });

  it('margins every case × basis account, on the basis its rows give', () => {
    expect(out.accounts.map((a) => [a.account, a.basis])).toEqual(accounts.map((a) => [a.name, a.basis]));
  });

  it.each(accounts)("$name: clearing-house and client totals are HKEX's", ({ c, basis, name }) => {
    const a = byName(out, name);
    expect(a.clearingHouseTotalHkd).toBe(String(c.clearingHouse[basis]));
    expect(a.client.total).toBe(String(c.client[basis]));
    expect(a.client.multiplier).toBe('1.33');
  });

  it('carries the contract example for HKCC-3 net', () => {
    const a = byName(out, 'HKCC-3-net');
    // HKEX: FEXXX RM 11,420 net; client 53,189, maintenance 0.8 × 53,189 = 42,551.2 → 42,551.
    expect(a.clearingHouses[0]?.combinedCommodities.find((cc) => cc.cc === 'FEXXX')?.riskMargin).toBe('11420');
    expect(a.client.maintenance).toBe('42551');
  });

  it('writes one CSV row per account × clearing house × CC', () => {
    const r = runCli(['margin', ...INPUTS, '--positions', POSITIONS, '--format', 'csv']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\r\n').filter((l) => l !== '');
    // CCs per case: HKCC-1 1, HKCC-2 2, HKCC-3 2, HKCC-4 2, SEOCH-1 1, SEOCH-2 2, SEOCH-3 2,
    // SEOCH-4 2 = 14, each case twice (gross, net) = 28 rows, plus the header.
    expect(lines).toHaveLength(29);
    const header = (lines[0] ?? '').split(',');
    const row = lines.map((l) => l.split(',')).find((f) => f[header.indexOf('account')] === 'HKCC-3-net' && f[header.indexOf('cc')] === 'FEYYY');
    // HKEX HKCC-3 net: FEYYY RM 32,435, capped at its LOV 38,000 for the client.
    expect(row?.[header.indexOf('riskMargin')]).toBe('32435');
    expect(row?.[header.indexOf('clientRequirement')]).toBe('38000');
  });

  it('prints a table by default with the figures grouped', () => {
    const r = runCli(['margin', ...INPUTS, '--positions', POSITIONS]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    for (const figure of ['342,300', '455,259', '43,855', '53,189', '176,250', '228,536', '10,067', '2,802']) expect(r.stdout).toContain(figure);
    expect(r.stdout).not.toMatch(/\u001b\[/); // no colour into a pipe
  });

  it('writes HTML to --out and nothing to stdout', async () => {
    const path = join(dir, 'report.html');
    const r = runCli(['margin', ...INPUTS, '--positions', POSITIONS, '--format', 'html', '--out', path]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const html = await readFile(path, 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    for (const figure of ['53,189', '43,855', '510,259', '3,494']) expect(html).toContain(figure);
  });

  it('reads an RPF zip, choosing its final file', async () => {
    const zip = join(dir, 'RPF_160930.zip');
    await writeStoredZip(zip, { [RPF_NAME]: await readFile(RPF) });
    const r = runCli(['margin', '--rpf', zip, '--catalogue', CATALOGUE, '--positions', POSITIONS, '--format', 'json', '--rpf-kind', 'final']);
    expect(r.code).toBe(0);
    const z = JSON.parse(r.stdout) as MarginOut;
    expect(z.rpf).toMatchObject({ kind: 'final', fileName: RPF_NAME });
    expect(byName(z, 'SEOCH-4-gross').clearingHouseTotalHkd).toBe('2755');
  });
});

describe('basis and multiplier: flags, and columns that override them per account', () => {
  const case3 = (extra: string) =>
    `account,cc,series,quantity${extra === '' ? '' : `,${extra}`}\n` +
    'C3,FEYYY,YYY6800R7,10\nC3,FEXXX,XXX17400R8,2\nC3,FEXXX,XXX18200R8,-2\n' +
    'C1,FEXXX,XXXM8,-6\n';

  it('--basis applies to accounts without a basis column', async () => {
    const path = await positionsFile('no-basis.csv', case3(''));
    // HKEX HKCC-3: gross CH 176,250 / client 228,536; net 43,855 / 53,189.
    const gross = marginJson(['--positions', path, '--basis', 'gross']);
    expect([byName(gross, 'C3').basis, byName(gross, 'C3').clearingHouseTotalHkd, byName(gross, 'C3').client.total]).toEqual(['gross', '176250', '228536']);
    const net = marginJson(['--positions', path]);
    expect([byName(net, 'C3').basis, byName(net, 'C3').clearingHouseTotalHkd, byName(net, 'C3').client.total]).toEqual(['net', '43855', '53189']);
  });

  it("an account's basis column beats --basis", async () => {
    const path = await positionsFile('basis-column.csv', 'account,cc,series,quantity,basis\nC3,FEYYY,YYY6800R7,10,net\nC3,FEXXX,XXX17400R8,2,\nC3,FEXXX,XXX18200R8,-2,\n');
    const out = marginJson(['--positions', path, '--basis', 'gross']);
    expect([byName(out, 'C3').basis, byName(out, 'C3').clearingHouseTotalHkd]).toEqual(['net', '43855']);
  });

  it('--multiplier applies to every account without a multiplier column; the column wins', async () => {
    const path = await positionsFile(
      'multiplier-column.csv',
      'account,cc,series,quantity,multiplier\nC3,FEYYY,YYY6800R7,10,\nC3,FEXXX,XXX17400R8,2,1.33\nC3,FEXXX,XXX18200R8,-2,\nC1,FEXXX,XXXM8,-6,\n',
    );
    const out = marginJson(['--positions', path, '--multiplier', '1.5']);
    // C1 at the flag's 1.5: 342,300 × 1.5 = 513,450.
    expect([byName(out, 'C1').client.multiplier, byName(out, 'C1').client.total]).toEqual(['1.5', '513450']);
    // C3 at its column's 1.33: HKEX's 53,189 (net).
    expect([byName(out, 'C3').client.multiplier, byName(out, 'C3').client.total]).toEqual(['1.33', '53189']);
  });

  it('--multiplier and --maintenance-ratio change the client figures only', async () => {
    const path = await positionsFile('case3.csv', case3(''));
    const out = marginJson(['--positions', path, '--multiplier', '1.5', '--maintenance-ratio', '0.5']);
    const c3 = byName(out, 'C3');
    // HKCC-3 net at 1.5: FEXXX 11,420 × 1.5 = 17,130; FEYYY 32,435 × 1.5 = 48,652.5, capped at
    // LOV 38,000; total 55,130; maintenance 0.5 × 55,130 = 27,565.
    expect([c3.clearingHouseTotalHkd, c3.client.total, c3.client.maintenance]).toEqual(['43855', '55130', '27565']);
  });
});

describe('positions that cannot be margined', () => {
  const text =
    'account,cc,series,quantity\n' +
    'A,FEXXX,XXXM8,-6\n' + // line 2: HKEX HKCC-1, 342,300
    'A,FEXXX,XXXM9,1\n' + // line 3: no such series
    'B,FEYYY,XXXM8,1\n' + // line 4: XXX is FEXXX's commodity
    'B,,YYY6800R7,10\n' + // line 5: 32,990 alone (HKEX HKCC-3 gross FEYYY)
    'B,,ZZZM8,1\n'; // line 6: no such commodity

  it('fail with exit 1, naming every bad row on its own line with the closest series', async () => {
    const path = await positionsFile('unknown.csv', text);
    const r = runCli(['margin', ...INPUTS, '--positions', path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(`marginkit: ${path}:3: account "A" series "XXXM9": unknown series XXXM9 (FEXXX); closest: XXXM8`);
    expect(lines[1]).toMatch(new RegExp(`^marginkit: ${escape(path)}:4: account "B" cc "FEYYY": .*FEXXX`));
    expect(lines[2]).toMatch(new RegExp(`^marginkit: ${escape(path)}:6: account "B" series "ZZZM8": `));
    expect(lines[3]).toBe('marginkit: 3 positions cannot be margined (--skip-unknown leaves out the 3 positions whose series cannot be margined)');
  });

  it('--skip-unknown margins the rest, lists the skipped rows in the output and warns on stderr', async () => {
    const path = await positionsFile('unknown.csv', text);
    const r = runCli(['margin', ...INPUTS, '--positions', path, '--skip-unknown', '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as MarginOut;
    expect(out.skippedPositions.map((s) => [s.line, s.reason, s.value])).toEqual([
      [3, 'UnknownSeries', 'XXXM9'],
      [4, 'CombinedCommodityMismatch', 'FEYYY'],
      [6, 'UnknownSeries', 'ZZZM8'],
    ]);
    expect([byName(out, 'A').clearingHouseTotalHkd, byName(out, 'B').clearingHouseTotalHkd]).toEqual(['342300', '32990']);
    expect(r.stderr).toMatch(/^marginkit: warning: left out 3 positions that cannot be margined/);
    expect(r.stderr).toContain(`${path}:3: account "A" series "XXXM9"`);

    const quiet = runCli(['margin', ...INPUTS, '--positions', path, '--skip-unknown', '--quiet']);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toContain('XXXM9'); // the table lists what it left out

    // CSV rows are CCs: the skipped positions go to stderr even with --quiet.
    const csv = runCli(['margin', ...INPUTS, '--positions', path, '--skip-unknown', '--quiet', '--format', 'csv']);
    expect(csv.code).toBe(0);
    expect(csv.stdout).not.toContain('XXXM9');
    expect(csv.stderr.trimEnd().split('\n')).toHaveLength(4);
    expect(csv.stderr).toContain(`${path}:6: account "B" series "ZZZM8"`);
  });

  it('--skip-unknown never skips a malformed row', async () => {
    const path = await positionsFile('conflict.csv', 'account,series,quantity,basis\nA,XXXM8,-6,net\nA,XXXM8,1,gross\n');
    const r = runCli(['margin', ...INPUTS, '--positions', path, '--skip-unknown']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path}:3: account "A" basis "gross": rows of one account must agree on the basis (line 2 says net)`);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('marginkit: 1 position cannot be margined');
  });
});

describe('a malformed positions file', () => {
  it('fails with exit 1, one line per bad field: file:line: field "value": reason', async () => {
    const path = await positionsFile('bad.csv', 'account,cc,series,quantity,basis\nA,FEXXX,XXXM8,1.5,net\nB,FEXXX,XXXM8,2,both\n,FEXXX,,1e3,\n');
    const r = runCli(['margin', ...INPUTS, '--positions', path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      `marginkit: ${path}:2: quantity "1.5": must be a whole number of contracts (+ long, − short), without decimals or exponent`,
      `marginkit: ${path}:3: basis "both": must be net or gross, or empty`,
      `marginkit: ${path}:4: account "": is missing`,
      `marginkit: ${path}:4: series "": is missing (an HKEX series code such as XXXM8 or HEX165.00U7)`,
      `marginkit: ${path}:4: quantity "1e3": must be a whole number of contracts (+ long, − short), without decimals or exponent`,
      `marginkit: ${path}: 5 errors in the positions file`,
    ]);
  });

  it('names the line and column of a JSON positions file', async () => {
    const path = await positionsFile('bad.json', '[\n  {"account": "A", "series": "XXXM8", "quantity": -6.0}\n]\n');
    const r = runCli(['margin', ...INPUTS, '--positions', path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`marginkit: ${path}:2:51: item 0 quantity "-6.0": must be a whole number of contracts`);
  });

  it('margins a JSON positions file like the CSV', async () => {
    const path = await positionsFile('case3.json', JSON.stringify([
      { account: 'C3', cc: 'FEYYY', series: 'YYY6800R7', quantity: 10 },
      { account: 'C3', series: 'XXX17400R8', quantity: 2 },
      { account: 'C3', cc: 'FEXXX', series: 'XXX18200R8', quantity: -2, basis: 'gross' },
    ]));
    const c3 = byName(marginJson(['--positions', path]), 'C3');
    // HKEX HKCC-3 gross: 176,250 / 228,536.
    expect([c3.basis, c3.clearingHouseTotalHkd, c3.client.total]).toEqual(['gross', '176250', '228536']);
  });

  it('fails with exit 1 on a missing file', () => {
    const path = join(dir, 'nope.csv');
    const r = runCli(['margin', ...INPUTS, '--positions', path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^marginkit: ${escape(path)}: cannot read the positions: .*ENOENT`));
  });
});

describe('usage errors exit 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['no --positions', ['margin', ...INPUTS], /required option '--positions <file>' not specified/],
    ['no --rpf', ['margin', '--catalogue', CATALOGUE, '--positions', POSITIONS], /required option '--rpf <file>' not specified/],
    ['a bad --format', ['margin', ...INPUTS, '--positions', POSITIONS, '--format', 'xml'], /--format.*xml.*json, csv, table, html/s],
    ['a bad --basis', ['margin', ...INPUTS, '--positions', POSITIONS, '--basis', 'both'], /--basis.*both.*net, gross/s],
    ['a bad --multiplier', ['margin', ...INPUTS, '--positions', POSITIONS, '--multiplier', '1.3e0'], /--multiplier.*1\.3e0.*must be a positive decimal/s],
    ['a zero --multiplier', ['margin', ...INPUTS, '--positions', POSITIONS, '--multiplier', '0'], /must be a positive decimal/],
    ['a bad --maintenance-ratio', ['margin', ...INPUTS, '--positions', POSITIONS, '--maintenance-ratio', '1.5'], /must be a decimal from 0 to 1/],
    ['an unknown option', ['margin', ...INPUTS, '--positions', POSITIONS, '--skip'], /unknown option '--skip'/],
  ];
  for (const [name, args, message] of cases) {
    it(name, () => {
      const r = runCli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    });
  }

  it('margin --help shows a worked example and exits 0', () => {
    const r = runCli(['margin', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Example \(from a checkout\).*\n\s+\$ marginkit margin --rpf fixtures\/hkex-2016-sample\//);
    // The example's output lines (all but the elided "…") are lines of the real output.
    const help = r.stdout.split('\n');
    const from = help.findIndex((l) => l.startsWith('  Margin run, '));
    const shown = help.slice(from, help.indexOf('', from)).filter((l) => l.trim() !== '…').map((l) => l.slice(2));
    expect(shown).toContain('HKCC         HKD          43,855  53,189              42,551');
    const real = runCli(['margin', ...INPUTS, '--positions', POSITIONS]).stdout.split('\n');
    for (const line of shown) expect(real).toContain(line);
  });
});

describe('progress bar', () => {
  // 2,001 accounts (over the 2,000 threshold), each short one XXXM8 future.
  let path: string;
  beforeAll(async () => {
    const rows = Array.from({ length: 2001 }, (_, i) => `ACC${i},FEXXX,XXXM8,-1`);
    path = await positionsFile('many.csv', `account,cc,series,quantity\n${rows.join('\n')}\n`);
  });

  it('is not drawn when stderr is not a terminal', () => {
    const out = join(dir, 'many-pipe.csv');
    const r = runCli(['margin', ...INPUTS, '--positions', path, '--format', 'csv', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    // One row per account; a short future's margin is 342,300 / 6 = 57,050 (HKEX HKCC-1, 6 contracts).
    const csv = readFileSync(out, 'utf8').split('\r\n').filter((l) => l !== '');
    expect(csv).toHaveLength(2002);
    expect(csv[1]).toMatch(/^ACC0,net,HKCC,HKD,FEXXX,57050,/);
  });

  // `script` (util-linux) runs the CLI on a pseudo-terminal, so stderr is a TTY.
  const script = existsSync('/usr/bin/script') && spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
  const onTty = (extra: string): string => {
    const out = join(dir, 'many-tty.csv');
    const cmd = [process.execPath, BIN, 'margin', ...INPUTS, '--positions', path, '--format', 'csv', '--out', out, extra].filter((a) => a !== '');
    const r = spawnSync('script', ['-qec', cmd.map((a) => `'${a}'`).join(' '), '/dev/null'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    return r.stdout;
  };

  it.skipIf(!script)('is drawn on a terminal for more than 2,000 accounts, and cleared', () => {
    const tty = onTty('');
    expect(tty).toContain('2,001/2,001 accounts');
    expect(tty).toContain('100%');
    expect(tty).toMatch(/\r\u001b\[K$/); // the line is cleared at the end
  });

  it.skipIf(!script)('is suppressed by --quiet', () => {
    expect(onTty('--quiet')).not.toContain('accounts');
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
