/**
 * marginkit-worker's exit codes, as the CLI's (cli-contract.md): 0 ok; 1 bad input — including a
 * run that finished with failed accounts (the failures name file, line, field and value);
 * 2 usage; 3 an internal error (a bug, or a lost Redis connection).
 */
export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;

/** Thrown by commands; bin.ts prints `message` and exits with `exitCode`. */
export class WorkerExit extends Error {
  constructor(
    message: string,
    readonly exitCode: typeof EXIT_BAD_INPUT | typeof EXIT_USAGE | typeof EXIT_INTERNAL,
  ) {
    super(message);
    this.name = 'WorkerExit';
  }
}
