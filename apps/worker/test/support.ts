import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '@marginkit/rpf';

export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
export const FIXTURE = fileURLToPath(new URL('../../../fixtures/hkex-2016-sample/', import.meta.url));
export const RPF = `${FIXTURE}rpf______-_____-__-_____-160930.lis`;
export const CATALOGUE = `${FIXTURE}catalogue.csv`;
export const INPUTS = ['--rpf', RPF, '--catalogue', CATALOGUE];

export interface Exited {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Running {
  readonly child: ChildProcess;
  readonly exited: Promise<Exited>;
  stderr(): string;
}

/** Starts the built marginkit-worker. */
export function start(args: readonly string[]): Running {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const exited = new Promise<Exited>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exited, stderr: () => stderr };
}

export function runWorker(args: readonly string[]): Promise<Exited> {
  return start(args).exited;
}

/** Chunks committed in a run directory (their commit files). */
export function committedChunks(out: string): string[] {
  try {
    return readdirSync(`${out}/chunks`).filter((f) => /^\d{4}\.json$/.test(f));
  } catch {
    return [];
  }
}

export async function until(what: string, test: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * A book over the HKEX sample RPF: `accounts` accounts holding 1-5 of the sample's series with
 * random quantities and bases, the rows shuffled over the whole file (no account contiguous).
 */
export function generatedBook(accounts: number, seed = 7): string {
  const series = [
    ...new Set(
      readFileSync(`${FIXTURE}positions.csv`, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',').slice(1, 3).join(',')),
    ),
  ];
  const rand = mulberry32(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const rows: string[] = [];
  for (let a = 0; a < accounts; a++) {
    const basis = int(3) === 0 ? 'gross' : 'net';
    for (let p = 1 + int(5); p > 0; p--) rows.push(`ACC${a},${series[int(series.length)]},${(1 + int(20)) * (int(2) === 0 ? -1 : 1)},${basis}`);
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [rows[i], rows[j]] = [rows[j] as string, rows[i] as string];
  }
  return `account,cc,series,quantity,basis\n${rows.join('\n')}\n`;
}

/** Lines of a run's accounts.jsonl, by account (throws on an account found twice). */
export function linesByAccount(out: string): Map<string, string> {
  const lines = readFileSync(`${out}/accounts.jsonl`, 'utf8').trimEnd().split('\n');
  const map = new Map<string, string>();
  for (const line of lines) {
    const account = (JSON.parse(line) as { account: string }).account;
    if (map.has(account)) throw new Error(`account ${account} appears twice in ${out}/accounts.jsonl`);
    map.set(account, line);
  }
  return map;
}
