import { createReadStream } from 'node:fs';
import type { Result } from '../result';
import { err } from '../result';
import type { Rpf01Error, Rpf01Warning } from './errors';
import { rpf01Error } from './errors';
import { Rpf01LineParser } from './line-parser';
import type { Rpf01File } from './model';

export interface Rpf01ParseOptions {
  /** Named in errors and kept as {@link Rpf01File.fileName}. */
  readonly fileName?: string;
}

export type Rpf01Result = Result<Rpf01File, Rpf01Error, Rpf01Warning>;

const NEWLINE = 10;

/**
 * Cuts a byte stream into lines for the {@link Rpf01LineParser}. Lines are handed over as views
 * into the chunk they sit in; only a line that straddles two chunks is copied.
 */
class LineFeeder {
  private carry: Buffer | undefined;

  constructor(private readonly parser: Rpf01LineParser) {}

  push(chunk: Buffer): void {
    let start = 0;
    if (this.carry !== undefined) {
      const nl = chunk.indexOf(NEWLINE);
      if (nl < 0) {
        this.carry = Buffer.concat([this.carry, chunk]);
        return;
      }
      const joined = Buffer.concat([this.carry, chunk.subarray(0, nl)]);
      this.carry = undefined;
      this.parser.line(joined, 0, joined.length);
      start = nl + 1;
    }
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, start);
      if (nl < 0) break;
      this.parser.line(chunk, start, nl);
      start = nl + 1;
    }
    if (start < chunk.length) this.carry = Buffer.from(chunk.subarray(start));
  }

  end(): void {
    if (this.carry !== undefined) this.parser.line(this.carry, 0, this.carry.length);
    this.carry = undefined;
  }
}

/** Parses an RPF01 file held in memory (text or bytes). */
export function parseRpf01(input: string | Uint8Array, options: Rpf01ParseOptions = {}): Rpf01Result {
  const parser = new Rpf01LineParser(options.fileName);
  const feeder = new LineFeeder(parser);
  feeder.push(typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input.buffer, input.byteOffset, input.byteLength));
  feeder.end();
  return parser.finish();
}

/**
 * Parses an RPF01 file as it streams in (a Node Readable, or any async iterable of chunks), so
 * that a large file is never held whole as text.
 */
export async function parseRpf01Stream(source: AsyncIterable<Uint8Array | string>, options: Rpf01ParseOptions = {}): Promise<Rpf01Result> {
  const parser = new Rpf01LineParser(options.fileName);
  const feeder = new LineFeeder(parser);
  try {
    for await (const chunk of source) {
      feeder.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    }
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return err([rpf01Error('Io', { file: options.fileName, line: 0, column: 0 }, '', '', `cannot read the RPF01 file: ${why}`)]);
  }
  feeder.end();
  return parser.finish();
}

/** Reads an RPF01 file from disk, streaming. Errors name `path` as given. */
export async function readRpf01(path: string): Promise<Rpf01Result> {
  return parseRpf01Stream(createReadStream(path, { highWaterMark: 1 << 20 }), { fileName: path });
}
