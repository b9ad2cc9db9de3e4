import type { ClearingHouse } from '@marginkit/rpf';
import { decimalText as money, unitsText } from '@marginkit/risk-engine';
import type { UnitsCc, UnitsTotal } from './engine-sheet';
import { UnitsMargin } from './engine-sheet';
import type { ClientMargin } from './model';

/** One CC of the `client` block of `marginkit margin --format json` (cli-contract.md). */
export interface ClientCcJson {
  readonly cc: string;
  readonly clearingHouse: ClearingHouse;
  /** RM × multiplier before the long-option cap, unrounded. */
  readonly riskMargin: string;
  readonly longOptionValue: string;
  readonly capped: boolean;
  readonly mtm: string;
  /** B, unrounded. */
  readonly requirement: string;
  // Extensions (cli-contract.md allows adding fields): the remaining steps of client-margin.md.
  readonly currency: string;
  readonly marginable: boolean;
  readonly clearingHouseRiskMargin: string;
  /** A after the cap. */
  readonly cappedRiskMargin: string;
}

export interface ClientTotalJson {
  readonly clearingHouse: ClearingHouse;
  readonly currency: string;
  readonly total: string;
  readonly maintenance: string;
}

export interface ClientMarginJson {
  readonly multiplier: string;
  readonly combinedCommodities: readonly ClientCcJson[];
  readonly totals: readonly ClientTotalJson[];
  /** Whole HKD. */
  readonly total: string;
  readonly maintenance: string;
  /** Extension. */
  readonly maintenanceRatio: string;
}

/**
 * The `client` block of cli-contract.md: money as decimal strings, per-CC figures exact and
 * without trailing zeros (`"15188.6"`), totals in whole units.
 */
export function clientMarginJson(margin: ClientMargin): ClientMarginJson {
  const { multiplier, ...totals } = clientTotalsJson(margin);
  return {
    multiplier,
    combinedCommodities: margin.combinedCommodities.map((c) => ({
      cc: c.cc,
      clearingHouse: c.clearingHouse,
      riskMargin: money(c.riskMargin),
      longOptionValue: money(c.longOptionValue),
      capped: c.capped,
      mtm: money(c.mtm),
      requirement: money(c.requirement),
      currency: c.currency,
      marginable: c.marginable,
      clearingHouseRiskMargin: money(c.clearingHouseRiskMargin),
      cappedRiskMargin: money(c.cappedRiskMargin),
    })),
    ...totals,
  };
}

/** The `client` block without its per-CC figures (the HTTP service's summary view): no CC's money is written. */
export type ClientTotalsJson = Omit<ClientMarginJson, 'combinedCommodities'>;

export function clientTotalsJson(margin: ClientMargin): ClientTotalsJson {
  return {
    multiplier: money(margin.multiplier),
    totals: margin.totals.map((t) => ({
      clearingHouse: t.clearingHouse,
      currency: t.currency,
      total: money(t.total),
      maintenance: money(t.maintenance),
    })),
    total: money(margin.total),
    maintenance: money(margin.maintenance),
    maintenanceRatio: money(margin.maintenanceRatio),
  };
}

/**
 * {@link clientMarginJson} as JSON text: exactly `JSON.stringify(clientMarginJson(margin))`. A
 * margin of an engine sheet is written straight from its integer units, with no Decimal made.
 */
export function clientMarginJsonText(margin: ClientMargin): string {
  if (!(margin instanceof UnitsMargin)) return JSON.stringify(clientMarginJson(margin));
  let text = `{"multiplier":"${margin.multiplierSetting.text}","combinedCommodities":[`;
  const ccs = margin.combinedCommodities;
  for (let i = 0; i < ccs.length; i++) {
    const c = ccs[i] as UnitsCc;
    const s = c.scale;
    // A CC repeats figures (A after the cap is A or LOV; an HKCC B is A after the cap; LOV and
    // MTM are often 0): each distinct one is written once.
    const a = unitsText(c.aUnits, s);
    const lov = c.lovUnits === 0 ? '0' : unitsText(c.lovUnits, s);
    const mtm = c.mtmUnits === 0 ? '0' : unitsText(c.mtmUnits, s);
    const capped = c.capped ? lov : a;
    const b = c.bUnits === c.cappedUnits ? capped : unitsText(c.bUnits, s);
    text +=
      ccHead(c, i > 0) +
      a +
      '","longOptionValue":"' +
      lov +
      (c.capped ? '","capped":true,"mtm":"' : '","capped":false,"mtm":"') +
      mtm +
      '","requirement":"' +
      b +
      ccMiddle(c) +
      String(c.rmUnits) +
      '","cappedRiskMargin":"' +
      capped +
      '"}';
  }
  text += '],"totals":[';
  const totals = margin.totals;
  for (let i = 0; i < totals.length; i++) {
    const t = totals[i] as UnitsTotal;
    text +=
      (i === 0 ? '' : ',') +
      totalHead(t) +
      String(t.totalUnits) +
      '","maintenance":"' +
      String(t.maintenanceUnits) +
      '"}';
  }
  return (
    `${text}],"total":"${String(margin.totalUnits)}","maintenance":"${String(margin.maintenanceUnits)}"` +
    `,"maintenanceRatio":"${margin.ratioSetting.text}"}`
  );
}

