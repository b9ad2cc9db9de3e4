import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from './helpers';
import { AUTH, testServer } from './helpers';

/**
 * POST /v1/margin and /v1/margin/whatif on the bundled sample RPF. Expected figures are HKEX's
 * published test cases (fixtures/hkex-2016-sample/expected.json), or hand arithmetic on them
 * written out beside the assertion.
 */
let s: TestServer;
beforeAll(async () => {
  s = await testServer();
});
afterAll(async () => {
  await s.close();
});

const HKCC_3 = [
  { cc: 'FEYYY', series: 'YYY6800R7', quantity: 10 },
  { cc: 'FEXXX', series: 'XXX17400R8', quantity: 2 },
  { cc: 'FEXXX', series: 'XXX18200R8', quantity: -2 },
];

async function post(url: string, payload: unknown, headers: Record<string, string> = {}) {
  return s.app.inject({ method: 'POST', url, headers: { ...AUTH, ...headers }, payload: payload as object });
}

describe('POST /v1/margin', () => {
  it("reproduces HKEX's HKCC case 3, net and gross, as cli-contract.md's full document", async () => {
    const r = await post('/v1/margin', {
      positions: [...HKCC_3.map((p) => ({ ...p, account: 'N' })), ...HKCC_3.map((p) => ({ ...p, account: 'G', basis: 'gross' }))],
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    const doc = r.json();
    expect(doc.schemaVersion).toBe(1);
    expect(doc.rpf).toMatchObject({ kind: 'final', businessDate: '2016-09-30', businessTime: '18:30', fileName: 'rpf______-_____-__-_____-160930.lis' });
    expect(doc.rpf.id).toMatch(/^[0-9a-f]{16}$/);
    const [net, gross] = doc.accounts;
    // HKEX: clearing house net 43,855 (FEXXX RM 11,420 + FEYYY RM 32,435), client 53,189.
    expect(net).toMatchObject({ account: 'N', basis: 'net', clearingHouseTotalHkd: '43855' });
    const ccs = Object.fromEntries(net.clearingHouses[0].combinedCommodities.map((c: { cc: string }) => [c.cc, c]));
    expect(ccs.FEXXX.riskMargin).toBe('11420');
    expect(ccs.FEYYY).toMatchObject({ riskMargin: '32435', longOptionValue: '38000' });
    expect(ccs.FEXXX.sides.map((x: { side: string }) => x.side)).toEqual(['net']);
    expect(net.client).toMatchObject({ multiplier: '1.33', total: '53189', maintenance: '42551' });
    // HKEX: gross 176,250 (FEYYY 32,990 + FEXXX 143,260), client 228,536.
    expect(gross).toMatchObject({ account: 'G', basis: 'gross', clearingHouseTotalHkd: '176250' });
    expect(gross.client.total).toBe('228536');
    expect(doc.skippedPositions).toEqual([]);
  });

  it('summary view: the totals only', async () => {
    const r = await post('/v1/margin', { view: 'summary', positions: HKCC_3 });
    expect(r.statusCode).toBe(200);
    const [a] = r.json().accounts;
    expect(a).toEqual({
      account: 'portfolio',
      basis: 'net',
      clearingHouseTotalHkd: '43855',
      clearingHouses: [{ clearingHouse: 'HKCC', currency: 'HKD', requirement: '43855', hkdRate: '1', requirementHkd: '43855' }],
      client: {
        multiplier: '1.33',
        maintenanceRatio: '0.8',
        totals: [{ clearingHouse: 'HKCC', currency: 'HKD', total: '53189', maintenance: '42551' }],
        total: '53189',
        maintenance: '42551',
      },
    });
  });

  it("applies the request's multiplier and maintenance ratio, and a row's own multiplier over it", async () => {
    // HKCC case 1: short 6 XXXM8, RM 342,300 (HKEX). × 1.5 = 513,450; maintenance 0.75 × = 385,087.5 → 385,088.
    const r = await post('/v1/margin', {
      view: 'summary',
      multiplier: '1.5',
      maintenanceRatio: '0.75',
      positions: [
        { account: 'run', cc: 'FEXXX', series: 'XXXM8', quantity: -6 },
        // Its own multiplier: 342,300 × 2 = 684,600.
        { account: 'own', cc: 'FEXXX', series: 'XXXM8', quantity: -6, multiplier: '2' },
      ],
    });
    expect(r.statusCode).toBe(200);
    const [run, own] = r.json().accounts;
    expect([run.clearingHouseTotalHkd, run.client.total, run.client.maintenance]).toEqual(['342300', '513450', '385088']);
    expect([own.client.multiplier, own.client.total]).toEqual(['2', '684600']);
  });

  it('reads quantities given as integer text and SEOCH series codes with decimals', async () => {
    // HKEX SEOCH case 1: short 5 HEX165.00U7, clearing house 8,485 (RM 4,795 + MTM 3,690), client 10,067.
    const r = await post('/v1/margin', { view: 'summary', positions: [{ series: 'HEX165.00U7', quantity: '-5' }] });
    expect(r.statusCode).toBe(200);
    expect(r.json().accounts[0]).toMatchObject({ clearingHouseTotalHkd: '8485', client: { total: '10067' } });
  });

  it('422 for series the RPF cannot margin, listing every such row with its index, field and value', async () => {
    const r = await post('/v1/margin', {
      positions: [
        { series: 'XXXM8', quantity: -6 },
        { series: 'XXXM9', quantity: 1 },
        { cc: 'FEXXX', series: 'YYY6800R7', quantity: 1 },
      ],
    });
    expect(r.statusCode).toBe(422);
    const body = r.json();
    expect(body.code).toBe('NOT_MARGINABLE');
    expect(body.issues).toHaveLength(2);
    expect(body.issues[0]).toMatchObject({ path: 'body.positions[1].series', value: 'XXXM9' });
    expect(body.issues[0].message).toContain('closest: XXXM8');
    expect(body.issues[1]).toMatchObject({ path: 'body.positions[2].cc', value: 'FEXXX' });
    expect(body.message).toMatch(/^body\.positions\[1\]\.series: .*\(\+1 more\)$/);
  });

  it('skipUnknown leaves such rows out and lists them', async () => {
    const r = await post('/v1/margin', { view: 'summary', skipUnknown: true, positions: [{ series: 'XXXM8', quantity: -6 }, { series: 'XXXM9', quantity: 1 }] });
    expect(r.statusCode).toBe(200);
    const doc = r.json();
    expect(doc.accounts[0].clearingHouseTotalHkd).toBe('342300');
    expect(doc.skippedPositions).toHaveLength(1);
    expect(doc.skippedPositions[0]).toMatchObject({ reason: 'UnknownSeries', field: 'series', value: 'XXXM9', file: 'body.positions[1]' });
  });

  it('400 for rows whose account options disagree, naming the row', async () => {
    const r = await post('/v1/margin', {
      positions: [
        { account: 'A', series: 'XXXM8', quantity: -6, basis: 'net' },
        { account: 'A', series: 'XXXM8', quantity: 1, basis: 'gross' },
      ],
    });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'INVALID_POSITIONS', issues: [{ path: 'body.positions[1].basis', value: 'gross' }] });
  });

  it('400 naming the path of every unknown field (a misspelt override is not ignored)', async () => {
    const r = await post('/v1/margin', { positions: [{ series: 'XXXM8', quantity: -6, multipler: '1.5' }], colour: 'red' });
    expect(r.statusCode).toBe(400);
    const body = r.json();
    expect(body.code).toBe('INVALID_REQUEST');
    expect(body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.colour', 'body.positions[0].multipler']);
  });

  it('400 for a prototype key, which stays data and is an unknown field', async () => {
    const r = await post('/v1/margin', '{"positions":[],"__proto__":{"view":"summary"}}', { 'content-type': 'application/json' });
    expect(r.statusCode).toBe(400);
    expect(r.json().issues[0].path).toBe('body.__proto__');
  });

  it('400 for bad values, each with its path and value', async () => {
    const r = await post('/v1/margin', {
      basis: 'nett',
      multiplier: '0',
      rpfId: 'latest',
      positions: [{ cc: 'fexxx', series: '', quantity: 'ten' }],
    });
    expect(r.statusCode).toBe(400);
    const byPath = Object.fromEntries(r.json().issues.map((i: { path: string; value?: string }) => [i.path, i.value]));
    expect(byPath).toMatchObject({
      'body.basis': 'nett',
      'body.multiplier': '0',
      'body.rpfId': 'latest',
      'body.positions[0].cc': 'fexxx',
      'body.positions[0].quantity': 'ten',
    });
    expect(Object.keys(byPath)).toContain('body.positions[0].series');
  });

  it('never reads a decimal through a binary float: non-integer JSON numbers are refused with their path', async () => {
    // JSON.parse would read 1.0000000000000001 as 1 and margin 1 contract without a word.
    const r = await post('/v1/margin', '{"multiplier":1.33,"positions":[{"series":"XXXM8","quantity":1.0000000000000001}]}', { 'content-type': 'application/json' });
    expect(r.statusCode).toBe(400);
    const body = r.json();
    expect(body.code).toBe('INVALID_NUMBER');
    expect(body.issues).toEqual([
      expect.objectContaining({ path: 'body.multiplier', value: '1.33' }),
      expect.objectContaining({ path: 'body.positions[0].quantity', value: '1.0000000000000001' }),
    ]);
    // Past 2^53 − 1 an integer is refused too (9007199254740993 would read as …992).
    const big = await post('/v1/margin', '{"positions":[{"series":"XXXM8","quantity":9007199254740993}]}', { 'content-type': 'application/json' });
    expect(big.json()).toMatchObject({ statusCode: 400, issues: [{ path: 'body.positions[0].quantity', value: '9007199254740993' }] });
  });

  it('400 with line and column for malformed JSON, and for an empty body', async () => {
    const r = await post('/v1/margin', '{\n  "positions": [,]\n}', { 'content-type': 'application/json' });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'INVALID_JSON', issues: [{ path: 'body:2:17' }] });
    const empty = await post('/v1/margin', '', { 'content-type': 'application/json' });
    expect(empty.statusCode).toBe(400);
  });

  it('400 (not 500) for a body that is not JSON at all', async () => {
    const r = await post('/v1/margin', 'account,series,quantity\nA,XXXM8,1\n', { 'content-type': 'text/plain' });
    expect(r.statusCode).toBeGreaterThanOrEqual(400);
    expect(r.statusCode).toBeLessThan(500);
  });

  it('404 for an RPF version id the service does not hold', async () => {
    const r = await post('/v1/margin', { rpfId: '0123456789abcdef', positions: HKCC_3 });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ code: 'UNKNOWN_RPF' });
  });

  it('margins with a version named by id', async () => {
    const active = (await s.app.inject({ method: 'GET', url: '/v1/rpf', headers: AUTH })).json().active as string;
    const r = await post('/v1/margin', { rpfId: active, view: 'summary', positions: HKCC_3 });
    expect(r.statusCode).toBe(200);
    expect(r.json().rpf.id).toBe(active);
  });

  it('an empty portfolio is a run of no accounts', async () => {
    const r = await post('/v1/margin', { positions: [] });
    expect(r.statusCode).toBe(200);
    expect(r.json().accounts).toEqual([]);
  });
});

