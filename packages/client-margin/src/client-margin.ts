import type Decimal from 'decimal.js';
import type { ClearingHouse, Result } from '@marginkit/rpf';
import { err, ok } from '@marginkit/rpf';
import { PrimeDecimal, roundWhole } from '@marginkit/risk-engine';
import type {
  ClientCcInput,
  ClientCcMargin,
  ClientMargin,
  ClientMarginError,
  ClientMarginErrorTag,
  ClientMarginOptions,
  ClientClearingHouseTotal,
} from './model';
import { DEFAULT_MAINTENANCE_RATIO, DEFAULT_MULTIPLIER } from './multiplier';

/**
 * The client margin of one account on its basis (client-margin.md), from the clearing house's
 * CC-level figures. A and B stay unrounded until the per-clearing-house sum; the only roundings
 * are that total, the maintenance margins and the HKD grand total.
 */
export function clientMargin(
  ccs: readonly ClientCcInput[],
  options: ClientMarginOptions = {},
): Result<ClientMargin, ClientMarginError> {
  const errors: ClientMarginError[] = [];
  const problem = reporter(options.account ?? '');
  const multiplier = readDecimal(options.multiplier ?? DEFAULT_MULTIPLIER);
  if (multiplier === undefined || !multiplier.isPositive() || multiplier.isZero()) {
    errors.push(problem('InvalidMultiplier', '', 'multiplier', options.multiplier, 'must be a positive decimal'));
  }
  const ratio = readDecimal(options.maintenanceRatio ?? DEFAULT_MAINTENANCE_RATIO);
  if (ratio === undefined || ratio.isNegative() || ratio.gt(1)) {
    errors.push(
      problem('InvalidMaintenanceRatio', '', 'maintenanceRatio', options.maintenanceRatio, 'must be a decimal from 0 to 1'),
    );
  }
  errors.push(...checkInputs(ccs, problem));
  if (multiplier === undefined || ratio === undefined || errors.length > 0) return err(errors);

  const perCc = ccs.map((cc) => ccMargin(cc, multiplier));

  const totals: ClientClearingHouseTotal[] = [];
  let grand = new PrimeDecimal(0);
  for (const group of groupByClearingHouseAndCurrency(perCc)) {
    const hkdRate = group.currency === 'HKD' ? new PrimeDecimal(1) : readRate(options, group.currency);
    if (hkdRate === undefined) {
      errors.push(
        problem(
          'MissingHkdRate',
          '',
          'currency',
          group.currency,
          `no HKD rate for the ${group.clearingHouse} total; pass toHkd (the RPF's T records)`,
        ),
      );
      continue;
    }
    const requirementSum = group.ccs.reduce((sum, c) => sum.plus(c.requirement), new PrimeDecimal(0));
    // Per clearing house and currency: a SEOCH credit never reduces HKCC margin.
    const total = roundWhole(PrimeDecimal.max(0, requirementSum));
    totals.push({
      clearingHouse: group.clearingHouse,
      currency: group.currency,
      requirementSum,
      total,
      maintenance: roundWhole(ratio.times(total)),
      hkdRate,
    });
    grand = grand.plus(total.times(hkdRate));
  }
  if (errors.length > 0) return err(errors);

  const total = roundWhole(grand);
  return ok({
    multiplier,
    maintenanceRatio: ratio,
    combinedCommodities: perCc,
    totals,
    total,
    maintenance: roundWhole(ratio.times(total)),
  });
}

/** Steps 2-4 of client-margin.md for one CC. */
function ccMargin(input: ClientCcInput, multiplier: Decimal): ClientCcMargin {
  const zero = new PrimeDecimal(0);
  if (!input.marginable) {
    // Gross SEOCH long positions: no risk margin and no option value, whatever RM × m would be.
    return {
      cc: input.cc,
      clearingHouse: input.clearingHouse,
      currency: input.currency,
      marginable: false,
      solelyLongOptions: input.solelyLongOptions,
      clearingHouseRiskMargin: zero,
      multiplier,
      riskMargin: zero,
      longOptionValue: zero,
      capped: false,
      cappedRiskMargin: zero,
      mtm: zero,
      requirement: zero,
    };
  }
  const rm = new PrimeDecimal(input.riskMargin);
  const lov = new PrimeDecimal(input.longOptionValue);
  const mtm = new PrimeDecimal(input.mtm);
  const a = rm.times(multiplier);
  // A client holding only long options can lose at most what it paid for them.
  const capped = input.solelyLongOptions && a.gt(lov);
  const aCapped = capped ? lov : a;
  const requirement = input.clearingHouse === 'SEOCH' ? aCapped.plus(mtm) : aCapped;
  return {
    cc: input.cc,
    clearingHouse: input.clearingHouse,
    currency: input.currency,
    marginable: true,
    solelyLongOptions: input.solelyLongOptions,
    clearingHouseRiskMargin: rm,
    multiplier,
    riskMargin: a,
    longOptionValue: lov,
    capped,
    cappedRiskMargin: aCapped,
    mtm,
    requirement,
  };
}

