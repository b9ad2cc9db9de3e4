import type { ClearingHouse } from '@marginkit/rpf';
import { decimalText } from '../decimal';
import type { CcInfo } from './context';
import type { Q } from './exact';
import { add, unitsText } from './exact';
import type { LegFigures } from './inter-spread';
import { Ascii, asciiTable, JsonWriter } from './json-writer';
import type { MarginFiguresJson } from './sheet-json';
import { accountSheetToJson, interSpreadToJson } from './sheet-json';
import type { AccountSheet, Basis, CcSheet, InterSpreadSheet } from './sheet';
import type { PrimeSide } from './side';

/**
 * The calculation sheet as JSON text, written straight from the engine's integer units: the
 * same characters as `JSON.stringify(accountSheetToJson(sheet))` — same keys in the same order,
 * same money text, same string escapes — without building the object tree first, which is most
 * of what a book run or the HTTP API pays per account.
 *
 * Key order follows the object builders of `sheet-json.ts`. JSON.stringify writes keys in
 * insertion order except integer-like ones, which come first in ascending order: the tier and
 * month maps rely on the engine keeping those ascending, and go through JSON.stringify when not.
 */

/** The engine's sheets and formed spreads: they write their own JSON (see the methods' callers here). */
interface JsonWriting {
  writeJson(w: JsonWriter): void;
}

function writesJson(x: object): x is JsonWriting {
  return typeof (x as Partial<JsonWriting>).writeJson === 'function';
}

const shared = new JsonWriter();
let sharedBusy = false;

/**
 * Runs `write` on a writer, then `take` on what it wrote. One buffer serves every call; a nested
 * call gets its own.
 */
function withWriter<T>(write: (w: JsonWriter) => void, take: (w: JsonWriter) => T): T {
  // Only a foreign sheet's getter, called while the shared buffer is in use, could nest.
  const own = sharedBusy;
  const w = own ? new JsonWriter(1 << 12) : shared;
  sharedBusy = true;
  try {
    write(w);
    return take(w);
  } finally {
    if (!own) {
      sharedBusy = false;
      w.reset();
    }
  }
}

/** What `write` writes, as text. */
function written(write: (w: JsonWriter) => void): string {
  return withWriter(write, (w) => w.finish());
}

/**
 * One account's sheet as JSON text: exactly `JSON.stringify(accountSheetToJson(sheet))`. Sheets
 * made by the engine write it from their units; any other object implementing the sheet
 * interfaces goes through the object builders.
 */
export function accountSheetJsonText(sheet: AccountSheet): string {
  return writesJson(sheet) ? written((w) => sheet.writeJson(w)) : JSON.stringify(accountSheetToJson(sheet));
}

/**
 * {@link accountSheetJsonText}'s text as UTF-8, handed to `use` as a view of a reused buffer that
 * is valid during the call only. For text on its way to a file: an engine sheet's bytes are
 * copied from where they were written, not made a string, joined and encoded again.
 */
export function withAccountSheetJsonBytes(sheet: AccountSheet, use: (utf8: Uint8Array) => void): void {
  if (writesJson(sheet)) withWriter((w) => sheet.writeJson(w), (w) => w.withBytes(use));
  else use(Buffer.from(JSON.stringify(accountSheetToJson(sheet)), 'utf8'));
}

/** The engine's CCs, which write their figures as CSV fields (see {@link ccFiguresCsv}). */
interface CsvWriting {
  writeFiguresCsv(w: JsonWriter): void;
}

/**
 * A CC's eleven CC-level figures ({@link MarginFiguresJson}, in its key order) as comma-separated
 * decimal text, the same text as `ccToJson` gives them (decimal text never needs CSV quoting).
 * The engine's CCs write it from their units; any other {@link CcSheet} through its getters.
 */
export function ccFiguresCsv(c: CcSheet): string {
  if (typeof (c as Partial<CsvWriting>).writeFiguresCsv === 'function') {
    const engine = c as CcSheet & CsvWriting;
    return written((w) => engine.writeFiguresCsv(w));
  }
  return [
    c.scanRisk,
    c.intraSpreadCharge,
    c.spotCharge,
    c.commodityRisk,
    c.interSpreadCredit,
    c.shortOptionMinimum,
    c.riskMargin,
    c.longOptionValue,
    c.shortOptionValue,
    c.mtm,
    c.requirement,
  ]
    .map(decimalText)
    .join(',');
}

