/**
 * Text appended as UTF-8 into one growing buffer. A chunk's result is a few megabytes of lines:
 * kept as one string per account until the chunk ends, they outlive the young generation and
 * are joined, encoded and copied again on their way to disk; written here as they are made, each
 * account's text dies young and the chunk's bytes are encoded once.
 */
export class ByteBuilder {
  private buf: Buffer;
  private pos = 0;

  /**
   * `initial`: memory to write into instead of new memory, when it holds `capacity` bytes (a
   * buffer handed back after an earlier chunk was written: its pages are already mapped, and the
   * thread that sent it back allocates nothing). Its old bytes are overwritten or left beyond
   * {@link length}, never read.
   */
  constructor(capacity = 1 << 20, initial?: ArrayBuffer) {
    this.buf = initial !== undefined && initial.byteLength >= capacity ? Buffer.from(initial) : Buffer.allocUnsafe(capacity);
  }

  append(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    this.room(text.length * 3);
    this.pos += this.buf.write(text, this.pos, 'utf8');
  }

  /** Bytes that are UTF-8 already, copied. */
  appendBytes(utf8: Uint8Array): void {
    this.room(utf8.length);
    this.buf.set(utf8, this.pos);
    this.pos += utf8.length;
  }

  private room(n: number): void {
    const need = this.pos + n;
    if (need > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
      this.buf.copy(grown, 0, 0, this.pos);
      this.buf = grown;
    }
  }

  get length(): number {
    return this.pos;
  }

  /** The bytes written (a view of the builder's buffer: append no more after this). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}
