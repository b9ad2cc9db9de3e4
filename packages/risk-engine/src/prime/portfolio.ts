import type Decimal from 'decimal.js';
import type { ClearingHouse } from '@marginkit/rpf';

import { accumulate, commodityRisk, riskMargin } from './commodity-risk';
import type { CcInfo, EngineData, PrimeContext } from './context';
import { AT_CC, AT_META, OptionKind, RECORD, SeriesProblem } from './context';
import type { Q } from './exact';
import { add, max, mul, real, roundWholeUnits, shift, unitsText } from './exact';
import type { PortfolioPosition } from './inputs';
import { interCommoditySpreads } from './inter-spread';
import type { AccountSheet, Basis, CcSheet, ClearingHouseSheet } from './sheet';
import type { AccountJson, CcJson, ClearingHouseJson, SideJson } from './sheet-json';
import { PrimeSide } from './side';
import type { JsonWriter } from './json-writer';
import { writeAccount, writeCc, writeCcFiguresCsv, writeClearingHouse } from './sheet-text';

/**
 * Margins one account's portfolio on one basis: nets positions per series (per side under
 * gross), runs steps 1-8 per CC and side, the intercommodity credit per clearing house and side,
 * then risk margin, option values, MTM and requirements, and the totals per clearing house and
 * currency and in HKD.
 */

const MAX = Number.MAX_SAFE_INTEGER;

/** A programmer error at the engine API: a position that `marginAccounts` would have rejected. */
export class PrimeInputError extends Error {
  override readonly name = 'PrimeInputError';
}

/** Per series row (large portfolios only): the call's stamp and the series' index in the call. */
const SLOT = 2;

interface Scratch {
  readonly slots: Float64Array;
  epoch: number;
  readonly byCc: (PrimeSide | undefined)[];
  readonly seenInter: Uint32Array;
  interEpoch: number;
  /** A sink for the loads that bring each position's record into cache (see `marginPortfolio`). */
  touched: number;
  /** Each position's series row, for portfolios of up to its length. */
  readonly rowOf: Float64Array;
}

// Per-RPF scratch space, reused by every synchronous call so that margining an account
// allocates only what its sheet keeps.
const scratches = new WeakMap<EngineData, Scratch>();

function scratchOf(e: EngineData): Scratch {
  let s = scratches.get(e);
  if (s === undefined) {
    const n = e.ccOf.length;
    s = {
      slots: new Float64Array(n * SLOT),
      epoch: 0,
      byCc: new Array<PrimeSide | undefined>(e.ccs.length).fill(undefined),
      seenInter: new Uint32Array(e.interSpreads.length),
      interEpoch: 0,
      touched: 0,
      rowOf: new Float64Array(64),
    };
    scratches.set(e, s);
  }
  return s;
}

function nextEpoch(s: Scratch): number {
  if (s.epoch === 2 ** 52) {
    s.slots.fill(0);
    s.epoch = 0;
  }
  return ++s.epoch;
}

function nextInterEpoch(s: Scratch): number {
  if (s.interEpoch === 0xffffffff) {
    s.seenInter.fill(0);
    s.interEpoch = 0;
  }
  return ++s.interEpoch;
}


/** Σ over sides of a money figure (same CC: same money scale). */
function sumQ(sides: readonly PrimeSide[], pick: (s: PrimeSide) => Q): Q {
  let total: Q = 0;
  for (const s of sides) total = add(total, pick(s));
  return total;
}

