import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { ClearingHouse, ContractCatalogue, ContractSpec } from './contract';
import { csvField, parseCsv } from './csv';
import { formatFixed, parseFixed } from './fixed';
import type { Fixed } from './model';
import type { Result } from './result';
import { err, ok } from './result';

/**
 * The contract catalogue: what the RPF does not carry (contract multiplier, price decimals,
 * clearing house) per commodity code, from a CSV file with a header or a JSON array of the same
 * objects (cli-contract.md). Every bad row is reported, not just the first.
 */

export type CatalogueErrorTag =
  /** Reading the file failed. */
  | 'Io'
  /** The CSV or JSON text itself is malformed (or the JSON is not an array of objects). */
  | 'Syntax'
  /** The CSV header lacks a required column. */
  | 'MissingColumn'
  /** A field is missing or its value is not allowed. */
  | 'InvalidValue'
  /** A commodity listed twice. */
  | 'DuplicateCommodity'
  /** No contracts at all. */
  | 'Empty';

export interface CatalogueError {
  readonly _tag: CatalogueErrorTag;
  readonly file: string | undefined;
  /**
   * CSV: the 1-based line of the row (1 = header). JSON: the 0-based index of the object in the
   * array. 0 when not tied to a row (I/O, empty catalogue, JSON syntax).
   */
  readonly line: number;
  /** Column / property name, or '' when not tied to one. */
  readonly field: string;
  /** The offending text as found ('' when missing). */
  readonly value: string;
  /** One line for a human: `file:line: field "value": what is wrong` (JSON: `file[index]: …`). */
  readonly message: string;
}

export type CatalogueFormat = 'csv' | 'json';

export interface CatalogueOptions {
  /** Named in errors; its extension also picks the format when `format` is not given. */
  readonly fileName?: string;
  /** Default: by extension (`.csv` / `.json`), else JSON when the text starts with `[` or `{`. */
  readonly format?: CatalogueFormat;
}

export const CATALOGUE_COLUMNS = ['clearingHouse', 'cc', 'commodity', 'currency', 'multiplier', 'priceDecimals'] as const;
type Column = (typeof CATALOGUE_COLUMNS)[number];

/** Highest price decimal locator accepted: a 9(7) price field cannot usefully carry more. */
export const MAX_PRICE_DECIMALS = 7;

const text = (what: string) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? 'is missing' : `must be ${what}`) })
    .trim()
    .min(1, { error: 'is missing', abort: true });

// A JSON number reaches us as a binary float, whose literal text is lost: only integers are
// certainly exact, so a fractional multiplier must be written as a decimal string.
const multiplier = z
  .union([z.string(), z.number()], { error: (iss) => (iss.input === undefined ? 'is missing' : 'must be a decimal number or string') })
  .transform((v, ctx): Fixed => {
    if (typeof v === 'number') {
      if (Number.isSafeInteger(v) && v > 0) return { units: v, scale: 0 };
      ctx.addIssue({
        code: 'custom',
        message: Number.isInteger(v)
          ? 'must be a positive integer or a decimal string'
          : 'a fractional multiplier must be written as a decimal string in JSON (e.g. "0.5") so that it is read exactly',
      });
      return z.NEVER;
    }
    const t = v.trim();
    if (t === '') {
      ctx.addIssue({ code: 'custom', message: 'is missing' });
      return z.NEVER;
    }
    const f = parseFixed(t);
    if (f === undefined || f.units <= 0) {
      ctx.addIssue({ code: 'custom', message: 'must be a positive decimal number like 50 or 0.5' });
      return z.NEVER;
    }
    return f;
  });

const priceDecimals = z
  .union([z.string(), z.number()], { error: (iss) => (iss.input === undefined ? 'is missing' : 'must be an integer') })
  .transform((v, ctx): number => {
    const t = typeof v === 'number' ? String(v) : v.trim();
    if (t === '') {
      ctx.addIssue({ code: 'custom', message: 'is missing' });
      return z.NEVER;
    }
    if (!/^\d+$/.test(t) || Number(t) > MAX_PRICE_DECIMALS) {
      ctx.addIssue({ code: 'custom', message: `must be an integer from 0 to ${MAX_PRICE_DECIMALS}` });
      return z.NEVER;
    }
    return Number(t);
  });

