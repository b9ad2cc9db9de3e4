import { readFile } from 'node:fs/promises';
import type { Result } from '@marginkit/rpf';
import type { CsvRecord, CsvSyntaxError } from '@marginkit/rpf';
import { err, formatLocation, ok, parseCsv } from '@marginkit/rpf';
import type { JsonPosition, JsonValue } from '../var/exact-json';
import { JsonNumber, parseExactJson } from '../var/exact-json';
import type { PositionRow } from './inputs';
import type { Basis } from './sheet';

/**
 * The positions file of `marginkit margin` / `whatif` (cli-contract.md "Positions"): a CSV with a
 * header, or a JSON array of the same objects. This reads and checks the file's own fields —
 * every bad row is reported with its file, line, field and value — and hands on rows whose
 * series are still codes: resolving them against the RPF, and agreeing each account's basis and
 * multiplier across its rows, is {@link resolvePositions}'s job (it needs the RPF).
 *
 * Numbers are read as written: quantities are whole contracts (no decimals, no exponents), and a
 * multiplier stays decimal text so that the client rules see exactly what the participant wrote.
 * JSON is read with {@link parseExactJson} for the same reason (`JSON.parse` would turn 1.33 into
 * a binary float).
 */

export const POSITION_COLUMNS = ['account', 'cc', 'series', 'quantity', 'basis', 'multiplier'] as const;
export type PositionColumn = (typeof POSITION_COLUMNS)[number];
/** The columns every file must have; `cc` may be left out (the catalogue then finds the CC). */
export const REQUIRED_POSITION_COLUMNS: readonly PositionColumn[] = ['account', 'series', 'quantity'];

export type PositionFileFormat = 'csv' | 'json';

export type PositionFileErrorTag =
  /** Reading the file failed. */
  | 'Io'
  /** The CSV or JSON text is malformed, or the JSON is not an array of objects. */
  | 'Syntax'
  /** The CSV header lacks a required column. */
  | 'MissingColumn'
  /** A column or key that is not a positions field (a misspelt `multiplier` must not be ignored). */
  | 'UnknownColumn'
  /** A column named twice in the header. */
  | 'DuplicateColumn'
  /** A field is missing or its value is not allowed. */
  | 'InvalidValue';

export interface PositionFileError {
  readonly _tag: PositionFileErrorTag;
  readonly file: string | undefined;
  /** 1-based line (JSON too: where the offending value starts); 0 when not tied to a line. */
  readonly line: number;
  /** 1-based column; 0 when not known (CSV rows are named by line). */
  readonly column: number;
  /** JSON: the 0-based index of the object in the array; undefined for CSV. */
  readonly index: number | undefined;
  /** The positions field, or '' when not tied to one. */
  readonly field: string;
  /** The offending text as written ('' when missing). */
  readonly value: string;
  /** One line for a human: `file:line: field "value": what is wrong` (JSON adds `item N`). */
  readonly message: string;
  /**
   * The account the bad row names, when it could be read (trimmed, not empty), so that a book
   * run can fail that account alone; undefined for errors of the file or of an unreadable row.
   */
  readonly account: string | undefined;
}

export interface PositionFileOptions {
  /** Named in errors and in each row; its extension picks the format when `format` is not given. */
  readonly fileName?: string;
  /** Default: by extension (`.json` / `.csv`), else JSON when the text starts with `[`. */
  readonly format?: PositionFileFormat;
}

/** A field as found: its text, and whether JSON gave it as a number, a string or something else. */
export interface RawField {
  readonly text: string;
  readonly kind: 'string' | 'number' | 'other';
  readonly at: JsonPosition | undefined;
}

/** A row's fields as found, before they are checked (for the streaming reader). */
export interface RawRow {
  readonly line: number;
  readonly column: number;
  readonly index: number | undefined;
  readonly fields: Partial<Record<PositionColumn, RawField>>;
}

const JSON_INTEGER = /^-?\d+$/;
/** Plain positive decimal text, as the client rules accept it (no sign, exponent or separators). */
const MULTIPLIER_TEXT = /^\d+(?:\.\d+)?$/;

