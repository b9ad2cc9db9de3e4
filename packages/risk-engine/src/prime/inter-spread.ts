import type Decimal from 'decimal.js';
import { PrimeDecimal } from '../decimal';
import type { EngineData, InterSpreadDef } from './context';
import { quotientText, real, sign } from './exact';
import type { PrimeSide } from './side';
import type { InterSpreadLegSheet, InterSpreadSheet } from './sheet';

/**
 * The intercommodity spread credit (prime.md): type-6 spreads between the CCs of one portfolio
 * side, in ascending priority (ties: file order), each leg acting on its CC's whole remaining
 * delta E, credited at the leg's weighted price risk. Credits are decimal: WPR is a quotient.
 */

/** ÷ 100 as × 0.01: the same digits (both exact before rounding), without a long division. */
const PERCENT = new PrimeDecimal('0.01');
const ZERO = new PrimeDecimal(0);

/** Current E of a CC in whole contracts of delta. */
function currentE(side: PrimeSide): Decimal {
  if (side.interE === undefined) side.interE = real(side.e, side.info.ds);
  return side.interE;
}

function eSign(side: PrimeSide): number {
  return side.interE === undefined ? sign(side.e) : sign(side.interE);
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
    for (const o of candidates) formSpread(e, o, byCc);
  }
  for (const s of sides) byCc[s.info.index] = undefined;
}

/** |E| ÷ ratio: on integers while E is still the exact units of step 5, else in Decimal. */
function spreadsOf(side: PrimeSide, leg: InterSpreadDef['legs'][number]): Decimal {
  if (side.interE === undefined && typeof side.e === 'number') {
    // |E| × 10^−ds ÷ (ratio × 10^−4): ratio units are the record's 9(3)V9(4).
    return new PrimeDecimal(quotientText(BigInt(Math.abs(side.e)) * 10_000n, BigInt(leg.ratioUnits), side.info.ds));
  }
  return currentE(side).abs().div(leg.ratio);
}

function formSpread(e: EngineData, order: number, byCc: readonly (PrimeSide | undefined)[]): void {
  const sp = e.interSpreads[order];
  if (sp === undefined) return;
  const legSides = sp.legs.map((l) => byCc[l.cc] as PrimeSide);
  // Same sign rule as the intracommodity spreads, on E.
  let dir = 0;
  for (let k = 0; k < sp.legs.length; k++) {
    const sg = eSign(legSides[k] as PrimeSide);
    const want = sp.legs[k]?.side === 'A' ? sg : -sg;
    if (sg === 0 || (dir !== 0 && want !== dir)) return;
    dir = want;
  }
  const quotients = sp.legs.map((l, k) => spreadsOf(legSides[k] as PrimeSide, l));
  let n = quotients[0] as Decimal;
  for (const x of quotients) if (x.lt(n)) n = x;

  const legs: InterSpreadLegSheet[] = sp.legs.map((l, k) => {
    const side = legSides[k] as PrimeSide;
    const amount = n.times(l.ratio);
    const eNow = currentE(side);
    side.interE = (quotients[k] as Decimal).eq(n) ? ZERO : eNow.isPos() ? eNow.minus(amount) : eNow.plus(amount);
    const wpr = side.weightedPriceRisk;
    const credit = amount.times(wpr).times(sp.creditRate).times(PERCENT);
    side.interCredit = side.interCredit.plus(credit);
    return { cc: l.code, side: l.side, ratio: l.ratio, deltaConsumed: amount, weightedPriceRisk: wpr, credit };
  });
  const formed: InterSpreadSheet = { group: sp.group, priority: sp.priority, creditRate: sp.creditRate, spreads: n, legs };
  for (const side of new Set(legSides)) side.inter = [...side.inter, formed];
}
