import { Command, CommanderError } from 'commander';
import { runCommand } from './commands/run';
import { workCommand } from './commands/work';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, WorkerExit } from './exit';

/** The `marginkit-worker` command tree. */
export function buildProgram(): Command {
  const program = new Command('marginkit-worker')
    .description('end-of-day margin of every account of a book: all cores of one machine, or a Redis queue of workers on many')
    .addHelpText('after', '\nExample:\n  marginkit-worker run --rpf RPF_160930.zip --catalogue catalogue.csv --positions book.csv --out run-160930\n\nRun `marginkit-worker <command> --help` for each command\'s options.');
  program.addCommand(runCommand());
  program.addCommand(workCommand());
  configureTree(program);
  return program;
}

export async function run(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (e) {
    if (e instanceof WorkerExit) {
      process.stderr.write(`marginkit-worker: ${e.message}\n`);
      return e.exitCode;
    }
    if (e instanceof CommanderError) return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? EXIT_OK : EXIT_USAGE;
    const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
    process.stderr.write(`marginkit-worker: internal error: ${detail}\n`);
    return EXIT_INTERNAL;
  }
}

// Commander does not pass these on to added commands: throw (run() owns exit codes).
function configureTree(command: Command): void {
  command.exitOverride().showHelpAfterError(`(see: ${command.name()} --help)`);
  for (const sub of command.commands) configureTree(sub);
}
