import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/index';
import { SAMPLE_CATALOGUE, SAMPLE_RPF, SAMPLE_RPF01 } from './helpers';

// sha256("abc"), the FIPS 180-2 example digest.
const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

describe('loadConfig', () => {
  it('defaults: loopback, port 8080, the bundled sample from a checkout, a data dir under XDG_DATA_HOME', () => {
    const c = loadConfig({ XDG_DATA_HOME: '/srv/data' });
    expect(c).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      apiKeyHashes: [],
      rpf: SAMPLE_RPF,
      catalogue: SAMPLE_CATALOGUE,
      rpf01: SAMPLE_RPF01,
      dataDir: '/srv/data/marginkit-api',
      bodyLimit: 1048576,
      uploadLimit: 512 * 1048576,
      rateLimitMax: 6000,
      rateLimitWindowMs: 60000,
      logLevel: 'info',
      trustProxy: false,
    });
    expect(loadConfig({}).dataDir).toBe(join(homedir(), '.local', 'share', 'marginkit-api'));
  });

  it('reads every variable, sizes with units, keys as sha256 digests (prefixed or bare), and keys from a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mk-api-config-'));
    try {
      const keysFile = join(dir, 'keys');
      writeFileSync(keysFile, `# ops team\nsha256:${ABC.toUpperCase()}\n\n${'0'.repeat(64)}  # batch job\n`);
      const c = loadConfig({
        HOST: '0.0.0.0',
        PORT: '9000',
        MARGINKIT_API_KEYS: `sha256:${ABC}, ${'1'.repeat(64)}`,
        MARGINKIT_API_KEYS_FILE: keysFile,
        MARGINKIT_RPF: 'https://example.invalid/RPF_160930.zip',
        MARGINKIT_RPF_KIND: 'intraday',
        MARGINKIT_RPF_TIME: '1130',
        MARGINKIT_CATALOGUE: '/etc/marginkit/catalogue.csv',
        MARGINKIT_RPF01: '/etc/marginkit/rpf01.csv',
        MARGINKIT_DATA_DIR: dir,
        MARGINKIT_BODY_LIMIT: '512KiB',
        MARGINKIT_UPLOAD_LIMIT: '1gb',
        MARGINKIT_RATE_LIMIT: '100',
        MARGINKIT_RATE_WINDOW_MS: '1000',
        MARGINKIT_RPF_CACHE: '0',
        MARGINKIT_TRUST_PROXY: 'true',
        LOG_LEVEL: 'warn',
        PORT_UNUSED: 'x',
      });
      expect(c).toMatchObject({
        host: '0.0.0.0',
        port: 9000,
        apiKeyHashes: [ABC, '1'.repeat(64), ABC, '0'.repeat(64)],
        rpf: 'https://example.invalid/RPF_160930.zip',
        rpfKind: 'intraday',
        rpfTime: '1130',
        catalogue: '/etc/marginkit/catalogue.csv',
        rpf01: '/etc/marginkit/rpf01.csv',
        dataDir: dir,
        bodyLimit: 512 * 1024,
        uploadLimit: 1e9,
        rateLimitMax: 100,
        rateLimitWindowMs: 1000,
        rpfCache: 0,
        trustProxy: true,
        logLevel: 'warn',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad configuration, naming every bad variable', () => {
    const error = (() => {
      try {
        loadConfig({ PORT: '80a', MARGINKIT_BODY_LIMIT: '1 lot', LOG_LEVEL: 'loud', MARGINKIT_RPF_KIND: 'late' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'MARGINKIT_BODY_LIMIT', 'LOG_LEVEL', 'MARGINKIT_RPF_KIND']) expect(message).toContain(name);
    expect(() => loadConfig({ MARGINKIT_API_KEYS: 'my-secret-key' })).toThrow(/MARGINKIT_API_KEYS item 1: "my-secret-ke…" is not a sha256 digest/);
    expect(() => loadConfig({ MARGINKIT_API_KEYS_FILE: '/nonexistent/keys' })).toThrow(/MARGINKIT_API_KEYS_FILE: cannot read/);
  });
});

describe('marginkit-api hash-key', () => {
  it('prints the digest to configure, of an argument or of standard input', () => {
    const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
    const run = (args: string[], input?: string) =>
      execFileSync(process.execPath, ['--conditions=@marginkit/source', '--import', 'tsx', main, 'hash-key', ...args], { encoding: 'utf8', ...(input === undefined ? {} : { input }) });
    expect(run(['abc'])).toBe(`sha256:${ABC}\n`);
    expect(run([], 'abc\n')).toBe(`sha256:${ABC}\n`);
  });
});
