import type Decimal from 'decimal.js';
import type { ClearingHouse } from '@marginkit/rpf';
import type { AccountSheet, CcClientUnits, ClearingHouseSheet } from '@marginkit/risk-engine';
import { ccClientUnits, PrimeDecimal, roundWholeUnits, unitsDecimal } from '@marginkit/risk-engine';
import type { ClientCcMargin, ClientClearingHouseTotal, ClientMargin } from './model';
import type { ScaledSetting } from './settings';
import { scaledRate } from './settings';
import { isSafe, MAX_SCALE, POW10 } from './units';

/**
 * The client rules (client-margin.md) on a sheet the engine made, in exact integer units instead
 * of decimal objects: the engine hands over each CC's RM, LOV and MTM as units
 * (`ccClientUnits`), every figure here is a safe integer at one money scale per account, and the
 * result's Decimal fields are made only when read. Same rules, same order, same roundings as
 * `clientMargin`, which stays the reference: whenever a figure would not be exact here — a CC
 * not made by the engine, a value past 2^53, a scale past 10 places — or an input is one the
 * rules reject, this returns undefined and the caller takes the decimal path, which gives the
 * figures or the errors.
 */

/** One CC's steps, money at the account's scale (RM in whole units). */
export class UnitsCc implements ClientCcMargin {
  constructor(
    readonly cc: string,
    readonly clearingHouse: ClearingHouse,
    readonly currency: string,
    readonly marginable: boolean,
    readonly solelyLongOptions: boolean,
    readonly multiplier: Decimal,
    /** RM, whole units. */
    readonly rmUnits: number,
    /** A before the cap. */
    readonly aUnits: number,
    readonly lovUnits: number,
    readonly capped: boolean,
    readonly mtmUnits: number,
    /** B. */
    readonly bUnits: number,
    /** Decimals of aUnits, lovUnits, mtmUnits, bUnits. */
    readonly scale: number,
  ) {}
  get clearingHouseRiskMargin(): Decimal {
    return unitsDecimal(this.rmUnits, 0);
  }
  get riskMargin(): Decimal {
    return unitsDecimal(this.aUnits, this.scale);
  }
  get longOptionValue(): Decimal {
    return unitsDecimal(this.lovUnits, this.scale);
  }
  /** A after the cap. */
  get cappedUnits(): number {
    return this.capped ? this.lovUnits : this.aUnits;
  }
  get cappedRiskMargin(): Decimal {
    return unitsDecimal(this.cappedUnits, this.scale);
  }
  get mtm(): Decimal {
    return unitsDecimal(this.mtmUnits, this.scale);
  }
  get requirement(): Decimal {
    return unitsDecimal(this.bUnits, this.scale);
  }
}

export class UnitsTotal implements ClientClearingHouseTotal {
  constructor(
    readonly clearingHouse: ClearingHouse,
    readonly currency: string,
    /** Σ B at `scale`. */
    readonly sumUnits: number,
    readonly scale: number,
    /** Whole units. */
    readonly totalUnits: number,
    readonly maintenanceUnits: number,
    readonly hkdRate: Decimal,
  ) {}
  get requirementSum(): Decimal {
    return unitsDecimal(this.sumUnits, this.scale);
  }
  get total(): Decimal {
    return unitsDecimal(this.totalUnits, 0);
  }
  get maintenance(): Decimal {
    return unitsDecimal(this.maintenanceUnits, 0);
  }
}

export class UnitsMargin implements ClientMargin {
  constructor(
    readonly multiplierSetting: ScaledSetting,
    readonly ratioSetting: ScaledSetting,
    readonly combinedCommodities: readonly UnitsCc[],
    readonly totals: readonly UnitsTotal[],
    /** Whole HKD. */
    readonly totalUnits: number,
    readonly maintenanceUnits: number,
  ) {}
  get multiplier(): Decimal {
    return this.multiplierSetting.decimal;
  }
  get maintenanceRatio(): Decimal {
    return this.ratioSetting.decimal;
  }
  get total(): Decimal {
    return unitsDecimal(this.totalUnits, 0);
  }
  get maintenance(): Decimal {
    return unitsDecimal(this.maintenanceUnits, 0);
  }
}

/**
 * A client margin's totals as whole units (safe integers), for a caller summing them over many
 * accounts without decimal objects: per clearing house and currency, and in HKD. Only for
 * margins of the units path (see the module comment); undefined for any other (use the
 * Decimal fields).
 */
export interface ClientTotalUnits {
  readonly totals: readonly {
    readonly clearingHouse: ClearingHouse;
    readonly currency: string;
    /** Whole units of `currency`. */
    readonly totalUnits: number;
    readonly maintenanceUnits: number;
  }[];
  /** Whole HKD. */
  readonly totalUnits: number;
  readonly maintenanceUnits: number;
}

export function clientTotalUnits(margin: ClientMargin): ClientTotalUnits | undefined {
  return margin instanceof UnitsMargin ? margin : undefined;
}

const HKD_RATE: ScaledSetting = { decimal: new PrimeDecimal(1), units: 1, scale: 0, text: '1' };

/** A clearing house and currency while its CCs are summed. */
interface Group {
  readonly clearingHouse: ClearingHouse;
  readonly currency: string;
  sum: number;
}

