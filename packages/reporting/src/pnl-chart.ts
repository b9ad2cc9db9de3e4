import type Decimal from 'decimal.js';
import { PrimeDecimal } from '@marginkit/risk-engine';
import { escapeHtml } from './escape';
import { formatExact, formatFigure } from './format';
import { gridLines, niceTicks, px } from './svg-chart';

/**
 * One sub-portfolio's scenario P&L distribution over one scenario set (HVaR or SVaR) as an
 * inline SVG: every scenario a bar, sorted worst to best (losses hang below the zero line), the
 * expected-shortfall tail — the engine's k worst scenarios — highlighted at the left with a dashed
 * line at its mean. When k/N is small (6 of 1,000) the tail would be a few pixels wide, so it is
 * widened and set apart from the other scenarios by a gap (the axis says so); the rest keep one
 * common, narrower width.
 *
 * The tail is taken from the engine as reported (worst first, ties by scenario number), never
 * recomputed here; the other scenarios are ordered by P&L and then scenario number for the
 * picture only. P&Ls are whole dollars held exactly in a Float64Array; only pixel geometry is
 * a float.
 */
export interface PnlChartInput {
  /** P&L of scenario s at index s − 1, whole dollars. */
  readonly distribution: ArrayLike<number>;
  /** Scenario numbers (1-based) of the tail, worst first. */
  readonly tail: readonly number[];
  /** The tail's mean (HVaR or SVaR), exact. */
  readonly mean: Decimal;
  /** `HVaR` or `SVaR`. */
  readonly measure: string;
  readonly currency: string;
  /** Accessible name, e.g. `non-ipo: HVaR scenario P&L`. */
  readonly label: string;
}

const WIDTH = 560;
const HEIGHT = 250;
const LEFT = 78;
const RIGHT = 12;
const TOP = 24;
const BOTTOM = 48;
const PLOT_W = WIDTH - LEFT - RIGHT;
const PLOT_H = HEIGHT - TOP - BOTTOM;
/** Width a tail bar gets at least when the tail is widened, and the share of the plot it may take. */
const TAIL_BAR_MIN = 16;
const TAIL_SHARE_MAX = 0.3;
const BREAK_GAP = 12;
/** Slots narrower than this are drawn edge to edge (a gap would be sub-pixel). */
const GAPLESS_BELOW = 4;
/** Width of a digit of an axis label (11 px sans-serif), with room between neighbours. */
const DIGIT_W = 7;
const LABEL_SPACE = 5;

interface Bar {
  readonly scenario: number;
  readonly pnl: number;
  readonly rank: number;
  readonly tail: boolean;
}