/** The constant text between figures, compiled once: keys with their punctuation. */
const K = asciiTable({
  // margin figures (a side's or a CC's)
  scanRisk: '"scanRisk":',
  intraSpreadCharge: ',"intraSpreadCharge":',
  spotCharge: ',"spotCharge":',
  commodityRisk: ',"commodityRisk":',
  interSpreadCredit: ',"interSpreadCredit":',
  shortOptionMinimum: ',"shortOptionMinimum":',
  riskMargin: ',"riskMargin":',
  longOptionValue: ',"longOptionValue":',
  shortOptionValue: ',"shortOptionValue":',
  mtm: ',"mtm":',
  requirement: ',"requirement":',
  // sides
  sideOpen: '{"side":',
  sideMarginable: ',"marginable":true,',
  sideNotMarginable: ',"marginable":false,',
  scenarioLosses: ',"scenarioLosses":',
  activeScenario: ',"activeScenario":',
  timeRisk: ',"timeRisk":',
  priceRisk: ',"priceRisk":',
  volatilityRisk: ',"volatilityRisk":',
  netDelta: ',"netDelta":',
  tierDeltas: ',"tierDeltas":',
  tierRemainingDeltas: ',"tierRemainingDeltas":',
  monthDeltas: ',"monthDeltas":',
  intraSpreads: ',"intraSpreads":',
  priorityOpen: '{"priority":',
  spreads: ',"spreads":',
  charge: ',"charge":',
  legs: ',"legs":[',
  tierOpen: '{"tier":',
  side: ',"side":',
  ratio: ',"ratio":',
  deltaConsumed: ',"deltaConsumed":',
  spotCharges: ',"spotCharges":',
  monthOpen: '{"month":',
  tier: ',"tier":',
  delta: ',"delta":',
  consumed: ',"consumed":',
  remaining: ',"remaining":',
  remainingDelta: ',"remainingDelta":',
  weightedPriceRisk: ',"weightedPriceRisk":',
  interSpreads: ',"interSpreads":',
  somShortCalls: ',"som":{"shortCalls":',
  shortPuts: ',"shortPuts":',
  method: ',"method":',
  contracts: ',"contracts":',
  rate: ',"rate":',
  somEndRiskMarginUnrounded: '},"riskMarginUnrounded":',
  seriesCount: ',"seriesCount":',
  // CCs, clearing houses, accounts
  cc: '{"cc":',
  marginable: ',"marginable":true',
  notMarginable: ',"marginable":false',
  solelyLongOptions: ',"solelyLongOptions":true,',
  notSolelyLongOptions: ',"solelyLongOptions":false,',
  sides: ',"sides":[',
  clearingHouse: '{"clearingHouse":',
  currency: ',"currency":',
  requirementUnrounded: ',"requirementUnrounded":',
  hkdRate: ',"hkdRate":',
  requirementHkd: ',"requirementHkd":',
  combinedCommodities: ',"combinedCommodities":[',
  account: '{"account":',
  basis: ',"basis":',
  clearingHouseTotalHkd: ',"clearingHouseTotalHkd":',
  clearingHouses: ',"clearingHouses":[',
  // intercommodity spreads
  group: '{"group":',
  priority: ',"priority":',
  creditRate: ',"creditRate":',
  credit: ',"credit":',
  close: ']}',
});

// ---- figures -----------------------------------------------------------------------------------

/** The units of the eleven {@link MarginFiguresJson} figures (a side's fields, or a CC's sums). */
interface FigureUnits {
  readonly scan: Q;
  readonly intraCharge: Q;
  readonly spotTotal: Q;
  readonly cr: Q;
  /** Whole units. */
  readonly interCredit: Q;
  readonly somUnits: Q;
  /** Whole units. */
  readonly rm: Q;
  readonly lov: Q;
  readonly sov: Q;
  readonly mtmUnits: Q;
  readonly req: Q;
}

/** The figures' keys and values in the builders' order, without braces; money at scale `ms`. */
function writeFigures(w: JsonWriter, f: FigureUnits, ms: number): void {
  w.field(K.scanRisk, f.scan, ms);
  w.field(K.intraSpreadCharge, f.intraCharge, ms);
  w.field(K.spotCharge, f.spotTotal, ms);
  w.field(K.commodityRisk, f.cr, ms);
  w.field(K.interSpreadCredit, f.interCredit, 0);
  w.field(K.shortOptionMinimum, f.somUnits, ms);
  w.field(K.riskMargin, f.rm, 0);
  w.field(K.longOptionValue, f.lov, ms);
  w.field(K.shortOptionValue, f.sov, ms);
  w.field(K.mtm, f.mtmUnits, ms);
  w.field(K.requirement, f.req, ms);
}

