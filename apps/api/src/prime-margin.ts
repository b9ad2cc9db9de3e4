import { formatLocation } from '@marginkit/rpf';
import type { PositionError, PositionRow } from '@marginkit/risk-engine';
import { marginAccounts, SKIPPABLE_POSITION_ERRORS, whatIfToJson } from '@marginkit/risk-engine';
import { buildMarginReport, marginReportJsonText, marginSummaryJson, whatIfRows } from '@marginkit/reporting';
import type { ApiError, Issue, Outcome } from './errors';
import { badRequest, withoutLocation } from './errors';
import type { RpfVersion } from './rpf-store';
import type { MarginRequest, WhatIfRequest } from './schemas';

/**
 * `POST /v1/margin` and `/v1/margin/whatif`: request rows become the engine's position rows (each
 * named `body.positions[i]`, so the engine's messages point into the request), then the same
 * package calls as `marginkit margin` / `whatif`. The result is the CLI's JSON document with the
 * RPF version id added to its `rpf` block.
 */

const rowName = (i: number) => `body.positions[${i}]`;

function rowsOf(positions: MarginRequest['positions'], account: string | undefined): PositionRow[] {
  return positions.map((p, i) => ({
    account: p.account ?? account ?? '',
    cc: p.cc,
    series: p.series,
    quantity: p.quantity,
    basis: p.basis,
    multiplier: p.multiplier,
    file: rowName(i),
    line: 0,
  }));
}

function clientSettings(r: { multiplier?: string | undefined; maintenanceRatio?: string | undefined }) {
  return {
    ...(r.multiplier === undefined ? {} : { multiplier: r.multiplier }),
    ...(r.maintenanceRatio === undefined ? {} : { maintenanceRatio: r.maintenanceRatio }),
  };
}

/** The RPF block of a response: the engine's provenance and the version id. */
function withVersion<T extends { rpf: object }>(doc: T, version: RpfVersion): T {
  return { ...doc, rpf: { id: version.info.id, ...doc.rpf } };
}

export function margin(version: RpfVersion, request: MarginRequest): Outcome {
  const run = marginAccounts(version.ctx, rowsOf(request.positions, request.account), { basis: request.basis, skipUnknown: request.skipUnknown });
  if (!run.ok) return { ok: false, error: positionFailure(run.errors) };
  const report = buildMarginReport(run.value, clientSettings(request));
  // The schemas checked the settings with the client rules' own validation, so this is a guard.
  if (!report.ok) return { ok: false, error: badRequest('INVALID_CLIENT_SETTINGS', report.errors.map((e) => ({ path: 'body', message: e.message }))) };
  // The full sheet is written as text straight from the engine's units (no object tree to stringify).
  const text =
    request.view === 'summary'
      ? JSON.stringify(withVersion(marginSummaryJson(report.value), version))
      : marginReportJsonText(report.value, { id: version.info.id });
  return {
    ok: true,
    text,
    accounts: run.value.accounts.length,
    positions: request.positions.length,
  };
}

export function whatIf(version: RpfVersion, request: WhatIfRequest, defaultAccount: string): Outcome {
  const accounts = [...new Set(request.positions.map((p) => p.account ?? request.account ?? defaultAccount))];
  const account = request.account ?? (accounts.length === 1 ? (accounts[0] as string) : defaultAccount);
  if (request.account === undefined && accounts.length > 1) {
    return {
      ok: false,
      error: badRequest('AMBIGUOUS_ACCOUNT', [{ path: 'body.account', message: `the positions hold ${accounts.length} accounts (${accounts.slice(0, 10).join(', ')}): name one` }]),
    };
  }
  const rows = rowsOf(request.positions, request.account ?? account);
  const trades = request.trades.map((t, i) => ({ cc: t.cc, series: t.series, quantity: t.quantity, file: `body.trades[${i}]` }));
  const result = whatIfRows(version.ctx, rows, trades, { account, basis: request.basis, ...clientSettings(request) });
  if (!result.ok) return { ok: false, error: positionFailure(result.errors) };
  return {
    ok: true,
    text: JSON.stringify(withVersion(whatIfToJson(version.ctx.provenance, result.value), version)),
    accounts: 1,
    positions: request.positions.length + request.trades.length,
  };
}

/**
 * Every bad row at once. Rows the RPF cannot margin (unknown series, commodity not in the
 * catalogue, …) are 422: the request is well formed but not against this RPF. Malformed rows
 * (conflicting account options, quantities out of range) are 400.
 */
function positionFailure(errors: readonly PositionError[]): ApiError {
  const unmarginable = errors.every((e) => SKIPPABLE_POSITION_ERRORS.has(e._tag));
  const issues: Issue[] = errors.map((e) => ({
    path: `${e.file ?? 'body'}.${e.field}`,
    message: withoutLocation(e.message, formatLocation(e.file, e.line, 0)),
    value: e.value,
  }));
  return unmarginable ? badRequest('NOT_MARGINABLE', issues, 422) : badRequest('INVALID_POSITIONS', issues);
}
