import type Decimal from 'decimal.js';
import type { AccountSheet, ClientTotal, Money } from '@marginkit/risk-engine';
import type { Result } from '@marginkit/rpf';
import { ok } from '@marginkit/rpf';
import { clientMargin } from './client-margin';
import { unitsClientMargin } from './engine-sheet';
import type { ClientCcInput, ClientMargin, ClientMarginError } from './model';
import { DEFAULT_MAINTENANCE_RATIO, resolveMultiplier } from './multiplier';
import { scaledMultiplier, scaledRatio } from './settings';

/** Run-level settings; an account's own multiplier (positions file) overrides `multiplier`. */
export interface AccountClientOptions {
  /** The run's `--multiplier`; default 1.33. */
  readonly multiplier?: Decimal | string;
  /** The run's `--maintenance-ratio`; default 0.8. */
  readonly maintenanceRatio?: Decimal | string;
}

/** The CC-level figures of an engine calculation sheet, as the client rules take them. */
export function clientInputsOf(sheet: AccountSheet): ClientCcInput[] {
  return sheet.clearingHouses.flatMap((house) =>
    house.combinedCommodities.map((cc) => ({
      cc: cc.cc,
      clearingHouse: cc.clearingHouse,
      currency: cc.currency,
      riskMargin: cc.riskMargin,
      longOptionValue: cc.longOptionValue,
      mtm: cc.mtm,
      solelyLongOptions: cc.solelyLongOptions,
      marginable: cc.marginable,
    })),
  );
}

/**
 * Client margin of one account from its PRiME calculation sheet (on the account's basis),
 * converting to HKD with the same T rates the sheet used for the clearing-house total. A sheet
 * the engine made is margined in exact integer units with lazily made Decimal fields
 * (`engine-sheet.ts`); anything that path cannot take exactly, and every error, goes the decimal
 * way ({@link decimalClientMarginForAccount}), with the same figures.
 */
export function clientMarginForAccount(
  sheet: AccountSheet,
  options: AccountClientOptions = {},
): Result<ClientMargin, ClientMarginError> {
  const multiplier = scaledMultiplier(resolveMultiplier(sheet.multiplier, options.multiplier));
  const ratio = scaledRatio(options.maintenanceRatio ?? DEFAULT_MAINTENANCE_RATIO);
  if (multiplier !== undefined && ratio !== undefined) {
    const margin = unitsClientMargin(sheet, multiplier, ratio);
    if (margin !== undefined) return ok(margin);
  }
  return decimalClientMarginForAccount(sheet, options);
}

/** {@link clientMarginForAccount} through `clientMargin` and decimal objects: the reference. */
export function decimalClientMarginForAccount(
  sheet: AccountSheet,
  options: AccountClientOptions = {},
): Result<ClientMargin, ClientMarginError> {
  const rates = new Map<string, Money>(sheet.clearingHouses.map((h) => [h.currency, h.hkdRate]));
  return clientMargin(clientInputsOf(sheet), {
    multiplier: resolveMultiplier(sheet.multiplier, options.multiplier),
    ...(options.maintenanceRatio === undefined ? {} : { maintenanceRatio: options.maintenanceRatio }),
    toHkd: (currency) => rates.get(currency),
    account: sheet.account,
  });
}

/**
 * The engine's what-if / margin-benefit hook: an account sheet's client total in HKD. Throws
 * only on a run setting the caller should have validated (see {@link clientMarginForAccount}),
 * since the hook has no error channel.
 */
export function clientTotalHook(options: AccountClientOptions = {}): ClientTotal {
  return (sheet) => {
    const result = clientMarginForAccount(sheet, options);
    if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
    return result.value.total;
  };
}