export function makeError(
  tag: PositionFileErrorTag,
  file: string | undefined,
  at: { readonly line: number; readonly column?: number; readonly index?: number | undefined },
  field: string,
  value: string,
  problem: string,
): PositionFileError {
  const column = at.column ?? 0;
  const where = formatLocation(file ?? '<positions>', at.line, column);
  const item = at.index === undefined ? '' : `item ${at.index} `;
  const what = field === '' ? '' : `${field} ${JSON.stringify(value)}: `;
  return { _tag: tag, file, line: at.line, column, index: at.index, field, value, message: `${where}: ${item}${what}${problem}`, account: undefined };
}

/** Parses a positions file held in memory. */
export function parsePositions(text: string, options: PositionFileOptions = {}): Result<PositionRow[], PositionFileError> {
  const file = options.fileName;
  const format = options.format ?? sniffFormat(text, file);
  // Rows whose shape is wrong are reported and left out; the other rows are still checked, so
  // that one pass names every problem of the file.
  const errors: PositionFileError[] = [];
  const raw = format === 'json' ? jsonRows(text, file, errors) : csvRows(text, file, errors);
  const rows: PositionRow[] = [];
  for (const r of raw) {
    const row = checkRow(r, file, errors);
    if (row !== undefined) rows.push(row);
  }
  // In file order, as a reader goes through them (the sort is stable within a place).
  errors.sort((x, y) => x.line - y.line || x.column - y.column);
  return errors.length > 0 ? err(errors) : ok(rows);
}

/** Reads a positions file (CSV or JSON, by extension or content). Errors name `path` as given. */
export async function readPositions(
  path: string,
  options: { readonly format?: PositionFileFormat } = {},
): Promise<Result<PositionRow[], PositionFileError>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return err([makeError('Io', path, { line: 0 }, '', '', `cannot read the positions: ${why}`)]);
  }
  return parsePositions(text, options.format === undefined ? { fileName: path } : { fileName: path, format: options.format });
}

function sniffFormat(text: string, file: string | undefined): PositionFileFormat {
  const lower = file?.toLowerCase() ?? '';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.csv')) return 'csv';
  return text.replace(/^\uFEFF/, '').trimStart().startsWith('[') ? 'json' : 'csv';
}

/** The file's rows; a header it cannot read yields no rows and its errors. */
function csvRows(text: string, file: string | undefined, errors: PositionFileError[]): RawRow[] {
  const parsed = parseCsv(text);
  if (!parsed.ok) {
    errors.push(...parsed.errors.map((e) => csvSyntaxError(e, file)));
    return [];
  }
  const [header, ...body] = parsed.value;
  const layout = csvLayout(header, file, errors);
  if (layout === undefined) return [];
  const rows: RawRow[] = [];
  for (const record of body) {
    const row = csvRawRow(record, layout, file, errors);
    if (row !== undefined) rows.push(row);
  }
  return rows;
}

export function csvSyntaxError(e: CsvSyntaxError, file: string | undefined): PositionFileError {
  return makeError('Syntax', file, { line: e.line, column: e.column }, '', '', e.message);
}

/** Where each positions column sits in a CSV file, as its header says. */
export interface CsvLayout {
  readonly index: ReadonlyMap<PositionColumn, number>;
  readonly width: number;
}

/** The header's layout; undefined (and its errors pushed) when the header cannot be used. */
export function csvLayout(header: CsvRecord | undefined, file: string | undefined, errors: PositionFileError[]): CsvLayout | undefined {
  const need = `need ${REQUIRED_POSITION_COLUMNS.join(',')}; optional cc, basis, multiplier`;
  if (header === undefined) {
    errors.push(makeError('MissingColumn', file, { line: 1 }, '', '', `the file is empty; expected a header (${need})`));
    return undefined;
  }
  const headerErrors = errors.length;
  const index = new Map<PositionColumn, number>();
  header.fields.forEach((name, i) => {
    const column = POSITION_COLUMNS.find((c) => c === name.trim().toLowerCase());
    if (column === undefined) {
      errors.push(makeError('UnknownColumn', file, { line: header.line }, 'column', name, `is not a positions column (${POSITION_COLUMNS.join(', ')})`));
    } else if (index.has(column)) {
      errors.push(makeError('DuplicateColumn', file, { line: header.line }, 'column', name, 'appears twice in the header'));
    } else {
      index.set(column, i);
    }
  });
  for (const column of REQUIRED_POSITION_COLUMNS) {
    if (!index.has(column)) {
      errors.push(makeError('MissingColumn', file, { line: header.line }, column, '', `column is missing from the header (${need})`));
    }
  }
  if (errors.length > headerErrors) return undefined;
  return { index, width: header.fields.length };
}

