import type { Result } from '@marginkit/rpf';
import { err, ok } from '@marginkit/rpf';
import type { Basis, PositionError, PositionRow, PrimeContext, WhatIfResult } from '@marginkit/risk-engine';
import { resolvePositions, whatIf } from '@marginkit/risk-engine';
import type { AccountClientOptions } from '@marginkit/client-margin';
import { clientTotalHook } from '@marginkit/client-margin';

/**
 * cli-contract.md `whatif` from rows as the user wrote them (a positions file, `--trade`
 * arguments, an API request): the account's rows and the trades are resolved against the RPF with
 * the same checks and messages, then margined step by step with the client total of each step.
 * The CLI and the HTTP API both call this, so a what-if means the same thing everywhere.
 */

/** A trade as written: `CC:SERIES:QTY` on the command line, an object in a request. */
export interface WhatIfTradeRow {
  /** CC code; empty or absent = the series' own. */
  readonly cc?: string | undefined;
  /** HKEX series code or RPF series key. */
  readonly series: string;
  /** Signed whole number of contracts (not 0). */
  readonly quantity: number;
  /** Named in errors in place of a file (e.g. `--trade FEXXX:XXXM8:-1`). */
  readonly file?: string | undefined;
  readonly line?: number | undefined;
}

export interface WhatIfRowsOptions extends AccountClientOptions {
  /** The account margined (its rows are the base portfolio). */
  readonly account: string;
  /** Basis when the account's rows give none. */
  readonly basis: Basis;
}

/** A position or trade that cannot be margined, and which of the two it is. */
export interface WhatIfRowError extends PositionError {
  readonly input: 'positions' | 'trades';
}

/**
 * Margins `rows` (all of `options.account`; other accounts' rows are ignored), then again after
 * each trade in order. The run settings must be valid for the client rules (check them with
 * `clientMargin([], settings)` first): the client hook has no error channel and throws.
 * Positions are checked first; trades only when every position resolves.
 */
export function whatIfRows(
  ctx: PrimeContext,
  rows: readonly PositionRow[],
  trades: readonly WhatIfTradeRow[],
  options: WhatIfRowsOptions,
): Result<WhatIfResult, WhatIfRowError> {
  const { account } = options;
  const held = resolvePositions(
    ctx,
    rows.filter((r) => r.account === account),
    { basis: options.basis },
  );
  if (!held.ok) return err(held.errors.map((e) => ({ ...e, input: 'positions' as const })));
  const mine = held.value.accounts[0];
  const basis: Basis = mine?.basis ?? options.basis;

  const tradeRows: PositionRow[] = trades.map((t) => ({
    // Trades are resolved as rows of the account, so they get the same checks and messages.
    account: account === '' ? '(what-if)' : account,
    cc: t.cc,
    series: t.series,
    quantity: t.quantity,
    file: t.file,
    line: t.line ?? 0,
  }));
  const traded = resolvePositions(ctx, tradeRows, { basis });
  if (!traded.ok) return err(traded.errors.map((e) => ({ ...e, input: 'trades' as const })));
  const resolved = (traded.value.accounts[0]?.positions ?? []).map((p) => ({ series: p.series, quantity: p.quantity, code: p.code }));

  return ok(
    whatIf(ctx, mine?.positions ?? [], resolved, basis, {
      account,
      multiplier: mine?.multiplier,
      client: clientTotalHook({
        ...(options.multiplier === undefined ? {} : { multiplier: options.multiplier }),
        ...(options.maintenanceRatio === undefined ? {} : { maintenanceRatio: options.maintenanceRatio }),
      }),
    }),
  );
}
