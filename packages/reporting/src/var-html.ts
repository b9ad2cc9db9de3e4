import type Decimal from 'decimal.js';
import type { SubPortfolio, TailMeasure, VarMargin } from '@marginkit/risk-engine';
import { PrimeDecimal } from '@marginkit/risk-engine';
import { escapeHtml as e } from './escape';
import { displayDecimals, formatExact, formatFigure, groupThousands, isDisplayRounded } from './format';
import { htmlDocument, moneyCell } from './html-page';
import { HTML_STYLE } from './html-style';
import { pnlChartSvg, pnlText } from './pnl-chart';
import { VAR_HTML_STYLE } from './var-html-style';
import type { ScenarioSet, VarSection } from './var-text';
import { alignedMoney, count, fixedText, scenarioSets, varComponents } from './var-text';

/**
 * `marginkit var --format html`: one self-contained document (the margin report's stylesheet and
 * policy: no script, nothing fetched) with every component of var-platform.md steps 1-10 and how
 * it is formed, then the detail of each: per sub-portfolio HVaR and SVaR with the whole scenario
 * P&L distribution drawn and its tail highlighted and listed worst first; the flat-rate groups,
 * liquidation-risk groups, structured-product and corporate-action charges, the position limit.
 *
 * Every interpolated text is escaped. Fractional figures show 2 decimal places with the exact
 * value as a tooltip; whole figures show whole.
 */
export interface VarHtmlOptions {
  /** Names of the input files, shown in the header (the CLI gives their base names). */
  readonly rpf01File?: string;
  readonly positionsFile?: string;
  readonly paramsFile?: string;
}

const CURRENCY = 'HKD';
/** Whole figures padded by a punctuation space and figure spaces: as wide as `.00`. */
const HTML_PAD = '\u2008\u2007\u2007';

export function renderVarHtml(m: VarMargin, options: VarHtmlOptions = {}): string {
  const sets = scenarioSets(m);
  return htmlDocument(`VaR Platform margin: valuation date ${m.valuationDate}`, HTML_STYLE + VAR_HTML_STYLE, [
    header(m, sets, options),
    components(m),
    portfolioSection(m, sets),
    flatRateSection(m),
    liquidationSection(m),
    structuredProductSection(m),
    corporateActionSection(m),
    positionLimitSection(m),
    '<footer><p>Produced by marginkit from the RPF01 file above (HKSCC VaR Platform, securities margin). ',
    'Money is in HKD; fractional figures show two decimal places (hover for every digit; the JSON output keeps them all).</p></footer>',
  ]);
}

function header(m: VarMargin, sets: readonly ScenarioSet[], o: VarHtmlOptions): string {
  const file = (name: string | undefined) => (name === undefined ? '<span class="muted">(not a file)</span>' : `<code>${e(name)}</code>`);
  const item = (term: string, value: string) => `<div><dt>${e(term)}</dt><dd>${value}</dd></div>`;
  return (
    `<header><h1>VaR Platform margin</h1><dl class="provenance">` +
    item('Valuation date', e(m.valuationDate)) +
    item('RPF01 file', file(o.rpf01File)) +
    item('Positions', file(o.positionsFile)) +
    item('Parameters', file(o.paramsFile)) +
    sets.map((s) => item(s.name, e(`${s.count} scenarios, CL ${s.confidence}, k = ${s.k}, weight ${s.weight}`))).join('') +
    item('Rounding', e(groupThousands(fixedText(m.header.rounding)))) +
    item('Holiday factor', e(fixedText(m.header.holidayFactor))) +
    `</dl></header>`
  );
}

