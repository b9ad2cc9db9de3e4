import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Result } from '@marginkit/rpf';
import { err, ok } from '@marginkit/rpf';
import type { Money } from '../decimal';
import { PrimeDecimal } from '../decimal';
import type { VarInputError } from './errors';
import { varInputError } from './errors';
import type { JsonValue } from './exact-json';
import { JsonNumber, parseExactJson } from './exact-json';
import type { VarParams } from './inputs';

/**
 * The CP parameters JSON of `marginkit var` (cli-contract.md). Numbers may be JSON numbers or
 * decimal strings; either way they are read as written (see exact-json.ts), never through a
 * binary float. Unknown keys are errors, so that a misspelt parameter is not silently ignored.
 */

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,3})?$/;

const decimalInput = z.union([z.string(), z.instanceof(JsonNumber)], {
  error: (iss) => (iss.input === undefined ? 'is missing' : 'must be a number or a decimal string'),
});

const amount = (kind: 'amount' | 'fraction') =>
  decimalInput.transform((v, ctx): Money => {
    const text = typeof v === 'string' ? v.trim() : v.text;
    const digits = text.replace(/[eE].*$/, '').replace(/\D/g, '').replace(/^0+/, '');
    if (!DECIMAL.test(text) || digits.length > 34) {
      ctx.addIssue({ code: 'custom', message: 'must be a decimal number (at most 34 significant digits)' });
      return z.NEVER;
    }
    const d = new PrimeDecimal(text);
    if (d.isNegative() && !d.isZero()) {
      ctx.addIssue({ code: 'custom', message: 'must not be negative' });
      return z.NEVER;
    }
    if (kind === 'fraction' && d.gt(1)) {
      ctx.addIssue({ code: 'custom', message: 'is a fraction (0.25 for 25 %), not a percentage' });
      return z.NEVER;
    }
    return d.isZero() ? new PrimeDecimal(0) : d;
  });

const instrumentId = z.union(
  [
    z.string().trim().min(1, { error: 'must not be empty' }).regex(/^\S+$/, { error: 'must be an instrument id without blanks' }),
    z.instanceof(JsonNumber).transform((n) => n.text),
  ],
  { error: 'must be an instrument id (a string)' },
);

const ParamsSchema = z.strictObject(
  {
    ipo: z.array(instrumentId, { error: 'must be a list of instrument ids' }).optional(),
    flatRateMultiplier: amount('amount'),
    marginCredit: amount('amount'),
    floorRate: amount('fraction'),
    alc: amount('amount'),
    alcMultiplier: amount('amount'),
    alcCap: amount('amount').nullable().optional(),
    positionLimitAddOnRate: amount('fraction'),
    creditRiskAddOn: amount('amount').optional(),
    adHocAddOn: amount('amount').optional(),
  },
  { error: (iss) => (iss.code === 'invalid_type' ? 'must be a JSON object of CP parameters' : undefined) },
);

/** The parameter names, for help texts and READMEs. */
export const VAR_PARAM_KEYS = Object.keys(ParamsSchema.shape) as readonly (keyof typeof ParamsSchema.shape)[];

export interface VarParamsOptions {
  /** Named in errors. */
  readonly fileName?: string;
}

export function parseVarParams(text: string, options: VarParamsOptions = {}): Result<VarParams, VarInputError> {
  const file = options.fileName;
  const json = parseExactJson(text);
  if (!json.ok) {
    return err(json.errors.map((e) => varInputError('Syntax', { file, line: e.line, column: e.column }, '', '', `is not valid JSON: ${e.message}`)));
  }
  const parsed = ParamsSchema.safeParse(json.value.value);
  if (!parsed.success) {
    const errors: VarInputError[] = [];
    for (const issue of parsed.error.issues) {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [issue.path.map(String).join('/')];
      for (const path of keys) {
        const at = json.value.positions.get(path) ?? { line: 0, column: 0 };
        const problem =
          issue.code === 'unrecognized_keys'
            ? `is not a CP parameter (known: ${VAR_PARAM_KEYS.join(', ')})`
            : issue.message;
        errors.push(varInputError('InvalidValue', { file, ...at }, path, valueText(valueAt(json.value.value, path)), problem));
      }
    }
    // In file order, as a reader goes through it.
    return err(errors.sort((a, b) => a.line - b.line || a.column - b.column));
  }
  const p = parsed.data;
  const zero = new PrimeDecimal(0);
  return ok({
    ipo: p.ipo ?? [],
    flatRateMultiplier: p.flatRateMultiplier,
    marginCredit: p.marginCredit,
    floorRate: p.floorRate,
    alc: p.alc,
    alcMultiplier: p.alcMultiplier,
    alcCap: p.alcCap ?? undefined,
    positionLimitAddOnRate: p.positionLimitAddOnRate,
    creditRiskAddOn: p.creditRiskAddOn ?? zero,
    adHocAddOn: p.adHocAddOn ?? zero,
  });
}

/** Reads a params JSON file. Errors name `path` as given. */
export async function readVarParams(path: string): Promise<Result<VarParams, VarInputError>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    return err([varInputError('Io', { file: path, line: 0 }, '', '', `cannot read the CP parameters: ${e instanceof Error ? e.message : String(e)}`)]);
  }
  return parseVarParams(text, { fileName: path });
}

function valueAt(root: JsonValue, path: string): JsonValue | undefined {
  if (path === '') return root;
  let v: JsonValue | undefined = root;
  for (const key of path.split('/')) {
    if (Array.isArray(v)) v = v[Number(key)];
    else if (v !== null && typeof v === 'object' && !(v instanceof JsonNumber)) v = v[key];
    else return undefined;
  }
  return v;
}

function valueText(v: JsonValue | undefined): string {
  if (v === undefined) return '';
  if (v instanceof JsonNumber) return v.text;
  if (typeof v === 'string') return v;
  return JSON.stringify(v, (_k, x: unknown) => (x instanceof JsonNumber ? x.text : x));
}
