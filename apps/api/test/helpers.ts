import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiConfig, Server } from '../src/index';
import { buildServer, hashApiKey } from '../src/index';

export const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
export const SAMPLE_DIR = join(FIXTURES, 'hkex-2016-sample');
export const SAMPLE_RPF = join(SAMPLE_DIR, 'rpf______-_____-__-_____-160930.lis');
export const SAMPLE_CATALOGUE = join(SAMPLE_DIR, 'catalogue.csv');
export const SAMPLE_RPF01 = join(FIXTURES, 'var', 'rpf01-small.csv');

export const KEY = 'test-key-of-the-suite';
export const AUTH = { 'x-api-key': KEY };

export function testConfig(dataDir: string, overrides: Partial<ApiConfig> = {}): ApiConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    apiKeyHashes: [hashApiKey(KEY).slice('sha256:'.length)],
    rpf: SAMPLE_RPF,
    rpfKind: undefined,
    rpfTime: undefined,
    catalogue: SAMPLE_CATALOGUE,
    rpf01: SAMPLE_RPF01,
    dataDir,
    bodyLimit: 1 << 20,
    uploadLimit: 64 << 20,
    rateLimitMax: 100_000,
    rateLimitWindowMs: 60_000,
    rpfCache: 2,
    logLevel: (process.env['API_TEST_LOG'] as ApiConfig['logLevel'] | undefined) ?? 'silent',
    shutdownTimeoutMs: 5000,
    trustProxy: false,
    ...overrides,
  };
}

export interface TestServer {
  readonly app: Server;
  readonly dataDir: string;
  /** Closes the server and removes its data directory. */
  close(): Promise<void>;
}

/** A server on the bundled sample with a fresh data directory. */
export async function testServer(overrides: Partial<ApiConfig> = {}, dataDir?: string): Promise<TestServer> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'mk-api-test-'));
  const app = await buildServer(testConfig(dir, overrides));
  return {
    app,
    dataDir: dir,
    async close() {
      await app.close();
      if (dataDir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}
