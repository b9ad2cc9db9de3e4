import type { SeriesInput } from '../assemble';
import { assembleRpf } from '../assemble';
import { makeCatalogue } from '../catalogue';
import type { ClearingHouse, ContractCatalogue, ContractSpec } from '../contract';
import { parseFixed } from '../fixed';
import type {
  ArrayParameters,
  CcGroup,
  CombinedCommodity,
  CurrencyRate,
  Exchange,
  Fixed,
  InterSpread,
  Product,
  RiskParameterFile,
  RpfHeader,
  TierSpread,
} from '../model';
import { SCENARIOS } from '../model';
import { black76, black76Price } from './black';
import { dayNumber, expiryDay, isoDate } from './calendar';
import { seededPrng } from './prng';
import type { Prng } from './prng';
import type { ScanParameters, Valuation } from './scenarios';
import { scenarioLosses } from './scenarios';
import type { CcSpec, GeneratorSpec, InterSpreadSpec, OptionsSpec } from './spec';

export interface GeneratedRpf {
  readonly rpf: RiskParameterFile;
  /** The contract multipliers and price decimals the RPF does not carry. */
  readonly catalogue: ContractCatalogue;
}

/** Widths of the 81/82 fields the generator fills (rpf-format.md). */
const MAX_RISK_ARRAY_VALUE = 99_999;
const MAX_PRICE_SCAN_RANGE = 99_999;
const MAX_RATE = 9_999_999;
const MAX_PRICE = 9_999_999;

/**
 * Generates a synthetic RPF (and its contract catalogue) from a description, deterministically
 * from `seed`: the seed drives the per-series volatility smile noise; everything else follows
 * from the description. Each series' 16 risk-array values are priced by scenario revaluation
 * (prime.md's scenario table) with Black-76 (options on futures) or Black-Scholes (options on
 * stock), rounded to integers at the CC's risk exponent — the smallest that makes every value
 * fit its field unless the description fixes one. Throws on a description that cannot be
 * written (expired month, strike or price too wide, value that fits no risk exponent).
 */
export function generateRpf(spec: GeneratorSpec, seed: number): GeneratedRpf {
  const rng = seededPrng(seed);
  const businessDay = dayNumber(spec.header.businessDate);
  const lookAhead = quantise((spec.lookAheadDays ?? 1) / 365, 6);

  const exchangeOf = new Map<string, { acronym: string; code: string; clearingHouse: ClearingHouse }>();
  for (const ex of spec.exchanges) exchangeOf.set(ex.acronym, ex);
  const ccExchange = new Map<string, string>();

  const built: BuiltCc[] = [];
  for (const ccSpec of spec.combinedCommodities) {
    const exchange = exchangeOf.get(ccSpec.exchange);
    if (exchange === undefined) throw new Error(`generateRpf: CC ${ccSpec.code}: unknown exchange ${ccSpec.exchange}`);
    if (ccExchange.has(ccSpec.code)) throw new Error(`generateRpf: CC ${ccSpec.code} is described twice`);
    ccExchange.set(ccSpec.code, ccSpec.exchange);
    built.push(buildCombinedCommodity(ccSpec, exchange.clearingHouse, businessDay, lookAhead, rng));
  }
  // A file lists each exchange's CCs under its record 1: order them so, as a parse would.
  const exchangeOrder = spec.exchanges.map((e) => e.acronym);
  built.sort((x, y) => exchangeOrder.indexOf(x.cc.exchange) - exchangeOrder.indexOf(y.cc.exchange));
  const combinedCommodities: CombinedCommodity[] = built.map((b) => b.cc);
  const arrayParameters: ArrayParameters[] = built.flatMap((b) => b.arrayParameters);
  const series: SeriesInput[] = built.flatMap((b) => b.series);
  const contracts: ContractSpec[] = built.flatMap((b) => b.contracts);

  const ccGroups: CcGroup[] = (spec.groups ?? []).map((g) => ({ code: g.code, ccs: [...g.ccs] }));
  const interSpreads = (spec.interSpreads ?? []).map((s, i) => interSpread(s, i + 1, ccExchange));
  const currencyRates: CurrencyRate[] = (spec.currencyRates ?? []).map((r) => ({
    from: r.from,
    fromCode: r.fromCode,
    to: r.to,
    toCode: r.toCode,
    multiplier: decimalText(r.rate, 6),
  }));
  const exchanges: Exchange[] = spec.exchanges.map((e) => ({ acronym: e.acronym, code: e.code }));

  const rpf = assembleRpf({
    header: header(spec),
    currencyRates,
    exchanges,
    combinedCommodities,
    ccGroups,
    interSpreads,
    arrayParameters,
    series,
  });
  return { rpf, catalogue: makeCatalogue(contracts) };
}

