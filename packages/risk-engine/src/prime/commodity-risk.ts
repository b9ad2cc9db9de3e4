import { SCENARIOS } from '@marginkit/rpf';
import type { EngineData } from './context';
import { AT_DELTA, AT_META, AT_VALUE, OptionKind, RECORD } from './context';
import type { Q } from './exact';
import { abs, add, cmp, div, fromBigInt, isZero, max, mul, roundWholeUnits, shift, sign, sub } from './exact';
import type { IntraFormed, SpotFormed } from './side';
import { PrimeSide, activeScenarioIndex } from './side';

/**
 * Steps 1-8 of prime.md for one CC on one portfolio side: scenario losses, scan risk and the
 * active scenario, the risk split, deltas, intracommodity spreads, spot month charges, commodity
 * risk and the short option minimum. The intercommodity credit and the risk margin follow once
 * every CC of the portfolio has been through these steps.
 */

const MAX = Number.MAX_SAFE_INTEGER;

/** Scenario partner of each 0-based scenario (same price move, other volatility); −1 for 15, 16. */
const PAIR = [1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, -1, -1];


/**
 * Step 1 and the sums of step 4, 8 and the option values: Σ q_i × (risk array, delta, value).
 * On binary64 while Σ|q| × the CC's largest per-contract figure stays below 2^53 (then every
 * product and partial sum is an exact integer); on BigInt otherwise.
 */
export function accumulate(
  e: EngineData,
  side: PrimeSide,
  rows: readonly number[],
  quantities: readonly number[],
  forceExact = false,
): void {
  const info = side.info;
  const nMonths = info.months.length;
  const monthPresent = new Array<boolean>(nMonths).fill(false);
  let sumAbs = 0;
  for (const q of quantities) sumAbs += Math.abs(q);
  side.seriesCount = rows.length;

  if (!forceExact && sumAbs <= MAX && sumAbs * info.maxMagnitude <= MAX) {
    const L = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const md = new Array<number>(nMonths).fill(0);
    let sc = 0;
    let sp = 0;
    let lov = 0;
    let sov = 0;
    const records = e.records;
    for (let i = 0; i < rows.length; i++) {
      const q = quantities[i] as number;
      const at = (rows[i] as number) * RECORD;
      for (let k = 0; k < SCENARIOS; k++) L[k] = (L[k] as number) + q * (records[at + k] as number);
      const meta = records[at + AT_META] as number;
      const slot = meta >>> 4;
      md[slot] = (md[slot] as number) + q * (records[at + AT_DELTA] as number);
      monthPresent[slot] = true;
      const kind = (meta >>> 2) & 3;
      if (kind === OptionKind.Future) side.hasFuture = true;
      else if (q > 0) lov += q * (records[at + AT_VALUE] as number);
      else {
        sov -= q * (records[at + AT_VALUE] as number);
        if (kind === OptionKind.Call) sc -= q;
        else sp -= q;
      }
      if (q < 0) side.hasShort = true;
    }
    // Sums start at +0, so no −0 can appear: the arrays are kept as they are.
    side.losses = L;
    side.monthDelta = md;
    side.shortCalls = sc;
    side.shortPuts = sp;
    side.lov = lov;
    side.sov = sov;
  } else {
    accumulateBig(e, side, rows, quantities, monthPresent);
  }
  side.monthPresent = monthPresent;
}

function accumulateBig(
  e: EngineData,
  side: PrimeSide,
  rows: readonly number[],
  quantities: readonly number[],
  monthPresent: boolean[],
): void {
  const info = side.info;
  const x = e.exact;
  const L = new Array<bigint>(SCENARIOS).fill(0n);
  const md = new Array<bigint>(info.months.length).fill(0n);
  let lov = 0n;
  let sov = 0n;
  let sc = 0;
  let sp = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as number;
    const q = quantities[i] as number;
    const bq = BigInt(q);
    const raScale = 10n ** BigInt(x.raShift[row] as number);
    for (let k = 0; k < SCENARIOS; k++) {
      L[k] = (L[k] as bigint) + bq * BigInt(x.riskArrays[row * SCENARIOS + k] as number) * raScale;
    }
    const slot = e.monthSlot[row] as number;
    const perContract = BigInt(x.compositeDelta[row] as number) * BigInt(x.dsfUnits[row] as number);
    md[slot] = (md[slot] as bigint) + bq * perContract * 10n ** BigInt(x.deltaShift[row] as number);
    monthPresent[slot] = true;
    const kind = e.kind[row];
    if (kind === OptionKind.Future) side.hasFuture = true;
    else {
      const v = BigInt(x.price[row] as number) * BigInt(x.multiplierUnits[row] as number) * 10n ** BigInt(x.valueShift[row] as number);
      if (q > 0) lov += bq * v;
      else {
        sov -= bq * v;
        if (kind === OptionKind.Call) sc -= q;
        else sp -= q;
      }
    }
    if (q < 0) side.hasShort = true;
  }
  side.losses = L.map(fromBigInt);
  side.monthDelta = md.map(fromBigInt);
  side.shortCalls = sc;
  side.shortPuts = sp;
  side.lov = fromBigInt(lov);
  side.sov = fromBigInt(sov);
}

