import type { Money } from '../decimal';
import { decimalText } from '../decimal';
import type { VarMargin } from './margin';
import type { TailMeasure } from './portfolio-margin';

/**
 * The `marginkit var` output (cli-contract.md): JSON with every money figure as a decimal
 * string, and a plain-text table for people.
 */

export const VAR_SCHEMA_VERSION = 1;

export interface VarSubPortfolioJson {
  readonly id: string;
  readonly hvar: string;
  readonly svar: string;
  readonly hvarTail: readonly number[];
  readonly svarTail: readonly number[];
  /** Extension: the P&L of each tail scenario, in tail order. */
  readonly hvarTailPnl: readonly string[];
  readonly svarTailPnl: readonly string[];
  /** Extension: the instruments margined in the sub-portfolio. */
  readonly instruments: readonly string[];
}

export interface VarMarginJson {
  readonly schemaVersion: typeof VAR_SCHEMA_VERSION;
  readonly valuationDate: string;
  readonly portfolioMargin: string;
  readonly subPortfolios: readonly VarSubPortfolioJson[];
  readonly flatRateMargin: string;
  readonly liquidationRiskAddOn: string;
  readonly structuredProductAddOn: string;
  readonly corporateActionMargin: string;
  readonly holidayAddOn: string;
  readonly aggregateMargin: string;
  readonly mtm: string;
  readonly favourableMtm: string;
  readonly mtmRequirement: string;
  readonly netMargin: string;
  readonly marginAfterCredit: string;
  readonly positionLimitAddOn: string;
  readonly total: string;
  /** Extensions: the two add-ons the total includes, and how each component was formed. */
  readonly creditRiskAddOn: string;
  readonly adHocAddOn: string;
  readonly details: {
    readonly hvarTailSize: number;
    readonly svarTailSize: number;
    readonly w: string;
    readonly floor: string;
    readonly tierPLongMarketValue: string;
    readonly tierPShortMarketValue: string;
    readonly flatRateGroups: readonly { rate: string; instruments: readonly string[]; longMarketValue: string; shortMarketValue: string; charged: string }[];
    readonly liquidationRisk: {
      readonly instrumentLevel: string;
      readonly portfolioLevel: string;
      readonly betaWeightedDelta: string;
      readonly groups: readonly {
        underlying: string;
        instruments: readonly string[];
        deltaMarketValue: string;
        threshold: string;
        bucketRate: string;
        beta: string;
        addOn: string;
      }[];
    };
    readonly structuredProductCharges: readonly { instrument: string; quantity: number; addOn: string }[];
    readonly corporateActionCharges: readonly { instrument: string; code: string; entitlementType: number; net: string; rate: string; addOn: string }[];
    readonly aggregateBeforeRounding: string;
    readonly positionLimit: { netMarketValue: string; limit: string; excess: string; base: string; factor: string };
  };
}

const t = (x: Money) => decimalText(x);