class PrimeCc implements CcSheet {
  readonly cc: string;
  readonly clearingHouse: ClearingHouse;
  readonly currency: string;
  readonly marginable: boolean;
  readonly solelyLongOptions: boolean;
  /** Σ sides' requirement, money units. */
  readonly req: Q;
  constructor(
    readonly info: CcInfo,
    readonly sides: readonly PrimeSide[],
  ) {
    this.cc = info.code;
    this.clearingHouse = info.clearingHouse as ClearingHouse;
    this.currency = info.currency;
    let marginable = false;
    let solely = true;
    for (const s of sides) {
      if (s.marginable) marginable = true;
      if (s.hasFuture || s.hasShort) solely = false;
    }
    this.marginable = marginable;
    this.solelyLongOptions = solely;
    this.req = sides.length === 1 ? (sides[0] as PrimeSide).req : sumQ(sides, (s) => s.req);
  }
  private money(pick: (s: PrimeSide) => Q): Decimal {
    return real(sumQ(this.sides, pick), this.info.ms);
  }
  get scanRisk(): Decimal {
    return this.money((s) => s.scan);
  }
  get intraSpreadCharge(): Decimal {
    return this.money((s) => s.intraCharge);
  }
  get spotCharge(): Decimal {
    return this.money((s) => s.spotTotal);
  }
  get commodityRisk(): Decimal {
    return this.money((s) => s.cr);
  }
  get interSpreadCredit(): Decimal {
    return real(sumQ(this.sides, (s) => s.interCredit), 0);
  }
  get shortOptionMinimum(): Decimal {
    return this.money((s) => s.somUnits);
  }
  get riskMargin(): Decimal {
    return real(sumQ(this.sides, (s) => s.rm), 0);
  }
  get longOptionValue(): Decimal {
    return this.money((s) => s.lov);
  }
  get shortOptionValue(): Decimal {
    return this.money((s) => s.sov);
  }
  get mtm(): Decimal {
    return this.money((s) => s.mtmUnits);
  }
  get requirement(): Decimal {
    return real(this.req, this.info.ms);
  }

  /** The JSON of this CC, straight from the integer units. */
  sheetJson(): CcJson {
    const sides = this.sides.map((s) => s.sheetJson());
    const one = sides.length === 1 ? (sides[0] as SideJson) : undefined;
    const ms = this.info.ms;
    return {
      cc: this.cc,
      marginable: this.marginable,
      solelyLongOptions: this.solelyLongOptions,
      scanRisk: one?.scanRisk ?? unitsText(sumQ(this.sides, (s) => s.scan), ms),
      intraSpreadCharge: one?.intraSpreadCharge ?? unitsText(sumQ(this.sides, (s) => s.intraCharge), ms),
      spotCharge: one?.spotCharge ?? unitsText(sumQ(this.sides, (s) => s.spotTotal), ms),
      commodityRisk: one?.commodityRisk ?? unitsText(sumQ(this.sides, (s) => s.cr), ms),
      interSpreadCredit: one?.interSpreadCredit ?? unitsText(sumQ(this.sides, (s) => s.interCredit), 0),
      shortOptionMinimum: one?.shortOptionMinimum ?? unitsText(sumQ(this.sides, (s) => s.somUnits), ms),
      riskMargin: one?.riskMargin ?? unitsText(sumQ(this.sides, (s) => s.rm), 0),
      longOptionValue: one?.longOptionValue ?? unitsText(sumQ(this.sides, (s) => s.lov), ms),
      shortOptionValue: one?.shortOptionValue ?? unitsText(sumQ(this.sides, (s) => s.sov), ms),
      mtm: one?.mtm ?? unitsText(sumQ(this.sides, (s) => s.mtmUnits), ms),
      requirement: one?.requirement ?? unitsText(this.req, ms),
      sides,
    };
  }

  /** Writes `JSON.stringify(this.sheetJson())` from the units (sheet-text.ts). */
  writeJson(w: JsonWriter): void {
    writeCc(w, this);
  }

  /** Writes the CC-level figures as CSV fields (sheet-text.ts `ccFiguresCsv`). */
  writeFiguresCsv(w: JsonWriter): void {
    writeCcFiguresCsv(w, this);
  }
}