function components(m: VarMargin): string {
  const list = varComponents(m);
  const figures = alignedMoney(
    list.map((c) => c.value),
    HTML_PAD,
  );
  const rows = list.map((c, i) => {
    const label = c.section === undefined ? e(c.label) : `<a href="#${c.section}">${e(c.label)}</a>`;
    const title = isDisplayRounded(c.value, 2) ? ` title="${e(formatExact(c.value))}"` : '';
    const figure = c.kind === 'total' ? `<strong>${e(figures[i] ?? '')}</strong>` : e(figures[i] ?? '');
    return (
      `<tr${c.kind === undefined ? '' : ` class="${c.kind}"`}><th scope="row">${label}</th>` +
      `<td class="num"${title}>${figure}</td><td class="how">${e(c.how)}</td></tr>`
    );
  });
  return (
    `<section class="summary" id="components"><h2>Margin components</h2>` +
    `<p class="total-figure">Total margin requirement <strong>${e(CURRENCY)} ${e(formatFigure(m.total))}</strong></p>` +
    `<table class="components"><thead><tr><th scope="col">Component</th><th scope="col" class="num">${CURRENCY}</th>` +
    `<th scope="col">How</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`
  );
}

function section(id: VarSection, title: string, body: string): string {
  return `<section class="detail" id="${id}"><h2>${e(title)}</h2>${body}</section>`;
}

function facts(items: readonly (readonly [string, string])[]): string {
  return `<dl class="facts">${items.map(([k, v]) => `<div><dt>${e(k)}</dt><dd>${e(v)}</dd></div>`).join('')}</dl>`;
}

type Cell = string | Decimal;

interface Grid {
  readonly className: string;
  /** Header and whether the column is numeric (right-aligned). */
  readonly columns: readonly (readonly [string, 'text' | 'num'])[];
  readonly rows: readonly (readonly Cell[])[];
  readonly total?: readonly Cell[];
  /** Said instead of an empty table. */
  readonly none?: string;
}

/** A table whose money columns each show the places their figures need; the first cell heads its row. */
function table(g: Grid): string {
  if (g.rows.length === 0 && g.none !== undefined) return `<p class="muted">${e(g.none)}</p>`;
  const all = g.total === undefined ? g.rows : [...g.rows, g.total];
  const decimals = g.columns.map((_, i) => displayDecimals(all.flatMap((r) => (typeof r[i] === 'string' ? [] : [r[i] as Decimal]))));
  const num = (i: number) => g.columns[i]?.[1] === 'num';
  const cells = (r: readonly Cell[]) =>
    r
      .map((c, i) => {
        if (typeof c !== 'string') return moneyCell(c, decimals[i] ?? 0);
        return i === 0 ? `<th scope="row">${e(c)}</th>` : `<td${num(i) ? ' class="num"' : ''}>${e(c)}</td>`;
      })
      .join('');
  const head = g.columns.map(([h], i) => `<th scope="col"${num(i) ? ' class="num"' : ''}>${e(h)}</th>`).join('');
  return (
    `<table class="${g.className}"><thead><tr>${head}</tr></thead><tbody>${g.rows.map((r) => `<tr>${cells(r)}</tr>`).join('')}` +
    `${g.total === undefined ? '' : `<tr class="total">${cells(g.total)}</tr>`}</tbody></table>`
  );
}

function portfolioSection(m: VarMargin, sets: readonly [ScenarioSet, ScenarioSet]): string {
  const pm = m.portfolio;
  const [h, s] = sets;
  const wH = m.header.hvarWeight;
  const wS = m.header.svarWeight;
  if (pm.subPortfolios.length === 0) {
    return section('portfolio-margin', 'Portfolio margin (Tier P)', `<p class="muted">No Tier P positions: no sub-portfolio, W = 0.</p>${portfolioFacts(m)}`);
  }
  // A sub-portfolio's share of W, for reading only: W itself is the engine's (formed from the exact tail sums).
  const weighted = (g: SubPortfolio) => g.hvar.value.times(fixedText(wH)).plus(g.svar.value.times(fixedText(wS)));
  const rows = pm.subPortfolios.map((g) => [g.id, g.instruments.join(', '), g.hvar.value, g.svar.value, weighted(g)]);
  const grid = table({
    className: 'sub-portfolios',
    columns: [['Sub-portfolio', 'text'], ['Instruments', 'text'], [`HVaR (k = ${h.k})`, 'num'], [`SVaR (k = ${s.k})`, 'num'], [`HVaR × ${h.weight} + SVaR × ${s.weight}`, 'num']],
    rows,
    total: ['W', '', '', '', pm.w],
  });
  const cards = pm.subPortfolios.map((g, i) => subPortfolioCard(g, i, sets)).join('');
  return section(
    'portfolio-margin',
    'Portfolio margin (Tier P)',
    `<p class="muted">Expected shortfall per sub-portfolio: the mean of the k worst scenario P&Ls (losses negative), ` +
      `each P&L a sum of whole-dollar rounded MV × return terms.</p>${grid}${portfolioFacts(m)}${cards}`,
  );
}