export function varMarginToJson(m: VarMargin): VarMarginJson {
  const pm = m.portfolio;
  const lra = m.liquidationRisk;
  const pl = m.positionLimit;
  return {
    schemaVersion: VAR_SCHEMA_VERSION,
    valuationDate: m.valuationDate,
    portfolioMargin: t(pm.margin),
    subPortfolios: pm.subPortfolios.map((g) => ({
      id: g.id,
      hvar: t(g.hvar.value),
      svar: t(g.svar.value),
      hvarTail: g.hvar.scenarios,
      svarTail: g.svar.scenarios,
      hvarTailPnl: g.hvar.pnls.map(String),
      svarTailPnl: g.svar.pnls.map(String),
      instruments: g.instruments,
    })),
    flatRateMargin: t(m.flatRate.margin),
    liquidationRiskAddOn: t(lra.total),
    structuredProductAddOn: t(m.structuredProduct.total),
    corporateActionMargin: t(m.corporateAction.total),
    holidayAddOn: t(m.holidayAddOn),
    aggregateMargin: t(m.aggregateMargin),
    mtm: t(m.mtm),
    favourableMtm: t(m.favourableMtm),
    mtmRequirement: t(m.mtmRequirement),
    netMargin: t(m.netMargin),
    marginAfterCredit: t(m.marginAfterCredit),
    positionLimitAddOn: t(pl.addOn),
    total: t(m.total),
    creditRiskAddOn: t(m.creditRiskAddOn),
    adHocAddOn: t(m.adHocAddOn),
    details: {
      hvarTailSize: pm.hvarTailSize,
      svarTailSize: pm.svarTailSize,
      w: t(pm.w),
      floor: t(pm.floor),
      tierPLongMarketValue: t(pm.longMarketValue),
      tierPShortMarketValue: t(pm.shortMarketValue),
      flatRateGroups: m.flatRate.groups.map((g) => ({
        rate: t(g.rate),
        instruments: g.instruments,
        longMarketValue: t(g.longMarketValue),
        shortMarketValue: t(g.shortMarketValue),
        charged: t(g.charged),
      })),
      liquidationRisk: {
        instrumentLevel: t(lra.instrumentLevel),
        portfolioLevel: t(lra.portfolioLevel),
        betaWeightedDelta: t(lra.betaWeightedDelta),
        groups: lra.groups.map((g) => ({
          underlying: g.underlying,
          instruments: g.instruments,
          deltaMarketValue: t(g.deltaMarketValue),
          threshold: t(g.threshold),
          bucketRate: t(g.bucketRate),
          beta: t(g.beta),
          addOn: t(g.addOn),
        })),
      },
      structuredProductCharges: m.structuredProduct.charges.map((c) => ({ instrument: c.instrument, quantity: c.quantity, addOn: t(c.addOn) })),
      corporateActionCharges: m.corporateAction.charges.map((c) => ({
        instrument: c.instrument,
        code: c.code,
        entitlementType: c.entitlementType,
        net: t(c.net),
        rate: t(c.rate),
        addOn: t(c.addOn),
      })),
      aggregateBeforeRounding: t(m.aggregateBeforeRounding),
      positionLimit: { netMarketValue: t(pl.netMarketValue), limit: t(pl.limit), excess: t(pl.excess), base: t(pl.base), factor: t(pl.factor) },
    },
  };
}

/** A fixed-width text report: sub-portfolio tails, then every component down to the total. */
export function varMarginToTable(m: VarMargin): string {
  const pm = m.portfolio;
  const lines: string[] = [`HKSCC VaR Platform margin, valuation date ${m.valuationDate}`, ''];
  const tailText = (x: TailMeasure) => x.scenarios.join(' ');
  lines.push(
    ...grid(
      ['Sub-portfolio', 'HVaR', `HVaR tail (k=${pm.hvarTailSize})`, 'SVaR', `SVaR tail (k=${pm.svarTailSize})`],
      pm.subPortfolios.map((g) => [g.id, t(shortDecimal(g.hvar.value)), tailText(g.hvar), t(shortDecimal(g.svar.value)), tailText(g.svar)]),
      [false, true, false, true, false],
    ),
  );
  lines.push('');
  const rows: [string, Money, string][] = [
    ['Portfolio margin', pm.margin, `max(-W, floor, 0); W ${t(shortDecimal(pm.w))}, floor ${t(pm.floor)}`],
    ['Flat-rate margin', m.flatRate.margin, `${m.flatRate.groups.length} rate group(s)`],
    ['Liquidation-risk add-on', m.liquidationRisk.total, `instrument ${t(m.liquidationRisk.instrumentLevel)} + portfolio ${t(m.liquidationRisk.portfolioLevel)}`],
    ['Structured-product add-on', m.structuredProduct.total, ''],
    ['Corporate-action margin', m.corporateAction.total, ''],
    ['Holiday add-on', m.holidayAddOn, ''],
    ['Aggregate margin', m.aggregateMargin, `rounded up from ${t(m.aggregateBeforeRounding)}`],
    ['Mark-to-market', m.mtm, ''],
    ['Favourable MTM', m.favourableMtm, ''],
    ['MTM requirement', m.mtmRequirement, ''],
    ['Net margin', m.netMargin, ''],
    ['Margin after credit', m.marginAfterCredit, ''],
    ['Position-limit add-on', m.positionLimit.addOn, `NMV ${t(m.positionLimit.netMarketValue)}, limit ${t(m.positionLimit.limit)}`],
    ['Credit-risk add-on', m.creditRiskAddOn, ''],
    ['Ad-hoc add-on', m.adHocAddOn, ''],
    ['Total', m.total, ''],
  ];
  lines.push(...grid(['Component', 'HKD', 'How'], rows.map(([a, b, c]) => [a, t(b), c]), [false, true, false]));
  return lines.map((l) => l.trimEnd()).join('\n') + '\n';
}

/** A tail mean like -18125.3333333…: shown to 4 decimal places in the table (the JSON keeps every digit). */
function shortDecimal(x: Money): Money {
  return x.decimalPlaces() > 4 ? x.toDecimalPlaces(4) : x;
}

function grid(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: readonly boolean[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (rightAligned[i] === true ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}
