import type { ClearingHouse, FileKind, MarketSide, SomMethod } from '@marginkit/rpf';
import { decimalText } from '../decimal';
import type {
  AccountSheet,
  Basis,
  CcSheet,
  ClearingHouseSheet,
  InterSpreadSheet,
  MarginRun,
  PositionError,
  PositionErrorTag,
  RpfProvenance,
  SideName,
  SideSheet,
} from './sheet';
import type { WhatIfResult } from './inputs';

/**
 * The calculation sheet as cli-contract.md's JSON: the contract's field names, money and deltas
 * as decimal strings (no exponent, no trailing zeros), months as `CCYYMM` strings. Fields beyond
 * the contract's example are extensions (the contract allows adding, never renaming).
 */
export const SCHEMA_VERSION = 1;

export interface RpfJson {
  readonly kind: FileKind;
  readonly businessDate: string;
  readonly businessTime: string;
  readonly fileName: string | null;
}

export interface InterSpreadJson {
  readonly group: string;
  readonly priority: number;
  readonly creditRate: string;
  readonly spreads: string;
  readonly legs: readonly {
    readonly cc: string;
    readonly side: MarketSide;
    readonly ratio: string;
    readonly deltaConsumed: string;
    readonly weightedPriceRisk: string;
    readonly credit: string;
  }[];
}

export interface MarginFiguresJson {
  readonly scanRisk: string;
  readonly intraSpreadCharge: string;
  readonly spotCharge: string;
  readonly commodityRisk: string;
  readonly interSpreadCredit: string;
  readonly shortOptionMinimum: string;
  readonly riskMargin: string;
  readonly longOptionValue: string;
  readonly shortOptionValue: string;
  readonly mtm: string;
  readonly requirement: string;
}

export interface SideJson extends MarginFiguresJson {
  readonly side: SideName;
  readonly marginable: boolean;
  readonly scenarioLosses: readonly string[];
  readonly activeScenario: number;
  readonly timeRisk: string;
  readonly priceRisk: string;
  readonly volatilityRisk: string;
  readonly netDelta: string;
  /** Tier number → D_t. */
  readonly tierDeltas: Readonly<Record<string, string>>;
  /** Tier number → R_t after intracommodity spreads. */
  readonly tierRemainingDeltas: Readonly<Record<string, string>>;
  /** CCYYMM → δ_m. */
  readonly monthDeltas: Readonly<Record<string, string>>;
  readonly intraSpreads: readonly {
    readonly priority: number;
    readonly spreads: string;
    readonly charge: string;
    readonly legs: readonly { readonly tier: number; readonly side: MarketSide; readonly ratio: number; readonly deltaConsumed: string }[];
  }[];
  readonly spotCharges: readonly {
    readonly month: string;
    readonly tier: number;
    readonly delta: string;
    readonly consumed: string;
    readonly remaining: string;
    readonly charge: string;
  }[];
  readonly remainingDelta: string;
  readonly weightedPriceRisk: string;
  readonly interSpreads: readonly InterSpreadJson[];
  readonly som: {
    readonly shortCalls: number;
    readonly shortPuts: number;
    readonly method: SomMethod;
    readonly contracts: number;
    readonly rate: string;
    readonly charge: string;
  };
  readonly riskMarginUnrounded: string;
  readonly seriesCount: number;
}

export interface CcJson extends MarginFiguresJson {
  readonly cc: string;
  readonly marginable: boolean;
  readonly solelyLongOptions: boolean;
  readonly sides: readonly SideJson[];
}

export interface ClearingHouseJson {
  readonly clearingHouse: ClearingHouse;
  readonly currency: string;
  readonly requirement: string;
  readonly requirementUnrounded: string;
  readonly hkdRate: string;
  readonly requirementHkd: string;
  readonly combinedCommodities: readonly CcJson[];
}

export interface AccountJson {
  readonly account: string;
  readonly basis: Basis;
  readonly clearingHouseTotalHkd: string;
  readonly clearingHouses: readonly ClearingHouseJson[];
}

export interface PositionErrorJson {
  readonly reason: PositionErrorTag;
  readonly file: string | null;
  readonly line: number;
  readonly account: string;
  readonly field: string;
  readonly value: string;
  readonly message: string;
}

export interface MarginRunJson {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly rpf: RpfJson;
  readonly accounts: readonly AccountJson[];
  readonly skippedPositions: readonly PositionErrorJson[];
}

const t = decimalText;

/**
 * Sheets made by the engine carry their own `sheetJson()`, which writes the same text straight
 * from integer units (the property tests hold it to an independent decimal implementation);
 * any other object implementing the sheet interfaces goes through the Decimal getters.
 */
