import type { Result, Rpf01File, ScenarioReturns } from '@marginkit/rpf';
import { err, ok } from '@marginkit/rpf';
import type { Money } from '../decimal';
import { PrimeDecimal, roundWhole } from '../decimal';
import type { VarInputError } from './errors';
import { varInputError } from './errors';
import type { VarPosition } from './inputs';
import { ExactSum, maxOf, money, ZERO } from './money';
import type { PnlLeg } from './scenario-pnl';
import { addPositionsPnl, pnlBound, pnlLeg } from './scenario-pnl';
import { tailSize, worstScenarios } from './tail';

/**
 * var-platform.md step 1: the portfolio margin of the Tier P positions — sub-portfolios (each
 * IPO stock with its structured products, and `non-ipo`), expected shortfall over the HVaR and
 * SVaR scenarios, weighted into W, floored.
 */

export const NON_IPO = 'non-ipo';

/** The expected shortfall of one sub-portfolio over one scenario set. */
export interface TailMeasure {
  /** Mean of the tail P&Ls (negative = loss), exact to 40 significant digits. */
  readonly value: Money;
  /** Scenario numbers (1-based, as the file numbers its columns) of the tail, worst first. */
  readonly scenarios: readonly number[];
  /** Their P&Ls, in the same order. */
  readonly pnls: readonly number[];
  /** The whole P&L distribution, scenario s at index s − 1, whole dollars held exactly (for reports). */
  readonly distribution: Float64Array;
}

export interface SubPortfolio {
  /** The IPO stock's id, or `non-ipo`. */
  readonly id: string;
  readonly instruments: readonly string[];
  readonly hvar: TailMeasure;
  readonly svar: TailMeasure;
}

export interface PortfolioMargin {
  readonly hvarTailSize: number;
  readonly svarTailSize: number;
  readonly subPortfolios: readonly SubPortfolio[];
  /** W = Σ_g (HVaR_g × HVaR_WGT + SVaR_g × SVaR_WGT); negative = loss. */
  readonly w: Money;
  /** Σ |MV| of long and of short Tier P positions. */
  readonly longMarketValue: Money;
  readonly shortMarketValue: Money;
  /** floor rate × max(long, short), unrounded. */
  readonly floor: Money;
  /** round(max(−W, floor, 0)). */
  readonly margin: Money;
}

/**
 * The sub-portfolio of a Tier P instrument: an IPO stock's own id, a structured product on an
 * IPO stock (by its FieldType 5 underlying) that id, everything else `non-ipo`.
 */
export function subPortfolioOf(file: Rpf01File, ipo: ReadonlySet<string>, instrument: string): string {
  if (ipo.has(instrument)) return instrument;
  const underlying = file.structuredProducts.get(instrument)?.underlying;
  return underlying !== undefined && ipo.has(underlying) ? underlying : NON_IPO;
}

