import { LineSplitter, toBytes } from './lines';
import { RpfParser } from './parser';
import type { ParseOptions, RpfResult } from './parser';

/** Parses a whole RPF held in memory. Never throws for bad input: errors come back as values. */
export function parseRpf(input: string | Uint8Array, options: ParseOptions = {}): RpfResult {
  const bytes = toBytes(input);
  const parser = new RpfParser(options.fileName, options.maxErrors, bytes.length);
  const lines = new LineSplitter(parser.line);
  lines.push(bytes);
  lines.end();
  return parser.finish();
}
