import Decimal from 'decimal.js';
import type { ContractCatalogue, RiskParameterFile, Series } from '@marginkit/rpf';

/**
 * A plain decimal implementation of prime.md, written from the spec for the property tests and
 * sharing no code with the engine: every figure is a Decimal in currency (or contract) units,
 * each step is the spec's formula in the spec's order. It produces the engine's JSON shape so
 * that the two can be compared field by field.
 */

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
type Dec = Decimal;

const fmt = (x: Dec): string => (x.isZero() ? '0' : x.toFixed());
const round2 = (x: Dec): Dec => x.toDecimalPlaces(10, D.ROUND_HALF_UP).toDecimalPlaces(0, D.ROUND_HALF_UP);
const ten = (k: number): Dec => new D(10).pow(k);

export interface RefPosition {
  readonly series: Series;
  readonly quantity: number;
}

interface SideResult {
  json: Record<string, unknown>;
  ccCode: string;
  marginable: boolean;
  // intermediate figures
  cr: Dec;
  som: Dec;
  pr: Dec;
  nd: Dec;
  e: Dec;
  credit: Dec;
  inter: Record<string, unknown>[];
  lov: Dec;
  sov: Dec;
  isSeoch: boolean;
  hasFuture: boolean;
  hasShort: boolean;
  rm: Dec;
  rmU: Dec;
  mtm: Dec;
  req: Dec;
  scan: Dec;
  intra: Dec;
  spot: Dec;
}

function monthOf(s: Series): number {
  return s.futuresMonth !== 0 ? s.futuresMonth : s.optionMonth;
}

