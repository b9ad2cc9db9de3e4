import type Decimal from 'decimal.js';
import { decimalText, PrimeDecimal } from '@marginkit/risk-engine';

/**
 * Money for human eyes (table and HTML): decimal text with thousands separators, rounded for
 * display by decimal.js on the exact value — never through a binary float. Machine formats (JSON,
 * CSV) keep the exact decimal text instead.
 */

/** Decimal places a human format shows for a fractional figure (the JSON keeps every digit). */
export const DISPLAY_DECIMALS = 2;

/** `-1234567.5` → `-1,234,567.5`: groups the integer digits of plain decimal text. */
export function groupThousands(text: string): string {
  const match = /^(-?)(\d+)(\.\d+)?$/.exec(text);
  if (match === null) throw new Error(`not plain decimal text: ${JSON.stringify(text)}`);
  const [, sign = '', digits = '', fraction = ''] = match;
  return `${sign}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction}`;
}

/**
 * `x` rounded half-up to `decimals` places, grouped. A value that rounds to zero shows without a
 * sign (`0.00`, not `-0.00`).
 */
export function formatMoney(x: Decimal, decimals: number): string {
  const text = x.toFixed(decimals, PrimeDecimal.ROUND_HALF_UP);
  return groupThousands(/^-0(\.0+)?$/.test(text) ? text.slice(1) : text);
}

/** Every digit of `x`, grouped (`15188.6` → `15,188.6`). */
export function formatExact(x: Decimal): string {
  return groupThousands(decimalText(x));
}

/**
 * Places a column of figures shows: 0 when every figure is whole (the figures prime.md rounds,
 * and most others on HKEX files), else {@link DISPLAY_DECIMALS}, so the column aligns.
 */
export function displayDecimals(values: readonly Decimal[]): number {
  return values.every((v) => v.isInteger()) ? 0 : DISPLAY_DECIMALS;
}

/** Whether {@link formatMoney} at `decimals` hides digits of `x` (the HTML then gives the exact value). */
export function isDisplayRounded(x: Decimal, decimals: number): boolean {
  return x.decimalPlaces() > decimals;
}

/** A figure inside a sentence: grouped, to {@link DISPLAY_DECIMALS} places when fractional (tables and JSON give exact values). */
export function formatFigure(x: Decimal): string {
  return formatMoney(x, displayDecimals([x]));
}
