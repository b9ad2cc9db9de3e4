import { basename } from 'node:path';
import { Command, Option } from 'commander';
import { readRpf01, validateRpf01 } from '@marginkit/rpf';
import type { VarMargin } from '@marginkit/risk-engine';
import { computeVarMargin, readVarParams, readVarPositions, varMarginToJson } from '@marginkit/risk-engine';
import { renderVarHtml, renderVarTable } from '@marginkit/reporting';
import { badInput } from '../cli-error';
import type { Io } from '../io';
import { writeOutFile } from '../io';

type VarFormat = 'json' | 'table' | 'html';

interface VarOptions {
  readonly rpf01: string;
  readonly positions: string;
  readonly params: string;
  readonly format: VarFormat;
  readonly out?: string;
}

export function varCommand(io: Io): Command {
  return new Command('var')
    .description('HKSCC VaR Platform margin of a clearing participant\'s cash-market positions, from an RPF01 file')
    .requiredOption('--rpf01 <file>', 'HKSCC risk parameter file (RPF01 CSV)')
    .requiredOption('--positions <file>', 'positions CSV: instrument,quantity,contractValue,marketValue (entitlements DSP<code>, SRI<code>, DIV<code>)')
    .requiredOption('--params <file>', 'CP parameters JSON: ipo, flatRateMultiplier, marginCredit, floorRate, alc, alcMultiplier, alcCap, positionLimitAddOnRate, creditRiskAddOn, adHocAddOn')
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'table', 'html']).default('json'))
    .option('--out <file>', 'write the output to this file instead of stdout')
    .addHelpText(
      'after',
      `
Worked example (from a checkout; fixtures/var/README.md does every step by hand):
  $ marginkit var --rpf01 fixtures/var/rpf01-small.csv --positions fixtures/var/positions-small.csv \\
      --params fixtures/var/params-small.json --format table
  HKSCC VaR Platform margin, valuation date 2022-06-30
  HVaR: 10 scenarios, CL 0.8, tail k = 2, weight 0.75; SVaR: 8 scenarios, CL 0.75, tail k = 2, weight 0.25

  Sub-portfolio     HVaR  HVaR tail (k=2)     SVaR  SVaR tail (k=2)
  non-ipo        -18,125  3 9              -35,200  5 1
  9988            -7,500  2 6              -17,500  3 5

  Component                         HKD  How
  Portfolio margin            32,394     round(max(−W, floor, 0)); W -32,393.75, floor 0.032 × long 615,000 = 19,680
  Flat-rate margin            20,880     larger side × rate over 2 rate groups, × multiplier 1.2
  …
  Aggregate margin           120,000     PM + FRM + LRA + SP + CA + holiday = 112,548, rounded up to a multiple of 10,000
  …
  Total                       69,053.50  margin after credit + MTM requirement + position limit + credit risk + ad hoc

  W = Σ sub-portfolios (HVaR × 0.75 + SVaR × 0.25) = (-18125 × 0.75 - 35200 × 0.25) + (-7500 × 0.75 - 17500 × 0.25)
    = -32393.75, so the portfolio margin is round(max(32393.75, 0.032 × 615000, 0)) = 32394.

  $ marginkit var … --format json                     (the default; cli-contract.md, every amount a decimal string)
  {"schemaVersion":1,"valuationDate":"2022-06-30","portfolioMargin":"32394","subPortfolios":[…],…,"total":"69053.5"}
  $ marginkit var … --format html --out var-report.html
  one self-contained page: every component and how it is formed, and per sub-portfolio the HVaR
  and SVaR scenario P&L distribution with the tail (the k worst scenarios) highlighted and listed
  worst first.

Exit codes: 0 ok; 1 bad input (one line naming file:line, field and value); 2 usage.`,
    )
    .action(async (opts: VarOptions) => {
      const file = await readRpf01(opts.rpf01);
      if (!file.ok) throw badInput(file.errors);
      const invalid = validateRpf01(file.value);
      if (invalid.length > 0) throw badInput(invalid);
      for (const w of file.warnings) io.err(`marginkit: warning: ${w.message}\n`);
      const positions = await readVarPositions(opts.positions);
      if (!positions.ok) throw badInput(positions.errors);
      const params = await readVarParams(opts.params);
      if (!params.ok) throw badInput(params.errors);
      const margin = computeVarMargin(file.value, positions.value, params.value);
      if (!margin.ok) throw badInput(margin.errors);
      const text = render(margin.value, opts, opts.out === undefined ? io : undefined);
      if (opts.out === undefined) io.out(text);
      else await writeOutFile(opts.out, text);
    });
}

function render(m: VarMargin, opts: VarOptions, terminal: Io | undefined): string {
  switch (opts.format) {
    case 'json':
      return `${JSON.stringify(varMarginToJson(m))}\n`;
    case 'table':
      // Colour only for a person at a terminal, never into a file or pipe.
      return renderVarTable(m, { color: terminal?.terminal?.outIsTty === true });
    case 'html':
      return renderVarHtml(m, { rpf01File: basename(opts.rpf01), positionsFile: basename(opts.positions), paramsFile: basename(opts.params) });
  }
}
