import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueToCsv, generatePreset, writeRpf } from '@marginkit/rpf';
import yazl from 'yazl';
import type { TestServer } from './helpers';
import { AUTH, SAMPLE_RPF, testServer } from './helpers';

/**
 * The RPF store over HTTP: uploads validated completely before they count, versions kept with
 * their provenance and addressable by id, switches, and a restart that keeps them.
 */
const sampleBytes = readFileSync(SAMPLE_RPF);
const sampleSha = createHash('sha256').update(sampleBytes).digest('hex');
// A second, different day: the rpf package's generator ('small' preset) and its catalogue.
const generated = generatePreset('small', 1);
const generatedLis = Buffer.from(writeRpf(generated.rpf), 'latin1');
const generatedCatalogue = catalogueToCsv(generated.catalogue);

async function zipOf(files: Record<string, Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of Object.entries(files)) zip.addBuffer(data, name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

let dataDir: string;
let s: TestServer;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'mk-api-rpf-'));
  s = await testServer({}, dataDir);
});
afterAll(async () => {
  await s.close();
  await rm(dataDir, { recursive: true, force: true });
});

const get = (url: string) => s.app.inject({ method: 'GET', url, headers: AUTH });
const upload = (url: string, payload: Buffer | string | Readable, contentType = 'application/octet-stream') =>
  s.app.inject({ method: 'POST', url, headers: { ...AUTH, 'content-type': contentType }, payload });

let sampleId: string;
let catalogueId: string;
let generatedId: string;

