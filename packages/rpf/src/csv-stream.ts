import { createReadStream } from 'node:fs';
import type { CsvRecord, CsvSyntaxError } from './csv';
import { parseCsv } from './csv';

/**
 * A streaming front-end to {@link parseCsv}, for inputs too large to hold at once (a book of
 * millions of position rows): text arrives in chunks, is cut only where `parseCsv` itself would
 * start a record, and each piece is parsed by `parseCsv` with its line numbers moved to the
 * whole file's. So the records and errors are exactly those of `parseCsv` on the whole text (a
 * property test holds it to that), while memory stays at one piece.
 *
 * Cutting points are found by a small state machine that mirrors `parseCsv`'s record ends: a
 * line feed ends a record unless it is inside a quoted field, and after a malformed field
 * `parseCsv` skips to the next line feed whatever it holds. The machine may miss a record end
 * (then a piece is longer), but never claims one `parseCsv` would not make.
 */

/** Records and syntax errors of one piece of the text, with the whole file's line numbers. */
export interface CsvBatch {
  /** Empty when the piece had an error (as `parseCsv` returns no records then). */
  readonly records: readonly CsvRecord[];
  readonly errors: readonly CsvSyntaxError[];
}

export interface CsvStreamOptions {
  /** Characters gathered before a piece is parsed (at a record end); default 1 MiB. */
  readonly batchChars?: number;
}

const State = {
  FieldStart: 0,
  Unquoted: 1,
  Quoted: 2,
  /** A quote inside a quoted field: an escaped `""` or the closing quote. */
  QuoteInQuoted: 3,
  /** A malformed field: `parseCsv` resumes after the next line feed. */
  SkipToLineEnd: 4,
} as const;
type State = (typeof State)[keyof typeof State];

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;

/** Cuts CSV text arriving in chunks into pieces that each end at a record end. */
export class CsvPieces {
  private pending = '';
  /** End (exclusive) of the last complete record in `pending`; 0 when none. */
  private cut = 0;
  private state: State = State.FieldStart;
  /** Line on which `pending` starts. */
  private line = 1;
  private first = true;

  constructor(private readonly batchChars: number = 1 << 20) {}

  /** Adds text; returns the pieces now complete (possibly none). */
  push(chunk: string): CsvPiece[] {
    const offset = this.pending.length;
    this.pending += chunk;
    this.scan(chunk, offset);
    if (this.cut < this.batchChars) return [];
    return [this.take(this.cut)];
  }

  /** The rest of the text, at the end of the input. */
  end(): CsvPiece[] {
    return this.pending === '' ? [] : [this.take(this.pending.length)];
  }

  /**
   * Reads `chunk`, just added at `offset` of `pending` (all of `pending` before it is read). The
   * chunk is read rather than `pending`, a concatenation that a search would first copy whole.
   */
  private scan(chunk: string, offset: number): void {
    let state: State = this.state;
    let cut = this.cut;
    let i = 0;
    // parseCsv skips a byte-order mark at the start of the input.
    if (this.first && offset === 0 && chunk.charCodeAt(0) === 0xfeff) i = 1;
    if (state !== State.Quoted && state !== State.QuoteInQuoted) {
      // Outside a quoted field and before the next quote, every line feed ends a record (and
      // leaves the machine at a field start): jump to the last one; the machine reads the rest.
      const quote = chunk.indexOf('"', i);
      const lf = chunk.lastIndexOf('\n', quote === -1 ? chunk.length : quote);
      if (lf >= i) {
        cut = offset + lf + 1;
        state = State.FieldStart;
        i = lf + 1;
      }
    }
    for (; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      switch (state) {
        case State.FieldStart:
          if (c === QUOTE) state = State.Quoted;
          else if (c === LF) cut = offset + i + 1;
          else if (c !== COMMA) state = State.Unquoted;
          break;
        case State.Unquoted:
          if (c === COMMA) state = State.FieldStart;
          else if (c === LF) {
            cut = offset + i + 1;
            state = State.FieldStart;
          } else if (c === QUOTE) state = State.SkipToLineEnd;
          break;
        case State.Quoted:
          if (c === QUOTE) state = State.QuoteInQuoted;
          break;
        case State.QuoteInQuoted:
          if (c === QUOTE) state = State.Quoted;
          else if (c === COMMA) state = State.FieldStart;
          else if (c === LF) {
            cut = offset + i + 1;
            state = State.FieldStart;
          } else state = State.SkipToLineEnd;
          break;
        case State.SkipToLineEnd:
          if (c === LF) {
            cut = offset + i + 1;
            state = State.FieldStart;
          }
          break;
      }
    }
    this.state = state;
    this.cut = cut;
  }

  private take(length: number): CsvPiece {
    const text = this.pending.slice(0, length);
    const piece: CsvPiece = { text, line: this.line, first: this.first };
    this.first = false;
    this.line += countLineFeeds(text);
    this.pending = this.pending.slice(length);
    this.cut = 0;
    return piece;
  }
}

export interface CsvPiece {
  readonly text: string;
  /** Line of the whole input on which the piece starts. */
  readonly line: number;
  /** The start of the input (where a byte-order mark is skipped). */
  readonly first: boolean;
}

function countLineFeeds(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Parses one piece with `parseCsv`, numbering lines as in the whole input. */
export function parseCsvPiece(piece: CsvPiece): CsvBatch {
  // parseCsv skips a byte-order mark at the start of its text; inside the input a U+FEFF is
  // data, so a later piece starting with one is parsed after a blank line (then unnumbered).
  const bom = !piece.first && piece.text.charCodeAt(0) === 0xfeff;
  const shift = piece.line - 1 - (bom ? 1 : 0);
  const parsed = parseCsv(bom ? `\n${piece.text}` : piece.text);
  if (!parsed.ok) return { records: [], errors: parsed.errors.map((e) => ({ ...e, line: e.line + shift })) };
  return { records: shift === 0 ? parsed.value : parsed.value.map((r) => ({ line: r.line + shift, fields: r.fields })), errors: [] };
}

/** CSV records of text arriving in chunks (strings, or UTF-8 bytes), one batch per piece. */
export async function* csvBatches(
  source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options: CsvStreamOptions = {},
): AsyncGenerator<CsvBatch> {
  const pieces = new CsvPieces(options.batchChars);
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    for (const piece of pieces.push(text)) yield parseCsvPiece(piece);
  }
  const rest = decoder.decode();
  for (const piece of [...pieces.push(rest), ...pieces.end()]) yield parseCsvPiece(piece);
}

/** {@link csvBatches} of a file, read in 1 MiB chunks. I/O errors are thrown (reading a stream). */
export function readCsvBatches(path: string, options: CsvStreamOptions = {}): AsyncGenerator<CsvBatch> {
  return csvBatches(createReadStream(path, { highWaterMark: 1 << 20 }), options);
}
