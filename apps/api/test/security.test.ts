import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../src/index';
import type { TestServer } from './helpers';
import { AUTH, KEY, testServer } from './helpers';

/** API keys, rate limits, body limits, security headers and request ids. */
let s: TestServer;
beforeAll(async () => {
  s = await testServer();
});
afterAll(async () => {
  await s.close();
});

const margin = { view: 'summary', positions: [{ series: 'XXXM8', quantity: -6 }] };

describe('API keys', () => {
  it('401 without a key or with a wrong one, for every protected route (and unknown ones)', async () => {
    for (const [method, url] of [
      ['POST', '/v1/margin'],
      ['POST', '/v1/margin/whatif'],
      ['POST', '/v1/var/margin'],
      ['GET', '/v1/rpf'],
      ['POST', '/v1/rpf'],
      ['GET', '/v1/catalogues'],
      ['GET', '/metrics'],
      ['GET', '/v1/nothing-here'],
    ] as const) {
      for (const headers of [{}, { 'x-api-key': `${KEY}x` }, { authorization: 'Bearer nope' }, { authorization: `Basic ${KEY}` }]) {
        const r = await s.app.inject({ method, url, headers, ...(method === 'POST' ? { payload: margin } : {}) });
        expect([url, r.statusCode]).toEqual([url, 401]);
        expect(r.json()).toMatchObject({ statusCode: 401, code: 'UNAUTHORIZED' });
        expect(r.headers['www-authenticate']).toContain('Bearer');
      }
    }
  });

  it('accepts the key as X-API-Key or as a bearer token', async () => {
    expect((await s.app.inject({ method: 'POST', url: '/v1/margin', headers: AUTH, payload: margin })).statusCode).toBe(200);
    expect((await s.app.inject({ method: 'POST', url: '/v1/margin', headers: { authorization: `Bearer ${KEY}` }, payload: margin })).statusCode).toBe(200);
  });

  it('probes and the API description need no key', async () => {
    for (const url of ['/healthz', '/readyz', '/openapi.json', '/docs/']) {
      expect([url, (await s.app.inject({ method: 'GET', url })).statusCode]).toEqual([url, 200]);
    }
  });

  it('keys are configured as sha256 digests: sha256("test-key-of-the-suite")', () => {
    // Written out with `printf %s test-key-of-the-suite | sha256sum`.
    expect(hashApiKey(KEY)).toBe('sha256:d481470eb0f8f36f0a35d8580b3c2adfe601ae542615dd1b3e48a54a8e6c699d');
  });
});

describe('limits', () => {
  it('413 for a JSON body over the limit', async () => {
    const small = await testServer({ bodyLimit: 2048 });
    try {
      const positions = Array.from({ length: 200 }, () => ({ series: 'XXXM8', quantity: 1 }));
      const r = await small.app.inject({ method: 'POST', url: '/v1/margin', headers: AUTH, payload: { positions } });
      expect(r.statusCode).toBe(413);
      expect(r.json()).toMatchObject({ statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    } finally {
      await small.close();
    }
  });

  it('429 past the rate limit, per key, with a retry time; probes are not limited', async () => {
    const limited = await testServer({ rateLimitMax: 3, rateLimitWindowMs: 60_000 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await limited.app.inject({ method: 'POST', url: '/v1/margin', headers: AUTH, payload: margin })).statusCode);
      expect(codes).toEqual([200, 200, 200, 429, 429]);
      const r = await limited.app.inject({ method: 'GET', url: '/v1/rpf', headers: AUTH });
      expect(r.statusCode).toBe(429);
      expect(r.json()).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      for (let i = 0; i < 5; i++) expect((await limited.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('headers', () => {
  it('sets security headers and echoes or makes a request id', async () => {
    const r = await s.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'trace-123' } });
    expect(r.headers['x-request-id']).toBe('trace-123');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    // The docs UI loads its own scripts over the same plain-HTTP origin.
    expect(r.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(r.headers['strict-transport-security']).toBeDefined();
    expect(r.headers['x-powered-by']).toBeUndefined();
    const made = await s.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'not ok <script>' } });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
