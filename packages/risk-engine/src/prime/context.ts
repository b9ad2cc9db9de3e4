import type Decimal from 'decimal.js';
import type {
  ArrayParameters,
  ClearingHouse,
  CombinedCommodity,
  ContractCatalogue,
  ContractSpec,
  Fixed,
  MarketSide,
  RiskParameterFile,
  SomMethod,
} from '@marginkit/rpf';
import { SCENARIOS, effectiveDeltaScalingFactor, seriesMonth } from '@marginkit/rpf';
import type { Q } from './exact';
import { div, mul, pow10, real, shift } from './exact';
import type { RpfProvenance } from './sheet';

/**
 * Everything PRiME needs from one RPF and catalogue, computed once and laid out for the hot
 * path: per series, its risk array, delta and option value as exact integers in typed arrays,
 * aligned to one money scale and one delta scale per combined commodity (CC); per CC, its tiers,
 * spreads and rates in the same units.
 *
 * Scales (number of implied decimals of integer units):
 * - money scale `ms`: losses, charges, SOM, option values, risk margin of the CC;
 * - delta scale `ds`: 4 (composite delta) + the decimals of the delta scaling factors.
 */

/** Layout of {@link EngineData.records}. */
export const RECORD = 20;
export const AT_DELTA = 16;
export const AT_VALUE = 17;
/** month slot × 16 + kind × 4 + problem (all small integers). */
export const AT_META = 18;
export const AT_CC = 19;

/** Why a series cannot be margined (0 = it can). */
export const SeriesProblem = { None: 0, NotInCatalogue: 1, NoCurrencyRate: 2 } as const;

/** Series kind codes of {@link EngineData.kind}. */
export const OptionKind = { Future: 0, Call: 1, Put: 2 } as const;

export interface IntraSpreadDef {
  readonly priority: number;
  /** Charge per spread scaled so that n (delta units) × chargeUnits = money units. */
  readonly chargeUnits: Q;
  readonly legs: readonly { readonly tier: number; readonly slot: number; readonly ratio: number; readonly side: MarketSide }[];
  /** A leg with ratio 0 can never form a spread (the spec divides by it); such a record is ignored. */
  readonly usable: boolean;
}

export interface SpotDef {
  readonly month: number;
  /** Slot of the month among the CC's months, −1 when no series of the CC has that month. */
  readonly monthSlot: number;
  readonly tierSlot: number;
  /** Rates scaled so that delta units × rate = money units (exact: ms ≥ ds − RE). */
  readonly consumedRateUnits: Q;
  readonly remainingRateUnits: Q;
}

export interface CcInfo {
  readonly index: number;
  readonly code: string;
  readonly cc: CombinedCommodity;
  /** From the catalogue (undefined when no catalogue row names this CC). */
  readonly clearingHouse: ClearingHouse | undefined;
  readonly isSeoch: boolean;
  readonly currency: string;
  /** T rate to HKD (1 for HKD), undefined when the RPF has none. */
  readonly hkdRate: Decimal | undefined;
  /** The same rate as an exact figure in whole units (0 when there is none). */
  readonly hkdRateQ: Q;
  readonly ms: number;
  readonly ds: number;
  /** Largest |value| per contract among risk-array, delta and option-value units (Infinity = not safe). */
  readonly maxMagnitude: number;
  /** Distinct contract months of the CC's series, ascending. */
  readonly months: Int32Array;
  /** Tier slot of each month slot. */
  readonly monthTier: Int32Array;
  /** Tier number of each tier slot, ascending (tier 0 = months in no tier, when there are any). */
  readonly tierNumbers: readonly number[];
  /** A zero per tier slot (shared: never written). */
  readonly tierZeros: readonly Q[];
  readonly intraSpreads: readonly IntraSpreadDef[];
  readonly spot: readonly SpotDef[];
  readonly somMethod: SomMethod;
  /** SOM rate in money units per contract. */
  readonly somRateUnits: Q;
  /** Indices into {@link EngineData.interSpreads} of the type-6 spreads with a leg in this CC. */
  readonly interSpreads: readonly number[];
}

export interface InterSpreadDef {
  /** Position in priority order (ties: file order). */
  readonly order: number;
  readonly group: string;
  readonly priority: number;
  /** Percent, scale 4 (9(3)V9(4)). */
  readonly creditRateUnits: number;
  readonly legs: readonly {
    readonly cc: number;
    readonly code: string;
    /** Delta per spread, scale 4 (9(3)V9(4)). */
    readonly ratioUnits: number;
    readonly side: MarketSide;
  }[];
}

