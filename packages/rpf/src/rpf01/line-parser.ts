import type { Result } from '../result';
import { err, ok } from '../result';
import { parseDecimalText, unitsAtScale } from './decimal-text';
import type { Rpf01Error, Rpf01Warning } from './errors';
import { rpf01Error } from './errors';
import type { HeaderRow } from './header';
import { buildHeader, headerKey } from './header';
import type {
  CorporateActionRecord,
  FlatRateRecord,
  LiquidityRecord,
  Rpf01File,
  Rpf01Header,
  StructuredProductAddOnRecord,
  StructuredProductRecord,
} from './model';
import { RPF01_RETURN_SCALE } from './model';
import type { ParameterFieldType } from './records';
import { PARAMETER_COLUMNS, parseParameterRecord, splitCells } from './records';
import { ScenarioMatrixBuilder } from './scenario-matrix';

/** The parser stops listing errors after this many (a wrong file would otherwise list millions). */
export const MAX_RPF01_ERRORS = 100;

const COMMA = 44;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const SPACE = 32;
const TAB = 9;
const CR = 13;

/** 10^0 … 10^22, each exact in binary floating point. */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const RETURN_UNIT = POW10[RPF01_RETURN_SCALE] ?? 1e10;

/**
 * The one RPF01 line parser behind both the in-memory and the streaming readers: it is fed
 * whole lines (bytes, without the newline) in order and builds the model as they arrive.
 *
 * Scenario rows (FieldType 1/2, thousands of values each) are scanned straight from the bytes
 * into exact scaled integers; anything unusual in a cell (exponent, quotes, blanks, too many
 * digits) falls back to the exact general reader for that cell alone, so the fast path only
 * ever accepts what it reads exactly.
 */
export class Rpf01LineParser {
  private readonly file: string | undefined;
  private lineNo = 0;
  private phase: 'header' | 'records' | 'stopped' = 'header';
  private readonly headerRows: HeaderRow[] = [];
  private header: Rpf01Header | undefined;
  private hvar: ScenarioMatrixBuilder | undefined;
  private svar: ScenarioMatrixBuilder | undefined;
  private readonly flatRates = new Map<string, FlatRateRecord>();
  private readonly liquidity = new Map<string, LiquidityRecord>();
  private readonly structuredProducts = new Map<string, StructuredProductRecord>();
  private readonly structuredProductAddOns = new Map<string, StructuredProductAddOnRecord>();
  private readonly corporateActions = new Map<string, CorporateActionRecord[]>();
  private readonly errors: Rpf01Error[] = [];
  private truncated = false;
  private readonly unknownHeaderKeys = new Map<string, { line: number; count: number }>();
  private readonly unknownFieldTypes = new Map<string, { line: number; count: number }>();

  constructor(file: string | undefined) {
    this.file = file;
  }

  /** One line: `b[start, end)` without its `\n` (a trailing `\r` is dropped here). */
  line(b: Buffer, start: number, end: number): void {
    this.lineNo++;
    if (this.phase === 'stopped') return;
    if (end > start && b[end - 1] === CR) end--;
    if (this.lineNo === 1 && end - start >= 3 && b[start] === 0xef && b[start + 1] === 0xbb && b[start + 2] === 0xbf) start += 3;
    if (isBlank(b, start, end)) return;
    if (this.phase === 'header') this.headerLine(b.toString('utf8', start, end));
    else this.recordLine(b, start, end);
  }

  finish(): Result<Rpf01File, Rpf01Error, Rpf01Warning> {
    const warnings = this.warnings();
    if (this.phase === 'header' && !this.truncated) {
      this.error('BadColumnHeader', 0, 'InstrumentId', '', 'no column-header row "InstrumentId,FieldType,1,2,…" after the header block', 0);
    }
    if (this.errors.length > 0 || this.header === undefined || this.hvar === undefined || this.svar === undefined) {
      return err(this.errors, warnings);
    }
    return ok(
      {
        fileName: this.file,
        header: this.header,
        hvar: this.hvar.build(),
        svar: this.svar.build(),
        flatRates: this.flatRates,
        liquidity: this.liquidity,
        structuredProducts: this.structuredProducts,
        structuredProductAddOns: this.structuredProductAddOns,
        corporateActions: this.corporateActions,
      },
      warnings,
    );
  }

