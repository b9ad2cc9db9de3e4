import { Command, Option } from 'commander';
import { readRpf01, validateRpf01 } from '@marginkit/rpf';
import { computeVarMargin, readVarParams, readVarPositions, varMarginToJson, varMarginToTable } from '@marginkit/risk-engine';
import { badInput } from '../cli-error';
import type { Io } from '../io';

interface VarOptions {
  readonly rpf01: string;
  readonly positions: string;
  readonly params: string;
  readonly format: 'json' | 'table';
}

export function varCommand(io: Io): Command {
  return new Command('var')
    .description('HKSCC VaR Platform margin of a clearing participant\'s cash-market positions, from an RPF01 file')
    .requiredOption('--rpf01 <file>', 'HKSCC risk parameter file (RPF01 CSV)')
    .requiredOption('--positions <file>', 'positions CSV: instrument,quantity,contractValue,marketValue (entitlements DSP<code>, SRI<code>, DIV<code>)')
    .requiredOption('--params <file>', 'CP parameters JSON: ipo, flatRateMultiplier, marginCredit, floorRate, alc, alcMultiplier, alcCap, positionLimitAddOnRate, creditRiskAddOn, adHocAddOn')
    // HTML needs the reporting package; until it renders the VaR report, only json and table.
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'table']).default('json'))
    .addHelpText(
      'after',
      `
Worked example (from a checkout; fixtures/var/README.md does every step by hand):
  $ marginkit var --rpf01 fixtures/var/rpf01-small.csv --positions fixtures/var/positions-small.csv \\
      --params fixtures/var/params-small.json --format table
  Sub-portfolio    HVaR  HVaR tail (k=2)    SVaR  SVaR tail (k=2)
  non-ipo        -18125  3 9              -35200  5 1
  9988            -7500  2 6              -17500  3 5
  Portfolio margin     32394   max(-W, floor, 0); W -32393.75, floor 19680
  Flat-rate margin     20880   …
  Aggregate margin    120000   rounded up from 112548
  Total              69053.5

  W = Σ sub-portfolios (HVaR × 0.75 + SVaR × 0.25) = (-18125 × 0.75 - 35200 × 0.25) + (-7500 × 0.75 - 17500 × 0.25)
    = -32393.75, so the portfolio margin is round(max(32393.75, 0.032 × 615000, 0)) = 32394.

  --format json prints {"schemaVersion":1,"valuationDate":"2022-06-30","portfolioMargin":"32394","subPortfolios":[…],…,"total":"69053.5"}
  with every amount as a decimal string (cli-contract.md).

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
      io.out(opts.format === 'table' ? varMarginToTable(margin.value) : `${JSON.stringify(varMarginToJson(margin.value))}\n`);
    });
}
