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

/**
 * Distinct accounts per bucket of a partition. An account given is kept (copied) in its bucket's
 * list, and the list looked up in the bucket's {@link AccountSet} when it is full, so that each
 * table is read for a few thousand rows at a time rather than for one row among all buckets'.
 */
export class BucketAccounts {
  private readonly sets: AccountSet[];
  /** Per bucket, the accounts not looked up yet: hash and length of each, and their code units one after another. */
  private readonly lists: Int32Array[];
  private readonly units: Uint16Array[];
  private readonly listed: Int32Array;
  private readonly unitsUsed: Int32Array;
  /** Accounts per list before it is looked up. */
  private readonly capacity: number;

  constructor(buckets: number) {
    // Lists of about 4 MiB in all (24 bytes an account), of 256 to 4096 accounts each.
    this.capacity = Math.min(4096, Math.max(256, Math.floor((4 << 20) / 24 / buckets)));
    this.sets = Array.from({ length: buckets }, () => new AccountSet());
    this.lists = Array.from({ length: buckets }, () => new Int32Array(2 * this.capacity));
    this.units = Array.from({ length: buckets }, () => new Uint16Array(8 * this.capacity));
    this.listed = new Int32Array(buckets);
    this.unitsUsed = new Int32Array(buckets);
  }

  /** Distinct accounts of bucket `i` (after {@link settle}). */
  count(i: number): number {
    return (this.sets[i] as AccountSet).size;
  }

  /** Counts the account `units[start..end)`, of hash `hash`, in bucket `i`. */
  add(i: number, hash: number, units: CodeUnits, start: number, end: number): void {
    const length = end - start;
    let into = this.units[i] as Uint16Array;
    let used = this.unitsUsed[i] as number;
    if (used + length > into.length) {
      this.settleBucket(i);
      used = 0;
      if (length > into.length) this.units[i] = into = new Uint16Array(length);
    }
    for (let k = 0; k < length; k++) into[used + k] = units[start + k] as number;
    this.unitsUsed[i] = used + length;
    const list = this.lists[i] as Int32Array;
    const at = this.listed[i] as number;
    list[2 * at] = hash;
    list[2 * at + 1] = length;
    this.listed[i] = at + 1;
    if (at + 1 === this.capacity) this.settleBucket(i);
  }

  /** Looks up every account not looked up yet. */
  settle(): void {
    for (let i = 0; i < this.sets.length; i++) this.settleBucket(i);
  }

  private settleBucket(i: number): void {
    const set = this.sets[i] as AccountSet;
    const list = this.lists[i] as Int32Array;
    const units = this.units[i] as Uint16Array;
    const listed = this.listed[i] as number;
    for (let at = 0, from = 0; at < listed; at++) {
      const length = list[2 * at + 1] as number;
      set.add(list[2 * at] as number, units, from, from + length);
      from += length;
    }
    this.listed[i] = 0;
    this.unitsUsed[i] = 0;
  }
}
