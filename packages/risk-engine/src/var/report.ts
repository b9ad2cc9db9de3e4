import type { Money } from '../decimal';
import { decimalText } from '../decimal';
import type { VarMargin } from './margin';

/**
 * The `marginkit var` JSON (cli-contract.md): every money figure as a decimal string. The human
 * formats (table, HTML) are @marginkit/reporting's.
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
