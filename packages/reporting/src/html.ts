import type Decimal from 'decimal.js';
import type { CcSheet, SideSheet } from '@marginkit/risk-engine';
import { decimalText } from '@marginkit/risk-engine';
import { escapeHtml as e } from './escape';
import { displayDecimals, formatExact, formatFigure as short, formatMoney } from './format';
import { htmlDocument, moneyCell as money } from './html-page';
import { HTML_STYLE } from './html-style';
import type { AccountReport, MarginReport } from './report';
import { clientCcOf } from './report';
import { scenarioChartSvg } from './svg-chart';
import { rpfTitle } from './text';

/**
 * `marginkit margin --format html`: one self-contained document (inline CSS and SVG, no script,
 * no external request — a Content-Security-Policy forbids any) that a risk engineer can read or
 * print: the RPF used, a summary of every account, then per account its totals, client figures
 * per CC and, per CC and side, every step from the scenario losses to the requirement.
 *
 * Every interpolated text is escaped. Fractional figures show 2 decimal places with the exact
 * value as a tooltip; whole figures show whole.
 */
export function renderHtml(report: MarginReport): string {
  const title = `Margin report: ${rpfTitle(report.rpf)}`;
  return htmlDocument(title, HTML_STYLE, [
    header(report),
    summary(report),
    skipped(report),
    ...report.accounts.map((a, i) => accountSection(a, i)),
    '<footer><p>Produced by marginkit from the RPF above (PRiME clearing-house margin, HKEX Revised Client Margining Methodology). ',
    'Money is in the currency shown; fractional figures show two decimal places (hover for every digit; the JSON output keeps them all).</p></footer>',
  ]);
}

function header(report: MarginReport): string {
  const { rpf } = report;
  return (
    `<header><h1>Margin report</h1><dl class="provenance">` +
    `<div><dt>RPF</dt><dd>${e(rpf.kind)}</dd></div>` +
    `<div><dt>Business date</dt><dd>${e(rpf.businessDate)}</dd></div>` +
    `<div><dt>Business time</dt><dd>${e(rpf.businessTime)}</dd></div>` +
    `<div><dt>File</dt><dd>${rpf.fileName === undefined ? '<span class="muted">(not a file)</span>' : `<code>${e(rpf.fileName)}</code>`}</dd></div>` +
    `<div><dt>Accounts</dt><dd>${report.accounts.length}</dd></div>` +
    `</dl></header>`
  );
}

function summary(report: MarginReport): string {
  if (report.accounts.length === 0) return '<section class="summary"><p>No accounts.</p></section>';
  const rows = report.accounts.map(
    ({ sheet, client }, i) =>
      `<tr><th scope="row"><a href="#${accountId(i)}">${e(sheet.account)}</a></th><td>${e(sheet.basis)}</td>` +
      `${money(sheet.clearingHouseTotalHkd, 0)}${money(client.total, 0)}${money(client.maintenance, 0)}</tr>`,
  );
  return (
    `<section class="summary"><h2>Summary</h2><table><thead><tr><th scope="col">Account</th><th scope="col">Basis</th>` +
    `<th scope="col" class="num">Clearing house (HKD)</th><th scope="col" class="num">Client (HKD)</th>` +
    `<th scope="col" class="num">Client maintenance (HKD)</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`
  );
}

function skipped(report: MarginReport): string {
  if (report.skippedPositions.length === 0) return '';
  const items = report.skippedPositions.map((p) => `<li><code>${e(p.message)}</code></li>`).join('');
  return (
    `<section class="skipped"><h2>Skipped positions (${report.skippedPositions.length})</h2>` +
    `<p>These rows were left out on request (unknown series); the figures below exclude them.</p><ul>${items}</ul></section>`
  );
}

function accountId(i: number): string {
  return `account-${i + 1}`;
}

function accountSection(account: AccountReport, i: number): string {
  const { sheet, client } = account;
  const ccs = sheet.clearingHouses.flatMap((h) => h.combinedCommodities);
  const body =
    ccs.length === 0
      ? '<p class="muted">No positions to margin (every series nets to zero).</p>'
      : clientTable(account) +
        '<h3>Clearing-house margin per CC</h3>' +
        ccs.map((cc, j) => ccArticle(account, cc, `${accountId(i)}-cc-${j + 1}`)).join('');
  return (
    `<section class="account" id="${accountId(i)}"><h2>Account ${e(sheet.account)} <span class="tag">${e(sheet.basis)}</span></h2>` +
    `<p class="muted">Client margin multiplier ${e(decimalText(client.multiplier))}, maintenance ratio ${e(decimalText(client.maintenanceRatio))}.</p>` +
    totalsTable(account) +
    body +
    '</section>'
  );
}

