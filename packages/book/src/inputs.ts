import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { CatalogueError, FileKind, Result, RpfError, RpfWarning } from '@marginkit/rpf';
import { err, ok, readCatalogue, readRpf } from '@marginkit/rpf';
import type { PrimeContext } from '@marginkit/risk-engine';
import { preparePrime } from '@marginkit/risk-engine';

/** The files a book run reads, and which RPF of a day's zip it margins with. */
export interface BookInputs {
  readonly positions: string;
  readonly rpf: string;
  readonly catalogue: string;
  /** For an `RPF_yymmdd.zip`: which file (default per rpf-format.md: final, else early, else latest intra-day). */
  readonly rpfKind?: FileKind;
  /** `HHMM`: an intra-day file of the zip. */
  readonly rpfTime?: string;
}

/** The RPF and catalogue of a run, prepared for the engine. */
export async function loadBookContext(
  inputs: Pick<BookInputs, 'rpf' | 'catalogue' | 'rpfKind' | 'rpfTime'>,
): Promise<Result<PrimeContext, RpfError | CatalogueError, RpfWarning>> {
  const [rpf, catalogue] = await Promise.all([
    readRpf(inputs.rpf, {
      ...(inputs.rpfKind === undefined ? {} : { kind: inputs.rpfKind }),
      ...(inputs.rpfTime === undefined ? {} : { time: inputs.rpfTime }),
    }),
    readCatalogue(inputs.catalogue),
  ]);
  if (!rpf.ok || !catalogue.ok) return err([...(rpf.ok ? [] : rpf.errors), ...(catalogue.ok ? [] : catalogue.errors)], rpf.warnings);
  return ok(preparePrime(rpf.value, catalogue.value), rpf.warnings);
}

export interface FileDigest {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** A file's size and SHA-256 (streamed). Throws on an unreadable file (callers read it first). */
export async function digestFile(path: string): Promise<FileDigest> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return { path, bytes: (await stat(path)).size, sha256: hash.digest('hex') };
}