function header(spec: GeneratorSpec): RpfHeader {
  const kind = spec.header.kind ?? 'final';
  const businessTime = spec.header.businessTime ?? (kind === 'intraday' ? '12:30' : '18:30');
  return {
    exchangeComplex: spec.header.exchangeComplex ?? 'HKEX',
    businessDate: spec.header.businessDate,
    settlementFlag: kind === 'intraday' ? 'I' : 'S',
    fileId: kind === 'intraday' ? 'I2' : kind === 'early' ? 'E' : 'F',
    kind,
    businessTime,
    creationDate: spec.header.businessDate,
    creationTime: businessTime,
    format: 'U2',
    grossNetIndicator: '',
    limitOptionValueFlag: '',
    businessFunction: 'CLR',
    levelFlag: 'A',
    levelCode: 'CLR',
  };
}

/** One series before its risk exponent is known: identity, valuation and scan inputs. */
interface Draft {
  readonly id: Omit<SeriesInput, 'riskArray' | 'compositeDelta' | 'impliedVolatility' | 'settlementPrice'>;
  readonly value: Valuation;
  readonly u0: number;
  readonly t: number;
  readonly vol: number;
  readonly multiplier: number;
  /** Index into the CC's price scan ranges (one per product). */
  readonly product: number;
  readonly settlementPrice: number;
  readonly compositeDelta: number;
  readonly impliedVolatility: number;
}

interface BuiltCc {
  readonly cc: CombinedCommodity;
  readonly arrayParameters: readonly ArrayParameters[];
  readonly series: readonly SeriesInput[];
  readonly contracts: readonly ContractSpec[];
}

