import type Decimal from 'decimal.js';
import { parseFixed } from '@marginkit/rpf';
import { decimalText } from '@marginkit/risk-engine';
import { readDecimal } from './client-margin';
import { MAX_SCALE } from './units';

/**
 * A run setting (multiplier, maintenance ratio) read once as the decimal rules read it, and as
 * exact integer units for the engine-sheet path. A book run uses one or two multipliers for
 * 100,000 accounts, so each distinct text is parsed once.
 */
export interface ScaledSetting {
  /** What `clientMargin` computes with and reports. */
  readonly decimal: Decimal;
  /** decimal = units × 10^−scale. */
  readonly units: number;
  readonly scale: number;
  /** decimalText(decimal), as the JSON block prints it. */
  readonly text: string;
}

// null: the decimal path must decide (not a plain decimal, negative, or too many digits here).
const byText = new Map<string, ScaledSetting | null>();
const byDecimal = new WeakMap<Decimal, ScaledSetting | null>();
/** Account multipliers come from a positions column: bound what a long book can leave behind. */
const MAX_CACHED = 1024;

function scaled(value: Decimal | string): ScaledSetting | null {
  const decimal = readDecimal(value);
  // isNegative() is true of −0, which the ratio check rejects: leave every sign to the decimal path.
  if (decimal === undefined || decimal.isNegative()) return null;
  const text = decimalText(decimal);
  const fixed = parseFixed(text);
  if (fixed === undefined || fixed.scale > MAX_SCALE) return null;
  return { decimal, units: fixed.units, scale: fixed.scale, text };
}

function lookUp(value: Decimal | string): ScaledSetting | null {
  if (typeof value === 'string') {
    let s = byText.get(value);
    if (s === undefined) {
      if (byText.size >= MAX_CACHED) byText.clear();
      s = scaled(value);
      byText.set(value, s);
    }
    return s;
  }
  let s = byDecimal.get(value);
  if (s === undefined) {
    s = scaled(value);
    byDecimal.set(value, s);
  }
  return s;
}

/** The multiplier when it is valid (a positive decimal) and fits this path; else undefined. */
export function scaledMultiplier(value: Decimal | string): ScaledSetting | undefined {
  const s = lookUp(value);
  return s !== null && s.units > 0 ? s : undefined;
}

/** The maintenance ratio when it is valid (from 0 to 1) and fits this path; else undefined. */
export function scaledRatio(value: Decimal | string): ScaledSetting | undefined {
  const s = lookUp(value);
  return s !== null && s.units <= 10 ** s.scale ? s : undefined;
}

/**
 * An HKD rate (a clearing-house sheet's `hkdRate`) when it is valid (positive) and fits this
 * path; else undefined. Not cached: the sheet makes a new Decimal on every read.
 */
export function scaledRate(value: Decimal): ScaledSetting | undefined {
  const s = scaled(value);
  return s !== null && s.units > 0 ? s : undefined;
}