/** One body record's fields by column; undefined (and an error pushed) when it cannot be trusted. */
export function csvRawRow(record: CsvRecord, layout: CsvLayout, file: string | undefined, errors: PositionFileError[]): RawRow | undefined {
  return fillCsvRawRow(new CsvRawRowSlot(layout, false), record.line, record.fields, file, errors);
}

interface CsvCell {
  text: string;
  readonly kind: 'string';
  readonly at: undefined;
}

/** A RawRow of one CSV layout, whose fields a reader may set again for each record. */
class CsvRawRowSlot {
  line = 0;
  readonly column = 0;
  readonly index = undefined;
  readonly fields: { [C in PositionColumn]?: CsvCell | undefined } = {};
  readonly columns: readonly PositionColumn[];
  /** Where each of `columns` is in a record. */
  readonly at: readonly number[];
  /** One field object per column, set again for each record; none when each row keeps its own. */
  readonly cells: readonly CsvCell[] | undefined;
  /** Whether `fields` holds every column's cell (the last record had every field). */
  full = false;

  constructor(
    readonly layout: CsvLayout,
    reused: boolean,
  ) {
    this.columns = [...layout.index.keys()];
    this.at = [...layout.index.values()];
    this.cells = reused ? this.columns.map(() => ({ text: '', kind: 'string', at: undefined })) : undefined;
  }
}

/** {@link csvRawRow} into `row` (a field the record lacks is set to undefined: absent). */
function fillCsvRawRow(row: CsvRawRowSlot, line: number, values: readonly string[], file: string | undefined, errors: PositionFileError[]): RawRow | undefined {
  const width = row.layout.width;
  if (values.length > width) {
    // More fields than columns: an unquoted comma has shifted the row; no field can be trusted
    // (not even the account, so the error names none).
    errors.push(makeError('Syntax', file, { line }, '', '', `the row has ${values.length} fields but the header has ${width} (quote a field that holds a comma)`));
    return undefined;
  }
  const { columns, at, cells, fields } = row;
  row.line = line;
  if (cells !== undefined && values.length === width && row.full) {
    // The common case of a reader of many rows: every column present, as in the record before,
    // so each field object is already in place (stores by a computed key are dear).
    for (let k = 0; k < cells.length; k++) (cells[k] as CsvCell).text = values[at[k] as number] as string;
    return row as RawRow;
  }
  for (let k = 0; k < columns.length; k++) {
    const column = columns[k] as PositionColumn;
    const v = values[at[k] as number];
    if (v === undefined) fields[column] = undefined;
    else if (cells === undefined) fields[column] = { text: v, kind: 'string', at: undefined };
    else {
      const cell = cells[k] as CsvCell;
      cell.text = v;
      fields[column] = cell;
    }
  }
  row.full = values.length === width;
  return row as RawRow;
}

/**
 * The body records of a CSV file checked as `parsePositions` checks them ({@link csvRawRow}, then
 * {@link checkRow}), for readers of millions of rows: one row of raw fields is reused from
 * record to record (checkRow keeps none of it).
 */
export class CsvRowChecker {
  private readonly slot: CsvRawRowSlot;

  constructor(
    readonly layout: CsvLayout,
    readonly file: string | undefined,
  ) {
    this.slot = new CsvRawRowSlot(layout, true);
  }

  /** The row of a record (its line and fields), or undefined and its errors pushed. */
  check(line: number, fields: readonly string[], errors: PositionFileError[]): PositionRow | undefined {
    const raw = fillCsvRawRow(this.slot, line, fields, this.file, errors);
    return raw === undefined ? undefined : checkRow(raw, this.file, errors);
  }
}

function jsonRows(text: string, file: string | undefined, errors: PositionFileError[]): RawRow[] {
  const parsed = parseExactJson(text);
  if (!parsed.ok) {
    errors.push(...parsed.errors.map((e) => makeError('Syntax', file, { line: e.line, column: e.column }, '', '', `is not valid JSON: ${e.message}`)));
    return [];
  }
  const { value, positions } = parsed.value;
  if (!Array.isArray(value)) {
    const at = positions.get('') ?? { line: 0, column: 0 };
    errors.push(makeError('Syntax', file, at, '', '', 'must be a JSON array of position objects'));
    return [];
  }
  const rows: RawRow[] = [];
  value.forEach((item, index) => {
    const row = jsonRawRow(item, index, (key) => positions.get(key === '' ? String(index) : `${index}/${key}`), file, errors);
    if (row !== undefined) rows.push(row);
  });
  return rows;
}

