import type { DeliveryMonth, Product, SomMethod, Tier, TierSpreadLeg } from '../../model';
import { riskArrayScale } from '../../model';
import type { LineReader } from '../fields';
import type { CcDraft, ModelBuilder } from '../builder';
import { productKey } from '../builder';

/** Product slots of record 2: six of 16 bytes from column 23 (the sixth without its filler). */
const PRODUCT_SLOTS = 6;
const PRODUCT_SLOT_WIDTH = 16;

/**
 * Record 2: a combined commodity (CC). A CC with more than six products repeats record 2 with
 * the same code; the repeats add products and must agree on everything else.
 */
export function readCombinedCommodity(r: LineReader, b: ModelBuilder): void {
  const exchange = r.text(3, 3);
  const code = r.requiredText(7, 6, 'CC code');
  const riskExponent = r.digits(13, 1, 'risk exponent');
  const currency = r.requiredText(14, 3, 'margin currency');
  const currencyCode = r.text(17, 1);
  const optionMarginStyle = r.text(18, 1);
  const limitOptionValue = r.text(19, 1);
  const combinationMargining = r.text(20, 1);

  const products: { product: Product; column: number }[] = [];
  for (let k = 0; k < PRODUCT_SLOTS; k++) {
    const col = 23 + PRODUCT_SLOT_WIDTH * k;
    if (r.isBlank(col, 15)) continue;
    const errors = r.errorCount;
    const commodity = r.requiredText(col, 10, `product ${k + 1} commodity code`);
    const productType = r.requiredText(col + 10, 3, `product ${k + 1} product type`);
    const magnitude = r.optionalDigits(col + 13, 1, `product ${k + 1} risk-array decimal locator`);
    const sign = r.sign(col + 14, `product ${k + 1} risk-array decimal locator sign`);
    if (r.errorCount !== errors) continue;
    // `0 * -1` is -0: keep a zero locator unsigned.
    products.push({ product: { commodity, productType, riskArrayLocator: magnitude === 0 ? 0 : magnitude * sign }, column: col });
  }
  // A malformed record 2 still defines its CC (the file is rejected anyway), so that the
  // records referring to it do not each report it again as unknown.
  if (code === '') return;

  let cc = b.ccs.get(code);
  if (cc === undefined) {
    cc = {
      code,
      exchange,
      riskExponent,
      currency,
      currencyCode,
      optionMarginStyle,
      limitOptionValue,
      combinationMargining,
      products: [],
      tierMethod: '',
      tiers: [],
      tierSpreads: [],
      spot: undefined,
      line: r.line,
      tierLine: 0,
      spotLine: 0,
    };
    b.ccs.set(code, cc);
  } else if (!r.failed) {
    // A continuation must describe the same CC: otherwise which RE/currency applies is a guess.
    const first = `differs from record 2 of CC ${code} at line ${cc.line}`;
    if (exchange !== cc.exchange) r.fail('InvalidValue', 3, 3, 'exchange acronym', first);
    if (riskExponent !== cc.riskExponent) r.fail('InvalidValue', 13, 1, 'risk exponent', first);
    if (currency !== cc.currency) r.fail('InvalidValue', 14, 3, 'margin currency', first);
    if (r.failed) return;
  }
  for (const { product, column } of products) {
    const key = productKey(product.commodity, product.productType);
    const seen = b.products.get(key);
    if (seen !== undefined) {
      r.fail('InvalidValue', column, 13, 'commodity code', `already listed by CC ${seen.cc} at line ${seen.line}`);
      continue;
    }
    cc.products.push(product);
    b.products.set(key, { cc: code, riskScale: riskArrayScale(cc, product), line: r.line });
  }
}

