import type { Fixed, Result, Rpf01File } from '@marginkit/rpf';
import { err, ok, RPF01_HEDGE_INSTRUMENT } from '@marginkit/rpf';
import type { Money } from '../decimal';
import { roundWhole } from '../decimal';
import type { VarInputError } from './errors';
import { varInputError } from './errors';
import type { VarPosition } from './inputs';
import { ExactSum, maxOf, money, ZERO } from './money';

/**
 * var-platform.md step 3: the liquidation-risk add-on. A large delta-equivalent position in
 * one stock (with the structured products on it) costs more to liquidate than its VaR says:
 * the instrument level charges each underlying's delta beyond its threshold; the portfolio
 * level charges the beta-weighted delta of the whole portfolio beyond the threshold of the
 * hedge instrument 2800.
 */
export interface LiquidityGroup {
  /** The stock (FieldType 4) the group is named after. */
  readonly underlying: string;
  readonly instruments: readonly string[];
  /** ΔMV = Σ quantity × cash delta per quantity. */
  readonly deltaMarketValue: Money;
  readonly threshold: Money;
  readonly bucketRate: Money;
  readonly beta: Money;
  /** max(|ΔMV| − threshold, 0) × bucket rate, unrounded. */
  readonly addOn: Money;
}

export interface LiquidationRisk {
  /** By underlying id. */
  readonly groups: readonly LiquidityGroup[];
  /** round(Σ group add-ons). */
  readonly instrumentLevel: Money;
  /** B = Σ ΔMV × beta. */
  readonly betaWeightedDelta: Money;
  /** round(max(|B| − threshold of 2800, 0) × bucket rate of 2800). */
  readonly portfolioLevel: Money;
  readonly total: Money;
}

export function liquidationRiskAddOn(
  file: Rpf01File,
  positions: readonly VarPosition[],
  positionsFile: string | undefined,
): Result<LiquidationRisk, VarInputError> {
  const errors: VarInputError[] = [];
  const groups = new Map<string, { instruments: string[]; delta: ExactSum }>();
  for (const p of positions) {
    if (p.quantity === 0) continue;
    let underlying: string;
    let cashDelta: Fixed;
    const own = file.liquidity.get(p.instrument);
    const sp = file.structuredProducts.get(p.instrument);
    if (own !== undefined) {
      underlying = p.instrument;
      cashDelta = own.cashDelta;
    } else if (sp !== undefined) {
      if (!file.liquidity.has(sp.underlying)) {
        errors.push(varInputError('MissingParameter', { file: positionsFile, line: p.lines[0] ?? 0 }, 'instrument', p.instrument,
          `its underlying ${sp.underlying} (FieldType 5) has no FieldType 4 record in the RPF01 file`));
        continue;
      }
      underlying = sp.underlying;
      cashDelta = sp.cashDelta;
    } else {
      continue;
    }
    const g = groups.get(underlying) ?? { instruments: [], delta: new ExactSum() };
    groups.set(underlying, g);
    g.instruments.push(p.instrument);
    g.delta.addTimes(p.quantity, cashDelta);
  }
  if (errors.length > 0) return err(errors);

  const out: LiquidityGroup[] = [];
  for (const underlying of [...groups.keys()].sort()) {
    const g = groups.get(underlying);
    const info = file.liquidity.get(underlying);
    if (g === undefined || info === undefined) continue;
    const threshold = money(info.threshold);
    const bucketRate = money(info.bucketRate);
    const delta = g.delta.value();
    const addOn = maxOf(delta.abs().minus(threshold), ZERO).times(bucketRate);
    out.push({ underlying, instruments: g.instruments, deltaMarketValue: delta, threshold, bucketRate, beta: money(info.beta), addOn });
  }
  const instrumentLevel = roundWhole(out.reduce((s, g) => s.plus(g.addOn), ZERO));
  const betaWeightedDelta = out.reduce((s, g) => s.plus(g.deltaMarketValue.times(g.beta)), ZERO);
  let portfolioLevel = ZERO;
  if (!betaWeightedDelta.isZero()) {
    const hedge = file.liquidity.get(RPF01_HEDGE_INSTRUMENT);
    if (hedge === undefined) {
      return err([varInputError('MissingParameter', { file: file.fileName, line: 0 }, 'InstrumentId', RPF01_HEDGE_INSTRUMENT,
        'the portfolio-level liquidation-risk add-on needs the FieldType 4 record of the hedge instrument')]);
    }
    portfolioLevel = roundWhole(maxOf(betaWeightedDelta.abs().minus(money(hedge.threshold)), ZERO).times(money(hedge.bucketRate)));
  }
  return ok({ groups: out, instrumentLevel, betaWeightedDelta, portfolioLevel, total: instrumentLevel.plus(portfolioLevel) });
}
