import type { ContractCatalogue, ContractSpec } from './contract';
import { formatFixed } from './fixed';
import type { RiskParameterFile, Series } from './model';
import type { Result } from './result';
import { err, ok } from './result';

/**
 * HKEX series codes, the names users give positions (rpf-format.md "HKEX series codes"):
 * futures `<commodity><month code><year digit>` (`XXXM8`), options
 * `<commodity><strike><month letter><year digit>` with calls A-L and puts M-X (`HEX165.00U7`).
 * The strike is written with the commodity's price decimals, so the catalogue is needed to read
 * one; the year digit needs the business date of the RPF.
 */

export type SeriesCodeErrorTag =
  /** The text after the commodity is not a futures month or an option strike + month. */
  | 'MalformedSeriesCode'
  /** No catalogue commodity is a prefix of the code. */
  | 'UnknownCommodity'
  /** The strike is written with a number of decimals other than the commodity's price decimals. */
  | 'StrikeDecimals'
  /** The code reads fine but the RPF has no such series. */
  | 'UnknownSeries'
  /** Several series of the RPF match the code (e.g. two product types). */
  | 'AmbiguousSeries'
  /** The caller's CC, the catalogue's CC and the RPF's CC of the commodity disagree. */
  | 'CcMismatch'
  /** A series that has no HKEX code (commodity not in the catalogue, or neither future nor option). */
  | 'NotFormattable';

export interface SeriesCodeError {
  readonly _tag: SeriesCodeErrorTag;
  /** The code as given. */
  readonly code: string;
  /** `series`, `strike`, `cc`. */
  readonly field: string;
  /** The offending text. */
  readonly value: string;
  /** HKEX code of the nearest series of the RPF (or nearest catalogue commodity), when there is one. */
  readonly closest: string | undefined;
  /** One line for a human, naming the code and the closest series. */
  readonly message: string;
}

export interface ParsedSeriesCode {
  /** Trimmed, upper-cased code. */
  readonly code: string;
  readonly contract: ContractSpec;
  readonly commodity: string;
  /** '' for a future. */
  readonly right: '' | 'C' | 'P';
  /** Contract month CCYYMM (the option month for options). */
  readonly month: number;
  /** Raw strike, implied decimals = the commodity's price decimals; 0 for a future. */
  readonly strike: number;
}

/** Futures month codes, January to December. */
export const FUTURES_MONTH_CODES = 'FGHJKMNQUVXZ';
/** Option month letters: calls A-L and puts M-X, January to December. */
const CALL_LETTERS = 'ABCDEFGHIJKL';
const PUT_LETTERS = 'MNOPQRSTUVWX';
/** Strikes are 9(7) on records 81/82. */
const MAX_STRIKE = 9_999_999;

/**
 * The year a code's single year digit stands for: the first year ≥ (business year − 1) that ends
 * in that digit, so a code written in 2019 for a 2018 series still reads as 2018, and 2020 follows
 * 2019 across the decade.
 */
export function resolveYearDigit(digit: number, businessYear: number): number {
  const from = businessYear - 1;
  return from + ((((digit - from) % 10) + 10) % 10);
}

/** Reads a code against the catalogue, without looking at any RPF. */
export function parseSeriesCode(
  code: string,
  catalogue: ContractCatalogue,
  businessDate: string,
): Result<ParsedSeriesCode, SeriesCodeError> {
  const normal = code.trim().toUpperCase();
  const businessYear = Number(businessDate.slice(0, 4));
  // Longest prefix: commodities may end in digits (A50 beside A5). A shorter commodity is tried
  // only when the rest after the longer one cannot be read at all; strikes have no leading
  // zeros, so that fallback can only read a strike below one price unit (A5's "0.50" in
  // A50.50C7), never turn a typo in an A50 code into an ordinary A5 series.
  let first: Result<ParsedSeriesCode, SeriesCodeError> | undefined;
  for (const length of commodityLengths(catalogue)) {
    const contract = catalogue.byCommodity.get(normal.slice(0, length));
    if (contract === undefined) continue;
    const read = readRest(code, normal, contract, businessYear);
    if (read.ok) return read;
    first ??= read;
  }
  if (first !== undefined) return first;
  const closest = closestCommodity(normal, catalogue);
  const hint = closest === undefined ? '' : `; closest catalogue commodity: ${closest}`;
  return err([
    seriesError('UnknownCommodity', code, 'series', code, closest, `unknown series ${code}: no catalogue commodity starts it${hint}`),
  ]);
}

