import type { Fixed } from './model';

/**
 * Exact decimal text <-> scaled integers, without ever passing through a binary float: the
 * RPF and the catalogue carry money and prices as integers with implied decimals, and users
 * read them as decimal strings.
 */

/**
 * `units × 10^-scale` as a decimal string with exactly `scale` decimals (`formatFixed(16500, 2)`
 * = `"165.00"`). A negative scale multiplies (`formatFixed(12, -3)` = `"12000"`), which is how a
 * risk exponent RE > 0 scales raw risk-array values into currency units.
 */
export function formatFixed(units: number, scale: number): string {
  if (!Number.isSafeInteger(units)) throw new RangeError(`formatFixed: units ${units} is not a safe integer`);
  if (!Number.isInteger(scale)) throw new RangeError(`formatFixed: scale ${scale} is not an integer`);
  const sign = units < 0 ? '-' : '';
  const digits = String(Math.abs(units));
  if (scale <= 0) return units === 0 ? '0' : sign + digits + '0'.repeat(-scale);
  const padded = digits.padStart(scale + 1, '0');
  const cut = padded.length - scale;
  return `${sign}${padded.slice(0, cut)}.${padded.slice(cut)}`;
}

const DECIMAL_TEXT = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/**
 * Parses plain decimal text (`"50"`, `"0.5"`, `"-1.250"`) into a {@link Fixed} that keeps the
 * decimals as written (`"1.250"` → 1250 × 10^-3). No exponents, no thousands separators, no
 * leading or trailing point. `undefined` when the text is not such a number or its digits do not
 * fit a safe integer.
 */
export function parseFixed(text: string): Fixed | undefined {
  const m = DECIMAL_TEXT.exec(text);
  if (m === null) return undefined;
  const fraction = m[3] ?? '';
  const units = Number(`${m[1] ?? ''}${m[2] ?? ''}${fraction}`);
  if (!Number.isSafeInteger(units)) return undefined;
  // -0 would print as "0" but is a distinct float: keep zero unsigned.
  return { units: units === 0 ? 0 : units, scale: fraction.length };
}
