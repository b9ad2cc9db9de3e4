import type {
  ArrayParameters,
  CcGroup,
  CombinedCommodity,
  CurrencyRate,
  Exchange,
  InterSpread,
  RiskParameterFile,
  RpfHeader,
  Series,
} from './model';
import { SCENARIOS } from './model';
import { productKey } from './parse/builder';
import { fileKind } from './parse/records/header';
import { RecordWriter, RpfWriteError } from './write-fields';

/**
 * The U2 writer: serialises a model as a *normalised* RPF (every record padded with blanks to
 * its full length, LF line ends), so that write(parse(normalised file)) is byte-identical and
 * parse(write(model)) equals the model.
 *
 * Record order: 0, T*, then per exchange its 1 followed by its CCs (each CC's 2 — several when
 * it has more than six products —, 3 — several beyond four tiers —, C*, 4), then B*, 5* (several
 * beyond ten CCs), 6*, and the 81/82 pairs in series order.
 *
 * Canonical spellings where the layout allows several (see the README, "Choices where the spec
 * is silent"): a sign byte is `+` unless the value is negative; every numeric field of a used
 * slot is written as digits (a zero locator `0+`, a whole-CC leg tier `00`, a zero delta scaling
 * factor `000000`), never as blanks, and record 6's tier block (columns 102-109) is all digits,
 * `00` for an absent leg; record 4's SOM method and record 6's credit method are written
 * explicitly (`1`/`2`, `W`); unused slots (products, tiers, legs, delivery months, group CCs) are
 * blank. Continuation records are packed: a CC's tiers fill record 3 lines four at a time and a
 * group's CCs fill record 5 lines ten at a time, one after the other.
 *
 * A model the layout cannot represent, or that the parser would refuse, throws
 * {@link RpfWriteError} naming record, subject, field and value.
 */
export function writeRpf(rpf: RiskParameterFile): string {
  return writeRpfBytes(rpf).toString('latin1');
}

/** {@link writeRpf} as bytes (what a file holds), without the final string copy. */
export function writeRpfBytes(rpf: RiskParameterFile): Buffer {
  checkReferences(rpf);
  const w = new RecordWriter();
  headerRecord(w, rpf.header);
  for (const rate of rpf.currencyRates) currencyRecord(w, rate);

  const seen = new Set<string>();
  for (const ex of rpf.exchanges) {
    if (seen.has(ex.acronym)) {
      throw new RpfWriteError('1', `exchange ${ex.acronym}`, 'exchange acronym', ex.acronym, 'listed twice');
    }
    seen.add(ex.acronym);
    exchangeRecord(w, ex);
    // Each CC is written under its own exchange's record 1 (CCs grouped by exchange).
    for (const cc of rpf.combinedCommodities) if (cc.exchange === ex.acronym) combinedCommodityRecords(w, cc);
  }
  for (const cc of rpf.combinedCommodities) {
    if (!seen.has(cc.exchange)) {
      throw new RpfWriteError('2', `CC ${cc.code}`, 'exchange acronym', cc.exchange, 'no record 1 (exchanges) lists it');
    }
  }

  for (const b of rpf.arrayParameters) arrayParametersRecord(w, b);
  for (const g of rpf.ccGroups) groupRecords(w, g);
  for (const s of rpf.interSpreads) interSpreadRecord(w, s);
  for (const s of rpf.series) riskArrayRecords(w, s);
  return w.bytes();
}

/** Full record lengths of a normalised file (rpf-format.md, "Files"); C grows by 7 per leg beyond two. */
export const RECORD_LENGTH = {
  '0': 57,
  T: 20,
  '1': 9,
  '2': 132,
  '3': 66,
  C: 35,
  '4': 132,
  '5': 72,
  '6': 109,
  B: 119,
  '81': 108,
  '82': 118,
} as const;

const PRODUCTS_PER_RECORD_2 = 6;
const TIERS_PER_RECORD_3 = 4;
const CCS_PER_RECORD_5 = 10;
const LEGS_PER_RECORD_6 = 4;
const DELIVERY_MONTHS_PER_RECORD_4 = 2;
/** Risk-array values on the 81 line; the other seven are on the 82 line. */
const VALUES_ON_81 = 9;