/**
 * Finds the RPF series a code names. Futures match on commodity, futures month and product type
 * FUT; options on commodity, right, option month (the futures month when the option month is 0)
 * and strike. `options.cc`, when given, must be the catalogue's CC of the commodity.
 */
export function resolveSeries(
  code: string,
  rpf: RiskParameterFile,
  catalogue: ContractCatalogue,
  options: { readonly cc?: string } = {},
): Result<Series, SeriesCodeError> {
  const parsed = parseSeriesCode(code, catalogue, rpf.header.businessDate);
  if (!parsed.ok) return parsed;
  const p = parsed.value;
  const cc = options.cc?.trim();
  if (cc !== undefined && cc !== '' && cc !== p.contract.cc) {
    return err([
      seriesError('CcMismatch', code, 'cc', cc, undefined, `series ${code}: cc ${cc} does not match the catalogue's CC ${p.contract.cc} of commodity ${p.commodity}`),
    ]);
  }
  const index = commodityIndex(rpf, p.commodity);
  const matches = index?.byKey().get(matchKey(p.right, p.month, p.strike)) ?? [];
  const [only] = matches;
  if (only !== undefined && matches.length === 1) {
    if (only.cc !== p.contract.cc) {
      return err([
        seriesError('CcMismatch', code, 'cc', p.contract.cc, undefined,
          `series ${code}: the catalogue puts commodity ${p.commodity} in CC ${p.contract.cc} but the RPF in ${only.cc}`),
      ]);
    }
    return ok(only);
  }
  if (matches.length > 1) {
    const which = matches.map((s) => describeVariant(s)).join(', ');
    return err([seriesError('AmbiguousSeries', code, 'series', code, undefined, `ambiguous series ${code} (${p.contract.cc}): it matches ${matches.length} series of the RPF: ${which}`)]);
  }
  if (index === undefined) {
    return err([
      seriesError('UnknownSeries', code, 'series', code, undefined, `unknown series ${code} (${p.contract.cc}): the RPF has no series of commodity ${p.commodity}`),
    ]);
  }
  const closest = closestSeries(p, index.series, catalogue);
  const hint = closest === undefined ? '' : `; closest: ${closest}`;
  return err([seriesError('UnknownSeries', code, 'series', code, closest, `unknown series ${code} (${p.contract.cc})${hint}`)]);
}

/** The HKEX code of a series (the inverse of {@link resolveSeries}). */
export function formatSeriesCode(series: Series, catalogue: ContractCatalogue): Result<string, SeriesCodeError> {
  const contract = catalogue.byCommodity.get(series.commodity);
  const name = `${series.commodity} ${series.productType} ${series.right} ${series.futuresMonth}/${series.optionMonth} ${series.strike}`.replace(/\s+/g, ' ');
  if (contract === undefined) {
    return err([seriesError('NotFormattable', name, 'commodity', series.commodity, undefined, `series ${name}: commodity ${series.commodity} is not in the contract catalogue`)]);
  }
  const yearDigit = (m: number) => Math.floor(m / 100) % 10;
  const monthOf = (m: number) => m % 100;
  if (series.right === '' && series.productType === 'FUT') {
    const letter = FUTURES_MONTH_CODES[monthOf(series.futuresMonth) - 1];
    if (letter === undefined) {
      return err([seriesError('NotFormattable', name, 'futuresMonth', String(series.futuresMonth), undefined, `series ${name}: futures month ${series.futuresMonth} is not a CCYYMM month`)]);
    }
    return readsBack(`${series.commodity}${letter}${yearDigit(series.futuresMonth)}`, series, series.futuresMonth, name, catalogue);
  }
  if (series.right === 'C' || series.right === 'P') {
    const month = optionMonthOf(series);
    const letters = series.right === 'C' ? CALL_LETTERS : PUT_LETTERS;
    const letter = letters[monthOf(month) - 1];
    if (letter === undefined) {
      return err([seriesError('NotFormattable', name, 'optionMonth', String(month), undefined, `series ${name}: option month ${month} is not a CCYYMM month`)]);
    }
    return readsBack(`${series.commodity}${formatFixed(series.strike, contract.priceDecimals)}${letter}${yearDigit(month)}`, series, month, name, catalogue);
  }
  return err([seriesError('NotFormattable', name, 'productType', series.productType, undefined, `series ${name}: neither a future nor an option, so it has no HKEX code`)]);
}

