import type Decimal from 'decimal.js';
import type { Series } from '@marginkit/rpf';
import { PrimeDecimal } from '../decimal';
import type { PrimeContext } from './context';
import type { ClientTotal, MarginBenefit, PortfolioPosition, WhatIfResult, WhatIfStep, WhatIfTrade } from './inputs';
import { marginPortfolio } from './portfolio';
import type { AccountSheet, Basis } from './sheet';

/**
 * cli-contract.md `whatif`: the margin of a portfolio, then after each trade in order, with the
 * increment of each step; and the margin benefit of the final portfolio. Clearing-house figures
 * come from PRiME; client figures come from a {@link ClientTotal} hook when one is given
 * (@marginkit/client-margin), so this package stays below client margin.
 */

export interface WhatIfOptions {
  readonly account?: string;
  readonly multiplier?: string | undefined;
  /** Client total of a sheet; without it the client fields are undefined. */
  readonly client?: ClientTotal;
}

function tradeEcho(t: WhatIfTrade): { cc: string; series: string; quantity: number } {
  return { cc: t.series.cc, series: t.code ?? t.series.key, quantity: t.quantity };
}

export function whatIf(
  ctx: PrimeContext,
  base: readonly PortfolioPosition[],
  trades: readonly WhatIfTrade[],
  basis: Basis,
  options: WhatIfOptions = {},
): WhatIfResult {
  const account = options.account ?? '';
  const sheetOf = (positions: readonly PortfolioPosition[]): AccountSheet =>
    marginPortfolio(ctx, positions, basis, { account, multiplier: options.multiplier });
  const portfolio: PortfolioPosition[] = [...base];
  const steps: WhatIfStep[] = [];
  let previous: WhatIfStep | undefined;
  for (let i = -1; i < trades.length; i++) {
    const trade = i < 0 ? undefined : (trades[i] as WhatIfTrade);
    if (trade !== undefined) portfolio.push({ series: trade.series, quantity: trade.quantity });
    const sheet = sheetOf(portfolio);
    const clientTotal = options.client?.(sheet);
    const step: WhatIfStep = {
      trade: trade === undefined ? null : tradeEcho(trade),
      sheet,
      clearingHouseTotalHkd: sheet.clearingHouseTotalHkd,
      clientTotal,
      incrementalClearingHouse: previous === undefined ? undefined : sheet.clearingHouseTotalHkd.minus(previous.clearingHouseTotalHkd),
      incrementalClient:
        previous === undefined || clientTotal === undefined || previous.clientTotal === undefined
          ? undefined
          : clientTotal.minus(previous.clientTotal),
    };
    steps.push(step);
    previous = step;
  }
  const final = steps[steps.length - 1] as WhatIfStep;
  return {
    account,
    basis,
    steps,
    marginBenefit: benefitOf(ctx, portfolio, basis, options, final.sheet),
  };
}

/**
 * The positions of a portfolio as margining sees them: one per series with a non-zero net
 * quantity under net; under gross, the long and the short total of each series apart. In order of
 * first appearance (long before short).
 */
export function marginedPositions(positions: readonly PortfolioPosition[], basis: Basis): PortfolioPosition[] {
  const order: Series[] = [];
  const totals = new Map<Series, { long: number; short: number }>();
  for (const p of positions) {
    let t = totals.get(p.series);
    if (t === undefined) {
      t = { long: 0, short: 0 };
      totals.set(p.series, t);
      order.push(p.series);
    }
    if (p.quantity > 0) t.long += p.quantity;
    else t.short += p.quantity;
  }
  const out: PortfolioPosition[] = [];
  for (const series of order) {
    const t = totals.get(series) as { long: number; short: number };
    if (basis === 'net') {
      const q = t.long + t.short;
      if (q !== 0) out.push({ series, quantity: q });
    } else {
      if (t.long !== 0) out.push({ series, quantity: t.long });
      if (t.short !== 0) out.push({ series, quantity: t.short });
    }
  }
  return out;
}

/**
 * Margin benefit: Σ over the portfolio's positions (see {@link marginedPositions}) of each one
 * margined alone, minus the portfolio's margin — for the clearing-house HKD total, and for the
 * client total when a hook is given.
 */
export function marginBenefit(
  ctx: PrimeContext,
  positions: readonly PortfolioPosition[],
  basis: Basis,
  options: WhatIfOptions = {},
): MarginBenefit {
  const sheet = marginPortfolio(ctx, positions, basis, { account: options.account ?? '', multiplier: options.multiplier });
  return benefitOf(ctx, positions, basis, options, sheet);
}

function benefitOf(
  ctx: PrimeContext,
  positions: readonly PortfolioPosition[],
  basis: Basis,
  options: WhatIfOptions,
  portfolio: AccountSheet,
): MarginBenefit {
  const account = options.account ?? '';
  let house: Decimal = new PrimeDecimal(0);
  let client: Decimal | undefined = options.client === undefined ? undefined : new PrimeDecimal(0);
  const standalone = marginedPositions(positions, basis).map((p) => {
    const sheet = marginPortfolio(ctx, [p], basis, { account, multiplier: options.multiplier });
    const clientTotal = options.client?.(sheet);
    house = house.plus(sheet.clearingHouseTotalHkd);
    if (client !== undefined && clientTotal !== undefined) client = client.plus(clientTotal);
    return { series: p.series, quantity: p.quantity, clearingHouseTotalHkd: sheet.clearingHouseTotalHkd, clientTotal };
  });
  const portfolioClient = options.client?.(portfolio);
  return {
    clearingHouse: house.minus(portfolio.clearingHouseTotalHkd),
    client: client === undefined || portfolioClient === undefined ? undefined : (client as Decimal).minus(portfolioClient),
    standalone,
  };
}