function headerRecord(w: RecordWriter, h: RpfHeader): void {
  w.begin('0', 'header');
  // The kind is not written: it is read back from the settlement flag and file identifier.
  const kind = fileKind(h.settlementFlag, h.fileId);
  if (kind !== h.kind) w.fail('file identifier', `${h.settlementFlag}${h.fileId}`, `reads back as ${kind ?? 'no file kind'}, not ${h.kind}`);
  if (h.format !== 'U2') w.fail('file format', h.format, "not 'U2'");
  w.text('exchange complex', h.exchangeComplex, 6)
    .date('business date', h.businessDate, false)
    .text('settlement flag', h.settlementFlag, 1)
    .text('file identifier', h.fileId, 2)
    .time('business time', h.businessTime)
    .date('creation date', h.creationDate, false)
    .time('creation time', h.creationTime)
    .text('file format', h.format, 2)
    .text('gross/net indicator', h.grossNetIndicator, 1)
    .text('limit option value flag', h.limitOptionValueFlag, 1)
    .text('business function', h.businessFunction, 5)
    .blanks(6)
    .text('level flag', h.levelFlag, 1)
    .blanks(1)
    .text('level code', h.levelCode, 5)
    .end(RECORD_LENGTH['0']);
}

function currencyRecord(w: RecordWriter, r: CurrencyRate): void {
  w.begin('T', `rate ${r.from}->${r.to}`)
    .requiredText('from currency', r.from, 3)
    .text('from currency code', r.fromCode, 1)
    .requiredText('to currency', r.to, 3)
    .text('to currency code', r.toCode, 1)
    .fixed('multiplier', r.multiplier, 6, 10)
    .end(RECORD_LENGTH.T);
}

function exchangeRecord(w: RecordWriter, ex: Exchange): void {
  w.begin('1', `exchange ${ex.acronym}`)
    .requiredText('exchange acronym', ex.acronym, 3)
    .blanks(2)
    .text('exchange code', ex.code, 2)
    .end(RECORD_LENGTH['1']);
}

function combinedCommodityRecords(w: RecordWriter, cc: CombinedCommodity): void {
  const subject = `CC ${cc.code}`;
  // More than six products continue on further record 2 lines with the same CC code.
  for (const chunk of chunks(cc.products, PRODUCTS_PER_RECORD_2)) {
    w.begin('2', subject)
      .text('exchange acronym', cc.exchange, 3)
      .blanks(1)
      .requiredText('CC code', cc.code, 6)
      .digits('risk exponent', cc.riskExponent, 1)
      .requiredText('margin currency', cc.currency, 3)
      .text('margin currency code', cc.currencyCode, 1)
      .text('option margin style', cc.optionMarginStyle, 1)
      .text('limit option value flag', cc.limitOptionValue, 1)
      .text('combination margining flag', cc.combinationMargining, 1)
      .blanks(2);
    for (const p of chunk) {
      w.requiredText('commodity code', p.commodity, 10)
        .requiredText('product type', p.productType, 3)
        .signed('risk array decimal locator', p.riskArrayLocator, 1)
        .blanks(1);
    }
    w.end(RECORD_LENGTH['2']);
  }

  if (cc.tiers.length > 0 || cc.tierMethod !== '') {
    for (const chunk of chunks(cc.tiers, TIERS_PER_RECORD_3)) {
      w.begin('3', subject).requiredText('CC code', cc.code, 6).text('intracommodity spread method', cc.tierMethod, 2);
      for (const t of chunk) {
        // An all-zero slot reads back as an unused one; a reversed tier is refused by the parser.
        if (t.number === 0 && t.startMonth === 0 && t.endMonth === 0) w.fail('tier', '0', 'an all-zero tier reads back as an unused slot');
        if (t.startMonth > t.endMonth) w.fail(`tier ${t.number} months`, `${t.startMonth}-${t.endMonth}`, 'start month after end month');
        w.digits('tier number', t.number, 2).month('tier start month', t.startMonth).month('tier end month', t.endMonth);
      }
      w.end(RECORD_LENGTH['3']);
    }
  }

  for (const sp of cc.tierSpreads) {
    w.begin('C', `CC ${cc.code} spread priority ${sp.priority}`);
    if (sp.legs.length < 2) w.fail('number of legs', String(sp.legs.length), 'a spread has at least two legs');
    w.requiredText('CC code', cc.code, 6)
      .text('method code', sp.method, 2)
      .digits('spread priority', sp.priority, 2)
      .digits('number of legs', sp.legs.length, 2)
      .digits('charge rate', sp.chargeRate, 7);
    for (const leg of sp.legs) {
      w.digits('leg number', leg.leg, 2)
        .digits('leg tier number', leg.tier, 2)
        .digits('leg delta-per-spread ratio', leg.ratio, 2)
        .text('leg market side', leg.side, 1);
    }
    w.end(Math.max(RECORD_LENGTH.C, 21 + 7 * sp.legs.length));
  }

  const spot = cc.spot;
  if (spot !== undefined) {
    w.begin('4', subject);
    if (spot.deliveryMonths.length > DELIVERY_MONTHS_PER_RECORD_4) {
      w.fail('number of delivery months', String(spot.deliveryMonths.length), 'at most 2 fit a record 4');
    }
    w.requiredText('CC code', cc.code, 6)
      .text('delivery charge method', spot.method, 2)
      .digits('number of delivery months', spot.deliveryMonths.length, 2);
    for (let k = 0; k < DELIVERY_MONTHS_PER_RECORD_4; k++) {
      const dm = spot.deliveryMonths[k];
      if (dm === undefined) {
        w.blanks(22);
        continue;
      }
      w.digits('delivery month number', dm.monthNumber, 2)
        .month('delivery contract month', dm.month)
        .digits('charge rate per delta consumed', dm.consumedRate, 7)
        .digits('charge rate per delta remaining', dm.remainingRate, 7);
    }
    w.blanks(6)
      .digits('short option minimum rate', spot.somRate, 7)
      .fixed('maintenance factor (members)', spot.maintenanceFactors[0], 2, 3)
      .fixed('maintenance factor (hedgers)', spot.maintenanceFactors[1], 2, 3)
      .fixed('maintenance factor (speculators)', spot.maintenanceFactors[2], 2, 3)
      .text('short option minimum method', spot.somMethod, 1)
      .end(RECORD_LENGTH['4']);
  }
}

