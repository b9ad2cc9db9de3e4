import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from './helpers';
import { AUTH, testServer } from './helpers';

/**
 * POST /v1/var/margin on the configured RPF01 (fixtures/var/rpf01-small.csv). The figures are
 * those worked by hand in fixtures/var/README.md for positions-small.csv and params-small.json.
 */
let s: TestServer;
beforeAll(async () => {
  s = await testServer();
});
afterAll(async () => {
  await s.close();
});

// fixtures/var/positions-small.csv as request rows (decimals as strings).
const positions = [
  ['1', 10000, '480000', '500000'],
  ['5', -2000, '-200000', '-210000'],
  ['9988', 4000, '88000', '80000'],
  ['2800', -5000, '-100000', '-100000'],
  ['12345', 100000, '30000', '25000'],
  ['23456', 50000, '10000', '10000'],
  ['8001', 1000, '30000', '30000'],
  ['8002', -500, '-10000', '-10000'],
  ['8003', 2000, '7000.50', '8000'],
  ['DIV1', 10000, '0', '12345'],
  ['SRI5', -2000, '-1000', '-5999'],
].map(([instrument, quantity, contractValue, marketValue]) => ({ instrument, quantity, contractValue, marketValue }));

// fixtures/var/params-small.json, decimals as strings.
const params = {
  ipo: ['9988'],
  flatRateMultiplier: '1.2',
  marginCredit: 50000,
  floorRate: '0.032',
  alc: 200000,
  alcMultiplier: 2,
  alcCap: '300000',
  positionLimitAddOnRate: '0.25',
  creditRiskAddOn: 1000,
  adHocAddOn: 500,
};

const post = (payload: unknown) => s.app.inject({ method: 'POST', url: '/v1/var/margin', headers: AUTH, payload: payload as object });

describe('POST /v1/var/margin', () => {
  it('the worked example of fixtures/var/README.md', async () => {
    const r = await post({ positions, params });
    expect(r.statusCode).toBe(200);
    const doc = r.json();
    expect(doc).toMatchObject({
      schemaVersion: 1,
      rpf01: { fileName: 'rpf01-small.csv' },
      portfolioMargin: '32394',
      flatRateMargin: '20880',
      liquidationRiskAddOn: '34440',
      structuredProductAddOn: '650',
      corporateActionMargin: '2117',
      holidayAddOn: '22067',
      aggregateMargin: '120000',
      mtm: '5345.5',
      marginAfterCredit: '64654.5',
      positionLimitAddOn: '2899',
      total: '69053.5',
    });
    // HVaR −18,125 / SVaR −35,200 (non-IPO) and −7,500 / −17,500 (9988).
    expect(doc.subPortfolios.map((p: { id: string; hvar: string; svar: string }) => [p.id, p.hvar, p.svar])).toEqual([
      ['non-ipo', '-18125', '-35200'],
      ['9988', '-7500', '-17500'],
    ]);
  });

  it('400 naming the row and field of a bad position, and the path of a bad or unknown parameter', async () => {
    const bad = await post({ positions: [{ ...positions[0], quantity: '1O0' }, ...positions.slice(1)], params });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ issues: [{ path: 'body.positions[0].quantity', value: '1O0' }] });
    // The engine's own check: market value = quantity × price, so its sign follows the quantity.
    const sign = await post({ positions: [positions[0], { ...positions[1], marketValue: '210000' }, ...positions.slice(2)], params });
    expect(sign.statusCode).toBe(400);
    expect(sign.json()).toMatchObject({ code: 'INVALID_POSITIONS', issues: [{ path: 'body.positions[1].marketValue', value: '210000' }] });
    expect(sign.json().issues[0].message).toContain('opposite sign');

    // floorRate 3.2 is a percentage, not a fraction (var-platform.md takes fractions).
    const rate = await post({ positions, params: { ...params, floorRate: '3.2' } });
    expect(rate.statusCode).toBe(400);
    expect(rate.json()).toMatchObject({ code: 'INVALID_PARAMS', issues: [{ path: 'body.params.floorRate', value: '3.2' }] });

    const unknown = await post({ positions, params: { ...params, marginCredits: 1 } });
    expect(unknown.json()).toMatchObject({ statusCode: 400, issues: [{ path: 'body.params.marginCredits' }] });

    const missing = await post({ positions, params: { ...params, alc: undefined } });
    expect(missing.json()).toMatchObject({ statusCode: 400, code: 'INVALID_PARAMS', issues: [{ path: 'body.params.alc' }] });
  });

  it('422 for an instrument the RPF01 file has no parameters for, naming the row', async () => {
    const r = await post({ positions: [...positions, { instrument: '4242', quantity: 100, contractValue: '1000', marketValue: '1000' }], params });
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({ code: 'NOT_MARGINABLE', issues: [{ path: expect.stringMatching(/^body\.positions\[11\]/) }] });
  });

  it('503 when no RPF01 file is configured', async () => {
    const bare = await testServer({ rpf01: undefined });
    try {
      const r = await bare.app.inject({ method: 'POST', url: '/v1/var/margin', headers: AUTH, payload: { positions, params } });
      expect([r.statusCode, r.json().code]).toEqual([503, 'VAR_NOT_CONFIGURED']);
    } finally {
      await bare.close();
    }
  });
});