export function pnlChartSvg(input: PnlChartInput): string {
  const { distribution, tail, currency } = input;
  const n = distribution.length;
  const k = Math.min(tail.length, n);
  const pnlOf = (s: number) => distribution[s - 1] ?? 0;
  const inTail = new Set(tail);
  const rest: number[] = [];
  for (let s = 1; s <= n; s++) if (!inTail.has(s)) rest.push(s);
  rest.sort((a, b) => pnlOf(a) - pnlOf(b) || a - b);
  const bars: Bar[] = [...tail.slice(0, k), ...rest].map((s, i) => ({ scenario: s, pnl: pnlOf(s), rank: i + 1, tail: i < k }));

  // Horizontal layout: the tail's share of the width, widened (with a gap) when it would be thin.
  const natural = n === 0 ? 0 : (PLOT_W * k) / n;
  const widened = k > 0 && k < n && natural < Math.min(k * TAIL_BAR_MIN, PLOT_W * TAIL_SHARE_MAX);
  const tailW = widened ? Math.min(k * TAIL_BAR_MIN, PLOT_W * TAIL_SHARE_MAX) : natural;
  const gap = widened ? BREAK_GAP : 0;
  const tailSlot = k === 0 ? 0 : tailW / k;
  const restSlot = n === k ? 0 : (PLOT_W - tailW - gap) / (n - k);
  const slotOf = (b: Bar) => (b.tail ? tailSlot : restSlot);
  const xOf = (b: Bar) => LEFT + (b.tail ? (b.rank - 1) * tailSlot : tailW + gap + (b.rank - 1 - k) * restSlot);

  // Vertical scale: round ticks over every P&L, the tail mean and 0.
  let lo = 0;
  let hi = 0;
  for (const b of bars) {
    if (b.pnl < lo) lo = b.pnl;
    if (b.pnl > hi) hi = b.pnl;
  }
  const ticks = niceTicks([new PrimeDecimal(lo), new PrimeDecimal(hi), input.mean]);
  const flat = ticks.length < 2;
  const top = flat ? 1 : (ticks[ticks.length - 1]?.toNumber() ?? 1);
  const bottom = flat ? -1 : (ticks[0]?.toNumber() ?? -1);
  const y = (v: number) => px(TOP + ((top - v) / (top - bottom)) * PLOT_H);
  const zero = y(0);

  const parts: string[] = [];
  if (k > 0) {
    parts.push(`<rect class="tail-band" x="${px(LEFT - 1)}" y="${TOP}" width="${px(tailW + 2)}" height="${PLOT_H}"/>`);
  }
  parts.push(...gridLines(ticks, (t) => y(t.toNumber()), LEFT, WIDTH - RIGHT));

  // A slot carries its scenario number under the axis when the widest number fits in it.
  const labelled = (slot: number) => slot >= String(n).length * DIGIT_W + LABEL_SPACE;
  for (const b of bars) {
    const slot = slotOf(b);
    const w = slot < GAPLESS_BELOW ? slot : slot * 0.72;
    const x = px(xOf(b) + (slot - w) / 2);
    const yv = y(b.pnl);
    const kind = b.tail ? 'bar tail' : b.pnl < 0 ? 'bar loss' : 'bar gain';
    // A tooltip on a sub-pixel bar cannot be hovered; leaving it out keeps a 1,000-scenario chart small.
    const tip =
      b.tail || slot >= GAPLESS_BELOW
        ? `<title>${escapeHtml(`Scenario ${b.scenario}: P&L ${pnlText(b.pnl)} ${currency} (rank ${b.rank} of ${n}${b.tail ? ', in the tail' : ''})`)}</title>`
        : '';
    parts.push(
      `<rect class="${kind}" data-scenario="${b.scenario}" x="${x}" y="${Math.min(yv, zero)}" width="${px(w)}" height="${px(Math.abs(yv - zero))}">${tip}</rect>`,
    );
    if (labelled(slot)) {
      parts.push(`<text class="tick${b.tail ? ' tail-id' : ''}" x="${px(xOf(b) + slot / 2)}" y="${TOP + PLOT_H + 13}" text-anchor="middle">${b.scenario}</text>`);
    }
  }
  if (!labelled(restSlot) && n > k) {
    const mid = px(LEFT + tailW + gap + (PLOT_W - tailW - gap) / 2);
    parts.push(`<text class="tick" x="${mid}" y="${TOP + PLOT_H + 13}" text-anchor="middle">the other ${n - k} scenarios, worst to best</text>`);
  }
  if (k > 0 && !labelled(tailSlot)) {
    parts.push(`<text class="tick tail-id" x="${px(LEFT + tailW / 2)}" y="${TOP + PLOT_H + 13}" text-anchor="middle">tail</text>`);
  }
  if (widened) {
    const bx = px(LEFT + tailW + gap / 2);
    parts.push(`<line class="break" x1="${bx}" x2="${bx}" y1="${TOP}" y2="${TOP + PLOT_H}"/>`);
  }
  if (k > 0) {
    // The tail mean: a dashed line over the tail, labelled beside it.
    const ym = y(input.mean.toNumber());
    const end = px(LEFT + tailW);
    parts.push(
      `<line class="es-line" x1="${LEFT}" x2="${end}" y1="${ym}" y2="${ym}"/>`,
      `<text class="es-label" x="${px(end + gap + 4)}" y="${ym}" dominant-baseline="middle">${escapeHtml(`${input.measure} ${formatFigure(input.mean)}`)}</text>`,
    );
  }
  const midY = px(TOP + PLOT_H / 2);
  if (n === 0) parts.push(`<text class="note" x="${px(LEFT + PLOT_W / 2)}" y="${midY}" text-anchor="middle">no scenarios</text>`);
  const axis = `Scenarios, worst to best: the ${k} worst (tail) of ${n}${widened ? ', tail widened' : ''}`;
  parts.push(
    `<line class="axis" x1="${LEFT}" x2="${LEFT}" y1="${TOP}" y2="${TOP + PLOT_H}"/>`,
    `<text class="axis-title" x="${px(LEFT + PLOT_W / 2)}" y="${HEIGHT - 8}" text-anchor="middle">${escapeHtml(axis)}</text>`,
    `<text class="axis-title" x="14" y="${midY}" text-anchor="middle" transform="rotate(-90 14 ${midY})">${escapeHtml(`P&L (${currency})`)}</text>`,
  );
  return (
    `<svg class="pnl-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(input.label)}">` +
    `<title>${escapeHtml(input.label)}</title>${parts.join('')}</svg>`
  );
}

/** Every digit of a P&L for a tooltip or list: whole dollars, grouped. */
export function pnlText(pnl: number): string {
  return formatExact(new PrimeDecimal(pnl));
}
