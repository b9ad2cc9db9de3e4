import { STATUS_CODES } from 'node:http';
import { z } from 'zod';

/**
 * Every error response has one shape, so a client handles failures in one place: the HTTP
 * status, a stable `code`, one human line, and for bad input every problem with where it is
 * (`body.positions[3].series`) and the value found.
 */

export const IssueSchema = z
  .object({
    path: z.string().describe('where in the request (`body.positions[3].series`, `query.kind`) or the file (`upload.lis:12:7`)'),
    message: z.string(),
    value: z.string().optional().describe('the offending value as sent'),
  })
  .meta({ id: 'Issue' });

export const ErrorSchema = z
  .object({
    statusCode: z.number().int(),
    error: z.string().describe('the HTTP reason phrase'),
    code: z.string().describe('stable machine-readable code, e.g. INVALID_REQUEST, UNKNOWN_SERIES, RPF_INVALID'),
    message: z.string(),
    issues: z.array(IssueSchema).optional(),
  })
  .meta({ id: 'Error' });

export type Issue = z.infer<typeof IssueSchema>;
export type ErrorBody = z.infer<typeof ErrorSchema>;

/** A failure a handler means to report as it is (never a 500). */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly issues?: readonly Issue[],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ErrorBody {
    return errorBody(this.statusCode, this.code, this.message, this.issues);
  }
}

export function errorBody(statusCode: number, code: string, message: string, issues?: readonly Issue[]): ErrorBody {
  return {
    statusCode,
    error: STATUS_CODES[statusCode] ?? 'Error',
    code,
    message,
    ...(issues === undefined || issues.length === 0 ? {} : { issues: [...issues] }),
  };
}

/** `body.positions[3].series` from zod's path. */
export function pathText(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(String(p)) ? `.${String(p)}` : `[${JSON.stringify(String(p))}]`;
  return out;
}

/** Bad input with one issue per problem; the message is the first issue and a count. */
export function badRequest(code: string, issues: readonly Issue[], status = 400): ApiError {
  const [first] = issues;
  const more = issues.length > 1 ? ` (+${issues.length - 1} more)` : '';
  const message = first === undefined ? 'bad request' : `${first.path}: ${first.message}${more}`;
  return new ApiError(status, code, message, issues);
}

/**
 * A package error's message without its leading `where: ` (file:line:column), for an issue whose
 * path already says where the problem is.
 */
export function withoutLocation(message: string, where: string): string {
  return message.startsWith(`${where}: `) ? message.slice(where.length + 2) : message;
}

/** What a margin handler produces: the document as JSON text and what it margined, or the failure. */
export type Outcome =
  | { readonly ok: true; readonly text: string; readonly accounts: number; readonly positions: number }
  | { readonly ok: false; readonly error: ApiError };