describe('RPF versions', () => {
  it('starts with the configured RPF active, with its provenance', async () => {
    const r = await get('/v1/rpf');
    expect(r.statusCode).toBe(200);
    const list = r.json();
    expect(list.versions).toHaveLength(1);
    const [v] = list.versions;
    expect(list.active).toBe(v.id);
    expect(v).toMatchObject({
      active: true,
      source: 'config',
      kind: 'final',
      businessDate: '2016-09-30',
      businessTime: '18:30',
      fileName: 'rpf______-_____-__-_____-160930.lis',
      upload: { fileName: 'rpf______-_____-__-_____-160930.lis', sha256: sampleSha, bytes: sampleBytes.length },
      // fixtures/hkex-2016-sample/README.md: five CCs (FEXXX, FEYYY, SEAIA, SEHEX, SETCH).
      combinedCommodities: 5,
      seriesNotMarginable: 0,
      warnings: [],
    });
    sampleId = v.id;
    expect((await get(`/v1/rpf/${sampleId}`)).json().id).toBe(sampleId);
  });

  it('takes a catalogue in (201), and the same bytes again are the same catalogue (200)', async () => {
    const first = await upload('/v1/catalogues?fileName=small.csv', generatedCatalogue, 'text/csv');
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ source: 'upload', fileName: 'small.csv', contracts: generated.catalogue.contracts.length });
    catalogueId = first.json().id;
    const again = await upload('/v1/catalogues?fileName=small.csv', generatedCatalogue, 'text/csv');
    expect([again.statusCode, again.json().id]).toEqual([200, catalogueId]);
    const list = (await get('/v1/catalogues')).json();
    expect(list.catalogues.map((c: { id: string }) => c.id)).toContain(catalogueId);
  });

  it('400 for a malformed catalogue, naming line, field and value', async () => {
    const r = await upload('/v1/catalogues?fileName=bad.csv', 'clearingHouse,cc,commodity,currency,multiplier,priceDecimals\nHKCC,FEXXX,XXX,HKD,fifty,0\n', 'text/csv');
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'CATALOGUE_INVALID', issues: [{ path: 'bad.csv:2', value: 'fifty' }] });
  });

  it('an upload becomes a new active version once parsed; the earlier one stays addressable', async () => {
    const r = await upload(`/v1/rpf?fileName=small.lis&catalogue=${catalogueId}`, generatedLis);
    expect(r.statusCode).toBe(201);
    const v = r.json();
    expect(v).toMatchObject({
      active: true,
      source: 'upload',
      kind: generated.rpf.header.kind,
      businessDate: '2024-03-15',
      fileName: 'small.lis',
      catalogue: catalogueId,
      series: generated.rpf.series.length,
      seriesNotMarginable: 0,
    });
    generatedId = v.id;
    expect(generatedId).not.toBe(sampleId);

    const list = (await get('/v1/rpf')).json();
    expect(list.active).toBe(generatedId);
    expect(list.versions.map((x: { id: string }) => x.id).sort()).toEqual([sampleId, generatedId].sort());

    // Margin requests now use the new day, unless they name the old one.
    const now = await s.app.inject({ method: 'POST', url: '/v1/margin', headers: AUTH, payload: { view: 'summary', positions: [{ series: 'HSIH4', quantity: -1 }] } });
    expect([now.statusCode, now.json().rpf.id]).toEqual([200, generatedId]);
    const old = await s.app.inject({
      method: 'POST',
      url: '/v1/margin',
      headers: AUTH,
      payload: { rpfId: sampleId, view: 'summary', positions: [{ series: 'XXXM8', quantity: -6 }] },
    });
    // HKEX HKCC case 1: 342,300.
    expect([old.statusCode, old.json().rpf.id, old.json().accounts[0].clearingHouseTotalHkd]).toEqual([200, sampleId, '342300']);
  });

  it('a malformed .lis is a 400 naming file:line:column, and nothing changes', async () => {
    const before = (await get('/v1/rpf')).json();
    // Line 2 is the T record: its rate 9(4)V9(6) starts at column 10; a letter inside it.
    const text = sampleBytes.toString('latin1').split('\n');
    text[1] = `${text[1]?.slice(0, 12)}X${text[1]?.slice(13)}`;
    const r = await upload('/v1/rpf?fileName=bad.lis', Buffer.from(text.join('\n'), 'latin1'));
    expect(r.statusCode).toBe(400);
    const body = r.json();
    expect(body.code).toBe('RPF_INVALID');
    expect(body.issues[0].path).toMatch(/^bad\.lis:2:\d+$/);
    expect(body.message).toMatch(/^bad\.lis:2:\d+: /);
    expect(body.issues[0].message).toContain('record T');
    const after = (await get('/v1/rpf')).json();
    expect(after).toEqual(before);
    // No trace of it in the data directory (the staging folder is cleared).
    expect(readdirSync(join(dataDir, 'rpf')).sort()).toEqual(before.versions.map((v: { id: string }) => v.id).sort());
    expect(existsSync(join(dataDir, 'staging')) ? readdirSync(join(dataDir, 'staging')) : []).toEqual([]);
  });

  it('a file that is not an RPF at all is a 400 too', async () => {
    const r = await upload('/v1/rpf?fileName=notes.lis', 'hello\n');
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('RPF_INVALID');
    const empty = await upload('/v1/rpf', Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
  });

  it('reads one file of an RPF_yymmdd.zip, by default rule or by kind, and says which', async () => {
    const zip = await zipOf({ 'rpf______-_____-__-_____-160930.lis': sampleBytes, 'readme.txt': Buffer.from('not an RPF') });

    const r = await upload('/v1/rpf?fileName=RPF_160930.zip&activate=false', zip, 'application/zip');
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ active: false, fileName: 'rpf______-_____-__-_____-160930.lis', kind: 'final', upload: { fileName: 'RPF_160930.zip' } });
    // A zip is recognised without a file name too (the same bytes: the same version, 200).
    const unnamed = await upload('/v1/rpf?activate=false', zip, 'application/zip');
    expect([unnamed.statusCode, unnamed.json().id]).toEqual([200, r.json().id]);
    // No early file in it.
    const early = await upload('/v1/rpf?fileName=RPF_160930.zip&kind=early', zip, 'application/zip');
    expect(early.statusCode).toBe(400);
    expect(early.json().message).toContain('no such file in the zip');
    expect((await get('/v1/rpf')).json().active).toBe(generatedId);
  });

  it('reads an upload that names no catalogue with the configured one', async () => {
    const r = await upload('/v1/rpf?fileName=small-2.lis&activate=false', Buffer.from(writeRpf(generatePreset('small', 2).rpf), 'latin1'));
    expect(r.statusCode).toBe(201);
    const v = r.json();
    // The sample catalogue's commodities (fixtures/hkex-2016-sample/README.md) are XXX, YYY, AIA,
    // HEX and TCH: the generated HSI and MHI series cannot be margined with it.
    const sampleCommodities = new Set(['XXX', 'YYY', 'AIA', 'HEX', 'TCH']);
    const unknown = generatePreset('small', 2).rpf.series.filter((x) => !sampleCommodities.has(x.commodity)).length;
    expect(unknown).toBeGreaterThan(0);
    expect(v.seriesNotMarginable).toBe(unknown);
    expect(v.active).toBe(false);
  });

  it('404 for an unknown catalogue or version, 400 for a malformed id or option', async () => {
    expect((await upload('/v1/rpf?catalogue=0123456789abcdef', generatedLis)).statusCode).toBe(404);
    expect((await get('/v1/rpf/0123456789abcdef')).statusCode).toBe(404);
    expect((await s.app.inject({ method: 'POST', url: '/v1/rpf/0123456789abcdef/activate', headers: AUTH })).statusCode).toBe(404);
    const bad = await get('/v1/rpf/latest');
    expect(bad.json()).toMatchObject({ statusCode: 400, issues: [{ path: 'params.id', value: 'latest' }] });
    const kind = await upload('/v1/rpf?kind=late', generatedLis);
    expect(kind.json()).toMatchObject({ statusCode: 400, issues: [{ path: 'query.kind', value: 'late' }] });
    const unknown = await upload('/v1/rpf?catalog=x', generatedLis);
    expect(unknown.json()).toMatchObject({ statusCode: 400, issues: [{ path: 'query.catalog' }] });
  });

  it('switches back to an earlier version by id', async () => {
    const r = await s.app.inject({ method: 'POST', url: `/v1/rpf/${sampleId}/activate`, headers: AUTH });
    expect([r.statusCode, r.json().id, r.json().active]).toEqual([200, sampleId, true]);
    expect((await get('/v1/rpf')).json().active).toBe(sampleId);
    await s.app.inject({ method: 'POST', url: `/v1/rpf/${generatedId}/activate`, headers: AUTH });
  });

  it('a restart keeps every version and the active one', async () => {
    const before = (await get('/v1/rpf')).json();
    await s.app.close();
    s = await testServer({}, dataDir);
    const after = (await get('/v1/rpf')).json();
    expect(after.active).toBe(generatedId);
    expect(after.versions.map((v: { id: string }) => v.id).sort()).toEqual(before.versions.map((v: { id: string }) => v.id).sort());
    // The kept upload is parsed again when named.
    const r = await s.app.inject({ method: 'POST', url: '/v1/margin', headers: AUTH, payload: { view: 'summary', positions: [{ series: 'HSIH4', quantity: -1 }] } });
    expect([r.statusCode, r.json().rpf.id]).toEqual([200, generatedId]);
  });

  it('a newly configured RPF becomes active on restart', async () => {
    const other = join(dataDir, '..', `small-3-${Date.now()}.lis`);
    const { writeFileSync, rmSync } = await import('node:fs');
    writeFileSync(other, writeRpf(generatePreset('small', 3).rpf), 'latin1');
    try {
      await s.app.close();
      s = await testServer({ rpf: other }, dataDir);
      const list = (await get('/v1/rpf')).json();
      const active = list.versions.find((v: { active: boolean }) => v.active);
      expect(active).toMatchObject({ source: 'config', businessDate: '2024-03-15' });
      expect(list.versions).toHaveLength(5);
    } finally {
      rmSync(other, { force: true });
    }
  });
});

describe('upload limits', () => {
  it('413 for an upload over the limit, declared or streamed, and the store is unchanged', async () => {
    const small = await testServer({ uploadLimit: 1000 });
    try {
      const declared = await small.app.inject({ method: 'POST', url: '/v1/rpf', headers: { ...AUTH, 'content-type': 'application/octet-stream' }, payload: sampleBytes });
      expect([declared.statusCode, declared.json().code]).toEqual([413, 'TOO_LARGE']);
      const streamed = await small.app.inject({
        method: 'POST',
        url: '/v1/rpf',
        headers: { ...AUTH, 'content-type': 'application/octet-stream' },
        payload: Readable.from([sampleBytes.subarray(0, 800), sampleBytes.subarray(800)]),
      });
      expect([streamed.statusCode, streamed.json().code]).toEqual([413, 'TOO_LARGE']);
      expect((await small.app.inject({ method: 'GET', url: '/v1/rpf', headers: AUTH })).json().versions).toHaveLength(1);
    } finally {
      await small.close();
    }
  });
});