  private headerLine(text: string): void {
    const cells = splitCells(text);
    const key = cells[0]?.text ?? '';
    if (key.toLowerCase() === 'instrumentid') {
      this.columnHeader(cells);
      return;
    }
    const value = cells[1];
    if (key === '' || value === undefined || value.text === '') {
      this.error('BadHeader', cells[0]?.column ?? 1, key, key === '' ? text : key,
        key === '' ? 'a header row must be "Key,Value"' : 'header row has no value ("Key,Value")');
      return;
    }
    const extra = cells.slice(2).find((c) => c.text !== '');
    if (extra !== undefined) {
      // A row of three or more values before the column header is a record: the column-header
      // row is missing. Stop here rather than report every record after it.
      this.error('BadColumnHeader', 1, 'InstrumentId', key,
        'a record before the column-header row "InstrumentId,FieldType,1,2,…" (header rows are "Key,Value")');
      this.phase = 'stopped';
      return;
    }
    if (headerKey(key) === undefined) {
      const seen = this.unknownHeaderKeys.get(key);
      if (seen === undefined) this.unknownHeaderKeys.set(key, { line: this.lineNo, count: 1 });
      else seen.count++;
    }
    this.headerRows.push({ key, value: value.text, line: this.lineNo, valueColumn: value.column });
  }

  private columnHeader(cells: readonly { text: string; column: number }[]): void {
    const header = buildHeader(this.headerRows, this.file, this.errors);
    const second = cells[1];
    if (second === undefined || second.text.toLowerCase() !== 'fieldtype') {
      this.error('BadColumnHeader', second?.column ?? 0, 'FieldType', second?.text ?? '', 'the column-header row must start "InstrumentId,FieldType,1,2,…"');
    }
    let numbered = 0;
    for (let i = 2; i < cells.length; i++) {
      const c = cells[i];
      if (c === undefined) continue;
      if (c.text === '' && cells.slice(i).every((x) => x.text === '')) break;
      if (c.text !== String(numbered + 1)) {
        this.error('BadColumnHeader', c.column, `column ${i + 1}`, c.text, `scenario columns must be numbered 1, 2, 3, … (expected ${numbered + 1})`);
        break;
      }
      numbered++;
    }
    if (header === undefined) {
      // Without the counts no scenario row can be read: stop rather than list one error per row.
      this.phase = 'stopped';
      return;
    }
    const widest = Math.max(header.hvarScenarioCount, header.svarScenarioCount, 4);
    if (numbered < widest) {
      this.error('BadColumnHeader', cells[cells.length - 1]?.column ?? 0, 'InstrumentId', String(numbered),
        `the column-header row numbers ${numbered} columns; the header's scenario counts and FieldType 4/5/7 need ${widest}`);
    }
    this.header = header;
    this.hvar = new ScenarioMatrixBuilder(header.hvarScenarioCount);
    this.svar = new ScenarioMatrixBuilder(header.svarScenarioCount);
    this.phase = 'records';
  }

