import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assembleRpf } from '../src/assemble';
import type { Series } from '../src/model';
import { parseRpf } from '../src/parse/parse';
import { SeriesIndex, hashKey, hashWord, HASH_SEED } from '../src/series-index';
import { writeRpf } from '../src/write';
import { sampleParts } from './support/sample-parts';

/** Stand-ins for series: the index only reads `key`. */
function fakeSeries(keys: readonly string[]): Series[] {
  return keys.map((key, row) => ({ key, row }) as unknown as Series);
}

/**
 * Builds an index the way the parser does (add, then push unless the key was there) next to a
 * Map built the way the old parser did (first series of a key wins), and returns both.
 */
function buildBoth(keys: readonly string[], expected: number) {
  const series: Series[] = [];
  const index = new SeriesIndex(series, expected);
  const map = new Map<string, Series>();
  const firstRows: number[] = [];
  for (const key of keys) {
    const candidate = { key, row: series.length } as unknown as Series;
    const first = index.add(key, hashKey(key), series.length);
    firstRows.push(first);
    if (first >= 0) continue;
    series.push(candidate);
    if (!map.has(key)) map.set(key, candidate);
  }
  return { series, index, map, firstRows };
}

// Keys drawn from a small alphabet so that repeats (duplicates) and shared prefixes are common.
const key = fc.string({ unit: fc.constantFrom('A', 'B', 'Q', '0', '1', ' ', 'é', '中'), maxLength: 6 });

describe('SeriesIndex', () => {
  it('answers like a Map of the first series of each key, in insertion order, whatever its initial size', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 200 }), fc.integer({ min: 0, max: 300 }), fc.array(key, { maxLength: 20 }), (keys, expected, probes) => {
        const { series, index, map, firstRows } = buildBoth(keys, expected);
        expect(index.size).toBe(map.size);
        expect([...index]).toEqual([...map]);
        expect([...index.entries()]).toEqual([...map.entries()]);
        expect([...index.keys()]).toEqual([...map.keys()]);
        expect([...index.values()]).toEqual([...map.values()]);
        for (const k of [...keys, ...probes]) {
          expect(index.get(k)).toBe(map.get(k));
          expect(index.has(k)).toBe(map.has(k));
        }
        // A repeated key reports the row of its first occurrence.
        keys.forEach((k, i) => {
          const first = firstRows[i]!;
          if (first >= 0) expect(series[first]!.key).toBe(k);
        });
        const seen: [string, Series][] = [];
        index.forEach(function (this: unknown, value, k, m) {
          expect(this).toBe(probes);
          expect(m).toBe(index);
          seen.push([k, value]);
        }, probes);
        expect(seen).toEqual([...map]);
      }),
    );
  });

  it('finds nothing for what is not a key', () => {
    const index = new SeriesIndex(fakeSeries(['HKFHSI']), 1);
    expect(index.add('HKFHSI', hashKey('HKFHSI'), 0)).toBe(-1);
    expect(index.get('HKFHSI')?.key).toBe('HKFHSI');
    expect(index.get('HKFHS')).toBeUndefined();
    expect(index.get('HKFHSI ')).toBeUndefined();
    expect(index.has(42 as unknown as string)).toBe(false);
  });

  it('keeps keys apart whose hashes collide', () => {
    // Force every key into the same probe chain: one hash for all, keys told apart by text.
    const keys = ['A', 'B', 'C', 'D', 'E'];
    const index = new SeriesIndex(fakeSeries(keys), 2);
    keys.forEach((k, row) => expect(index.add(k, 7, row)).toBe(-1));
    expect(index.add('C', 7, 5)).toBe(2);
    expect(index.size).toBe(5);
  });

  it('hashes text as the parser hashes bytes: little-endian words of four, the last zero-filled', () => {
    const text = 'HKFHSI       HSI       OOFC202404   202404   0017000';
    const bytes = Buffer.from(`${text}XY`, 'latin1');
    const words = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let h = HASH_SEED;
    for (let i = 0; i < 52; i += 4) h = hashWord(h, words.getInt32(i, true));
    expect(hashKey(text)).toBe(h);
    // 'XY' as a partial word: 0x5958 ('Y' << 8 | 'X').
    expect(hashKey(`${text}XY`)).toBe(hashWord(h, 0x5958));
    expect(hashKey('')).toBe(HASH_SEED);
    // Keys one character apart hash apart (here: the last digit of the strike).
    expect(hashKey(text.replace(/0$/, '1'))).not.toBe(hashKey(text));
  });

  it('is what a parse and assembleRpf give as seriesByKey, and they deep-equal only with the same entries', () => {
    const assembled = assembleRpf(sampleParts());
    const parsed = parseRpf(writeRpf(assembled));
    if (!parsed.ok) throw new Error(parsed.errors[0]!.message);
    expect(parsed.value.seriesByKey).toBeInstanceOf(SeriesIndex);
    expect(assembled.seriesByKey).toBeInstanceOf(SeriesIndex);
    expect(parsed.value.seriesByKey).toStrictEqual(assembled.seriesByKey);
    // The deep equality looks at the entries: a changed series makes the indexes differ.
    const parts = sampleParts();
    const changed = assembleRpf({ ...parts, series: [parts.series[0]!, { ...parts.series[1]!, settlementPrice: 1 }] });
    expect(parsed.value.seriesByKey).not.toStrictEqual(changed.seriesByKey);
    const fewer = assembleRpf({ ...parts, series: [parts.series[0]!] });
    expect(parsed.value.seriesByKey).not.toEqual(fewer.seriesByKey);
  });
});
