import type Decimal from 'decimal.js';
import type { MarketSide } from '@marginkit/rpf';
import { PrimeDecimal } from '../decimal';
import type { CcInfo } from './context';
import type { Q } from './exact';
import { abs, cmp, real, sign } from './exact';
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

/**
 * One CC on one portfolio side while it is margined, and afterwards its sheet. The steps keep
 * exact integer units (see `exact.ts`); the {@link SideSheet} getters turn them into currency
 * and contract figures only when read, so margining many accounts does not pay for decimal
 * objects nobody looks at.
 */
export class PrimeSide implements SideSheet {
  seriesCount = 0;
  /** L[s] in money units. */
  losses: Q[] = [];
  activeScenario = 0;
  scan: Q = 0;
  /** Doubled time, price and volatility risk (halves stay integers). */
  tr2: Q = 0;
  pr2: Q = 0;
  vr2: Q = 0;
  /** Per month slot of the CC, delta units; `monthPresent` marks months holding a series. */
  monthDelta: Q[] = [];
  monthPresent: boolean[] = [];
  tierDelta: Q[] = [];
  tierPresent: boolean[] = [];
  tierRemaining: Q[] = [];
  tierConsumed: Q[] = [];
  nd: Q = 0;
  intra: IntraFormed[] = [];
  intraCharge: Q = 0;
  spot: SpotFormed[] = [];
  spotTotal: Q = 0;
  cr: Q = 0;
  /** E in delta units, before intercommodity spreads. */
  e: Q = 0;
  /** Current E (whole contracts of delta) while intercommodity spreads form. */
  interE: Decimal | undefined;
  inter: InterSpreadSheet[] = [];
  interCredit: Decimal = ZERO;
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
  private wpr: Decimal | undefined;

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

  /** WPR = max(PR / |ND|, 0), 0 when ND = 0 (computed once, when first needed). */
  get weightedPriceRisk(): Decimal {
    if (this.wpr === undefined) {
      if (sign(this.nd) === 0) this.wpr = ZERO;
      else {
        const w = this.priceRisk.div(this.d(abs(this.nd)));
        this.wpr = w.isNeg() ? ZERO : w;
      }
    }
    return this.wpr;
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
    return this.interCredit;
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
}

/** The lowest scenario attaining the largest loss (0-based), as prime.md fixes the tie-break. */
export function activeScenarioIndex(losses: readonly Q[]): number {
  let best = 0;
  for (let s = 1; s < losses.length; s++) if (cmp(losses[s] as Q, losses[best] as Q) > 0) best = s;
  return best;
}