  private recordLine(b: Buffer, start: number, end: number): void {
    const idEnd = indexOfComma(b, start, end);
    const id = trimCell(b.toString('utf8', start, idEnd));
    if (id === '') {
      this.error('MissingField', 1, 'InstrumentId', '', 'is missing');
      return;
    }
    const ftStart = idEnd + 1;
    const ftEnd = ftStart > end ? end : indexOfComma(b, ftStart, end);
    const ftText = ftStart > end ? '' : trimCell(b.toString('utf8', ftStart, ftEnd));
    const ftColumn = Math.min(ftStart, end) - start + 1;
    if (ftText === '1' || ftText === '2') {
      this.scenarioRow(ftText === '1' ? 'HVaR' : 'SVaR', id, b, start, ftEnd, end);
      return;
    }
    if (ftText === '') {
      this.error('MissingField', ftColumn, 'FieldType', '', 'is missing');
      return;
    }
    if (!/^\d+$/.test(ftText)) {
      this.error('BadNumber', ftColumn, 'FieldType', ftText, 'must be a record type 1-7');
      return;
    }
    const ft = Number(ftText);
    if (!(ft in PARAMETER_COLUMNS)) {
      // A record type this version does not know: counted and reported as a warning, as the RPF parser does.
      const seen = this.unknownFieldTypes.get(ftText);
      if (seen === undefined) this.unknownFieldTypes.set(ftText, { line: this.lineNo, count: 1 });
      else seen.count++;
      return;
    }
    const fieldType = ft as ParameterFieldType;
    const text = b.toString('utf8', start, end);
    const values = splitCells(text).slice(2);
    const parsed = parseParameterRecord(fieldType, id, values, { file: this.file, line: this.lineNo, lineLength: text.length }, this.errors);
    this.capErrors();
    if (parsed === undefined) return;
    const dup = (line: number | undefined, what: string) => {
      if (line === undefined) return false;
      this.error('DuplicateRecord', 1, 'InstrumentId', id, `a second ${what} for this instrument (the first is at line ${line})`);
      return true;
    };
    switch (parsed.fieldType) {
      case 3:
        if (!dup(this.flatRates.get(id)?.line, 'FieldType 3 record')) this.flatRates.set(id, parsed.record);
        break;
      case 4:
        if (!dup(this.liquidity.get(id)?.line, 'FieldType 4 record')) this.liquidity.set(id, parsed.record);
        break;
      case 5:
        if (!dup(this.structuredProducts.get(id)?.line, 'FieldType 5 record')) this.structuredProducts.set(id, parsed.record);
        break;
      case 6:
        if (!dup(this.structuredProductAddOns.get(id)?.line, 'FieldType 6 record')) this.structuredProductAddOns.set(id, parsed.record);
        break;
      case 7: {
        const list = this.corporateActions.get(id) ?? [];
        const same = list.find((r) => r.entitlementType === parsed.record.entitlementType);
        if (!dup(same?.line, `FieldType 7 record of entitlement type ${parsed.record.entitlementType}`)) {
          list.push(parsed.record);
          this.corporateActions.set(id, list);
        }
        break;
      }
    }
  }

  /**
   * A FieldType 1/2 row: exactly the header's count of decimals after the FieldType cell
   * (trailing empty cells, as spreadsheets pad rows, are allowed).
   */
  private scenarioRow(kind: 'HVaR' | 'SVaR', id: string, b: Buffer, lineStart: number, ftEnd: number, end: number): void {
    const m = kind === 'HVaR' ? this.hvar : this.svar;
    if (m === undefined) return;
    const ft = kind === 'HVaR' ? 1 : 2;
    const firstLine = m.lineOf(id);
    if (firstLine !== undefined) {
      this.error('DuplicateRecord', 1, 'InstrumentId', id, `a second FieldType ${ft} record for this instrument (the first is at line ${firstLine})`);
      return;
    }
    const count = m.count;
    const { units: out, base } = m.nextRow();
    let maxAbs = 0;
    let p = ftEnd; // at the comma after FieldType, or at the end of the line
    for (let c = 0; c < count; c++) {
      if (p >= end) {
        this.error('WrongValueCount', end - lineStart + 1, `${kind} scenario ${c + 1}`, '',
          `FieldType ${ft} has ${c} values; the header's ${kind}_Scen_Count is ${count}`);
        return;
      }
      p++; // the comma
      const fieldStart = p;
      let neg = false;
      let ch = p < end ? b[p]! : COMMA;
      if (ch === MINUS) {
        neg = true;
        p++;
      } else if (ch === PLUS) {
        p++;
      }
      // Whole digits, then (after a point) decimals, in two tight loops.
      let v = 0;
      const wholeStart = p;
      for (let d = p < end ? b[p]! - 48 : -1; d >= 0 && d <= 9; d = ++p < end ? b[p]! - 48 : -1) v = v * 10 + d;
      let digits = p - wholeStart;
      let decimals = -1;
      if (p < end && b[p] === DOT) {
        const fractionStart = ++p;
        for (let d = p < end ? b[p]! - 48 : -1; d >= 0 && d <= 9; d = ++p < end ? b[p]! - 48 : -1) v = v * 10 + d;
        decimals = p - fractionStart;
        digits += decimals;
      }
      let units: number;
      // Fast path: ≤ 15 digits accumulate exactly in a double, and v × 10^k is exact while ≤ 2^53.
      if ((p === end || b[p] === COMMA) && digits > 0 && digits <= 15 && decimals !== 0 && decimals <= RPF01_RETURN_SCALE) {
        units = decimals < 0 ? v * RETURN_UNIT : v * POW10[RPF01_RETURN_SCALE - decimals]!;
        if (units > Number.MAX_SAFE_INTEGER) units = this.slowReturn(kind, c, b, lineStart, fieldStart, (p = indexOfComma(b, fieldStart, end)));
        else if (neg) units = 0 - units;
      } else {
        p = indexOfComma(b, fieldStart, end);
        units = this.slowReturn(kind, c, b, lineStart, fieldStart, p);
      }
      if (Number.isNaN(units)) return;
      out[base + c] = units;
      const a = units < 0 ? -units : units;
      if (a > maxAbs) maxAbs = a;
    }
    for (let q = p; q < end; q++) {
      const ch = b[q];
      if (ch !== COMMA && ch !== SPACE && ch !== TAB) {
        const extraEnd = indexOfComma(b, q, end);
        this.error('WrongValueCount', q - lineStart + 1, `${kind} scenario ${count + 1}`, b.toString('utf8', q, extraEnd),
          `FieldType ${ft} has more than ${count} values; the header's ${kind}_Scen_Count is ${count}`);
        return;
      }
    }
    m.commitRow(id, this.lineNo, maxAbs);
  }