export function portfolioMargin(
  file: Rpf01File,
  tierP: readonly VarPosition[],
  params: { readonly ipo: readonly string[]; readonly floorRate: Money },
  positionsFile: string | undefined,
): Result<PortfolioMargin, VarInputError> {
  const h = file.header;
  const kH = tailSize(h.hvarConfidence, h.hvarScenarioCount);
  const kS = tailSize(h.svarConfidence, h.svarScenarioCount);
  const ipo = new Set(params.ipo);

  const groups = new Map<string, VarPosition[]>();
  for (const p of tierP) {
    const g = subPortfolioOf(file, ipo, p.instrument);
    const list = groups.get(g);
    if (list === undefined) groups.set(g, [p]);
    else list.push(p);
  }
  // non-ipo first, then the IPO sub-portfolios by id: a stable order for reports and diffs.
  const ids = [...groups.keys()].sort((a, b) => (a === NON_IPO ? -1 : b === NON_IPO ? 1 : a < b ? -1 : a > b ? 1 : 0));

  const errors: VarInputError[] = [];
  const subPortfolios: SubPortfolio[] = [];
  for (const id of ids) {
    const positions = groups.get(id) ?? [];
    const hvar = tail(file.hvar, positions, kH, 'FieldType 1');
    const svar = tail(file.svar, positions, kS, 'FieldType 2');
    for (const t of [hvar, svar]) {
      if ('problem' in t) errors.push(varInputError(t.tag, { file: positionsFile, line: t.position.lines[0] ?? 0 }, 'instrument', t.position.instrument, t.problem));
    }
    if ('problem' in hvar || 'problem' in svar) continue;
    subPortfolios.push({ id, instruments: positions.map((p) => p.instrument), hvar, svar });
  }
  if (errors.length > 0) return err(errors);

  // W from the exact tail sums: one division per scenario set keeps W within 1e-27 of exact,
  // far closer than any .5 boundary it could be near (its denominator is at most kH × kS).
  const tailSumH = subPortfolios.reduce((s, g) => s.plus(sumOf(g.hvar.pnls)), ZERO);
  const tailSumS = subPortfolios.reduce((s, g) => s.plus(sumOf(g.svar.pnls)), ZERO);
  const w = tailSumH.times(money(h.hvarWeight)).div(kH).plus(tailSumS.times(money(h.svarWeight)).div(kS));

  // MV has the sign of the quantity (the loader checks it): longs sum ≥ 0, shorts ≤ 0.
  const long = new ExactSum();
  const short = new ExactSum();
  for (const p of tierP) {
    if (p.quantity > 0) long.add(p.marketValue);
    else if (p.quantity < 0) short.add(p.marketValue);
  }
  const longMv = long.value().abs();
  const shortMv = short.value().abs();
  const floor = params.floorRate.times(maxOf(longMv, shortMv));
  const margin = roundWhole(maxOf(w.neg(), floor, ZERO));
  return ok({ hvarTailSize: kH, svarTailSize: kS, subPortfolios, w, longMarketValue: longMv, shortMarketValue: shortMv, floor, margin });
}

function sumOf(xs: readonly number[]): Money {
  let s = 0;
  for (const x of xs) s += x; // integers far below 2^53 (bounded by pnlBound): exact
  return new PrimeDecimal(s);
}

interface TailProblem {
  readonly tag: 'MissingParameter' | 'TooLarge';
  readonly position: VarPosition;
  readonly problem: string;
}

/** The tail of one sub-portfolio (a non-empty list of positions) over one scenario set, or why it cannot be computed. */
function tail(returns: ScenarioReturns, positions: readonly VarPosition[], k: number, fieldType: string): TailMeasure | TailProblem {
  const legs: { leg: PnlLeg; row: number; maxAbsUnits: number }[] = [];
  for (const p of positions) {
    const row = returns.rowOf.get(p.instrument);
    if (row === undefined) {
      return { tag: 'MissingParameter', position: p,
        problem: `the RPF01 file has no ${fieldType} scenario returns for it; a Tier P instrument needs both FieldType 1 and 2` };
    }
    legs.push({ leg: pnlLeg(p.marketValue.units, p.marketValue.scale), row, maxAbsUnits: returns.maxAbsUnits[row] ?? 0 });
  }
  if (pnlBound(legs) > Number.MAX_SAFE_INTEGER && positions[0] !== undefined) {
    return { tag: 'TooLarge', position: positions[0],
      problem: 'the market values of its sub-portfolio are too large for an exact scenario P&L (beyond HKD 9 × 10^15)' };
  }
  const distribution = new Float64Array(returns.count);
  addPositionsPnl(distribution, legs, returns);
  const worst = worstScenarios(distribution, k);
  const scenarios = Array.from(worst, (s) => s + 1);
  const pnls = Array.from(worst, (s) => distribution[s] ?? 0);
  const value = sumOf(pnls).div(k);
  return { value, scenarios, pnls, distribution };
}