/** Steps 2-8 on an accumulated side. */
export function commodityRisk(side: PrimeSide): void {
  const info = side.info;
  const L = side.losses;

  // 2. Scan risk and the active scenario (lowest s attaining the maximum).
  const s = activeScenarioIndex(L);
  const top = L[s] as Q;
  side.activeScenario = s + 1;
  side.scan = cmp(top, 0) > 0 ? top : 0;

  // 3. Risk split, doubled so that halves stay integers.
  const tr2 = add(L[0] as Q, L[1] as Q);
  const pair = PAIR[s] as number;
  const pr2 = pair < 0 ? sub(mul(top, 2), tr2) : sub(add(top, L[pair] as Q), tr2);
  side.tr2 = tr2;
  side.pr2 = pr2;
  side.vr2 = sub(sub(mul(side.scan, 2), pr2), tr2);

  // 4. Tier deltas and net delta from the month deltas.
  const nTiers = info.tierNumbers.length;
  const tierDelta: Q[] = new Array<Q>(nTiers).fill(0);
  const tierPresent = new Array<boolean>(nTiers).fill(false);
  let nd: Q = 0;
  for (let m = 0; m < info.months.length; m++) {
    if (!side.monthPresent[m]) continue;
    const t = info.monthTier[m] as number;
    tierDelta[t] = add(tierDelta[t] as Q, side.monthDelta[m] as Q);
    tierPresent[t] = true;
    nd = add(nd, side.monthDelta[m] as Q);
  }
  side.tierDelta = tierDelta;
  side.tierPresent = tierPresent;
  side.nd = nd;

  // 5. Intracommodity spreads.
  if (info.intraSpreads.length > 0) intraSpreads(side, tierDelta);
  else {
    side.tierRemaining = tierDelta;
    side.tierConsumed = info.tierZeros as Q[];
  }

  // 6. Spot month charges, consumed deltas shared pro rata over the tier's months.
  let spotTotal: Q = 0;
  let spot: SpotFormed[] | undefined;
  for (const d of info.spot) {
    if (d.monthSlot < 0 || !side.monthPresent[d.monthSlot]) continue;
    const delta = abs(side.monthDelta[d.monthSlot] as Q);
    if (isZero(delta)) continue;
    const ct = side.tierConsumed[d.tierSlot] as Q;
    let share: Q = 0;
    if (!isZero(ct)) {
      let sum: Q = 0;
      for (let m = 0; m < info.months.length; m++) {
        if (side.monthPresent[m] && info.monthTier[m] === d.tierSlot) sum = add(sum, abs(side.monthDelta[m] as Q));
      }
      share = div(mul(ct, delta), sum);
    }
    const remaining = sub(delta, share);
    const c = add(mul(share, d.consumedRateUnits), mul(remaining, d.remainingRateUnits));
    spotTotal = add(spotTotal, c);
    (spot ??= []).push({ month: d.month, tierSlot: d.tierSlot, delta, consumed: share, remaining, charge: c });
  }
  if (spot !== undefined) side.spot = spot;
  side.spotTotal = spotTotal;

  // 7. Commodity risk.
  side.cr = add(add(side.scan, side.intraCharge), spotTotal);

  // 8. Short option minimum.
  side.somN = info.somMethod === '1' ? Math.max(side.shortCalls, side.shortPuts) : side.shortCalls + side.shortPuts;
  side.somUnits = mul(side.somN, info.somRateUnits);

  // Remaining delta for the intercommodity step, summed in ascending tier number.
  let e: Q = 0;
  for (const r of side.tierRemaining) e = add(e, r);
  side.e = e;
}

/** Step 5: record C spreads in ascending priority (ties: file order) on the tier deltas. */
function intraSpreads(side: PrimeSide, tierDelta: readonly Q[]): void {
  const info = side.info;
  const R = tierDelta.slice();
  const consumed: Q[] = info.tierZeros.slice();
  let charge: Q = 0;
  let formed: IntraFormed[] | undefined;
  for (const sp of info.intraSpreads) {
    if (!sp.usable) continue;
    let dir = 0;
    let forms = true;
    for (const leg of sp.legs) {
      const sg = leg.slot < 0 ? 0 : sign(R[leg.slot] as Q);
      const want = leg.side === 'A' ? sg : -sg;
      if (sg === 0 || (dir !== 0 && want !== dir)) {
        forms = false;
        break;
      }
      dir = want;
    }
    if (!forms) continue;
    const quotients = sp.legs.map((leg) => div(abs(R[leg.slot] as Q), leg.ratio));
    let n = quotients[0] as Q;
    for (const x of quotients) if (cmp(x, n) < 0) n = x;
    const legs = sp.legs.map((leg, k) => {
      const amount = mul(n, leg.ratio);
      const r = R[leg.slot] as Q;
      // A leg that attained the minimum is exactly 0: no residue may form a later spread.
      R[leg.slot] = cmp(quotients[k] as Q, n) === 0 ? 0 : sign(r) > 0 ? sub(r, amount) : add(r, amount);
      consumed[leg.slot] = add(consumed[leg.slot] as Q, amount);
      return { tier: leg.tier, side: leg.side, ratio: leg.ratio, consumed: amount };
    });
    const c = mul(n, sp.chargeUnits);
    charge = add(charge, c);
    (formed ??= []).push({ priority: sp.priority, n, charge: c, legs });
  }
  side.tierRemaining = R;
  side.tierConsumed = consumed;
  if (formed !== undefined) side.intra = formed;
  side.intraCharge = charge;
}

/** Risk margin, option values, MTM and requirement of a side whose intercommodity credit is known. */
export function riskMargin(side: PrimeSide): void {
  const info = side.info;
  // The credit is in whole currency units; the commodity risk in money units.
  const creditUnits = shift(side.interCredit, info.ms);
  side.rmU = max(max(sub(side.cr, creditUnits), side.somUnits), 0);
  side.rm = roundWholeUnits(side.rmU, info.ms);
  side.mtmUnits = info.isSeoch ? sub(side.sov, side.lov) : 0;
  side.req = add(shift(side.rm, info.ms), side.mtmUnits);
}
