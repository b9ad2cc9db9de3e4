import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';

/**
 * Files on their way into the data directory: written to a private staging folder while their
 * sha256 is taken, and moved into place (a rename, atomic on one file system) only once they
 * have been checked. A crash mid-way leaves a staging folder, never a half-written version.
 */

/** The upload is larger than the configured limit (the rest of the stream is not read). */
export class TooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the upload is larger than the limit of ${limit} bytes`);
    this.name = 'TooLargeError';
  }
}

export interface Staged {
  /** The staging folder (owned by the caller: move it into place or remove it). */
  readonly dir: string;
  /** The file inside it, under its own name. */
  readonly path: string;
  readonly fileName: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** A file name safe to keep on disk and to echo back: a base name of common characters. */
export const SAFE_FILE_NAME = /^(?!\.)[A-Za-z0-9._-]{1,160}$/;

export async function stage(stagingRoot: string, fileName: string, input: Readable | AsyncIterable<Uint8Array>, limit: number): Promise<Staged> {
  const dir = join(stagingRoot, `${Date.now()}-${randomBytes(6).toString('hex')}`);
  await mkdir(dir, { recursive: true });
  const path = join(dir, fileName);
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > limit) {
        done(new TooLargeError(limit));
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const file = await open(path, 'w');
  try {
    await pipeline(input, meter, file.createWriteStream());
  } catch (e) {
    await file.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return { dir, path, fileName, sha256: hash.digest('hex'), bytes };
}

/** The bytes of a configured source: a path, a `file:` URL or an `http(s):` URL. */
export async function openSource(source: string): Promise<{ fileName: string; stream: Readable }> {
  if (/^https?:\/\//i.test(source)) {
    const response = await fetch(source);
    if (!response.ok || response.body === null) throw new Error(`${source}: HTTP ${response.status} ${response.statusText}`);
    const name = basename(new URL(source).pathname);
    return { fileName: SAFE_FILE_NAME.test(name) ? name : 'download.lis', stream: Readable.fromWeb(response.body as Parameters<typeof Readable.fromWeb>[0]) };
  }
  const path = /^file:/i.test(source) ? fileURLToPath(source) : source;
  const stream = createReadStream(path);
  // Open errors (a missing file) surface here rather than in the middle of staging.
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  return { fileName: basename(path), stream };
}

/** Writes JSON so that a reader sees the old file or the new one, never a part. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeTextAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

export async function writeTextAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, path);
}
