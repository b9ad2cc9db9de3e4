import type Decimal from 'decimal.js';
import { decimalText } from '@marginkit/risk-engine';
import type { CcSheet, ClearingHouseSheet } from '@marginkit/risk-engine';
import type { ClientCcMargin } from '@marginkit/client-margin';
import { displayDecimals, formatExact, formatMoney } from './format';
import type { AccountReport, MarginReport } from './report';
import { clientCcOf } from './report';
import { rpfTitle } from './text';

/**
 * `marginkit margin --format table`: per account, one row per CC (CC-level figures, summed over
 * the sides under gross) with its client figures, then the totals per clearing house and
 * currency and in HKD. Figures the spec rounds print whole; a column holding a fractional
 * figure prints every figure to 2 places (rounded half-up for display only; JSON and CSV carry
 * every digit).
 */
export interface TableOptions {
  /** ANSI bold/dim/colour; default false (the CLI turns it on for a terminal). */
  readonly color?: boolean;
  /**
   * Characters available per line. When the full CC grid is wider, the least essential columns
   * are left out (and named under the grid); risk margin, requirement and client B always stay.
   */
  readonly width?: number;
}

interface Row {
  readonly house: ClearingHouseSheet;
  readonly cc: CcSheet;
  readonly client: ClientCcMargin;
}

interface Column {
  readonly header: string;
  readonly numeric: boolean;
  /** Lower = dropped first when the grid is too wide; Infinity = never dropped. */
  readonly keep: number;
  readonly text: (row: Row, decimals: number) => string;
  /** The figures of a numeric column (for its decimal places). */
  readonly figure?: (row: Row) => Decimal;
}

const money = (figure: (row: Row) => Decimal, header: string, keep: number): Column => ({
  header,
  numeric: true,
  keep,
  figure,
  text: (row, decimals) => formatMoney(figure(row), decimals),
});

const CC_COLUMNS: readonly Column[] = [
  { header: 'CH', numeric: false, keep: Infinity, text: (r) => r.house.clearingHouse },
  { header: 'CC', numeric: false, keep: Infinity, text: (r) => r.cc.cc },
  { header: 'Ccy', numeric: false, keep: 12, text: (r) => r.house.currency },
  money((r) => r.cc.scanRisk, 'Scan risk', 10),
  money((r) => r.cc.intraSpreadCharge, 'Intra charge', 3),
  money((r) => r.cc.spotCharge, 'Spot charge', 2),
  money((r) => r.cc.commodityRisk, 'Commodity risk', 4),
  money((r) => r.cc.interSpreadCredit, 'Inter credit', 7),
  money((r) => r.cc.shortOptionMinimum, 'SOM', 5),
  money((r) => r.cc.riskMargin, 'Risk margin', Infinity),
  money((r) => r.cc.longOptionValue, 'LOV', 6),
  money((r) => r.cc.shortOptionValue, 'SOV', 1),
  money((r) => r.cc.mtm, 'MTM', 11),
  money((r) => r.cc.requirement, 'Requirement', Infinity),
  money((r) => r.client.riskMargin, 'Client RM×mult', 9),
  { header: 'Capped', numeric: false, keep: 8, text: (r) => (r.client.capped ? 'yes' : 'no') },
  money((r) => r.client.requirement, 'Client B', Infinity),
];

const SEPARATOR = '  ';

type Style = (text: string) => string;
/** How a text format marks headers, rules and totals: ANSI codes, or nothing. */
export interface Styles {
  readonly bold: Style;
  readonly dim: Style;
  readonly accent: Style;
}
const ansi = (open: number, close: number): Style => (s) => `\u001b[${open}m${s}\u001b[${close}m`;
const plain: Style = (s) => s;

export function textStyles(color: boolean): Styles {
  return color ? { bold: ansi(1, 22), dim: ansi(2, 22), accent: ansi(36, 39) } : { bold: plain, dim: plain, accent: plain };
}

export function renderTable(report: MarginReport, options: TableOptions = {}): string {
  const style = textStyles(options.color === true);
  const title = `Margin run, ${rpfTitle(report.rpf)}`;
  const lines: string[] = (options.width === undefined ? [title] : wrap(title, options.width)).map(style.bold);
  if (report.accounts.length === 0) lines.push('', 'No accounts.');
  for (const account of report.accounts) lines.push('', ...accountLines(account, options.width, style));
  if (report.skippedPositions.length > 0) {
    lines.push('', style.bold(`Skipped positions (${report.skippedPositions.length}), not margined:`));
    for (const p of report.skippedPositions) lines.push(`  ${p.message}`);
  }
  return lines.map((l) => l.trimEnd()).join('\n') + '\n';
}