function portfolioFacts(m: VarMargin): string {
  const pm = m.portfolio;
  return facts([
    ...(pm.subPortfolios.length === 0 ? [['W', formatFigure(pm.w)] as const] : []),
    ['Tier P market value', `long ${formatFigure(pm.longMarketValue)}, short ${formatFigure(pm.shortMarketValue)}`],
    ['Floor', `${formatExact(m.params.floorRate)} × ${formatFigure(PrimeDecimal.max(pm.longMarketValue, pm.shortMarketValue))} = ${formatFigure(pm.floor)}`],
    ['Portfolio margin', `round(max(−W, floor, 0)) = ${formatFigure(pm.margin)}`],
  ]);
}

function subPortfolioCard(g: SubPortfolio, i: number, sets: readonly [ScenarioSet, ScenarioSet]): string {
  const figure = (set: ScenarioSet, t: TailMeasure) => {
    const chart = pnlChartSvg({
      distribution: t.distribution,
      tail: t.scenarios,
      mean: t.value,
      measure: set.name,
      currency: CURRENCY,
      label: `Sub-portfolio ${g.id}: ${set.name} scenario P&L, worst to best, the ${set.k} worst highlighted`,
    });
    const items = t.scenarios.map((sc, j) => `<li><span class="scenario">${sc}</span> ${e(pnlText(t.pnls[j] ?? 0))}</li>`).join('');
    return (
      `<figure class="pnl ${set.key}"><figcaption>${e(set.name)} ${e(formatFigure(t.value))}: mean of the ${set.k} worst of ` +
      `${t.distribution.length} scenario P&Ls (CL ${e(set.confidence)})</figcaption>${chart}` +
      `<p class="tail-caption">Tail (k = ${set.k}, CL ${e(set.confidence)}), worst first: scenario and P&amp;L</p>` +
      `<ol class="tail-list">${items}</ol></figure>`
    );
  };
  const [h, s] = sets;
  return (
    `<article class="sub-portfolio" id="sub-portfolio-${i + 1}" data-id="${e(g.id)}"><h3>Sub-portfolio ${e(g.id)} ` +
    `<span class="muted">(${e(count(g.instruments.length, 'instrument'))}: ${e(g.instruments.join(', '))})</span></h3>` +
    `<div class="sets">${figure(h, g.hvar)}${figure(s, g.svar)}</div></article>`
  );
}

function flatRateSection(m: VarMargin): string {
  const fr = m.flatRate;
  const body = table({
    className: 'flat-rate',
    columns: [['Rate', 'text'], ['Instruments', 'text'], ['Long |MV|', 'num'], ['Short |MV|', 'num'], ['Charged (larger side)', 'num']],
    rows: fr.groups.map((g) => [formatExact(g.rate), g.instruments.join(', '), g.longMarketValue, g.shortMarketValue, g.charged]),
    none: 'No Tier N positions.',
  });
  return section(
    'flat-rate',
    'Flat-rate margin (Tier N)',
    body + facts([['Flat-rate margin', `round(Σ charged × rate × multiplier ${formatExact(m.params.flatRateMultiplier)}) = ${formatFigure(fr.margin)}`]]),
  );
}

