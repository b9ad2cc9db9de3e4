import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { CatalogueError, ContractCatalogue, FileKind, RpfError } from '@marginkit/rpf';
import { parseCatalogue, readRpf } from '@marginkit/rpf';
import type { PrimeContext } from '@marginkit/risk-engine';
import { preparePrime } from '@marginkit/risk-engine';
import type { Staged } from './staging';
import { stage, writeJsonAtomic, writeTextAtomic } from './staging';

/**
 * The RPF versions the service margins with. A version is one RPF (a `.lis`, or one file of an
 * `RPF_yymmdd.zip`) with the contract catalogue it is read with, parsed and prepared for PRiME.
 *
 * - A new file becomes a version only after a complete parse and preparation; until then
 *   nothing changes. Making a version active is one assignment, so a margin request, which
 *   takes the active version once and computes synchronously from it, always sees exactly one
 *   whole version.
 * - Ids are content addresses (sha256 of the upload, the file chosen in it and the catalogue),
 *   so the same upload is the same version, and an id means the same figures forever.
 * - Every version is kept on disk under the data directory; the active one and the few most
 *   recently used are kept prepared in memory, others are parsed again when a request names them.
 */

export interface CatalogueInfo {
  readonly id: string;
  readonly source: 'config' | 'upload';
  readonly fileName: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly contracts: number;
  readonly uploadedAt: string;
}

export interface RpfVersionInfo {
  readonly id: string;
  readonly source: 'config' | 'upload';
  readonly kind: FileKind;
  /** `YYYY-MM-DD` */
  readonly businessDate: string;
  /** `HH:MM` */
  readonly businessTime: string;
  /** The RPF file: the `.lis`, or the zip entry that was chosen. */
  readonly fileName: string;
  /** The file as uploaded (a `.lis` or a zip). */
  readonly upload: { readonly fileName: string; readonly sha256: string; readonly bytes: number };
  /** How the file was chosen from a zip (empty for a `.lis`). */
  readonly pick: { readonly kind?: FileKind; readonly time?: string };
  /** Id of the catalogue the RPF was read with. */
  readonly catalogue: string;
  readonly combinedCommodities: number;
  readonly series: number;
  /** Series no position can be margined in: the catalogue lacks their commodity, or no HKD rate. */
  readonly seriesNotMarginable: number;
  readonly warnings: readonly string[];
  readonly uploadedAt: string;
}

export interface RpfVersion {
  readonly info: RpfVersionInfo;
  readonly ctx: PrimeContext;
}

export interface RpfPick {
  readonly kind?: FileKind | undefined;
  readonly time?: string | undefined;
}

/** Why an RPF or catalogue was not taken (the store is unchanged). */
export type IngestFailure =
  | { readonly reason: 'invalid-rpf'; readonly errors: readonly RpfError[] }
  | { readonly reason: 'unusable-rpf'; readonly message: string }
  | { readonly reason: 'invalid-catalogue'; readonly errors: readonly CatalogueError[] }
  | { readonly reason: 'unknown-catalogue'; readonly id: string };

export type Ingested<T> = { readonly ok: true; readonly value: T; readonly created: boolean } | { readonly ok: false; readonly failure: IngestFailure };

export interface StoreOptions {
  readonly dataDir: string;
  /** Prepared versions kept in memory besides the active one. */
  readonly cacheSize: number;
  readonly log: { info(o: object, msg: string): void; warn(o: object, msg: string): void };
}

interface LoadedCatalogue {
  readonly info: CatalogueInfo;
  readonly catalogue: ContractCatalogue;
}

const ID_LENGTH = 16;
export const VERSION_ID = /^[0-9a-f]{16}$/;