describe('POST /v1/margin/whatif', () => {
  it("HKEX's HKCC case 1 becoming case 2 by two trades: each step, its increment, and the margin benefit", async () => {
    const r = await post('/v1/margin/whatif', {
      positions: [{ account: 'A1', cc: 'FEXXX', series: 'XXXM8', quantity: -6 }],
      trades: [
        { cc: 'FEYYY', series: 'YYY6800R7', quantity: 10 },
        { series: 'YYY6900R7', quantity: 4 },
      ],
    });
    expect(r.statusCode).toBe(200);
    const doc = r.json();
    expect(doc).toMatchObject({ schemaVersion: 1, account: 'A1', basis: 'net' });
    expect(doc.rpf.id).toMatch(/^[0-9a-f]{16}$/);
    // HKEX: case 1 342,300 / client 455,259; case 2 389,918 / client 510,259. The middle step adds
    // FEYYY's 32,990 (case 3 gross: 10 YYY6800R7 alone), client + 38,000 (capped at its LOV).
    expect(doc.steps).toEqual([
      { trade: null, clearingHouseTotalHkd: '342300', clientTotal: '455259' },
      { trade: { cc: 'FEYYY', series: 'YYY6800R7', quantity: 10 }, clearingHouseTotalHkd: '375290', clientTotal: '493259', incrementalClearingHouse: '32990', incrementalClient: '38000' },
      { trade: { cc: 'FEYYY', series: 'YYY6900R7', quantity: 4 }, clearingHouseTotalHkd: '389918', clientTotal: '510259', incrementalClearingHouse: '14628', incrementalClient: '17000' },
    ]);
    // Alone: 342,300 + 32,990 + 14,628 (3,657 × 4) = 389,918 = the portfolio → benefit 0;
    // client alone: 455,259 + 38,000 + 17,000 (4 × 85 × 50, capped) = 510,259 → 0.
    expect(doc.marginBenefit).toEqual({ clearingHouse: '0', client: '0' });
  });

  it('422 for a trade the RPF cannot margin, naming the trade', async () => {
    const r = await post('/v1/margin/whatif', { positions: [], trades: [{ series: 'XXXM8', quantity: 1 }, { series: 'ZZZM8', quantity: 1 }] });
    expect(r.statusCode).toBe(422);
    expect(r.json().issues).toEqual([expect.objectContaining({ path: 'body.trades[1].series', value: 'ZZZM8' })]);
  });

  it('400 for a trade of 0 contracts, no trades, or positions of several accounts without `account`', async () => {
    const zero = await post('/v1/margin/whatif', { positions: [], trades: [{ series: 'XXXM8', quantity: 0 }] });
    expect(zero.json()).toMatchObject({ statusCode: 400, issues: [{ path: 'body.trades[0].quantity' }] });
    const none = await post('/v1/margin/whatif', { positions: [], trades: [] });
    expect(none.json()).toMatchObject({ statusCode: 400, issues: [{ path: 'body.trades' }] });
    const two = await post('/v1/margin/whatif', {
      positions: [
        { account: 'A', series: 'XXXM8', quantity: 1 },
        { account: 'B', series: 'XXXM8', quantity: 1 },
      ],
      trades: [{ series: 'XXXM8', quantity: 1 }],
    });
    expect(two.json()).toMatchObject({ statusCode: 400, code: 'AMBIGUOUS_ACCOUNT', issues: [{ path: 'body.account' }] });
  });
});
