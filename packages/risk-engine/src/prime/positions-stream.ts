import { createReadStream } from 'node:fs';
import type { CsvRecord } from '@marginkit/rpf';
import { CsvPieces, parseCsvPiece } from '@marginkit/rpf';
import type { JsonPosition } from '../var/exact-json';
import { parseExactJson } from '../var/exact-json';
import type { PositionRow } from './inputs';
import type { CsvLayout, PositionFileError, PositionFileFormat, PositionFileOptions, RawRow } from './positions-file';
import { checkRow, csvLayout, csvRawRow, csvSyntaxError, jsonRawRow, makeError } from './positions-file';

/**
 * The positions file read as a stream, for books too large to hold at once (millions of rows):
 * the same checks and messages as {@link parsePositions}, in batches, in constant memory.
 *
 * - CSV: rpf's streaming CSV front-end; the header, then each batch of records checked as
 *   `parsePositions` checks them. After a CSV syntax error no more rows are produced (as
 *   `parsePositions` returns only syntax errors then), but the rest is still read for more.
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

/** Rows of a positions file arriving in chunks (strings, or UTF-8 bytes). */
export async function* positionBatches(
  source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options: PositionStreamOptions = {},
): AsyncGenerator<PositionBatch> {
  const text = decoded(source);
  const first = await text.next();
  const head = first.done === true ? '' : first.value;
  const chunks = withFirst(head, text);
  const format = options.format ?? sniff(head, options.fileName);
  yield* format === 'json' ? jsonBatches(chunks, options) : csvBatchesOf(chunks, options);
}

/** {@link positionBatches} of a file; a file that cannot be read gives one `Io` error. */
export async function* readPositionBatches(
  path: string,
  options: { readonly format?: PositionFileFormat; readonly batchChars?: number } = {},
): AsyncGenerator<PositionBatch> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    yield* positionBatches(stream, { ...options, fileName: path });
  } catch (e) {
    // Only reading can throw here: the parsers return their errors as values.
    const why = e instanceof Error ? e.message : String(e);
    yield { rows: [], errors: [ioError(path, `cannot read the positions: ${why}`)] };
  } finally {
    stream.destroy();
  }
}

function ioError(file: string, message: string): PositionFileError {
  return makeError('Io', file, { line: 0 }, '', '', message);
}

async function* decoded(source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text !== '') yield text;
  }
  const rest = decoder.decode();
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

async function* csvBatchesOf(chunks: AsyncIterable<string>, options: PositionStreamOptions): AsyncGenerator<PositionBatch> {
  const file = options.fileName;
  const pieces = new CsvPieces(options.batchChars);
  let layout: CsvLayout | undefined;
  let headerSeen = false;
  let syntaxBroken = false;
  const batchOf = function* (records: readonly CsvRecord[], syntax: readonly PositionFileError[]): Generator<PositionBatch> {
    if (syntax.length > 0) syntaxBroken = true;
    if (syntaxBroken) {
      if (syntax.length > 0) yield { rows: [], errors: syntax };
      return;
    }
    const errors: PositionFileError[] = [];
    let body = records;
    if (!headerSeen) {
      if (records.length === 0) return;
      headerSeen = true;
      layout = csvLayout(records[0], file, errors);
      body = records.slice(1);
    }
    const rows: PositionRow[] = [];
    if (layout !== undefined) {
      for (const record of body) {
        const raw = csvRawRow(record, layout, file, errors);
        const row = raw === undefined ? undefined : checkRow(raw, file, errors);
        if (row !== undefined) rows.push(row);
      }
    }
    errors.sort(byPlace);
    if (rows.length > 0 || errors.length > 0) yield { rows, errors };
  };
  for await (const chunk of chunks) {
    for (const piece of pieces.push(chunk)) {
      const b = parseCsvPiece(piece);
      yield* batchOf(b.records, b.errors.map((e) => csvSyntaxError(e, file)));
      if (headerSeen && layout === undefined) return;
    }
  }
  for (const piece of pieces.end()) {
    const b = parseCsvPiece(piece);
    yield* batchOf(b.records, b.errors.map((e) => csvSyntaxError(e, file)));
  }
  if (!headerSeen && !syntaxBroken) {
    // An empty file: csvLayout names the missing header.
    const errors: PositionFileError[] = [];
    csvLayout(undefined, file, errors);
    yield { rows: [], errors };
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
