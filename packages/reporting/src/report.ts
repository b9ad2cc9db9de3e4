import type { Result } from '@marginkit/rpf';
import { err, ok } from '@marginkit/rpf';
import type { AccountSheet, CcSheet, MarginRun, PositionError, RpfProvenance } from '@marginkit/risk-engine';
import type { AccountClientOptions, ClientCcMargin, ClientMargin, ClientMarginError } from '@marginkit/client-margin';
import { clientMarginForAccount } from '@marginkit/client-margin';

/**
 * What every renderer takes: one margin run (`marginkit margin`) with, per account, the PRiME
 * calculation sheet on the account's basis and the client margin computed from it. The renderers
 * only format; every figure comes from the engine or the client rules.
 */
export interface AccountReport {
  readonly sheet: AccountSheet;
  readonly client: ClientMargin;
}

export interface MarginReport {
  /** The RPF every figure came from. */
  readonly rpf: RpfProvenance;
  /** In the run's account order. */
  readonly accounts: readonly AccountReport[];
  /** Rows left out because the caller asked to skip unknown series (empty otherwise). */
  readonly skippedPositions: readonly PositionError[];
}

/**
 * Adds the client margin of every account to an engine run. Fails (errors as values) when the
 * client rules reject a run setting or an account's multiplier; the report is never partial.
 */
export function buildMarginReport(
  run: MarginRun,
  options: AccountClientOptions = {},
): Result<MarginReport, ClientMarginError> {
  const accounts: AccountReport[] = [];
  const errors: ClientMarginError[] = [];
  for (const sheet of run.accounts) {
    const client = clientMarginForAccount(sheet, options);
    if (client.ok) accounts.push({ sheet, client: client.value });
    else errors.push(...client.errors);
  }
  if (errors.length > 0) return err(errors);
  return ok({ rpf: run.rpf, accounts, skippedPositions: run.skippedPositions });
}

/** The engine run inside a report (for the engine's own serialisers). */
export function runOf(report: MarginReport): MarginRun {
  return { rpf: report.rpf, accounts: report.accounts.map((a) => a.sheet), skippedPositions: report.skippedPositions };
}

/**
 * The client figures of one CC of the account. The client rules keep one entry per clearing
 * house and CC of the sheet, so a miss means the report was assembled from mismatched parts.
 */
export function clientCcOf(account: AccountReport, cc: CcSheet): ClientCcMargin {
  return account.client.combinedCommodities[clientCcIndexOf(account, cc)] as ClientCcMargin;
}

/** Where {@link clientCcOf}'s entry is in the client margin's `combinedCommodities`. */
export function clientCcIndexOf(account: AccountReport, cc: CcSheet): number {
  const found = account.client.combinedCommodities.findIndex((c) => c.cc === cc.cc && c.clearingHouse === cc.clearingHouse);
  if (found < 0) throw new Error(`account ${account.sheet.account}: no client figures for ${cc.clearingHouse} ${cc.cc}`);
  return found;
}
