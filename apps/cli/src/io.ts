import { writeFile } from 'node:fs/promises';
import { CliError, EXIT_BAD_INPUT } from './cli-error';

/** Where a command writes: the process streams in bin.ts, buffers in tests. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /**
   * What the streams are attached to, for output meant for a person (progress bars, colour,
   * table width). Absent = not a terminal.
   */
  readonly terminal?: {
    readonly outIsTty: boolean;
    readonly errIsTty: boolean;
    /** stdout's width in characters, when it is a terminal. */
    readonly columns: number | undefined;
  };
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  terminal: {
    outIsTty: process.stdout.isTTY === true,
    errIsTty: process.stderr.isTTY === true,
    columns: process.stdout.isTTY === true ? process.stdout.columns : undefined,
  },
};

/** `--out FILE`: the whole output written there; a path that cannot be written is bad input (exit 1). */
export async function writeOutFile(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text, 'utf8');
  } catch (e) {
    throw new CliError(`${path}: cannot write the output: ${e instanceof Error ? e.message : String(e)}`, EXIT_BAD_INPUT);
  }
}
