import type { FileKind, RpfHeader } from '../../model';
import type { LineReader } from '../fields';
import type { ModelBuilder } from '../builder';

/** Record 0: the exchange complex header. Its file identifier says which file of the day this is. */
export function readHeader(r: LineReader, b: ModelBuilder): void {
  if (b.header !== undefined) {
    r.report('BadHeader', 1, 'record type', '0', `a second record 0 (the first is at line ${b.headerLine})`);
    return;
  }
  const exchangeComplex = r.text(3, 6);
  const businessDate = r.date(9, 'business date');
  const settlementFlag = r.text(17, 1);
  const fileId = r.text(18, 2);
  const businessTime = r.time(20, 'business time');
  const creationDate = r.date(24, 'file creation date');
  const creationTime = r.time(32, 'file creation time');
  const format = r.text(36, 2);
  if (format !== 'U2' && !r.failed) {
    if (!r.covers(36, 2)) r.truncatedAt(36, 2, 'file format');
    else r.fail('InvalidValue', 36, 2, 'file format', "not 'U2' (SPAN expanded unpacked)");
  }
  const kind = fileKind(settlementFlag, fileId);
  if (kind === undefined && !r.failed) {
    r.fail('InvalidValue', 18, 2, 'file identifier', "neither intra-day ('I…' or settlement flag 'I'), 'E' nor 'F'");
  }
  const header: RpfHeader = {
    exchangeComplex,
    businessDate,
    settlementFlag,
    fileId,
    kind: kind ?? 'final',
    businessTime,
    creationDate,
    creationTime,
    format,
    grossNetIndicator: r.text(38, 1),
    limitOptionValueFlag: r.text(39, 1),
    businessFunction: r.text(40, 5),
    levelFlag: r.text(51, 1),
    levelCode: r.text(53, 5),
  };
  // Even a malformed header is the header: later records are not "before" it.
  b.headerLine = r.line;
  b.header = header;
}

/** Intra-day when the settlement flag or the file identifier says `I`; else `E` early, `F` final. */
export function fileKind(settlementFlag: string, fileId: string): FileKind | undefined {
  if (settlementFlag === 'I' || fileId.startsWith('I')) return 'intraday';
  if (fileId === 'E') return 'early';
  if (fileId === 'F') return 'final';
  return undefined;
}

/** Record T: currency conversion rate, 1 unit of `from` = multiplier units of `to`. */
export function readCurrencyRate(r: LineReader, b: ModelBuilder): void {
  const from = r.requiredText(3, 3, 'from-currency');
  const fromCode = r.text(6, 1);
  const to = r.requiredText(7, 3, 'to-currency');
  const toCode = r.text(10, 1);
  const multiplier = r.fixed(11, 10, 6, 'multiplier');
  if (!r.failed) b.currencyRates.push({ from, fromCode, to, toCode, multiplier });
}

/** Record 1: an exchange; the CC definitions (record 2) belong to one. */
export function readExchange(r: LineReader, b: ModelBuilder): void {
  const acronym = r.requiredText(3, 3, 'exchange acronym');
  const code = r.text(8, 2);
  b.exchangeSeen = true;
  if (!r.failed) b.exchanges.push({ acronym, code });
}
