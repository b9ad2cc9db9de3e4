import { isAscii } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { TextDecoder } from 'node:util';
import type { CsvPiece, CsvRecord } from '@marginkit/rpf';
import { CsvPieces, isPlainCsv, parseCsvPiece, PlainCsvRecords } from '@marginkit/rpf';
import type { JsonPosition } from '../var/exact-json';
import { parseExactJson } from '../var/exact-json';
import type { PositionRow } from './inputs';
import type { CsvLayout, PositionFileError, PositionFileFormat, PositionFileOptions, RawRow } from './positions-file';
import { checkRow, csvLayout, CsvRowChecker, csvSyntaxError, jsonRawRow, makeError } from './positions-file';

/**
 * The positions file read as a stream, for books too large to hold at once (millions of rows):
 * the same checks and messages as {@link parsePositions}, in batches, in constant memory.
 *
 * - CSV: rpf's streaming CSV front-end; the header, then each batch of records checked as
 *   `parsePositions` checks them. After a CSV syntax error no more rows are produced (as
 *   `parsePositions` returns only syntax errors then), but the rest is still read for more. A
 *   batch holding no quote is read line by line ({@link PlainCsvRecords}), the others by the
 *   general CSV reader: the records are the same.
 * - JSON: the top-level array is cut into items (strings, escapes and nesting followed), and each
 *   item is read by the exact JSON reader, its places moved to the whole file's.
 *
 * On a valid file the rows are those of `parsePositions`, in order; on a bad file every error
 * `parsePositions` reports is reported too (a property test holds both), though rows of earlier
 * batches may already have been handed on: a caller must treat any error as the file's failure
 * (or, with {@link PositionFileError.account}, as the failure of that account).
 */

export interface PositionBatch {
  readonly rows: readonly PositionRow[];
  /** In file order within the batch. */
  readonly errors: readonly PositionFileError[];
}

export interface PositionStreamOptions extends PositionFileOptions {
  /** About how many characters of the file each batch covers; default 1 MiB. */
  readonly batchChars?: number;
}

/**
 * A piece of a positions file as read, before its CSV records are checked: what
 * {@link positionBatches} checks batch by batch, for a reader that wants to look at a record's
 * fields before (or instead of) checking it — a book's partition looks only at each record's
 * account, and leaves the checks to the reader of that account's rows.
 */
export type PositionPiece =
  /** Rows and errors already checked: a batch of JSON items; or errors that name no account (CSV syntax, the header, reading). */
  | { readonly kind: 'checked'; readonly rows: readonly PositionRow[]; readonly errors: readonly PositionFileError[] }
  /** CSV text holding no quote: its records from `from` (on line `line`), read with {@link PlainCsvRecords}. */
  | { readonly kind: 'plain'; readonly header: CsvRecord; readonly layout: CsvLayout; readonly text: string; readonly from: number; readonly line: number }
  /** CSV records read by the general CSV reader (the piece holds quotes). */
  | { readonly kind: 'records'; readonly header: CsvRecord; readonly layout: CsvLayout; readonly records: readonly CsvRecord[] };

/** Rows of a positions file arriving in chunks (strings, or UTF-8 bytes). */
export function positionBatches(
  source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options: PositionStreamOptions = {},
): AsyncGenerator<PositionBatch> {
  return checkedBatches(positionPieces(source, options), options.fileName);
}

/** {@link positionBatches} of a file; a file that cannot be read gives one `Io` error. */
export function readPositionBatches(
  path: string,
  options: { readonly format?: PositionFileFormat; readonly batchChars?: number } = {},
): AsyncGenerator<PositionBatch> {
  return checkedBatches(readPositionPieces(path, options), path);
}

/** The pieces of a positions file arriving in chunks; {@link positionBatches} checks them. */
export async function* positionPieces(
  source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options: PositionStreamOptions = {},
): AsyncGenerator<PositionPiece> {
  const text = decoded(source);
  const first = await text.next();
  const head = first.done === true ? '' : first.value;
  const chunks = withFirst(head, text);
  const format = options.format ?? sniff(head, options.fileName);
  if (format === 'csv') {
    yield* csvPieces(chunks, options);
    return;
  }
  for await (const b of jsonBatches(chunks, options)) yield { kind: 'checked', rows: b.rows, errors: b.errors };
}

