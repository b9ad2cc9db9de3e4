// @marginkit/client-margin public API. Each module adds its exports here explicitly.
export type {
  ClientCcInput,
  ClientMarginOptions,
  ClientCcMargin,
  ClientClearingHouseTotal,
  ClientMargin,
  ClientMarginError,
  ClientMarginErrorTag,
} from './model';
export { DEFAULT_MULTIPLIER, DEFAULT_MAINTENANCE_RATIO, resolveMultiplier } from './multiplier';
export { clientMargin } from './client-margin';
export type { ClientCcJson, ClientTotalJson, ClientMarginJson, ClientTotalsJson, ClientCcFigureTexts } from './json';
export { clientMarginJson, clientMarginJsonText, clientTotalsJson, clientCcFigureTexts } from './json';
export type { AccountClientOptions } from './account';
export { clientInputsOf, clientMarginForAccount, clientTotalHook } from './account';
export type { ClientTotalUnits } from './engine-sheet';
export { clientTotalUnits } from './engine-sheet';