const ContractRow = z.object({
  clearingHouse: z
    .string({ error: (iss) => (iss.input === undefined ? 'is missing' : 'must be HKCC or SEOCH') })
    .trim()
    .pipe(z.enum(['HKCC', 'SEOCH'], { error: (iss) => (iss.input === '' ? 'is missing' : 'must be HKCC or SEOCH') })),
  cc: text('a CC code').regex(/^[A-Z0-9]{1,6}$/, { error: 'must be a CC code of 1-6 capital letters or digits (e.g. FEXXX)' }),
  commodity: text('a commodity code').regex(/^[A-Z0-9]{1,10}$/, {
    error: 'must be a commodity code of 1-10 capital letters or digits (e.g. XXX)',
  }),
  currency: text('an ISO currency code').regex(/^[A-Z]{3}$/, { error: 'must be a 3-letter ISO currency code (e.g. HKD)' }),
  multiplier,
  priceDecimals,
});

/** Builds the catalogue's index. Callers must have rejected duplicate commodities. */
export function makeCatalogue(contracts: readonly ContractSpec[]): ContractCatalogue {
  return { contracts, byCommodity: new Map(contracts.map((c) => [c.commodity, c])) };
}

/** Parses a catalogue held in memory. */
export function parseCatalogue(input: string, options: CatalogueOptions = {}): Result<ContractCatalogue, CatalogueError> {
  const file = options.fileName;
  const format = options.format ?? sniffFormat(input, file);
  const rows = format === 'json' ? jsonRows(input, file) : csvRows(input, file);
  if (!rows.ok) return rows;

  const errors: CatalogueError[] = [];
  const contracts: ContractSpec[] = [];
  const firstSeen = new Map<string, number>();
  for (const row of rows.value) {
    const parsed = ContractRow.safeParse(row.values);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        errors.push(catalogueError('InvalidValue', file, format, row.line, field, rawText(row.values[field]), issue.message));
      }
      continue;
    }
    const c = parsed.data;
    const seen = firstSeen.get(c.commodity);
    if (seen !== undefined) {
      const where = format === 'json' ? `index ${seen}` : `line ${seen}`;
      errors.push(catalogueError('DuplicateCommodity', file, format, row.line, 'commodity', c.commodity, `is already listed at ${where}`));
      continue;
    }
    firstSeen.set(c.commodity, row.line);
    contracts.push({
      clearingHouse: c.clearingHouse satisfies ClearingHouse,
      cc: c.cc,
      commodity: c.commodity,
      currency: c.currency,
      multiplier: c.multiplier,
      priceDecimals: c.priceDecimals,
    });
  }
  if (errors.length === 0 && contracts.length === 0) {
    errors.push(catalogueError('Empty', file, format, undefined, '', '', 'the catalogue lists no contracts'));
  }
  return errors.length > 0 ? err(errors) : ok(makeCatalogue(contracts));
}

/** Reads a catalogue file (CSV or JSON, by extension or content). Errors name `path` as given. */
export async function readCatalogue(
  path: string,
  options: { readonly format?: CatalogueFormat } = {},
): Promise<Result<ContractCatalogue, CatalogueError>> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return err([{ _tag: 'Io', file: path, line: 0, field: '', value: '', message: `${path}: cannot read the catalogue: ${why}` }]);
  }
  return parseCatalogue(content, options.format === undefined ? { fileName: path } : { fileName: path, format: options.format });
}

/** The catalogue as CSV with the standard header (multipliers keep their written decimals). */
export function catalogueToCsv(catalogue: ContractCatalogue): string {
  const lines = [CATALOGUE_COLUMNS.join(',')];
  for (const c of catalogue.contracts) {
    const values: Record<Column, string> = {
      clearingHouse: c.clearingHouse,
      cc: c.cc,
      commodity: c.commodity,
      currency: c.currency,
      multiplier: formatFixed(c.multiplier.units, c.multiplier.scale),
      priceDecimals: String(c.priceDecimals),
    };
    lines.push(CATALOGUE_COLUMNS.map((k) => csvField(values[k])).join(','));
  }
  return lines.join('\n') + '\n';
}

