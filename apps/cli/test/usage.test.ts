import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from './run-cli';

const SMALL = join(FIXTURES, 'rpf', 'small.lis');
const CATALOGUE = join(FIXTURES, 'catalogue', 'hkex-2016-sample.csv');

describe('usage errors exit 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['no command', [], /Usage: marginkit/],
    ['unknown command', ['nope'], /unknown command 'nope'/],
    ['rpf without a subcommand', ['rpf'], /Usage: marginkit rpf/],
    ['inspect without a file', ['rpf', 'inspect'], /missing required argument 'file'/],
    ['inspect with an unknown option', ['rpf', 'inspect', SMALL, '--bogus'], /unknown option '--bogus'/],
    ['inspect with two files', ['rpf', 'inspect', SMALL, SMALL], /too many arguments/],
    ['series without --catalogue', ['rpf', 'series', SMALL, 'XXXV6'], /required option '--catalogue <file>' not specified/],
    ['series with a bad --rpf-kind', ['rpf', 'series', SMALL, 'XXXV6', '--catalogue', CATALOGUE, '--rpf-kind', 'late'], /--rpf-kind.*late.*final, early, intraday/s],
    ['series with a bad --rpf-time', ['rpf', 'series', SMALL, 'XXXV6', '--catalogue', CATALOGUE, '--rpf-time', '25:00'], /expected a time HHMM/],
  ];
  for (const [name, args, message] of cases) {
    it(name, () => {
      const r = runCli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    });
  }
});

describe('--help', () => {
  for (const args of [[], ['rpf'], ['rpf', 'inspect'], ['rpf', 'series']]) {
    it(`marginkit ${args.join(' ')} --help shows an example and exits 0`, () => {
      const r = runCli([...args, '--help']);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/Usage: marginkit/);
      expect(r.stdout).toMatch(/Examples?( \(from a checkout\))?:\n\s+\$? ?marginkit /);
    });
  }
});