  /** The exact general reader for one scenario cell; NaN (after reporting) when it is bad. */
  private slowReturn(kind: 'HVaR' | 'SVaR', c: number, b: Buffer, lineStart: number, from: number, to: number): number {
    const raw = b.toString('utf8', from, to);
    const text = trimCell(raw);
    const column = from - lineStart + 1;
    const field = `${kind} scenario ${c + 1}`;
    if (text === '') {
      this.error('MissingField', column, field, '', 'is missing');
      return NaN;
    }
    const d = parseDecimalText(text);
    if (d === undefined) {
      this.error('BadNumber', column, field, text, 'must be a decimal number');
      return NaN;
    }
    const units = unitsAtScale(d, RPF01_RETURN_SCALE);
    if (units === undefined) {
      this.error('BadNumber', column, field, text, `has more than ${RPF01_RETURN_SCALE} decimal places`);
      return NaN;
    }
    if (units > BigInt(Number.MAX_SAFE_INTEGER) || units < -BigInt(Number.MAX_SAFE_INTEGER)) {
      this.error('OutOfRange', column, field, text, 'a return this large cannot be held exactly (|return| must be below 900719.92)');
      return NaN;
    }
    const n = Number(units);
    return n === 0 ? 0 : n;
  }

  private error(tag: Rpf01Error['_tag'], column: number, field: string, text: string, problem: string, line = this.lineNo): void {
    this.errors.push(rpf01Error(tag, { file: this.file, line, column }, field, text, problem));
    this.capErrors();
  }

  private capErrors(): void {
    if (this.errors.length < MAX_RPF01_ERRORS || this.truncated) return;
    this.errors.length = MAX_RPF01_ERRORS;
    this.truncated = true;
    this.phase = 'stopped';
    this.errors.push(
      rpf01Error('TooManyErrors', { file: this.file, line: this.lineNo, column: 0 }, '', '', `stopped after ${MAX_RPF01_ERRORS} errors; the rest of the file was not checked`),
    );
  }

  private warnings(): Rpf01Warning[] {
    const out: Rpf01Warning[] = [];
    const where = (line: number) => `${this.file ?? '<input>'}:${line}`;
    for (const [key, { line, count }] of this.unknownHeaderKeys) {
      out.push({ _tag: 'UnknownHeaderKey', file: this.file, line, count, message: `${where(line)}: header key ${JSON.stringify(key)} is not one var-platform.md defines; kept but not used` });
    }
    for (const [ft, { line, count }] of this.unknownFieldTypes) {
      out.push({ _tag: 'UnknownFieldType', file: this.file, line, count, message: `${where(line)}: FieldType ${ft} is not known; ${count} row(s) skipped` });
    }
    return out;
  }
}

function indexOfComma(b: Buffer, from: number, end: number): number {
  const i = b.indexOf(COMMA, from);
  return i < 0 || i > end ? end : i;
}

function isBlank(b: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = b[i];
    if (c !== SPACE && c !== TAB && c !== COMMA) return false;
  }
  return true;
}

function trimCell(s: string): string {
  const t = s.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).trim() : t;
}
