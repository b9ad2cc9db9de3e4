import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
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
      // Not copied: nothing of a chunk is kept once pushed (lines.ts), so a producer may refill
      // its buffer. Leaving the loop early (too many errors) closes the stream.
      if (!lines.push(toBytes(chunk))) break;
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
  let handle: FileHandle;
  let size: number;
  try {
    handle = await open(path);
  } catch (e) {
    return err([ioError(fileName, e)]);
  }
  try {
    size = (await handle.stat()).size;
    return await parseSizedStream(fileChunks(handle), { ...options, fileName }, size);
  } catch (e) {
    return err([ioError(fileName, e)]);
  } finally {
    // Only read from: a failing close changes nothing about what was read.
    await handle.close().catch(() => undefined);
  }
}

const FILE_CHUNK = 1 << 20;

/**
 * A file's bytes, read into one buffer over and over (the parser keeps nothing of a chunk), so
 * that reading a full-day file allocates 1 MB of buffers, not 24.
 */
async function* fileChunks(handle: FileHandle): AsyncGenerator<Buffer> {
  const chunk = Buffer.allocUnsafe(FILE_CHUNK);
  for (;;) {
    const { bytesRead } = await handle.read(chunk, 0, FILE_CHUNK, null);
    if (bytesRead === 0) return;
    yield bytesRead === FILE_CHUNK ? chunk : chunk.subarray(0, bytesRead);
  }
}

export function ioError(file: string | undefined, e: unknown) {
  const reason = e instanceof Error ? e.message : String(e);
  return rpfError('Io', { file, line: 0, column: 0, recordType: '' }, 'file', file ?? '', reason);
}