function accountLines(account: AccountReport, width: number | undefined, style: Styles): string[] {
  const { sheet, client } = account;
  const lines = [
    style.accent(style.bold(`Account ${sheet.account}`)) + `  basis ${sheet.basis}`,
    `Client multiplier ${decimalText(client.multiplier)}, maintenance ratio ${decimalText(client.maintenanceRatio)}`,
  ];
  const rows: Row[] = sheet.clearingHouses.flatMap((house) =>
    house.combinedCommodities.map((cc) => ({ house, cc, client: clientCcOf(account, cc) })),
  );
  if (rows.length === 0) lines.push('  No positions to margin (every series nets to zero).');
  else lines.push(...ccGrid(rows, width, style));

  const totals: string[][] = sheet.clearingHouses.map((house) => {
    const c = client.totals.find((t) => t.clearingHouse === house.clearingHouse && t.currency === house.currency);
    return [
      house.clearingHouse,
      house.currency,
      formatExact(house.requirement),
      c === undefined ? '' : formatExact(c.total),
      c === undefined ? '' : formatExact(c.maintenance),
    ];
  });
  totals.push([
    'All, in HKD',
    'HKD',
    formatExact(sheet.clearingHouseTotalHkd),
    formatExact(client.total),
    formatExact(client.maintenance),
  ]);
  lines.push(
    '',
    ...grid(
      ['Totals', 'Ccy', 'Clearing house', 'Client', 'Client maintenance'],
      totals,
      [false, false, true, true, true],
      style,
      totals.length - 1,
    ),
  );
  return lines;
}

function ccGrid(rows: readonly Row[], width: number | undefined, style: Styles): string[] {
  const decimals = CC_COLUMNS.map((c) => (c.figure === undefined ? 0 : displayDecimals(rows.map(c.figure))));
  const cells = rows.map((row) => CC_COLUMNS.map((c, i) => c.text(row, decimals[i] ?? 0)));
  let shown = CC_COLUMNS.map((_, i) => i);
  const widthOf = (cols: readonly number[]) =>
    cols.reduce((sum, i) => sum + columnWidth(CC_COLUMNS[i]?.header ?? '', cells, i), 0) + SEPARATOR.length * (cols.length - 1);
  if (width !== undefined) {
    // Drop the least essential columns until the grid fits (or only the essential ones remain).
    const byKeep = [...shown].sort((a, b) => (CC_COLUMNS[a]?.keep ?? 0) - (CC_COLUMNS[b]?.keep ?? 0));
    for (const drop of byKeep) {
      if (widthOf(shown) <= width || CC_COLUMNS[drop]?.keep === Infinity) break;
      shown = shown.filter((i) => i !== drop);
    }
  }
  const pick = <T>(xs: readonly T[]) => shown.map((i) => xs[i] as T);
  const out = grid(
    pick(CC_COLUMNS.map((c) => c.header)),
    cells.map(pick),
    pick(CC_COLUMNS.map((c) => c.numeric)),
    style,
  );
  const hidden = CC_COLUMNS.filter((_, i) => !shown.includes(i)).map((c) => c.header);
  if (hidden.length > 0 && width !== undefined) {
    const note = `(to fit ${width} columns, not shown: ${hidden.join(', ')}; see --format json or csv)`;
    out.push(...wrap(note, width).map(style.dim));
  }
  return out;
}

/** Words into lines of at most `width` characters (a longer word keeps a line of its own). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

function columnWidth(header: string, cells: readonly (readonly string[])[], i: number): number {
  return Math.max(header.length, ...cells.map((r) => (r[i] ?? '').length));
}

/** Header, rule, rows; numbers right-aligned. Rows from `totalFrom` on print bold. */
export function grid(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: readonly boolean[],
  style: Styles,
  totalFrom = Infinity,
): string[] {
  const widths = header.map((h, i) => columnWidth(h, rows, i));
  // Pad before styling so escape codes never count toward a column's width.
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (numeric[i] === true ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(SEPARATOR);
  return [
    style.bold(line(header)),
    style.dim(widths.map((w) => '-'.repeat(w)).join(SEPARATOR)),
    ...rows.map((r, i) => (i >= totalFrom ? style.bold(line(r)) : line(r))),
  ];
}
