import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
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
export function parseRpfStream(
  input: NodeJS.ReadableStream | AsyncIterable<Uint8Array>,
  options: ParseOptions = {},
): Promise<RpfResult> {
  return parseSizedStream(input, options, undefined);
}

/** {@link parseRpfStream} knowing the input's size in bytes (a file's, a zip entry's). */
export async function parseSizedStream(
  input: NodeJS.ReadableStream | AsyncIterable<Uint8Array>,
  options: ParseOptions,
  sizeHint: number | undefined,
): Promise<RpfResult> {
  const parser = new RpfParser(options.fileName, options.maxErrors, sizeHint);
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
export async function readRpfFile(path: string, options: Omit<ParseOptions, 'fileName'> = {}): Promise<RpfResult> {
  const fileName = basename(path);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (e) {
    return err([ioError(fileName, e)]);
  }
  return parseSizedStream(createReadStream(path, { highWaterMark: 1 << 20 }), { ...options, fileName }, size);
}

export function ioError(file: string | undefined, e: unknown) {
  const reason = e instanceof Error ? e.message : String(e);
  return rpfError('Io', { file, line: 0, column: 0, recordType: '' }, 'file', file ?? '', reason);
}
