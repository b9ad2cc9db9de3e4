import type { Fixed } from '../model';

/**
 * Exact decimal text as found in RPF01 cells. Broader than `parseFixed` on purpose: spreadsheet
 * tools that write these CSV files may print `.5`, `5.` or `1.2E-05`, and each of those is still
 * an exact decimal, so it is read exactly rather than rejected.
 */
export interface ExactDecimal {
  /** The digits as an integer (sign included). */
  readonly units: bigint;
  /** Decimal places, ≥ 0. */
  readonly scale: number;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,3}))?$/;

export function parseDecimalText(text: string): ExactDecimal | undefined {
  const m = DECIMAL.exec(text);
  if (m === null) return undefined;
  const whole = m[2] ?? '';
  const fraction = m[3] ?? '';
  if (whole === '' && fraction === '') return undefined;
  const exponent = m[4] === undefined ? 0 : Number(m[4]);
  let digits = whole + fraction;
  let scale = fraction.length - exponent;
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  const units = BigInt(digits);
  return { units: m[1] === '-' ? -units : units, scale };
}

const TEN = 10n;

/**
 * The decimal as an integer count of 10^-scale, or undefined when that would drop a non-zero
 * digit (more decimal places than `scale`).
 */
export function unitsAtScale(d: ExactDecimal, scale: number): bigint | undefined {
  if (d.scale <= scale) return d.units * TEN ** BigInt(scale - d.scale);
  const divisor = TEN ** BigInt(d.scale - scale);
  return d.units % divisor === 0n ? d.units / divisor : undefined;
}

/**
 * As a {@link Fixed} (trailing fraction zeros dropped when needed to fit), or undefined when the
 * digits do not fit a safe integer.
 */
export function toFixed(d: ExactDecimal): Fixed | undefined {
  let { units, scale } = d;
  while (scale > 0 && units % TEN === 0n && (units > BigInt(Number.MAX_SAFE_INTEGER) || units < -BigInt(Number.MAX_SAFE_INTEGER))) {
    units /= TEN;
    scale--;
  }
  if (units > BigInt(Number.MAX_SAFE_INTEGER) || units < -BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  const n = Number(units);
  return { units: n === 0 ? 0 : n, scale };
}
