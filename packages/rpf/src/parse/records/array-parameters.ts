import type { LineReader } from '../fields';
import type { ModelBuilder } from '../builder';

/** Record B: array calculation parameters of one commodity / product type / month. */
export function readArrayParameters(r: LineReader, b: ModelBuilder): void {
  const exchange = r.text(3, 3);
  const commodity = r.requiredText(6, 10, 'commodity code');
  const productType = r.requiredText(16, 3, 'product type');
  const futuresMonth = r.month(19, 'futures month');
  const futuresDayWeek = r.text(25, 2);
  const optionMonth = r.month(28, 'option month');
  const optionDayWeek = r.text(34, 2);
  const baseVolatility = r.fixed(37, 8, 6, 'base volatility');
  const volatilityScanRange = r.fixed(45, 8, 6, 'volatility scan range');
  const priceScanRange = r.digits(53, 5, 'price scan range');
  const extremeMoveMultiplier = r.fixed(58, 5, 3, 'extreme move multiplier');
  const extremeMoveCoveredFraction = r.fixed(63, 5, 4, 'extreme move covered fraction');
  const interestRate = r.fixed(68, 5, 4, 'interest rate');
  const timeToExpiration = r.fixed(73, 7, 6, 'time to expiration');
  const lookAheadTime = r.fixed(80, 6, 6, 'look-ahead time');
  const deltaScalingFactor = r.optionalFixed(86, 6, 4, 'delta scaling factor');
  const expirationDate = r.isBlank(92, 8) ? '' : r.date(92, 'expiration date');
  const dividendYield = r.fixed(112, 8, 6, 'dividend yield');
  if (r.failed) return;
  if (b.product(commodity, productType, r.line, 6, r.recordType) === undefined) return;
  b.arrayParameters.push({
    exchange,
    commodity,
    productType,
    futuresMonth,
    futuresDayWeek,
    optionMonth,
    optionDayWeek,
    baseVolatility,
    volatilityScanRange,
    priceScanRange,
    extremeMoveMultiplier,
    extremeMoveCoveredFraction,
    interestRate,
    timeToExpiration,
    lookAheadTime,
    deltaScalingFactor,
    expirationDate,
    dividendYield,
  });
}
