import type { JsonValue } from '@marginkit/risk-engine';
import { JsonNumber, parseExactJson } from '@marginkit/risk-engine';
import type { Issue } from './errors';
import { badRequest, pathText } from './errors';

/**
 * JSON request bodies, read without a binary float. `JSON.parse` would turn a quantity written
 * `1.0000000000000001` into 1 and a multiplier 1.33 into the nearest double without a word;
 * here every number is read as written (the engine's exact JSON reader) and only plain integers
 * within ±(2^53 − 1) become JSON numbers. Any other number is a 400 naming its path: decimals
 * (multipliers, money) travel as strings, `"1.33"`, and are parsed exactly downstream.
 *
 * Keys such as `__proto__` stay plain data (the reader defines them as own properties), and the
 * strict request schemas reject them as unknown fields.
 */

const INTEGER = /^-?\d+$/;

/** The body's value; throws an ApiError (400) naming line and column, or the path of a number. */
export function parseJsonBody(text: string): unknown {
  const parsed = parseExactJson(text);
  if (!parsed.ok) {
    throw badRequest(
      'INVALID_JSON',
      parsed.errors.map((e) => ({ path: `body:${e.line}:${e.column}`, message: `not valid JSON: ${e.message}` })),
    );
  }
  const issues: Issue[] = [];
  const value = plain(parsed.value.value, 'body', issues);
  if (issues.length > 0) throw badRequest('INVALID_NUMBER', issues);
  return value;
}

function plain(v: JsonValue, path: string, issues: Issue[]): unknown {
  if (v instanceof JsonNumber) {
    const n = INTEGER.test(v.text) ? Number(v.text) : Number.NaN;
    if (Number.isSafeInteger(n)) return n === 0 ? 0 : n;
    issues.push({
      path,
      value: v.text,
      message: INTEGER.test(v.text)
        ? 'is beyond ±(2^53 − 1); send it as a string'
        : 'JSON numbers must be whole; send decimals as strings (e.g. "1.33") so they are read exactly',
    });
    return undefined;
  }
  if (Array.isArray(v)) return v.map((x, i) => plain(x, pathText(path, [i]), issues));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      Object.defineProperty(out, k, {
        value: plain(x, pathText(path, [k]), issues),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return v;
}
