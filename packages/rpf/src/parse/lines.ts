/**
 * Splits bytes into lines for the record parser, whether they arrive as one buffer or as a
 * stream of chunks: the one code path guarantees that a streamed parse equals a whole-file
 * parse. Lines are handed over as (buffer, start, end) without copying, except a line that
 * straddles chunks, which is assembled in a carry buffer (so memory stays one line, not one
 * file). Line ends are LF or CRLF; a last line without a line end is still a line.
 *
 * A line's bytes are the sink's only during its call: the record parser copies what it keeps
 * (records/risk-array.ts), the carry buffer is reused, and a streamed chunk may be refilled by
 * its producer once `push` returns — so chunks are never copied.
 */

/** Receives one line (its end excluded); returns false to stop. */
export type LineSink = (buf: Buffer, start: number, end: number) => boolean;

const LF = 0x0a;
const CR = 0x0d;

export class LineSplitter {
  private carry = Buffer.allocUnsafe(512);
  private carryLength = 0;
  private stopped = false;

  constructor(private readonly sink: LineSink) {}

  /** Feeds a chunk; false once the sink asked to stop. */
  push(chunk: Buffer): boolean {
    if (this.stopped) return false;
    let pos = 0;
    if (this.carryLength > 0) {
      const nl = chunk.indexOf(LF);
      if (nl < 0) {
        this.append(chunk, 0, chunk.length);
        return true;
      }
      this.append(chunk, 0, nl);
      if (!this.emitCarry()) return false;
      pos = nl + 1;
    }
    for (;;) {
      const nl = chunk.indexOf(LF, pos);
      if (nl < 0) break;
      if (!this.emit(chunk, pos, nl)) return false;
      pos = nl + 1;
    }
    if (pos < chunk.length) this.append(chunk, pos, chunk.length);
    return true;
  }

  /** The last line, when the input does not end with a line end. */
  end(): void {
    if (this.stopped || this.carryLength === 0) return;
    this.emitCarry();
  }

  private emitCarry(): boolean {
    const length = this.carryLength;
    this.carryLength = 0;
    return this.emit(this.carry, 0, length);
  }

  private emit(buf: Buffer, start: number, end: number): boolean {
    if (end > start && buf[end - 1] === CR) end--;
    if (!this.sink(buf, start, end)) this.stopped = true;
    return !this.stopped;
  }

  private append(chunk: Buffer, start: number, end: number): void {
    const need = this.carryLength + (end - start);
    if (need > this.carry.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.carry.length * 2));
      this.carry.copy(grown, 0, 0, this.carryLength);
      this.carry = grown;
    }
    chunk.copy(this.carry, this.carryLength, start, end);
    this.carryLength = need;
  }
}

/**
 * Bytes of a text input. The format is byte-positional ASCII: a string of 8-bit characters maps
 * one character to one byte; anything wider is encoded as UTF-8, whose bytes are never digits,
 * so that it is reported rather than mistaken for one.
 */
export function toBytes(input: string | Uint8Array): Buffer {
  if (typeof input !== 'string') {
    return Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  }
  // eslint-disable-next-line no-control-regex
  return Buffer.from(input, /[^\u0000-\u00ff]/.test(input) ? 'utf8' : 'latin1');
}