/** A CC's figures: its only side's, or the sides' sums (same CC: same money scale). */
function ccFigureUnits(c: EngineCc): FigureUnits {
  const { sides } = c;
  if (sides.length === 1) return sides[0] as PrimeSide;
  let scan: Q = 0;
  let intraCharge: Q = 0;
  let spotTotal: Q = 0;
  let cr: Q = 0;
  let interCredit: Q = 0;
  let somUnits: Q = 0;
  let rm: Q = 0;
  let lov: Q = 0;
  let sov: Q = 0;
  let mtmUnits: Q = 0;
  for (const s of sides) {
    scan = add(scan, s.scan);
    intraCharge = add(intraCharge, s.intraCharge);
    spotTotal = add(spotTotal, s.spotTotal);
    cr = add(cr, s.cr);
    interCredit = add(interCredit, s.interCredit);
    somUnits = add(somUnits, s.somUnits);
    rm = add(rm, s.rm);
    lov = add(lov, s.lov);
    sov = add(sov, s.sov);
    mtmUnits = add(mtmUnits, s.mtmUnits);
  }
  return { scan, intraCharge, spotTotal, cr, interCredit, somUnits, rm, lov, sov, mtmUnits, req: c.req };
}

// ---- sides -------------------------------------------------------------------------------------

function writeLosses(w: JsonWriter, losses: readonly Q[], ms: number): void {
  if (losses.length === 0) {
    // A side that is not marginable: sixteen zeros.
    w.put(ZERO_LOSSES);
    return;
  }
  w.unitsArray(losses, ms);
}

const ZERO_LOSSES = new Ascii(`[${Array.from({ length: 16 }, () => '"0"').join(',')}]`);

/** Whether JSON.stringify writes `key` where it was inserted: an array index above `prev`. */
function ascendingIndex(key: number, prev: number): boolean {
  return Number.isInteger(key) && key > prev && key < 4294967295;
}

/**
 * `{"key":"figure",…}` over the slots present: the tier and month maps. Keys are written in slot
 * order, which is JSON.stringify's order only while they are ascending array indices (the engine
 * keeps tiers and months ascending); otherwise the map goes through JSON.stringify.
 */
function writeIndexMap(w: JsonWriter, present: readonly boolean[], keys: ArrayLike<number>, figure: readonly Q[], ds: number): void {
  let prev = -1;
  for (let slot = 0; slot < present.length; slot++) {
    if (!present[slot]) continue;
    const key = keys[slot] as number;
    if (!ascendingIndex(key, prev)) {
      w.raw(indexMapByObject(present, keys, figure, ds));
      return;
    }
    prev = key;
  }
  w.indexMap(present, keys, figure, ds);
}

function indexMapByObject(present: readonly boolean[], keys: ArrayLike<number>, figure: readonly Q[], ds: number): string {
  const map: Record<string, string> = {};
  for (let slot = 0; slot < present.length; slot++) {
    if (present[slot]) map[String(keys[slot])] = unitsText(figure[slot] as Q, ds);
  }
  return JSON.stringify(map);
}

function writeIntraSpreads(w: JsonWriter, s: PrimeSide): void {
  const { ms, ds } = s.info;
  w.byte(0x5b /* [ */);
  for (let i = 0; i < s.intra.length; i++) {
    const f = s.intra[i] as PrimeSide['intra'][number];
    if (i > 0) w.byte(0x2c /* , */);
    w.put(K.priorityOpen);
    w.number(f.priority);
    w.field(K.spreads, f.n, ds);
    w.field(K.charge, f.charge, ms);
    w.put(K.legs);
    for (let k = 0; k < f.legs.length; k++) {
      const l = f.legs[k] as (typeof f.legs)[number];
      if (k > 0) w.byte(0x2c /* , */);
      w.put(K.tierOpen);
      w.number(l.tier);
      w.put(K.side);
      w.string(l.side);
      w.put(K.ratio);
      w.number(l.ratio);
      w.field(K.deltaConsumed, l.consumed, ds);
      w.byte(0x7d /* } */);
    }
    w.put(K.close);
  }
  w.byte(0x5d /* ] */);
}