/** {@link positionPieces} of a file; a file that cannot be read gives one `Io` error. */
export async function* readPositionPieces(
  path: string,
  options: { readonly format?: PositionFileFormat; readonly batchChars?: number } = {},
): AsyncGenerator<PositionPiece> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    yield* positionPieces(stream, { ...options, fileName: path });
  } catch (e) {
    // Only reading can throw here: the parsers return their errors as values.
    const why = e instanceof Error ? e.message : String(e);
    yield { kind: 'checked', rows: [], errors: [ioError(path, `cannot read the positions: ${why}`)] };
  } finally {
    stream.destroy();
  }
}

/** The pieces' CSV records checked as `parsePositions` checks them, a batch per piece. */
async function* checkedBatches(pieces: AsyncIterable<PositionPiece>, file: string | undefined): AsyncGenerator<PositionBatch> {
  for await (const piece of pieces) {
    if (piece.kind === 'checked') {
      yield { rows: piece.rows, errors: piece.errors };
      continue;
    }
    const errors: PositionFileError[] = [];
    const rows: PositionRow[] = [];
    const checker = new CsvRowChecker(piece.layout, file);
    if (piece.kind === 'plain') {
      const r = new PlainCsvRecords(piece.text, piece.from, piece.line);
      while (r.next()) {
        const row = checker.check(r.line, r.fields(), errors);
        if (row !== undefined) rows.push(row);
      }
    } else {
      for (const record of piece.records) {
        const row = checker.check(record.line, record.fields, errors);
        if (row !== undefined) rows.push(row);
      }
    }
    errors.sort(byPlace);
    if (rows.length > 0 || errors.length > 0) yield { rows, errors };
  }
}

function ioError(file: string, message: string): PositionFileError {
  return makeError('Io', file, { line: 0 }, '', '', message);
}

async function* decoded(source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>): AsyncGenerator<string> {
  // While every byte so far is ASCII, an ASCII chunk decodes to its bytes read as Latin-1:
  // about six times as fast as a decoder (a book's positions are ASCII as a rule). From the
  // first other chunk on, a decoder reads the rest; it drops a byte-order mark only at the very
  // start of the input, as one decoder of the whole input would.
  let decoder: TextDecoder | undefined;
  let bytes = 0;
  for await (const chunk of source) {
    let text: string;
    if (typeof chunk === 'string') text = chunk;
    else if (decoder === undefined && isAscii(chunk)) text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
    else {
      decoder ??= new TextDecoder('utf-8', { ignoreBOM: bytes > 0 });
      text = decoder.decode(chunk, { stream: true });
    }
    if (typeof chunk !== 'string') bytes += chunk.byteLength;
    if (text !== '') yield text;
  }
  const rest = decoder?.decode() ?? '';
  if (rest !== '') yield rest;
}

async function* withFirst(first: string, rest: AsyncIterator<string>): AsyncGenerator<string> {
  if (first !== '') yield first;
  for (let r = await rest.next(); r.done !== true; r = await rest.next()) yield r.value;
}

function sniff(head: string, file: string | undefined): PositionFileFormat {
  const lower = file?.toLowerCase() ?? '';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.csv')) return 'csv';
  return head.replace(/^\uFEFF/, '').trimStart().startsWith('[') ? 'json' : 'csv';
}

function byPlace(x: PositionFileError, y: PositionFileError): number {
  return x.line - y.line || x.column - y.column;
}

/**
 * The CSV file cut by rpf's streaming front-end into pieces (each ending at a record end), the
 * header read from the first records. A piece with no quote cannot hold a syntax error and its
 * records are its lines: it is handed on as text. After a CSV syntax error no more records are
 * handed on (as `parsePositions` gives only syntax errors then), but the rest is still read for
 * more syntax errors; after a bad header nothing more is read.
 */