class PrimeClearingHouse implements ClearingHouseSheet {
  readonly clearingHouse: ClearingHouse;
  readonly currency: string;
  /** In HKD per unit, whole units. */
  private readonly rate: Q;
  /** Whole units × rate: the requirement in HKD, unrounded. */
  readonly hkd: Q;
  /** Σ_CC requirement at `scale`. */
  private readonly sum: Q;
  private readonly scale: number;
  /** Whole units. */
  readonly whole: Q;
  constructor(readonly combinedCommodities: readonly PrimeCc[]) {
    const first = combinedCommodities[0] as PrimeCc;
    this.clearingHouse = first.clearingHouse;
    this.currency = first.currency;
    this.rate = first.info.hkdRateQ;
    let scale = 0;
    for (const c of combinedCommodities) scale = Math.max(scale, c.info.ms);
    let sum: Q = 0;
    for (const c of combinedCommodities) sum = add(sum, shift(c.req, scale - c.info.ms));
    this.sum = sum;
    this.scale = scale;
    this.whole = roundWholeUnits(max(sum, 0), scale);
    this.hkd = mul(this.whole, this.rate);
  }
  get hkdRate(): Decimal {
    return real(this.rate, 0);
  }
  get requirementUnrounded(): Decimal {
    return real(this.sum, this.scale);
  }
  get requirement(): Decimal {
    return real(this.whole, 0);
  }
  get requirementHkd(): Decimal {
    return real(this.hkd, 0);
  }

  sheetJson(): ClearingHouseJson {
    const requirement = unitsText(this.whole, 0);
    return {
      clearingHouse: this.clearingHouse,
      currency: this.currency,
      requirement,
      requirementUnrounded: unitsText(this.sum, this.scale),
      hkdRate: unitsText(this.rate, 0),
      requirementHkd: unitsText(this.hkd, 0),
      combinedCommodities: this.combinedCommodities.map((c) => c.sheetJson()),
    };
  }

  /** Writes `JSON.stringify(this.sheetJson())` from the units (sheet-text.ts). */
  writeJson(w: JsonWriter): void {
    const { whole, sum, scale, rate, hkd } = this;
    writeClearingHouse(w, this.clearingHouse, this.currency, { whole, sum, scale, rate, hkd }, this.combinedCommodities);
  }
}

const CLEARING_HOUSE_ORDER: Record<string, number> = { HKCC: 0, SEOCH: 1 };

/**
 * The calculation sheet of one portfolio. Positions must be series of `ctx.rpf` with safe-integer
 * quantities, in CCs the catalogue knows and whose currency converts to HKD; `marginAccounts`
 * checks rows and reports bad ones as errors, this lower-level call throws
 * {@link PrimeInputError} instead.
 */
