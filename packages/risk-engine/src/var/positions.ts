import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Fixed, Result } from '@marginkit/rpf';
import { err, ok, parseCsv, parseFixed } from '@marginkit/rpf';
import type { VarInputError } from './errors';
import { varInputError } from './errors';
import type { VarPosition, VarPositions } from './inputs';

/**
 * The positions CSV of `marginkit var` (cli-contract.md): `instrument,quantity,contractValue,marketValue`.
 * Every bad row is reported; rows of the same instrument are netted into one position.
 */
export const VAR_POSITION_COLUMNS = ['instrument', 'quantity', 'contractValue', 'marketValue'] as const;
type Column = (typeof VAR_POSITION_COLUMNS)[number];

const money = (what: string) =>
  z.string().transform((v, ctx): Fixed => {
    const t = v.trim();
    const f = t === '' ? undefined : parseFixed(t);
    if (f === undefined) {
      ctx.addIssue({ code: 'custom', message: t === '' ? 'is missing' : `must be ${what}, a plain decimal like -1234.50` });
      return z.NEVER;
    }
    return f;
  });

const PositionRow = z.object({
  instrument: z
    .string()
    .trim()
    .min(1, { error: 'is missing' })
    .regex(/^\S+$/, { error: 'must be an instrument id without blanks' }),
  quantity: z.string().transform((v, ctx): number => {
    const t = v.trim();
    if (!/^[+-]?\d+$/.test(t) || !Number.isSafeInteger(Number(t))) {
      ctx.addIssue({ code: 'custom', message: t === '' ? 'is missing' : 'must be a whole number (+ long, − short)' });
      return z.NEVER;
    }
    const n = Number(t);
    return n === 0 ? 0 : n;
  }),
  contractValue: money('the contract value in HKD'),
  marketValue: money('the market value in HKD'),
});

export interface VarPositionsOptions {
  /** Named in errors. */
  readonly fileName?: string;
}

export function parseVarPositions(text: string, options: VarPositionsOptions = {}): Result<VarPositions, VarInputError> {
  const file = options.fileName;
  const csv = parseCsv(text);
  if (!csv.ok) {
    return err(csv.errors.map((e) => varInputError('Syntax', { file, line: e.line, column: e.column }, '', '', e.message)));
  }
  const [header, ...body] = csv.value;
  if (header === undefined) {
    return err([varInputError('MissingColumn', { file, line: 1 }, '', '', `the file is empty; expected the header ${VAR_POSITION_COLUMNS.join(',')}`)]);
  }
  const errors: VarInputError[] = [];
  const index = new Map<Column, number>();
  header.fields.forEach((name, i) => {
    const column = VAR_POSITION_COLUMNS.find((c) => c.toLowerCase() === name.trim().toLowerCase());
    if (column === undefined) return; // extra columns are allowed and ignored
    if (index.has(column)) errors.push(varInputError('Syntax', { file, line: header.line }, column, name, 'column appears twice in the header'));
    else index.set(column, i);
  });
  for (const column of VAR_POSITION_COLUMNS) {
    if (!index.has(column)) {
      errors.push(varInputError('MissingColumn', { file, line: header.line }, column, '', `column is missing from the header (need ${VAR_POSITION_COLUMNS.join(',')})`));
    }
  }
  if (errors.length > 0) return err(errors);

  const netted = new Map<string, { quantity: number; cv: Fixed[]; mv: Fixed[]; lines: number[] }>();
  for (const row of body) {
    const values: Record<string, string> = {};
    for (const [column, i] of index) values[column] = row.fields[i] ?? '';
    const parsed = PositionRow.safeParse(values);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        errors.push(varInputError('InvalidValue', { file, line: row.line }, field, values[field] ?? '', issue.message));
      }
      continue;
    }
    const p = parsed.data;
    const mvSign = Math.sign(p.marketValue.units);
    if (mvSign !== 0 && mvSign !== Math.sign(p.quantity)) {
      errors.push(varInputError('InvalidValue', { file, line: row.line }, 'marketValue', values['marketValue'] ?? '',
        `has the opposite sign to quantity ${p.quantity} (market value = quantity × price)`));
      continue;
    }
    const held = netted.get(p.instrument);
    if (held === undefined) {
      netted.set(p.instrument, { quantity: p.quantity, cv: [p.contractValue], mv: [p.marketValue], lines: [row.line] });
    } else {
      held.quantity += p.quantity;
      held.cv.push(p.contractValue);
      held.mv.push(p.marketValue);
      held.lines.push(row.line);
      if (!Number.isSafeInteger(held.quantity)) {
        errors.push(varInputError('TooLarge', { file, line: row.line }, 'quantity', values['quantity'] ?? '', `the netted quantity of ${p.instrument} is too large`));
      }
    }
  }
  if (errors.length > 0) return err(errors);

  const positions: VarPosition[] = [];
  for (const [instrument, h] of netted) {
    const contractValue = sumFixed(h.cv);
    const marketValue = sumFixed(h.mv);
    const line = h.lines[h.lines.length - 1] ?? 0;
    if (contractValue === undefined || marketValue === undefined) {
      errors.push(varInputError('TooLarge', { file, line }, contractValue === undefined ? 'contractValue' : 'marketValue', instrument,
        'the netted value has more digits than can be held exactly'));
      continue;
    }
    const sign = Math.sign(marketValue.units);
    if (sign !== 0 && sign !== Math.sign(h.quantity)) {
      errors.push(varInputError('InvalidValue', { file, line }, 'marketValue', instrument,
        `the rows of ${instrument} (lines ${h.lines.join(', ')}) net to quantity ${h.quantity} but a market value of the opposite sign`));
      continue;
    }
    positions.push({ instrument, quantity: h.quantity, contractValue, marketValue, lines: h.lines });
  }
  return errors.length > 0 ? err(errors) : ok({ file, positions });
}

/** Reads a positions CSV. Errors name `path` as given. */
export async function readVarPositions(path: string): Promise<Result<VarPositions, VarInputError>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    return err([varInputError('Io', { file: path, line: 0 }, '', '', `cannot read the positions: ${e instanceof Error ? e.message : String(e)}`)]);
  }
  return parseVarPositions(text, { fileName: path });
}

/** Exact sum of decimals; undefined when it does not fit a safe integer at the widest scale. */
function sumFixed(values: readonly Fixed[]): Fixed | undefined {
  const scale = Math.max(0, ...values.map((v) => v.scale));
  let total = 0n;
  for (const v of values) total += BigInt(v.units) * 10n ** BigInt(scale - v.scale);
  if (total > BigInt(Number.MAX_SAFE_INTEGER) || total < -BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  const units = Number(total);
  return { units: units === 0 ? 0 : units, scale };
}
