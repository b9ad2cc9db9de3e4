import { basename } from 'node:path';
import type { Rpf01File } from '@marginkit/rpf';
import { csvField, formatLocation, readRpf01, validateRpf01 } from '@marginkit/rpf';
import type { VarInputError } from '@marginkit/risk-engine';
import { computeVarMargin, parseVarParams, parseVarPositions, VAR_POSITION_COLUMNS, varMarginToJson } from '@marginkit/risk-engine';
import type { Issue, Outcome } from './errors';
import { badRequest, withoutLocation } from './errors';
import type { VarRequest } from './schemas';

/**
 * `POST /v1/var/margin`: HKSCC VaR Platform margin of a clearing participant's positions against
 * the configured RPF01 file. The request's rows and parameters are handed to the engine's own
 * readers (the same checks and netting as `marginkit var`), so an API request and a CLI run of
 * the same data give the same figures and the same complaints.
 */

export interface VarFile {
  readonly file: Rpf01File;
  readonly fileName: string;
}

/** Loads and validates the RPF01 file once, at start. */
export async function loadVarFile(path: string): Promise<VarFile> {
  const read = await readRpf01(path);
  if (!read.ok) throw new Error(`RPF01 ${path}: ${read.errors.slice(0, 3).map((e) => e.message).join('; ')}`);
  const invalid = validateRpf01(read.value);
  if (invalid.length > 0) throw new Error(`RPF01 ${path}: ${invalid.slice(0, 3).map((e) => e.message).join('; ')}`);
  return { file: read.value, fileName: basename(path) };
}

const POSITIONS = 'body.positions';
const PARAMS = 'body.params';

export function varMargin(varFile: VarFile, request: VarRequest): Outcome {
  // The rows as the CSV the engine reads (row i on line i + 2), every field quoted.
  const csv = [VAR_POSITION_COLUMNS.join(','), ...request.positions.map((p) => VAR_POSITION_COLUMNS.map((c) => csvField(String(p[c]))).join(','))].join('\n');
  const positions = parseVarPositions(csv, { fileName: POSITIONS });
  if (!positions.ok) return { ok: false, error: badRequest('INVALID_POSITIONS', positions.errors.map(positionIssue)) };
  const params = parseVarParams(JSON.stringify(request.params), { fileName: PARAMS });
  if (!params.ok) {
    return { ok: false, error: badRequest('INVALID_PARAMS', params.errors.map((e) => issue(`${PARAMS}${e.field === '' ? '' : `.${e.field.replaceAll('/', '.')}`}`, e))) };
  }
  const margin = computeVarMargin(varFile.file, positions.value, params.value);
  if (!margin.ok) return { ok: false, error: badRequest('NOT_MARGINABLE', margin.errors.map(positionIssue), 422) };
  const json = { ...varMarginToJson(margin.value), rpf01: { fileName: varFile.fileName } };
  return { ok: true, text: JSON.stringify(json), accounts: 1, positions: request.positions.length };
}

/** An engine error on CSV line n is about row n − 2 of the request. */
function positionIssue(e: VarInputError): Issue {
  const row = e.file === POSITIONS && e.line >= 2 ? `[${e.line - 2}]` : '';
  return issue(`${POSITIONS}${row}${e.field === '' ? '' : `.${e.field}`}`, e);
}

function issue(path: string, e: VarInputError): Issue {
  // The engine's message starts with where it found the problem; the path says it better here.
  return { path, message: withoutLocation(e.message, formatLocation(e.file, e.line, e.column)), ...(e.value === '' ? {} : { value: e.value }) };
}