function buildCombinedCommodity(
  spec: CcSpec,
  clearingHouse: ClearingHouse,
  businessDay: number,
  lookAhead: Fixed,
  rng: Prng,
): BuiltCc {
  const u = spec.underlying;
  const vol = quantise(u.volatility, 6);
  const rate = quantise(u.rate, 4);
  const dividendYield = quantise(u.dividendYield, 6);
  const volScan = quantise(spec.volatilityScanRange, 6);
  const extreme = quantise(spec.extremeMove.multiplier, 3);
  const covered = quantise(spec.extremeMove.coveredFraction, 4);
  const r = value(rate);
  const q = value(dividendYield);
  const la = value(lookAhead);

  const products: Product[] = [];
  /** Per product: its price scan range in currency per contract, and its contract multiplier. */
  const psrCurrency: number[] = [];
  const productMultiplier: number[] = [];
  const monthInfo = (month: number) => {
    const expiry = expiryDay(month);
    if (expiry < businessDay) throw new Error(`generateRpf: CC ${spec.code}: month ${month} expired on ${isoDate(expiry)}`);
    const tte = quantise((expiry - businessDay) / 365, 6);
    const t = value(tte);
    return { expiry, tte, t, forward: u.spot * Math.exp((r - q) * t) };
  };
  const bRecord = (commodity: string, productType: string, futuresMonth: number, optionMonth: number, month: number) => {
    const info = monthInfo(month);
    return (psrRaw: number): ArrayParameters => ({
      exchange: spec.exchange,
      commodity,
      productType,
      futuresMonth,
      futuresDayWeek: '',
      optionMonth,
      optionDayWeek: '',
      baseVolatility: vol,
      volatilityScanRange: volScan,
      priceScanRange: psrRaw,
      extremeMoveMultiplier: extreme,
      extremeMoveCoveredFraction: covered,
      interestRate: rate,
      timeToExpiration: info.tte,
      lookAheadTime: lookAhead,
      deltaScalingFactor: { units: 10_000, scale: 4 },
      expirationDate: isoDate(info.expiry),
      dividendYield,
    });
  };

  const drafts: Draft[] = [];
  const bDrafts: { product: number; make: (psrRaw: number) => ArrayParameters }[] = [];
  const contracts: ContractSpec[] = [];
  const addContract = (commodity: string, multiplier: number, priceDecimals: number) => {
    const existing = contracts.find((c) => c.commodity === commodity);
    if (existing !== undefined) {
      if (existing.multiplier.units !== multiplier || existing.priceDecimals !== priceDecimals) {
        throw new Error(`generateRpf: CC ${spec.code}: commodity ${commodity} has two multipliers or price decimals`);
      }
      return;
    }
    contracts.push({
      clearingHouse,
      cc: spec.code,
      commodity,
      currency: spec.currency,
      multiplier: { units: multiplier, scale: 0 },
      priceDecimals,
    });
  };

  const fut = spec.futures;
  if (fut !== undefined) {
    const p = products.length;
    products.push({ commodity: fut.commodity, productType: 'FUT', riskArrayLocator: 0 });
    psrCurrency.push(spec.priceScanRate * u.spot * fut.multiplier);
    productMultiplier.push(fut.multiplier);
    addContract(fut.commodity, fut.multiplier, fut.priceDecimals);
    const futureValue: Valuation = (price) => price;
    for (const month of fut.months) {
      const info = monthInfo(month);
      bDrafts.push({ product: p, make: bRecord(fut.commodity, 'FUT', month, 0, month) });
      drafts.push({
        id: {
          exchange: spec.exchange,
          commodity: fut.commodity,
          underlying: u.code,
          productType: 'FUT',
          right: '',
          futuresMonth: month,
          futuresDayWeek: '',
          optionMonth: 0,
          optionDayWeek: '',
          strike: 0,
        },
        value: futureValue,
        u0: info.forward,
        t: info.t,
        vol: value(vol),
        multiplier: fut.multiplier,
        product: p,
        settlementPrice: checkedPrice(spec.code, fut.commodity, Math.round(info.forward * 10 ** fut.priceDecimals)),
        compositeDelta: 10_000,
        impliedVolatility: 0,
      });
    }
  }

  const opt = spec.options;
  if (opt !== undefined) {
    const p = products.length;
    const onFutures = opt.productType === 'OOF';
    products.push({ commodity: opt.commodity, productType: opt.productType, riskArrayLocator: 0 });
    psrCurrency.push(spec.priceScanRate * u.spot * opt.multiplier);
    productMultiplier.push(opt.multiplier);
    addContract(opt.commodity, opt.multiplier, opt.priceDecimals);
    const priceUnit = 10 ** opt.priceDecimals;
    const skew = u.skew ?? -0.1;
    const smile = u.smile ?? 0.3;
    for (const month of opt.months) {
      const info = monthInfo(month);
      const futuresMonth = onFutures ? month : 0;
      bDrafts.push({ product: p, make: bRecord(opt.commodity, opt.productType, futuresMonth, month, month) });
      // Options on futures are scanned on the futures price; options on stock on the spot.
      const u0 = onFutures ? info.forward : u.spot;
      const carry = onFutures ? () => 1 : (t: number) => Math.exp((r - q) * t);
      for (const strikeRaw of strikesOf(spec.code, opt, month, info.forward)) {
        const strike = strikeRaw / priceUnit;
        const x = Math.log(strike / info.forward);
        // One volatility per strike, shared by its call and put (as put-call parity requires).
        const seriesVol = quantise(Math.min(Math.max(value(vol) * (1 + skew * x + smile * x * x) + 0.003 * rng.normal(), 0.05), 5), 6);
        const sv = value(seriesVol);
        for (const right of ['C', 'P'] as const) {
          const valuation: Valuation = (price, t, v) => black76Price(right, price * carry(t), strike, v, t, Math.exp(-r * t));
          const now = black76(right, u0 * carry(info.t), strike, sv, info.t, Math.exp(-r * info.t));
          drafts.push({
            id: {
              exchange: spec.exchange,
              commodity: opt.commodity,
              underlying: onFutures ? (fut?.commodity ?? u.code) : u.code,
              productType: opt.productType,
              right,
              futuresMonth,
              futuresDayWeek: '',
              optionMonth: month,
              optionDayWeek: '',
              strike: strikeRaw,
            },
            value: valuation,
            u0,
            t: info.t,
            vol: sv,
            multiplier: opt.multiplier,
            product: p,
            // A listed option never settles below one tick.
            settlementPrice: checkedPrice(spec.code, opt.commodity, Math.max(1, Math.round(now.price * priceUnit))),
            // Delta per unit of the scanned underlying: ∂V/∂F × ∂F/∂u.
            compositeDelta: roundHalfAway(now.delta * carry(info.t) * 10_000),
            impliedVolatility: seriesVol.units,
          });
        }
      }
    }
  }

  // The smallest risk exponent at which the price scan ranges, rates and every risk-array
  // value fit their fields; the arrays are priced with the scan range as written (raw × 10^RE).
  for (let re = spec.riskExponent ?? 0; re <= 9; re++) {
    const scale = 10 ** re;
    const psrRaw = psrCurrency.map((c) => Math.max(1, roundHalfAway(c / scale)));
    if (psrRaw.some((v) => v > MAX_PRICE_SCAN_RANGE)) {
      if (spec.riskExponent !== undefined) break;
      continue;
    }
    const rates = ratesAt(spec, scale);
    if (rates === undefined) {
      if (spec.riskExponent !== undefined) break;
      continue;
    }
    const out: SeriesInput[] = [];
    let fits = true;
    const scans: ScanParameters[] = psrRaw.map((raw, p) => ({
      priceRange: (raw * scale) / (productMultiplier[p] as number),
      volRange: value(volScan),
      extremeMultiplier: value(extreme),
      coveredFraction: value(covered),
      lookAhead: la,
    }));
    const losses = new Float64Array(SCENARIOS);
    for (const d of drafts) {
      scenarioLosses(d.value, d.u0, d.t, d.vol, d.multiplier, scans[d.product] as ScanParameters, losses);
      const riskArray = new Array<number>(SCENARIOS);
      for (let k = 0; k < SCENARIOS; k++) {
        const raw = roundHalfAway((losses[k] as number) / scale);
        if (Math.abs(raw) > MAX_RISK_ARRAY_VALUE) fits = false;
        riskArray[k] = raw;
      }
      if (!fits) break;
      const id = d.id;
      // Field by field: an object spread here costs more than the pricing of the series.
      out.push({
        exchange: id.exchange,
        commodity: id.commodity,
        underlying: id.underlying,
        productType: id.productType,
        right: id.right,
        futuresMonth: id.futuresMonth,
        futuresDayWeek: id.futuresDayWeek,
        optionMonth: id.optionMonth,
        optionDayWeek: id.optionDayWeek,
        strike: id.strike,
        riskArray,
        compositeDelta: d.compositeDelta,
        impliedVolatility: d.impliedVolatility,
        settlementPrice: d.settlementPrice,
      });
    }
    if (!fits) {
      if (spec.riskExponent !== undefined) break;
      continue;
    }
    const cc: CombinedCommodity = {
      code: spec.code,
      exchange: spec.exchange,
      riskExponent: re,
      currency: spec.currency,
      currencyCode: spec.currencyCode,
      optionMarginStyle: 'P',
      limitOptionValue: 'N',
      combinationMargining: 'N',
      products,
      tierMethod: (spec.tiers ?? []).length > 0 ? '01' : '',
      tiers: (spec.tiers ?? []).map((t, i) => ({ number: i + 1, startMonth: t.start, endMonth: t.end })),
      tierSpreads: rates.tierSpreads,
      spot: {
        method: '01',
        deliveryMonths: rates.deliveryMonths,
        somRate: rates.som,
        maintenanceFactors: [
          { units: 100, scale: 2 },
          { units: 100, scale: 2 },
          { units: 100, scale: 2 },
        ],
        somMethod: spec.som.method,
      },
    };
    return { cc, arrayParameters: bDrafts.map((b) => b.make(psrRaw[b.product] as number)), series: out, contracts };
  }
  throw new Error(
    spec.riskExponent === undefined
      ? `generateRpf: CC ${spec.code}: no risk exponent 0-9 makes its values fit their fields`
      : `generateRpf: CC ${spec.code}: values do not fit their fields at risk exponent ${spec.riskExponent}`,
  );
}

