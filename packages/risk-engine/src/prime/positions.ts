import type { Result, Series, SeriesCodeError } from '@marginkit/rpf';
import { err, formatLocation, ok, resolveSeries } from '@marginkit/rpf';
import { PrimeDecimal } from '../decimal';
import type { PrimeContext } from './context';
import { SeriesProblem } from './context';
import type { PositionRow, ResolvedPosition } from './inputs';
import { marginPortfolio } from './portfolio';
import type { AccountSheet, Basis, MarginRun, PositionError, PositionErrorTag } from './sheet';

/**
 * From rows of a positions file to margined accounts: each row's series resolved against the RPF
 * (HKEX code or series key), each account's basis and multiplier agreed, every bad row reported
 * with its file, line, field and value. Rows whose series cannot be margined fail the run unless
 * the caller asks to skip them; malformed rows always fail it.
 */

export interface ResolvedAccount {
  readonly account: string;
  readonly basis: Basis;
  /** The rows' `multiplier` override, as written, or undefined. */
  readonly multiplier: string | undefined;
  /** In row order. */
  readonly positions: readonly ResolvedPosition[];
}

export interface ResolveOptions {
  /** Basis of accounts whose rows give none. */
  readonly basis: Basis;
  /** Leave out rows whose series cannot be margined (listed in `skipped`) instead of failing. */
  readonly skipUnknown?: boolean;
}

export interface ResolvedPositions {
  /** In order of each account's first row. */
  readonly accounts: readonly ResolvedAccount[];
  readonly skipped: readonly PositionError[];
}

/** Tags of rows that name something the RPF/catalogue cannot margin (skippable on request). */
export const SKIPPABLE: ReadonlySet<PositionErrorTag> = new Set<PositionErrorTag>([
  'UnknownSeries',
  'AmbiguousSeries',
  'CombinedCommodityMismatch',
  'NotInCatalogue',
  'NoCurrencyRate',
]);

const INTEGER_TEXT = /^[+-]?\d+$/;
const DECIMAL_TEXT = /^[+-]?\d+(\.\d+)?$/;

function positionError(
  tag: PositionErrorTag,
  row: PositionRow,
  field: string,
  value: string,
  problem: string,
): PositionError {
  const where = formatLocation(row.file, row.line ?? 0, 0);
  return {
    _tag: tag,
    file: row.file,
    line: row.line ?? 0,
    account: row.account,
    field,
    value,
    message: `${where}: account ${JSON.stringify(row.account)} ${field} ${JSON.stringify(value)}: ${problem}`,
  };
}

function seriesCodeTag(e: SeriesCodeError): PositionErrorTag {
  switch (e._tag) {
    case 'AmbiguousSeries':
      return 'AmbiguousSeries';
    case 'CcMismatch':
      return 'CombinedCommodityMismatch';
    default:
      return 'UnknownSeries';
  }
}

function quantityOf(q: number | string): number | undefined {
  if (typeof q === 'number') return Number.isSafeInteger(q) ? (q === 0 ? 0 : q) : undefined;
  const text = q.trim();
  if (!INTEGER_TEXT.test(text)) return undefined;
  // Integer text only: a value past 2^53 parses to ≥ 2^53 and fails the safe-integer test.
  const n = Number(text);
  return Number.isSafeInteger(n) ? (n === 0 ? 0 : n) : undefined;
}

function sameMultiplier(a: string, b: string): boolean {
  if (DECIMAL_TEXT.test(a) && DECIMAL_TEXT.test(b)) return new PrimeDecimal(a).eq(new PrimeDecimal(b));
  return a === b;
}

interface AccountDraft {
  account: string;
  basis: Basis | undefined;
  basisRow: PositionRow | undefined;
  multiplier: string | undefined;
  positions: ResolvedPosition[];
  sumAbs: number;
}

/** Why a series text cannot be margined under a CC: the same for every row that writes it. */
interface SeriesMiss {
  readonly tag: PositionErrorTag;
  readonly field: 'cc' | 'series';
  readonly message: string;
}

type SeriesLookup = Series | SeriesMiss;