export interface EngineData {
  readonly ccs: readonly CcInfo[];
  readonly interSpreads: readonly InterSpreadDef[];
  /** Per series row. */
  readonly ccOf: Int32Array;
  readonly problem: Uint8Array;
  readonly kind: Uint8Array;
  readonly monthSlot: Int32Array;
  /**
   * One record of {@link RECORD} numbers per row, so that margining a position reads one
   * contiguous block: the 16 losses of one long contract (money units of its CC), composite delta
   * × DSF per contract (delta units), settlement price × multiplier for an option (money units),
   * month slot, kind and problem packed in one number, and the CC index.
   */
  readonly records: Float64Array;
  /** The exact inputs again, for the BigInt path when a portfolio outgrows 2^53. */
  readonly exact: {
    /** The RPF's raw risk arrays (16 per row). */
    readonly riskArrays: Int32Array;
    /** Raw composite delta (scale 4) and settlement price per row. */
    readonly compositeDelta: Float64Array;
    readonly price: Float64Array;
    /** Power of ten turning a raw risk-array value into money units (≥ 0). */
    readonly raShift: Int32Array;
    /** Per row: delta units = compositeDelta × dsfUnits × 10^deltaShift. */
    readonly dsfUnits: Float64Array;
    readonly deltaShift: Int32Array;
    /** Per row: value units = price × multiplierUnits × 10^valueShift. */
    readonly multiplierUnits: Float64Array;
    readonly valueShift: Int32Array;
  };
}

/** A prepared RPF + catalogue: build once per file, margin many portfolios. */
export interface PrimeContext {
  readonly rpf: RiskParameterFile;
  readonly catalogue: ContractCatalogue;
  readonly provenance: RpfProvenance;
  /** Internal layout of the fast path. */
  readonly engine: EngineData;
}

function trimFixed(f: Fixed): Fixed {
  let { units, scale } = f;
  while (scale > 0 && units % 10 === 0) {
    units /= 10;
    scale -= 1;
  }
  return { units, scale };
}

/** A Fixed's units at `scale` decimals (record 6 ratios are scale 4 as parsed). */
function scaleUnits(f: Fixed, scale: number): number {
  if (f.scale > scale) throw new RangeError(`preparePrime: ratio ${f.units}e-${f.scale} has more than ${scale} decimals`);
  return f.units * 10 ** (scale - f.scale);
}

function bKey(commodity: string, productType: string, futuresMonth: number, optionMonth: number): string {
  return `${commodity}\u0000${productType}\u0000${futuresMonth}\u0000${optionMonth}`;
}

/** The T rate from `currency` to HKD; the inverse of an HKD→currency rate when only that is given. */
function hkdRateOf(rpf: RiskParameterFile, currency: string): Q | undefined {
  if (currency === 'HKD') return 1;
  const direct = rpf.currencyRates.find((r) => r.from === currency && r.to === 'HKD');
  if (direct !== undefined) return shift(direct.multiplier.units, -direct.multiplier.scale);
  const inverse = rpf.currencyRates.find((r) => r.from === 'HKD' && r.to === currency && r.multiplier.units !== 0);
  if (inverse !== undefined) return div(1, shift(inverse.multiplier.units, -inverse.multiplier.scale));
  return undefined;
}

/** Exact integer × 10^k as a number, or NaN when the product is not a safe integer. */
function scaled(value: number, k: number): number {
  const p = pow10(k);
  if (typeof p !== 'number') return Number.NaN;
  const r = mul(value, p);
  return typeof r === 'number' ? r : Number.NaN;
}

