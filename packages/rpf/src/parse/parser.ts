import type { RpfError, RpfWarning } from '../errors';
import { formatLocation } from '../errors';
import type { RiskParameterFile, RpfSource } from '../model';
import type { Result } from '../result';
import { err, ok } from '../result';
import { ModelBuilder } from './builder';
import { LineReader } from './fields';
import type { ErrorSink } from './fields';
import { parseRpfFileName } from './file-name';
import { readArrayParameters } from './records/array-parameters';
import { readCombinedCommodity, readSpotAndSom, readTierSpread, readTiers } from './records/combined-commodity';
import { readCurrencyRate, readExchange, readHeader } from './records/header';
import { RiskArrayReader } from './records/risk-array';
import { readCcGroup, readInterSpread } from './records/spreads';

export interface ParseOptions {
  /** Named in errors and recorded in `source`; its HKEX naming is checked against the header. */
  fileName?: string | undefined;
  /** Stop after this many errors (default 100). */
  maxErrors?: number | undefined;
}

export type RpfResult = Result<RiskParameterFile, RpfError, RpfWarning>;

export const DEFAULT_MAX_ERRORS = 100;

const BLANK = 0x20;

/**
 * The record parser: consumes lines one at a time (from a whole buffer or a stream, see
 * lines.ts) and dispatches each to the reader of its record type. Whole-input and streaming
 * parses both drive this one class.
 */
export class RpfParser {
  private readonly sink: ErrorSink;
  private readonly r: LineReader;
  private readonly b: ModelBuilder;
  private readonly arrays: RiskArrayReader;
  private lineNumber = 0;
  private beforeHeaderReported = false;
  /** Unknown record types (and blank lines, as ''), counted per type. */
  private readonly unknown = new Map<string, { line: number; count: number }>();

  /** `sizeHint`: the input's size in bytes, when known (sizes the risk arrays once). */
  constructor(
    private readonly fileName: string | undefined,
    maxErrors = DEFAULT_MAX_ERRORS,
    sizeHint?: number,
  ) {
    this.sink = { errors: [], maxErrors: Math.max(1, maxErrors) };
    this.r = new LineReader(fileName, this.sink);
    this.b = new ModelBuilder(sizeHint);
    this.arrays = new RiskArrayReader(this.b);
  }

  /** One line, its end excluded. False once `maxErrors` errors are collected. */
  line = (buf: Buffer, start: number, end: number): boolean => {
    const n = ++this.lineNumber;
    const c0 = end > start ? buf[start]! : BLANK;
    const c1 = end > start + 1 ? buf[start + 1]! : BLANK;
    const r = this.r;
    if (c0 === 0x38 && c1 === 0x32) {
      r.begin(buf, start, end, n, '82');
      this.inHeader();
      this.arrays.read82(r);
    } else {
      this.arrays.unpairedCheck(r);
      if (c0 === 0x38 && c1 === 0x31) {
        r.begin(buf, start, end, n, '81');
        this.inHeader();
        this.arrays.read81(r);
      } else if (c1 === BLANK) {
        this.record(buf, start, end, n, c0);
      } else {
        this.skip(buf, start, end, n);
      }
    }
    return this.sink.errors.length < this.sink.maxErrors;
  };

  /** The result once every line has been given. */
  finish(): RpfResult {
    const { b, sink } = this;
    this.arrays.unpairedCheck(this.r);
    b.indexSeries((row, first) => {
      const line = b.seriesLines[row]!;
      const firstLine = b.seriesLines[first]!;
      const s = b.series[row]!;
      this.r.reportLate('DuplicateSeries', line, 3, '81', 'series identity', s.key, `the same series as lines ${firstLine}-${firstLine + 1}`);
    });
    if (b.header === undefined) {
      this.r.reportAt('BadHeader', 0, 0, '0', 'record 0', '', 'no record 0 (header) in the file');
    }
    b.reportPending((ref, tag, problem) =>
      this.r.reportAt(tag, ref.line, ref.column, ref.recordType, ref.field, ref.text, problem),
    );
    const source = this.source();
    const warnings = this.warnings(source);
    if (sink.errors.length > 0 || b.header === undefined) {
      // File order is the order a user fixes them in; references are checked at the end.
      const errors = [...sink.errors].sort((x, y) => x.line - y.line || x.column - y.column);
      return err(errors.slice(0, sink.maxErrors), warnings);
    }
    return ok(b.build(source, b.header), warnings);
  }

