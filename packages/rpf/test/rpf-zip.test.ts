import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type * as Yazl from 'yazl';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseRpfEntry, listRpfZip, parseRpf, readRpf, readRpfZip, readRpfZipAll } from '../src/index';
import type { RpfZipEntry } from '../src/index';

/**
 * yazl through Node's require. Vitest runs tests with `--conditions import`, so yazl's
 * `require('buffer-crc32')` would load that package's ESM build, which yazl cannot call: the
 * CommonJS build is put in the require cache under the name yazl resolves.
 */
function loadYazl(): typeof Yazl {
  const fromYazl = createRequire(createRequire(import.meta.url).resolve('yazl'));
  const crcPath = fromYazl.resolve('buffer-crc32');
  if (crcPath.endsWith('.mjs')) {
    const cjsPath = crcPath.replace(/\.mjs$/, '.cjs');
    fromYazl(cjsPath);
    fromYazl.cache[crcPath] = fromYazl.cache[cjsPath];
  }
  return fromYazl('yazl') as typeof Yazl;
}
const yazl = loadYazl();

const SMALL = readFileSync(new URL('../../../fixtures/rpf/small.lis', import.meta.url), 'latin1');

/** small.lis with record 0 columns 17-23 (settlement flag, file id, business time) replaced. */
function rpfFile(flagIdTime: string): Buffer {
  return Buffer.from(SMALL.slice(0, 16) + flagIdTime + SMALL.slice(23), 'latin1');
}

const INTRA_1130 = 'rpi______-_____-__-_____-160930-1130.lis';
const INTRA_1430 = 'rpi______-_____-__-_____-160930-1430.lis';
const EARLY = 'rpp______-_____-__-_____-160930.lis';
const FINAL = 'rpf______-_____-__-_____-160930.lis';

async function writeZip(path: string, files: readonly [string, Buffer][]): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of files) zip.addBuffer(data, name);
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(path));
  return path;
}

let dir = '';
let full = '';
let intraOnly = '';
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rpf-zip-'));
  full = await writeZip(join(dir, 'RPF_160930.zip'), [
    [INTRA_1430, rpfFile('I  1430')],
    [FINAL, rpfFile('SF 1830')],
    ['readme.txt', Buffer.from('not an RPF')],
    [INTRA_1130, rpfFile('SI21130')],
    [EARLY, rpfFile('SE 1800')],
  ]);
  intraOnly = await writeZip(join(dir, 'RPF_160929.zip'), [
    [INTRA_1130, rpfFile('I  1130')],
    [INTRA_1430, rpfFile('I  1430')],
  ]);
});

describe('listRpfZip', () => {
  it('lists the RPF entries earliest first, with what their names say', async () => {
    const r = await listRpfZip(full);
    expect(r.ok && r.value).toEqual([
      { fileName: INTRA_1130, kind: 'intraday', businessDate: '2016-09-30', businessTime: '11:30' },
      { fileName: INTRA_1430, kind: 'intraday', businessDate: '2016-09-30', businessTime: '14:30' },
      { fileName: EARLY, kind: 'early', businessDate: '2016-09-30', businessTime: undefined },
      { fileName: FINAL, kind: 'final', businessDate: '2016-09-30', businessTime: undefined },
    ]);
  });

  it('reports a file that is not a zip as an Io error naming it', async () => {
    const path = join(dir, 'RPF_160931.zip');
    writeFileSync(path, 'PK but not really a zip file');
    const r = await listRpfZip(path);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => [e._tag, e.file, e.line])).toEqual([['Io', 'RPF_160931.zip', 0]]);
  });

  it('reports a zip without RPF entries', async () => {
    const path = await writeZip(join(dir, 'empty.zip'), [['notes.txt', Buffer.from('x')]]);
    const r = await listRpfZip(path);
    expect(!r.ok && r.errors.map((e) => [e._tag, e.file, e.field])).toEqual([['Io', 'empty.zip', 'entry']]);
  });
});