async function* csvPieces(chunks: AsyncIterable<string>, options: PositionStreamOptions): AsyncGenerator<PositionPiece> {
  const file = options.fileName;
  const pieces = new CsvPieces(options.batchChars);
  let header: CsvRecord | undefined;
  let layout: CsvLayout | undefined;
  let syntaxBroken = false;
  /** Reads the header from the first record; false (and its errors handed on) when it cannot be used. */
  const headerErrors: PositionFileError[] = [];
  const useHeader = (record: CsvRecord): boolean => {
    header = record;
    layout = csvLayout(record, file, headerErrors);
    return layout !== undefined;
  };
  const read = function* (piece: CsvPiece): Generator<PositionPiece> {
    if (isPlainCsv(piece.text)) {
      if (syntaxBroken) return;
      let at = { from: piece.first && piece.text.charCodeAt(0) === 0xfeff ? 1 : 0, line: piece.line };
      if (header === undefined) {
        const r = new PlainCsvRecords(piece.text, at.from, at.line);
        if (!r.next()) return;
        if (!useHeader({ line: r.line, fields: r.fields() })) {
          yield { kind: 'checked', rows: [], errors: headerErrors };
          return;
        }
        at = r.rest();
      }
      if (header !== undefined && layout !== undefined) yield { kind: 'plain', header, layout, text: piece.text, from: at.from, line: at.line };
      return;
    }
    const b = parseCsvPiece(piece);
    if (b.errors.length > 0) {
      syntaxBroken = true;
      yield { kind: 'checked', rows: [], errors: b.errors.map((e) => csvSyntaxError(e, file)) };
      return;
    }
    if (syntaxBroken) return;
    let records = b.records;
    if (header === undefined) {
      const first = records[0];
      if (first === undefined) return;
      if (!useHeader(first)) {
        yield { kind: 'checked', rows: [], errors: headerErrors };
        return;
      }
      records = records.slice(1);
    }
    if (header !== undefined && layout !== undefined) yield { kind: 'records', header, layout, records };
  };
  for await (const chunk of chunks) {
    for (const piece of pieces.push(chunk)) {
      yield* read(piece);
      if (header !== undefined && layout === undefined) return;
    }
  }
  for (const piece of pieces.end()) yield* read(piece);
  if (header === undefined && !syntaxBroken) {
    // An empty file: csvLayout names the missing header.
    const errors: PositionFileError[] = [];
    csvLayout(undefined, file, errors);
    yield { kind: 'checked', rows: [], errors };
  }
}

// --- JSON ----------------------------------------------------------------------------------

const JsonState = { BeforeArray: 0, BeforeItem: 1, InItem: 2, AfterItem: 3, Done: 4 } as const;
type JsonState = (typeof JsonState)[keyof typeof JsonState];

interface JsonItem {
  readonly text: string;
  readonly at: JsonPosition;
  readonly index: number;
}

/**
 * Cuts a JSON array arriving in chunks into its items' texts, following strings, escapes and
 * nesting. It checks only the array's own punctuation; each item is then read in full by the
 * exact JSON reader.
 */
class JsonArrayItems {
  private state: JsonState = JsonState.BeforeArray;
  private line = 1;
  private column = 1;
  private index = 0;
  private item = '';
  private itemAt: JsonPosition = { line: 1, column: 1 };
  private depth = 0;
  private inString = false;
  private escaped = false;
  private started = false;
  /** The first error of the array's own punctuation; nothing is read after it. */
  failure: { readonly at: JsonPosition; readonly message: string } | undefined;

