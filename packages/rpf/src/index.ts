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
export { formatFixed, parseFixed } from './fixed';
export type { CsvRecord, CsvSyntaxError } from './csv';
export { parseCsv, csvField } from './csv';
export type { CatalogueError, CatalogueErrorTag, CatalogueFormat, CatalogueOptions } from './catalogue';
export { parseCatalogue, readCatalogue, makeCatalogue, catalogueToCsv, CATALOGUE_COLUMNS, MAX_PRICE_DECIMALS } from './catalogue';
export type { SeriesCodeError, SeriesCodeErrorTag, ParsedSeriesCode } from './series-code';
export { parseSeriesCode, resolveSeries, formatSeriesCode, resolveYearDigit, FUTURES_MONTH_CODES } from './series-code';
export type { ParseOptions, RpfResult } from './parse/parser';
export { parseRpf } from './parse/parse';
export { parseRpfStream, readRpfFile } from './parse/stream';
export type { RpfFileNameInfo } from './parse/file-name';
export { parseRpfFileName } from './parse/file-name';
export type { RpfZipEntry, RpfZipPick, ParsedZipEntry } from './parse/zip';
export { listRpfZip, chooseRpfEntry, readRpfZip, readRpfZipAll, readRpf } from './parse/zip';
export type { SeriesDetail, ArrayParametersDetail } from './series-detail';
export { describeSeries, arrayParametersOf } from './series-detail';