function liquidationSection(m: VarMargin): string {
  const lra = m.liquidationRisk;
  const body = table({
    className: 'liquidation-risk',
    columns: [['Underlying', 'text'], ['Instruments', 'text'], ['ΔMV', 'num'], ['Threshold', 'num'], ['Bucket rate', 'num'], ['Add-on', 'num'], ['Beta', 'num']],
    rows: lra.groups.map((g) => [g.underlying, g.instruments.join(', '), g.deltaMarketValue, g.threshold, formatExact(g.bucketRate), g.addOn, formatExact(g.beta)]),
    none: 'No position in a stock with liquidation-risk parameters.',
  });
  return section(
    'liquidation-risk',
    'Liquidation-risk add-on',
    body +
      facts([
        ['Instrument level', `round(Σ (|ΔMV| − threshold) × bucket rate) = ${formatFigure(lra.instrumentLevel)}`],
        ['Beta-weighted delta B', `Σ ΔMV × beta = ${formatFigure(lra.betaWeightedDelta)}`],
        ['Portfolio level', `round((|B| − threshold of 2800) × its bucket rate) = ${formatFigure(lra.portfolioLevel)}`],
        ['Liquidation-risk add-on', formatFigure(lra.total)],
      ]),
  );
}

function structuredProductSection(m: VarMargin): string {
  const sp = m.structuredProduct;
  const body = table({
    className: 'structured-products',
    columns: [['Instrument', 'text'], ['Quantity', 'num'], ['Add-on', 'num']],
    rows: sp.charges.map((c) => [c.instrument, groupThousands(String(c.quantity)), c.addOn]),
    none: 'No long position in a structured product with an add-on (FieldType 6).',
  });
  return section('structured-products', 'Structured-product add-on', body + facts([['Structured-product add-on', `round(Σ) = ${formatFigure(sp.total)}`]]));
}

const ENTITLEMENT: Readonly<Record<number, string>> = { 1: 'distribution in specie', 2: 'rights issue', 3: 'cash dividend' };

function corporateActionSection(m: VarMargin): string {
  const ca = m.corporateAction;
  const body = table({
    className: 'corporate-actions',
    columns: [['Entitlement', 'text'], ['Of', 'text'], ['Type', 'text'], ['Net (MV − CV)', 'num'], ['Rate', 'num'], ['Add-on', 'num']],
    rows: ca.charges.map((c) => [c.instrument, c.code, ENTITLEMENT[c.entitlementType] ?? String(c.entitlementType), c.net, formatExact(c.rate), c.addOn]),
    none: 'No entitlement positions.',
  });
  return section('corporate-actions', 'Corporate-action margin', body + facts([['Corporate-action margin', formatFigure(ca.total)]]));
}

function positionLimitSection(m: VarMargin): string {
  const pl = m.positionLimit;
  const p = m.params;
  const cap = p.alcCap === undefined ? 'no cap' : `cap ${formatFigure(p.alcCap)}`;
  return section(
    'position-limit',
    'Position-limit add-on',
    facts([
      ['Net market value (NMV)', `|Σ MV| = ${formatFigure(pl.netMarketValue)}`],
      ['Limit', `min(ALC ${formatFigure(p.alc)} × ${formatExact(p.alcMultiplier)}, ${cap}) = ${formatFigure(pl.limit)}`],
      ['Excess', `max(NMV − limit, 0) = ${formatFigure(pl.excess)}`],
      ['Base', `PM + FRM + CA + LRA + SP rounded up = ${formatFigure(pl.base)}`],
      ['Factor', `${formatExact(pl.factor)} (${m.marginAfterCredit.gt(0) ? 'rate: margin after credit > 0' : '1 + rate: no margin after credit'})`],
      ['Position-limit add-on', pl.netMarketValue.isZero() ? '0 (no net market value)' : `round(excess / NMV × base × factor) = ${formatFigure(pl.addOn)}`],
    ]),
  );
}
