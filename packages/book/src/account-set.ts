/**
 * Distinct accounts of a partition, counted without a string per row (the partition passes over
 * millions of rows): an account is looked up by its FNV-1a hash (computed anyway to pick its
 * bucket) in an open-addressing table, and compared code unit by code unit with the copy kept
 * the first time it was seen. Table and copies are flat typed arrays, so that a lookup touches
 * little memory. Memory grows with accounts, not rows.
 */

/** Per table slot: the account's hash, where its characters start in the arena, and how many (-1: free). */
const SLOT = 3;

export class AccountSet {
  /** The table has 2^bits slots. */
  private bits = 12;
  private table = emptyTable(1 << this.bits);
  private arena = new Uint16Array(1 << 12);
  private arenaUsed = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /**
   * Adds the account of code units `units[start..end)` (UTF-16, or the bytes of ASCII text), of
   * hash `hash` (a 32-bit integer); true when it was not there yet.
   */
  add(hash: number, units: Uint8Array | Uint16Array, start: number, end: number): boolean {
    const { table, arena } = this;
    const mask = (1 << this.bits) - 1;
    const length = end - start;
    for (let at = slotOf(hash, this.bits); ; at = (at + 1) & mask) {
      const slot = at * SLOT;
      const size = table[slot + 2] as number;
      if (size === -1) {
        this.keep(slot, hash, units, start, length);
        return true;
      }
      if (table[slot] === hash && size === length) {
        let i = 0;
        for (let from = table[slot + 1] as number; i < length && arena[from + i] === units[start + i]; i++);
        if (i === length) return false;
      }
    }
  }

  private keep(slot: number, hash: number, units: Uint8Array | Uint16Array, start: number, length: number): void {
    if (this.arenaUsed + length > this.arena.length) {
      const arena = new Uint16Array(Math.max(this.arena.length * 2, this.arenaUsed + length));
      arena.set(this.arena);
      this.arena = arena;
    }
    const from = this.arenaUsed;
    this.arena.set(units.subarray(start, start + length), from);
    this.arenaUsed += length;
    this.table[slot] = hash;
    this.table[slot + 1] = from;
    this.table[slot + 2] = length;
    // At most half full, so that a probe ends soon.
    if (++this.count * 2 > 1 << this.bits) this.grow();
  }

  private grow(): void {
    const old = this.table;
    this.bits++;
    this.table = emptyTable(1 << this.bits);
    const mask = (1 << this.bits) - 1;
    for (let slot = 0; slot < old.length; slot += SLOT) {
      if (old[slot + 2] === -1) continue;
      const hash = old[slot] as number;
      let at = slotOf(hash, this.bits);
      while (this.table[at * SLOT + 2] !== -1) at = (at + 1) & mask;
      this.table.set(old.subarray(slot, slot + SLOT), at * SLOT);
    }
  }
}

function emptyTable(slots: number): Int32Array {
  const table = new Int32Array(slots * SLOT);
  for (let slot = 0; slot < table.length; slot += SLOT) table[slot + 2] = -1;
  return table;
}

/**
 * Where a hash starts its probe: FNV-1a's low bits are poorly mixed (the lowest is the parity of
 * the characters), so the index is taken from the high bits of a Fibonacci multiple.
 */
function slotOf(hash: number, bits: number): number {
  return Math.imul(hash, 0x9e3779b1) >>> (32 - bits);
}
