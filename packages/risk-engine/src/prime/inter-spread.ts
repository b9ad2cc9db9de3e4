import type Decimal from 'decimal.js';
import type { MarketSide } from '@marginkit/rpf';
import type { EngineData, InterSpreadDef } from './context';
import type { Q } from './exact';
import { abs, add, cmp, div, mul, real, shift, sign, sub, unitsText } from './exact';
import type { InterSpreadJson } from './sheet-json';
import type { InterSpreadLegSheet, InterSpreadSheet } from './sheet';
import type { JsonWriter } from './json-writer';
import { writeInterSpread } from './sheet-text';
import type { PrimeSide } from './side';

/**
 * The intercommodity spread credit (prime.md): type-6 spreads between the CCs of one portfolio
 * side, in ascending priority (ties: file order), each leg acting on its CC's whole remaining
 * delta E, credited at the leg's weighted price risk.
 *
 * Figures here are whole units (spreads, contracts of delta, currency) except E, which stays in
 * the CC's delta units; record 6 ratios and credit rates are integers at scale 4.
 */

export interface LegFigures {
  readonly cc: string;
  readonly side: MarketSide;
  readonly ratioUnits: number;
  readonly amount: Q;
  readonly wpr: Q;
  readonly credit: Q;
}

/** A formed spread; its figures become Decimals or text only when read. */
class InterFormed implements InterSpreadSheet {
  constructor(
    readonly group: string,
    readonly priority: number,
    private readonly rateUnits: number,
    private readonly n: Q,
    private readonly figures: readonly LegFigures[],
  ) {}
  get creditRate(): Decimal {
    return real(this.rateUnits, 4);
  }
  get spreads(): Decimal {
    return real(this.n, 0);
  }
  get legs(): readonly InterSpreadLegSheet[] {
    return this.figures.map((l) => ({
      cc: l.cc,
      side: l.side,
      ratio: real(l.ratioUnits, 4),
      deltaConsumed: real(l.amount, 0),
      weightedPriceRisk: real(l.wpr, 0),
      credit: real(l.credit, 0),
    }));
  }
  sheetJson(): InterSpreadJson {
    return {
      group: this.group,
      priority: this.priority,
      creditRate: unitsText(this.rateUnits, 4),
      spreads: unitsText(this.n, 0),
      legs: this.figures.map((l) => ({
        cc: l.cc,
        side: l.side,
        ratio: unitsText(l.ratioUnits, 4),
        deltaConsumed: unitsText(l.amount, 0),
        weightedPriceRisk: unitsText(l.wpr, 0),
        credit: unitsText(l.credit, 0),
      })),
    };
  }
  /** Writes `JSON.stringify(this.sheetJson())` from the units (sheet-text.ts). */
  writeJson(w: JsonWriter): void {
    writeInterSpread(w, this.group, this.priority, this.rateUnits, this.n, this.figures);
  }
}

/** Current E of a CC, delta units. */
function currentE(side: PrimeSide): Q {
  return side.interE ?? side.e;
}

/**
 * Forms the spreads among `sides` (the marginable CCs of one clearing house on one side), adding
 * credits to `interCredit` and the formed spreads to each leg CC's `inter` list.
 * `byCc` is scratch: an array indexed by CC index, all undefined on entry and on exit.
 */
export function interCommoditySpreads(
  e: EngineData,
  sides: readonly PrimeSide[],
  byCc: (PrimeSide | undefined)[],
  seen: Uint32Array,
  epoch: number,
): void {
  if (sides.length < 2) return;
  for (const s of sides) byCc[s.info.index] = s;
  const candidates: number[] = [];
  for (const s of sides) {
    for (const o of s.info.interSpreads) {
      if (seen[o] === epoch) continue;
      seen[o] = epoch;
      const sp = e.interSpreads[o];
      if (sp !== undefined && sp.legs.every((l) => byCc[l.cc] !== undefined)) candidates.push(o);
    }
  }
  if (candidates.length > 0) {
    candidates.sort((a, b) => a - b);
    for (const o of candidates) formSpread(e.interSpreads[o] as InterSpreadDef, byCc);
  }
  for (const s of sides) byCc[s.info.index] = undefined;
}

function formSpread(sp: InterSpreadDef, byCc: readonly (PrimeSide | undefined)[]): void {
  const legSides = sp.legs.map((l) => byCc[l.cc] as PrimeSide);
  // Same sign rule as the intracommodity spreads, on E.
  let dir = 0;
  for (let k = 0; k < sp.legs.length; k++) {
    const sg = sign(currentE(legSides[k] as PrimeSide));
    const want = sp.legs[k]?.side === 'A' ? sg : -sg;
    if (sg === 0 || (dir !== 0 && want !== dir)) return;
    dir = want;
  }
  // |E| ÷ ratio, in spreads: E × 10^−ds ÷ (ratio units × 10^−4).
  const quotients = sp.legs.map((l, k) => {
    const side = legSides[k] as PrimeSide;
    return shift(div(mul(abs(currentE(side)), 10_000), l.ratioUnits), -side.info.ds);
  });
  let n = quotients[0] as Q;
  for (const x of quotients) if (cmp(x, n) < 0) n = x;

  const figures: LegFigures[] = sp.legs.map((l, k) => {
    const side = legSides[k] as PrimeSide;
    // n × ratio, in contracts of delta.
    const amount = shift(mul(n, l.ratioUnits), -4);
    const eNow = currentE(side);
    const moved = shift(amount, side.info.ds);
    // A leg that attained the minimum is exactly 0.
    side.interE = cmp(quotients[k] as Q, n) === 0 ? 0 : sign(eNow) > 0 ? sub(eNow, moved) : add(eNow, moved);
    const wpr = side.weightedPriceRiskQ();
    // n × ratio × WPR × credit rate ÷ 100 (the rate's 4 decimals and the percent: 10^−6).
    const credit = shift(mul(mul(amount, wpr), sp.creditRateUnits), -6);
    side.interCredit = add(side.interCredit, credit);
    return { cc: l.code, side: l.side, ratioUnits: l.ratioUnits, amount, wpr, credit };
  });
  const formed = new InterFormed(sp.group, sp.priority, sp.creditRateUnits, n, figures);
  for (const side of new Set(legSides)) side.inter = [...side.inter, formed];
}
