import type { ArrayParameters, CombinedCommodity, RiskParameterFile, Series, SeriesId } from '../../src/model';
import { SCENARIOS, seriesKey } from '../../src/model';

/**
 * A minimal, hand-built RiskParameterFile holding the given series (no parser, no writer
 * involved), for tests of code that only looks up series. Each series' CC is `ccOf(commodity)`.
 */
export type HandSeries = Partial<SeriesId> &
  Pick<SeriesId, 'commodity'> &
  Partial<Pick<Series, 'riskScale' | 'compositeDelta' | 'impliedVolatility' | 'settlementPrice'>> & {
    readonly riskArray?: readonly number[];
  };

export function handRpf(
  ids: readonly HandSeries[],
  opts: {
    businessDate?: string;
    ccOf?: (commodity: string) => string;
    riskExponent?: number;
    arrayParameters?: readonly ArrayParameters[];
  } = {},
): RiskParameterFile {
  const ccOf = opts.ccOf ?? ((c: string) => `FE${c}`.slice(0, 6));
  const riskArrays = new Int32Array(ids.length * SCENARIOS);
  const series: Series[] = ids.map((p, row) => {
    const { riskArray, riskScale, compositeDelta, impliedVolatility, settlementPrice, ...given } = p;
    const id: SeriesId = {
      exchange: 'HKF',
      underlying: p.commodity,
      productType: 'FUT',
      right: '',
      futuresMonth: 0,
      futuresDayWeek: '',
      optionMonth: 0,
      optionDayWeek: '',
      strike: 0,
      ...given,
    };
    const view = riskArrays.subarray(row * SCENARIOS, (row + 1) * SCENARIOS);
    if (riskArray !== undefined) view.set(riskArray);
    return {
      ...id,
      key: seriesKey(id),
      cc: ccOf(id.commodity),
      riskScale: riskScale ?? 0,
      row,
      riskArray: view,
      compositeDelta: compositeDelta ?? 0,
      impliedVolatility: impliedVolatility ?? 0,
      settlementPrice: settlementPrice ?? 0,
    };
  });
  const ccs = new Map<string, CombinedCommodity>();
  for (const s of series) {
    if (ccs.has(s.cc)) continue;
    ccs.set(s.cc, {
      code: s.cc,
      exchange: 'HKF',
      riskExponent: opts.riskExponent ?? 0,
      currency: 'HKD',
      currencyCode: '$',
      optionMarginStyle: 'P',
      limitOptionValue: 'N',
      combinationMargining: '',
      products: [],
      tierMethod: '',
      tiers: [],
      tierSpreads: [],
      spot: undefined,
    });
  }
  const businessDate = opts.businessDate ?? '2016-09-30';
  return {
    source: { fileName: undefined, fromFileName: undefined },
    header: {
      exchangeComplex: 'HKEX',
      businessDate,
      settlementFlag: 'S',
      fileId: 'F',
      kind: 'final',
      businessTime: '18:30',
      creationDate: businessDate,
      creationTime: '19:00',
      format: 'U2',
      grossNetIndicator: '',
      limitOptionValueFlag: '',
      businessFunction: 'CLR',
      levelFlag: 'A',
      levelCode: 'CLR',
    },
    currencyRates: [],
    exchanges: [{ acronym: 'HKF', code: '01' }],
    combinedCommodities: [...ccs.values()],
    ccByCode: ccs,
    ccGroups: [],
    interSpreads: [],
    arrayParameters: opts.arrayParameters ?? [],
    series,
    seriesByKey: new Map(series.map((s) => [s.key, s])),
    riskArrays,
  };
}
