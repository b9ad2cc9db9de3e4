import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from './run-cli';

const VAR = join(FIXTURES, 'var');
const args = (rpf01 = 'rpf01-small.csv', positions = 'positions-small.csv', params = 'params-small.json') => [
  'var',
  '--rpf01',
  join(VAR, rpf01),
  '--positions',
  join(VAR, positions),
  '--params',
  join(VAR, params),
];

describe('marginkit var', () => {
  it('prints the cli-contract.md JSON with the numbers of fixtures/var/README.md', () => {
    const r = runCli([...args(), '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    // Hand-computed in fixtures/var/README.md.
    expect(j).toMatchObject({
      schemaVersion: 1,
      valuationDate: '2022-06-30',
      portfolioMargin: '32394',
      subPortfolios: [
        { id: 'non-ipo', hvar: '-18125', svar: '-35200', hvarTail: [3, 9], svarTail: [5, 1] },
        { id: '9988', hvar: '-7500', svar: '-17500', hvarTail: [2, 6], svarTail: [3, 5] },
      ],
      flatRateMargin: '20880',
      liquidationRiskAddOn: '34440',
      structuredProductAddOn: '650',
      corporateActionMargin: '2117',
      holidayAddOn: '22067',
      aggregateMargin: '120000',
      mtm: '5345.5',
      favourableMtm: '5345.5',
      mtmRequirement: '0',
      netMargin: '114654.5',
      marginAfterCredit: '64654.5',
      positionLimitAddOn: '2899',
      total: '69053.5',
    });
  });

  it('json is the default; table lists the sub-portfolios and every component', () => {
    expect(JSON.parse(runCli(args()).stdout)).toMatchObject({ total: '69053.5' });
    const r = runCli([...args(), '--format', 'table']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\n9988\s+-7,500\s+2 6\s+-17,500\s+3 5\n/);
    expect(r.stdout).toMatch(/\nPosition-limit add-on\s+2,899\s/);
    expect(r.stdout).toMatch(/\nTotal\s+69,053\.50\s+margin after credit \+ MTM requirement \+ position limit \+ credit risk \+ ad hoc\n$/);
    // into a pipe: no colour
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('--format html --out writes one self-contained report with a chart per sub-portfolio and scenario set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'marginkit-var-'));
    try {
      const out = join(dir, 'var-report.html');
      const r = runCli([...args(), '--format', 'html', '--out', out]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
      const html = readFileSync(out, 'utf8');
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html).toContain('<title>VaR Platform margin: valuation date 2022-06-30</title>');
      // the input files by base name
      for (const f of ['rpf01-small.csv', 'positions-small.csv', 'params-small.json']) expect(html).toContain(`<code>${f}</code>`);
      // fixtures/var/README.md: PM 32394, total 69053.5
      expect(html).toMatch(/Portfolio margin<\/a><\/th><td class="num">32,394/);
      expect(html).toContain('Total margin requirement <strong>HKD 69,053.50</strong>');
      // 2 sub-portfolios × (HVaR, SVaR); k = 2 tail bars in each: non-ipo HVaR tail [3, 9] first
      expect(html.match(/<svg class="pnl-chart"/g)).toHaveLength(4);
      expect([...html.matchAll(/<rect class="bar tail" data-scenario="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([3, 9, 5, 1, 2, 6, 3, 5]);
      expect(html).not.toMatch(/<script\b/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--out to a path that cannot be written is bad input (exit 1), naming the path', () => {
    const r = runCli([...args(), '--format', 'html', '--out', join(VAR, 'no-such-dir', 'report.html')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no-such-dir\/report\.html: cannot write the output/);
  });

  it('--help shows a worked example and the exit codes', () => {
    const r = runCli(['var', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('marginkit var --rpf01 fixtures/var/rpf01-small.csv');
    expect(r.stdout).toContain('round(max(32393.75, 0.032 × 615000, 0)) = 32394');
    expect(r.stdout).toContain('Exit codes: 0 ok; 1 bad input');
  });

  it('exit 1 with one line naming file, line, field and value for each kind of bad input', () => {
    const cases: [string[], RegExp][] = [
      [args('bad/rpf01-bad-number.csv'), /bad\/rpf01-bad-number\.csv:15:16: SVaR scenario 3 "x\.05": must be a decimal number$/],
      [args('bad/rpf01-short-row.csv'), /bad\/rpf01-short-row\.csv:14:\d+: HVaR scenario 10 "": FieldType 1 has 9 values/],
      [args(undefined, 'bad/positions-bad.csv'), /bad\/positions-bad\.csv:3: quantity "1O0": must be a whole number.* \(\+1 more error\)$/],
      [args(undefined, 'bad/positions-unknown.csv'), /bad\/positions-unknown\.csv:2: instrument "4242": the RPF01 file has neither/],
      [args(undefined, undefined, 'bad/params-bad.json'), /bad\/params-bad\.json:4:16: floorRate "3\.2": is a fraction/],
      [args('missing.csv'), /missing\.csv: cannot read the RPF01 file/],
    ];
    for (const [argv, message] of cases) {
      const r = runCli(argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^marginkit: /);
      expect(lines[0]).toMatch(message);
    }
  });

  it('exit 2 on usage errors', () => {
    expect(runCli(['var', '--rpf01', 'x.csv']).code).toBe(2);
    expect(runCli([...args(), '--format', 'csv']).code).toBe(2);
  });
});