export function referenceAccount(
  rpf: RiskParameterFile,
  catalogue: ContractCatalogue,
  positions: readonly RefPosition[],
  basis: 'net' | 'gross',
): Record<string, unknown> {
  // Net or split the quantities per series.
  const net = new Map<Series, number>();
  const longs = new Map<Series, number>();
  const shorts = new Map<Series, number>();
  for (const p of positions) {
    net.set(p.series, (net.get(p.series) ?? 0) + p.quantity);
    if (p.quantity > 0) longs.set(p.series, (longs.get(p.series) ?? 0) + p.quantity);
    if (p.quantity < 0) shorts.set(p.series, (shorts.get(p.series) ?? 0) + p.quantity);
  }
  const houseOfCc = (code: string) => catalogue.contracts.find((c) => c.cc === code)?.clearingHouse;

  // side name -> CC code -> series with quantity
  const portfolios: [string, Map<string, [Series, number][]>][] = [];
  const collect = (name: string, m: Map<Series, number>) => {
    const byCc = new Map<string, [Series, number][]>();
    for (const [s, q] of m) {
      if (q === 0) continue;
      const list = byCc.get(s.cc) ?? [];
      list.push([s, q]);
      byCc.set(s.cc, list);
    }
    portfolios.push([name, byCc]);
  };
  if (basis === 'net') collect('net', net);
  else {
    collect('long', longs);
    collect('short', shorts);
  }

  const results = new Map<string, SideResult>(); // key: side|cc
  for (const [name, byCc] of portfolios) {
    const sides: SideResult[] = [];
    for (const [code, list] of byCc) {
      const r = commoditySide(rpf, catalogue, code, name, list, houseOfCc(code) === 'SEOCH');
      results.set(`${name}|${code}`, r);
      sides.push(r);
    }
    // Intercommodity spreads per clearing house among the marginable sides.
    for (const house of ['HKCC', 'SEOCH']) {
      const inHouse = new Map<string, SideResult>();
      for (const s of sides) if (s.marginable && houseOfCc(s.ccCode) === house) inHouse.set(s.ccCode, s);
      interSpreads(rpf, inHouse);
    }
    for (const s of sides) finish(s);
  }

  // CCs in RPF order, sides long then short.
  const ccJson: { house: string; currency: string; cc: Record<string, unknown>; req: Dec }[] = [];
  for (const cc of rpf.combinedCommodities) {
    const sides = ['net', 'long', 'short'].map((n) => results.get(`${n}|${cc.code}`)).filter((x): x is SideResult => x !== undefined);
    if (sides.length === 0) continue;
    const sum = (f: (s: SideResult) => Dec) => sides.reduce((a, s) => a.plus(f(s)), new D(0));
    const req = sum((s) => s.req);
    ccJson.push({
      house: houseOfCc(cc.code) as string,
      currency: cc.currency,
      req,
      cc: {
        cc: cc.code,
        marginable: sides.some((s) => s.marginable),
        solelyLongOptions: sides.every((s) => !s.hasFuture && !s.hasShort),
        scanRisk: fmt(sum((s) => s.scan)),
        intraSpreadCharge: fmt(sum((s) => s.intra)),
        spotCharge: fmt(sum((s) => s.spot)),
        commodityRisk: fmt(sum((s) => s.cr)),
        interSpreadCredit: fmt(sum((s) => s.credit)),
        shortOptionMinimum: fmt(sum((s) => s.som)),
        riskMargin: fmt(sum((s) => s.rm)),
        longOptionValue: fmt(sum((s) => s.lov)),
        shortOptionValue: fmt(sum((s) => s.sov)),
        mtm: fmt(sum((s) => s.mtm)),
        requirement: fmt(req),
        sides: sides.map((s) => s.json),
      },
    });
  }
  const houseKeys: string[] = [];
  for (const c of ccJson) if (!houseKeys.includes(`${c.house}|${c.currency}`)) houseKeys.push(`${c.house}|${c.currency}`);
  houseKeys.sort((a, b) => {
    const [ha, ca] = a.split('|') as [string, string];
    const [hb, cb] = b.split('|') as [string, string];
    return ha === hb ? (ca < cb ? -1 : ca > cb ? 1 : 0) : ha === 'HKCC' ? -1 : 1;
  });
  let totalHkd = new D(0);
  const houses = houseKeys.map((k) => {
    const [house, currency] = k.split('|') as [string, string];
    const ccs = ccJson.filter((c) => c.house === house && c.currency === currency);
    const sum = ccs.reduce((a, c) => a.plus(c.req), new D(0));
    const requirement = round2(D.max(sum, 0));
    const rate = hkdRate(rpf, currency);
    const inHkd = requirement.times(rate);
    totalHkd = totalHkd.plus(inHkd);
    return {
      clearingHouse: house,
      currency,
      requirement: fmt(requirement),
      requirementUnrounded: fmt(sum),
      hkdRate: fmt(rate),
      requirementHkd: fmt(inHkd),
      combinedCommodities: ccs.map((c) => c.cc),
    };
  });
  return { account: 'REF', basis, clearingHouseTotalHkd: fmt(round2(totalHkd)), clearingHouses: houses };
}

function hkdRate(rpf: RiskParameterFile, currency: string): Dec {
  if (currency === 'HKD') return new D(1);
  const t = rpf.currencyRates.find((r) => r.from === currency && r.to === 'HKD');
  if (t !== undefined) return new D(t.multiplier.units).div(ten(t.multiplier.scale));
  const inv = rpf.currencyRates.find((r) => r.from === 'HKD' && r.to === currency);
  if (inv === undefined) throw new Error(`no rate for ${currency}`);
  return new D(1).div(new D(inv.multiplier.units).div(ten(inv.multiplier.scale)));
}

