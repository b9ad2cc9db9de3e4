import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SAMPLE_RPF } from './helpers';

/**
 * The service as an operator starts it: one command, configured by the environment, on the
 * bundled sample (or an RPF fetched from a URL); it stops cleanly on SIGTERM.
 */
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

function start(env: Record<string, string>): Promise<{ stop: () => Promise<number | null>; stderr: () => string; port: number }> {
  const child = spawn(process.execPath, ['--conditions=@marginkit/source', '--import', 'tsx', MAIN], {
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m !== null) {
        resolve({
          port: Number(m[1]),
          stderr: () => err,
          stop: () =>
            new Promise((done) => {
              child.once('exit', (code) => done(code));
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}${out}`)));
  });
}

describe('marginkit-api', () => {
  it('starts on the bundled sample with a key made up for the run, serves margin, and stops on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mk-api-main-'));
    try {
      const server = await start({ MARGINKIT_DATA_DIR: dataDir });
      const key = /(mk_[\w-]+)/.exec(server.stderr())?.[1];
      expect(key).toBeDefined();
      const r = await fetch(`http://127.0.0.1:${server.port}/v1/margin`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key as string },
        body: JSON.stringify({ view: 'summary', positions: [{ series: 'XXXM8', quantity: -6 }] }),
      });
      // HKEX HKCC case 1: 342,300.
      expect([r.status, ((await r.json()) as { accounts: { clearingHouseTotalHkd: string }[] }).accounts[0]?.clearingHouseTotalHkd]).toEqual([200, '342300']);
      expect(await server.stop()).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('fetches a configured RPF from an http URL', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mk-api-main-'));
    const bytes = readFileSync(SAMPLE_RPF);
    const files = createServer((req, res) => {
      if (req.url === '/rpf/rpf______-_____-__-_____-160930.lis') res.end(bytes);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    const filesPort = (files.address() as AddressInfo).port;
    try {
      const server = await start({
        MARGINKIT_DATA_DIR: dataDir,
        MARGINKIT_RPF: `http://127.0.0.1:${filesPort}/rpf/rpf______-_____-__-_____-160930.lis`,
        MARGINKIT_API_KEYS: 'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      });
      const r = await fetch(`http://127.0.0.1:${server.port}/v1/rpf`, { headers: { authorization: 'Bearer abc' } });
      const list = (await r.json()) as { versions: { fileName: string; upload: { bytes: number } }[] };
      expect(list.versions[0]).toMatchObject({ fileName: 'rpf______-_____-__-_____-160930.lis', upload: { bytes: bytes.length } });
      expect(server.stderr()).not.toContain('mk_');
      expect(await server.stop()).toBe(0);
    } finally {
      files.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to start on a bad configuration, saying why', async () => {
    await expect(start({ PORT: 'eighty' })).rejects.toThrow(/exited 1: marginkit-api: invalid configuration:\n {2}PORT: must be a whole number/);
  });
});