interface RawRow {
  readonly line: number;
  readonly values: Readonly<Record<string, unknown>>;
}

function sniffFormat(input: string, fileName: string | undefined): CatalogueFormat {
  const lower = fileName?.toLowerCase() ?? '';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.csv')) return 'csv';
  const first = input.replace(/^\uFEFF/, '').trimStart()[0];
  return first === '[' || first === '{' ? 'json' : 'csv';
}

function csvRows(input: string, file: string | undefined): Result<RawRow[], CatalogueError> {
  const parsed = parseCsv(input);
  if (!parsed.ok) {
    return err(
      parsed.errors.map((e) => ({
        _tag: 'Syntax' as const,
        file,
        line: e.line,
        field: '',
        value: '',
        message: `${file ?? '<catalogue>'}:${e.line}:${e.column}: ${e.message}`,
      })),
    );
  }
  const [header, ...body] = parsed.value;
  if (header === undefined) return ok([]);
  const columnIndex = new Map<Column, number>();
  const errors: CatalogueError[] = [];
  header.fields.forEach((name, i) => {
    const column = CATALOGUE_COLUMNS.find((c) => c.toLowerCase() === name.trim().toLowerCase());
    if (column === undefined) return; // extra columns are allowed and ignored
    if (columnIndex.has(column)) {
      errors.push(catalogueError('Syntax', file, 'csv', header.line, column, name, 'column appears twice in the header'));
    } else {
      columnIndex.set(column, i);
    }
  });
  for (const column of CATALOGUE_COLUMNS) {
    if (!columnIndex.has(column)) {
      errors.push(
        catalogueError('MissingColumn', file, 'csv', header.line, column, '', `column is missing from the header (need ${CATALOGUE_COLUMNS.join(',')})`),
      );
    }
  }
  if (errors.length > 0) return err(errors);
  return ok(
    body.map((r) => {
      const values: Record<string, unknown> = {};
      for (const [column, i] of columnIndex) {
        const v = r.fields[i];
        if (v !== undefined) values[column] = v;
      }
      return { line: r.line, values };
    }),
  );
}

function jsonRows(input: string, file: string | undefined): Result<RawRow[], CatalogueError> {
  let data: unknown;
  try {
    data = JSON.parse(input.replace(/^\uFEFF/, ''));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return err([catalogueError('Syntax', file, 'json', undefined, '', '', `is not valid JSON: ${why}`)]);
  }
  if (!Array.isArray(data)) {
    return err([catalogueError('Syntax', file, 'json', undefined, '', '', 'must be a JSON array of contract objects')]);
  }
  const rows: RawRow[] = [];
  const errors: CatalogueError[] = [];
  data.forEach((item: unknown, index) => {
    if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
      rows.push({ line: index, values: item as Record<string, unknown> });
    } else {
      errors.push(catalogueError('Syntax', file, 'json', index, '', rawText(item), 'must be an object'));
    }
  });
  return errors.length > 0 ? err(errors) : ok(rows);
}

function rawText(v: unknown): string {
  if (v === undefined) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** `line` undefined: not tied to a row (stored as 0). */
function catalogueError(
  tag: CatalogueErrorTag,
  file: string | undefined,
  format: CatalogueFormat,
  line: number | undefined,
  field: string,
  value: string,
  problem: string,
): CatalogueError {
  const f = file ?? '<catalogue>';
  const where = line === undefined ? f : format === 'json' ? `${f}[${line}]` : `${f}:${line}`;
  const what = field === '' ? '' : value === '' ? `${field}: ` : `${field} ${JSON.stringify(value)}: `;
  return { _tag: tag, file, line: line ?? 0, field, value, message: `${where}: ${what}${problem}` };
}