interface SelfWriting<J> {
  sheetJson(): J;
}

function selfWriting<J>(x: object): x is SelfWriting<J> {
  return typeof (x as Partial<SelfWriting<J>>).sheetJson === 'function';
}

export function sideToJson(s: SideSheet): SideJson {
  return selfWriting<SideJson>(s) ? s.sheetJson() : sideToJsonGeneric(s);
}

export function interSpreadToJson(x: InterSpreadSheet): InterSpreadJson {
  return selfWriting<InterSpreadJson>(x) ? x.sheetJson() : interSpreadToJsonGeneric(x);
}

/** {@link interSpreadToJson} through the Decimal getters. */
export function interSpreadToJsonGeneric(x: InterSpreadSheet): InterSpreadJson {
  return {
    group: x.group,
    priority: x.priority,
    creditRate: t(x.creditRate),
    spreads: t(x.spreads),
    legs: x.legs.map((l) => ({
      cc: l.cc,
      side: l.side,
      ratio: t(l.ratio),
      deltaConsumed: t(l.deltaConsumed),
      weightedPriceRisk: t(l.weightedPriceRisk),
      credit: t(l.credit),
    })),
  };
}

/** {@link sideToJson} through the Decimal getters. */
export function sideToJsonGeneric(s: SideSheet): SideJson {
  const tierDeltas: Record<string, string> = {};
  const tierRemainingDeltas: Record<string, string> = {};
  for (const tier of s.tierDeltas) {
    tierDeltas[String(tier.tier)] = t(tier.delta);
    tierRemainingDeltas[String(tier.tier)] = t(tier.remaining);
  }
  const monthDeltas: Record<string, string> = {};
  for (const m of s.monthDeltas) monthDeltas[String(m.month)] = t(m.delta);
  return {
    side: s.side,
    marginable: s.marginable,
    scanRisk: t(s.scanRisk),
    intraSpreadCharge: t(s.intraSpreadCharge),
    spotCharge: t(s.spotCharge),
    commodityRisk: t(s.commodityRisk),
    interSpreadCredit: t(s.interSpreadCredit),
    shortOptionMinimum: t(s.shortOptionMinimum),
    riskMargin: t(s.riskMargin),
    longOptionValue: t(s.longOptionValue),
    shortOptionValue: t(s.shortOptionValue),
    mtm: t(s.mtm),
    requirement: t(s.requirement),
    scenarioLosses: s.scenarioLosses.map(t),
    activeScenario: s.activeScenario,
    timeRisk: t(s.timeRisk),
    priceRisk: t(s.priceRisk),
    volatilityRisk: t(s.volatilityRisk),
    netDelta: t(s.netDelta),
    tierDeltas,
    tierRemainingDeltas,
    monthDeltas,
    intraSpreads: s.intraSpreads.map((x) => ({
      priority: x.priority,
      spreads: t(x.spreads),
      charge: t(x.charge),
      legs: x.legs.map((l) => ({ tier: l.tier, side: l.side, ratio: l.ratio, deltaConsumed: t(l.deltaConsumed) })),
    })),
    spotCharges: s.spotCharges.map((x) => ({
      month: String(x.month),
      tier: x.tier,
      delta: t(x.delta),
      consumed: t(x.consumed),
      remaining: t(x.remaining),
      charge: t(x.charge),
    })),
    remainingDelta: t(s.remainingDelta),
    weightedPriceRisk: t(s.weightedPriceRisk),
    interSpreads: s.interSpreads.map(interSpreadToJsonGeneric),
    som: {
      shortCalls: s.som.shortCalls,
      shortPuts: s.som.shortPuts,
      method: s.som.method,
      contracts: s.som.contracts,
      rate: t(s.som.rate),
      charge: t(s.som.charge),
    },
    riskMarginUnrounded: t(s.riskMarginUnrounded),
    seriesCount: s.seriesCount,
  };
}

export function ccToJson(c: CcSheet): CcJson {
  return selfWriting<CcJson>(c) ? c.sheetJson() : ccToJsonGeneric(c);
}

/** {@link ccToJson} through the Decimal getters. */
export function ccToJsonGeneric(c: CcSheet): CcJson {
  return {
    cc: c.cc,
    marginable: c.marginable,
    solelyLongOptions: c.solelyLongOptions,
    scanRisk: t(c.scanRisk),
    intraSpreadCharge: t(c.intraSpreadCharge),
    spotCharge: t(c.spotCharge),
    commodityRisk: t(c.commodityRisk),
    interSpreadCredit: t(c.interSpreadCredit),
    shortOptionMinimum: t(c.shortOptionMinimum),
    riskMargin: t(c.riskMargin),
    longOptionValue: t(c.longOptionValue),
    shortOptionValue: t(c.shortOptionValue),
    mtm: t(c.mtm),
    requirement: t(c.requirement),
    sides: c.sides.map(sideToJsonGeneric),
  };
}