export function preparePrime(rpf: RiskParameterFile, catalogue: ContractCatalogue): PrimeContext {
  const nSeries = rpf.series.length;
  const ccIndex = new Map<string, number>();
  rpf.combinedCommodities.forEach((cc, i) => ccIndex.set(cc.code, i));

  const bRecords = new Map<string, ArrayParameters>();
  for (const b of rpf.arrayParameters) {
    const k = bKey(b.commodity, b.productType, b.futuresMonth, b.optionMonth);
    if (!bRecords.has(k)) bRecords.set(k, b);
  }
  const ccContract = new Map<string, ContractSpec>();
  for (const c of catalogue.contracts) if (!ccContract.has(c.cc)) ccContract.set(c.cc, c);

  // Per series: its DSF and contract; per CC: the scales that make every figure an integer.
  const dsf: Fixed[] = new Array<Fixed>(nSeries);
  const contract: (ContractSpec | undefined)[] = new Array<ContractSpec | undefined>(nSeries);
  const nCc = rpf.combinedCommodities.length;
  const lossScale = new Array<number>(nCc).fill(0);
  const dsfScale = new Array<number>(nCc).fill(0);
  const valueScale = new Array<number>(nCc).fill(0);
  const monthsOf: Set<number>[] = Array.from({ length: nCc }, () => new Set<number>());
  const ccOf = new Int32Array(nSeries);
  for (const s of rpf.series) {
    const c = ccIndex.get(s.cc);
    if (c === undefined) throw new RangeError(`preparePrime: series ${s.key} names CC ${s.cc}, which the RPF does not define`);
    ccOf[s.row] = c;
    const b = bRecords.get(bKey(s.commodity, s.productType, s.futuresMonth, s.optionMonth));
    const f = trimFixed(b === undefined ? { units: 1, scale: 0 } : effectiveDeltaScalingFactor(b));
    dsf[s.row] = f;
    const spec = catalogue.byCommodity.get(s.commodity);
    contract[s.row] = spec;
    lossScale[c] = Math.max(lossScale[c] as number, -s.riskScale);
    dsfScale[c] = Math.max(dsfScale[c] as number, f.scale);
    if (spec !== undefined && s.right !== '') {
      const m = trimFixed(spec.multiplier);
      valueScale[c] = Math.max(valueScale[c] as number, spec.priceDecimals + m.scale);
    }
    monthsOf[c]?.add(seriesMonth(s));
  }

  const ccs: CcInfo[] = [];
  const monthSlotOf: Map<number, number>[] = [];
  for (let c = 0; c < nCc; c++) {
    const cc = rpf.combinedCommodities[c] as CombinedCommodity;
    const re = cc.riskExponent;
    const ds = 4 + (dsfScale[c] as number);
    const ms = Math.max(0, lossScale[c] as number, ds - re, valueScale[c] as number, -re);
    const months = Int32Array.from([...(monthsOf[c] as Set<number>)].sort((a, b) => a - b));
    const slotOf = new Map<number, number>();
    months.forEach((m, i) => slotOf.set(m, i));
    monthSlotOf.push(slotOf);

    const tierOfMonth = (m: number): number => cc.tiers.find((t) => m >= t.startMonth && m <= t.endMonth)?.number ?? 0;
    const tierSet = new Set<number>(cc.tiers.map((t) => t.number));
    for (const m of months) tierSet.add(tierOfMonth(m));
    const tierNumbers = [...tierSet].sort((a, b) => a - b);
    const tierSlot = new Map<number, number>();
    tierNumbers.forEach((t, i) => tierSlot.set(t, i));
    const monthTier = Int32Array.from(months, (m) => tierSlot.get(tierOfMonth(m)) as number);

    // Rates are × 10^RE; a charge n (delta units, scale ds) × rate lands in money units at ms.
    const rateShift = ms - ds + re;
    const intraSpreads: IntraSpreadDef[] = cc.tierSpreads
      .map((sp, i) => ({ sp, i }))
      .sort((a, b) => a.sp.priority - b.sp.priority || a.i - b.i)
      .map(({ sp }) => ({
        priority: sp.priority,
        chargeUnits: mul(sp.chargeRate, pow10(rateShift)),
        legs: sp.legs.map((l) => ({ tier: l.tier, slot: tierSlot.get(l.tier) ?? -1, ratio: l.ratio, side: l.side })),
        usable: sp.legs.length > 0 && sp.legs.every((l) => l.ratio > 0),
      }));
    const spot: SpotDef[] = (cc.spot?.deliveryMonths ?? []).map((d) => ({
      month: d.month,
      monthSlot: slotOf.get(d.month) ?? -1,
      tierSlot: tierSlot.get(tierOfMonth(d.month)) as number,
      consumedRateUnits: mul(d.consumedRate, pow10(rateShift)),
      remainingRateUnits: mul(d.remainingRate, pow10(rateShift)),
    }));
    const spec = ccContract.get(cc.code);
    const rate = hkdRateOf(rpf, cc.currency);
    ccs.push({
      index: c,
      code: cc.code,
      cc,
      clearingHouse: spec?.clearingHouse,
      isSeoch: spec?.clearingHouse === 'SEOCH',
      currency: cc.currency,
      hkdRate: rate === undefined ? undefined : real(rate, 0),
      hkdRateQ: rate ?? 0,
      ms,
      ds,
      maxMagnitude: 0,
      months,
      monthTier,
      tierNumbers,
      tierZeros: tierNumbers.map(() => 0),
      intraSpreads,
      spot,
      somMethod: cc.spot?.somMethod ?? '2',
      somRateUnits: mul(cc.spot?.somRate ?? 0, pow10(ms + re)),
      interSpreads: [],
    });
  }

  // Type-6 spreads in ascending priority, ties in file order; a spread naming a CC the RPF lacks
  // cannot be parsed, so every leg resolves.
  const interSpreads: InterSpreadDef[] = rpf.interSpreads
    .map((sp, i) => ({ sp, i }))
    .sort((a, b) => a.sp.priority - b.sp.priority || a.i - b.i)
    .filter(({ sp }) => sp.legs.length > 0 && sp.legs.every((l) => l.ratio.units > 0 && ccIndex.has(l.cc)))
    .map(({ sp }, order) => ({
      order,
      group: sp.group,
      priority: sp.priority,
      creditRateUnits: scaleUnits(sp.creditRate, 4),
      legs: sp.legs.map((l) => ({
        cc: ccIndex.get(l.cc) as number,
        code: l.cc,
        ratioUnits: scaleUnits(l.ratio, 4),
        side: l.side,
      })),
    }));
  for (const sp of interSpreads) {
    for (const c of new Set(sp.legs.map((l) => l.cc))) (ccs[c]?.interSpreads as number[]).push(sp.order);
  }

  const problem = new Uint8Array(nSeries);
  const kind = new Uint8Array(nSeries);
  const monthSlot = new Int32Array(nSeries);
  const records = new Float64Array(nSeries * RECORD);
  const raShift = new Int32Array(nSeries);
  const dsfUnits = new Float64Array(nSeries);
  const deltaShift = new Int32Array(nSeries);
  const multiplierUnits = new Float64Array(nSeries);
  const valueShift = new Int32Array(nSeries);
  const magnitude = new Array<number>(nCc).fill(0);
  // Risk arrays read from the file's block by row: a series' riskArray view is only made when
  // read (packages/rpf README), and this walk would make one per series.
  const riskArrays = rpf.riskArrays;
  for (const s of rpf.series) {
    const row = s.row;
    const c = ccOf[row] as number;
    const info = ccs[c] as CcInfo;
    const spec = contract[row];
    problem[row] =
      spec === undefined || info.clearingHouse === undefined
        ? SeriesProblem.NotInCatalogue
        : info.hkdRate === undefined
          ? SeriesProblem.NoCurrencyRate
          : SeriesProblem.None;
    kind[row] = s.right === 'C' ? OptionKind.Call : s.right === 'P' ? OptionKind.Put : OptionKind.Future;
    monthSlot[row] = monthSlotOf[c]?.get(seriesMonth(s)) as number;

    let mag = 0;
    const rs = info.ms + s.riskScale;
    raShift[row] = rs;
    const at = row * RECORD;
    records[at + AT_META] = (monthSlot[row] as number) * 16 + (kind[row] as number) * 4 + (problem[row] as number);
    records[at + AT_CC] = c;
    for (let k = 0; k < SCENARIOS; k++) {
      const v = scaled(riskArrays[row * SCENARIOS + k] as number, rs);
      records[at + k] = v;
      mag = Math.max(mag, Math.abs(v));
    }
    const f = dsf[row] as Fixed;
    dsfUnits[row] = f.units;
    deltaShift[row] = info.ds - 4 - f.scale;
    const d = Number.isSafeInteger(s.compositeDelta * f.units) ? scaled(s.compositeDelta * f.units, deltaShift[row] as number) : Number.NaN;
    records[at + AT_DELTA] = d;
    mag = Math.max(mag, Math.abs(d));
    if (spec !== undefined && s.right !== '') {
      const m = trimFixed(spec.multiplier);
      multiplierUnits[row] = m.units;
      valueShift[row] = info.ms - spec.priceDecimals - m.scale;
      const p = s.settlementPrice * m.units;
      const v = Number.isSafeInteger(p) ? scaled(p, valueShift[row] as number) : Number.NaN;
      records[at + AT_VALUE] = v;
      mag = Math.max(mag, Math.abs(v));
    }
    // NaN marks a per-contract figure beyond 2^53: the CC then always takes the BigInt path.
    magnitude[c] = Number.isNaN(mag) || Number.isNaN(magnitude[c] as number) ? Number.NaN : Math.max(magnitude[c] as number, mag);
  }
  for (let c = 0; c < nCc; c++) {
    const m = magnitude[c] as number;
    (ccs[c] as { maxMagnitude: number }).maxMagnitude = Number.isNaN(m) ? Number.POSITIVE_INFINITY : m;
  }

  return {
    rpf,
    catalogue,
    provenance: {
      kind: rpf.header.kind,
      businessDate: rpf.header.businessDate,
      businessTime: rpf.header.businessTime,
      fileName: rpf.source.fileName,
    },
    engine: {
      ccs,
      interSpreads,
      ccOf,
      problem,
      kind,
      monthSlot,
      records,
      exact: {
        riskArrays: rpf.riskArrays,
        compositeDelta: Float64Array.from(rpf.series, (s) => s.compositeDelta),
        price: Float64Array.from(rpf.series, (s) => s.settlementPrice),
        raShift,
        dsfUnits,
        deltaShift,
        multiplierUnits,
        valueShift,
      },
    },
  };
}