/**
 * One item of the array: its fields by column; undefined (and an error pushed) when it is not an
 * object. `positionOf('')` is where the item starts, `positionOf(key)` where a key's value does.
 */
export function jsonRawRow(
  item: JsonValue,
  index: number,
  positionOf: (key: string) => JsonPosition | undefined,
  file: string | undefined,
  errors: PositionFileError[],
): RawRow | undefined {
  const at = positionOf('') ?? { line: 0, column: 0 };
  if (item === null || typeof item !== 'object' || Array.isArray(item) || item instanceof JsonNumber) {
    errors.push(makeError('Syntax', file, { ...at, index }, '', '', `must be an object {"account","cc","series","quantity"}, found ${jsonText(item)}`));
    return undefined;
  }
  const fields: Partial<Record<PositionColumn, RawField>> = {};
  const account = accountOf(typeof item['account'] === 'string' ? item['account'] : undefined);
  // An unknown key is reported (at its value: the reader keeps values' places); the known
  // fields of the object are still checked.
  for (const [key, v] of Object.entries(item)) {
    const fieldAt = positionOf(key) ?? at;
    const column = POSITION_COLUMNS.find((c) => c === key);
    if (column === undefined) {
      errors.push({ ...makeError('UnknownColumn', file, { ...fieldAt, index }, 'key', key, `is not a positions field (${POSITION_COLUMNS.join(', ')})`), account });
      continue;
    }
    // null reads as absent, as an empty CSV field does.
    if (v === null) continue;
    fields[column] =
      typeof v === 'string'
        ? { text: v, kind: 'string', at: fieldAt }
        : v instanceof JsonNumber
          ? { text: v.text, kind: 'number', at: fieldAt }
          : { text: jsonText(v), kind: 'other', at: fieldAt };
  }
  return { line: at.line, column: at.column, index, fields };
}

/** The account a row names, for attributing its errors: trimmed, undefined when empty. */
function accountOf(text: string | undefined): string | undefined {
  const t = text === undefined ? '' : trimmed(text);
  return t === '' ? undefined : t;
}

function jsonText(v: JsonValue): string {
  if (v instanceof JsonNumber) return v.text;
  return JSON.stringify(v, (_k, x: unknown) => (x instanceof JsonNumber ? Number(x.text) : x));
}

/** Checks one row's fields, pushing an error for each bad one; the row when all are good. */
export function checkRow(r: RawRow, file: string | undefined, errors: PositionFileError[]): PositionRow | undefined {
  // (Written for speed — helpers with explicit arguments rather than closures, fields read by
  // name, no regular expression on the common path — as this runs for every row of a book.)
  const before = errors.length;
  const { fields } = r;
  const owner = accountOf(fields.account?.kind === 'string' ? fields.account.text : undefined);
  const account = textOf(r, fields.account, 'account', owner, file, errors);
  if (account === '') bad(r, fields.account, 'account', 'is missing', owner, file, errors);
  const series = textOf(r, fields.series, 'series', owner, file, errors);
  if (series === '') bad(r, fields.series, 'series', 'is missing (an HKEX series code such as XXXM8 or HEX165.00U7)', owner, file, errors);
  const cc = textOf(r, fields.cc, 'cc', owner, file, errors);
  if (cc !== undefined && cc !== '' && !isCcCode(cc)) {
    bad(r, fields.cc, 'cc', 'must be a CC code of 1-6 capital letters or digits (e.g. FEXXX), or empty', owner, file, errors);
  }
  const quantity = quantityOf(fields.quantity);
  if (typeof quantity === 'string') bad(r, fields.quantity, 'quantity', quantity, owner, file, errors);
  const basisText = textOf(r, fields.basis, 'basis', owner, file, errors);
  let basis: Basis | undefined;
  if (basisText !== undefined && basisText !== '') {
    const b = basisText.toLowerCase();
    // The constants, not the field's text: a book's rows then share two strings.
    if (b === 'net') basis = 'net';
    else if (b === 'gross') basis = 'gross';
    else bad(r, fields.basis, 'basis', 'must be net or gross, or empty', owner, file, errors);
  }
  const multiplier = multiplierOf(fields.multiplier);
  if (multiplier.problem !== undefined) bad(r, fields.multiplier, 'multiplier', multiplier.problem, owner, file, errors);

  if (errors.length > before || account === undefined || series === undefined || typeof quantity !== 'number') return undefined;
  return {
    account,
    cc: cc === undefined || cc === '' ? undefined : cc,
    series,
    quantity,
    basis,
    multiplier: multiplier.text,
    file,
    line: r.line,
  };
}

