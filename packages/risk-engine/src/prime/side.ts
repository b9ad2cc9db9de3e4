import type Decimal from 'decimal.js';
import type { MarketSide } from '@marginkit/rpf';
import { PrimeDecimal } from '../decimal';
import type { CcInfo } from './context';
import type { Q } from './exact';
import { abs, cmp, div, halfText, mul, real, shift, sign, unitsText } from './exact';
import type { SideJson } from './sheet-json';
import { interSpreadToJson } from './sheet-json';
import type {
  InterSpreadSheet,
  IntraSpreadSheet,
  MonthDeltaSheet,
  ShortOptionMinimumSheet,
  SideName,
  SideSheet,
  SpotChargeSheet,
  TierDeltaSheet,
} from './sheet';

/** A record C spread as formed: n in delta units, charge in money units. */
export interface IntraFormed {
  readonly priority: number;
  readonly n: Q;
  readonly charge: Q;
  readonly legs: readonly { readonly tier: number; readonly side: MarketSide; readonly ratio: number; readonly consumed: Q }[];
}

/** A spot charge as computed: deltas in delta units, charge in money units. */
export interface SpotFormed {
  readonly month: number;
  readonly tierSlot: number;
  readonly delta: Q;
  readonly consumed: Q;
  readonly remaining: Q;
  readonly charge: Q;
}

const ZERO = new PrimeDecimal(0);
/** Shared, never mutated: most sides have no spreads, and allocating nothing keeps them cheap. */
const NONE: never[] = [];

/**
 * One CC on one portfolio side while it is margined, and afterwards its sheet. The steps keep
 * exact integer units (see `exact.ts`); the {@link SideSheet} getters turn them into currency
 * and contract figures only when read, so margining many accounts does not pay for decimal
 * objects nobody looks at.
 */
export class PrimeSide implements SideSheet {
  seriesCount = 0;
  /** L[s] in money units. */
  losses: Q[] = NONE;
  activeScenario = 0;
  scan: Q = 0;
  /** Doubled time, price and volatility risk (halves stay integers). */
  tr2: Q = 0;
  pr2: Q = 0;
  vr2: Q = 0;
  /** Per month slot of the CC, delta units; `monthPresent` marks months holding a series. */
  monthDelta: Q[] = NONE;
  monthPresent: boolean[] = NONE;
  tierDelta: Q[] = NONE;
  tierPresent: boolean[] = NONE;
  tierRemaining: Q[] = NONE;
  tierConsumed: Q[] = NONE;
  nd: Q = 0;
  intra: IntraFormed[] = NONE;
  intraCharge: Q = 0;
  spot: SpotFormed[] = NONE;
  spotTotal: Q = 0;
  cr: Q = 0;
  /** E in delta units, before intercommodity spreads. */
  e: Q = 0;
  /** Current E (delta units) once intercommodity spreads have used it. */
  interE: Q | undefined;
  /** Formed spreads with a leg in this CC (assign a new array to add: the default is shared). */
  inter: InterSpreadSheet[] = NONE;
  /** Σ of this CC's leg credits, whole currency units. */
  interCredit: Q = 0;
  shortCalls = 0;
  shortPuts = 0;
  somN = 0;
  somUnits: Q = 0;
  rmU: Q = 0;
  /** Whole currency units. */
  rm: Q = 0;
  lov: Q = 0;
  sov: Q = 0;
  mtmUnits: Q = 0;
  /** Money units. */
  req: Q = 0;
  hasFuture = false;
  hasShort = false;
  private wpr: Q | undefined;

  constructor(
    readonly info: CcInfo,
    readonly side: SideName,
    readonly marginable: boolean,
  ) {}

  private m(q: Q): Decimal {
    return real(q, this.info.ms);
  }

  private d(q: Q): Decimal {
    return real(q, this.info.ds);
  }

