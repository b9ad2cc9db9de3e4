import { formatFixed } from '../fixed';
import type { Fixed } from '../model';
import type { Rpf01Error } from './errors';
import { rpf01Error } from './errors';
import type { Rpf01File } from './model';
import { RPF01_HEDGE_INSTRUMENT } from './model';
import { PARAMETER_COLUMNS } from './records';

/**
 * The validation pass: what a well-formed RPF01 must also satisfy as a whole before margin is
 * computed from it (header values in range, records that need each other present). The parser
 * already enforces each row's own shape, including the scenario counts of the header.
 * Returns every problem found (empty when the file is valid).
 */
export function validateRpf01(file: Rpf01File): Rpf01Error[] {
  const errors: Rpf01Error[] = [];
  const name = file.fileName;
  const h = file.header;
  const headerLine = (key: string) => h.entries.find((e) => e.key.toLowerCase() === key.toLowerCase())?.line ?? 0;
  const headerError = (tag: Rpf01Error['_tag'], key: string, value: Fixed | string, problem: string) =>
    errors.push(rpf01Error(tag, { file: name, line: headerLine(key), column: 0 }, key, typeof value === 'string' ? value : text(value), problem));

  for (const [key, w] of [['HVaR_WGT', h.hvarWeight], ['SVaR_WGT', h.svarWeight]] as const) {
    if (!between(w, 0, 1)) headerError('OutOfRange', key, w, 'a weight is a fraction from 0 to 1');
  }
  if (compare(add(h.hvarWeight, h.svarWeight), { units: 1, scale: 0 }) !== 0) {
    headerError('Inconsistent', 'SVaR_WGT', h.svarWeight,
      `HVaR_WGT + SVaR_WGT must be 1 (they are ${text(h.hvarWeight)} + ${text(h.svarWeight)} = ${text(add(h.hvarWeight, h.svarWeight))})`);
  }
  for (const [key, cl] of [['HVaR_CL', h.hvarConfidence], ['SVaR_CL', h.svarConfidence]] as const) {
    if (!(compare(cl, ZERO) > 0 && compare(cl, ONE) < 0)) headerError('OutOfRange', key, cl, 'a confidence level is a fraction strictly between 0 and 1 (e.g. 0.994)');
  }
  for (const [key, m] of [['HVaR_Measure', h.hvarMeasure], ['SVaR_Measure', h.svarMeasure]] as const) {
    if (m !== '4') headerError('OutOfRange', key, m, 'only measure 4 (filtered historical simulation expected shortfall, discrete) is defined');
  }
  if (compare(h.rounding, ZERO) <= 0) headerError('OutOfRange', 'Rounding', h.rounding, 'the round-up unit must be positive');
  if (compare(h.holidayFactor, ZERO) < 0) headerError('OutOfRange', 'Holiday_Factor', h.holidayFactor, 'sqrt(H) − 1 is never negative');

  const at = (line: number) => ({ file: name, line, column: 0 });

  // Tier P needs both kinds of returns: a portfolio margin from only one would silently drop a component.
  for (const [have, other, ft, otherFt] of [[file.hvar, file.svar, 1, 2], [file.svar, file.hvar, 2, 1]] as const) {
    have.instruments.forEach((id, r) => {
      if (!other.rowOf.has(id)) {
        errors.push(rpf01Error('MissingRecord', at(have.lines[r] ?? 0), 'InstrumentId', id,
          `has FieldType ${ft} scenario returns but no FieldType ${otherFt}; a Tier P instrument needs both`));
      }
    });
  }
  for (const [id, r] of file.flatRates) {
    if (file.hvar.rowOf.has(id) || file.svar.rowOf.has(id)) {
      errors.push(rpf01Error('Inconsistent', at(r.line), 'InstrumentId', id, 'has both scenario returns (Tier P) and a flat rate (FieldType 3, Tier N)'));
    }
    fraction(r.rate, 3, 0, r.line);
  }
  for (const [, r] of file.liquidity) {
    fraction(r.bucketRate, 4, 0, r.line);
    nonNegative(r.threshold, 4, 2, r.line);
    nonNegative(r.cashDelta, 4, 3, r.line);
  }
  for (const [id, r] of file.structuredProducts) {
    if (!file.liquidity.has(r.underlying)) {
      errors.push(rpf01Error('MissingRecord', at(r.line), `FieldType 5 column 1 (${PARAMETER_COLUMNS[5][0]})`, r.underlying,
        `the underlying of ${id} has no FieldType 4 record`));
    }
  }
  if ((file.liquidity.size > 0 || file.structuredProducts.size > 0) && !file.liquidity.has(RPF01_HEDGE_INSTRUMENT)) {
    errors.push(rpf01Error('MissingRecord', at(0), 'InstrumentId', RPF01_HEDGE_INSTRUMENT,
      `the hedge instrument ${RPF01_HEDGE_INSTRUMENT} has no FieldType 4 record; the portfolio-level liquidation-risk add-on needs its threshold and bucket rate`));
  }
  for (const [, r] of file.structuredProductAddOns) nonNegative(r.tickMultiplierTenth, 6, 1, r.line);
  for (const [, list] of file.corporateActions) {
    for (const r of list) {
      fraction(r.shortAddOnRate, 7, 2, r.line);
      fraction(r.longAddOnRate, 7, 3, r.line);
    }
  }
  return errors;

  function fraction(v: Fixed, ft: keyof typeof PARAMETER_COLUMNS, col: number, line: number): void {
    if (!between(v, 0, 1)) {
      errors.push(rpf01Error('OutOfRange', at(line), columnName(ft, col), text(v), 'rates are fractions from 0 to 1 (0.12, not 12)'));
    }
  }
  function nonNegative(v: Fixed, ft: keyof typeof PARAMETER_COLUMNS, col: number, line: number): void {
    if (compare(v, ZERO) < 0) errors.push(rpf01Error('OutOfRange', at(line), columnName(ft, col), text(v), 'must not be negative'));
  }
}

function columnName(ft: keyof typeof PARAMETER_COLUMNS, col: number): string {
  const names: readonly string[] = PARAMETER_COLUMNS[ft];
  return `FieldType ${ft} column ${col + 1} (${names[col] ?? ''})`;
}

const ZERO: Fixed = { units: 0, scale: 0 };
const ONE: Fixed = { units: 1, scale: 0 };

function text(v: Fixed): string {
  return formatFixed(v.units, v.scale);
}

function big(v: Fixed, scale: number): bigint {
  return BigInt(v.units) * 10n ** BigInt(scale - v.scale);
}

function compare(a: Fixed, b: Fixed): number {
  const s = Math.max(a.scale, b.scale);
  const x = big(a, s);
  const y = big(b, s);
  return x < y ? -1 : x > y ? 1 : 0;
}

function add(a: Fixed, b: Fixed): Fixed {
  const s = Math.max(a.scale, b.scale);
  return { units: Number(big(a, s) + big(b, s)), scale: s };
}

function between(v: Fixed, lo: number, hi: number): boolean {
  return compare(v, { units: lo, scale: 0 }) >= 0 && compare(v, { units: hi, scale: 0 }) <= 0;
}