export function marginPortfolio(
  ctx: PrimeContext,
  positions: readonly PortfolioPosition[],
  basis: Basis,
  options: { readonly account?: string; readonly multiplier?: string | undefined; readonly forceExact?: boolean } = {},
): AccountSheet {
  const e = ctx.engine;
  const sc = scratchOf(e);
  const epoch = nextEpoch(sc);
  const slots = sc.slots;
  const records = e.records;
  // The distinct series of the portfolio with their CC and net, long and short quantities.
  const rows: number[] = [];
  const rowCc: number[] = [];
  const qNet: number[] = [];
  // Long and short quantities only matter on the gross basis: a net call does not gather them.
  const gross = basis !== 'net';
  const qLong: number[] = [];
  const qShort: number[] = [];
  // A short portfolio finds repeated series by a linear scan: no scratch memory to touch.
  const small = positions.length <= 48;
  let sumAbs = 0;
  // A series record spans three or four cache lines, cold in a large RPF, and so is the RPF's
  // pointer to each position's Series, read to check that the position's series is this RPF's.
  // Reading them in a first loop of nothing else, where no iteration waits on another, lets the
  // processor fetch them all at once; the netting and the accumulation of step 1 then find them
  // cached instead of waiting line by line (3 % of a 20-position account in interleaved runs,
  // against the same reads in the netting loop). A position whose series is foreign is only
  // noted there, and reported in position order below.
  let touched = 0;
  const n = positions.length;
  const rowOf = n <= sc.rowOf.length ? sc.rowOf : new Float64Array(n);
  const own = ctx.rpf.series;
  let foreign = -1;
  for (let k = 0; k < n; k++) {
    const p = positions[k] as PortfolioPosition;
    const row = p.row ?? p.series.row;
    rowOf[k] = row;
    if (own[row] !== p.series && foreign < 0) foreign = k;
    const at = row * RECORD;
    touched += (records[at] as number) + (records[at + 8] as number) + (records[at + 16] as number);
  }
  for (let k = 0; k < n; k++) {
    const p = positions[k] as PortfolioPosition;
    const s = p.series;
    const row = rowOf[k] as number;
    const q = p.quantity;
    if (k === foreign) throw new PrimeInputError(`series ${s.key} is not a series of this RPF`);
    if (!Number.isSafeInteger(q)) throw new PrimeInputError(`series ${s.key}: quantity ${q} is not a safe integer`);
    const at = row * RECORD;
    if (((records[at + AT_META] as number) & 3) !== SeriesProblem.None) {
      const why = e.problem[row] === SeriesProblem.NotInCatalogue ? 'is not in the contract catalogue' : `has no ${s.cc} currency rate to HKD`;
      throw new PrimeInputError(`series ${s.key} (${s.cc}) ${why}`);
    }
    sumAbs += Math.abs(q);
    let i = -1;
    if (small) {
      for (let j = 0; j < rows.length; j++) {
        if (rows[j] === row) {
          i = j;
          break;
        }
      }
    } else {
      const k = row * SLOT;
      if (slots[k] === epoch) i = slots[k + 1] as number;
      else {
        slots[k] = epoch;
        slots[k + 1] = rows.length;
      }
    }
    if (i < 0) {
      i = rows.length;
      rows.push(row);
      rowCc.push(records[at + AT_CC] as number);
      qNet.push(0);
      if (gross) {
        qLong.push(0);
        qShort.push(0);
      }
    }
    qNet[i] = (qNet[i] as number) + q;
    if (gross) {
      if (q > 0) qLong[i] = (qLong[i] as number) + q;
      else if (q < 0) qShort[i] = (qShort[i] as number) + q;
    }
  }
  // Past 2^53 contracts the netting itself would round; no real account comes near.
  if (sumAbs > MAX) throw new PrimeInputError(`the account holds more than ${MAX} contracts in all`);
  sc.touched = touched;

  const order = orderByCc(rows, rowCc);
  const forceExact = options.forceExact === true;
  const ccSides: { readonly info: CcInfo; readonly sides: PrimeSide[] }[] = [];
  // Marginable sides per clearing house (HKCC, SEOCH) and side (net, long, short): the
  // portfolios of the intercommodity step.
  const portfolios: (PrimeSide[] | undefined)[] = [undefined, undefined, undefined, undefined, undefined, undefined];
  for (let i = 0; i < order.length; ) {
    const c = rowCc[order[i] as number] as number;
    let j = i;
    while (j < order.length && rowCc[order[j] as number] === c) j++;
    const info = e.ccs[c] as CcInfo;
    const sides: PrimeSide[] = [];
    const house = info.isSeoch ? 3 : 0;
    if (!gross) {
      const [r, q] = pick(order, i, j, rows, qNet);
      if (r.length > 0) sides.push(marginSide(e, info, 'net', true, r, q, forceExact, portfolios, house));
    } else {
      // Gross: SEOCH long positions are not marginable (prime.md).
      const [l, lq] = pick(order, i, j, rows, qLong);
      if (l.length > 0) sides.push(marginSide(e, info, 'long', !info.isSeoch, l, lq, forceExact, portfolios, house + 1));
      const [s, sq] = pick(order, i, j, rows, qShort);
      if (s.length > 0) sides.push(marginSide(e, info, 'short', true, s, sq, forceExact, portfolios, house + 2));
    }
    if (sides.length > 0) ccSides.push({ info, sides });
    i = j;
  }

  // Intercommodity spreads within each clearing house and side, then risk margins.
  for (const list of portfolios) {
    if (list !== undefined && list.length > 1) interCommoditySpreads(e, list, sc.byCc, sc.seenInter, nextInterEpoch(sc));
  }
  const finished: PrimeCc[] = [];
  for (const cc of ccSides) {
    for (const side of cc.sides) {
      if (side.marginable) riskMargin(side);
    }
    finished.push(new PrimeCc(cc.info, cc.sides));
  }

  // Totals per clearing house and currency (CCs are in RPF order), then in HKD.
  const groups: PrimeCc[][] = [];
  for (const cc of finished) {
    const group = groups.find((g) => (g[0] as PrimeCc).clearingHouse === cc.clearingHouse && (g[0] as PrimeCc).currency === cc.currency);
    if (group === undefined) groups.push([cc]);
    else group.push(cc);
  }
  const houses = groups
    .map((list) => new PrimeClearingHouse(list))
    .sort(
      (a, b) =>
        (CLEARING_HOUSE_ORDER[a.clearingHouse] ?? 2) - (CLEARING_HOUSE_ORDER[b.clearingHouse] ?? 2) ||
        (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0),
    );
  // Σ of each total × its T rate, rounded (two steps) to whole HKD.
  let hkd: Q = 0;
  for (const h of houses) hkd = add(hkd, h.hkd);
  return new PrimeAccount(options.account ?? '', basis, options.multiplier, houses, roundWholeUnits(hkd, 0));
}