describe('chooseRpfEntry', () => {
  const entry = (kind: RpfZipEntry['kind'], time?: string): RpfZipEntry => ({
    fileName: `${kind}${time ?? ''}`,
    kind,
    businessDate: '2016-09-30',
    businessTime: time,
  });
  const all = [entry('final'), entry('intraday', '14:30'), entry('early'), entry('intraday', '11:30')];

  it('takes final, else early, else the latest intra-day file', () => {
    expect(chooseRpfEntry(all)).toEqual({ ok: true, value: entry('final'), warnings: [] });
    expect(chooseRpfEntry(all.filter((e) => e.kind !== 'final'))).toMatchObject({ value: entry('early') });
    expect(chooseRpfEntry(all.filter((e) => e.kind === 'intraday'))).toMatchObject({ value: entry('intraday', '14:30') });
  });

  it('chooses by kind and by intra-day time', () => {
    expect(chooseRpfEntry(all, { kind: 'early' })).toMatchObject({ value: entry('early') });
    expect(chooseRpfEntry(all, { kind: 'intraday' })).toMatchObject({ value: entry('intraday', '14:30') });
    expect(chooseRpfEntry(all, { time: '1130' })).toMatchObject({ value: entry('intraday', '11:30') });
    expect(chooseRpfEntry(all, { kind: 'intraday', time: '11:30' })).toMatchObject({ value: entry('intraday', '11:30') });
  });

  it('names what was asked and what there is when nothing matches', () => {
    const r = chooseRpfEntry(all, { time: '0930' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]!.message).toBe(
      '<input>: entry "intraday at 09:30": no such file in the zip (available: intraday 11:30 intraday11:30, intraday 14:30 intraday14:30, early early, final final)',
    );
    const bad = chooseRpfEntry(all, { time: '9am' });
    expect(!bad.ok && bad.errors.map((e) => [e._tag, e.field, e.text])).toEqual([['InvalidValue', 'time', '9am']]);
  });
});

describe('readRpfZip / readRpf / readRpfZipAll', () => {
  it('parses the final file by default and says which entry it is', async () => {
    const r = await readRpfZip(full);
    if (!r.ok) throw new Error(r.errors[0]!.message);
    expect(r.value.entry).toEqual({ fileName: FINAL, kind: 'final', businessDate: '2016-09-30', businessTime: undefined });
    expect(r.value.rpf.header.kind).toBe('final');
    expect(r.value.rpf.source.fileName).toBe(FINAL);
    expect(r.value.rpf).toEqual((parseRpf(rpfFile('SF 1830'), { fileName: FINAL }) as { value: unknown }).value);
  });

  it('parses the entry chosen by kind or time', async () => {
    const early = await readRpfZip(full, { kind: 'early' });
    expect(early.ok && [early.value.entry.fileName, early.value.rpf.header.kind, early.value.rpf.header.businessTime]).toEqual([
      EARLY,
      'early',
      '18:00',
    ]);
    const intra = await readRpf(full, { time: '1130' });
    expect(intra.ok && [intra.value.source.fileName, intra.value.header.kind, intra.value.header.fileId]).toEqual([INTRA_1130, 'intraday', 'I2']);
    const latest = await readRpfZip(intraOnly);
    expect(latest.ok && latest.value.entry.fileName).toBe(INTRA_1430);
  });

  it('fails naming the zip when no entry matches', async () => {
    const r = await readRpfZip(intraOnly, { kind: 'final' });
    expect(!r.ok && r.errors.map((e) => [e._tag, e.file, e.text])).toEqual([['Io', 'RPF_160929.zip', 'final']]);
  });

  it('names the entry file in the errors of a bad entry', async () => {
    const broken = Buffer.from(rpfFile('SF 1830').toString('latin1').replace('01234-', '01X34-'), 'latin1');
    const path = await writeZip(join(dir, 'RPF_161003.zip'), [[FINAL, broken]]);
    const r = await readRpf(path);
    expect(!r.ok && r.errors.map((e) => [e._tag, e.file, e.line, e.column])).toEqual([['NonNumericField', FINAL, 27, 55]]);
  });

  it('warns when an entry name disagrees with its record 0', async () => {
    const path = await writeZip(join(dir, 'RPF_161004.zip'), [[FINAL, rpfFile('SE 1800')]]);
    const r = await readRpfZip(path);
    expect(r.ok && r.value.rpf.header.kind).toBe('early');
    expect(r.warnings.map((w) => [w._tag, w.file])).toEqual([['FileNameMismatch', FINAL]]);
  });

  it('parses every entry, earliest first', async () => {
    const r = await readRpfZipAll(full);
    if (!r.ok) throw new Error(r.errors[0]!.message);
    expect(r.value.map((e) => [e.entry.fileName, e.rpf.header.kind, e.rpf.header.businessTime])).toEqual([
      [INTRA_1130, 'intraday', '11:30'],
      [INTRA_1430, 'intraday', '14:30'],
      [EARLY, 'early', '18:00'],
      [FINAL, 'final', '18:30'],
    ]);
  });

  it('readRpf reads a .lis by extension', async () => {
    const path = join(dir, FINAL);
    writeFileSync(path, SMALL, 'latin1');
    const r = await readRpf(path);
    expect(r.ok && r.value.source.fileName).toBe(FINAL);
  });
});