  private record(buf: Buffer, start: number, end: number, n: number, c0: number): void {
    const r = this.r;
    const b = this.b;
    switch (c0) {
      case 0x30: // 0
        r.begin(buf, start, end, n, '0');
        readHeader(r, b);
        return;
      case 0x54: // T
        r.begin(buf, start, end, n, 'T');
        this.inHeader();
        readCurrencyRate(r, b);
        return;
      case 0x31: // 1
        r.begin(buf, start, end, n, '1');
        this.inHeader();
        readExchange(r, b);
        return;
      case 0x32: // 2
        r.begin(buf, start, end, n, '2');
        this.inHeader();
        if (!b.exchangeSeen) {
          // Still read: the CCs it defines are then not reported again as unknown.
          r.report('RecordBeforeParent', 1, 'record type', '2', 'before any record 1 (exchange)');
          b.exchangeSeen = true;
        }
        readCombinedCommodity(r, b);
        return;
      case 0x33: // 3
        r.begin(buf, start, end, n, '3');
        this.inHeader();
        readTiers(r, b);
        return;
      case 0x43: // C
        r.begin(buf, start, end, n, 'C');
        this.inHeader();
        readTierSpread(r, b);
        return;
      case 0x34: // 4
        r.begin(buf, start, end, n, '4');
        this.inHeader();
        readSpotAndSom(r, b);
        return;
      case 0x35: // 5
        r.begin(buf, start, end, n, '5');
        this.inHeader();
        readCcGroup(r, b);
        return;
      case 0x36: // 6
        r.begin(buf, start, end, n, '6');
        this.inHeader();
        readInterSpread(r, b);
        return;
      case 0x42: // B
        r.begin(buf, start, end, n, 'B');
        this.inHeader();
        readArrayParameters(r, b);
        return;
      default:
        this.skip(buf, start, end, n);
    }
  }

  /**
   * Every record belongs under the record 0 header. Records before it are still read (to find
   * their own errors), but only the first is reported: the rest would only repeat it.
   */
  private inHeader(): void {
    if (this.b.header !== undefined || this.beforeHeaderReported) return;
    this.beforeHeaderReported = true;
    this.r.report('RecordBeforeParent', 1, 'record type', this.r.recordType, 'before the record 0 header');
  }

  /** SPAN allows new record types: skip them, counted per type for one warning each. */
  private skip(buf: Buffer, start: number, end: number, n: number): void {
    let e = Math.min(end, start + 2);
    while (e > start && buf[e - 1] === BLANK) e--;
    const type = buf.toString('latin1', start, e);
    const seen = this.unknown.get(type);
    if (seen === undefined) this.unknown.set(type, { line: n, count: 1 });
    else seen.count++;
  }

  private source(): RpfSource {
    const fileName = this.fileName;
    return { fileName, fromFileName: fileName === undefined ? undefined : parseRpfFileName(fileName) };
  }

  private warnings(source: RpfSource): RpfWarning[] {
    const file = this.fileName;
    const warnings: RpfWarning[] = [];
    for (const [type, { line, count }] of this.unknown) {
      const what = type === '' ? 'blank line' : `unknown record type ${JSON.stringify(type)}`;
      const lines = count === 1 ? '1 line' : `${count} lines, the first`;
      warnings.push({
        _tag: 'UnknownRecordType',
        file,
        line,
        recordType: type,
        count,
        message: `${formatLocation(file, line, 0)}: ${what} skipped (${lines} at line ${line})`,
      });
    }
    const header = this.b.header;
    const named = source.fromFileName;
    if (header !== undefined && named !== undefined) {
      const fromHeader = describe(header.kind, header.businessDate, header.kind === 'intraday' ? header.businessTime : undefined);
      const fromName = describe(named.kind, named.businessDate, named.businessTime);
      if (fromHeader !== fromName) {
        warnings.push({
          _tag: 'FileNameMismatch',
          file,
          line: this.b.headerLine,
          recordType: '0',
          count: 1,
          message: `${formatLocation(file, this.b.headerLine, 0)}: the file name says ${fromName} but record 0 says ${fromHeader}; using record 0`,
        });
      }
    }
    return warnings;
  }
}

function describe(kind: string, date: string, time: string | undefined): string {
  return time === undefined ? `${kind} ${date}` : `${kind} ${date} ${time}`;
}
