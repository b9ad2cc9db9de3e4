// @marginkit/rpf public API. Each module adds its exports here explicitly.
export type { Result } from './result';
export { ok, err } from './result';
export type { RpfError, RpfErrorTag, RpfWarning, RpfWarningTag } from './errors';
export { formatLocation } from './errors';
export type {
  Fixed,
  FileKind,
  RpfHeader,
  RpfSource,
  CurrencyRate,
  Exchange,
  ProductType,
  Product,
  Tier,
  MarketSide,
  TierSpreadLeg,
  TierSpread,
  DeliveryMonth,
  SomMethod,
  SpotAndSom,
  CombinedCommodity,
  CcGroup,
  InterSpreadLeg,
  InterSpread,
  ArrayParameters,
  SeriesId,
  Series,
  RiskParameterFile,
} from './model';
export { SCENARIOS, seriesKey, effectiveDeltaScalingFactor, riskArrayScale, seriesMonth } from './model';
export type { ClearingHouse, ContractSpec, ContractCatalogue } from './contract';