/**
 * Series texts resolved against one prepared RPF, per CC column value and then per text as
 * written, kept across calls: a service margins the same codes request after request, a book the
 * same codes row after row, and parsing a code costs more than margining its position. Keyed by
 * the row's own strings (no composite key to build and hash per row). Bounded, so that a stream
 * of made-up codes cannot grow it without limit.
 */
interface SeriesCache {
  readonly byCc: Map<string, Map<string, SeriesLookup>>;
  size: number;
}
const resolvedCodes = new WeakMap<PrimeContext, SeriesCache>();
const MAX_CACHED_CODES = 100_000;

function codeCache(ctx: PrimeContext): SeriesCache {
  let cache = resolvedCodes.get(ctx);
  if (cache === undefined) {
    cache = { byCc: new Map(), size: 0 };
    resolvedCodes.set(ctx, cache);
  } else if (cache.size > MAX_CACHED_CODES) {
    cache.byCc.clear();
    cache.size = 0;
  }
  return cache;
}

function cachedLookup(ctx: PrimeContext, cache: SeriesCache, cc: string, text: string): SeriesLookup {
  let perCc = cache.byCc.get(cc);
  if (perCc === undefined) {
    perCc = new Map();
    cache.byCc.set(cc, perCc);
  }
  let hit = perCc.get(text);
  if (hit === undefined) {
    hit = lookupSeries(ctx, text, cc);
    perCc.set(text, hit);
    cache.size++;
  }
  return hit;
}

/**
 * The series a row with CC column `cc` (trimmed) and series text `text` resolves to, when
 * {@link resolvePositions} would take the row without an error (skipped or not); undefined when it
 * would report one. For readers of many rows that resolve the common case their own way and
 * leave every other row to `resolvePositions`, for its errors.
 */
export function seriesOfRow(ctx: PrimeContext, cc: string, text: string): Series | undefined {
  const hit = cachedLookup(ctx, codeCache(ctx), cc, text);
  if (!('row' in hit)) return undefined;
  const p = ctx.engine.problem[hit.row];
  return p === SeriesProblem.NotInCatalogue || p === SeriesProblem.NoCurrencyRate ? undefined : hit;
}

/** The series a row's text names under its (trimmed) CC: an RPF series key as written, else an HKEX code. */
function lookupSeries(ctx: PrimeContext, text: string, cc: string): SeriesLookup {
  const byKey = ctx.rpf.seriesByKey.get(text);
  if (byKey !== undefined) {
    if (cc !== '' && cc !== byKey.cc) {
      return { tag: 'CombinedCommodityMismatch', field: 'cc', message: `series ${text.trim()} belongs to CC ${byKey.cc}` };
    }
    return byKey;
  }
  const r = resolveSeries(text.trim(), ctx.rpf, ctx.catalogue, cc === '' ? {} : { cc });
  if (r.ok) return r.value;
  const e = r.errors[0] as SeriesCodeError;
  return { tag: seriesCodeTag(e), field: e.field === 'cc' ? 'cc' : 'series', message: e.message };
}

