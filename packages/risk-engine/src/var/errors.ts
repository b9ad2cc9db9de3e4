import { formatLocation } from '@marginkit/rpf';

/**
 * Typed errors of the VaR Platform inputs (positions, CP parameters) and of margining them
 * against an RPF01 file: each names the file, line, field and value at fault.
 */
export type VarInputErrorTag =
  /** Reading a file failed. */
  | 'Io'
  /** The CSV or JSON text itself is malformed. */
  | 'Syntax'
  /** The positions CSV header lacks a required column. */
  | 'MissingColumn'
  /** A field is missing or its value is not allowed. */
  | 'InvalidValue'
  /** A position in an instrument the RPF01 file gives no margin parameters for. */
  | 'UnknownInstrument'
  /** A record the margin needs is absent from the RPF01 file (e.g. FieldType 7 of an entitlement). */
  | 'MissingParameter'
  /** Figures too large to compute exactly (far beyond any real portfolio). */
  | 'TooLarge';

export interface VarInputError {
  readonly _tag: VarInputErrorTag;
  readonly file: string | undefined;
  /** 1-based line; 0 when not tied to a line. */
  readonly line: number;
  /** 1-based column; 0 when not known. */
  readonly column: number;
  /** Column / property name, or ''. */
  readonly field: string;
  /** The offending value as found ('' when missing). */
  readonly value: string;
  /** One line for a human: `file:line: field "value": what is wrong`. */
  readonly message: string;
}

export function varInputError(
  tag: VarInputErrorTag,
  at: { readonly file: string | undefined; readonly line: number; readonly column?: number },
  field: string,
  value: string,
  problem: string,
): VarInputError {
  const column = at.column ?? 0;
  const where = formatLocation(at.file, at.line, column);
  const what = field === '' ? '' : `${field} ${JSON.stringify(value)}: `;
  return { _tag: tag, file: at.file, line: at.line, column, field, value, message: `${where}: ${what}${problem}` };
}