/** Record 3: intracommodity tiers of a CC. Further record 3 lines append tiers. */
export function readTiers(r: LineReader, b: ModelBuilder): void {
  const code = r.requiredText(3, 6, 'CC code');
  const method = r.text(9, 2);
  const tiers: Tier[] = [];
  for (let k = 0; k < 4; k++) {
    const col = 11 + 14 * k;
    if (r.isBlankOrZeros(col, 14)) continue;
    const number = r.digits(col, 2, `tier ${k + 1} number`);
    const startMonth = r.month(col + 2, `tier ${k + 1} start month`);
    const endMonth = r.month(col + 8, `tier ${k + 1} end month`);
    if (!r.failed && startMonth > endMonth) {
      r.fail('InvalidValue', col + 2, 12, `tier ${k + 1} months`, 'start month after end month');
    }
    tiers.push({ number, startMonth, endMonth });
  }
  if (r.failed) return;
  const cc = b.cc(code, r, 3, 'CC code');
  if (cc === undefined) return;
  if (cc.tierLine === 0) {
    cc.tierMethod = method;
    cc.tierLine = r.line;
  } else if (method !== cc.tierMethod) {
    r.fail('InvalidValue', 9, 2, 'intracommodity spread method code', `differs from record 3 at line ${cc.tierLine}`);
    return;
  }
  cc.tiers.push(...tiers);
}

/** Record C: a tier-to-tier intracommodity spread of a CC, with two or more legs of 7 bytes. */
export function readTierSpread(r: LineReader, b: ModelBuilder): void {
  const code = r.requiredText(3, 6, 'CC code');
  const method = r.text(9, 2);
  const priority = r.digits(11, 2, 'spread priority');
  const legCount = r.digits(13, 2, 'number of legs');
  const chargeRate = r.digits(15, 7, 'charge rate');
  if (legCount >= 0 && legCount < 2) r.fail('InvalidValue', 13, 2, 'number of legs', 'a spread has at least two legs');
  const legs: TierSpreadLeg[] = [];
  for (let k = 0; k < legCount && !r.failed; k++) {
    const col = 22 + 7 * k;
    const leg = r.digits(col, 2, `leg ${k + 1} leg number`);
    const tier = r.digits(col + 2, 2, `leg ${k + 1} tier number`);
    const ratio = r.digits(col + 4, 2, `leg ${k + 1} delta-per-spread ratio`);
    const side = r.choice(col + 6, 'AB', `leg ${k + 1} market side`);
    legs.push({ leg, tier, ratio, side: side as 'A' | 'B' });
  }
  if (r.failed) return;
  const cc = b.cc(code, r, 3, 'CC code');
  if (cc !== undefined) cc.tierSpreads.push({ method, priority, chargeRate, legs });
}

/** Record 4: spot (delivery) month charges and the short option minimum of a CC. */
export function readSpotAndSom(r: LineReader, b: ModelBuilder): void {
  const code = r.requiredText(3, 6, 'CC code');
  const method = r.text(9, 2);
  const count = r.digits(11, 2, 'number of delivery months');
  if (count > 2) r.fail('InvalidValue', 11, 2, 'number of delivery months', 'at most 2 delivery months');
  const deliveryMonths: DeliveryMonth[] = [];
  for (let k = 0; k < count && !r.failed; k++) {
    const col = 13 + 22 * k;
    deliveryMonths.push({
      monthNumber: r.digits(col, 2, `delivery month ${k + 1} month number`),
      month: r.month(col + 2, `delivery month ${k + 1} contract month`),
      consumedRate: r.digits(col + 8, 7, `delivery month ${k + 1} charge rate per delta consumed by spreads`),
      remainingRate: r.digits(col + 15, 7, `delivery month ${k + 1} charge rate per delta remaining in outrights`),
    });
  }
  const somRate = r.digits(63, 7, 'short option minimum charge rate');
  const members = r.fixed(70, 3, 2, 'maintenance adjustment factor (members)');
  const hedgers = r.fixed(73, 3, 2, 'maintenance adjustment factor (hedgers)');
  const speculators = r.fixed(76, 3, 2, 'maintenance adjustment factor (speculators)');
  const somMethod = r.choice(79, ' 12', 'short option minimum method');
  if (r.failed) return;
  const cc: CcDraft | undefined = b.cc(code, r, 3, 'CC code');
  if (cc === undefined) return;
  if (cc.spotLine !== 0) {
    r.fail('InvalidValue', 3, 6, 'CC code', `a second record 4 for this CC (the first is at line ${cc.spotLine})`);
    return;
  }
  cc.spotLine = r.line;
  cc.spot = {
    method,
    deliveryMonths,
    somRate,
    maintenanceFactors: [members, hedgers, speculators],
    somMethod: (somMethod === '' ? '2' : somMethod) as SomMethod,
  };
}
