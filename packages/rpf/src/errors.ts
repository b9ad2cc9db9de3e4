/**
 * Tagged, typed errors of the RPF parser. Each names where (file, line, column), what (record
 * type, field) and the offending text, so that one line of output is enough to find it.
 */
export type RpfErrorTag =
  /** A line ends inside a field the record needs. */
  | 'TruncatedField'
  /** Non-digit in a numeric field. */
  | 'NonNumericField'
  /** A sign byte that is not `+`, `-` or blank. */
  | 'BadSign'
  /** A field whose text is well-formed but not an allowed value (e.g. record 6 credit method). */
  | 'InvalidValue'
  /** An 82 without the 81 just before it, or an 81 not followed by its 82. */
  | 'UnpairedRiskArray'
  /** 81 and 82 lines whose identities (columns 3-54) differ. */
  | 'MismatchedRiskArray'
  | 'DuplicateSeries'
  /** A reference to a CC (or a commodity/product of a series) that no record 2 defines. */
  | 'UnknownCombinedCommodity'
  /** A record before the record it belongs to (e.g. a 2 before any 1, anything before 0). */
  | 'RecordBeforeParent'
  /** No record 0, or a second one. */
  | 'BadHeader'
  /** Reading the file, stream or zip failed. */
  | 'Io';

export interface RpfError {
  readonly _tag: RpfErrorTag;
  /** File (or zip entry) name; undefined for an in-memory string. */
  readonly file: string | undefined;
  /** 1-based line number; 0 when not tied to a line (I/O). */
  readonly line: number;
  /** 1-based column of the offending field; 0 when not tied to a column. */
  readonly column: number;
  /** Record type (`0`, `T`, `1`, `2`, `3`, `C`, `4`, `5`, `6`, `B`, `81`, `82`) or ''. */
  readonly recordType: string;
  /** Field name as in rpf-format.md. */
  readonly field: string;
  /** The offending text, as found. */
  readonly text: string;
  /** One line for a human: `file:line:column: record X field "…": what is wrong`. */
  readonly message: string;
}

export type RpfWarningTag = 'UnknownRecordType' | 'FileNameMismatch';

export interface RpfWarning {
  readonly _tag: RpfWarningTag;
  readonly file: string | undefined;
  /** First line where it was seen. */
  readonly line: number;
  readonly recordType: string;
  /** How many lines it covers (unknown record types are counted per type). */
  readonly count: number;
  readonly message: string;
}

export function formatLocation(file: string | undefined, line: number, column: number): string {
  const f = file ?? '<input>';
  if (line === 0) return f;
  return column === 0 ? `${f}:${line}` : `${f}:${line}:${column}`;
}

export function rpfError(
  tag: RpfErrorTag,
  at: { file: string | undefined; line: number; column: number; recordType: string },
  field: string,
  text: string,
  problem: string,
): RpfError {
  const where = formatLocation(at.file, at.line, at.column);
  const rec = at.recordType === '' ? '' : `record ${at.recordType} `;
  const message = `${where}: ${rec}${field} ${JSON.stringify(text)}: ${problem}`;
  return { _tag: tag, file: at.file, line: at.line, column: at.column, recordType: at.recordType, field, text, message };
}
