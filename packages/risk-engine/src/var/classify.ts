import type { CorporateActionRecord, EntitlementType, FlatRateRecord, Result, Rpf01File } from '@marginkit/rpf';
import { err, isTierP, ok } from '@marginkit/rpf';
import type { VarInputError } from './errors';
import { varInputError } from './errors';
import type { VarPosition, VarPositions } from './inputs';

/**
 * Which part of var-platform.md margins each position: Tier P (scenario returns: portfolio
 * margin), Tier N (a FieldType 3 flat rate), or a corporate-action entitlement (`DSP<code>`,
 * `SRI<code>`, `DIV<code>`).
 */

export const ENTITLEMENT_PREFIXES: Readonly<Record<string, EntitlementType>> = { DSP: 1, SRI: 2, DIV: 3 };

export interface TierNPosition {
  readonly position: VarPosition;
  readonly flatRate: FlatRateRecord;
}

export interface EntitlementPosition {
  readonly position: VarPosition;
  /** The stock code after the prefix. */
  readonly code: string;
  readonly record: CorporateActionRecord;
}

export interface ClassifiedPositions {
  readonly tierP: readonly VarPosition[];
  readonly tierN: readonly TierNPosition[];
  readonly entitlements: readonly EntitlementPosition[];
  /** Every position (MTM and the position limit use them all). */
  readonly all: readonly VarPosition[];
}

/** The entitlement a position name denotes, or undefined for an ordinary instrument. */
export function entitlementOf(instrument: string): { readonly code: string; readonly type: EntitlementType } | undefined {
  const type = ENTITLEMENT_PREFIXES[instrument.slice(0, 3)];
  return type === undefined || instrument.length === 3 ? undefined : { code: instrument.slice(3), type };
}

export function classifyPositions(file: Rpf01File, input: VarPositions): Result<ClassifiedPositions, VarInputError> {
  const tierP: VarPosition[] = [];
  const tierN: TierNPosition[] = [];
  const entitlements: EntitlementPosition[] = [];
  const errors: VarInputError[] = [];
  const at = (p: VarPosition) => ({ file: input.file, line: p.lines[0] ?? 0 });
  for (const p of input.positions) {
    // A position that nets to nothing carries no risk; it still counts in the MTM via its contract value.
    if (p.quantity === 0 && p.marketValue.units === 0) continue;
    const entitlement = entitlementOf(p.instrument);
    if (entitlement !== undefined) {
      const record = file.corporateActions.get(entitlement.code)?.find((r) => r.entitlementType === entitlement.type);
      if (record === undefined) {
        errors.push(varInputError('MissingParameter', at(p), 'instrument', p.instrument,
          `the RPF01 file has no FieldType 7 record of ${entitlement.code} with entitlement type ${entitlement.type}`));
      } else {
        entitlements.push({ position: p, code: entitlement.code, record });
      }
      continue;
    }
    if (isTierP(file, p.instrument)) {
      tierP.push(p);
      continue;
    }
    const flatRate = file.flatRates.get(p.instrument);
    if (flatRate !== undefined) {
      tierN.push({ position: p, flatRate });
      continue;
    }
    errors.push(varInputError('UnknownInstrument', at(p), 'instrument', p.instrument,
      'the RPF01 file has neither scenario returns (FieldType 1/2) nor a flat rate (FieldType 3) for it'));
  }
  return errors.length > 0 ? err(errors) : ok({ tierP, tierN, entitlements, all: input.positions });
}
