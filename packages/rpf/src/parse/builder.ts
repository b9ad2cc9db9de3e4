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
  SpotAndSom,
  Tier,
  TierSpread,
} from '../model';
import { SCENARIOS } from '../model';
import type { RiskArrayBlock, RpfSeries } from '../rpf-series';
import { SeriesIndex } from '../series-index';
import type { LineReader } from './fields';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A CC while its records 2, 3, C and 4 are still arriving. */
export interface CcDraft extends Omit<Mutable<CombinedCommodity>, 'products' | 'tiers' | 'tierSpreads'> {
  products: Product[];
  tiers: Tier[];
  tierSpreads: TierSpread[];
  /** Line of its first record 2 (to tell "defined later" from "never defined"). */
  readonly line: number;
  /** Line of its record 3 that set `tierMethod`, 0 before any. */
  tierLine: number;
  spotLine: number;
}

/** What a series (or B record) of a commodity + product type needs from its record 2. */
export interface ProductRef {
  readonly cc: string;
  /** RE − locator. */
  readonly riskScale: number;
  readonly line: number;
}

/** A reference that could not be resolved when its record was read. */
export interface PendingRef {
  readonly kind: 'cc' | 'product';
  /** CC code, or `commodity|productType`. */
  readonly key: string;
  readonly line: number;
  readonly column: number;
  readonly recordType: string;
  readonly field: string;
  readonly text: string;
}

export function productKey(commodity: string, productType: string): string {
  return `${commodity}|${productType}`;
}

/** Accumulates the model while lines arrive, then checks the cross-record references. */
export class ModelBuilder {
  header: RpfHeader | undefined;
  headerLine = 0;
  exchangeSeen = false;
  readonly currencyRates: CurrencyRate[] = [];
  readonly exchanges: Exchange[] = [];
  readonly ccs = new Map<string, CcDraft>();
  readonly products = new Map<string, ProductRef>();
  readonly groups = new Map<string, { code: string; ccs: string[] }>();
  readonly interSpreads: InterSpread[] = [];
  readonly arrayParameters: ArrayParameters[] = [];
  readonly series: RpfSeries[] = [];
  /** Built by `indexSeries` once every line is read. */
  seriesByKey: SeriesIndex | undefined;
  /** Risk arrays, 16 per row; grows by doubling. Rows past `series.length` are scratch. */
  riskArrays: Int32Array;
  /** What the series' `riskArray` views are made from: the final block, set by `build`. */
  readonly arrays: RiskArrayBlock = { block: new Int32Array(0) };
  /** Line of the 81 of each series row, for `DuplicateSeries` messages; grows with `riskArrays`. */
  seriesLines: Int32Array;
  /** The key hash of each series row (see series-index.ts), taken as its 82 is read. */
  seriesHashes: Int32Array;
  private readonly pending: PendingRef[] = [];

  /** `sizeHint`: the input's size in bytes when known, to size the risk arrays once. */
  constructor(sizeHint?: number) {
    // A series takes at least 226 bytes (an 81 and an 82 line and a line end), so this many
    // rows are enough for the whole input; capped, as a zip entry's stated size is only a claim.
    const rows = sizeHint === undefined ? 1024 : Math.min(Math.floor(sizeHint / 226) + 1, 1 << 20);
    this.riskArrays = new Int32Array(SCENARIOS * rows);
    this.seriesLines = new Int32Array(rows);
    this.seriesHashes = new Int32Array(rows);
  }

  /** Row `row` of the risk arrays (and series lines), growing them when needed. */
  ensureRow(row: number): Int32Array {
    if (row >= this.seriesLines.length) {
      const rows = Math.max(row + 1, this.seriesLines.length * 2);
      const arrays = new Int32Array(rows * SCENARIOS);
      arrays.set(this.riskArrays);
      this.riskArrays = arrays;
      const lines = new Int32Array(rows);
      lines.set(this.seriesLines);
      this.seriesLines = lines;
      const hashes = new Int32Array(rows);
      hashes.set(this.seriesHashes);
      this.seriesHashes = hashes;
    }
    return this.riskArrays;
  }

