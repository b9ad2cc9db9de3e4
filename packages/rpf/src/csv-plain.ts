/**
 * CSV text without a double quote, read without {@link parseCsv}'s per-character machine: then
 * no field can hold a comma or a line break and no syntax error is possible, so `parseCsv`'s
 * records are exactly the text's non-blank lines, split at commas, each on its own line. Readers
 * of big files (a book's positions: millions of rows) walk such text line by line and look only
 * at the fields they need, without a field array per record. A property test holds the records
 * to `parseCsv`'s.
 *
 * A caller checks that its text holds no `"` before using this (one `indexOf`), and reads any
 * other text with `parseCsv` / `parseCsvPiece`.
 */

const CR = 0x0d;
const COMMA = 0x2c;

/**
 * A cursor over the records of quote-free CSV text: after each successful {@link next}, `line`
 * is the record's line and `text.slice(start, end)` its text (without its line break; a CR
 * before the LF is part of the break, as in `parseCsv`).
 */
export class PlainCsvRecords {
  line = 0;
  start = 0;
  end = 0;
  private pos: number;
  private nextLine: number;

  /**
   * Records of `text` from `from` (a record start: the text's start, past a byte-order mark, or
   * just after a line feed), the first of them on line `line`.
   */
  constructor(
    readonly text: string,
    from = 0,
    line = 1,
  ) {
    this.pos = from;
    this.nextLine = line;
  }

  /** Moves to the next record; false when there is none. Blank lines are skipped, as `parseCsv` skips them. */
  next(): boolean {
    const text = this.text;
    const n = text.length;
    while (this.pos < n) {
      const start = this.pos;
      const lf = text.indexOf('\n', start);
      let end = lf === -1 ? n : lf;
      this.pos = lf === -1 ? n : lf + 1;
      const line = this.nextLine++;
      if (lf !== -1 && end > start && text.charCodeAt(end - 1) === CR) end--;
      if (isBlankRecord(text, start, end)) continue;
      this.line = line;
      this.start = start;
      this.end = end;
      return true;
    }
    return false;
  }

  /** Where the records after the current one start, and the line they start on. */
  rest(): { readonly from: number; readonly line: number } {
    return { from: this.pos, line: this.nextLine };
  }

  /** The current record's fields (as `parseCsv` gives them). */
  fields(): string[] {
    return plainCsvFields(this.text, this.start, this.end);
  }
}

/**
 * The fields of the quote-free record `text.slice(start, end)`: its text split at commas, into
 * `fields` when given (a reader of many records may reuse one array). Cut here rather than by
 * `slice(…).split(',')`, which costs about three times as much per record.
 */
export function plainCsvFields(text: string, start: number, end: number, fields: string[] = []): string[] {
  let n = 0;
  let from = start;
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) === COMMA) {
      fields[n++] = text.slice(from, i);
      from = i + 1;
    }
  }
  fields[n++] = text.slice(from, end);
  // (Setting an array's length is a call into the engine: only when the count changes.)
  if (fields.length !== n) fields.length = n;
  return fields;
}

/** `parseCsv` skips a record of one field that is blank once trimmed. */
function isBlankRecord(text: string, start: number, end: number): boolean {
  if (start === end) return true;
  const c = text.charCodeAt(start);
  // Printable ASCII other than a space is not trimmed (and a comma makes two fields).
  if (c > 0x20 && c < 0x7f) return false;
  const s = text.slice(start, end);
  return s.indexOf(',') === -1 && s.trim() === '';
}

/** Whether `text` can be read by {@link PlainCsvRecords} (it holds no double quote). */
export function isPlainCsv(text: string): boolean {
  return text.indexOf('"') === -1;
}
