import type { Series } from './model';

/**
 * `RiskParameterFile.seriesByKey`: the series of a file by identity key, as a
 * `ReadonlyMap<string, Series>`, iterated in row (file) order like the `Map` it replaces.
 *
 * Why not a `Map`: a full-day file has ~100,000 series, and inserting that many 52-character
 * keys into a `Map` (hashing each string, rehashing the table as it doubles) was ~30 % of a
 * parse. Here the table is an open-addressing `Int32Array` of (hash, row) pairs over the
 * model's own `series` array, sized once from the expected count, and the parser computes each
 * key's hash in the byte loop that already reads the identity columns (see {@link hashByte}),
 * so a key string is never hashed during a parse. The same index, built by `assembleRpf`, makes
 * models built in code and parsed models deep-equal.
 *
 * The hash is 32-bit FNV-1a over the key's character codes — over the line's bytes during a
 * parse, which are the same numbers, since keys are latin-1 text of those bytes.
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
 * The first slot to probe for `hash`. FNV-1a's low bits depend only on the low bits of each
 * byte, so the high half is folded in: a small table would otherwise see keys that differ in
 * one letter collide.
 */
function slotOf(hash: number, mask: number): number {
  return (hash ^ (hash >>> 16)) & mask;
}

/** FNV-1a offset basis: the hash of the empty key. */
export const HASH_SEED = 0x811c9dc5 | 0;

/** One step of FNV-1a: `hash` extended by one byte (or character code). */
export function hashByte(hash: number, byte: number): number {
  return Math.imul(hash ^ byte, 0x01000193);
}

/** The hash {@link SeriesIndex} files a key under: FNV-1a over its character codes. */
export function hashKey(key: string): number {
  let h = HASH_SEED;
  for (let i = 0; i < key.length; i++) h = hashByte(h, key.charCodeAt(i));
  return h;
}
