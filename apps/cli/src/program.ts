import { Command, CommanderError } from 'commander';
import { CliError, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE } from './cli-error';
import type { Io } from './io';
import { rpfInspectCommand } from './commands/rpf-inspect';
import { rpfSeriesCommand } from './commands/rpf-series';
import { marginCommand } from './commands/margin';
import { whatifCommand } from './commands/whatif';
import { varCommand } from './commands/var';

/**
 * The `marginkit` command tree. Adding a command = one module under commands/ exporting a
 * `(io) => Command` factory, plus one registration line below.
 */
export function buildProgram(io: Io): Command {
  const program = new Command('marginkit')
    .description('HKEX clearing-house (PRiME) and client margin, to the dollar')
    .addHelpText('after', '\nExample:\n  marginkit rpf inspect RPF_160930.zip --json\n\nRun `marginkit <command> --help` for each command\'s options and an example.');

  const rpf = new Command('rpf')
    .description('inspect HKEX Risk Parameter Files')
    .addHelpText('after', '\nExamples:\n  $ marginkit rpf inspect RPF_160930.zip --json\n  $ marginkit rpf series RPF_160930.zip XXX17400R8 --catalogue catalogue.csv');
  rpf.addCommand(rpfInspectCommand(io));
  rpf.addCommand(rpfSeriesCommand(io));
  program.addCommand(rpf);
  program.addCommand(marginCommand(io));
  program.addCommand(whatifCommand(io));
  program.addCommand(varCommand(io));

  configureTree(program, io);
  return program;
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (e) {
    if (e instanceof CliError) {
      io.err(`marginkit: ${e.message}\n`);
      return e.exitCode;
    }
    if (e instanceof CommanderError) {
      // Commander has already printed its message (or the help text).
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? EXIT_OK : EXIT_USAGE;
    }
    const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
    io.err(`marginkit: internal error (please report it): ${detail}\n`);
    return EXIT_INTERNAL;
  }
}

// Settings commander does not pass on to commands added with addCommand: throw instead of
// exiting (so run() owns exit codes) and write through `io`.
function configureTree(command: Command, io: Io): void {
  command
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError(`(see: ${fullName(command)} --help)`);
  for (const sub of command.commands) configureTree(sub, io);
}

function fullName(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c !== null; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}