/**
 * `{"cc":…,"clearingHouse":…,"riskMargin":"` of each CC written so far (an RPF has a few
 * hundred), per clearing house (a margin of this path has HKCC and SEOCH CCs only); after it,
 * the same with the comma that separates it from the CC before.
 */
const heads = { HKCC: new Map<string, readonly [string, string]>(), SEOCH: new Map<string, readonly [string, string]>() };
const MAX_HEADS = 4096;

function ccHead(c: UnitsCc, comma: boolean): string {
  const cache = c.clearingHouse === 'HKCC' ? heads.HKCC : heads.SEOCH;
  let head = cache.get(c.cc);
  if (head === undefined) {
    if (cache.size >= MAX_HEADS) cache.clear();
    const text = `{"cc":${jsonString(c.cc)},"clearingHouse":${jsonString(c.clearingHouse)},"riskMargin":"`;
    head = [text, `,${text}`];
    cache.set(c.cc, head);
  }
  return head[comma ? 1 : 0];
}

/** From the requirement's closing quote to the clearing-house risk margin's opening one. */
function ccMiddle(c: UnitsCc): string {
  if (c.currency === 'HKD') {
    return c.marginable
      ? '","currency":"HKD","marginable":true,"clearingHouseRiskMargin":"'
      : '","currency":"HKD","marginable":false,"clearingHouseRiskMargin":"';
  }
  return `","currency":${jsonString(c.currency)},"marginable":${c.marginable ? 'true' : 'false'},"clearingHouseRiskMargin":"`;
}

/** `{"clearingHouse":…,"currency":…,"total":"` of a clearing house's total. */
function totalHead(t: UnitsTotal): string {
  if (t.currency === 'HKD') {
    if (t.clearingHouse === 'HKCC') return '{"clearingHouse":"HKCC","currency":"HKD","total":"';
    if (t.clearingHouse === 'SEOCH') return '{"clearingHouse":"SEOCH","currency":"HKD","total":"';
  }
  return `{"clearingHouse":${jsonString(t.clearingHouse)},"currency":${jsonString(t.currency)},"total":"`;
}

/**
 * `JSON.stringify(s)` for a string: names (CC codes, currencies) are printable ASCII without
 * quotes or backslashes, which JSON writes as they are, so only other strings go to the
 * serialiser. (Money texts are digits, '-' and '.': they are written without this.)
 */
function jsonString(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch < 0x20 || ch > 0x7e || ch === 0x22 /* " */ || ch === 0x5c /* \\ */) return JSON.stringify(s);
  }
  return `"${s}"`;
}

/** The client figures a CSV record carries for one CC, as the `client` block writes them. */
export interface ClientCcFigureTexts {
  /** A before the long-option cap, decimal text. */
  readonly riskMargin: string;
  readonly capped: boolean;
  /** B, decimal text. */
  readonly requirement: string;
}

/**
 * Each CC's {@link ClientCcFigureTexts}, in `combinedCommodities` order: the same text as
 * {@link clientMarginJson} gives them, from integer units for an engine sheet's margin.
 */
export function clientCcFigureTexts(margin: ClientMargin): ClientCcFigureTexts[] {
  if (!(margin instanceof UnitsMargin)) {
    return margin.combinedCommodities.map((c) => ({ riskMargin: money(c.riskMargin), capped: c.capped, requirement: money(c.requirement) }));
  }
  return margin.combinedCommodities.map((cc) => {
    const c = cc as UnitsCc;
    return { riskMargin: unitsText(c.aUnits, c.scale), capped: c.capped, requirement: unitsText(c.bUnits, c.scale) };
  });
}
