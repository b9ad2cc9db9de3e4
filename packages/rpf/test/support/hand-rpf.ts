import type { SeriesInput } from '../../src/assemble';
import { assembleRpf } from '../../src/assemble';
import type { ArrayParameters, CombinedCommodity, Product, RiskParameterFile, Series, SeriesId } from '../../src/model';
import { SCENARIOS } from '../../src/model';

export type HandSeries = Partial<SeriesId> &
  Pick<SeriesId, 'commodity'> &
  Partial<Pick<Series, 'compositeDelta' | 'impliedVolatility' | 'settlementPrice'>> & {
    readonly riskArray?: readonly number[];
    /** Risk-array decimal locator of the series' product (the first series of a product sets it). */
    readonly riskArrayLocator?: number;
  };

/**
 * A small RiskParameterFile holding the given series, assembled from parts (no parser, no
 * writer involved), for tests of code that looks series up. Each commodity/product type becomes
 * a product of CC `ccOf(commodity)`; identities default to an HKF future with no months.
 */
export function handRpf(
  given: readonly HandSeries[],
  opts: {
    businessDate?: string;
    ccOf?: (commodity: string) => string;
    riskExponent?: number;
    arrayParameters?: readonly ArrayParameters[];
  } = {},
): RiskParameterFile {
  const ccOf = opts.ccOf ?? ((c: string) => `FE${c}`.slice(0, 6));
  const products = new Map<string, Map<string, Product>>();
  const series: SeriesInput[] = given.map(({ riskArrayLocator, ...p }) => {
    const s: SeriesInput = {
      exchange: 'HKF',
      underlying: p.commodity,
      productType: 'FUT',
      right: '',
      futuresMonth: 0,
      futuresDayWeek: '',
      optionMonth: 0,
      optionDayWeek: '',
      strike: 0,
      riskArray: Array<number>(SCENARIOS).fill(0),
      compositeDelta: 0,
      impliedVolatility: 0,
      settlementPrice: 0,
      ...p,
    };
    const cc = ccOf(s.commodity);
    const list = products.get(cc) ?? new Map<string, Product>();
    products.set(cc, list);
    const key = `${s.commodity} ${s.productType}`;
    if (!list.has(key)) list.set(key, { commodity: s.commodity, productType: s.productType, riskArrayLocator: riskArrayLocator ?? 0 });
    return s;
  });
  const combinedCommodities: CombinedCommodity[] = [...products].map(([code, list]) => ({
    code,
    exchange: 'HKF',
    riskExponent: opts.riskExponent ?? 0,
    currency: 'HKD',
    currencyCode: 'H',
    optionMarginStyle: 'P',
    limitOptionValue: 'N',
    combinationMargining: '',
    products: [...list.values()],
    tierMethod: '',
    tiers: [],
    tierSpreads: [],
    spot: undefined,
  }));
  const businessDate = opts.businessDate ?? '2016-09-30';
  return assembleRpf({
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
    exchanges: [{ acronym: 'HKF', code: '01' }],
    combinedCommodities,
    series,
    arrayParameters: opts.arrayParameters ?? [],
  });
}
