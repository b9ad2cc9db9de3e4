import type Decimal from 'decimal.js';

/** HKEX's client margin multiplier (Revised Client Margining Methodology). */
export const DEFAULT_MULTIPLIER = '1.33';
/** HKFE's maintenance margin ratio. */
export const DEFAULT_MAINTENANCE_RATIO = '0.8';

/**
 * The multiplier that applies to one account: the account's own (positions `multiplier`
 * column) over the run's (`--multiplier`) over HKEX's 1.33. A participant may charge one client
 * more than the run's default, so the most specific setting wins.
 */
export function resolveMultiplier(
  account: Decimal | string | undefined,
  run: Decimal | string | undefined,
): Decimal | string {
  return account ?? run ?? DEFAULT_MULTIPLIER;
}
