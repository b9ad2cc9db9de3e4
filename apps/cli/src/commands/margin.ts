import { Command, Option } from 'commander';
import { marginAccounts, SKIPPABLE_POSITION_ERRORS } from '@marginkit/risk-engine';
import type { PositionError } from '@marginkit/risk-engine';
import { buildMarginReport, progressBar, renderCsv, renderHtml, renderJson, renderTable } from '@marginkit/reporting';
import type { MarginReport } from '@marginkit/reporting';
import { badInput, CliError } from '../cli-error';
import type { Io } from '../io';
import { writeOutFile } from '../io';
import { count, everyError, loadPrimeInputs, primeInputOptions } from '../prime-inputs';
import type { PrimeInputFlags } from '../prime-inputs';

type Format = 'json' | 'csv' | 'table' | 'html';

interface MarginFlags extends PrimeInputFlags {
  readonly format: Format;
  readonly out?: string;
  readonly skipUnknown?: boolean;
}

/** Runs of more accounts than this show a progress bar (on a terminal, unless --quiet). */
export const PROGRESS_THRESHOLD = 2000;

export function marginCommand(io: Io): Command {
  const command = new Command('margin').description(
    'clearing-house (PRiME) and client margin of every account in a positions file, from one RPF',
  );
  for (const o of primeInputOptions()) command.addOption(o);
  return command
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'csv', 'table', 'html']).default('table'))
    .option('--out <file>', 'write the output to this file instead of stdout')
    .option('--skip-unknown', 'leave out positions whose series the RPF or catalogue cannot margin (listed in the output, warned on stderr) instead of failing')
    .addHelpText(
      'after',
      `
Example (from a checkout): HKEX's 8 published client-margin cases, each held gross and net
  $ marginkit margin --rpf fixtures/hkex-2016-sample/rpf______-_____-__-_____-160930.lis \\
      --catalogue fixtures/hkex-2016-sample/catalogue.csv --positions fixtures/hkex-2016-sample/positions.csv
  Margin run, final RPF of 2016-09-30 18:30 (rpf______-_____-__-_____-160930.lis)
  …
  Account HKCC-3-net  basis net
  …
  Totals       Ccy  Clearing house  Client  Client maintenance
  HKCC         HKD          43,855  53,189              42,551
  All, in HKD  HKD          43,855  53,189              42,551

  $ marginkit margin … --format json     cli-contract.md's document: per account the PRiME sheet and a client block
  $ marginkit margin … --format csv      one row per account × clearing house × CC
  $ marginkit margin … --format html --out report.html

Positions (CSV with a header, or a JSON array of the same objects):
  account,cc,series,quantity,basis,multiplier
  A1,FEXXX,XXXM8,-6,,
  A1,,XXX17400R8,2,,          (an empty cc: the catalogue finds it)
  A2,SEHEX,HEX165.00U7,-5,gross,1.5
'basis' and 'multiplier' are optional columns; they override --basis and --multiplier for that
account (all its rows must agree).

Exit codes: 0 ok; 1 bad input (every bad row on its own line, file:line: field "value": reason,
with the closest series for an unknown code); 2 usage.`,
    )
    .action(async (flags: MarginFlags) => {
      const { ctx, rows } = await loadPrimeInputs(io, flags);
      const showProgress = flags.quiet !== true && io.terminal?.errIsTty === true;
      const bar = progressBar((s) => io.err(s), 'accounts');
      const run = marginAccounts(ctx, rows, {
        basis: flags.basis,
        skipUnknown: flags.skipUnknown === true,
        onAccount: (done, total) => {
          if (showProgress && total > PROGRESS_THRESHOLD) bar.update(done, total);
        },
      });
      bar.finish();
      if (!run.ok) throw positionFailure(io, run.errors);
      // CSV rows are CCs and have no place for skipped positions, so stderr is where they are
      // listed: --quiet does not silence them there.
      const skippedElsewhere = flags.format !== 'csv';
      if (run.value.skippedPositions.length > 0 && !(flags.quiet === true && skippedElsewhere)) {
        warnSkipped(io, run.value.skippedPositions, skippedElsewhere);
      }

      const report = buildMarginReport(run.value, {
        ...(flags.multiplier === undefined ? {} : { multiplier: flags.multiplier }),
        ...(flags.maintenanceRatio === undefined ? {} : { maintenanceRatio: flags.maintenanceRatio }),
      });
      if (!report.ok) throw badInput(report.errors);
      const text = render(report.value, flags.format, flags.out === undefined ? io : undefined);
      if (flags.out === undefined) io.out(text);
      else await writeOutFile(flags.out, text);
    });
}

function render(report: MarginReport, format: Format, terminal: Io | undefined): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'csv':
      return renderCsv(report);
    case 'html':
      return renderHtml(report);
    case 'table': {
      // Colour and fitting to the width only for a person at a terminal, never into a file or pipe.
      const tty = terminal?.terminal;
      if (tty?.outIsTty !== true) return renderTable(report);
      return renderTable(report, { color: true, ...(tty.columns === undefined ? {} : { width: tty.columns }) });
    }
  }
}

function positionFailure(io: Io, errors: readonly PositionError[]): CliError {
  const skippable = errors.filter((e) => SKIPPABLE_POSITION_ERRORS.has(e._tag)).length;
  const hint = skippable === 0 ? '' : ` (--skip-unknown leaves out the ${count(skippable, 'position')} whose series cannot be margined)`;
  return everyError(io, errors, `${count(errors.length, 'position')} cannot be margined${hint}`);
}

function warnSkipped(io: Io, skipped: readonly PositionError[], listedInOutput: boolean): void {
  const where = listedInOutput ? '; the output lists them' : '';
  io.err(`marginkit: warning: left out ${count(skipped.length, 'position')} that cannot be margined (--skip-unknown)${where}:\n`);
  for (const p of skipped) io.err(`marginkit: warning:   ${p.message}\n`);
}
