import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from './helpers';
import { AUTH, KEY, SAMPLE_RPF, testServer } from './helpers';

/** Probes, metrics, the OpenAPI document and the docs UI, and a graceful shutdown. */
let s: TestServer;
beforeAll(async () => {
  s = await testServer();
});
afterAll(async () => {
  await s.close();
});

describe('probes', () => {
  it('healthz says the process answers; readyz names the active RPF version', async () => {
    expect((await s.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await s.app.inject({ method: 'GET', url: '/readyz' });
    const active = (await s.app.inject({ method: 'GET', url: '/v1/rpf', headers: AUTH })).json().active;
    expect([ready.statusCode, ready.json()]).toEqual([200, { status: 'ready', rpf: active }]);
  });
});

describe('GET /metrics', () => {
  it('exposes request counters per route and status, latency, what was margined and the active RPF', async () => {
    await s.app.inject({ method: 'POST', url: '/v1/margin', headers: AUTH, payload: { positions: [{ series: 'XXXM8', quantity: -6 }, { account: 'B', series: 'XXXM8', quantity: 1 }] } });
    await s.app.inject({ method: 'POST', url: '/v1/margin', headers: AUTH, payload: { positions: [{ series: 'NOPE', quantity: 1 }] } });
    const r = await s.app.inject({ method: 'GET', url: '/metrics', headers: AUTH });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/plain');
    const text = r.body;
    expect(text).toMatch(/^http_requests_total\{method="POST",route="\/v1\/margin",status_code="200"\} 1$/m);
    expect(text).toMatch(/^http_requests_total\{method="POST",route="\/v1\/margin",status_code="422"\} 1$/m);
    expect(text).toMatch(/^http_request_duration_seconds_bucket\{le="0.01",method="POST",route="\/v1\/margin",status_code="200"\} \d+$/m);
    // Two accounts and two positions margined by the successful request.
    expect(text).toMatch(/^marginkit_accounts_margined_total\{endpoint="margin"\} 2$/m);
    expect(text).toMatch(/^marginkit_positions_margined_total\{endpoint="margin"\} 2$/m);
    expect(text).toMatch(/^marginkit_rpf_active_info\{id="[0-9a-f]{16}",kind="final",business_date="2016-09-30",business_time="18:30"\} 1$/m);
    expect(text).toMatch(/^marginkit_rpf_versions 1$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
  });
});

describe('OpenAPI', () => {
  const ROUTES = [
    'get /healthz',
    'get /readyz',
    'get /metrics',
    'get /openapi.json',
    'get /v1/rpf',
    'post /v1/rpf',
    'get /v1/rpf/{id}',
    'post /v1/rpf/{id}/activate',
    'get /v1/catalogues',
    'post /v1/catalogues',
    'post /v1/margin',
    'post /v1/margin/whatif',
    'post /v1/var/margin',
  ];

  it('is an OpenAPI 3 document listing every route, each with responses, every $ref resolving', async () => {
    const r = await s.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(r.statusCode).toBe(200);
    const doc = r.json();
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    const listed = Object.entries(doc.paths as Record<string, Record<string, { responses?: object }>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method} ${path}`),
    );
    expect(listed.sort()).toEqual([...ROUTES].sort());
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { responses?: object }>>)) {
      for (const [method, op] of Object.entries(ops)) expect([method, path, Object.keys(op.responses ?? {}).length > 0]).toEqual([method, path, true]);
    }
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1] as string);
    expect(refs.length).toBeGreaterThan(0);
    for (const name of refs) expect([name, doc.components.schemas[name] !== undefined]).toEqual([name, true]);
  });

  it('describes strict request bodies and the API key security', async () => {
    const doc = (await s.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const ref = doc.paths['/v1/margin'].post.requestBody.content['application/json'].schema.$ref as string;
    const body = doc.components.schemas[ref.replace('#/components/schemas/', '')];
    expect(body.additionalProperties).toBe(false);
    expect(body.required).toEqual(['positions']);
    expect(doc.components.securitySchemes.apiKey).toEqual({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
    expect(doc.paths['/healthz'].get.security).toEqual([]);
  });

  it('serves the docs UI from the service itself (no CDN)', async () => {
    const page = await s.app.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toMatch(/https?:\/\/(?!localhost)[^"']*\.(js|css)/);
    const scripts = [...page.body.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1] as string);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      const url = src.startsWith('/') ? src : `/docs/${src.replace(/^\.\//, '')}`;
      expect([url, (await s.app.inject({ method: 'GET', url })).statusCode]).toEqual([url, 200]);
    }
  });
});

describe('graceful shutdown', () => {
  it('close() waits for a request in flight, which completes', async () => {
    const server = await testServer();
    await server.app.listen({ host: '127.0.0.1', port: 0 });
    const port = (server.app.server.address() as AddressInfo).port;
    const bytes = readFileSync(SAMPLE_RPF);
    const events: string[] = [];

    // An upload whose body arrives in two parts, with close() called in between.
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, method: 'POST', path: '/v1/rpf?fileName=late.lis&activate=false', headers: { 'x-api-key': KEY, 'content-type': 'application/octet-stream', 'content-length': bytes.length } },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => {
            events.push('response');
            resolve({ status: res.statusCode ?? 0, body });
          });
        },
      );
      req.on('error', reject);
      req.write(bytes.subarray(0, 100));
      setTimeout(() => {
        closing = server.app.close().then(() => events.push('closed'));
        setTimeout(() => {
          events.push('rest of the body');
          req.end(bytes.subarray(100));
        }, 200);
      }, 150);
    });
    let closing: Promise<unknown> = Promise.resolve();

    const res = await response;
    await closing;
    expect(res.status).toBe(201);
    expect(JSON.parse(res.body)).toMatchObject({ fileName: 'late.lis', businessDate: '2016-09-30' });
    // close() did not return while the request was still arriving; the client got its whole answer.
    expect(events[0]).toBe('rest of the body');
    expect([...events].sort()).toEqual(['closed', 'response', 'rest of the body']);
    await server.close();
  });
});
