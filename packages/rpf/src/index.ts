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
export type { Rpf01Error, Rpf01ErrorTag, Rpf01Warning, Rpf01WarningTag } from './rpf01/errors';
export type {
  Rpf01Header,
  Rpf01HeaderEntry,
  ScenarioReturns,
  FlatRateRecord,
  LiquidityRecord,
  StructuredProductRecord,
  StructuredProductAddOnRecord,
  EntitlementType,
  CorporateActionRecord,
  Rpf01File,
} from './rpf01/model';
export { RPF01_RETURN_SCALE, RPF01_HEDGE_INSTRUMENT, isTierP } from './rpf01/model';
export type { Rpf01ParseOptions, Rpf01Result } from './rpf01/parse';
export { parseRpf01, parseRpf01Stream, readRpf01 } from './rpf01/parse';
export type { Rpf01HeaderKey } from './rpf01/header';
export { RPF01_HEADER_KEYS, MAX_SCENARIO_COUNT } from './rpf01/header';
export { MAX_RPF01_ERRORS } from './rpf01/line-parser';
export { validateRpf01 } from './rpf01/validate';
export type { Rpf01GeneratorOptions, GeneratedInstruments } from './rpf01/generate';
export { rpf01Lines, generateRpf01, generatedInstruments, mulberry32, rpf01HeaderLines, rpf01Text, RPF01_TYPICAL_HEADER } from './rpf01/generate';
export { writeRpf, writeRpfBytes, RECORD_LENGTH } from './write';
export { RpfWriteError } from './write-fields';
export type { SeriesInput, RpfParts } from './assemble';
export { assembleRpf } from './assemble';
export type {
  GeneratorSpec,
  CcSpec,
  UnderlyingSpec,
  FuturesSpec,
  OptionsSpec,
  StrikeSpec,
  InterSpreadSpec,
  GeneratedRpf,
  PresetName,
} from './generate/index';
export { generateRpf, generatePreset, presetSpec, PRESET_NAMES } from './generate/index';
export type { CsvBatch, CsvPiece, CsvStreamOptions } from './csv-stream';
export { CsvPieces, parseCsvPiece, csvBatches, readCsvBatches } from './csv-stream';
export { PlainCsvRecords, isPlainCsv, plainCsvFields } from './csv-plain';