interface Group {
  readonly clearingHouse: ClearingHouse;
  readonly currency: string;
  readonly ccs: ClientCcMargin[];
}

function groupByClearingHouseAndCurrency(ccs: readonly ClientCcMargin[]): Group[] {
  const groups = new Map<string, Group>();
  for (const cc of ccs) {
    const key = `${cc.clearingHouse}\u0000${cc.currency}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { clearingHouse: cc.clearingHouse, currency: cc.currency, ccs: [] };
      groups.set(key, group);
    }
    group.ccs.push(cc);
  }
  return [...groups.values()];
}

/** Figures the rules would otherwise turn into a wrong margin without a word. */
function checkInputs(ccs: readonly ClientCcInput[], problem: Reporter): ClientMarginError[] {
  const errors: ClientMarginError[] = [];
  const seen = new Set<string>();
  for (const cc of ccs) {
    const key = `${cc.clearingHouse}\u0000${cc.cc}`;
    if (seen.has(key)) {
      errors.push(
        problem('DuplicateCombinedCommodity', cc.cc, 'cc', cc.cc, `listed twice for ${cc.clearingHouse}; sum the gross sides first`),
      );
    }
    seen.add(key);
    if (cc.clearingHouse !== 'HKCC' && cc.clearingHouse !== 'SEOCH') {
      errors.push(problem('InvalidCcFigure', cc.cc, 'clearingHouse', cc.clearingHouse, 'must be HKCC or SEOCH'));
    }
    if (!cc.marginable && cc.clearingHouse === 'HKCC') {
      errors.push(problem('InvalidCcFigure', cc.cc, 'marginable', 'false', 'HKCC positions are always marginable'));
    }
    const rm = cc.riskMargin;
    if (!rm.isFinite() || !rm.isInteger() || rm.isNegative()) {
      errors.push(
        problem('InvalidCcFigure', cc.cc, 'riskMargin', rm, 'must be the clearing-house risk margin rounded to whole units (≥ 0)'),
      );
    }
    if (!cc.longOptionValue.isFinite() || cc.longOptionValue.isNegative()) {
      errors.push(problem('InvalidCcFigure', cc.cc, 'longOptionValue', cc.longOptionValue, 'must be ≥ 0'));
    }
    if (!cc.mtm.isFinite()) {
      errors.push(problem('InvalidCcFigure', cc.cc, 'mtm', cc.mtm, 'must be finite'));
    } else if (cc.clearingHouse === 'HKCC' && !cc.mtm.isZero()) {
      errors.push(problem('InvalidCcFigure', cc.cc, 'mtm', cc.mtm, 'an HKCC CC has no MTM margin (prime.md: its requirement is RM)'));
    }
  }
  return errors;
}

/** Plain decimal text only: no exponent, hex or sign games in a run's settings. */
const DECIMAL_TEXT = /^\d+(?:\.\d+)?$/;

/** A run setting as the rules read it; undefined when it is not a plain finite decimal. */
export function readDecimal(value: Decimal | string): Decimal | undefined {
  if (typeof value === 'string' && !DECIMAL_TEXT.test(value.trim())) return undefined;
  try {
    const d = new PrimeDecimal(value);
    return d.isFinite() ? d : undefined;
  } catch {
    return undefined;
  }
}

function readRate(options: ClientMarginOptions, currency: string): Decimal | undefined {
  const rate = options.toHkd?.(currency);
  if (rate === undefined) return undefined;
  const d = readDecimal(rate);
  return d !== undefined && d.isPositive() && !d.isZero() ? d : undefined;
}

type Reporter = (
  tag: ClientMarginErrorTag,
  cc: string,
  field: string,
  value: Decimal | string | undefined,
  what: string,
) => ClientMarginError;

function reporter(account: string): Reporter {
  return (tag, cc, field, value, what) => {
    const text = value === undefined ? '' : typeof value === 'string' ? value : value.toString();
    const where = [account === '' ? '' : `account ${account}`, cc === '' ? '' : `CC ${cc}`].filter((w) => w !== '');
    const prefix = where.length === 0 ? '' : `${where.join(' ')}: `;
    return { _tag: tag, account, cc, field, value: text, message: `${prefix}${field} ${JSON.stringify(text)}: ${what}` };
  };
}