function writeSpotCharges(w: JsonWriter, s: PrimeSide): void {
  const { ms, ds } = s.info;
  w.byte(0x5b /* [ */);
  for (let i = 0; i < s.spot.length; i++) {
    const x = s.spot[i] as PrimeSide['spot'][number];
    // The month as a string, as the builder writes it.
    if (i > 0) w.byte(0x2c /* , */);
    w.put(K.monthOpen);
    w.string(String(x.month));
    w.put(K.tier);
    w.number(s.info.tierNumbers[x.tierSlot] as number);
    w.field(K.delta, x.delta, ds);
    w.field(K.consumed, x.consumed, ds);
    w.field(K.remaining, x.remaining, ds);
    w.field(K.charge, x.charge, ms);
    w.byte(0x7d /* } */);
  }
  w.byte(0x5d /* ] */);
}

function writeInterSpreads(w: JsonWriter, spreads: readonly InterSpreadSheet[]): void {
  w.byte(0x5b /* [ */);
  for (let i = 0; i < spreads.length; i++) {
    if (i > 0) w.byte(0x2c /* , */);
    const x = spreads[i] as InterSpreadSheet;
    if (writesJson(x)) x.writeJson(w);
    else w.text(JSON.stringify(interSpreadToJson(x)));
  }
  w.byte(0x5d /* ] */);
}

/**
 * One side as `sideToJson` writes it. `figures` is where its eleven figures were just written
 * (as its CC's), to be copied rather than formatted again; undefined to format them.
 */
function writeSide(w: JsonWriter, s: PrimeSide, figures: readonly [number, number, number] | undefined): void {
  const info = s.info;
  const { ms, ds } = info;
  w.put(K.sideOpen);
  w.string(s.side);
  w.put(s.marginable ? K.sideMarginable : K.sideNotMarginable);
  if (figures === undefined || !w.copyFrom(figures[0], figures[1], figures[2])) writeFigures(w, s, ms);
  w.put(K.scenarioLosses);
  writeLosses(w, s.losses, ms);
  w.put(K.activeScenario);
  w.number(s.activeScenario);
  w.halfField(K.timeRisk, s.tr2, ms);
  w.halfField(K.priceRisk, s.pr2, ms);
  w.halfField(K.volatilityRisk, s.vr2, ms);
  w.field(K.netDelta, s.nd, ds);
  w.put(K.tierDeltas);
  writeIndexMap(w, s.tierPresent, info.tierNumbers, s.tierDelta, ds);
  w.put(K.tierRemainingDeltas);
  writeIndexMap(w, s.tierPresent, info.tierNumbers, s.tierRemaining, ds);
  w.put(K.monthDeltas);
  writeIndexMap(w, s.monthPresent, info.months, s.monthDelta, ds);
  w.put(K.intraSpreads);
  writeIntraSpreads(w, s);
  w.put(K.spotCharges);
  writeSpotCharges(w, s);
  w.field(K.remainingDelta, s.e, ds);
  w.field(K.weightedPriceRisk, s.weightedPriceRiskQ(), 0);
  w.put(K.interSpreads);
  writeInterSpreads(w, s.inter);
  w.put(K.somShortCalls);
  w.number(s.shortCalls);
  w.put(K.shortPuts);
  w.number(s.shortPuts);
  w.put(K.method);
  w.string(info.somMethod);
  w.put(K.contracts);
  w.number(s.somN);
  w.field(K.rate, info.somRateUnits, ms);
  w.field(K.charge, s.somUnits, ms);
  w.field(K.somEndRiskMarginUnrounded, s.rmU, ms);
  w.put(K.seriesCount);
  w.number(s.seriesCount);
  w.byte(0x7d /* } */);
}

// ---- combined commodities, clearing houses, accounts -------------------------------------------

/** What the writer reads of an engine CC (the fields of `PrimeCc`). */
export interface EngineCc {
  readonly cc: string;
  readonly marginable: boolean;
  readonly solelyLongOptions: boolean;
  readonly info: CcInfo;
  readonly sides: readonly PrimeSide[];
  /** Σ sides' requirement, money units. */
  readonly req: Q;
}