function commoditySide(
  rpf: RiskParameterFile,
  catalogue: ContractCatalogue,
  code: string,
  sideName: string,
  list: [Series, number][],
  isSeoch: boolean,
): SideResult {
  const cc = rpf.ccByCode.get(code);
  if (cc === undefined) throw new Error(code);
  const re = cc.riskExponent;
  const hasFuture = list.some(([s]) => s.right === '');
  const hasShort = list.some(([, q]) => q < 0);
  const somRate = new D(cc.spot?.somRate ?? 0).times(ten(re));
  const somMethod = cc.spot?.somMethod ?? '2';
  const zero = new D(0);

  if (isSeoch && sideName === 'long') {
    // Gross SEOCH longs: not marginable, all zero.
    return {
      json: {
        side: 'long', marginable: false, scanRisk: '0', intraSpreadCharge: '0', spotCharge: '0', commodityRisk: '0',
        interSpreadCredit: '0', shortOptionMinimum: '0', riskMargin: '0', longOptionValue: '0', shortOptionValue: '0',
        mtm: '0', requirement: '0', scenarioLosses: Array.from({ length: 16 }, () => '0'), activeScenario: 0,
        timeRisk: '0', priceRisk: '0', volatilityRisk: '0', netDelta: '0', tierDeltas: {}, tierRemainingDeltas: {},
        monthDeltas: {}, intraSpreads: [], spotCharges: [], remainingDelta: '0', weightedPriceRisk: '0', interSpreads: [],
        som: { shortCalls: 0, shortPuts: 0, method: somMethod, contracts: 0, rate: fmt(somRate), charge: '0' },
        riskMarginUnrounded: '0', seriesCount: list.length,
      },
      ccCode: code, marginable: false, cr: zero, som: zero, pr: zero, nd: zero, e: zero, credit: zero, inter: [],
      lov: zero, sov: zero, isSeoch, hasFuture, hasShort, rm: zero, rmU: zero, mtm: zero, req: zero, scan: zero, intra: zero, spot: zero,
    };
  }

  // 1. Scenario losses.
  const L: Dec[] = [];
  for (let s = 0; s < 16; s++) {
    let sum = new D(0);
    for (const [series, q] of list) {
      const ra = new D(series.riskArray[s] as number).times(ten(series.riskScale));
      sum = sum.plus(new D(q).times(ra));
    }
    L.push(sum);
  }
  // 2. Scan risk, active scenario.
  let sStar = 1;
  for (let s = 2; s <= 16; s++) if ((L[s - 1] as Dec).gt(L[sStar - 1] as Dec)) sStar = s;
  const top = L[sStar - 1] as Dec;
  const scan = D.max(0, top);
  // 3. Risk split.
  const tr = (L[0] as Dec).plus(L[1] as Dec).div(2);
  let pr: Dec;
  if (sStar === 15 || sStar === 16) pr = top.minus(tr);
  else {
    const pair = sStar % 2 === 1 ? sStar + 1 : sStar - 1;
    pr = top.plus(L[pair - 1] as Dec).div(2).minus(tr);
  }
  const vr = scan.minus(pr).minus(tr);

  // 4. Deltas.
  const tierOf = (m: number) => cc.tiers.find((t) => m >= t.startMonth && m <= t.endMonth)?.number ?? 0;
  const dsfOf = (s: Series): Dec => {
    const b = rpf.arrayParameters.find(
      (x) => x.commodity === s.commodity && x.productType === s.productType && x.futuresMonth === s.futuresMonth && x.optionMonth === s.optionMonth,
    );
    if (b === undefined || b.deltaScalingFactor.units === 0) return new D(1);
    return new D(b.deltaScalingFactor.units).div(ten(b.deltaScalingFactor.scale));
  };
  const tierDelta = new Map<number, Dec>();
  const monthDelta = new Map<number, Dec>();
  let nd = new D(0);
  for (const [series, q] of list) {
    const d = new D(q).times(new D(series.compositeDelta).div(10000)).times(dsfOf(series));
    const m = monthOf(series);
    const t = tierOf(m);
    tierDelta.set(t, (tierDelta.get(t) ?? new D(0)).plus(d));
    monthDelta.set(m, (monthDelta.get(m) ?? new D(0)).plus(d));
    nd = nd.plus(d);
  }

  // 5. Intracommodity spreads.
  const R = new Map<number, Dec>();
  for (const [t, d] of tierDelta) R.set(t, d);
  const consumed = new Map<number, Dec>();
  let intra = new D(0);
  const intraJson: Record<string, unknown>[] = [];
  const ordered = cc.tierSpreads.map((sp, i) => ({ sp, i })).sort((a, b) => a.sp.priority - b.sp.priority || a.i - b.i);
  for (const { sp } of ordered) {
    if (sp.legs.length === 0 || sp.legs.some((l) => l.ratio === 0)) continue;
    const rOf = (t: number) => R.get(t) ?? new D(0);
    const up = sp.legs.every((l) => (l.side === 'A' ? rOf(l.tier).gt(0) : rOf(l.tier).lt(0)));
    const down = sp.legs.every((l) => (l.side === 'A' ? rOf(l.tier).lt(0) : rOf(l.tier).gt(0)));
    if (!up && !down) continue;
    const qs = sp.legs.map((l) => rOf(l.tier).abs().div(l.ratio));
    const n = D.min(...qs);
    const rate = new D(sp.chargeRate).times(ten(re));
    const charge = n.times(rate);
    intra = intra.plus(charge);
    const legs = sp.legs.map((l, k) => {
      const amount = n.times(l.ratio);
      const r = rOf(l.tier);
      R.set(l.tier, (qs[k] as Dec).eq(n) ? new D(0) : r.gt(0) ? r.minus(amount) : r.plus(amount));
      consumed.set(l.tier, (consumed.get(l.tier) ?? new D(0)).plus(amount));
      return { tier: l.tier, side: l.side, ratio: l.ratio, deltaConsumed: fmt(amount) };
    });
    intraJson.push({ priority: sp.priority, spreads: fmt(n), charge: fmt(charge), legs });
  }

  // 6. Spot month charges.
  let spot = new D(0);
  const spotJson: Record<string, unknown>[] = [];
  for (const dm of cc.spot?.deliveryMonths ?? []) {
    const delta = monthDelta.get(dm.month);
    if (delta === undefined || delta.isZero()) continue;
    const t = tierOf(dm.month);
    let sumAbs = new D(0);
    for (const [m, d] of monthDelta) if (tierOf(m) === t) sumAbs = sumAbs.plus(d.abs());
    const c = consumed.get(t) ?? new D(0);
    const consumedM = sumAbs.isZero() ? new D(0) : c.times(delta.abs()).div(sumAbs);
    const remainingM = delta.abs().minus(consumedM);
    const charge = consumedM.times(new D(dm.consumedRate).times(ten(re))).plus(remainingM.times(new D(dm.remainingRate).times(ten(re))));
    spot = spot.plus(charge);
    spotJson.push({ month: String(dm.month), tier: t, delta: fmt(delta.abs()), consumed: fmt(consumedM), remaining: fmt(remainingM), charge: fmt(charge) });
  }

  // 7. Commodity risk. 8. SOM.
  const cr = scan.plus(intra).plus(spot);
  let sc = 0;
  let sp = 0;
  for (const [series, q] of list) {
    if (q < 0 && series.right === 'C') sc += -q;
    if (q < 0 && series.right === 'P') sp += -q;
  }
  const nSom = somMethod === '1' ? Math.max(sc, sp) : sc + sp;
  const som = new D(nSom).times(somRate);

  // E in ascending tier number.
  let e = new D(0);
  for (const t of [...R.keys()].sort((a, b) => a - b)) e = e.plus(R.get(t) as Dec);

  // Option values.
  let lov = new D(0);
  let sov = new D(0);
  for (const [series, q] of list) {
    if (series.right === '') continue;
    const spec = catalogue.byCommodity.get(series.commodity);
    if (spec === undefined) throw new Error(series.commodity);
    const price = new D(series.settlementPrice).div(ten(spec.priceDecimals));
    const mult = new D(spec.multiplier.units).div(ten(spec.multiplier.scale));
    const v = new D(Math.abs(q)).times(price).times(mult);
    if (q > 0) lov = lov.plus(v);
    else sov = sov.plus(v);
  }

  const sortedTiers = [...tierDelta.keys()].sort((a, b) => a - b);
  const tierJson: Record<string, string> = {};
  const tierRemJson: Record<string, string> = {};
  for (const t of sortedTiers) {
    tierJson[String(t)] = fmt(tierDelta.get(t) as Dec);
    tierRemJson[String(t)] = fmt(R.get(t) as Dec);
  }
  const monthJson: Record<string, string> = {};
  for (const m of [...monthDelta.keys()].sort((a, b) => a - b)) monthJson[String(m)] = fmt(monthDelta.get(m) as Dec);

  const json: Record<string, unknown> = {
    side: sideName,
    marginable: true,
    scanRisk: fmt(scan),
    intraSpreadCharge: fmt(intra),
    spotCharge: fmt(spot),
    commodityRisk: fmt(cr),
    shortOptionMinimum: fmt(som),
    longOptionValue: fmt(lov),
    shortOptionValue: fmt(sov),
    scenarioLosses: L.map(fmt),
    activeScenario: sStar,
    timeRisk: fmt(tr),
    priceRisk: fmt(pr),
    volatilityRisk: fmt(vr),
    netDelta: fmt(nd),
    tierDeltas: tierJson,
    tierRemainingDeltas: tierRemJson,
    monthDeltas: monthJson,
    intraSpreads: intraJson,
    spotCharges: spotJson,
    remainingDelta: fmt(e),
    som: { shortCalls: sc, shortPuts: sp, method: somMethod, contracts: nSom, rate: fmt(somRate), charge: fmt(som) },
    seriesCount: list.length,
  };
  return {
    json, ccCode: code, marginable: true, cr, som, pr, nd, e, credit: new D(0), inter: [], lov, sov, isSeoch, hasFuture, hasShort,
    rm: zero, rmU: zero, mtm: zero, req: zero, scan, intra, spot,
  };
}

