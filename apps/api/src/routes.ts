import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Readable } from 'node:stream';
import type { RpfError } from '@marginkit/rpf';
import { formatLocation } from '@marginkit/rpf';
import type { ApiConfig } from './config';
import type { Issue, Outcome } from './errors';
import { ApiError, badRequest, ErrorSchema, withoutLocation } from './errors';
import type { Metrics } from './metrics';
import { margin, whatIf } from './prime-margin';
import type { IngestFailure, RpfStore, RpfVersion, RpfVersionInfo } from './rpf-store';
import {
  CatalogueInfoSchema,
  CatalogueListSchema,
  CatalogueQuerySchema,
  DEFAULT_ACCOUNT,
  HealthSchema,
  IdParamsSchema,
  MarginDocumentSchema,
  MarginRequestSchema,
  ReadySchema,
  RpfListSchema,
  RpfVersionSchema,
  UploadQuerySchema,
  VarDocumentSchema,
  VarRequestSchema,
  WhatIfDocumentSchema,
  WhatIfRequestSchema,
} from './schemas';
import { TooLargeError } from './staging';
import type { VarFile } from './var-margin';
import { varMargin } from './var-margin';

export interface RouteOptions {
  readonly store: RpfStore;
  readonly config: ApiConfig;
  readonly metrics: Metrics;
  readonly varFile: VarFile | undefined;
  readonly isShuttingDown: () => boolean;
}

const errors = { 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 413: ErrorSchema, 422: ErrorSchema, 429: ErrorSchema };
const noRateLimit = { rateLimit: false } as const;

