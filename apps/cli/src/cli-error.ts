/**
 * The CLI's exit codes (cli-contract.md): 0 ok, 1 bad input (the message names file, line,
 * field and value), 2 usage. 3 is ours: an internal error, i.e. a bug.
 */
export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;

/** Thrown by commands; bin.ts prints `message` on one line and exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: typeof EXIT_BAD_INPUT | typeof EXIT_USAGE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * Bad input, reported as ONE line: the first error's message (which names file, line and
 * column), and how many more there are, so a scheduler's log stays readable.
 */
export function badInput(errors: readonly { readonly message: string }[]): CliError {
  const [first] = errors;
  const more = errors.length > 1 ? ` (+${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '';
  return new CliError(`${first?.message ?? 'bad input'}${more}`.replace(/\r?\n/g, ' '), EXIT_BAD_INPUT);
}

export function usage(message: string): CliError {
  return new CliError(message, EXIT_USAGE);
}