/**
 * Client margin of an engine sheet with valid settings `multiplier` and `ratio`, or undefined
 * when the decimal path must answer (see the module comment).
 */
export function unitsClientMargin(
  sheet: AccountSheet,
  multiplier: ScaledSetting,
  ratio: ScaledSetting,
): UnitsMargin | undefined {
  const houses = sheet.clearingHouses;
  // One scale for every money figure of the account: the multiplier's and every CC's.
  const figures: CcClientUnits[] = [];
  let scale = multiplier.scale;
  for (const house of houses) {
    for (const cc of house.combinedCommodities) {
      const u = ccClientUnits(cc);
      if (u === undefined) return undefined;
      if (u.scale > scale) scale = u.scale;
      figures.push(u);
    }
  }
  if (scale > MAX_SCALE) return undefined;
  const toScale = POW10[scale - multiplier.scale] as number;

  const ccs: UnitsCc[] = [];
  const groups: Group[] = [];
  let i = 0;
  for (const house of houses) {
    for (const cc of house.combinedCommodities) {
      const u = figures[i++] as CcClientUnits;
      const seoch = cc.clearingHouse === 'SEOCH';
      if (!seoch && cc.clearingHouse !== 'HKCC') return undefined;
      // The inputs `clientMargin` checks: RM whole (units are) and ≥ 0, LOV ≥ 0, no HKCC MTM,
      // HKCC always marginable, each CC once per clearing house.
      const rm = Number(u.riskMargin);
      const k = POW10[scale - u.scale] as number;
      // A product past 2^53 − 1 (or a bigint that was) fails the range test: no silent rounding.
      const lov = Number(u.longOptionValue) * k;
      const mtm = Number(u.mtm) * k;
      if (!(rm >= 0 && isSafe(rm) && lov >= 0 && isSafe(lov) && isSafe(mtm))) return undefined;
      if (!seoch && (mtm !== 0 || !cc.marginable)) return undefined;
      for (const seen of ccs) if (seen.cc === cc.cc && seen.clearingHouse === cc.clearingHouse) return undefined;

      let c: UnitsCc;
      if (!cc.marginable) {
        // Gross SEOCH long positions: no risk margin and no option value, whatever RM × m would be.
        c = new UnitsCc(cc.cc, cc.clearingHouse, cc.currency, false, cc.solelyLongOptions, multiplier.decimal, 0, 0, 0, false, 0, 0, scale);
      } else {
        const a = rm * multiplier.units * toScale;
        // A client holding only long options can lose at most what it paid for them.
        const capped = cc.solelyLongOptions && a > lov;
        const b = seoch ? (capped ? lov : a) + mtm : capped ? lov : a;
        if (!isSafe(a) || !isSafe(b)) return undefined;
        c = new UnitsCc(cc.cc, cc.clearingHouse, cc.currency, true, cc.solelyLongOptions, multiplier.decimal, rm, a, lov, capped, mtm, b, scale);
      }
      ccs.push(c);

      let group: Group | undefined;
      for (const g of groups) {
        if (g.clearingHouse === c.clearingHouse && g.currency === c.currency) {
          group = g;
          break;
        }
      }
      if (group === undefined) {
        group = { clearingHouse: c.clearingHouse, currency: c.currency, sum: 0 };
        groups.push(group);
      }
      group.sum += c.bUnits;
      if (!isSafe(group.sum)) return undefined;
    }
  }

  const totals: UnitsTotal[] = [];
  // Σ total × HKD rate at the largest rate scale so far.
  let grand = 0;
  let grandScale = 0;
  for (const g of groups) {
    const rate = g.currency === 'HKD' ? HKD_RATE : rateOf(houses, g.currency);
    if (rate === undefined) return undefined;
    // Per clearing house and currency: a SEOCH credit never reduces HKCC margin.
    const total = g.sum > 0 ? roundWholeUnits(g.sum, scale) : 0;
    const maintenance = roundWholeUnits(ratio.units * total, ratio.scale);
    if (Number.isNaN(total) || Number.isNaN(maintenance)) return undefined;
    totals.push(new UnitsTotal(g.clearingHouse, g.currency, g.sum, scale, total, maintenance, rate.decimal));
    if (rate.scale > grandScale) {
      grand *= POW10[rate.scale - grandScale] as number;
      grandScale = rate.scale;
    }
    grand += total * rate.units * (POW10[grandScale - rate.scale] as number);
    if (!isSafe(grand)) return undefined;
  }
  const total = roundWholeUnits(grand, grandScale);
  const maintenance = roundWholeUnits(ratio.units * total, ratio.scale);
  if (Number.isNaN(total) || Number.isNaN(maintenance)) return undefined;
  return new UnitsMargin(multiplier, ratio, ccs, totals, total, maintenance);
}

/**
 * The HKD rate `clientMarginForAccount` converts `currency` with: the last clearing-house sheet
 * in that currency names it (as its map from currency to rate keeps the last).
 */
function rateOf(houses: readonly ClearingHouseSheet[], currency: string): ScaledSetting | undefined {
  for (let h = houses.length - 1; h >= 0; h--) {
    const house = houses[h] as ClearingHouseSheet;
    if (house.currency === currency) return scaledRate(house.hkdRate);
  }
  return undefined;
}
