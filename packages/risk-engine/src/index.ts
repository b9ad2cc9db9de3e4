// @marginkit/risk-engine public API. Each module adds its exports here explicitly.
export type { Money } from './decimal';
export { PrimeDecimal, roundWhole, decimalText } from './decimal';
export type {
  Basis,
  SideName,
  RpfProvenance,
  TierDeltaSheet,
  MonthDeltaSheet,
  IntraSpreadLegSheet,
  IntraSpreadSheet,
  SpotChargeSheet,
  InterSpreadLegSheet,
  InterSpreadSheet,
  ShortOptionMinimumSheet,
  SideSheet,
  CcSheet,
  ClearingHouseSheet,
  AccountSheet,
  PositionErrorTag,
  PositionError,
  MarginRun,
} from './prime/sheet';
export type {
  RpfJson,
  SideJson,
  CcJson,
  ClearingHouseJson,
  AccountJson,
  PositionErrorJson,
  MarginRunJson,
} from './prime/sheet-json';
export {
  SCHEMA_VERSION,
  sideToJson,
  ccToJson,
  clearingHouseToJson,
  accountSheetToJson,
  positionErrorToJson,
  sheetToJson,
} from './prime/sheet-json';
export type {
  PortfolioPosition,
  PositionRow,
  ResolvedPosition,
  WhatIfTrade,
  ClientTotal,
  WhatIfStep,
  MarginBenefit,
  WhatIfResult,
} from './prime/inputs';
