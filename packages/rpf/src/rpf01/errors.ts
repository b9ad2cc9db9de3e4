import { formatLocation } from '../errors';

/**
 * Tagged, typed errors of the RPF01 (HKSCC VaR Platform risk parameter file) parser and its
 * validation pass. Each names where (file, line, column), which field and the offending text,
 * so that one line of output is enough to find it.
 */
export type Rpf01ErrorTag =
  /** Reading the file or stream failed. */
  | 'Io'
  /** A header row that is not `Key,Value`, a header value of the wrong form, or a required key missing/repeated. */
  | 'BadHeader'
  /** No `InstrumentId,FieldType,1,2,…` row, or one whose numbering is wrong or too short. */
  | 'BadColumnHeader'
  /** A field that should hold a number but does not (or has more than 10 decimal places). */
  | 'BadNumber'
  /** A number that is well-formed but outside what the field allows (or what can be held exactly). */
  | 'OutOfRange'
  /** An empty field the record needs. */
  | 'MissingField'
  /** A record with more or fewer values than its FieldType takes (scenario rows: the header's count). */
  | 'WrongValueCount'
  /** A second record of the same instrument and FieldType (FieldType 7: same entitlement type). */
  | 'DuplicateRecord'
  /** Validation: a record that another record needs is absent (e.g. FieldType 4 of a FieldType 5 underlying). */
  | 'MissingRecord'
  /** Validation: records or header values that contradict each other (e.g. weights not summing to 1). */
  | 'Inconsistent'
  /** More errors than the parser keeps; the rest were not listed. */
  | 'TooManyErrors';

export interface Rpf01Error {
  readonly _tag: Rpf01ErrorTag;
  /** File name; undefined for an in-memory string. */
  readonly file: string | undefined;
  /** 1-based line number; 0 when not tied to a line. */
  readonly line: number;
  /** 1-based (byte) column of the offending field; 0 when not tied to a column. */
  readonly column: number;
  /** Header key, column name (`InstrumentId`, `FieldType`, `HVaR scenario 17`, `bucket rate`, …) or ''. */
  readonly field: string;
  /** The offending text, as found. */
  readonly text: string;
  /** One line for a human: `file:line:column: field "text": what is wrong`. */
  readonly message: string;
}

export type Rpf01WarningTag = 'UnknownHeaderKey' | 'UnknownFieldType';

export interface Rpf01Warning {
  readonly _tag: Rpf01WarningTag;
  readonly file: string | undefined;
  /** First line where it was seen. */
  readonly line: number;
  /** How many lines it covers. */
  readonly count: number;
  readonly message: string;
}

export interface Rpf01Location {
  readonly file: string | undefined;
  readonly line: number;
  readonly column: number;
}

export function rpf01Error(tag: Rpf01ErrorTag, at: Rpf01Location, field: string, text: string, problem: string): Rpf01Error {
  const where = formatLocation(at.file, at.line, at.column);
  const what = field === '' ? '' : `${field} ${JSON.stringify(text)}: `;
  return { _tag: tag, file: at.file, line: at.line, column: at.column, field, text, message: `${where}: ${what}${problem}` };
}
