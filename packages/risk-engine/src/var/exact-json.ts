import type { Result } from '@marginkit/rpf';
import { err, ok } from '@marginkit/rpf';

/**
 * A JSON reader that keeps each number's literal text. `JSON.parse` turns `0.032` into the
 * nearest binary float and the written decimal is lost; CP parameters are rates and money, so
 * they are read here as written and handed on as decimal text. It also remembers where each
 * value sits, so that a bad parameter is reported with its line.
 */

/** A JSON number as written (`0.032`, `5000000`, `1e-3`). */
export class JsonNumber {
  constructor(readonly text: string) {}
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | { [key: string]: JsonValue };

export interface JsonPosition {
  readonly line: number;
  readonly column: number;
}

export interface ExactJson {
  readonly value: JsonValue;
  /** Where each value starts, by path: `''` the root, `'ipo'`, `'ipo/0'`. */
  readonly positions: ReadonlyMap<string, JsonPosition>;
}

export interface JsonSyntaxError extends JsonPosition {
  readonly message: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const MAX_DEPTH = 64;

export function parseExactJson(text: string): Result<ExactJson, JsonSyntaxError> {
  const positions = new Map<string, JsonPosition>();
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = 0;

  class Fail {
    constructor(readonly e: JsonSyntaxError) {}
  }
  const here = (): JsonPosition => ({ line, column: i - lineStart + 1 });
  const fail = (message: string, at: JsonPosition = here()): never => {
    throw new Fail({ ...at, message });
  };
  const skip = () => {
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '\n') {
        line++;
        lineStart = i + 1;
      } else if (c !== ' ' && c !== '\t' && c !== '\r') {
        break;
      }
    }
  };
  const expect = (c: string) => {
    if (text[i] !== c) fail(i >= text.length ? `expected ${JSON.stringify(c)} but the text ends` : `expected ${JSON.stringify(c)}, found ${JSON.stringify(text[i])}`);
    i++;
  };
  const str = (): string => {
    const start = i;
    expect('"');
    for (let j = i; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c === 0x22) {
        const raw = text.slice(start, j + 1);
        i = j + 1;
        try {
          return JSON.parse(raw) as string;
        } catch {
          return fail('invalid escape in string', { line, column: start - lineStart + 1 });
        }
      }
      if (c === 0x5c) j++;
      else if (c < 0x20) {
        i = j;
        fail('control character or line break inside a string');
      }
    }
    return fail('string is never closed', { line, column: start - lineStart + 1 });
  };
  const value = (path: string, depth: number): JsonValue => {
    skip();
    if (depth > MAX_DEPTH) fail('nested too deeply');
    positions.set(path, here());
    const c = text[i];
    const child = (k: string) => (path === '' ? k : `${path}/${k}`);
    if (c === '{') {
      i++;
      const obj: { [key: string]: JsonValue } = {};
      skip();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        skip();
        const keyAt = here();
        const key = str();
        if (Object.hasOwn(obj, key)) fail(`key ${JSON.stringify(key)} appears twice`, keyAt);
        skip();
        expect(':');
        // defineProperty, not obj[key] =: a key "__proto__" must be data, as JSON.parse makes it.
        Object.defineProperty(obj, key, { value: value(child(key), depth + 1), enumerable: true, writable: true, configurable: true });
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        expect('}');
        return obj;
      }
    }
    if (c === '[') {
      i++;
      const arr: JsonValue[] = [];
      skip();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value(child(String(arr.length)), depth + 1));
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        expect(']');
        return arr;
      }
    }
    if (c === '"') return str();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m !== null) {
      i += m[0].length;
      return new JsonNumber(m[0]);
    }
    return fail(i >= text.length ? 'expected a value but the text ends' : `unexpected ${JSON.stringify(text[i])}`);
  };

  try {
    const v = value('', 0);
    skip();
    if (i < text.length) fail(`unexpected ${JSON.stringify(text[i])} after the JSON value`);
    return ok({ value: v, positions });
  } catch (e) {
    if (e instanceof Fail) return err([e.e]);
    throw e;
  }
}
