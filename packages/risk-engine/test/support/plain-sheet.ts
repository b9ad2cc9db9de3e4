import type { AccountSheet, CcSheet, ClearingHouseSheet, InterSpreadSheet, SideSheet } from '../../src/index';

/**
 * A calculation sheet copied into plain objects holding what its getters give: no engine class,
 * no integer units, so that whatever reads it takes the path of a sheet the engine did not make.
 */
export function plainAccount(a: AccountSheet): AccountSheet {
  return {
    account: a.account,
    basis: a.basis,
    multiplier: a.multiplier,
    clearingHouseTotalHkd: a.clearingHouseTotalHkd,
    clearingHouses: a.clearingHouses.map(plainHouse),
  };
}

function plainHouse(h: ClearingHouseSheet): ClearingHouseSheet {
  return {
    clearingHouse: h.clearingHouse,
    currency: h.currency,
    requirementUnrounded: h.requirementUnrounded,
    requirement: h.requirement,
    hkdRate: h.hkdRate,
    requirementHkd: h.requirementHkd,
    combinedCommodities: h.combinedCommodities.map(plainCc),
  };
}

function figures(f: CcSheet | SideSheet) {
  return {
    scanRisk: f.scanRisk,
    intraSpreadCharge: f.intraSpreadCharge,
    spotCharge: f.spotCharge,
    commodityRisk: f.commodityRisk,
    interSpreadCredit: f.interSpreadCredit,
    shortOptionMinimum: f.shortOptionMinimum,
    riskMargin: f.riskMargin,
    longOptionValue: f.longOptionValue,
    shortOptionValue: f.shortOptionValue,
    mtm: f.mtm,
    requirement: f.requirement,
  };
}

function plainCc(c: CcSheet): CcSheet {
  return {
    ...figures(c),
    cc: c.cc,
    clearingHouse: c.clearingHouse,
    currency: c.currency,
    marginable: c.marginable,
    solelyLongOptions: c.solelyLongOptions,
    sides: c.sides.map(plainSide),
  };
}

function plainInter(x: InterSpreadSheet): InterSpreadSheet {
  return {
    group: x.group,
    priority: x.priority,
    creditRate: x.creditRate,
    spreads: x.spreads,
    legs: x.legs.map((l) => ({ ...l })),
  };
}

function plainSide(s: SideSheet): SideSheet {
  return {
    ...figures(s),
    side: s.side,
    marginable: s.marginable,
    seriesCount: s.seriesCount,
    scenarioLosses: [...s.scenarioLosses],
    activeScenario: s.activeScenario,
    timeRisk: s.timeRisk,
    priceRisk: s.priceRisk,
    volatilityRisk: s.volatilityRisk,
    tierDeltas: s.tierDeltas.map((t) => ({ ...t })),
    monthDeltas: s.monthDeltas.map((m) => ({ ...m })),
    netDelta: s.netDelta,
    intraSpreads: s.intraSpreads.map((x) => ({ ...x, legs: x.legs.map((l) => ({ ...l })) })),
    spotCharges: s.spotCharges.map((x) => ({ ...x })),
    remainingDelta: s.remainingDelta,
    weightedPriceRisk: s.weightedPriceRisk,
    interSpreads: s.interSpreads.map(plainInter),
    som: { ...s.som },
    riskMarginUnrounded: s.riskMarginUnrounded,
  };
}