export const routes: FastifyPluginAsyncZod<RouteOptions> = async (app, options) => {
  const { store, metrics } = options;

  // ---------- probes, metrics, the API description ----------
  const open = { security: [] };
  app.get(
    '/healthz',
    { config: noRateLimit, schema: { summary: 'Liveness: the process answers', tags: ['ops'], ...open, response: { 200: HealthSchema } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: noRateLimit,
      schema: { summary: 'Readiness: an RPF version is active and the service is not shutting down', tags: ['ops'], ...open, response: { 200: ReadySchema, 503: ReadySchema } },
    },
    async (_request, reply) => {
    if (options.isShuttingDown()) return reply.code(503).send({ status: 'shutting-down' as const });
    return { status: 'ready' as const, rpf: store.active.info.id };
    },
  );

  app.get('/metrics', { schema: { summary: 'Prometheus metrics (text exposition format)', tags: ['ops'] } }, async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  app.get('/openapi.json', { schema: { summary: 'This OpenAPI 3 document', tags: ['ops'], ...open } }, async () => app.swagger());

  // ---------- RPF versions ----------
  const listed = (info: RpfVersionInfo) => ({ ...info, warnings: [...info.warnings], active: info.id === store.active.info.id });

  app.get(
    '/v1/rpf',
    { schema: { summary: 'RPF versions, newest first, with their provenance', tags: ['rpf'], response: { 200: RpfListSchema, ...errors } } },
    async () => ({ active: store.active.info.id, versions: store.list().map(listed) }),
  );

  app.get(
    '/v1/rpf/:id',
    { schema: { summary: 'One RPF version', tags: ['rpf'], params: IdParamsSchema, response: { 200: RpfVersionSchema, ...errors } } },
    async (request) => listed(knownVersion(store, request.params.id)),
  );

  app.post(
    '/v1/rpf/:id/activate',
    { schema: { summary: 'Make an earlier RPF version the active one', tags: ['rpf'], params: IdParamsSchema, response: { 200: RpfVersionSchema, ...errors } } },
    async (request) => {
      knownVersion(store, request.params.id);
      const version = await store.activate(request.params.id);
      if (version === undefined) throw new ApiError(422, 'RPF_UNREADABLE', `RPF version ${request.params.id} can no longer be read from the data directory`);
      return listed(version.info);
    },
  );

  // Uploads take the raw body (a .lis, a zip, a catalogue) as a stream: in their own context,
  // with no JSON parsing and their own size limit.
  await app.register(async (context) => {
    const uploads = context.withTypeProvider<ZodTypeProvider>();
    uploads.removeAllContentTypeParsers();
    uploads.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

    uploads.post(
      '/v1/rpf',
      {
        schema: {
          summary: 'Upload an RPF (.lis or RPF_yymmdd.zip); it becomes active only once parsed and prepared completely',
          description:
            'Send the file as the raw request body (Content-Type application/octet-stream or application/zip). ' +
            'A malformed file is a 400 naming file:line:column, and the active version is unchanged.',
          tags: ['rpf'],
          querystring: UploadQuerySchema,
          response: { 200: RpfVersionSchema, 201: RpfVersionSchema, ...errors },
        },
      },
      async (request, reply) => {
        const q = request.query;
        if (q.catalogue !== undefined && !store.hasCatalogue(q.catalogue)) {
          throw new ApiError(404, 'UNKNOWN_CATALOGUE', `no catalogue ${q.catalogue} (see GET /v1/catalogues)`);
        }
        const body = await rawBody(request, options.config.uploadLimit);
        const fileName = q.fileName ?? (body.zip ? 'upload.zip' : 'upload.lis');
        const added = await staged(() =>
          store.addRpf(fileName, body.stream, options.config.uploadLimit, {
            pick: { kind: q.kind, time: q.time },
            catalogue: q.catalogue,
            activate: q.activate,
          }),
        );
        if (!added.ok) throw ingestError(added.failure);
        return reply.code(added.created ? 201 : 200).send(listed(added.value.info));
      },
    );

    uploads.post(
      '/v1/catalogues',
      {
        schema: {
          summary: 'Upload a contract catalogue (CSV or JSON) to read later RPF uploads with (?catalogue=<id>)',
          description: 'The raw request body; `fileName` (.csv or .json) picks the format.',
          tags: ['rpf'],
          querystring: CatalogueQuerySchema,
          response: { 200: CatalogueInfoSchema, 201: CatalogueInfoSchema, ...errors },
        },
      },
      async (request, reply) => {
        const body = await rawBody(request, options.config.uploadLimit);
        const added = await staged(() => store.addCatalogue(request.query.fileName, body.stream, options.config.uploadLimit));
        if (!added.ok) throw ingestError(added.failure);
        return reply.code(added.created ? 201 : 200).send(added.value);
      },
    );
  });

  app.get(
    '/v1/catalogues',
    { schema: { summary: 'Contract catalogues kept, and the default one', tags: ['rpf'], response: { 200: CatalogueListSchema, ...errors } } },
    async () => ({ default: store.defaultCatalogue, catalogues: [...store.catalogueList()] }),
  );

  // ---------- margin ----------
  /** Sends a margin document (JSON text written by the packages' serialisers) and counts it. */
  const answer = (reply: { type(contentType: string): unknown }, endpoint: string, outcome: Outcome): FastifyReply => {
    if (!outcome.ok) throw outcome.error;
    metrics.accounts.inc({ endpoint }, outcome.accounts);
    metrics.positions.inc({ endpoint }, outcome.positions);
    return (reply as FastifyReply).type('application/json; charset=utf-8').send(outcome.text);
  };

  const versionFor = async (rpfId: string | undefined): Promise<RpfVersion> => {
    // Taken once per request: every figure of the response comes from this one version.
    if (rpfId === undefined) return store.active;
    const version = await store.get(rpfId);
    if (version === undefined) throw new ApiError(404, 'UNKNOWN_RPF', `no RPF version ${rpfId} (see GET /v1/rpf)`);
    return version;
  };

  app.post(
    '/v1/margin',
    {
      schema: {
        summary: 'Clearing-house (PRiME) and client margin of every account of the positions',
        tags: ['margin'],
        body: MarginRequestSchema,
        response: { 200: MarginDocumentSchema, ...errors },
      },
    },
    async (request, reply) => answer(reply, 'margin', margin(await versionFor(request.body.rpfId), request.body)),
  );

  app.post(
    '/v1/margin/whatif',
    {
      schema: {
        summary: "One account's margin, then after each trade in turn; increments and margin benefit",
        tags: ['margin'],
        body: WhatIfRequestSchema,
        response: { 200: WhatIfDocumentSchema, ...errors },
      },
    },
    async (request, reply) => answer(reply, 'whatif', whatIf(await versionFor(request.body.rpfId), request.body, DEFAULT_ACCOUNT)),
  );

  app.post(
    '/v1/var/margin',
    {
      schema: {
        summary: 'HKSCC VaR Platform margin of cash-market positions, from the configured RPF01 file',
        tags: ['var'],
        body: VarRequestSchema,
        response: { 200: VarDocumentSchema, ...errors, 503: ErrorSchema },
      },
    },
    async (request, reply) => {
      if (options.varFile === undefined) throw new ApiError(503, 'VAR_NOT_CONFIGURED', 'no RPF01 file is configured (MARGINKIT_RPF01)');
      return answer(reply, 'var', varMargin(options.varFile, request.body));
    },
  );
};

function knownVersion(store: RpfStore, id: string): RpfVersionInfo {
  const info = store.info(id);
  if (info === undefined) throw new ApiError(404, 'UNKNOWN_RPF', `no RPF version ${id} (see GET /v1/rpf)`);
  return info;
}

/**
 * The request body as a stream, refused at once when its declared length is over the limit; a
 * zip is recognised by its first bytes when no file name says so.
 */
async function rawBody(request: FastifyRequest, limit: number): Promise<{ stream: AsyncIterable<Uint8Array>; zip: boolean }> {
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  if (declared > limit) throw new ApiError(413, 'TOO_LARGE', `the upload (${declared} bytes) is larger than the limit of ${limit} bytes`);
  const stream = request.body as Readable;
  const iterator = stream[Symbol.asyncIterator]();
  const first = await iterator.next();
  const head = first.done === true ? Buffer.alloc(0) : Buffer.from(first.value as Uint8Array);
  if (head.length === 0) throw badRequest('EMPTY_UPLOAD', [{ path: 'body', message: 'the upload is empty' }]);
  async function* rest(): AsyncGenerator<Uint8Array> {
    yield head;
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield next.value as Uint8Array;
  }
  return { stream: rest(), zip: head[0] === 0x50 && head[1] === 0x4b };
}

/** Runs a store intake, turning an over-long upload into a 413. */
async function staged<T>(task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } catch (e) {
    if (e instanceof TooLargeError) throw new ApiError(413, 'TOO_LARGE', e.message);
    throw e;
  }
}

function ingestError(f: IngestFailure): ApiError {
  switch (f.reason) {
    case 'invalid-rpf':
      return badRequest('RPF_INVALID', f.errors.slice(0, 100).map(rpfIssue));
    case 'unusable-rpf':
      return badRequest('RPF_UNUSABLE', [{ path: 'body', message: f.message }], 422);
    case 'invalid-catalogue':
      return badRequest(
        'CATALOGUE_INVALID',
        f.errors.slice(0, 100).map((e) => {
          // CSV errors name a line, JSON errors the index of the object (rpf's catalogue reader).
          const path = e.line > 0 && e.file?.toLowerCase().endsWith('.json') === true ? `${e.file}[${e.line}]` : formatLocation(e.file, e.line, 0);
          return { path, message: withoutLocation(e.message, path), ...(e.value === '' ? {} : { value: e.value }) };
        }),
      );
    case 'unknown-catalogue':
      return new ApiError(404, 'UNKNOWN_CATALOGUE', `no catalogue ${f.id}`);
  }
}

/** An RPF error's path is where it is in the file (`upload.lis:12:7`); its message names the record and field too. */
function rpfIssue(e: RpfError): Issue {
  const path = formatLocation(e.file ?? 'body', e.line, e.column);
  return { path, message: withoutLocation(e.message, path), ...(e.text === '' ? {} : { value: e.text }) };
}