function arrayParametersRecord(w: RecordWriter, b: ArrayParameters): void {
  w.begin('B', `${b.commodity} ${b.productType} ${b.futuresMonth}/${b.optionMonth}`)
    .text('exchange acronym', b.exchange, 3)
    .requiredText('commodity code', b.commodity, 10)
    .requiredText('product type', b.productType, 3);
  contractMonths(w, b)
    .fixed('base volatility', b.baseVolatility, 6, 8)
    .fixed('volatility scan range', b.volatilityScanRange, 6, 8)
    .digits('price scan range', b.priceScanRange, 5)
    .fixed('extreme move multiplier', b.extremeMoveMultiplier, 3, 5)
    .fixed('extreme move covered fraction', b.extremeMoveCoveredFraction, 4, 5)
    .fixed('interest rate', b.interestRate, 4, 5)
    .fixed('time to expiration', b.timeToExpiration, 6, 7)
    .fixed('look-ahead time', b.lookAheadTime, 6, 6)
    .fixed('delta scaling factor', b.deltaScalingFactor, 4, 6)
    .date('expiration date', b.expirationDate, true)
    .blanks(12)
    .fixed('dividend yield', b.dividendYield, 6, 8)
    .end(RECORD_LENGTH.B);
}

function groupRecords(w: RecordWriter, g: CcGroup): void {
  // More than ten CCs continue on further record 5 lines with the same group code.
  for (const chunk of chunks(g.ccs, CCS_PER_RECORD_5)) {
    w.begin('5', `group ${g.code}`).requiredText('group code', g.code, 3).blanks(7);
    for (const cc of chunk) w.requiredText('CC code', cc, 6);
    w.end(RECORD_LENGTH['5']);
  }
}

function interSpreadRecord(w: RecordWriter, s: InterSpread): void {
  w.begin('6', `group ${s.group} priority ${s.priority}`);
  if (s.legs.length < 2 || s.legs.length > LEGS_PER_RECORD_6) w.fail('legs', String(s.legs.length), 'a record 6 holds 2 to 4 legs');
  if (s.method !== '' && !/^\d\d$/.test(s.method)) w.fail('spread method', s.method, 'neither blank nor 2 digits');
  w.requiredText('group code', s.group, 3).digits('spread priority', s.priority, 4).fixed('credit rate', s.creditRate, 4, 7);
  for (let k = 0; k < LEGS_PER_RECORD_6; k++) {
    const leg = s.legs[k];
    if (leg === undefined) {
      w.blanks(18);
      continue;
    }
    w.text('leg exchange acronym', leg.exchange, 3)
      .text('leg required-for-scanning flag', leg.requiredForScanning, 1)
      .requiredText('leg CC code', leg.cc, 6)
      .fixed('leg delta-per-spread ratio', leg.ratio, 4, 7)
      .text('leg market side', leg.side, 1);
  }
  w.text('spread method', s.method, 2).blanks(10).text('credit method', s.creditMethod, 1);
  // Columns 102-109 are one 4 × 9(2) block: an absent leg's tier is written `00`, like its CC is blank.
  for (let k = 0; k < LEGS_PER_RECORD_6; k++) w.digits('leg tier number', s.legs[k]?.tier ?? 0, 2);
  w.end(RECORD_LENGTH['6']);
}