function totalsTable({ sheet, client }: AccountReport): string {
  const rows = sheet.clearingHouses.map((house) => {
    const c = client.totals.find((t) => t.clearingHouse === house.clearingHouse && t.currency === house.currency);
    return (
      `<tr><th scope="row">${e(house.clearingHouse)}</th><td>${e(house.currency)}</td>${money(house.requirement, 0)}` +
      `${c === undefined ? '<td></td><td></td>' : money(c.total, 0) + money(c.maintenance, 0)}</tr>`
    );
  });
  rows.push(
    `<tr class="total"><th scope="row">Total in HKD</th><td>HKD</td>${money(sheet.clearingHouseTotalHkd, 0)}` +
      `${money(client.total, 0)}${money(client.maintenance, 0)}</tr>`,
  );
  return (
    `<h3>Totals</h3><table class="totals"><thead><tr><th scope="col">Clearing house</th><th scope="col">Currency</th>` +
    `<th scope="col" class="num">Clearing-house requirement</th><th scope="col" class="num">Client requirement</th>` +
    `<th scope="col" class="num">Client maintenance</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

/** client-margin.md's steps per CC: RM × multiplier = A, the long-option cap, MTM, B. */
function clientTable(account: AccountReport): string {
  const ccs = account.sheet.clearingHouses.flatMap((h) => h.combinedCommodities.map((cc) => ({ cc, c: clientCcOf(account, cc) })));
  const d = (f: (c: (typeof ccs)[number]['c']) => Decimal) => displayDecimals(ccs.map((x) => f(x.c)));
  const dA = d((c) => c.riskMargin);
  const dLov = d((c) => c.longOptionValue);
  const dCap = d((c) => c.cappedRiskMargin);
  const dMtm = d((c) => c.mtm);
  const dB = d((c) => c.requirement);
  const rows = ccs.map(
    ({ cc, c }) =>
      `<tr><th scope="row">${e(cc.clearingHouse)} ${e(cc.cc)}</th>${money(c.clearingHouseRiskMargin, 0)}` +
      `<td class="num">× ${e(decimalText(c.multiplier))}</td>${money(c.riskMargin, dA)}${money(c.longOptionValue, dLov)}` +
      `<td class="${c.capped ? 'capped' : ''}">${c.capped ? 'yes: A = LOV' : c.solelyLongOptions ? 'no (A ≤ LOV)' : 'no'}</td>` +
      `${money(c.cappedRiskMargin, dCap)}${money(c.mtm, dMtm)}${money(c.requirement, dB, 'strong')}</tr>`,
  );
  return (
    `<h3>Client margin per CC</h3><table class="client"><thead><tr><th scope="col">CC</th>` +
    `<th scope="col" class="num">RM</th><th scope="col" class="num">Multiplier</th><th scope="col" class="num">A = RM × multiplier</th>` +
    `<th scope="col" class="num">LOV</th><th scope="col">Long-option cap</th><th scope="col" class="num">A after cap</th>` +
    `<th scope="col" class="num">MTM</th><th scope="col" class="num">B</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

interface Step {
  readonly label: string;
  readonly side: (s: SideSheet) => Decimal;
  /** CC-level figure; undefined when the sheet keeps it per side only. */
  readonly cc: ((c: CcSheet) => Decimal) | undefined;
  readonly total?: boolean;
}

/** prime.md's steps per CC, in order, from scan risk to requirement. */
const STEPS: readonly Step[] = [
  { label: 'Scan risk', side: (s) => s.scanRisk, cc: (c) => c.scanRisk },
  { label: '+ Intracommodity spread charge', side: (s) => s.intraSpreadCharge, cc: (c) => c.intraSpreadCharge },
  { label: '+ Spot month charge', side: (s) => s.spotCharge, cc: (c) => c.spotCharge },
  { label: '= Commodity risk', side: (s) => s.commodityRisk, cc: (c) => c.commodityRisk, total: true },
  { label: '− Intercommodity spread credit', side: (s) => s.interSpreadCredit, cc: (c) => c.interSpreadCredit },
  { label: 'Short option minimum', side: (s) => s.shortOptionMinimum, cc: (c) => c.shortOptionMinimum },
  { label: 'Risk margin, unrounded', side: (s) => s.riskMarginUnrounded, cc: undefined },
  { label: 'Risk margin', side: (s) => s.riskMargin, cc: (c) => c.riskMargin, total: true },
  { label: 'Long option value', side: (s) => s.longOptionValue, cc: (c) => c.longOptionValue },
  { label: 'Short option value', side: (s) => s.shortOptionValue, cc: (c) => c.shortOptionValue },
  { label: 'MTM (SOV − LOV)', side: (s) => s.mtm, cc: (c) => c.mtm },
  { label: 'Requirement', side: (s) => s.requirement, cc: (c) => c.requirement, total: true },
];

function sideName(s: SideSheet): string {
  return s.marginable ? `${s.side} side` : `${s.side} side (not marginable)`;
}

function ccArticle(account: AccountReport, cc: CcSheet, id: string): string {
  const withCcColumn = cc.sides.length > 1 || cc.sides[0]?.side !== 'net';
  const tags = [
    cc.solelyLongOptions ? '<span class="tag">solely long options</span>' : '',
    cc.marginable ? '' : '<span class="tag warn">not marginable</span>',
  ].join('');
  const head =
    `<tr><th scope="col">Step</th>${cc.sides.map((s) => `<th scope="col" class="num">${e(sideName(s))}</th>`).join('')}` +
    `${withCcColumn ? '<th scope="col" class="num">CC (sum of sides)</th>' : ''}</tr>`;
  const rows = STEPS.map((step) => {
    const figures = [...cc.sides.map(step.side), ...(withCcColumn && step.cc !== undefined ? [step.cc(cc)] : [])];
    const d = displayDecimals(figures);
    const ccCell = !withCcColumn ? '' : step.cc === undefined ? '<td class="num muted">—</td>' : money(step.cc(cc), d);
    return (
      `<tr${step.total === true ? ' class="total"' : ''}><th scope="row">${e(step.label)}</th>` +
      `${cc.sides.map((s) => money(step.side(s), d)).join('')}${ccCell}</tr>`
    );
  });
  const sides = cc.sides.map((s) => sideDetail(account, cc, s)).join('');
  return (
    `<article class="cc" id="${id}"><h4>${e(cc.clearingHouse)} ${e(cc.cc)} <span class="muted">(${e(cc.currency)})</span>${tags}</h4>` +
    `<div class="cc-body ${cc.sides.length > 1 ? 'stacked' : 'beside'}">` +
    `<table class="steps"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>` +
    `<div class="sides">${sides}</div></div></article>`
  );
}

/** The chart of L[1..16] and every intermediate figure of one side. */
function sideDetail(account: AccountReport, cc: CcSheet, s: SideSheet): string {
  const label = `${account.sheet.account} ${cc.clearingHouse} ${cc.cc}, ${s.side} side: scenario losses`;
  const chart = scenarioChartSvg({ losses: s.scenarioLosses, activeScenario: s.activeScenario, currency: cc.currency, label });
  if (!s.marginable) {
    return (
      `<figure class="side"><figcaption>${e(sideName(s))}: the 16 scenario losses</figcaption>${chart}` +
      `<p class="muted">Under gross margining SEOCH long positions are not marginable: this side adds no risk margin and no option value.</p></figure>`
    );
  }
  const facts: [string, string][] = [
    ['Active scenario', `${s.activeScenario} (loss ${formatExact(s.scenarioLosses[s.activeScenario - 1] ?? s.scanRisk)})`],
    ['Time / price / volatility risk', together([s.timeRisk, s.priceRisk, s.volatilityRisk]).join(' / ')],
    ['Net delta', count(s.netDelta)],
    ['Tier deltas (D → R)', list(s.tierDeltas.map((t) => `tier ${t.tier}: ${count(t.delta)} → ${count(t.remaining)}`))],
    ['Intracommodity spreads', list(s.intraSpreads.map((x) => `priority ${x.priority}: ${count(x.spreads)} spreads, charge ${short(x.charge)}`))],
    [
      'Spot months',
      list(
        s.spotCharges.map(
          (x) => `${monthText(x.month)}: consumed ${count(x.consumed)}, remaining ${count(x.remaining)}, charge ${short(x.charge)}`,
        ),
      ),
    ],
    ['Weighted price risk', short(s.weightedPriceRisk)],
    [
      'Intercommodity spreads',
      list(
        s.interSpreads.map(
          (x) =>
            `${x.group} priority ${x.priority} (${count(x.creditRate)}%): ${count(x.spreads)} spreads; ` +
            x.legs.map((l) => `${l.cc} credit ${short(l.credit)}`).join(', '),
        ),
      ),
    ],
    [
      'Short option minimum',
      `${s.som.shortCalls} short calls, ${s.som.shortPuts} short puts; method ${s.som.method} (${s.som.method === '1' ? 'larger' : 'sum'}): ` +
        `N = ${s.som.contracts}; ${s.som.contracts} × ${short(s.som.rate)} = ${short(s.som.charge)}`,
    ],
  ];
  return (
    `<figure class="side"><figcaption>${e(sideName(s))}: the 16 scenario losses</figcaption>${chart}` +
    `<dl class="facts">${facts.map(([k, v]) => `<div><dt>${e(k)}</dt><dd>${e(v)}</dd></div>`).join('')}</dl></figure>`
  );
}

/** Figures read side by side, to the same places. */
function together(xs: readonly Decimal[]): string[] {
  const decimals = displayDecimals(xs);
  return xs.map((x) => formatMoney(x, decimals));
}

/** A delta or a count of spreads: exact up to 6 places (a fractional spread count can run to 40 digits). */
function count(x: Decimal): string {
  return formatMoney(x, Math.min(x.decimalPlaces(), 6));
}

function list(items: readonly string[]): string {
  return items.length === 0 ? 'none' : items.join('; ');
}

function monthText(month: number): string {
  const m = String(month);
  return `${m.slice(0, 4)}-${m.slice(4)}`;
}