  /** WPR = max(PR / |ND|, 0), 0 when ND = 0, in whole units (computed once, when first needed). */
  weightedPriceRiskQ(): Q {
    if (this.wpr === undefined) {
      // PR / |ND| = (pr2 / 2 × 10^−ms) / (|nd| × 10^−ds): one division, rounded once.
      this.wpr =
        sign(this.nd) === 0 || sign(this.pr2) <= 0
          ? 0
          : shift(div(this.pr2, mul(2, abs(this.nd))), this.info.ds - this.info.ms);
    }
    return this.wpr;
  }

  get weightedPriceRisk(): Decimal {
    return real(this.weightedPriceRiskQ(), 0);
  }

  get scenarioLosses(): readonly Decimal[] {
    return this.losses.length === 0 ? Array.from({ length: 16 }, () => ZERO) : this.losses.map((q) => this.m(q));
  }
  get scanRisk(): Decimal {
    return this.m(this.scan);
  }
  get timeRisk(): Decimal {
    return this.m(this.tr2).div(2);
  }
  get priceRisk(): Decimal {
    return this.m(this.pr2).div(2);
  }
  get volatilityRisk(): Decimal {
    return this.m(this.vr2).div(2);
  }
  get tierDeltas(): readonly TierDeltaSheet[] {
    const out: TierDeltaSheet[] = [];
    this.tierPresent.forEach((present, slot) => {
      if (!present) return;
      out.push({
        tier: this.info.tierNumbers[slot] as number,
        delta: this.d(this.tierDelta[slot] as Q),
        remaining: this.d(this.tierRemaining[slot] as Q),
        consumed: this.d(this.tierConsumed[slot] as Q),
      });
    });
    return out;
  }
  get monthDeltas(): readonly MonthDeltaSheet[] {
    const out: MonthDeltaSheet[] = [];
    this.monthPresent.forEach((present, slot) => {
      if (present) out.push({ month: this.info.months[slot] as number, delta: this.d(this.monthDelta[slot] as Q) });
    });
    return out;
  }
  get netDelta(): Decimal {
    return this.d(this.nd);
  }
  get intraSpreads(): readonly IntraSpreadSheet[] {
    return this.intra.map((f) => ({
      priority: f.priority,
      spreads: this.d(f.n),
      charge: this.m(f.charge),
      legs: f.legs.map((l) => ({ tier: l.tier, side: l.side, ratio: l.ratio, deltaConsumed: this.d(l.consumed) })),
    }));
  }
  get intraSpreadCharge(): Decimal {
    return this.m(this.intraCharge);
  }
  get spotCharges(): readonly SpotChargeSheet[] {
    return this.spot.map((s) => ({
      month: s.month,
      tier: this.info.tierNumbers[s.tierSlot] as number,
      delta: this.d(s.delta),
      consumed: this.d(s.consumed),
      remaining: this.d(s.remaining),
      charge: this.m(s.charge),
    }));
  }
  get spotCharge(): Decimal {
    return this.m(this.spotTotal);
  }
  get commodityRisk(): Decimal {
    return this.m(this.cr);
  }
  get remainingDelta(): Decimal {
    return this.d(this.e);
  }
  get interSpreads(): readonly InterSpreadSheet[] {
    return this.inter;
  }
  get interSpreadCredit(): Decimal {
    return real(this.interCredit, 0);
  }
  get som(): ShortOptionMinimumSheet {
    return {
      shortCalls: this.shortCalls,
      shortPuts: this.shortPuts,
      method: this.info.somMethod,
      contracts: this.somN,
      rate: this.m(this.info.somRateUnits),
      charge: this.m(this.somUnits),
    };
  }
  get shortOptionMinimum(): Decimal {
    return this.m(this.somUnits);
  }
  get riskMarginUnrounded(): Decimal {
    return this.m(this.rmU);
  }
  get riskMargin(): Decimal {
    return real(this.rm, 0);
  }
  get longOptionValue(): Decimal {
    return this.m(this.lov);
  }
  get shortOptionValue(): Decimal {
    return this.m(this.sov);
  }
  get mtm(): Decimal {
    return this.m(this.mtmUnits);
  }
  get requirement(): Decimal {
    return this.m(this.req);
  }

