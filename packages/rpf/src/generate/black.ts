/**
 * Black-76 option pricing, used only to *generate* risk parameters (the margin engines never
 * price options: the RPF carries the risk arrays). Options on stock use the same formula on
 * the forward S·e^((r−q)t), which is Black-Scholes with a dividend yield.
 */

/**
 * Standard normal cumulative distribution: Hart's algorithm 5666 as given by G. West, "Better
 * approximations to cumulative normal functions" (2005), accurate to double precision.
 */
export function normCdf(x: number): number {
  const ax = Math.abs(x);
  let c: number;
  if (ax > 37) {
    c = 0;
  } else {
    const e = Math.exp((-ax * ax) / 2);
    if (ax < 7.07106781186547) {
      let b = 3.52624965998911e-2 * ax + 0.700383064443688;
      b = b * ax + 6.37396220353165;
      b = b * ax + 33.912866078383;
      b = b * ax + 112.079291497871;
      b = b * ax + 221.213596169931;
      b = b * ax + 220.206867912376;
      c = e * b;
      b = 8.83883476483184e-2 * ax + 1.75566716318264;
      b = b * ax + 16.064177579207;
      b = b * ax + 86.7807322029461;
      b = b * ax + 296.564248779674;
      b = b * ax + 637.333633378831;
      b = b * ax + 793.826512519948;
      b = b * ax + 440.413735824752;
      c = c / b;
    } else {
      let b = ax + 0.65;
      b = ax + 4 / b;
      b = ax + 3 / b;
      b = ax + 2 / b;
      b = ax + 1 / b;
      c = e / b / 2.506628274631;
    }
  }
  return x > 0 ? 1 - c : c;
}

export interface OptionValue {
  readonly price: number;
  /** ∂price/∂forward. */
  readonly delta: number;
}

/**
 * Black-76: value and forward delta of a European option on a forward `forward`, struck at
 * `strike`, with volatility `vol`, `t` years to expiry, discounted by `discount` (e^(−rt)).
 */
export function black76(right: 'C' | 'P', forward: number, strike: number, vol: number, t: number, discount: number): OptionValue {
  const price = black76Price(right, forward, strike, vol, t, discount);
  const f = Math.max(forward, 0);
  if (t <= 0 || vol <= 0 || f === 0) {
    const itm = right === 'C' ? f > strike : strike > f;
    return { price, delta: itm ? (right === 'C' ? discount : -discount) : 0 };
  }
  const sd = vol * Math.sqrt(t);
  const d1 = (Math.log(f / strike) + (sd * sd) / 2) / sd;
  return { price, delta: right === 'C' ? discount * normCdf(d1) : -discount * normCdf(-d1) };
}

/** The Black-76 price alone (the scenario revaluations, 16 per series, need no delta). */
export function black76Price(right: 'C' | 'P', forward: number, strike: number, vol: number, t: number, discount: number): number {
  const f = Math.max(forward, 0);
  if (t <= 0 || vol <= 0 || f === 0) {
    const intrinsic = right === 'C' ? f - strike : strike - f;
    return intrinsic > 0 ? discount * intrinsic : 0;
  }
  const sd = vol * Math.sqrt(t);
  const d1 = (Math.log(f / strike) + (sd * sd) / 2) / sd;
  const d2 = d1 - sd;
  return right === 'C'
    ? discount * (f * normCdf(d1) - strike * normCdf(d2))
    : discount * (strike * normCdf(-d2) - f * normCdf(-d1));
}