  push(text: string): JsonItem[] {
    const items: JsonItem[] = [];
    if (this.failure !== undefined) return items;
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      const at = { line: this.line, column: this.column };
      if (c === '\n') {
        this.line++;
        this.column = 1;
      } else this.column++;
      const blank = c === ' ' || c === '\t' || c === '\r' || c === '\n';
      switch (this.state) {
        case JsonState.BeforeArray:
          if (!this.started && c === '\uFEFF') {
            this.column--;
            break;
          }
          this.started = true;
          if (blank) break;
          if (c !== '[') {
            this.fail(at, 'must be a JSON array of position objects');
            return items;
          }
          this.state = JsonState.BeforeItem;
          break;
        case JsonState.BeforeItem:
        case JsonState.AfterItem:
          if (blank) break;
          if (c === ']' && (this.state === JsonState.AfterItem || this.index === 0)) {
            this.state = JsonState.Done;
          } else if (c === ',' && this.state === JsonState.AfterItem) {
            this.state = JsonState.BeforeItem;
          } else if (this.state === JsonState.BeforeItem && c !== ']' && c !== ',') {
            this.state = JsonState.InItem;
            this.itemAt = at;
            this.item = '';
            from = i;
            i--;
            this.column = at.column;
          } else {
            this.fail(at, `is not valid JSON: unexpected ${JSON.stringify(c)} in the array`);
            return items;
          }
          break;
        case JsonState.InItem:
          if (this.inString) {
            if (this.escaped) this.escaped = false;
            else if (c === '\\') this.escaped = true;
            else if (c === '"') this.inString = false;
          } else if (c === '"') this.inString = true;
          else if (c === '{' || c === '[') this.depth++;
          else if ((c === '}' || c === ']') && this.depth > 0) this.depth--;
          else if ((c === ',' || c === ']') && this.depth === 0) {
            items.push({ text: this.item + text.slice(from, i), at: this.itemAt, index: this.index++ });
            this.item = '';
            this.state = c === ',' ? JsonState.BeforeItem : JsonState.Done;
          }
          break;
        case JsonState.Done:
          if (!blank) {
            this.fail(at, 'is not valid JSON: text after the end of the array');
            return items;
          }
          break;
      }
    }
    if (this.state === JsonState.InItem) this.item += text.slice(from);
    return items;
  }

  end(): void {
    if (this.failure === undefined && this.state !== JsonState.Done) {
      this.fail(
        { line: this.line, column: this.column },
        this.state === JsonState.BeforeArray ? 'must be a JSON array of position objects' : 'is not valid JSON: the array is never closed',
      );
    }
  }

  private fail(at: JsonPosition, message: string): void {
    this.failure = { at, message };
  }
}

/** A place inside an item's own text, moved to the whole file. */
function placeIn(item: JsonItem, p: JsonPosition): JsonPosition {
  return p.line === 1 ? { line: item.at.line, column: item.at.column + p.column - 1 } : { line: item.at.line + p.line - 1, column: p.column };
}

async function* jsonBatches(chunks: AsyncIterable<string>, options: PositionStreamOptions): AsyncGenerator<PositionBatch> {
  const file = options.fileName;
  const items = new JsonArrayItems();
  const batchChars = options.batchChars ?? 1 << 20;
  let rows: PositionRow[] = [];
  let errors: PositionFileError[] = [];
  let size = 0;
  const take = (item: JsonItem) => {
    size += item.text.length;
    const parsed = parseExactJson(item.text);
    if (!parsed.ok) {
      for (const e of parsed.errors) errors.push(syntaxError(file, placeIn(item, e), `is not valid JSON: ${e.message}`));
      return;
    }
    const { value, positions } = parsed.value;
    const positionOf = (key: string) => {
      const p = positions.get(key);
      return p === undefined ? undefined : placeIn(item, p);
    };
    const raw: RawRow | undefined = jsonRawRow(value, item.index, positionOf, file, errors);
    const row = raw === undefined ? undefined : checkRow(raw, file, errors);
    if (row !== undefined) rows.push(row);
  };
  const flush = (): PositionBatch => {
    const batch = { rows, errors: errors.sort(byPlace) };
    rows = [];
    errors = [];
    size = 0;
    return batch;
  };
  for await (const chunk of chunks) {
    for (const item of items.push(chunk)) take(item);
    if (size >= batchChars) yield flush();
  }
  items.end();
  if (items.failure !== undefined) errors.push(syntaxError(file, items.failure.at, items.failure.message));
  if (rows.length > 0 || errors.length > 0) yield flush();
}

function syntaxError(file: string | undefined, at: JsonPosition, problem: string): PositionFileError {
  return makeError('Syntax', file, at, '', '', problem);
}
