/**
 * What the VaR Platform report adds to the margin report's stylesheet (it uses both): the P&L
 * charts' tail colours, the sub-portfolio cards and the components table's indented terms.
 */
export const VAR_HTML_STYLE = `
.total-figure { margin: 14px 0 4px; font-size: 15px; }
.total-figure strong { font-size: 24px; margin-left: 6px; }
table.components th, table.components td { vertical-align: baseline; }
table.components td.how { color: var(--muted); font-size: 12.5px; }
table.components tr.part th { padding-left: 26px; color: var(--muted); }
table.components tr.part td.num { color: var(--muted); }
.sub-portfolio { margin: 14px 0 22px; padding: 12px 14px; border: 1px solid var(--rule); border-radius: 6px; }
.sub-portfolio h3 { margin-top: 0; text-transform: none; letter-spacing: 0; color: var(--ink); font-size: 16px; }
.sets { display: flex; flex-wrap: wrap; gap: 14px 28px; }
figure.pnl { margin: 0; flex: 1 1 440px; max-width: 580px; }
svg.pnl-chart { display: block; max-width: 100%; height: auto; }
svg .bar.loss { fill: var(--bar); }
svg .bar.tail { fill: var(--active); }
svg .tail-band { fill: #fdf1ea; }
svg .es-line { stroke: var(--active); stroke-width: 1.5; stroke-dasharray: 5 3; }
svg .es-label { font-weight: 700; fill: var(--active); paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
svg .break { stroke: var(--muted); stroke-width: 1; stroke-dasharray: 2 3; }
svg .tail-id { fill: var(--active); font-weight: 600; }
.tail-caption { margin: 6px 0 2px; font-size: 12.5px; color: var(--muted); }
ol.tail-list { margin: 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 2px 16px;
  font-size: 12.5px; font-variant-numeric: tabular-nums; }
ol.tail-list li { white-space: nowrap; }
ol.tail-list .scenario { color: var(--active); font-weight: 600; }
@media print { .sub-portfolio { break-inside: avoid; } }
`;
