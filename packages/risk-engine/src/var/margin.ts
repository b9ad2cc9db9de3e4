import type { Result, Rpf01File, Rpf01Header } from '@marginkit/rpf';
import { err, ok } from '@marginkit/rpf';
import type { Money } from '../decimal';
import { roundWhole } from '../decimal';
import { classifyPositions } from './classify';
import type { CorporateActionMargin } from './corporate-action';
import { corporateActionMargin } from './corporate-action';
import type { VarInputError } from './errors';
import type { FlatRateMargin } from './flat-rate';
import { flatRateMargin } from './flat-rate';
import type { VarParams, VarPositions } from './inputs';
import type { LiquidationRisk } from './liquidation-risk';
import { liquidationRiskAddOn } from './liquidation-risk';
import { ExactSum, maxOf, minOf, money, roundUpTo, ZERO } from './money';
import type { PortfolioMargin } from './portfolio-margin';
import { portfolioMargin } from './portfolio-margin';
import type { StructuredProductAddOn } from './structured-product';
import { structuredProductAddOn } from './structured-product';

/**
 * One clearing participant's HKSCC VaR Platform margin (var-platform.md steps 1-10), every
 * component kept so that each can be reported and reconciled on its own.
 */

/** var-platform.md step 9. */
export interface PositionLimitAddOn {
  /** |Σ MV| over all positions. */
  readonly netMarketValue: Money;
  /** min(ALC × ALC multiplier, ALC cap). */
  readonly limit: Money;
  /** max(NMV − limit, 0). */
  readonly excess: Money;
  /** roundUp(PM + FRM + CA + LRA + SP, Rounding). */
  readonly base: Money;
  /** The add-on rate when margin after credit > 0, else 1 + rate. */
  readonly factor: Money;
  /** round(excess / NMV × base × factor); 0 when NMV = 0. */
  readonly addOn: Money;
}

export interface VarMargin {
  /** `YYYY-MM-DD`, from the RPF01 file. */
  readonly valuationDate: string;
  /**
   * The RPF01 header and the CP parameters the margin was computed with (confidence levels,
   * weights, Rounding, Holiday_Factor, floor rate, multiplier, credit), so that a report can
   * show how each figure was formed without being handed them again (and perhaps different ones).
   */
  readonly header: Rpf01Header;
  readonly params: VarParams;
  readonly portfolio: PortfolioMargin;
  readonly flatRate: FlatRateMargin;
  readonly liquidationRisk: LiquidationRisk;
  readonly structuredProduct: StructuredProductAddOn;
  readonly corporateAction: CorporateActionMargin;
  /** round((PM + FRM) × Holiday_Factor). */
  readonly holidayAddOn: Money;
  /** PM + FRM + LRA + SP + CA + holiday, before rounding up. */
  readonly aggregateBeforeRounding: Money;
  /** Rounded up to a multiple of Rounding. */
  readonly aggregateMargin: Money;
  /** Σ MV − Σ CV (not rounded: it is a sum of the input's own values). */
  readonly mtm: Money;
  readonly favourableMtm: Money;
  readonly mtmRequirement: Money;
  readonly netMargin: Money;
  readonly marginAfterCredit: Money;
  readonly positionLimit: PositionLimitAddOn;
  readonly creditRiskAddOn: Money;
  readonly adHocAddOn: Money;
  readonly total: Money;
}

export function computeVarMargin(file: Rpf01File, positions: VarPositions, params: VarParams): Result<VarMargin, VarInputError> {
  const classified = classifyPositions(file, positions);
  if (!classified.ok) return classified;
  const { tierP, tierN, entitlements, all } = classified.value;
  const entitled = new Set(entitlements.map((e) => e.position));
  const ordinary = all.filter((p) => !entitled.has(p));

  const pm = portfolioMargin(file, tierP, params, positions.file);
  const lra = liquidationRiskAddOn(file, ordinary, positions.file);
  const errors: VarInputError[] = [...(pm.ok ? [] : pm.errors), ...(lra.ok ? [] : lra.errors)];
  if (!pm.ok || !lra.ok) return err(errors);

  const frm = flatRateMargin(tierN, params.flatRateMultiplier);
  const sp = structuredProductAddOn(file, ordinary);
  const ca = corporateActionMargin(entitlements);
  const PM = pm.value.margin;
  const FRM = frm.margin;
  const LRA = lra.value.total;
  const rounding = money(file.header.rounding);

  const holidayAddOn = roundWhole(PM.plus(FRM).times(money(file.header.holidayFactor)));
  const aggregateBeforeRounding = PM.plus(FRM).plus(LRA).plus(sp.total).plus(ca.total).plus(holidayAddOn);
  const aggregateMargin = roundUpTo(aggregateBeforeRounding, rounding);

  const mvSum = new ExactSum();
  const cvSum = new ExactSum();
  for (const p of all) {
    mvSum.add(p.marketValue);
    cvSum.add(p.contractValue);
  }
  const sumMv = mvSum.value();
  const sumCv = cvSum.value();
  const mtm = sumMv.minus(sumCv);
  const favourableMtm = maxOf(mtm, ZERO);
  const mtmRequirement = maxOf(mtm.neg(), ZERO);
  const netMargin = maxOf(ZERO, aggregateMargin.minus(favourableMtm));
  const marginAfterCredit = maxOf(ZERO, netMargin.minus(params.marginCredit));

  const netMarketValue = sumMv.abs();
  const alcLimit = params.alc.times(params.alcMultiplier);
  const limit = params.alcCap === undefined ? alcLimit : minOf(alcLimit, params.alcCap);
  const excess = maxOf(netMarketValue.minus(limit), ZERO);
  const base = roundUpTo(PM.plus(FRM).plus(ca.total).plus(LRA).plus(sp.total), rounding);
  const factor = marginAfterCredit.gt(0) ? params.positionLimitAddOnRate : params.positionLimitAddOnRate.plus(1);
  // One division, last, so that the only inexact step is correctly rounded to 40 digits.
  const addOn = netMarketValue.isZero() ? ZERO : roundWhole(excess.times(base).times(factor).div(netMarketValue));
  const positionLimit: PositionLimitAddOn = { netMarketValue, limit, excess, base, factor, addOn };

  const total = marginAfterCredit.plus(mtmRequirement).plus(addOn).plus(params.creditRiskAddOn).plus(params.adHocAddOn);
  return ok({
    valuationDate: file.header.valuationDate,
    header: file.header,
    params,
    portfolio: pm.value,
    flatRate: frm,
    liquidationRisk: lra.value,
    structuredProduct: sp,
    corporateAction: ca,
    holidayAddOn,
    aggregateBeforeRounding,
    aggregateMargin,
    mtm,
    favourableMtm,
    mtmRequirement,
    netMargin,
    marginAfterCredit,
    positionLimit,
    creditRiskAddOn: params.creditRiskAddOn,
    adHocAddOn: params.adHocAddOn,
    total,
  });
}

