import type { Series } from './model';

/**
 * `RiskParameterFile.seriesByKey`: the series of a file by identity key, as a
 * `ReadonlyMap<string, Series>`, iterated in row (file) order like the `Map` it replaces.
 *
 * Why not a `Map`: a full-day file has ~100,000 series, and inserting that many 52-character
 * keys into a `Map` (hashing each string, rehashing the table as it doubles) was ~30 % of a
 * parse. Here the table is an open-addressing `Int32Array` of (hash, row) pairs over the
 * model's own `series` array, sized once from the expected count, and the parser computes each
 * key's hash in the loop that already reads the identity columns (see {@link hashKey}),
 * so a key string is never hashed during a parse. The same index, built by `assembleRpf`, makes
 * models built in code and parsed models deep-equal.
 */
export class SeriesIndex implements ReadonlyMap<string, Series> {
  /** The indexed series, by row: the model's `series` array (read, never written, here). */
  readonly #series: readonly Series[];
  /** Slot i holds the key hash at 2i and row + 1 at 2i + 1 (0 = empty). */
  #slots: Int32Array;
  #mask: number;
  #size = 0;

  /** `expected`: how many series will be added (sizes the table once; it grows past that). */
  constructor(series: readonly Series[], expected: number) {
    this.#series = series;
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.#slots = new Int32Array(capacity * 2);
    this.#mask = capacity - 1;
  }

  /**
   * Indexes row `row` (the next row: `series[row]` need not be set yet) under `key`, whose
   * {@link hashKey} is `hash` — unless a series with that key is already indexed: then returns
   * that series' row, and nothing changes. Returns -1 when added.
   */
  add(key: string, hash: number, row: number): number {
    const slots = this.#slots;
    const mask = this.#mask;
    let i = slotOf(hash, mask);
    for (;;) {
      const r = slots[2 * i + 1]!;
      if (r === 0) break;
      if (slots[2 * i] === hash && this.#series[r - 1]!.key === key) return r - 1;
      i = (i + 1) & mask;
    }
    slots[2 * i] = hash;
    slots[2 * i + 1] = row + 1;
    if (++this.#size * 2 > mask + 1) this.#grow();
    return -1;
  }

  get size(): number {
    return this.#size;
  }

  get(key: string): Series | undefined {
    const row = this.#rowOf(key);
    return row < 0 ? undefined : this.#series[row];
  }

  has(key: string): boolean {
    return this.#rowOf(key) >= 0;
  }

  forEach(callback: (value: Series, key: string, map: ReadonlyMap<string, Series>) => void, thisArg?: unknown): void {
    for (let row = 0; row < this.#size; row++) {
      const s = this.#series[row]!;
      callback.call(thisArg, s, s.key, this);
    }
  }

  *entries(): MapIterator<[string, Series]> {
    for (let row = 0; row < this.#size; row++) {
      const s = this.#series[row]!;
      yield [s.key, s];
    }
    return undefined;
  }

  *keys(): MapIterator<string> {
    for (let row = 0; row < this.#size; row++) yield this.#series[row]!.key;
    return undefined;
  }

  *values(): MapIterator<Series> {
    for (let row = 0; row < this.#size; row++) yield this.#series[row]!;
    return undefined;
  }

  [Symbol.iterator](): MapIterator<[string, Series]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'SeriesIndex';
  }

  #rowOf(key: string): number {
    if (typeof key !== 'string') return -1;
    const hash = hashKey(key);
    const slots = this.#slots;
    const mask = this.#mask;
    for (let i = slotOf(hash, mask); ; i = (i + 1) & mask) {
      const r = slots[2 * i + 1]!;
      if (r === 0) return -1;
      if (slots[2 * i] === hash && this.#series[r - 1]!.key === key) return r - 1;
    }
  }

  /** Doubles the table, re-placing each entry by its stored hash (no key is re-hashed). */
  #grow(): void {
    const old = this.#slots;
    const capacity = old.length; // twice the old capacity, in slots
    const slots = new Int32Array(capacity * 2);
    const mask = capacity - 1;
    for (let j = 0; j < old.length; j += 2) {
      const r = old[j + 1]!;
      if (r === 0) continue;
      const hash = old[j]!;
      let i = slotOf(hash, mask);
      while (slots[2 * i + 1] !== 0) i = (i + 1) & mask;
      slots[2 * i] = hash;
      slots[2 * i + 1] = r;
    }
    this.#slots = slots;
    this.#mask = mask;
  }
}

/**
 * The first slot to probe for `hash`: murmur3's finaliser spreads every bit of the hash over
 * the low bits the mask keeps (a word hash leaves them weakly mixed).
 */
function slotOf(hash: number, mask: number): number {
  let h = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) & mask;
}

/** The hash of the empty key (FNV-1a's offset basis). */
export const HASH_SEED = 0x811c9dc5 | 0;

/**
 * The hash extended by one word of four characters (or bytes), little-endian: character
 * `4k + j` of the key is bits `8j .. 8j + 7` of word `k`. An FNV-1a step, then the high bits
 * folded down, so that every byte of a word reaches the low bits.
 */
export function hashWord(hash: number, word: number): number {
  const h = Math.imul(hash ^ word, 0x01000193);
  return h ^ (h >>> 15);
}

/**
 * The hash {@link SeriesIndex} files a key under: {@link hashWord} over its character codes, four
 * at a time, a last partial word zero-filled. The parser computes the same over the identity
 * bytes of a line (`DataView#getInt32(…, true)`), since a key is the latin-1 text of them.
 */
export function hashKey(key: string): number {
  let h = HASH_SEED;
  const n = key.length;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    h = hashWord(h, key.charCodeAt(i) | (key.charCodeAt(i + 1) << 8) | (key.charCodeAt(i + 2) << 16) | (key.charCodeAt(i + 3) << 24));
  }
  if (i < n) {
    let w = 0;
    for (let j = 0; i + j < n; j++) w |= key.charCodeAt(i + j) << (8 * j);
    h = hashWord(h, w);
  }
  return h;
}
