import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import pino from 'pino';
import type { FastifyError, FastifyInstance, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler } from 'fastify-type-provider-zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ZodType } from 'zod';
import { KeyRing, presentedKey } from './api-keys';
import { parseJsonBody } from './body-json';
import type { ApiConfig } from './config';
import { ApiError, errorBody, pathText } from './errors';
import type { Issue } from './errors';
import { registerMetrics } from './metrics';
import { securityHeaders } from './security-headers';
import { routes } from './routes';
import { RpfStore } from './rpf-store';
import { openSource } from './staging';
import type { VarFile } from './var-margin';
import { loadVarFile } from './var-margin';

export type Server = FastifyInstance;

/** Paths anyone may read: liveness/readiness probes and the API's own description. */
const PUBLIC = /^\/(healthz|readyz|docs(\/.*)?|openapi\.json)(\?.*)?$/;

/**
 * The HTTP margin service, ready to `listen()` or to be driven with `inject()` in tests. Opens
 * the data directory and loads the configured RPF (and the RPF01 file for VaR) before it
 * returns, so a started server always has an active RPF version.
 */
export async function buildServer(config: ApiConfig): Promise<Server> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers["x-api-key"]'],
      // Asynchronous writes: under load, lines written while a write is in flight go out
      // together instead of costing one system call each (pino flushes them on exit).
      stream: pino.destination({ dest: 1, sync: false }),
    },
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    // A caller's request id is kept when it is sane (tracing across services), else one is made.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (e) {
      done(e as Error, undefined);
    }
  });

  let store: RpfStore | undefined;
  let shuttingDown = false;
  const metrics = registerMetrics(app, () => store);

  const headers = securityHeaders();
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(headers);
    reply.header('x-request-id', request.id);
    done();
  });

  const keys = new KeyRing(config.apiKeyHashes);
  const clientOf = new WeakMap<FastifyRequest, string | null>();
  const identify = (request: FastifyRequest): string | null => {
    let id = clientOf.get(request);
    if (id === undefined) {
      const key = presentedKey(request.headers);
      id = key === undefined ? null : (keys.match(key) ?? null);
      clientOf.set(request, id);
    }
    return id;
  };

  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitMax,
    timeWindow: config.rateLimitWindowMs,
    // Per API key; a request without a valid key counts against its address.
    keyGenerator: (request) => {
      const id = identify(request);
      return id === null ? `ip:${request.ip}` : `key:${id}`;
    },
    errorResponseBuilder: (_request, context) =>
      new ApiError(429, 'RATE_LIMITED', `more than ${context.max} requests in ${context.after}; retry after ${context.after}`),
  });

  app.addHook('onRequest', (request, reply, done) => {
    if (PUBLIC.test(request.url)) return done();
    if (identify(request) !== null) return done();
    reply.header('www-authenticate', 'Bearer realm="marginkit"');
    done(new ApiError(401, 'UNAUTHORIZED', 'an API key is required: send it as X-API-Key: <key> or Authorization: Bearer <key>'));
  });
  app.addHook('preClose', (done) => {
    shuttingDown = true;
    done();
  });
  // Requests that finish during a shutdown close their connection, so close() ends with the
  // last response instead of waiting out a keep-alive timeout.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (shuttingDown) reply.header('connection', 'close');
    done(null, payload);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'marginkit API',
        description: 'HKEX clearing-house (PRiME), client and HKSCC VaR margin over HTTP. Money is exact decimal text.',
        version: '1',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ apiKey: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: false });

  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof ApiError) return reply.code(error.statusCode).send(error.toBody());
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own client errors: body too large (413), bad media type (415), malformed URL…
      return reply.code(status).send(errorBody(status, error.code ?? 'BAD_REQUEST', error.message));
    }
    request.log.error({ err: error }, 'internal error');
    return reply.code(500).send(errorBody(500, 'INTERNAL', `internal error (request ${request.id})`));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(errorBody(404, 'NOT_FOUND', `no route ${request.method} ${request.url.replace(/\?.*$/, '')}`));
  });

  store = await RpfStore.open(
    { dataDir: config.dataDir, cacheSize: config.rpfCache, log: app.log },
    {
      rpf: await openSource(config.rpf),
      pick: { kind: config.rpfKind, time: config.rpfTime },
      catalogue: await openSource(config.catalogue),
    },
  );
  const varFile: VarFile | undefined = config.rpf01 === undefined ? undefined : await loadVarFile(config.rpf01);

  await app.register(routes, { store, config, metrics, varFile, isShuttingDown: () => shuttingDown });
  return app;
}

/**
 * Request validation with the zod schemas, failing with every problem and its path
 * (`body.positions[3].multipler: unknown field`) in the service's error shape.
 */
const ROOT: Record<string, string> = { body: 'body', querystring: 'query', params: 'params', headers: 'headers' };

const validatorCompiler: FastifySchemaCompiler<ZodType> =
  ({ schema, httpPart }) =>
  (data: unknown) => {
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    const root = ROOT[httpPart ?? 'body'] ?? 'body';
    const issues: Issue[] = [];
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) issues.push({ path: pathText(root, [...issue.path, key]), message: 'is not a field of this request (unknown fields are rejected, not ignored)' });
      } else {
        const value = valueAt(data, issue.path);
        issues.push({ path: pathText(root, issue.path), message: issue.message, ...(value === undefined ? {} : { value }) });
      }
    }
    const [first] = issues;
    const more = issues.length > 1 ? ` (+${issues.length - 1} more)` : '';
    return { error: new ApiError(400, 'INVALID_REQUEST', `${first?.path ?? root}: ${first?.message ?? 'invalid'}${more}`, issues) };
  };

/** The offending value as text, when it is a scalar (objects are named by their path alone). */
function valueAt(data: unknown, path: readonly PropertyKey[]): string | undefined {
  let v: unknown = data;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}