class PrimeAccount implements AccountSheet {
  constructor(
    readonly account: string,
    readonly basis: Basis,
    readonly multiplier: string | undefined,
    readonly clearingHouses: readonly PrimeClearingHouse[],
    /** Whole HKD (read by {@link sheetTotalUnits}). */
    readonly totalHkd: Q,
  ) {}
  get clearingHouseTotalHkd(): Decimal {
    return real(this.totalHkd, 0);
  }
  sheetJson(): AccountJson {
    return {
      account: this.account,
      basis: this.basis,
      clearingHouseTotalHkd: unitsText(this.totalHkd, 0),
      clearingHouses: this.clearingHouses.map((h) => h.sheetJson()),
    };
  }

  /** Writes `JSON.stringify(this.sheetJson())` from the units (sheet-text.ts). */
  writeJson(w: JsonWriter): void {
    writeAccount(w, this.account, this.basis, this.totalHkd, this.clearingHouses);
  }
}

/** Whether entry a of `rows` sorts before entry b: by CC (RPF order), then row. */
function before(rows: readonly number[], ccs: readonly number[], a: number, b: number): boolean {
  const ca = ccs[a] as number;
  const cb = ccs[b] as number;
  return ca < cb || (ca === cb && (rows[a] as number) < (rows[b] as number));
}

/** Indices of `rows` ordered by CC (RPF order), then row. */
function orderByCc(rows: readonly number[], ccs: readonly number[]): number[] {
  const n = rows.length;
  const order: number[] = [];
  for (let i = 0; i < n; i++) order.push(i);
  if (n > 32) return order.sort((a, b) => (before(rows, ccs, a, b) ? -1 : before(rows, ccs, b, a) ? 1 : 0));
  // Insertion sort: the usual portfolio is short.
  for (let i = 1; i < n; i++) {
    const x = order[i] as number;
    let j = i - 1;
    while (j >= 0 && before(rows, ccs, x, order[j] as number)) {
      order[j + 1] = order[j] as number;
      j--;
    }
    order[j + 1] = x;
  }
  return order;
}

/** The rows of order[i..j−1] whose quantity in `quantities` is not 0, and those quantities. */
function pick(order: readonly number[], i: number, j: number, rows: readonly number[], quantities: readonly number[]): [number[], number[]] {
  const out: number[] = [];
  const qs: number[] = [];
  for (let k = i; k < j; k++) {
    const x = order[k] as number;
    const q = quantities[x] as number;
    if (q !== 0) {
      out.push(rows[x] as number);
      qs.push(q);
    }
  }
  return [out, qs];
}