// ---------------------------------------------------------------------------------------------

/**
 * A code is only given if it reads back as the series (same commodity, right, month — the year
 * digit taken in the series' own year — and strike). It may not: an A5 put struck at 0 in
 * January 2018 writes as A50M8, which reads as the A50 future of June 2018.
 */
function readsBack(code: string, series: Series, month: number, name: string, catalogue: ContractCatalogue): Result<string, SeriesCodeError> {
  const back = parseSeriesCode(code, catalogue, `${Math.floor(month / 100)}-01-01`);
  if (back.ok && back.value.commodity === series.commodity && back.value.right === series.right && back.value.month === month && back.value.strike === series.strike) {
    return ok(code);
  }
  const as = back.ok ? `another series (commodity ${back.value.commodity}, month ${back.value.month})` : 'nothing';
  return err([seriesError('NotFormattable', name, 'series', code, undefined, `series ${name}: its HKEX code ${code} would read as ${as}`)]);
}

function readRest(code: string, normal: string, contract: ContractSpec, businessYear: number): Result<ParsedSeriesCode, SeriesCodeError> {
  const commodity = contract.commodity;
  const rest = normal.slice(commodity.length);
  const base = { code: normal, contract, commodity };
  const futures = /^([A-Z])(\d)$/.exec(rest);
  if (futures !== null) {
    const m = FUTURES_MONTH_CODES.indexOf(futures[1] ?? '');
    if (m >= 0) {
      const year = resolveYearDigit(Number(futures[2]), businessYear);
      return ok({ ...base, right: '', month: year * 100 + m + 1, strike: 0 });
    }
  }
  const option = /^(\d+)(?:\.(\d*))?([A-Z])(\d)$/.exec(rest);
  if (option === null) {
    return err([
      seriesError('MalformedSeriesCode', code, 'series', code, undefined,
        `series ${code}: after commodity ${commodity} expected a futures month code (F G H J K M N Q U V X Z) and a year digit, or a strike, a month letter (calls A-L, puts M-X) and a year digit; found "${rest}"`),
    ]);
  }
  const [, whole = '', fraction, letter = '', digit = ''] = option;
  if (/^0\d/.test(whole)) {
    return err([seriesError('MalformedSeriesCode', code, 'strike', whole, undefined, `series ${code}: strike ${whole} has a leading zero`)]);
  }
  const decimals = fraction === undefined ? 0 : fraction.length;
  if (decimals !== contract.priceDecimals || fraction === '') {
    const d = contract.priceDecimals;
    const example = d === 0 ? whole : `${whole}.${(fraction ?? '').padEnd(d, '0').slice(0, d)}`;
    const strikeText = fraction === undefined ? whole : `${whole}.${fraction}`;
    return err([
      seriesError('StrikeDecimals', code, 'strike', strikeText, undefined,
        `series ${code}: strike ${strikeText} must be written with ${contract.priceDecimals} decimal${contract.priceDecimals === 1 ? '' : 's'}, the price decimals of ${commodity} (e.g. ${example})`),
    ]);
  }
  const strike = Number(whole + (fraction ?? ''));
  if (strike > MAX_STRIKE) {
    return err([seriesError('MalformedSeriesCode', code, 'strike', rest.slice(0, -2), undefined, `series ${code}: strike is larger than an RPF strike field (9(7)) can hold`)]);
  }
  const call = CALL_LETTERS.indexOf(letter);
  const put = PUT_LETTERS.indexOf(letter);
  if (call < 0 && put < 0) {
    return err([seriesError('MalformedSeriesCode', code, 'series', letter, undefined, `series ${code}: option month letter ${letter} is neither a call (A-L) nor a put (M-X)`)]);
  }
  const year = resolveYearDigit(Number(digit), businessYear);
  return ok({ ...base, right: call >= 0 ? 'C' : 'P', month: year * 100 + (call >= 0 ? call : put) + 1, strike });
}

function seriesError(
  tag: SeriesCodeErrorTag,
  code: string,
  field: string,
  value: string,
  closest: string | undefined,
  message: string,
): SeriesCodeError {
  return { _tag: tag, code, field, value, closest, message };
}

const lengthsByCatalogue = new WeakMap<ContractCatalogue, readonly number[]>();

