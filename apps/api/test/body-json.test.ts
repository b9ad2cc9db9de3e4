import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonBody } from '../src/body-json';
import { ApiError } from '../src/errors';

/**
 * Request bodies are read without a binary float: JSON whose numbers are all whole and within
 * ±(2^53 − 1) reads as JSON.parse reads it; any other number is a 400 naming its path.
 */
function unsafeNumber(v: unknown): boolean {
  if (typeof v === 'number') return !Number.isSafeInteger(v);
  if (Array.isArray(v)) return v.some(unsafeNumber);
  if (v !== null && typeof v === 'object') return Object.values(v).some(unsafeNumber);
  return false;
}

function outcome(text: string): { value: unknown } | { status: number; code: string } {
  try {
    return { value: parseJsonBody(text) };
  } catch (e) {
    if (e instanceof ApiError) return { status: e.statusCode, code: e.code };
    throw e;
  }
}

describe('parseJsonBody', () => {
  it('reads what JSON.parse reads when every number is a safe integer, and refuses other numbers', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (v, pretty) => {
        const text = pretty ? JSON.stringify(v, null, 2) : JSON.stringify(v);
        const reread = JSON.parse(text) as unknown;
        const got = outcome(text);
        if (unsafeNumber(reread)) expect(got).toEqual({ status: 400, code: 'INVALID_NUMBER' });
        else expect(got).toEqual({ value: reread });
      }),
      { numRuns: 2000 },
    );
  });

  it('reads integers of 16 digits within 2^53 − 1 exactly, and refuses the first beyond', () => {
    expect(parseJsonBody('{"q":9007199254740991}')).toEqual({ q: 9007199254740991 });
    expect(parseJsonBody('[-1234567890123456]')).toEqual([-1234567890123456]);
    expect(outcome('{"q":9007199254740992}')).toEqual({ status: 400, code: 'INVALID_NUMBER' });
  });

  it('refuses decimals and exponents even when they are whole (1.0, 1e2), naming the path', () => {
    for (const n of ['1.0', '1e2', '0.5', '-2.50']) {
      try {
        parseJsonBody(`{"positions":[{"quantity":${n}}]}`);
        expect.unreachable();
      } catch (e) {
        expect((e as ApiError).issues).toEqual([expect.objectContaining({ path: 'body.positions[0].quantity', value: n })]);
      }
    }
  });

  it('refuses malformed JSON with line and column, and a key given twice', () => {
    for (const [text, path] of [
      ['{"a":1,}', 'body:1:8'],
      ['{"a":1}{', 'body:1:8'],
      ['{"a":01}', 'body:1:7'],
      ['{\n "a":1,\n "a":2\n}', 'body:3:2'],
      ['"unterminated', 'body:1:1'],
      ['', 'body:1:1'],
    ] as const) {
      try {
        parseJsonBody(text);
        expect.unreachable();
      } catch (e) {
        expect([text, (e as ApiError).code, (e as ApiError).issues?.[0]?.path]).toEqual([text, 'INVALID_JSON', path]);
      }
    }
  });

  it('keeps __proto__ as a plain key inside arrays too, beside ordinary keys, and reads -0 as 0', () => {
    const v = parseJsonBody('{"positions":[{"series":"HSIZ6","__proto__":{"x":1},"quantity":-0}]}') as { positions: Record<string, unknown>[] };
    const row = v.positions[0] as Record<string, unknown>;
    expect(Object.keys(row)).toEqual(['series', '__proto__', 'quantity']);
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.is(row['quantity'], 0)).toBe(true);
    expect(row['series']).toBe('HSIZ6');
  });

  it('keeps __proto__ as a plain key', () => {
    const v = parseJsonBody('{"__proto__":{"polluted":1}}') as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  });
});
