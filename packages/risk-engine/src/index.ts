// @marginkit/risk-engine public API. Each module adds its exports here explicitly.
export type { Money } from './decimal';
export { PrimeDecimal, roundWhole, decimalText } from './decimal';
export { unitsText, unitsDecimal, roundWholeUnits } from './money-units';
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
  MarginFigures,
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
  InterSpreadJson,
  MarginFiguresJson,
  SideJson,
  CcJson,
  ClearingHouseJson,
  AccountJson,
  PositionErrorJson,
  MarginRunJson,
} from './prime/sheet-json';
export {
  SCHEMA_VERSION,
  interSpreadToJson,
  sideToJson,
  ccToJson,
  clearingHouseToJson,
  accountSheetToJson,
  accountSheetToJsonGeneric,
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
export type { WhatIfStepJson, WhatIfJson } from './prime/sheet-json';
export { whatIfToJson } from './prime/sheet-json';
export { accountSheetJsonText, ccFiguresCsv, withAccountSheetJsonBytes } from './prime/sheet-text';
export type { PrimeContext } from './prime/context';
export { preparePrime } from './prime/context';
export { marginPortfolio, PrimeInputError, ccClientUnits, sheetTotalUnits } from './prime/portfolio';
export type { CcClientUnits, ScaledUnits, SheetTotalUnits } from './prime/portfolio';
export type { ResolvedAccount, ResolveOptions, ResolvedPositions } from './prime/positions';
export type { MarginAccountsOptions } from './prime/positions';
export { resolvePositions, marginAccounts, seriesOfRow } from './prime/positions';
/** Position errors that `skipUnknown` leaves out (rows naming something the RPF or catalogue cannot margin). */
export { SKIPPABLE as SKIPPABLE_POSITION_ERRORS } from './prime/positions';
export type { PositionColumn, PositionFileFormat, PositionFileErrorTag, PositionFileError, PositionFileOptions } from './prime/positions-file';
export { parsePositions, readPositions, POSITION_COLUMNS, REQUIRED_POSITION_COLUMNS } from './prime/positions-file';
export type { WhatIfOptions } from './prime/whatif';
export { whatIf, marginBenefit, marginedPositions } from './prime/whatif';
export type { VarInputError, VarInputErrorTag } from './var/errors';
export type { VarPosition, VarPositions, VarParams } from './var/inputs';
export type { VarPositionsOptions } from './var/positions';
export { parseVarPositions, readVarPositions, VAR_POSITION_COLUMNS } from './var/positions';
export type { VarParamsOptions } from './var/params';
export { parseVarParams, readVarParams, VAR_PARAM_KEYS } from './var/params';
export type { JsonValue, ExactJson, JsonPosition, JsonSyntaxError } from './var/exact-json';
export { JsonNumber, parseExactJson } from './var/exact-json';
export type { TierNPosition, EntitlementPosition, ClassifiedPositions } from './var/classify';
export { classifyPositions, entitlementOf, ENTITLEMENT_PREFIXES } from './var/classify';
export type { PnlLeg } from './var/scenario-pnl';
export { pnlLeg, roundTwoStep, roundedProduct, roundedProductFast, roundedProductExact, addPositionPnl, addPositionsPnl, pnlBound } from './var/scenario-pnl';
export { tailSize, worstScenarios } from './var/tail';
export type { TailMeasure, SubPortfolio, PortfolioMargin } from './var/portfolio-margin';
export { portfolioMargin, subPortfolioOf, NON_IPO } from './var/portfolio-margin';
export type { FlatRateGroup, FlatRateMargin } from './var/flat-rate';
export { flatRateMargin } from './var/flat-rate';
export type { LiquidityGroup, LiquidationRisk } from './var/liquidation-risk';
export { liquidationRiskAddOn } from './var/liquidation-risk';
export type { StructuredProductCharge, StructuredProductAddOn } from './var/structured-product';
export { structuredProductAddOn } from './var/structured-product';
export type { CorporateActionCharge, CorporateActionMargin } from './var/corporate-action';
export { corporateActionMargin } from './var/corporate-action';
export type { PositionLimitAddOn, VarMargin } from './var/margin';
export { computeVarMargin } from './var/margin';
export type { VarSubPortfolioJson, VarMarginJson } from './var/report';
export { varMarginToJson, VAR_SCHEMA_VERSION } from './var/report';
export type { PositionBatch, PositionStreamOptions } from './prime/positions-stream';
export { positionBatches, readPositionBatches } from './prime/positions-stream';
export type { PositionPiece } from './prime/positions-stream';
export { positionPieces, readPositionPieces } from './prime/positions-stream';
export type { CsvLayout, RawRow, RawField } from './prime/positions-file';
export { checkRow, csvLayout, csvRawRow, CsvRowChecker, isCcCode } from './prime/positions-file';