  /** The JSON of this side, straight from the integer units (same text as the getters give). */
  sheetJson(): SideJson {
    const ms = this.info.ms;
    const ds = this.info.ds;
    const tierDeltas: Record<string, string> = {};
    const tierRemainingDeltas: Record<string, string> = {};
    for (let slot = 0; slot < this.tierPresent.length; slot++) {
      if (!this.tierPresent[slot]) continue;
      const tier = String(this.info.tierNumbers[slot]);
      tierDeltas[tier] = unitsText(this.tierDelta[slot] as Q, ds);
      tierRemainingDeltas[tier] = unitsText(this.tierRemaining[slot] as Q, ds);
    }
    const monthDeltas: Record<string, string> = {};
    for (let slot = 0; slot < this.monthPresent.length; slot++) {
      if (this.monthPresent[slot]) monthDeltas[String(this.info.months[slot])] = unitsText(this.monthDelta[slot] as Q, ds);
    }
    return {
      side: this.side,
      marginable: this.marginable,
      scanRisk: unitsText(this.scan, ms),
      intraSpreadCharge: unitsText(this.intraCharge, ms),
      spotCharge: unitsText(this.spotTotal, ms),
      commodityRisk: unitsText(this.cr, ms),
      interSpreadCredit: unitsText(this.interCredit, 0),
      shortOptionMinimum: unitsText(this.somUnits, ms),
      riskMargin: unitsText(this.rm, 0),
      longOptionValue: unitsText(this.lov, ms),
      shortOptionValue: unitsText(this.sov, ms),
      mtm: unitsText(this.mtmUnits, ms),
      requirement: unitsText(this.req, ms),
      scenarioLosses: this.losses.length === 0 ? ZERO_LOSSES : this.losses.map((q) => unitsText(q, ms)),
      activeScenario: this.activeScenario,
      timeRisk: halfText(this.tr2, ms),
      priceRisk: halfText(this.pr2, ms),
      volatilityRisk: halfText(this.vr2, ms),
      netDelta: unitsText(this.nd, ds),
      tierDeltas,
      tierRemainingDeltas,
      monthDeltas,
      intraSpreads: this.intra.map((f) => ({
        priority: f.priority,
        spreads: unitsText(f.n, ds),
        charge: unitsText(f.charge, ms),
        legs: f.legs.map((l) => ({ tier: l.tier, side: l.side, ratio: l.ratio, deltaConsumed: unitsText(l.consumed, ds) })),
      })),
      spotCharges: this.spot.map((x) => ({
        month: String(x.month),
        tier: this.info.tierNumbers[x.tierSlot] as number,
        delta: unitsText(x.delta, ds),
        consumed: unitsText(x.consumed, ds),
        remaining: unitsText(x.remaining, ds),
        charge: unitsText(x.charge, ms),
      })),
      remainingDelta: unitsText(this.e, ds),
      weightedPriceRisk: unitsText(this.weightedPriceRiskQ(), 0),
      interSpreads: this.inter.map(interSpreadToJson),
      som: {
        shortCalls: this.shortCalls,
        shortPuts: this.shortPuts,
        method: this.info.somMethod,
        contracts: this.somN,
        rate: unitsText(this.info.somRateUnits, ms),
        charge: unitsText(this.somUnits, ms),
      },
      riskMarginUnrounded: unitsText(this.rmU, ms),
      seriesCount: this.seriesCount,
    };
  }
}

const ZERO_LOSSES: readonly string[] = Array.from({ length: 16 }, () => '0');

/** The lowest scenario attaining the largest loss (0-based), as prime.md fixes the tie-break. */
export function activeScenarioIndex(losses: readonly Q[]): number {
  let best = 0;
  for (let s = 1; s < losses.length; s++) if (cmp(losses[s] as Q, losses[best] as Q) > 0) best = s;
  return best;
}