/** One CC as `ccToJson` writes it. */
export function writeCc(w: JsonWriter, c: EngineCc): void {
  w.put(K.cc);
  w.string(c.cc);
  w.put(c.marginable ? K.marginable : K.notMarginable);
  w.put(c.solelyLongOptions ? K.solelyLongOptions : K.notSolelyLongOptions);
  const start = w.mark;
  const epoch = w.epoch;
  writeFigures(w, ccFigureUnits(c), c.info.ms);
  // One side: its figures are the CC's, key for key.
  const figures = c.sides.length === 1 ? ([start, w.mark, epoch] as const) : undefined;
  w.put(K.sides);
  for (let i = 0; i < c.sides.length; i++) {
    if (i > 0) w.byte(0x2c /* , */);
    writeSide(w, c.sides[i] as PrimeSide, figures);
  }
  w.put(K.close);
}

/** {@link ccFiguresCsv} of an engine CC. */
export function writeCcFiguresCsv(w: JsonWriter, c: EngineCc): void {
  const f = ccFigureUnits(c);
  const ms = c.info.ms;
  w.units(f.scan, ms);
  w.byte(0x2c /* , */);
  w.units(f.intraCharge, ms);
  w.byte(0x2c);
  w.units(f.spotTotal, ms);
  w.byte(0x2c);
  w.units(f.cr, ms);
  w.byte(0x2c);
  w.units(f.interCredit, 0);
  w.byte(0x2c);
  w.units(f.somUnits, ms);
  w.byte(0x2c);
  w.units(f.rm, 0);
  w.byte(0x2c);
  w.units(f.lov, ms);
  w.byte(0x2c);
  w.units(f.sov, ms);
  w.byte(0x2c);
  w.units(f.mtmUnits, ms);
  w.byte(0x2c);
  w.units(f.req, ms);
}

/** One clearing house and currency as `clearingHouseToJson` writes it (figures in their units). */
export function writeClearingHouse(
  w: JsonWriter,
  clearingHouse: ClearingHouse,
  currency: string,
  figures: { readonly whole: Q; readonly sum: Q; readonly scale: number; readonly rate: Q; readonly hkd: Q },
  ccs: readonly EngineCc[],
): void {
  w.put(K.clearingHouse);
  w.string(clearingHouse);
  w.put(K.currency);
  w.string(currency);
  w.field(K.requirement, figures.whole, 0);
  w.field(K.requirementUnrounded, figures.sum, figures.scale);
  w.field(K.hkdRate, figures.rate, 0);
  w.field(K.requirementHkd, figures.hkd, 0);
  w.put(K.combinedCommodities);
  for (let i = 0; i < ccs.length; i++) {
    if (i > 0) w.byte(0x2c /* , */);
    writeCc(w, ccs[i] as EngineCc);
  }
  w.put(K.close);
}

/** One account as `accountSheetToJson` writes it; each clearing house writes itself. */
export function writeAccount(w: JsonWriter, account: string, basis: Basis, totalHkd: Q, houses: readonly JsonWriting[]): void {
  w.put(K.account);
  w.string(account);
  w.put(K.basis);
  w.string(basis);
  w.field(K.clearingHouseTotalHkd, totalHkd, 0);
  w.put(K.clearingHouses);
  for (let i = 0; i < houses.length; i++) {
    if (i > 0) w.byte(0x2c /* , */);
    (houses[i] as JsonWriting).writeJson(w);
  }
  w.put(K.close);
}

/** A formed intercommodity spread as `interSpreadToJson` writes it (rate and ratios at scale 4, the rest whole). */
export function writeInterSpread(w: JsonWriter, group: string, priority: number, rateUnits: number, n: Q, legs: readonly LegFigures[]): void {
  w.put(K.group);
  w.string(group);
  w.put(K.priority);
  w.number(priority);
  w.field(K.creditRate, rateUnits, 4);
  w.field(K.spreads, n, 0);
  w.put(K.legs);
  for (let i = 0; i < legs.length; i++) {
    const l = legs[i] as LegFigures;
    if (i > 0) w.byte(0x2c /* , */);
    w.put(K.cc);
    w.string(l.cc);
    w.put(K.side);
    w.string(l.side);
    w.field(K.ratio, l.ratioUnits, 4);
    w.field(K.deltaConsumed, l.amount, 0);
    w.field(K.weightedPriceRisk, l.wpr, 0);
    w.field(K.credit, l.credit, 0);
    w.byte(0x7d /* } */);
  }
  w.put(K.close);
}
