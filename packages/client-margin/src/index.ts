// @marginkit/client-margin public API. Each module adds its exports here explicitly.
export type {
  ClientCcInput,
  ClientMarginOptions,
  ClientCcMargin,
  ClientTotal,
  ClientMargin,
  ClientMarginError,
  ClientMarginErrorTag,
} from './model';
export { ClientDecimal, roundWholeHalfUp } from './decimal';
export { DEFAULT_MULTIPLIER, DEFAULT_MAINTENANCE_RATIO, resolveMultiplier } from './multiplier';
export { clientMargin } from './client-margin';
export { hkdRates } from './hkd-rates';
export type { ClientCcJson, ClientTotalJson, ClientMarginJson } from './json';
export { clientMarginJson } from './json';