  /**
   * Builds `seriesByKey` from the series read, reporting each repeated identity with the
   * lines of its first occurrence. Done in one pass at the end rather than series by series:
   * each insert misses the cache on its random slot of the table, and in a tight loop those
   * misses overlap instead of stalling the reading of every line.
   */
  indexSeries(duplicate: (row: number, firstRow: number) => void): void {
    const series = this.series;
    const hashes = this.seriesHashes;
    const index = new SeriesIndex(series, series.length);
    for (let row = 0; row < series.length; row++) {
      const first = index.add(series[row]!.key, hashes[row]!, row);
      if (first >= 0) duplicate(row, first);
    }
    this.seriesByKey = index;
  }

  /** The CC `code`, or undefined after noting the reference for the end-of-file check. */
  cc(code: string, r: LineReader, column: number, field: string): CcDraft | undefined {
    const cc = this.ccs.get(code);
    if (cc === undefined) {
      r.failed = true;
      this.pending.push({ kind: 'cc', key: code, line: r.line, column, recordType: r.recordType, field, text: code });
    }
    return cc;
  }

  /**
   * The record 2 product of a commodity + product type, or undefined after noting the
   * reference (made at `line`, the 81 of a series or a B record) for the end-of-file check.
   */
  product(commodity: string, productType: string, line: number, column: number, recordType: string): ProductRef | undefined {
    const key = productKey(commodity, productType);
    const p = this.products.get(key);
    if (p === undefined) {
      this.pending.push({ kind: 'product', key, line, column, recordType, field: 'commodity code', text: `${commodity} ${productType}` });
    }
    return p;
  }

  /**
   * References left unresolved: to a CC or product defined further down the file (the record
   * came before its parent) or defined nowhere.
   */
  reportPending(report: (ref: PendingRef, tag: 'RecordBeforeParent' | 'UnknownCombinedCommodity', problem: string) => void): void {
    for (const ref of this.pending) {
      const definedAt = ref.kind === 'cc' ? this.ccs.get(ref.key)?.line : this.products.get(ref.key)?.line;
      if (definedAt !== undefined) {
        const what = ref.kind === 'cc' ? `CC ${ref.key}` : 'this commodity and product type';
        report(ref, 'RecordBeforeParent', `record 2 of ${what} comes later, at line ${definedAt}`);
      } else if (ref.kind === 'cc') {
        report(ref, 'UnknownCombinedCommodity', 'no record 2 defines this CC');
      } else {
        report(ref, 'UnknownCombinedCommodity', 'no record 2 lists this commodity and product type');
      }
    }
  }

  /** The finished model; only called when no error was found. */
  build(source: RpfSource, header: RpfHeader): RiskParameterFile {
    const seriesByKey = this.seriesByKey;
    if (seriesByKey === undefined) throw new Error('ModelBuilder.build: indexSeries was not called');
    const n = this.series.length;
    // The model holds exactly 16 values per series. Sized from the input, the block has a few
    // percent of rows to spare: a view of it is kept instead of copying ~7 MB; the slack of a
    // block that grew (up to half of it) is trimmed by a copy.
    const used = n * SCENARIOS;
    const spare = this.riskArrays.length - used;
    const riskArrays = spare <= used >> 4 ? this.riskArrays.subarray(0, used) : this.riskArrays.slice(0, used);
    this.arrays.block = riskArrays;
    const combinedCommodities: CombinedCommodity[] = [];
    const ccByCode = new Map<string, CombinedCommodity>();
    for (const d of this.ccs.values()) {
      const cc: CombinedCommodity = {
        code: d.code,
        exchange: d.exchange,
        riskExponent: d.riskExponent,
        currency: d.currency,
        currencyCode: d.currencyCode,
        optionMarginStyle: d.optionMarginStyle,
        limitOptionValue: d.limitOptionValue,
        combinationMargining: d.combinationMargining,
        products: d.products,
        tierMethod: d.tierMethod,
        tiers: d.tiers,
        tierSpreads: d.tierSpreads,
        spot: d.spot satisfies SpotAndSom | undefined,
      };
      combinedCommodities.push(cc);
      ccByCode.set(cc.code, cc);
    }
    const ccGroups: CcGroup[] = [...this.groups.values()];
    return {
      source,
      header,
      currencyRates: this.currencyRates,
      exchanges: this.exchanges,
      combinedCommodities,
      ccByCode,
      ccGroups,
      interSpreads: this.interSpreads,
      arrayParameters: this.arrayParameters,
      series: this.series,
      seriesByKey,
      riskArrays,
    };
  }
}