/** The distinct lengths of the catalogue's commodity codes, longest first. */
function commodityLengths(catalogue: ContractCatalogue): readonly number[] {
  let lengths = lengthsByCatalogue.get(catalogue);
  if (lengths === undefined) {
    lengths = [...new Set([...catalogue.byCommodity.keys()].map((c) => c.length))].sort((a, b) => b - a);
    lengthsByCatalogue.set(catalogue, lengths);
  }
  return lengths;
}

function optionMonthOf(s: Series): number {
  return s.optionMonth !== 0 ? s.optionMonth : s.futuresMonth;
}

function matchKey(right: '' | 'C' | 'P', month: number, strike: number): string {
  return right === '' ? `F|${month}` : `${right}|${month}|${strike}`;
}

/** The series of one commodity, with a lookup by what a code names, built on first use. */
interface CommodityIndex {
  readonly series: readonly Series[];
  byKey(): ReadonlyMap<string, readonly Series[]>;
}

// Positions files resolve thousands of codes against one RPF: group its series by commodity
// once, and key each commodity's series only when a code first asks for it.
const rpfIndexes = new WeakMap<RiskParameterFile, ReadonlyMap<string, CommodityIndex>>();

function commodityIndex(rpf: RiskParameterFile, commodity: string): CommodityIndex | undefined {
  let byCommodity = rpfIndexes.get(rpf);
  if (byCommodity === undefined) {
    const groups = new Map<string, Series[]>();
    for (const s of rpf.series) {
      const list = groups.get(s.commodity);
      if (list === undefined) groups.set(s.commodity, [s]);
      else list.push(s);
    }
    const built = new Map<string, CommodityIndex>();
    for (const [c, series] of groups) built.set(c, lazyIndex(series));
    byCommodity = built;
    rpfIndexes.set(rpf, byCommodity);
  }
  return byCommodity.get(commodity);
}

function lazyIndex(series: readonly Series[]): CommodityIndex {
  let keyed: Map<string, Series[]> | undefined;
  return {
    series,
    byKey() {
      if (keyed === undefined) {
        keyed = new Map();
        for (const s of series) {
          let key: string;
          if (s.right === '') {
            if (s.productType !== 'FUT') continue;
            key = matchKey('', s.futuresMonth, 0);
          } else {
            key = matchKey(s.right, optionMonthOf(s), s.strike);
          }
          const list = keyed.get(key);
          if (list === undefined) keyed.set(key, [s]);
          else list.push(s);
        }
      }
      return keyed;
    },
  };
}

function describeVariant(s: Series): string {
  const parts = [`product type ${s.productType}`];
  if (s.futuresDayWeek.trim() !== '') parts.push(`futures day/week ${s.futuresDayWeek.trim()}`);
  if (s.optionDayWeek.trim() !== '') parts.push(`option day/week ${s.optionDayWeek.trim()}`);
  if (s.right !== '' && s.optionMonth !== 0 && s.futuresMonth !== s.optionMonth) parts.push(`futures month ${s.futuresMonth}`);
  return parts.join(' ');
}

/** Nearest series by edit distance of codes, then same kind, then nearest month, then strike. */
function closestSeries(p: ParsedSeriesCode, series: readonly Series[], catalogue: ContractCatalogue): string | undefined {
  let best: { code: string; score: readonly number[] } | undefined;
  for (const s of series) {
    const f = formatSeriesCode(s, catalogue);
    if (!f.ok) continue;
    const month = s.right === '' ? s.futuresMonth : optionMonthOf(s);
    const score = [
      editDistance(p.code, f.value),
      s.right === p.right ? 0 : 1,
      Math.abs(monthIndex(month) - monthIndex(p.month)),
      Math.abs(s.strike - p.strike),
    ];
    if (best === undefined || lexLess(score, best.score)) best = { code: f.value, score };
  }
  return best?.code;
}

function closestCommodity(code: string, catalogue: ContractCatalogue): string | undefined {
  let best: { c: string; d: number } | undefined;
  for (const c of catalogue.byCommodity.keys()) {
    const d = editDistance(c, code.slice(0, c.length));
    if (best === undefined || d < best.d) best = { c, d };
  }
  return best?.c;
}

function monthIndex(ccyymm: number): number {
  return Math.floor(ccyymm / 100) * 12 + (ccyymm % 100);
}

function lexLess(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}

/** Levenshtein distance (codes are short). */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, sub));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
