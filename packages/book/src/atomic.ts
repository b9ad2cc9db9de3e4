import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
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
 * The same for a large file written in parts (the merged results): `write` is given an appender;
 * the file appears under `path` only once it is whole.
 */
export async function writeFileAtomicStreamed(path: string, write: (append: (data: string | Uint8Array) => Promise<void>) => Promise<void>): Promise<void> {
  const temp = tempOf(path);
  const handle = await open(temp, 'w');
  try {
    await write(async (data) => {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      for (let at = 0; at < bytes.length; ) at += (await handle.write(bytes, at, bytes.length - at)).bytesWritten;
    });
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
  fsyncDir(dirname(path));
}
