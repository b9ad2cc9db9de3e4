import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueToCsv, generatePreset, writeRpf } from '@marginkit/rpf';
import type { TestServer } from './helpers';
import { AUTH, testServer } from './helpers';

/**
 * RPF switches under load: uploads alternate between two RPF versions (each one parsed and
 * prepared again, then made active) while margin requests run. Every response must be exactly
 * the response of one version, byte for byte — the one it names — so no request saw a
 * half-loaded file or figures from two versions.
 */
const dayA = generatePreset('small', 1);
const dayB = generatePreset('small', 2);
const lisA = Buffer.from(writeRpf(dayA.rpf), 'latin1');
const lisB = Buffer.from(writeRpf(dayB.rpf), 'latin1');

// 20 positions in series both days list (futures and options of the index, stock options).
const keysB = new Set(dayB.rpf.series.map((x) => x.key));
const common = dayA.rpf.series.filter((x) => keysB.has(x.key));
const positions = Array.from({ length: 20 }, (_, i) => {
  const series = common[(i * 7) % common.length];
  if (series === undefined) throw new Error('no common series');
  return { series: series.key, quantity: (i % 3 === 0 ? -1 : 1) * (1 + (i % 5)) };
});

let s: TestServer;
let catalogue: string;
beforeAll(async () => {
  s = await testServer();
  // One catalogue fits both days (the preset's contracts do not depend on the seed).
  expect(catalogueToCsv(dayB.catalogue)).toBe(catalogueToCsv(dayA.catalogue));
  const r = await s.app.inject({ method: 'POST', url: '/v1/catalogues?fileName=small.csv', headers: { ...AUTH, 'content-type': 'text/csv' }, payload: catalogueToCsv(dayA.catalogue) });
  catalogue = r.json().id;
});
afterAll(async () => {
  await s.close();
});

const upload = async (lis: Buffer, name: string) => {
  const r = await s.app.inject({ method: 'POST', url: `/v1/rpf?fileName=${name}&catalogue=${catalogue}`, headers: { ...AUTH, 'content-type': 'application/octet-stream' }, payload: lis });
  expect(r.statusCode).toBeLessThan(300);
  return r.json().id as string;
};
const marginText = async (rpfId?: string) => {
  const r = await s.app.inject({ method: 'POST', url: '/v1/margin', headers: AUTH, payload: { positions, ...(rpfId === undefined ? {} : { rpfId }) } });
  expect(r.statusCode).toBe(200);
  return r.body;
};

describe('switching RPF versions while margin requests run', () => {
  it('every response is wholly the response of the one version it names', async () => {
    const idA = await upload(lisA, 'day-a.lis');
    const idB = await upload(lisB, 'day-b.lis');
    const expected = new Map([
      [idA, await marginText(idA)],
      [idB, await marginText(idB)],
    ]);
    // The two days must give different figures, or the test could not tell them apart.
    const totals = [...expected.values()].map((t) => JSON.parse(t).accounts[0].clearingHouseTotalHkd as string);
    expect(totals[0]).not.toBe(totals[1]);

    let switching = true;
    const switches = (async () => {
      for (let i = 0; i < 12; i++) {
        if (i % 2 === 0) await upload(lisA, 'day-a.lis');
        else await upload(lisB, 'day-b.lis');
      }
      switching = false;
    })();
    const seenActive = new Map<string, number>();
    let answered = 0;
    while (switching) {
      // A few requests at a time, on the active version and on each version by id.
      const batch = await Promise.all([marginText(), marginText(), marginText(idA), marginText(), marginText(idB)]);
      batch.forEach((text, i) => {
        const id = JSON.parse(text).rpf.id as string;
        expect(text).toBe(expected.get(id));
        if (i === 2) expect(id).toBe(idA);
        if (i === 4) expect(id).toBe(idB);
        if (i !== 2 && i !== 4) seenActive.set(id, (seenActive.get(id) ?? 0) + 1);
        answered++;
      });
    }
    await switches;
    expect(answered).toBeGreaterThan(20);
    // Requests on the active version met both versions: the switches happened while they ran.
    expect([...seenActive.keys()].sort()).toEqual([idA, idB].sort());
    // The last upload (i = 11, day B) left B active.
    expect(JSON.parse(await marginText()).rpf.id).toBe(idB);
  });
});
