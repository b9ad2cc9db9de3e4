import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { rpfError } from '../errors';
import { err } from '../result';
import { LineSplitter, toBytes } from './lines';
import { RpfParser } from './parser';
import type { ParseOptions, RpfResult } from './parser';

/**
 * Parses an RPF as it streams in, holding one line at a time besides the model: a full-day
 * file need not fit in memory twice. Same line parser as {@link parseRpf}, same result.
 */
export async function parseRpfStream(
  input: NodeJS.ReadableStream | AsyncIterable<Uint8Array>,
  options: ParseOptions = {},
): Promise<RpfResult> {
  const parser = new RpfParser(options.fileName, options.maxErrors);
  const lines = new LineSplitter(parser.line);
  try {
    for await (const chunk of input as AsyncIterable<Uint8Array | string>) {
      // A copy: the parser keeps references to earlier lines, and a producer may refill its
      // buffer. Leaving the loop early (too many errors) closes the stream.
      if (!lines.push(typeof chunk === 'string' ? toBytes(chunk) : Buffer.from(chunk))) break;
    }
  } catch (e) {
    return err([ioError(options.fileName, e)]);
  }
  lines.end();
  return parser.finish();
}

/** Reads and parses an RPF `.lis` file, streaming it. */
export function readRpfFile(path: string, options: Omit<ParseOptions, 'fileName'> = {}): Promise<RpfResult> {
  return parseRpfStream(createReadStream(path, { highWaterMark: 1 << 20 }), { ...options, fileName: basename(path) });
}

export function ioError(file: string | undefined, e: unknown) {
  const reason = e instanceof Error ? e.message : String(e);
  return rpfError('Io', { file, line: 0, column: 0, recordType: '' }, 'file', file ?? '', reason);
}