function wpr(s: SideResult): Dec {
  if (s.nd.isZero()) return new D(0);
  return D.max(s.pr.div(s.nd.abs()), 0);
}

function interSpreads(rpf: RiskParameterFile, sides: Map<string, SideResult>): void {
  const ordered = rpf.interSpreads.map((sp, i) => ({ sp, i })).sort((a, b) => a.sp.priority - b.sp.priority || a.i - b.i);
  const E = new Map<string, Dec>();
  for (const [code, s] of sides) E.set(code, s.e);
  for (const { sp } of ordered) {
    if (sp.legs.length === 0 || sp.legs.some((l) => l.ratio.units === 0)) continue;
    if (!sp.legs.every((l) => sides.has(l.cc))) continue;
    const eOf = (c: string) => E.get(c) as Dec;
    const up = sp.legs.every((l) => (l.side === 'A' ? eOf(l.cc).gt(0) : eOf(l.cc).lt(0)));
    const down = sp.legs.every((l) => (l.side === 'A' ? eOf(l.cc).lt(0) : eOf(l.cc).gt(0)));
    if (!up && !down) continue;
    const ratio = (l: (typeof sp.legs)[number]) => new D(l.ratio.units).div(ten(l.ratio.scale));
    const rate = new D(sp.creditRate.units).div(ten(sp.creditRate.scale));
    const qs = sp.legs.map((l) => eOf(l.cc).abs().div(ratio(l)));
    const n = D.min(...qs);
    const legs = sp.legs.map((l, k) => {
      const s = sides.get(l.cc) as SideResult;
      const amount = n.times(ratio(l));
      const cur = eOf(l.cc);
      E.set(l.cc, (qs[k] as Dec).eq(n) ? new D(0) : cur.gt(0) ? cur.minus(amount) : cur.plus(amount));
      const w = wpr(s);
      const credit = n.times(ratio(l)).times(w).times(rate).div(100);
      s.credit = s.credit.plus(credit);
      return { cc: l.cc, side: l.side, ratio: fmt(ratio(l)), deltaConsumed: fmt(amount), weightedPriceRisk: fmt(w), credit: fmt(credit) };
    });
    const formed = { group: sp.group, priority: sp.priority, creditRate: fmt(rate), spreads: fmt(n), legs };
    for (const code of new Set(sp.legs.map((l) => l.cc))) (sides.get(code) as SideResult).inter.push(formed);
  }
}

function finish(s: SideResult): void {
  if (!s.marginable) return;
  s.rmU = D.max(s.cr.minus(s.credit), s.som, 0);
  s.rm = round2(s.rmU);
  s.mtm = s.isSeoch ? s.sov.minus(s.lov) : new D(0);
  s.req = s.rm.plus(s.mtm);
  Object.assign(s.json, {
    interSpreadCredit: fmt(s.credit),
    riskMargin: fmt(s.rm),
    mtm: fmt(s.mtm),
    requirement: fmt(s.req),
    weightedPriceRisk: fmt(wpr(s)),
    interSpreads: s.inter,
    riskMarginUnrounded: fmt(s.rmU),
  });
}