export function clearingHouseToJson(h: ClearingHouseSheet): ClearingHouseJson {
  return selfWriting<ClearingHouseJson>(h) ? h.sheetJson() : clearingHouseToJsonGeneric(h);
}

/** {@link clearingHouseToJson} through the Decimal getters. */
export function clearingHouseToJsonGeneric(h: ClearingHouseSheet): ClearingHouseJson {
  return {
    clearingHouse: h.clearingHouse,
    currency: h.currency,
    requirement: t(h.requirement),
    requirementUnrounded: t(h.requirementUnrounded),
    hkdRate: t(h.hkdRate),
    requirementHkd: t(h.requirementHkd),
    combinedCommodities: h.combinedCommodities.map(ccToJsonGeneric),
  };
}

/** One account's sheet as JSON (the CLI adds the `client` block beside these fields). */
export function accountSheetToJson(a: AccountSheet): AccountJson {
  if (selfWriting<AccountJson>(a)) return a.sheetJson();
  return {
    account: a.account,
    basis: a.basis,
    clearingHouseTotalHkd: t(a.clearingHouseTotalHkd),
    clearingHouses: a.clearingHouses.map(clearingHouseToJson),
  };
}

/** {@link accountSheetToJson} through the Decimal getters only. */
export function accountSheetToJsonGeneric(a: AccountSheet): AccountJson {
  return {
    account: a.account,
    basis: a.basis,
    clearingHouseTotalHkd: t(a.clearingHouseTotalHkd),
    clearingHouses: a.clearingHouses.map(clearingHouseToJsonGeneric),
  };
}

export function positionErrorToJson(e: PositionError): PositionErrorJson {
  return {
    reason: e._tag,
    file: e.file ?? null,
    line: e.line,
    account: e.account,
    field: e.field,
    value: e.value,
    message: e.message,
  };
}

/** A whole run as cli-contract.md's `margin --format json` document (without `client` blocks). */
export function sheetToJson(run: MarginRun): MarginRunJson {
  return {
    schemaVersion: SCHEMA_VERSION,
    rpf: rpfToJson(run.rpf),
    accounts: run.accounts.map(accountSheetToJson),
    skippedPositions: run.skippedPositions.map(positionErrorToJson),
  };
}

export interface WhatIfStepJson {
  readonly trade: { readonly cc: string; readonly series: string; readonly quantity: number } | null;
  readonly clearingHouseTotalHkd: string;
  readonly clientTotal?: string;
  readonly incrementalClearingHouse?: string;
  readonly incrementalClient?: string;
}

export interface WhatIfJson {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly rpf: RpfJson;
  readonly account: string;
  readonly basis: Basis;
  readonly steps: readonly WhatIfStepJson[];
  readonly marginBenefit: { readonly clearingHouse: string; readonly client?: string };
}

function rpfToJson(rpf: RpfProvenance): RpfJson {
  return { kind: rpf.kind, businessDate: rpf.businessDate, businessTime: rpf.businessTime, fileName: rpf.fileName ?? null };
}

/**
 * cli-contract.md's `whatif` JSON. Client fields appear only when the what-if ran with a client
 * hook (the CLI passes @marginkit/client-margin's).
 */
export function whatIfToJson(rpf: RpfProvenance, w: WhatIfResult): WhatIfJson {
  return {
    schemaVersion: SCHEMA_VERSION,
    rpf: rpfToJson(rpf),
    account: w.account,
    basis: w.basis,
    steps: w.steps.map((s) => ({
      trade: s.trade === null ? null : { cc: s.trade.cc, series: s.trade.series, quantity: s.trade.quantity },
      clearingHouseTotalHkd: t(s.clearingHouseTotalHkd),
      ...(s.clientTotal === undefined ? {} : { clientTotal: t(s.clientTotal) }),
      ...(s.incrementalClearingHouse === undefined ? {} : { incrementalClearingHouse: t(s.incrementalClearingHouse) }),
      ...(s.incrementalClient === undefined ? {} : { incrementalClient: t(s.incrementalClient) }),
    })),
    marginBenefit: {
      clearingHouse: t(w.marginBenefit.clearingHouse),
      ...(w.marginBenefit.client === undefined ? {} : { client: t(w.marginBenefit.client) }),
    },
  };
}