/** Records C and 4 rates as raw integers at a risk exponent, or undefined when one overflows. */
function ratesAt(
  spec: CcSpec,
  scale: number,
): { tierSpreads: TierSpread[]; deliveryMonths: { monthNumber: number; month: number; consumedRate: number; remainingRate: number }[]; som: number } | undefined {
  const raw = (currency: number) => roundHalfAway(currency / scale);
  const tierSpreads: TierSpread[] = (spec.tierSpreads ?? []).map((s, i) => ({
    method: '01',
    priority: i + 1,
    chargeRate: raw(s.charge),
    legs: s.legs.map((l, k) => ({ leg: k + 1, tier: l.tier, ratio: l.ratio, side: l.side })),
  }));
  if ((spec.spotMonths ?? []).length > 2) throw new Error(`generateRpf: CC ${spec.code}: at most 2 spot months`);
  const deliveryMonths = (spec.spotMonths ?? []).map((m, i) => ({
    monthNumber: i + 1,
    month: m.month,
    consumedRate: raw(m.consumedRate),
    remainingRate: raw(m.remainingRate),
  }));
  const som = raw(spec.som.rate);
  const all = [som, ...tierSpreads.map((s) => s.chargeRate), ...deliveryMonths.flatMap((m) => [m.consumedRate, m.remainingRate])];
  return all.every((v) => v >= 0 && v <= MAX_RATE) ? { tierSpreads, deliveryMonths, som } : undefined;
}

