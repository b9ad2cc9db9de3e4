import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { FileKind } from '@marginkit/rpf';
import { parseKeyHashes } from './api-keys';
import { bundledSample } from './sample';

/**
 * The service's settings, from the environment (checked with zod: a typo in a size or a port
 * stops the start with a message naming the variable, instead of a default silently applying).
 * Tests build a {@link ApiConfig} directly.
 */
export interface ApiConfig {
  readonly host: string;
  readonly port: number;
  /** sha256 hex digests of the accepted API keys. Empty: a key is made up for this run (see main.ts). */
  readonly apiKeyHashes: readonly string[];
  /** The RPF served when the data directory holds none yet: a path or an http(s)/file URL. */
  readonly rpf: string;
  /** Which file of an `RPF_yymmdd.zip` (default: final, else early, else the latest intra-day). */
  readonly rpfKind: FileKind | undefined;
  readonly rpfTime: string | undefined;
  /** The contract catalogue for the configured RPF and for uploads that name none. */
  readonly catalogue: string;
  /** The HKSCC RPF01 file of `POST /v1/var/margin`; undefined = VaR is not served. */
  readonly rpf01: string | undefined;
  /** Where uploaded RPFs and catalogues are kept across restarts. */
  readonly dataDir: string;
  /** Largest JSON request body, bytes. */
  readonly bodyLimit: number;
  /** Largest RPF or catalogue upload, bytes. */
  readonly uploadLimit: number;
  /** Requests per window per API key (per address before a key is given). */
  readonly rateLimitMax: number;
  readonly rateLimitWindowMs: number;
  /** Earlier RPF versions kept parsed in memory besides the active one. */
  readonly rpfCache: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** How long close() waits for requests in flight before it gives up on them. */
  readonly shutdownTimeoutMs: number;
  /** Honour X-Forwarded-For (only behind a proxy you run). */
  readonly trustProxy: boolean;
}

const SIZE = /^(\d+)\s*(b|kb|kib|mb|mib|gb|gib)?$/i;
const UNIT: Record<string, number> = { b: 1, kb: 1000, kib: 1024, mb: 1e6, mib: 2 ** 20, gb: 1e9, gib: 2 ** 30 };

const size = z.string().transform((v, ctx) => {
  const m = SIZE.exec(v.trim());
  const n = m === null ? Number.NaN : Number(m[1]) * (UNIT[(m[2] ?? 'b').toLowerCase()] ?? Number.NaN);
  if (!Number.isSafeInteger(n) || n <= 0) {
    ctx.addIssue({ code: 'custom', message: 'must be a size in bytes such as 1048576, 512KiB or 256MiB' });
    return z.NEVER;
  }
  return n;
});

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: 'must be a whole number' })
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const EnvSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: wholeNumber(0, 65535).default(8080),
  MARGINKIT_API_KEYS: z.string().optional(),
  MARGINKIT_API_KEYS_FILE: z.string().min(1).optional(),
  MARGINKIT_RPF: z.string().min(1).optional(),
  MARGINKIT_RPF_KIND: z.enum(['final', 'early', 'intraday']).optional(),
  MARGINKIT_RPF_TIME: z.string().regex(/^([01]\d|2[0-3]):?[0-5]\d$/, { error: 'must be a time HHMM' }).optional(),
  MARGINKIT_CATALOGUE: z.string().min(1).optional(),
  MARGINKIT_RPF01: z.string().min(1).optional(),
  MARGINKIT_DATA_DIR: z.string().min(1).optional(),
  MARGINKIT_BODY_LIMIT: size.default(2 ** 20),
  MARGINKIT_UPLOAD_LIMIT: size.default(512 * 2 ** 20),
  MARGINKIT_RATE_LIMIT: wholeNumber(1, 1e9).default(6000),
  MARGINKIT_RATE_WINDOW_MS: wholeNumber(1, 86_400_000).default(60_000),
  MARGINKIT_RPF_CACHE: wholeNumber(0, 100).default(2),
  MARGINKIT_SHUTDOWN_TIMEOUT_MS: wholeNumber(0, 3_600_000).default(10_000),
  MARGINKIT_TRUST_PROXY: flag.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  XDG_DATA_HOME: z.string().optional(),
});

/** A configuration the service cannot start with; the message names every bad variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** The configuration from environment variables (`process.env` by default). */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): ApiConfig {
  // An empty variable is treated as unset (`PORT= pnpm api` should not be an error).
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  const sample = e.MARGINKIT_RPF === undefined || e.MARGINKIT_CATALOGUE === undefined || e.MARGINKIT_RPF01 === undefined ? bundledSample() : undefined;
  const rpf = e.MARGINKIT_RPF ?? sample?.rpf;
  const catalogue = e.MARGINKIT_CATALOGUE ?? sample?.catalogue;
  if (rpf === undefined || catalogue === undefined) {
    throw new ConfigError(
      'no RPF to serve: the bundled sample (fixtures/hkex-2016-sample) is not beside this build; set MARGINKIT_RPF and MARGINKIT_CATALOGUE',
    );
  }
  return {
    host: e.HOST,
    port: e.PORT,
    apiKeyHashes: keyHashes(e.MARGINKIT_API_KEYS, e.MARGINKIT_API_KEYS_FILE),
    rpf,
    rpfKind: e.MARGINKIT_RPF_KIND,
    rpfTime: e.MARGINKIT_RPF_TIME,
    catalogue,
    rpf01: e.MARGINKIT_RPF01 ?? sample?.rpf01,
    dataDir: resolve(e.MARGINKIT_DATA_DIR ?? join(e.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'marginkit-api')),
    bodyLimit: e.MARGINKIT_BODY_LIMIT,
    uploadLimit: e.MARGINKIT_UPLOAD_LIMIT,
    rateLimitMax: e.MARGINKIT_RATE_LIMIT,
    rateLimitWindowMs: e.MARGINKIT_RATE_WINDOW_MS,
    rpfCache: e.MARGINKIT_RPF_CACHE,
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.MARGINKIT_SHUTDOWN_TIMEOUT_MS,
    trustProxy: e.MARGINKIT_TRUST_PROXY,
  };
}

function keyHashes(list: string | undefined, file: string | undefined): string[] {
  const lines: { text: string; where: string }[] = [];
  if (list !== undefined) list.split(',').forEach((text, i) => lines.push({ text, where: `MARGINKIT_API_KEYS item ${i + 1}` }));
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new ConfigError(`MARGINKIT_API_KEYS_FILE: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
    // One hash per line; blank lines and # comments (a note of whose key it is) are skipped.
    text.split(/\r?\n/).forEach((line, i) => lines.push({ text: line.replace(/#.*$/, ''), where: `${file}:${i + 1}` }));
  }
  const parsed = parseKeyHashes(lines);
  if (!parsed.ok) throw new ConfigError(`invalid API key hashes:\n  ${parsed.errors.join('\n  ')}`);
  return parsed.value;
}
