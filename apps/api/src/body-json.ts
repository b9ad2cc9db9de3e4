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
  // Well-formed bodies of whole numbers (nearly all) take the fast reader; anything it does not
  // accept is read again by the engine's reader, whose errors say where and what.
  const fast = readPlainJson(text);
  if (fast !== FAIL) return fast;
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

const FAIL: unique symbol = Symbol('not plain JSON');
const SAFE_DIGITS = 15;

/**
 * A JSON reader for the common case only: every number a plain integer of at most 15 digits
 * (so exactly a double), no duplicate key. Returns FAIL for anything else, including every
 * malformed text, and never guesses. Keys are defined as own properties (`__proto__` is data).
 */
function readPlainJson(text: string): unknown {
  let i = 0;
  const n = text.length;
  const ws = () => {
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
    }
  };
  const str = (): string | typeof FAIL => {
    const start = ++i;
    let escaped = false;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        const raw = text.slice(start, i++);
        if (!escaped) return raw;
        try {
          return JSON.parse(`"${raw}"`) as string;
        } catch {
          return FAIL;
        }
      }
      if (c === 0x5c) {
        escaped = true;
        i++;
      } else if (c < 0x20) return FAIL;
    }
    return FAIL;
  };
  const value = (depth: number): unknown => {
    if (depth > 64) return FAIL;
    ws();
    const c = text.charCodeAt(i);
    if (c === 0x22) return str();
    if (c === 0x7b) {
      i++;
      const obj: Record<string, unknown> = {};
      ws();
      if (text.charCodeAt(i) === 0x7d) {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text.charCodeAt(i) !== 0x22) return FAIL;
        const key = str();
        if (key === FAIL || Object.hasOwn(obj, key)) return FAIL;
        ws();
        if (text.charCodeAt(i++) !== 0x3a) return FAIL;
        const v = value(depth + 1);
        if (v === FAIL) return FAIL;
        // Assignment is the fast path (objects keep their hidden class); only `__proto__` would
        // set the prototype by assignment, so it alone is defined as data.
        if (key === '__proto__') Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
        else obj[key] = v;
        ws();
        const next = text.charCodeAt(i++);
        if (next === 0x7d) return obj;
        if (next !== 0x2c) return FAIL;
      }
    }
    if (c === 0x5b) {
      i++;
      const arr: unknown[] = [];
      ws();
      if (text.charCodeAt(i) === 0x5d) {
        i++;
        return arr;
      }
      for (;;) {
        const v = value(depth + 1);
        if (v === FAIL) return FAIL;
        arr.push(v);
        ws();
        const next = text.charCodeAt(i++);
        if (next === 0x5d) return arr;
        if (next !== 0x2c) return FAIL;
      }
    }
    if (c === 0x74 || c === 0x66 || c === 0x6e) {
      if (text.startsWith('true', i)) {
        i += 4;
        return true;
      }
      if (text.startsWith('false', i)) {
        i += 5;
        return false;
      }
      if (text.startsWith('null', i)) {
        i += 4;
        return null;
      }
      return FAIL;
    }
    // A plain integer: -?(0|[1-9][0-9]*), at most 15 digits, not followed by a fraction or
    // exponent. At most 15 digits, every partial value is an integer below 2^53, so the sum is exact.
    const negative = c === 0x2d;
    if (negative) i++;
    const digits = i;
    let num = 0;
    for (; i < n; i++) {
      const d = text.charCodeAt(i) - 0x30;
      if (d < 0 || d > 9) break;
      num = num * 10 + d;
    }
    const count = i - digits;
    if (count === 0 || count > SAFE_DIGITS || (count > 1 && text.charCodeAt(digits) === 0x30)) return FAIL;
    const after = text.charCodeAt(i);
    if (after === 0x2e || after === 0x65 || after === 0x45) return FAIL;
    return negative && num !== 0 ? -num : num;
  };
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  const v = value(0);
  ws();
  return i === n ? v : FAIL;
}
