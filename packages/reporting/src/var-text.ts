import type Decimal from 'decimal.js';
import type { Fixed } from '@marginkit/rpf';
import { formatFixed } from '@marginkit/rpf';
import type { Money, VarMargin } from '@marginkit/risk-engine';
import { DISPLAY_DECIMALS, formatExact, formatFigure, formatMoney, groupThousands } from './format';

/**
 * Words and figures the VaR Platform's human formats (table and HTML) share, so both name every
 * component alike and explain it with the same arithmetic (var-platform.md steps 1-10).
 */

export function varTitle(m: VarMargin): string {
  return `HKSCC VaR Platform margin, valuation date ${m.valuationDate}`;
}

/** A rate, weight or confidence level of the file as written (`0.8`, `0.4142135624`). */
export function fixedText(f: Fixed): string {
  return formatFixed(f.units, f.scale);
}

export interface ScenarioSet {
  /** `HVaR` or `SVaR`. */
  readonly name: string;
  readonly key: 'hvar' | 'svar';
  /** Scenarios in the file (HVaR_Scen_Count / SVaR_Scen_Count). */
  readonly count: number;
  readonly confidence: string;
  readonly weight: string;
  /** Tail size k = ceil((1 − CL) × count), as the engine computed it. */
  readonly k: number;
}

export function scenarioSets(m: VarMargin): readonly [ScenarioSet, ScenarioSet] {
  const h = m.header;
  return [
    { name: 'HVaR', key: 'hvar', count: h.hvarScenarioCount, confidence: fixedText(h.hvarConfidence), weight: fixedText(h.hvarWeight), k: m.portfolio.hvarTailSize },
    { name: 'SVaR', key: 'svar', count: h.svarScenarioCount, confidence: fixedText(h.svarConfidence), weight: fixedText(h.svarWeight), k: m.portfolio.svarTailSize },
  ];
}

/** `HVaR: 10 scenarios, CL 0.8, tail k = 2, weight 0.75`. */
export function scenarioSetText(s: ScenarioSet): string {
  return `${s.name}: ${s.count} scenarios, CL ${s.confidence}, tail k = ${s.k}, weight ${s.weight}`;
}

export interface VarComponent {
  readonly label: string;
  readonly value: Money;
  /** How the figure is formed, with the figures it is formed from. */
  readonly how: string;
  /** `part`: a term of the component above it; `total`: the amount to collect. */
  readonly kind?: 'part' | 'total';
  /** The HTML report's section that details it. */
  readonly section?: VarSection;
}

/** Ids of the HTML report's detail sections. */
export type VarSection = 'portfolio-margin' | 'flat-rate' | 'liquidation-risk' | 'structured-products' | 'corporate-actions' | 'position-limit';

/** Every component of var-platform.md steps 1-10, in the order the spec forms them, down to the total. */
export function varComponents(m: VarMargin): VarComponent[] {
  const pm = m.portfolio;
  const lra = m.liquidationRisk;
  const pl = m.positionLimit;
  const p = m.params;
  const f = formatFigure;
  const larger = pm.longMarketValue.gte(pm.shortMarketValue) ? `long ${f(pm.longMarketValue)}` : `short ${f(pm.shortMarketValue)}`;
  const groups = m.flatRate.groups.length;
  const cap = p.alcCap === undefined ? '' : `, cap ${f(p.alcCap)}`;
  return [
    { label: 'Portfolio margin', section: 'portfolio-margin', value: pm.margin, how: `round(max(−W, floor, 0)); W ${f(pm.w)}, floor ${formatExact(p.floorRate)} × ${larger} = ${f(pm.floor)}` },
    {
      label: 'Flat-rate margin',
      section: 'flat-rate',
      value: m.flatRate.margin,
      how: groups === 0 ? 'no Tier N position' : `larger side × rate over ${count(groups, 'rate group')}, × multiplier ${formatExact(p.flatRateMultiplier)}`,
    },
    { label: 'Liquidation-risk add-on', section: 'liquidation-risk', value: lra.total, how: `instrument level ${f(lra.instrumentLevel)} + portfolio level ${f(lra.portfolioLevel)}` },
    { label: 'instrument level', value: lra.instrumentLevel, how: lra.groups.length === 0 ? 'no position with liquidation-risk parameters' : `(|ΔMV| − threshold) × bucket rate over ${count(lra.groups.length, 'underlying group')}`, kind: 'part' },
    { label: 'portfolio level', value: lra.portfolioLevel, how: `(|B| − threshold of 2800) × its bucket rate; beta-weighted delta B ${f(lra.betaWeightedDelta)}`, kind: 'part' },
    { label: 'Structured-product add-on', section: 'structured-products', value: m.structuredProduct.total, how: nonZeroCount(m.structuredProduct.charges.length, 'long structured product') },
    { label: 'Corporate-action margin', section: 'corporate-actions', value: m.corporateAction.total, how: nonZeroCount(m.corporateAction.charges.length, 'entitlement') },
    { label: 'Holiday add-on', value: m.holidayAddOn, how: `round((PM + FRM) × ${fixedText(m.header.holidayFactor)})` },
    {
      label: 'Aggregate margin',
      value: m.aggregateMargin,
      how: `PM + FRM + LRA + SP + CA + holiday = ${f(m.aggregateBeforeRounding)}, rounded up to a multiple of ${groupThousands(fixedText(m.header.rounding))}`,
    },
    { label: 'Mark-to-market', value: m.mtm, how: 'Σ MV − Σ CV' },
    { label: 'Favourable MTM', value: m.favourableMtm, how: 'MTM when positive', kind: 'part' },
    { label: 'MTM requirement', value: m.mtmRequirement, how: '−MTM when negative', kind: 'part' },
    { label: 'Net margin', value: m.netMargin, how: 'max(0, aggregate − favourable MTM)' },
    { label: 'Margin after credit', value: m.marginAfterCredit, how: `max(0, net margin − margin credit ${f(p.marginCredit)})` },
    {
      label: 'Position-limit add-on',
      section: 'position-limit',
      value: pl.addOn,
      how:
        pl.netMarketValue.isZero()
          ? 'no net market value'
          : `NMV ${f(pl.netMarketValue)} over limit ${f(pl.limit)} (ALC ${f(p.alc)} × ${formatExact(p.alcMultiplier)}${cap}): ` +
            `${f(pl.excess)} / NMV × ${f(pl.base)} × ${formatExact(pl.factor)}`,
    },
    { label: 'Credit-risk add-on', value: m.creditRiskAddOn, how: 'CP parameter' },
    { label: 'Ad-hoc add-on', value: m.adHocAddOn, how: 'CP parameter' },
    { label: 'Total', value: m.total, how: 'margin after credit + MTM requirement + position limit + credit risk + ad hoc', kind: 'total' },
  ];
}

/**
 * A column of money that keeps the spec's whole-dollar figures whole: whole figures print whole,
 * fractional ones to {@link DISPLAY_DECIMALS} places, and when the column holds both, whole ones
 * are padded so that the units line up under right alignment (`120,000   ` over `114,654.50`);
 * HTML pads with a punctuation space and figure spaces, which are as wide as `.` and a digit.
 */
export function alignedMoney(values: readonly Decimal[], pad = ' '.repeat(DISPLAY_DECIMALS + 1)): string[] {
  const fractional = values.some((v) => !v.isInteger());
  return values.map((v) => (v.isInteger() ? formatMoney(v, 0) + (fractional ? pad : '') : formatMoney(v, DISPLAY_DECIMALS)));
}

export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function nonZeroCount(n: number, noun: string): string {
  return n === 0 ? `no ${noun}` : count(n, noun);
}
