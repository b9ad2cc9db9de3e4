import type {
  ArrayParameters,
  CcGroup,
  CombinedCommodity,
  CurrencyRate,
  Exchange,
  InterSpread,
  Product,
  RiskParameterFile,
  RpfHeader,
  RpfSource,
  Series,
  SeriesId,
} from './model';
import { SCENARIOS, riskArrayScale, seriesKey } from './model';
import { productKey } from './parse/builder';
import type { RiskArrayBlock } from './rpf-series';
import { RpfSeries } from './rpf-series';
import { SeriesIndex, hashKey } from './series-index';

/** One series as plain data: identity, 16 raw risk-array values, delta, volatility, price. */
export type SeriesInput = SeriesId & {
  /** 16 raw values (× 10^RE ÷ 10^locator of the CC and product). */
  readonly riskArray: readonly number[] | Int32Array;
  /** Scale 4. */
  readonly compositeDelta: number;
  /** Scale 6. */
  readonly impliedVolatility: number;
  /** Raw, with the commodity's price decimals. */
  readonly settlementPrice: number;
};

export interface RpfParts {
  readonly header: RpfHeader;
  readonly currencyRates?: readonly CurrencyRate[];
  readonly exchanges: readonly Exchange[];
  readonly combinedCommodities: readonly CombinedCommodity[];
  readonly ccGroups?: readonly CcGroup[];
  readonly interSpreads?: readonly InterSpread[];
  readonly arrayParameters?: readonly ArrayParameters[];
  readonly series: readonly SeriesInput[];
  readonly source?: RpfSource;
}

/**
 * Assembles a consistent {@link RiskParameterFile} from plain parts, deriving what the parser
 * derives: each series (an {@link RpfSeries}, as a parse gives) with its key, CC, risk scale,
 * row and risk-array view, the shared `riskArrays` block and the lookup maps. A programmer API
 * (generator, tests): an inconsistent input — a series whose commodity/product no CC lists, a
 * commodity/product listed by two CCs, a duplicate series, a risk array that is not 16 int32
 * values, a duplicate CC code — throws.
 */
export function assembleRpf(parts: RpfParts): RiskParameterFile {
  const ccByCode = new Map<string, CombinedCommodity>();
  const productOwner = new Map<string, { cc: CombinedCommodity; product: Product }>();
  for (const cc of parts.combinedCommodities) {
    if (ccByCode.has(cc.code)) throw new Error(`assembleRpf: CC ${cc.code} is defined twice`);
    ccByCode.set(cc.code, cc);
    for (const product of cc.products) {
      const k = productKey(product.commodity, product.productType);
      const other = productOwner.get(k);
      if (other !== undefined) {
        throw new Error(
          `assembleRpf: commodity ${product.commodity} ${product.productType} is listed by CC ${other.cc.code} and CC ${cc.code}`,
        );
      }
      productOwner.set(k, { cc, product });
    }
  }

  const n = parts.series.length;
  const riskArrays = new Int32Array(n * SCENARIOS);
  const arrays: RiskArrayBlock = { block: riskArrays };
  const series: Series[] = new Array<Series>(n);
  // The parser's index, so that an assembled model and its parse are deep-equal.
  const seriesByKey = new SeriesIndex(series, n);
  for (let row = 0; row < n; row++) {
    const input = parts.series[row] as SeriesInput;
    const key = seriesKey(input);
    const owner = productOwner.get(productKey(input.commodity, input.productType));
    if (owner === undefined) {
      throw new Error(`assembleRpf: series ${JSON.stringify(key)}: no CC lists commodity ${input.commodity} ${input.productType}`);
    }
    if (seriesByKey.add(key, hashKey(key), row) >= 0) throw new Error(`assembleRpf: series ${JSON.stringify(key)} appears twice`);
    if (input.riskArray.length !== SCENARIOS) {
      throw new Error(`assembleRpf: series ${JSON.stringify(key)}: risk array has ${input.riskArray.length} values, not ${SCENARIOS}`);
    }
    const base = row * SCENARIOS;
    for (let k = 0; k < SCENARIOS; k++) {
      const v = input.riskArray[k] as number;
      if (!Number.isInteger(v) || v !== (v | 0)) {
        throw new Error(`assembleRpf: series ${JSON.stringify(key)}: risk array value ${k + 1} (${v}) is not an int32`);
      }
      riskArrays[base + k] = v;
    }
    const s = new RpfSeries(
      input.exchange,
      input.commodity,
      input.underlying,
      input.productType,
      input.right,
      input.futuresMonth,
      input.futuresDayWeek,
      input.optionMonth,
      input.optionDayWeek,
      input.strike,
      key,
      owner.cc.code,
      riskArrayScale(owner.cc, owner.product),
      row,
      input.compositeDelta,
      input.impliedVolatility,
      input.settlementPrice,
      arrays,
    );
    series[row] = s;
  }

  return {
    source: parts.source ?? { fileName: undefined, fromFileName: undefined },
    header: parts.header,
    currencyRates: parts.currencyRates ?? [],
    exchanges: parts.exchanges,
    combinedCommodities: parts.combinedCommodities,
    ccByCode,
    ccGroups: parts.ccGroups ?? [],
    interSpreads: parts.interSpreads ?? [],
    arrayParameters: parts.arrayParameters ?? [],
    series,
    seriesByKey,
    riskArrays,
  };
}
