import type Decimal from 'decimal.js';
import { PrimeDecimal } from '@marginkit/risk-engine';
import { escapeHtml } from './escape';
import { displayDecimals, formatExact, formatMoney } from './format';
import { scenarioDescription } from './text';

/**
 * The 16 scenario losses L[1..16] of one CC side as an inline SVG bar chart: one bar per
 * scenario (a gain hangs below the zero line), the active scenario s* highlighted and labelled
 * with its loss, a labelled loss axis with round ticks and a scenario axis. Each bar carries a
 * tooltip naming the scenario's move and its exact loss.
 *
 * Figures stay exact decimals; only pixel geometry is a float (positions on screen are not
 * reported figures).
 */
export interface ScenarioChartInput {
  /** L[1..16], index 0 = scenario 1. */
  readonly losses: readonly Decimal[];
  /** s*, 1-based; outside 1..16 (the engine's 0 for a side that is not marginable) = none. */
  readonly activeScenario: number;
  readonly currency: string;
  /** Accessible name, e.g. `HKCC FEXXX, net side: scenario losses`. */
  readonly label: string;
}

const WIDTH = 560;
const HEIGHT = 230;
const LEFT = 78;
const RIGHT = 10;
const TOP = 22;
const BOTTOM = 46;
const PLOT_W = WIDTH - LEFT - RIGHT;
const PLOT_H = HEIGHT - TOP - BOTTOM;

export function scenarioChartSvg(input: ScenarioChartInput): string {
  const { losses, activeScenario } = input;
  const ticks = niceTicks(losses);
  // Every loss 0 (one tick): put the zero line mid-plot rather than on the top edge.
  const flat = ticks.length < 2;
  const lo = flat ? new PrimeDecimal(-1) : (ticks[0] ?? new PrimeDecimal(0));
  const hi = flat ? new PrimeDecimal(1) : (ticks[ticks.length - 1] ?? new PrimeDecimal(0));
  const span = hi.minus(lo);
  const y = (v: Decimal) => px(TOP + hi.minus(v).div(span).times(PLOT_H).toNumber());
  const slot = PLOT_W / Math.max(losses.length, 1);
  const barW = px(slot * 0.7);
  const zero = y(new PrimeDecimal(0));
  const decimals = displayDecimals(losses);
  const hasActive = activeScenario >= 1 && activeScenario <= losses.length;

  const parts: string[] = gridLines(ticks, y, LEFT, WIDTH - RIGHT);
  losses.forEach((loss, i) => {
    const s = i + 1;
    const x = px(LEFT + i * slot + (slot - barW) / 2);
    const top = loss.isNegative() ? zero : y(loss);
    const height = px(Math.abs(y(loss) - zero));
    const kind = s === activeScenario ? 'bar active' : loss.isNegative() ? 'bar gain' : 'bar';
    const tip = `Scenario ${s} (${scenarioDescription(s)}): loss ${formatExact(loss)} ${input.currency}${s === activeScenario ? ', active' : ''}`;
    parts.push(
      `<rect class="${kind}" data-scenario="${s}" x="${x}" y="${top}" width="${barW}" height="${height}"><title>${escapeHtml(tip)}</title></rect>`,
      `<text class="tick" x="${px(LEFT + i * slot + slot / 2)}" y="${HEIGHT - BOTTOM + 14}" text-anchor="middle">${s}</text>`,
    );
    if (s === activeScenario) {
      const labelY = loss.isNegative() ? px(zero + height + 12) : px(top - 5);
      parts.push(
        `<text class="active-label" x="${px(LEFT + i * slot + slot / 2)}" y="${labelY}" text-anchor="middle">${escapeHtml(formatMoney(loss, decimals))}</text>`,
      );
    }
  });
  const midY = px(TOP + PLOT_H / 2);
  if (flat) parts.push(`<text class="note" x="${px(LEFT + PLOT_W / 2)}" y="${px(midY - 12)}" text-anchor="middle">every scenario loss is 0</text>`);
  parts.push(
    `<line class="axis" x1="${LEFT}" x2="${LEFT}" y1="${TOP}" y2="${TOP + PLOT_H}"/>`,
    `<text class="axis-title" x="${px(LEFT + PLOT_W / 2)}" y="${HEIGHT - 8}" text-anchor="middle">${hasActive ? `Scenario (active: ${activeScenario})` : 'Scenario'}</text>`,
    `<text class="axis-title" x="14" y="${midY}" text-anchor="middle" transform="rotate(-90 14 ${midY})">Loss (${escapeHtml(input.currency)})</text>`,
  );
  return (
    `<svg class="scenario-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(input.label)}">` +
    `<title>${escapeHtml(input.label)}</title>${parts.join('')}</svg>`
  );
}

/** Horizontal grid lines at the ticks (the zero line drawn darker), each labelled left of the plot. */
export function gridLines(ticks: readonly Decimal[], y: (v: Decimal) => number, left: number, right: number): string[] {
  return ticks.flatMap((tick) => {
    const ty = y(tick);
    return [
      `<line class="grid${tick.isZero() ? ' zero' : ''}" x1="${left}" x2="${right}" y1="${ty}" y2="${ty}"/>`,
      `<text class="tick" x="${left - 6}" y="${ty}" text-anchor="end" dominant-baseline="middle">${escapeHtml(formatExact(tick))}</text>`,
    ];
  });
}

/** Two decimals of a pixel are plenty and keep the markup short. */
export function px(v: number): number {
  return Math.round(v * 100) / 100;
}

/**
 * Round axis ticks covering 0 and every loss: a step of 1, 2 or 5 × 10^k giving about four
 * intervals, computed on decimals so that tick labels are exact. All losses 0: the one tick 0.
 */
export function niceTicks(values: readonly Decimal[]): Decimal[] {
  const zero = new PrimeDecimal(0);
  const lo = PrimeDecimal.min(zero, ...values);
  const hi = PrimeDecimal.max(zero, ...values);
  if (lo.eq(hi)) return [zero];
  const rough = hi.minus(lo).div(4);
  const magnitude = new PrimeDecimal(10).pow(rough.log(10).floor());
  const r = rough.div(magnitude);
  const step = magnitude.times(r.lte(1) ? 1 : r.lte(2) ? 2 : r.lte(5) ? 5 : 10);
  const ticks: Decimal[] = [];
  for (let t = lo.div(step).floor().times(step); t.lt(hi.plus(step)); t = t.plus(step)) {
    ticks.push(t);
    if (t.gte(hi)) break;
  }
  return ticks;
}
