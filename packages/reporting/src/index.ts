// @marginkit/reporting public API. Each module adds its exports here explicitly.
export type { AccountReport, MarginReport } from './report';
export { buildMarginReport, runOf, clientCcOf } from './report';
export type { AccountReportJson, MarginReportJson, JsonRenderOptions } from './json';
export { marginReportJson, renderJson } from './json';
export type { CsvColumn } from './csv';
export { renderCsv, CSV_COLUMNS } from './csv';
export type { TableOptions } from './table';
export { renderTable } from './table';
export { renderHtml } from './html';
export type { ScenarioChartInput } from './svg-chart';
export { scenarioChartSvg, niceTicks } from './svg-chart';
export { groupThousands, formatMoney, formatExact, displayDecimals, isDisplayRounded, DISPLAY_DECIMALS } from './format';
export { escapeHtml } from './escape';
export type { WhatIfTradeRow, WhatIfRowsOptions, WhatIfRowError } from './whatif-rows';
export { whatIfRows } from './whatif-rows';
export type { ClearingHouseSummaryJson, AccountSummaryJson, MarginSummaryJson } from './summary-json';
export { marginSummaryJson } from './summary-json';
