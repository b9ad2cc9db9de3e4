import type { Fixed } from '../model';
import { parseDecimalText, toFixed } from './decimal-text';
import type { Rpf01Error } from './errors';
import { rpf01Error } from './errors';
import type { Rpf01Header, Rpf01HeaderEntry } from './model';

/** A header row as read: where its value sits, for errors. */
export interface HeaderRow extends Rpf01HeaderEntry {
  readonly valueColumn: number;
}

/** The keys var-platform.md defines; every one must be present exactly once. */
export const RPF01_HEADER_KEYS = [
  'Valuation_DT',
  'HVaR_WGT',
  'SVaR_WGT',
  'HVaR_Scen_Count',
  'SVaR_Scen_Count',
  'STV_Count',
  'HVaR_CL',
  'SVaR_CL',
  'HVaR_Measure',
  'SVaR_Measure',
  'Rounding',
  'Holiday_Factor',
] as const;
export type Rpf01HeaderKey = (typeof RPF01_HEADER_KEYS)[number];

const KEY_BY_LOWER = new Map<string, Rpf01HeaderKey>(RPF01_HEADER_KEYS.map((k) => [k.toLowerCase(), k]));

/** The defined key spelled `key` (keys match case-insensitively), or undefined. */
export function headerKey(key: string): Rpf01HeaderKey | undefined {
  return KEY_BY_LOWER.get(key.toLowerCase());
}

/** Largest scenario count accepted: far above HKSCC's ~1,000 per kind, low enough to stop a typo allocating gigabytes. */
export const MAX_SCENARIO_COUNT = 100_000;

/**
 * Turns the `Key,Value` rows into the typed header, reporting every missing or malformed value.
 * Undefined when any required value is unusable (the scenario rows cannot be read without the counts).
 */
export function buildHeader(rows: readonly HeaderRow[], file: string | undefined, errors: Rpf01Error[]): Rpf01Header | undefined {
  const byKey = new Map<Rpf01HeaderKey, HeaderRow>();
  for (const row of rows) {
    const key = headerKey(row.key);
    if (key === undefined) continue;
    const first = byKey.get(key);
    if (first !== undefined) {
      errors.push(rpf01Error('BadHeader', { file, line: row.line, column: 1 }, key, row.value, `is already given at line ${first.line}`));
      continue;
    }
    byKey.set(key, row);
  }
  const before = errors.length;
  const at = (row: HeaderRow) => ({ file, line: row.line, column: row.valueColumn });
  const need = <T>(key: Rpf01HeaderKey, read: (row: HeaderRow) => T | string): T | undefined => {
    const row = byKey.get(key);
    if (row === undefined) {
      errors.push(rpf01Error('BadHeader', { file, line: 0, column: 0 }, key, '', 'header key is missing'));
      return undefined;
    }
    const v = read(row);
    if (typeof v === 'string') {
      errors.push(rpf01Error('BadHeader', at(row), key, row.value, v));
      return undefined;
    }
    return v;
  };
  const decimal = (row: HeaderRow): Fixed | string => {
    const d = parseDecimalText(row.value);
    const f = d === undefined ? undefined : toFixed(d);
    return f ?? 'must be a decimal number';
  };
  const count = (row: HeaderRow): { n: number } | string =>
    /^\d+$/.test(row.value) && Number(row.value) <= MAX_SCENARIO_COUNT
      ? { n: Number(row.value) }
      : `must be a whole number from 0 to ${MAX_SCENARIO_COUNT}`;
  const positiveCount = (row: HeaderRow): { n: number } | string => {
    const c = count(row);
    return typeof c === 'string' || c.n === 0 ? `must be a whole number from 1 to ${MAX_SCENARIO_COUNT}` : c;
  };
  const text = (row: HeaderRow): { s: string } | string => (row.value === '' ? 'is empty' : { s: row.value });

  const valuationDate = need('Valuation_DT', (row) => {
    const d = parseValuationDate(row.value);
    return d === undefined ? 'must be a date D/M/YYYY' : { d };
  });
  const hvarWeight = need('HVaR_WGT', decimal);
  const svarWeight = need('SVaR_WGT', decimal);
  const hvarScenarioCount = need('HVaR_Scen_Count', positiveCount);
  const svarScenarioCount = need('SVaR_Scen_Count', positiveCount);
  const stvCount = need('STV_Count', count);
  const hvarConfidence = need('HVaR_CL', decimal);
  const svarConfidence = need('SVaR_CL', decimal);
  const hvarMeasure = need('HVaR_Measure', text);
  const svarMeasure = need('SVaR_Measure', text);
  const rounding = need('Rounding', decimal);
  const holidayFactor = need('Holiday_Factor', decimal);
  if (
    errors.length > before ||
    valuationDate === undefined ||
    hvarWeight === undefined ||
    svarWeight === undefined ||
    hvarScenarioCount === undefined ||
    svarScenarioCount === undefined ||
    stvCount === undefined ||
    hvarConfidence === undefined ||
    svarConfidence === undefined ||
    hvarMeasure === undefined ||
    svarMeasure === undefined ||
    rounding === undefined ||
    holidayFactor === undefined
  ) {
    return undefined;
  }
  return {
    valuationDate: valuationDate.d,
    hvarWeight,
    svarWeight,
    hvarScenarioCount: hvarScenarioCount.n,
    svarScenarioCount: svarScenarioCount.n,
    stvCount: stvCount.n,
    hvarConfidence,
    svarConfidence,
    hvarMeasure: hvarMeasure.s,
    svarMeasure: svarMeasure.s,
    rounding,
    holidayFactor,
    entries: rows.map(({ key, value, line }) => ({ key, value, line })),
  };
}

/** `D/M/YYYY` (as HKSCC writes it) or `YYYY-MM-DD` → `YYYY-MM-DD`; undefined when not a calendar date. */
export function parseValuationDate(text: string): string | undefined {
  let y: number;
  let m: number;
  let d: number;
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (dmy !== null) {
    d = Number(dmy[1]);
    m = Number(dmy[2]);
    y = Number(dmy[3]);
  } else if (iso !== null) {
    y = Number(iso[1]);
    m = Number(iso[2]);
    d = Number(iso[3]);
  } else {
    return undefined;
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
