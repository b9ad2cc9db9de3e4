import { basename } from 'node:path';
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import type { RpfError, RpfWarning } from '../errors';
import { rpfError } from '../errors';
import type { FileKind, RiskParameterFile } from '../model';
import type { Result } from '../result';
import { err, ok } from '../result';
import { parseRpfFileName } from './file-name';
import { ioError, parseSizedStream, readRpfFile } from './stream';

/**
 * `RPF_yymmdd.zip`: all RPF files of one business day. One margin run needs one of them, and
 * which one must travel with the result, so entries are listed with what their names say and
 * chosen by a stated rule (final, else early, else the latest intra-day) or by the caller.
 */

/** An RPF file inside a zip, as its HKEX name describes it. */
export interface RpfZipEntry {
  /** The entry's path inside the zip. */
  readonly fileName: string;
  readonly kind: FileKind;
  /** `YYYY-MM-DD` */
  readonly businessDate: string;
  /** `HH:MM` for intra-day files. */
  readonly businessTime: string | undefined;
}

export interface RpfZipPick {
  readonly kind?: FileKind | undefined;
  /** `HHMM` (or `HH:MM`): an intra-day file's business time. */
  readonly time?: string | undefined;
}

export interface ParsedZipEntry {
  readonly entry: RpfZipEntry;
  readonly rpf: RiskParameterFile;
}

/** The RPF entries of a zip (those named as HKEX names them), earliest first. */
export async function listRpfZip(path: string): Promise<Result<readonly RpfZipEntry[], RpfError>> {
  const opened = await openZip(path);
  if (!opened.ok) return opened;
  opened.value.zip.close();
  return ok(opened.value.entries.map((e) => e.entry));
}

/**
 * One entry of a day's files: by default the final file, else the early one, else the latest
 * intra-day one; `pick` narrows by kind and/or intra-day time.
 */
export function chooseRpfEntry(entries: readonly RpfZipEntry[], pick: RpfZipPick = {}, zipName?: string): Result<RpfZipEntry, RpfError> {
  let time: string | undefined;
  if (pick.time !== undefined) {
    const m = /^(\d{2}):?(\d{2})$/.exec(pick.time);
    if (m === null) return err([zipError(zipName, 'InvalidValue', 'time', pick.time, 'not an HHMM time')]);
    time = `${m[1]}:${m[2]}`;
  }
  const matching = sortEntries(entries).filter(
    (e) => (pick.kind === undefined || e.kind === pick.kind) && (time === undefined || e.businessTime === time),
  );
  const chosen =
    pick.kind !== undefined || time !== undefined
      ? matching.at(-1)
      : (matching.findLast((e) => e.kind === 'final') ?? matching.findLast((e) => e.kind === 'early') ?? matching.at(-1));
  if (chosen === undefined) {
    const wanted = [pick.kind ?? (time === undefined ? 'RPF' : 'intraday'), time === undefined ? '' : `at ${time}`]
      .filter((s) => s !== '')
      .join(' ');
    const available = entries.length === 0 ? 'none' : sortEntries(entries).map(describeEntry).join(', ');
    return err([zipError(zipName, 'Io', 'entry', wanted, `no such file in the zip (available: ${available})`)]);
  }
  return ok(chosen);
}

/** Parses one RPF of a zip, chosen as {@link chooseRpfEntry} does. */
export async function readRpfZip(
  path: string,
  options: RpfZipPick & { maxErrors?: number | undefined } = {},
): Promise<Result<ParsedZipEntry, RpfError, RpfWarning>> {
  const opened = await openZip(path);
  if (!opened.ok) return opened;
  const { zip, entries } = opened.value;
  try {
    const chosen = chooseRpfEntry(
      entries.map((e) => e.entry),
      options,
      basename(path),
    );
    if (!chosen.ok) return chosen;
    const found = entries.find((e) => e.entry === chosen.value)!;
    const parsed = await parseEntry(zip, found, options.maxErrors);
    return parsed.ok ? ok({ entry: found.entry, rpf: parsed.value }, parsed.warnings) : parsed;
  } finally {
    zip.close();
  }
}