/** Field `field` (`f`) of row `r` is bad; the error names the row's account (`owner`) when it has one. */
function bad(
  r: RawRow,
  f: RawField | undefined,
  field: PositionColumn,
  problem: string,
  owner: string | undefined,
  file: string | undefined,
  errors: PositionFileError[],
): void {
  const at = f?.at ?? { line: r.line, column: r.column };
  errors.push({ ...makeError('InvalidValue', file, { ...at, index: r.index }, field, f?.text ?? '', problem), account: owner });
}

/** A text field's trimmed value ('' when absent); undefined (and an error) when JSON gave another type. */
function textOf(
  r: RawRow,
  f: RawField | undefined,
  field: PositionColumn,
  owner: string | undefined,
  file: string | undefined,
  errors: PositionFileError[],
): string | undefined {
  if (f === undefined) return '';
  if (f.kind !== 'string') {
    bad(r, f, field, 'must be a string', owner, file, errors);
    return undefined;
  }
  return trimmed(f.text);
}

/** `text.trim()`, without the call when the text starts and ends with printable ASCII (most fields). */
function trimmed(text: string): string {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  return first > 0x20 && first < 0x7f && last > 0x20 && last < 0x7f ? text : text.trim();
}

/** Whether `text[start..end)` (all of it by default) matches /^[A-Z0-9]{1,6}$/: a CC code. */
export function isCcCode(text: string, start = 0, end = text.length): boolean {
  if (end - start < 1 || end - start > 6) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39))) return false;
  }
  return true;
}

/** The value of text matching /^[+-]?\d+$/ (as `Number` reads it), else undefined. */
function integerOf(text: string): number | undefined {
  const sign = text.charCodeAt(0);
  const from = sign === 0x2b || sign === 0x2d ? 1 : 0;
  if (from === text.length) return undefined;
  let n = 0;
  for (let i = from; i < text.length; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  // Up to 15 digits the sum is exact (below 2^53); longer text is left to Number, whose result
  // past 2^53 fails the caller's safe-integer test.
  if (text.length - from > 15) n = Math.abs(Number(text));
  return sign === 0x2d ? -n : n;
}

/** A signed whole number of contracts, or why not. */
function quantityOf(f: RawField | undefined): number | string {
  if (f === undefined) return 'is missing';
  const text = trimmed(f.text);
  if (f.kind === 'string' && text === '') return 'is missing';
  // Integer text only: past 2^53 the parse lands on ≥ 2^53 and fails the safe-integer test.
  const n = f.kind === 'string' ? integerOf(text) : f.kind === 'number' && JSON_INTEGER.test(text) ? Number(text) : undefined;
  if (n === undefined) return 'must be a whole number of contracts (+ long, − short), without decimals or exponent';
  if (!Number.isSafeInteger(n)) return 'is out of range (at most ±9007199254740991 contracts)';
  return n === 0 ? 0 : n;
}

interface MultiplierCheck {
  readonly text: string | undefined;
  readonly problem: string | undefined;
}
/** No multiplier given (most rows): one object for all of them. */
const NO_MULTIPLIER: MultiplierCheck = { text: undefined, problem: undefined };

function multiplierOf(f: RawField | undefined): MultiplierCheck {
  if (f === undefined) return NO_MULTIPLIER;
  const text = f.text.trim();
  if (f.kind === 'string' && text === '') return NO_MULTIPLIER;
  if (f.kind === 'other' || !MULTIPLIER_TEXT.test(text) || /^[0.]+$/.test(text)) {
    return { text: undefined, problem: 'must be a positive decimal like 1.33 (no sign, exponent or separators), or empty' };
  }
  return { text, problem: undefined };
}