export class RpfStore {
  private readonly versions = new Map<string, RpfVersionInfo>();
  private readonly catalogues = new Map<string, LoadedCatalogue>();
  /** Recently used versions other than the active one, oldest first. */
  private readonly cache = new Map<string, RpfVersion>();
  private readonly loading = new Map<string, Promise<RpfVersion | undefined>>();
  private current: RpfVersion | undefined;
  private configuredCatalogue: string | undefined;
  /** Uploads and switches, one at a time (and in arrival order). */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly options: StoreOptions) {}

  private get rpfDir(): string {
    return join(this.options.dataDir, 'rpf');
  }
  private get catalogueDir(): string {
    return join(this.options.dataDir, 'catalogues');
  }
  get stagingDir(): string {
    return join(this.options.dataDir, 'staging');
  }
  private get activeFile(): string {
    return join(this.options.dataDir, 'active');
  }

  /**
   * Opens the data directory and takes the configured catalogue and RPF in as versions. The
   * active version after a restart is the one that was active, unless the configured RPF is new
   * to the data directory (an operator changed the configuration): then that one.
   */
  static async open(
    options: StoreOptions,
    configured: { readonly rpf: { fileName: string; stream: Readable }; readonly pick: RpfPick; readonly catalogue: { fileName: string; stream: Readable } },
  ): Promise<RpfStore> {
    const store = new RpfStore(options);
    await mkdir(store.rpfDir, { recursive: true });
    await mkdir(store.catalogueDir, { recursive: true });
    await rm(store.stagingDir, { recursive: true, force: true });
    await store.readCatalogues();
    await store.readVersionInfos();

    const catalogue = await store.addCatalogue(configured.catalogue.fileName, configured.catalogue.stream, Number.MAX_SAFE_INTEGER, 'config');
    if (!catalogue.ok) throw new Error(`configured catalogue ${configured.catalogue.fileName}: ${describeFailure(catalogue.failure)}`);
    store.configuredCatalogue = catalogue.value.id;
    const version = await store.addRpf(configured.rpf.fileName, configured.rpf.stream, Number.MAX_SAFE_INTEGER, {
      pick: configured.pick,
      catalogue: catalogue.value.id,
      activate: false,
      source: 'config',
    });
    if (!version.ok) throw new Error(`configured RPF ${configured.rpf.fileName}: ${describeFailure(version.failure)}`);

    let active: RpfVersion = version.value;
    const previous = version.created ? undefined : await readFile(store.activeFile, 'utf8').then((t) => t.trim(), () => undefined);
    if (previous !== undefined && previous !== version.value.info.id && store.versions.has(previous)) {
      const loaded = await store.load(previous);
      if (loaded !== undefined) active = loaded;
    }
    await store.makeActive(active);
    return store;
  }

  /** The version margin requests use when they name none. */
  get active(): RpfVersion {
    if (this.current === undefined) throw new Error('the RPF store is not open');
    return this.current;
  }

  list(): readonly RpfVersionInfo[] {
    return [...this.versions.values()].sort((a, b) => (a.uploadedAt < b.uploadedAt ? 1 : a.uploadedAt > b.uploadedAt ? -1 : 0));
  }

  info(id: string): RpfVersionInfo | undefined {
    return this.versions.get(id);
  }

  catalogueList(): readonly CatalogueInfo[] {
    return [...this.catalogues.values()].map((c) => c.info).sort((a, b) => (a.uploadedAt < b.uploadedAt ? 1 : -1));
  }

  /** The configured catalogue: uploads that name none are read with it. */
  get defaultCatalogue(): string {
    if (this.configuredCatalogue === undefined) throw new Error('the RPF store is not open');
    return this.configuredCatalogue;
  }

  hasCatalogue(id: string): boolean {
    return this.catalogues.has(id);
  }

  /** A version by id, prepared (parsed again from disk when it is not in memory); undefined if unknown. */
  async get(id: string): Promise<RpfVersion | undefined> {
    if (this.current?.info.id === id) return this.current;
    const cached = this.cache.get(id);
    if (cached !== undefined) {
      this.cache.delete(id);
      this.cache.set(id, cached);
      return cached;
    }
    if (!this.versions.has(id)) return undefined;
    return this.load(id);
  }

  /**
   * Takes an RPF in: stages the bytes, parses them completely, prepares them with the catalogue,
   * and only then records the version (and makes it active when asked). On any failure the
   * store, on disk and in memory, is as it was.
   */
  addRpf(
    fileName: string,
    input: Readable | AsyncIterable<Uint8Array>,
    limit: number,
    options: { readonly pick: RpfPick; readonly catalogue: string | undefined; readonly activate: boolean; readonly source?: 'config' | 'upload' },
  ): Promise<Ingested<RpfVersion>> {
    return this.serially(async () => {
      const catalogueId = options.catalogue ?? this.defaultCatalogue;
      const catalogue = this.catalogues.get(catalogueId);
      if (catalogue === undefined) {
        // Drain the upload: the client is still sending it.
        for await (const _ of input) void _;
        return { ok: false, failure: { reason: 'unknown-catalogue', id: catalogueId } };
      }
      const staged = await stage(this.stagingDir, fileName, input, limit);
      try {
        const pick = { ...(options.pick.kind === undefined ? {} : { kind: options.pick.kind }), ...(options.pick.time === undefined ? {} : { time: options.pick.time }) };
        const parsed = await readRpf(staged.path, pick);
        if (!parsed.ok) return { ok: false, failure: { reason: 'invalid-rpf', errors: parsed.errors } };
        const rpf = parsed.value;
        let ctx: PrimeContext;
        try {
          ctx = preparePrime(rpf, catalogue.catalogue);
        } catch (e) {
          // The parser took the file but the engine cannot lay it out: still the file's fault.
          return { ok: false, failure: { reason: 'unusable-rpf', message: `${fileName}: ${e instanceof Error ? e.message : String(e)}` } };
        }
        const entry = rpf.source.fileName ?? fileName;
        const id = contentId(staged.sha256, entry, catalogueId);
        let info = this.versions.get(id);
        const created = info === undefined;
        if (info === undefined) {
          info = {
            id,
            source: options.source ?? 'upload',
            kind: rpf.header.kind,
            businessDate: rpf.header.businessDate,
            businessTime: rpf.header.businessTime,
            fileName: entry,
            upload: { fileName, sha256: staged.sha256, bytes: staged.bytes },
            pick,
            catalogue: catalogueId,
            combinedCommodities: new Set(rpf.combinedCommodities.map((c) => c.code)).size,
            series: rpf.series.length,
            seriesNotMarginable: countNonZero(ctx.engine.problem),
            warnings: parsed.warnings.map((w) => w.message),
            uploadedAt: new Date().toISOString(),
          };
          await this.keep(staged, join(this.rpfDir, id), info);
          this.versions.set(id, info);
          this.options.log.info({ rpf: info }, 'RPF version added');
        }
        const version: RpfVersion = { info, ctx };
        if (options.activate) await this.makeActive(version);
        else if (this.current?.info.id !== id) this.remember(version);
        return { ok: true, value: version, created };
      } finally {
        await rm(staged.dir, { recursive: true, force: true });
      }
    });
  }

  /** Takes a contract catalogue in (CSV or JSON, by its extension), checked completely first. */
  addCatalogue(
    fileName: string,
    input: Readable | AsyncIterable<Uint8Array>,
    limit: number,
    source: 'config' | 'upload' = 'upload',
  ): Promise<Ingested<CatalogueInfo>> {
    return this.serially(async () => {
      const staged = await stage(this.stagingDir, fileName, input, limit);
      try {
        const parsed = await readCatalogueFile(staged.path, fileName);
        if (!parsed.ok) return { ok: false, failure: { reason: 'invalid-catalogue', errors: parsed.errors } };
        const id = staged.sha256.slice(0, ID_LENGTH);
        const known = this.catalogues.get(id);
        if (known !== undefined) return { ok: true, value: known.info, created: false };
        const info: CatalogueInfo = {
          id,
          source,
          fileName,
          sha256: staged.sha256,
          bytes: staged.bytes,
          contracts: parsed.value.contracts.length,
          uploadedAt: new Date().toISOString(),
        };
        await this.keep(staged, join(this.catalogueDir, id), info);
        this.catalogues.set(id, { info, catalogue: parsed.value });
        return { ok: true, value: info, created: true };
      } finally {
        await rm(staged.dir, { recursive: true, force: true });
      }
    });
  }

  /** Makes a known version the active one; undefined when the id is unknown. */
  activate(id: string): Promise<RpfVersion | undefined> {
    return this.serially(async () => {
      const version = await this.get(id);
      if (version !== undefined) await this.makeActive(version);
      return version;
    });
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Persists the pointer first, then switches: a restart never finds an older active version than a client was told. */
  private async makeActive(version: RpfVersion): Promise<void> {
    await writeTextAtomic(this.activeFile, `${version.info.id}\n`);
    const previous = this.current;
    this.current = version;
    this.cache.delete(version.info.id);
    if (previous !== undefined && previous.info.id !== version.info.id) this.remember(previous);
    this.options.log.info({ rpf: { id: version.info.id, kind: version.info.kind, businessDate: version.info.businessDate, businessTime: version.info.businessTime } }, 'RPF version active');
  }

  private remember(version: RpfVersion): void {
    this.cache.delete(version.info.id);
    this.cache.set(version.info.id, version);
    while (this.cache.size > this.options.cacheSize) {
      const oldest = this.cache.keys().next().value as string;
      this.cache.delete(oldest);
    }
  }

  /** Parses a kept version again (one load per id at a time). */
  private load(id: string): Promise<RpfVersion | undefined> {
    const pending = this.loading.get(id);
    if (pending !== undefined) return pending;
    const task = (async () => {
      const info = this.versions.get(id);
      const catalogue = info === undefined ? undefined : this.catalogues.get(info.catalogue);
      if (info === undefined || catalogue === undefined) return undefined;
      const parsed = await readRpf(join(this.rpfDir, id, info.upload.fileName), info.pick);
      if (!parsed.ok) {
        this.options.log.warn({ id, errors: parsed.errors.slice(0, 3).map((e) => e.message) }, 'a kept RPF version no longer parses');
        return undefined;
      }
      const version: RpfVersion = { info, ctx: preparePrime(parsed.value, catalogue.catalogue) };
      if (this.current?.info.id !== id) this.remember(version);
      return version;
    })().finally(() => this.loading.delete(id));
    this.loading.set(id, task);
    return task;
  }

  /** Moves a checked staging folder into place with its description beside the file. */
  private async keep(staged: Staged, dir: string, info: object): Promise<void> {
    await writeJsonAtomic(join(staged.dir, 'meta.json'), info);
    await rm(dir, { recursive: true, force: true });
    await rename(staged.dir, dir);
  }

  private async readVersionInfos(): Promise<void> {
    for (const id of await readdir(this.rpfDir)) {
      const info = await readMeta<RpfVersionInfo>(join(this.rpfDir, id));
      if (info !== undefined && info.id === id && this.catalogues.has(info.catalogue)) this.versions.set(id, info);
      else this.options.log.warn({ dir: join(this.rpfDir, id) }, 'skipping an unreadable RPF version folder');
    }
  }

  private async readCatalogues(): Promise<void> {
    for (const id of await readdir(this.catalogueDir)) {
      const dir = join(this.catalogueDir, id);
      const info = await readMeta<CatalogueInfo>(dir);
      const parsed = info === undefined ? undefined : await readCatalogueFile(join(dir, info.fileName), info.fileName);
      if (info !== undefined && info.id === id && parsed?.ok === true) this.catalogues.set(id, { info, catalogue: parsed.value });
      else this.options.log.warn({ dir }, 'skipping an unreadable catalogue folder');
    }
  }
}

/** A kept or staged catalogue, its errors naming the file as the client called it (never a server path). */
async function readCatalogueFile(path: string, fileName: string) {
  return parseCatalogue(await readFile(path, 'utf8'), { fileName });
}

function contentId(uploadSha256: string, entry: string, catalogue: string): string {
  return createHash('sha256').update(`${uploadSha256}\n${entry}\n${catalogue}`).digest('hex').slice(0, ID_LENGTH);
}

function countNonZero(a: Uint8Array): number {
  let n = 0;
  for (const x of a) if (x !== 0) n++;
  return n;
}

async function readMeta<T>(dir: string): Promise<T | undefined> {
  try {
    if (!(await stat(dir)).isDirectory()) return undefined;
    return JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export function describeFailure(f: IngestFailure): string {
  switch (f.reason) {
    case 'invalid-rpf':
    case 'invalid-catalogue':
      return f.errors.map((e) => e.message).slice(0, 5).join('; ');
    case 'unusable-rpf':
      return f.message;
    case 'unknown-catalogue':
      return `no catalogue ${f.id}`;
  }
}
