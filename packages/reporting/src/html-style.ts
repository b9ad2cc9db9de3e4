/**
 * The report's only stylesheet, inlined so the file stands alone. Print rules keep a CC on one
 * page where it fits and start each account on a new page; bar colours print as shown.
 */
export const HTML_STYLE = `
:root { color-scheme: light; --ink: #1d2330; --muted: #5f6b7a; --rule: #d5dae1; --band: #f4f6f9;
  --bar: #4a6fa5; --gain: #8bb39a; --active: #d9480f; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1120px; padding: 24px 28px 48px; color: var(--ink); background: #fff;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 26px; margin: 0 0 8px; }
h2 { font-size: 20px; margin: 32px 0 6px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 15px; margin: 20px 0 6px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
h4 { font-size: 16px; margin: 0 0 8px; }
code { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.muted { color: var(--muted); font-weight: normal; }
.tag { display: inline-block; margin-left: 8px; padding: 0 7px; border: 1px solid var(--rule); border-radius: 9px;
  font-size: 12px; font-weight: normal; color: var(--muted); vertical-align: middle; }
.tag.warn { border-color: #e0a96d; color: #8a4b08; }
.provenance { display: flex; flex-wrap: wrap; gap: 6px 28px; margin: 0; padding: 10px 14px; background: var(--band);
  border: 1px solid var(--rule); border-radius: 6px; }
.provenance dt { font-size: 12px; color: var(--muted); }
.provenance dd { margin: 0; font-weight: 600; }
table { border-collapse: collapse; margin: 4px 0 12px; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 10px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { font-size: 12px; color: var(--muted); font-weight: 600; border-bottom: 1.5px solid var(--ink); }
tbody th { font-weight: normal; }
table.client tbody th, table.totals tbody th { white-space: nowrap; }
.num { text-align: right; white-space: nowrap; }
tr.total th, tr.total td { font-weight: 700; }
tr.total td, tr.total th { border-top: 1.5px solid var(--ink); }
table.steps tr.total td, table.steps tr.total th { border-top: 1px solid var(--muted); }
td.capped { color: var(--active); font-weight: 600; }
a { color: #1f5fa8; }
.skipped { border-left: 4px solid #e0a96d; padding: 2px 12px; background: #fff8ef; }
.cc { margin: 14px 0 22px; padding: 12px 14px; border: 1px solid var(--rule); border-radius: 6px; }
.cc-body.beside { display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: flex-start; }
.cc-body.beside .sides { flex: 1 1 440px; }
.sides { display: flex; flex-wrap: wrap; gap: 14px 24px; }
figure.side { margin: 0; flex: 1 1 440px; max-width: 580px; }
figcaption { font-size: 12px; font-weight: 600; color: var(--muted); margin-bottom: 2px; }
svg.scenario-chart { display: block; max-width: 100%; height: auto; }
svg .bar { fill: var(--bar); }
svg .bar.gain { fill: var(--gain); }
svg .bar.active { fill: var(--active); }
svg .grid { stroke: #e6e9ee; stroke-width: 1; }
svg .grid.zero, svg .axis { stroke: var(--ink); stroke-width: 1; }
svg text { font: 11px system-ui, sans-serif; fill: var(--muted); }
svg .axis-title { font-size: 11.5px; fill: var(--ink); }
svg .note { font-style: italic; }
svg .active-label { font-weight: 700; fill: var(--active); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 1px 12px; margin: 6px 0 0; font-size: 12.5px; }
dl.facts div { display: contents; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; font-variant-numeric: tabular-nums; }
footer { margin-top: 36px; font-size: 12px; color: var(--muted); border-top: 1px solid var(--rule); }
@media print {
  body { max-width: none; padding: 0; font-size: 11.5px; }
  a { color: inherit; text-decoration: none; }
  .account + .account { break-before: page; }
  .cc, table, figure.side { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