/** Parses every RPF of a zip, earliest first (for inspecting a day's files). */
export async function readRpfZipAll(
  path: string,
  options: { maxErrors?: number | undefined } = {},
): Promise<Result<readonly ParsedZipEntry[], RpfError, RpfWarning>> {
  const opened = await openZip(path);
  if (!opened.ok) return opened;
  const { zip, entries } = opened.value;
  try {
    const parsed: ParsedZipEntry[] = [];
    const errors: RpfError[] = [];
    const warnings: RpfWarning[] = [];
    for (const e of entries) {
      const result = await parseEntry(zip, e, options.maxErrors);
      warnings.push(...result.warnings);
      if (result.ok) parsed.push({ entry: e.entry, rpf: result.value });
      else errors.push(...result.errors);
    }
    return errors.length > 0 ? err(errors, warnings) : ok(parsed, warnings);
  } finally {
    zip.close();
  }
}

/** An RPF from a `.lis` file or, by its extension, a `.zip` of a day's files (`kind`/`time` pick one). */
export async function readRpf(
  path: string,
  options: RpfZipPick & { maxErrors?: number | undefined } = {},
): Promise<Result<RiskParameterFile, RpfError, RpfWarning>> {
  if (!path.toLowerCase().endsWith('.zip')) return readRpfFile(path, { maxErrors: options.maxErrors });
  const read = await readRpfZip(path, options);
  return read.ok ? ok(read.value.rpf, read.warnings) : read;
}

interface ZipRpfEntry {
  readonly entry: RpfZipEntry;
  readonly raw: Entry;
}

async function openZip(path: string): Promise<Result<{ zip: ZipFile; entries: readonly ZipRpfEntry[] }, RpfError>> {
  const zipName = basename(path);
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  } catch (e) {
    return err([ioError(zipName, e)]);
  }
  try {
    const entries: ZipRpfEntry[] = [];
    for (const raw of await readEntries(zip)) {
      // Directories and other files (a readme, a checksum) are not RPFs.
      const named = parseRpfFileName(raw.fileName);
      if (named !== undefined) entries.push({ entry: { fileName: raw.fileName, ...named }, raw });
    }
    if (entries.length === 0) {
      zip.close();
      return err([zipError(zipName, 'Io', 'entry', '', 'no RPF file (rpi/rpp/rpf…-yymmdd[-hhmm].lis) in the zip')]);
    }
    const order = sortEntries(entries.map((e) => e.entry));
    entries.sort((a, b) => order.indexOf(a.entry) - order.indexOf(b.entry));
    return ok({ zip, entries });
  } catch (e) {
    zip.close();
    return err([ioError(zipName, e)]);
  }
}

function readEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const out: Entry[] = [];
    zip.on('entry', (e: Entry) => {
      out.push(e);
      zip.readEntry();
    });
    zip.on('end', () => resolve(out));
    zip.on('error', reject);
    zip.readEntry();
  });
}

async function parseEntry(zip: ZipFile, e: ZipRpfEntry, maxErrors: number | undefined) {
  const fileName = basename(e.entry.fileName);
  try {
    const stream = await zip.openReadStreamPromise(e.raw);
    return await parseSizedStream(stream, { fileName, maxErrors }, e.raw.uncompressedSize);
  } catch (cause) {
    return err([ioError(fileName, cause)]);
  }
}

const KIND_ORDER: Record<FileKind, number> = { intraday: 0, early: 1, final: 2 };

/** Earliest first: by business date, then intra-day files by time, then early, then final. */
function sortEntries<T extends RpfZipEntry>(entries: readonly T[]): T[] {
  return [...entries].sort(
    (a, b) =>
      a.businessDate.localeCompare(b.businessDate) ||
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      (a.businessTime ?? '').localeCompare(b.businessTime ?? ''),
  );
}

function describeEntry(e: RpfZipEntry): string {
  return e.businessTime === undefined ? `${e.kind} ${e.fileName}` : `${e.kind} ${e.businessTime} ${e.fileName}`;
}

function zipError(zipName: string | undefined, tag: 'Io' | 'InvalidValue', field: string, text: string, problem: string): RpfError {
  return rpfError(tag, { file: zipName, line: 0, column: 0, recordType: '' }, field, text, problem);
}
