import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';

/**
 * The bucket files of a partition being written. Each gathers its records in a buffer of bytes
 * and writes it when full (fewer, larger writes); a quote-free ASCII record is copied into it
 * straight from the positions file's bytes, without a string of its own (the partition passes
 * over millions of rows before any margin can start).
 */

const LF = 0x0a;
const COMMA = 0x2c;
const DIGIT_0 = 0x30;

export class BucketFiles {
  private readonly fds: number[];
  private readonly buffers: Buffer[];
  private readonly used: number[];

  /**
   * Opens (truncates) the files; `capacity` is each one's buffer, in bytes: small enough that
   * the buffers of a thousand buckets stay in a core's cache (each row lands in any of them).
   */
  constructor(
    paths: readonly string[],
    private readonly capacity = 1 << 14,
  ) {
    this.fds = [];
    try {
      for (const path of paths) this.fds.push(openSync(path, 'w'));
    } catch (e) {
      for (const fd of this.fds) closeSync(fd);
      throw e;
    }
    this.buffers = paths.map(() => Buffer.allocUnsafe(capacity));
    this.used = paths.map(() => 0);
  }

  /** Appends `record` and a line feed to file `i`. */
  append(i: number, record: string): void {
    const bytes = Buffer.byteLength(record, 'utf8') + 1;
    if ((this.used[i] as number) + bytes > this.capacity) this.flush(i);
    if (bytes > this.capacity) {
      writeSync(this.fds[i] as number, `${record}\n`);
      return;
    }
    const buffer = this.buffers[i] as Buffer;
    let at = this.used[i] as number;
    at += buffer.write(record, at, 'utf8');
    buffer[at++] = LF;
    this.used[i] = at;
  }

  /**
   * Appends `${line},` and the ASCII bytes `bytes[start..end)`, and a line feed, to file `i` —
   * bucket.ts's `bucketPlainRecord` of a record as the positions file has it — unless those
   * bytes hold more than `maxCommas` commas (a record with more fields than the header): then
   * nothing is appended and false returned. The commas are counted as the bytes are copied.
   */
  appendRecordBytes(i: number, line: number, bytes: Uint8Array, start: number, end: number, maxCommas: number): boolean {
    let digits = 1;
    for (let p = 10; p <= line; p *= 10) digits++;
    const size = digits + 1 + (end - start) + 1;
    if (size > this.capacity || line > 0x7fffffff) {
      let commas = 0;
      for (let k = start; k < end; k++) if (bytes[k] === COMMA) commas++;
      if (commas > maxCommas) return false;
      this.append(i, `${line},${Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1')}`);
      return true;
    }
    if ((this.used[i] as number) + size > this.capacity) this.flush(i);
    const buffer = this.buffers[i] as Buffer;
    let at = this.used[i] as number;
    for (let v = line, d = at + digits - 1; d >= at; v = (v / 10) | 0, d--) buffer[d] = DIGIT_0 + (v % 10);
    at += digits;
    buffer[at++] = COMMA;
    let commas = 0;
    for (let k = start; k < end; k++) {
      const b = bytes[k] as number;
      buffer[at++] = b;
      if (b === COMMA) commas++;
    }
    if (commas > maxCommas) return false;
    buffer[at++] = LF;
    this.used[i] = at;
    return true;
  }

  flush(i: number): void {
    const used = this.used[i] as number;
    if (used === 0) return;
    const fd = this.fds[i] as number;
    const buffer = this.buffers[i] as Buffer;
    for (let at = 0; at < used; ) at += writeSync(fd, buffer, at, used - at);
    this.used[i] = 0;
  }

  /** Writes what is gathered and syncs every file to disk. */
  finish(): void {
    for (let i = 0; i < this.fds.length; i++) {
      this.flush(i);
      fsyncSync(this.fds[i] as number);
    }
  }

  close(): void {
    for (const fd of this.fds) closeSync(fd);
  }
}