/** Resolves and checks rows, grouping them into accounts. */
export function resolvePositions(
  ctx: PrimeContext,
  rows: readonly PositionRow[],
  options: ResolveOptions,
): Result<ResolvedPositions, PositionError> {
  const errors: PositionError[] = [];
  const skipped: PositionError[] = [];
  const drafts = new Map<string, AccountDraft>();
  const cache = codeCache(ctx);
  const problem = ctx.engine.problem;

  for (const row of rows) {
    const account = row.account.trim();
    if (account === '') {
      errors.push(positionError('MissingAccount', row, 'account', row.account, 'the account is empty'));
      continue;
    }
    let draft = drafts.get(account);
    if (draft === undefined) {
      draft = { account, basis: undefined, basisRow: undefined, multiplier: undefined, positions: [], sumAbs: 0 };
      drafts.set(account, draft);
    }

    let rowOk = true;
    const quantity = quantityOf(row.quantity);
    if (quantity === undefined) {
      errors.push(positionError('BadQuantity', row, 'quantity', String(row.quantity), 'not a signed integer within ±(2^53 − 1)'));
      rowOk = false;
    }
    const basisText = row.basis?.trim() ?? '';
    if (basisText !== '') {
      const b = basisText.toLowerCase();
      if (b !== 'net' && b !== 'gross') {
        errors.push(positionError('BadBasis', row, 'basis', row.basis ?? '', 'basis is net or gross'));
        rowOk = false;
      } else if (draft.basis !== undefined && draft.basis !== b) {
        const first = draft.basisRow === undefined ? '' : ` (line ${draft.basisRow.line ?? 0} says ${draft.basis})`;
        errors.push(positionError('ConflictingAccountOptions', row, 'basis', row.basis ?? '', `rows of one account must agree on the basis${first}`));
        rowOk = false;
      } else {
        draft.basis = b;
        draft.basisRow = row;
      }
    }
    const multiplierText = row.multiplier?.trim() ?? '';
    if (multiplierText !== '') {
      if (draft.multiplier !== undefined && !sameMultiplier(draft.multiplier, multiplierText)) {
        errors.push(
          positionError('ConflictingAccountOptions', row, 'multiplier', row.multiplier ?? '', `rows of one account must agree on the multiplier (earlier: ${draft.multiplier})`),
        );
        rowOk = false;
      } else draft.multiplier ??= multiplierText;
    }

    // The series: an RPF series key as written, else an HKEX code.
    const cc = row.cc?.trim() ?? '';
    const hit = cachedLookup(ctx, cache, cc, row.series);
    let series: Series | undefined;
    let failure: PositionError | undefined;
    if ('row' in hit) series = hit;
    else failure = positionError(hit.tag, row, hit.field, hit.field === 'cc' ? cc : row.series, hit.message);
    if (series !== undefined && failure === undefined) {
      const p = problem[series.row];
      if (p === SeriesProblem.NotInCatalogue) {
        failure = positionError('NotInCatalogue', row, 'series', row.series, `the contract catalogue has no row for commodity ${series.commodity} of CC ${series.cc}`);
      } else if (p === SeriesProblem.NoCurrencyRate) {
        const ccy = ctx.rpf.ccByCode.get(series.cc)?.currency ?? '';
        failure = positionError('NoCurrencyRate', row, 'series', row.series, `the RPF has no T rate from ${ccy} (CC ${series.cc}) to HKD`);
      }
    }
    if (failure !== undefined) {
      (options.skipUnknown === true && SKIPPABLE.has(failure._tag) ? skipped : errors).push(failure);
      continue;
    }
    if (!rowOk || series === undefined || quantity === undefined) continue;
    draft.sumAbs += Math.abs(quantity);
    if (draft.sumAbs > Number.MAX_SAFE_INTEGER) {
      errors.push(positionError('BadQuantity', row, 'quantity', String(row.quantity), `account ${account} holds more than 2^53 − 1 contracts in all`));
      continue;
    }
    draft.positions.push({ account, series, quantity, row: series.row, code: row.series.trim() });
  }

  if (errors.length > 0) return err(errors);
  const accounts: ResolvedAccount[] = [];
  for (const d of drafts.values()) {
    accounts.push({ account: d.account, basis: d.basis ?? options.basis, multiplier: d.multiplier, positions: d.positions });
  }
  return ok({ accounts, skipped });
}

export interface MarginAccountsOptions extends ResolveOptions {
  /** Called after each account is margined (a progress display for runs of many accounts). */
  readonly onAccount?: (done: number, total: number) => void;
}

/** Margins every account of `rows` (cli-contract.md `margin`). */
export function marginAccounts(
  ctx: PrimeContext,
  rows: readonly PositionRow[],
  options: MarginAccountsOptions,
): Result<MarginRun, PositionError> {
  const resolved = resolvePositions(ctx, rows, options);
  if (!resolved.ok) return resolved;
  const total = resolved.value.accounts.length;
  const accounts: AccountSheet[] = resolved.value.accounts.map((a, i) => {
    const sheet = marginPortfolio(ctx, a.positions, a.basis, { account: a.account, multiplier: a.multiplier });
    options.onAccount?.(i + 1, total);
    return sheet;
  });
  return ok({ rpf: ctx.provenance, accounts, skippedPositions: resolved.value.skipped });
}