function marginSide(
  e: EngineData,
  info: CcInfo,
  name: 'net' | 'long' | 'short',
  marginable: boolean,
  rows: number[],
  quantities: number[],
  forceExact: boolean,
  portfolios: (PrimeSide[] | undefined)[],
  portfolio: number,
): PrimeSide {
  const side = new PrimeSide(info, name, marginable);
  if (marginable) {
    accumulate(e, side, rows, quantities, forceExact);
    commodityRisk(side);
    const list = portfolios[portfolio];
    if (list === undefined) portfolios[portfolio] = [side];
    else list.push(side);
  } else {
    // Not margined: every figure stays 0; what the client cap needs is still known.
    side.seriesCount = rows.length;
    rows.forEach((row, i) => {
      if (e.kind[row] === OptionKind.Future) side.hasFuture = true;
      if ((quantities[i] as number) < 0) side.hasShort = true;
    });
  }
  return side;
}

/**
 * The CC-level figures the client rules take (client-margin.md), as exact scaled integers —
 * value = units × 10^−scale — so that client margin need not go through decimal objects. Only
 * for CCs made by this engine; undefined for any other {@link CcSheet} (use its Decimal getters).
 */
export interface CcClientUnits {
  /** Σ sides' risk margin, whole currency units (scale 0). */
  readonly riskMargin: bigint;
  /** Σ sides' long option value, at `scale`. */
  readonly longOptionValue: bigint;
  /** Σ sides' MTM (SEOCH: SOV − LOV; HKCC: 0), at `scale`. */
  readonly mtm: bigint;
  /** The CC's money scale (decimals of its currency units). */
  readonly scale: number;
}

export function ccClientUnits(cc: CcSheet): CcClientUnits | undefined {
  if (!(cc instanceof PrimeCc)) return undefined;
  let rm: Q = 0;
  let lov: Q = 0;
  let mtm: Q = 0;
  // No closures here: this runs for every CC of every account a client margin is asked for.
  for (const s of cc.sides) {
    rm = add(rm, s.rm);
    lov = add(lov, s.lov);
    mtm = add(mtm, s.mtmUnits);
  }
  return { riskMargin: integerUnits(rm), longOptionValue: integerUnits(lov), mtm: integerUnits(mtm), scale: cc.info.ms };
}

/** An exact decimal as a scaled integer: value = units × 10^−scale (scale ≥ 0). */
export interface ScaledUnits {
  readonly units: bigint;
  readonly scale: number;
}

/**
 * The totals of a sheet that a book run sums over its accounts, as exact integers, so that the
 * sum need not go through decimal objects: per clearing house and currency the requirement
 * (whole units of the currency) and that requirement × the RPF's HKD rate (unrounded), and the
 * account's total in whole HKD. Only for sheets made by this engine; undefined for any other
 * {@link AccountSheet} (use its Decimal getters).
 */
export interface SheetTotalUnits {
  readonly clearingHouseTotalHkd: bigint;
  readonly clearingHouses: readonly {
    readonly clearingHouse: ClearingHouse;
    readonly currency: string;
    readonly requirement: bigint;
    readonly requirementHkd: ScaledUnits;
  }[];
}

export function sheetTotalUnits(sheet: AccountSheet): SheetTotalUnits | undefined {
  if (!(sheet instanceof PrimeAccount)) return undefined;
  return {
    clearingHouseTotalHkd: integerUnits(sheet.totalHkd),
    clearingHouses: sheet.clearingHouses.map((h) => ({
      clearingHouse: h.clearingHouse,
      currency: h.currency,
      requirement: integerUnits(h.whole),
      requirementHkd: scaledUnits(h.hkd),
    })),
  };
}

function scaledUnits(q: Q): ScaledUnits {
  if (typeof q === 'number') return { units: BigInt(q), scale: 0 };
  return q.e >= 0 ? { units: q.c * 10n ** BigInt(q.e), scale: 0 } : { units: q.c, scale: -q.e };
}

/** A Q holding an integer (these figures always do) as a bigint. */
function integerUnits(q: Q): bigint {
  if (typeof q === 'number') return q === 0 ? 0n : BigInt(q);
  if (q.e >= 0) return q.c * 10n ** BigInt(q.e);
  const p = 10n ** BigInt(-q.e);
  if (q.c % p !== 0n) throw new PrimeInputError(`expected whole units, got ${q.c}e${q.e}`);
  return q.c / p;
}
