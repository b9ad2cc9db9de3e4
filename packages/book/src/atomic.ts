import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writing a file so that a crash (SIGKILL, power loss) leaves either the old file or the whole new
 * one, never a part: write a temporary file beside it, fsync it, rename it over the target, fsync
 * the directory (so the rename itself is durable).
 */

function tempOf(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const temp = tempOf(path);
  const fd = openSync(temp, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  fsyncDir(dirname(path));
}

/**
 * {@link writeFileAtomic} without blocking the event loop: the writes and fsyncs run on libuv's
 * threads, so a process that hands out work (a thread pool's tasks) keeps doing so meanwhile.
 */
export async function writeFileAtomicAsync(path: string, data: string | Uint8Array): Promise<void> {
  const file = await AtomicFile.open(path);
  try {
    await file.append(data);
  } catch (e) {
    await file.abort();
    throw e;
  }
  await file.commit();
}

export interface AtomicFileOptions {
  /**
   * Flush the data written so far to disk (fdatasync) whenever this many more bytes have been
   * appended since the last flush. For a large file written over a long time: the disk writes
   * happen while it grows, and the final fsync of {@link AtomicFile.commit} has only the tail left
   * to wait for. (With several GB of RAM, the kernel would otherwise keep the whole file dirty
   * until that fsync.)
   */
  readonly syncEvery?: number;
}

/** A file written in parts that appears under its name only once whole (see {@link writeFileAtomic}). */
export class AtomicFile {
  private written = 0;
  private flushed = 0;

  private constructor(
    readonly path: string,
    private readonly temp: string,
    private readonly handle: FileHandle,
    private readonly syncEvery: number,
  ) {}

  static async open(path: string, options: AtomicFileOptions = {}): Promise<AtomicFile> {
    const temp = tempOf(path);
    const every = options.syncEvery ?? Infinity;
    if (!(every > 0)) throw new RangeError(`AtomicFile: syncEvery must be positive, got ${every}`);
    return new AtomicFile(path, temp, await open(temp, 'w'), every);
  }

  /** Bytes appended so far, and how many of them were flushed to disk before the commit. */
  get bytes(): { readonly written: number; readonly flushed: number } {
    return { written: this.written, flushed: this.flushed };
  }

  async append(data: string | Uint8Array): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let at = 0; at < bytes.length; ) at += (await this.handle.write(bytes, at, bytes.length - at)).bytesWritten;
    this.written += bytes.length;
    if (this.written - this.flushed >= this.syncEvery) {
      await this.handle.datasync();
      this.flushed = this.written;
    }
  }

  /** fsync, rename into place, fsync the directory. */
  async commit(): Promise<void> {
    try {
      await this.handle.sync();
    } finally {
      await this.handle.close();
    }
    await rename(this.temp, this.path);
    const dir = await open(dirname(this.path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  /** Closes and removes the temporary file (the target is untouched). */
  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await rm(this.temp, { force: true });
  }
}
