/**
 * Distinct accounts of a partition, counted without a string per row (the partition passes over
 * millions of rows): an account is looked up by its FNV-1a hash (computed anyway to pick its
 * bucket) in an open-addressing table, and compared code unit by code unit with the copy kept
 * the first time it was seen. Memory grows with accounts, not rows.
 *
 * Memory far from the core is slow on the machines this runs on (a random read of a few
 * megabytes costs 100+ ns, of a few hundred kilobytes 10 ns), so accounts are kept per bucket —
 * each table small — and {@link BucketAccounts} counts the accounts of a batch of rows bucket by
 * bucket, each bucket's table then staying close while its rows are looked up.
 */

/** Code units of an account: UTF-16 code units, or the bytes of ASCII text (each its own code unit). */
export type CodeUnits = Uint8Array | Uint16Array;

/** Per table slot: the account's hash, 1 + where its copy starts in the arena (0: a free slot), its length. */
const SLOT = 3;

export class AccountSet {
  /** The table has 2^bits slots. */
  private bits = 4;
  private table = new Int32Array(SLOT << this.bits);
  /** The accounts' code units, one after another. */
  private arena = new Uint16Array(64);
  private arenaUsed = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds the account `units[start..end)`, of hash `hash` (a 32-bit integer); true when it was not there yet. */
  add(hash: number, units: CodeUnits, start: number, end: number): boolean {
    const { table, arena } = this;
    const mask = (1 << this.bits) - 1;
    const length = end - start;
    for (let at = slotOf(hash, this.bits); ; at = (at + 1) & mask) {
      const slot = at * SLOT;
      const ref = table[slot + 1] as number;
      if (ref === 0) {
        this.keep(slot, hash, units, start, length);
        return true;
      }
      if (table[slot] === hash && table[slot + 2] === length) {
        let i = 0;
        while (i < length && arena[ref - 1 + i] === units[start + i]) i++;
        if (i === length) return false;
      }
    }
  }

  private keep(slot: number, hash: number, units: CodeUnits, start: number, length: number): void {
    if (this.arenaUsed + length > this.arena.length) {
      const arena = new Uint16Array(Math.max(this.arena.length * 2, this.arenaUsed + length));
      arena.set(this.arena);
      this.arena = arena;
    }
    const at = this.arenaUsed;
    this.arena.set(units.subarray(start, start + length), at);
    this.arenaUsed += length;
    this.table[slot] = hash;
    this.table[slot + 1] = at + 1;
    this.table[slot + 2] = length;
    // At most 70% full, so that a probe ends soon.
    if (++this.count * 10 > 7 << this.bits) this.grow();
  }

  private grow(): void {
    const old = this.table;
    this.bits++;
    this.table = new Int32Array(SLOT << this.bits);
    const mask = (1 << this.bits) - 1;
    for (let slot = 0; slot < old.length; slot += SLOT) {
      if (old[slot + 1] === 0) continue;
      let at = slotOf(old[slot] as number, this.bits);
      while (this.table[at * SLOT + 1] !== 0) at = (at + 1) & mask;
      this.table.set(old.subarray(slot, slot + SLOT), at * SLOT);
    }
  }
}

/**
 * Where a hash starts its probe: FNV-1a's low bits are poorly mixed (the lowest is the parity of
 * the characters), so the index is taken from the high bits of a Fibonacci multiple.
 */
function slotOf(hash: number, bits: number): number {
  return Math.imul(hash, 0x9e3779b1) >>> (32 - bits);
}

/** Distinct accounts per bucket of a partition. */
export class BucketAccounts {
  private readonly sets: AccountSet[];
  /** Per bucket, the rows whose account is counted at the next {@link settle}: hash, start, end of each. */
  private readonly deferred: Int32Array[];
  private readonly deferredUsed: Int32Array;

  constructor(buckets: number) {
    this.sets = Array.from({ length: buckets }, () => new AccountSet());
    this.deferred = Array.from({ length: buckets }, () => new Int32Array(3 * 64));
    this.deferredUsed = new Int32Array(buckets);
  }

  /** Distinct accounts of bucket `i`. */
  count(i: number): number {
    return (this.sets[i] as AccountSet).size;
  }

  /** Counts the account `units[start..end)` of bucket `i` now. */
  add(i: number, hash: number, units: CodeUnits, start: number, end: number): void {
    (this.sets[i] as AccountSet).add(hash, units, start, end);
  }

  /** Counts the account at `[start, end)` of bucket `i` at the next {@link settle}, from the units given there. */
  defer(i: number, hash: number, start: number, end: number): void {
    let list = this.deferred[i] as Int32Array;
    const at = this.deferredUsed[i] as number;
    if (at + 3 > list.length) {
      const wider = new Int32Array(list.length * 2);
      wider.set(list);
      this.deferred[i] = list = wider;
    }
    list[at] = hash;
    list[at + 1] = start;
    list[at + 2] = end;
    this.deferredUsed[i] = at + 3;
  }

  /** Counts the deferred accounts, whose code units are in `units`, bucket by bucket. */
  settle(units: CodeUnits): void {
    for (let i = 0; i < this.sets.length; i++) {
      const set = this.sets[i] as AccountSet;
      const list = this.deferred[i] as Int32Array;
      const used = this.deferredUsed[i] as number;
      for (let at = 0; at < used; at += 3) set.add(list[at] as number, units, list[at + 1] as number, list[at + 2] as number);
      this.deferredUsed[i] = 0;
    }
  }
}