/** One series: its 81 line (identity, values 1-9) and 82 line (identity, values 10-16, delta, volatility, price). */
function riskArrayRecords(w: RecordWriter, s: Series): void {
  const ra = s.riskArray;
  w.begin('81', s);
  if (ra.length !== SCENARIOS) w.fail('risk array', String(ra.length), `has not ${SCENARIOS} values`);
  seriesIdentity(w, s);
  for (let k = 0; k < VALUES_ON_81; k++) w.signed(VALUE_FIELDS[k] as string, ra[k] as number, 5);
  w.end(RECORD_LENGTH['81']);
  w.begin('82', s);
  seriesIdentity(w, s);
  for (let k = VALUES_ON_81; k < SCENARIOS; k++) w.signed(VALUE_FIELDS[k] as string, ra[k] as number, 5);
  w.signed('composite delta', s.compositeDelta, 5)
    .digits('implied volatility', s.impliedVolatility, 8)
    .signed('settlement price', s.settlementPrice, 7)
    .end(RECORD_LENGTH['82']);
}

const VALUE_FIELDS = Array.from({ length: SCENARIOS }, (_, k) => `risk array value ${k + 1}`);

/** Columns 3-54, identical on the 81 and 82 lines. */
function seriesIdentity(w: RecordWriter, s: Series): void {
  w.text('exchange acronym', s.exchange, 3)
    .text('commodity code', s.commodity, 10)
    .text('underlying commodity code', s.underlying, 10)
    .text('product type', s.productType, 3)
    .text('option right', s.right, 1);
  contractMonths(w, s).digits('strike price', s.strike, 7);
}

/** Futures month, day/week, filler, option month, day/week, filler: shared by B and 81/82. */
function contractMonths(
  w: RecordWriter,
  m: { futuresMonth: number; futuresDayWeek: string; optionMonth: number; optionDayWeek: string },
): RecordWriter {
  return w
    .month('futures month', m.futuresMonth)
    .text('futures day/week code', m.futuresDayWeek, 2)
    .blanks(1)
    .month('option month', m.optionMonth)
    .text('option day/week code', m.optionDayWeek, 2)
    .blanks(1);
}

/** Splits `items` into runs of `size`; an empty list still gives one (empty) record. */
function chunks<T>(items: readonly T[], size: number): T[][] {
  if (items.length === 0) return [[]];
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The parser rejects a reference to a CC (or to a commodity/product) that no record 2 defines,
 * so the writer refuses to write one: a written file always parses.
 */
function checkReferences(rpf: RiskParameterFile): void {
  const ccs = new Set<string>();
  const products = new Set<string>();
  for (const cc of rpf.combinedCommodities) {
    ccs.add(cc.code);
    for (const p of cc.products) products.add(productKey(p.commodity, p.productType));
  }
  const unknownProduct = (record: string, subject: string, commodity: string, productType: string): never => {
    throw new RpfWriteError(record, subject, 'commodity code', `${commodity} ${productType}`, 'no record 2 lists this commodity and product type');
  };
  for (const g of rpf.ccGroups) {
    for (const cc of g.ccs) {
      if (!ccs.has(cc)) throw new RpfWriteError('5', `group ${g.code}`, 'CC code', cc, 'no record 2 defines this CC');
    }
  }
  for (const s of rpf.interSpreads) {
    for (const leg of s.legs) {
      if (!ccs.has(leg.cc)) {
        throw new RpfWriteError('6', `group ${s.group} priority ${s.priority}`, 'leg CC code', leg.cc, 'no record 2 defines this CC');
      }
    }
  }
  for (const b of rpf.arrayParameters) {
    if (!products.has(productKey(b.commodity, b.productType))) {
      unknownProduct('B', `${b.commodity} ${b.productType} ${b.futuresMonth}/${b.optionMonth}`, b.commodity, b.productType);
    }
  }
  for (const s of rpf.series) {
    if (!products.has(productKey(s.commodity, s.productType))) unknownProduct('81', `series ${s.key}`, s.commodity, s.productType);
  }
}