/** Strikes of one option month as raw integers with the commodity's price decimals, ascending. */
function strikesOf(cc: string, opt: OptionsSpec, month: number, forward: number): number[] {
  const unit = 10 ** opt.priceDecimals;
  let strikes: number[];
  if ('grid' in opt.strikes) {
    const { count, step } = opt.strikes.grid;
    const stepRaw = Math.round(step * unit);
    if (stepRaw <= 0) throw new Error(`generateRpf: CC ${cc}: strike step ${step} is below one price unit`);
    const centre = Math.round((forward * unit) / stepRaw) * stepRaw;
    strikes = [];
    for (let i = 0; i < count; i++) {
      const k = centre + (i - Math.floor(count / 2)) * stepRaw;
      if (k > 0) strikes.push(k);
    }
  } else {
    strikes = (opt.strikes.perMonth[month] ?? []).map((k) => Math.round(k * unit)).sort((a, b) => a - b);
  }
  for (const k of strikes) {
    if (k <= 0 || k > MAX_PRICE) throw new Error(`generateRpf: CC ${cc}: strike ${k / unit} does not fit 9(7)`);
  }
  return strikes;
}

function interSpread(s: InterSpreadSpec, priority: number, ccExchange: ReadonlyMap<string, string>): InterSpread {
  return {
    group: s.group,
    priority,
    creditRate: exactFixed(s.creditRatePercent, 4, `inter spread ${priority} credit rate`),
    legs: s.legs.map((l) => {
      const exchange = ccExchange.get(l.cc);
      if (exchange === undefined) throw new Error(`generateRpf: inter spread ${priority}: unknown CC ${l.cc}`);
      return {
        exchange,
        requiredForScanning: 'Y',
        cc: l.cc,
        ratio: exactFixed(l.ratio, 4, `inter spread ${priority} leg ${l.cc} ratio`),
        side: l.side,
        tier: 0,
      };
    }),
    method: '',
    creditMethod: 'W',
  };
}

function checkedPrice(cc: string, commodity: string, raw: number): number {
  if (Math.abs(raw) > MAX_PRICE) throw new Error(`generateRpf: CC ${cc}: a ${commodity} price (${raw}) does not fit 9(7)`);
  return raw;
}

/** Half away from zero, without a negative zero (the model must deep-equal its parse). */
function roundHalfAway(x: number): number {
  const r = Math.sign(x) * Math.round(Math.abs(x));
  return r === 0 ? 0 : r;
}

/** A generated parameter rounded to the field's decimals: the value written and used. */
function quantise(x: number, scale: number): Fixed {
  return { units: roundHalfAway(x * 10 ** scale), scale };
}

/** A described number that must be exact at `scale` decimals (ratios, credit rates). */
function exactFixed(x: number, scale: number, what: string): Fixed {
  const f = quantise(x, scale);
  if (Math.abs(f.units - x * 10 ** scale) > 1e-6) throw new Error(`generateRpf: ${what} ${x} has more than ${scale} decimals`);
  return f;
}

function value(f: Fixed): number {
  return f.units / 10 ** f.scale;
}

/** Exact decimal text → Fixed at `scale` (no binary float on the way). */
function decimalText(text: string, scale: number): Fixed {
  const f = parseFixed(text);
  if (f === undefined || f.units < 0 || f.scale > scale) {
    throw new Error(`generateRpf: rate ${JSON.stringify(text)} is not a decimal with at most ${scale} decimals`);
  }
  return { units: f.units * 10 ** (scale - f.scale), scale };
}
