import type { Result } from './result';
import { err, ok } from './result';

/**
 * A small RFC 4180 reader for the project's CSV inputs (contract catalogue, positions): fields
 * separated by commas, records by LF or CRLF, a field in double quotes may hold commas, line
 * breaks and `""` (one quote). Every record remembers the line it starts on, so that callers can
 * name it in their errors.
 */
export interface CsvRecord {
  /** 1-based line on which the record starts. */
  readonly line: number;
  readonly fields: readonly string[];
}

export interface CsvSyntaxError {
  readonly line: number;
  /** 1-based column of the offending character. */
  readonly column: number;
  readonly message: string;
}

/**
 * Splits `text` into records. Blank lines are skipped (a trailing newline is not an empty
 * record); a leading UTF-8 byte-order mark is ignored. A quote inside an unquoted field, text after
 * a closing quote, or an unterminated quoted field is an error.
 */
export function parseCsv(text: string): Result<CsvRecord[], CsvSyntaxError> {
  const records: CsvRecord[] = [];
  const errors: CsvSyntaxError[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = i;
  const n = text.length;

  while (i < n) {
    const recordLine = line;
    const fields: string[] = [];
    let broken = false;
    for (;;) {
      // One field starting at i.
      if (text[i] === '"') {
        const openLine = line;
        const openColumn = i - lineStart + 1;
        let value = '';
        i++;
        for (;;) {
          if (i >= n) {
            errors.push({ line: openLine, column: openColumn, message: 'quoted field is never closed' });
            broken = true;
            break;
          }
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') {
            line++;
            lineStart = i + 1;
          }
          value += c;
          i++;
        }
        if (broken) break;
        fields.push(value);
        if (i < n && text[i] !== ',' && text[i] !== '\n' && !(text[i] === '\r' && text[i + 1] === '\n')) {
          errors.push({ line, column: i - lineStart + 1, message: `unexpected ${JSON.stringify(text[i])} after a closing quote` });
          broken = true;
        }
      } else {
        let j = i;
        while (j < n && text[j] !== ',' && text[j] !== '\n' && !(text[j] === '\r' && text[j + 1] === '\n')) {
          if (text[j] === '"') {
            errors.push({ line, column: j - lineStart + 1, message: 'a quote inside an unquoted field (quote the whole field and double the quote)' });
            broken = true;
          }
          j++;
        }
        fields.push(text.slice(i, j));
        i = j;
      }
      if (broken) break;
      if (i < n && text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (broken) {
      // Resynchronise at the next line so that later records still get checked.
      while (i < n && text[i] !== '\n') i++;
    }
    if (i < n && text[i] === '\r') i++;
    if (i < n && text[i] === '\n') {
      i++;
      line++;
      lineStart = i;
    }
    const blank = fields.length === 1 && fields[0]?.trim() === '';
    if (!broken && !blank) records.push({ line: recordLine, fields });
  }
  return errors.length > 0 ? err(errors) : ok(records);
}

/** Quotes a field when RFC 4180 requires it (comma, quote, CR or LF, or surrounding blanks). */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
