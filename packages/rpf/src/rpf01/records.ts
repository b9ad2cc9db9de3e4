import type { Fixed } from '../model';
import { parseDecimalText, toFixed } from './decimal-text';
import type { Rpf01Error } from './errors';
import { rpf01Error } from './errors';
import type {
  CorporateActionRecord,
  EntitlementType,
  FlatRateRecord,
  LiquidityRecord,
  StructuredProductAddOnRecord,
  StructuredProductRecord,
} from './model';

/** One CSV cell of a parameter row, trimmed, with the 1-based column where its text starts. */
export interface Cell {
  readonly text: string;
  readonly column: number;
}

/**
 * Splits one line of parameter text into cells. RPF01 rows carry no quoted commas; a cell
 * wrapped in double quotes is unwrapped, and blanks around a value are ignored.
 */
export function splitCells(line: string): Cell[] {
  const cells: Cell[] = [];
  let start = 0;
  for (;;) {
    const comma = line.indexOf(',', start);
    const end = comma < 0 ? line.length : comma;
    cells.push(cell(line, start, end));
    if (comma < 0) return cells;
    start = comma + 1;
  }
}

function cell(line: string, start: number, end: number): Cell {
  let s = start;
  let e = end;
  while (s < e && (line[s] === ' ' || line[s] === '\t')) s++;
  while (e > s && (line[e - 1] === ' ' || line[e - 1] === '\t')) e--;
  if (e - s >= 2 && line[s] === '"' && line[e - 1] === '"') {
    s++;
    e--;
  }
  return { text: line.slice(s, e), column: s + 1 };
}

/** Column names of the parameter FieldTypes (var-platform.md), in column order 1, 2, … */
export const PARAMETER_COLUMNS = {
  3: ['rate'],
  4: ['bucket rate', 'beta', 'threshold', 'cash delta per quantity'],
  5: ['underlying', 'delta', 'conversion ratio', 'cash delta per quantity'],
  6: ['price threshold', 'tick-size multiplier tenth'],
  7: ['entitlement type', 'entitlement price', 'short add-on rate', 'long add-on rate'],
} as const;
export type ParameterFieldType = keyof typeof PARAMETER_COLUMNS;

export type ParameterRecord =
  | { readonly fieldType: 3; readonly record: FlatRateRecord }
  | { readonly fieldType: 4; readonly record: LiquidityRecord }
  | { readonly fieldType: 5; readonly record: StructuredProductRecord }
  | { readonly fieldType: 6; readonly record: StructuredProductAddOnRecord }
  | { readonly fieldType: 7; readonly record: CorporateActionRecord };

/**
 * Reads the value cells (after InstrumentId and FieldType) of a FieldType 3-7 row. Reports
 * every bad cell; undefined when any is bad.
 */
export function parseParameterRecord(
  fieldType: ParameterFieldType,
  instrument: string,
  values: readonly Cell[],
  at: { readonly file: string | undefined; readonly line: number; readonly lineLength: number },
  errors: Rpf01Error[],
): ParameterRecord | undefined {
  const names = PARAMETER_COLUMNS[fieldType];
  const before = errors.length;
  const name = (i: number) => `FieldType ${fieldType} column ${i + 1} (${names[i] ?? 'unused'})`;
  for (let i = names.length; i < values.length; i++) {
    const c = values[i];
    if (c !== undefined && c.text !== '') {
      errors.push(
        rpf01Error('WrongValueCount', { file: at.file, line: at.line, column: c.column }, name(i), c.text, `FieldType ${fieldType} takes ${names.length} value(s)`),
      );
      return undefined;
    }
  }
  const raw = (i: number): Cell | undefined => {
    const c = values[i];
    if (c === undefined || c.text === '') {
      errors.push(rpf01Error('MissingField', { file: at.file, line: at.line, column: c?.column ?? at.lineLength + 1 }, name(i), '', 'is missing'));
      return undefined;
    }
    return c;
  };
  const decimal = (i: number): Fixed => {
    const c = raw(i);
    if (c === undefined) return { units: 0, scale: 0 };
    const d = parseDecimalText(c.text);
    const f = d === undefined ? undefined : toFixed(d);
    if (f === undefined) {
      errors.push(
        rpf01Error(d === undefined ? 'BadNumber' : 'OutOfRange', { file: at.file, line: at.line, column: c.column }, name(i), c.text,
          d === undefined ? 'must be a decimal number' : 'has more digits than can be held exactly'),
      );
      return { units: 0, scale: 0 };
    }
    return f;
  };
  const base = { instrument, line: at.line };
  let parsed: ParameterRecord;
  switch (fieldType) {
    case 3:
      parsed = { fieldType, record: { ...base, rate: decimal(0) } };
      break;
    case 4:
      parsed = { fieldType, record: { ...base, bucketRate: decimal(0), beta: decimal(1), threshold: decimal(2), cashDelta: decimal(3) } };
      break;
    case 5: {
      const underlying = raw(0)?.text ?? '';
      parsed = { fieldType, record: { ...base, underlying, delta: decimal(1), conversionRatio: decimal(2), cashDelta: decimal(3) } };
      break;
    }
    case 6:
      parsed = { fieldType, record: { ...base, priceThreshold: decimal(0), tickMultiplierTenth: decimal(1) } };
      break;
    case 7: {
      const c = raw(0);
      let entitlementType: EntitlementType = 1;
      if (c !== undefined) {
        if (c.text === '1' || c.text === '2' || c.text === '3') {
          entitlementType = Number(c.text) as EntitlementType;
        } else {
          errors.push(
            rpf01Error('OutOfRange', { file: at.file, line: at.line, column: c.column }, name(0), c.text,
              'must be 1 (distribution in specie), 2 (rights issue) or 3 (cash dividend)'),
          );
        }
      }
      parsed = {
        fieldType,
        record: { ...base, entitlementType, entitlementPrice: decimal(1), shortAddOnRate: decimal(2), longAddOnRate: decimal(3) },
      };
      break;
    }
  }
  return errors.length > before ? undefined : parsed;
}
