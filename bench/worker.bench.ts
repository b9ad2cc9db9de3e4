/**
 * Book-run benchmark (figures in apps/worker/README.md, "Performance"): 100,000 accounts × 20
 * positions (2,000,000 rows, rows of an account spread over the file) over a generated full-day
 * RPF, margined by the built `marginkit-worker` (apps/worker/dist) end to end — partition, margin
 * on worker threads, commits, merge into accounts.jsonl/csv — with 1 and 2 threads in-process,
 * and through a local Redis queue with 2 worker processes; with each run's peak resident memory.
 * Run: pnpm --filter @marginkit/bench bench:worker   (BENCH_ACCOUNTS=… to resize)
 * The script builds the packages first (turbo, cached) and measures the built code (dist), as a
 * user runs it: not the sources through tsx, whose transform adds work to every call that makes
 * a named closure (a `__name` call each).
 *
 * Inputs are generated once into bench/.data/worker/ and reused. The machine may be shared:
 * wall time is what is reported (a book run's user waits for it); the load average before each
 * run is printed beside it.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogueToCsv, generatePreset, mulberry32, writeRpf } from '@marginkit/rpf';
import { preparePrime } from '@marginkit/risk-engine';
import { marginableSeriesByCc } from './src/portfolios';

const ACCOUNTS = Number(process.env['BENCH_ACCOUNTS'] ?? 100_000);
const POSITIONS = 20;
const BIN = fileURLToPath(new URL('../apps/worker/dist/bin.js', import.meta.url));
const DATA = fileURLToPath(new URL('./.data/worker/', import.meta.url));
const RPF = join(DATA, 'rpf______-_____-__-_____-240315.lis');
const CATALOGUE = join(DATA, 'catalogue.csv');
const BOOK = join(DATA, `book-${ACCOUNTS}.csv`);
const RUN_TIMEOUT_MS = 15 * 60_000;

if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`pnpm build\` first`);
mkdirSync(DATA, { recursive: true });

// --- inputs -------------------------------------------------------------------------------
if (!existsSync(BOOK) || !existsSync(RPF)) {
  const t0 = performance.now();
  const generated = generatePreset('fullDay', 20240315);
  writeFileSync(RPF, writeRpf(generated.rpf), 'latin1');
  writeFileSync(CATALOGUE, catalogueToCsv(generated.catalogue));
  const ctx = preparePrime(generated.rpf, generated.catalogue);
  const rand = mulberry32(42);
  const int = (n: number) => Math.floor(rand() * n);
  // Series the engine can margin, by CC, each with its HKEX code (as a participant writes it).
  const byCc = marginableSeriesByCc(generated.rpf, generated.catalogue, ctx);
  // ~50 CCs as in prime.bench.ts: the index CCs, then others at random.
  const all = [...byCc.keys()];
  const ccs = all.filter((c) => c.startsWith('FE'));
  for (const c of all) if (ccs.length < 50 && !ccs.includes(c) && int(3) === 0) ccs.push(c);
  for (const c of all) if (ccs.length < 50 && !ccs.includes(c)) ccs.push(c);
  const indexCcs = ccs.filter((c) => c.startsWith('FE'));
  const rows: string[] = [];
  for (let a = 0; a < ACCOUNTS; a++) {
    const mine = Array.from({ length: 4 + int(5) }, () => ccs[int(ccs.length)] as string);
    if (int(3) === 0) mine.push(indexCcs[0] as string, indexCcs[1 + int(indexCcs.length - 1)] as string);
    const basis = int(4) === 0 ? 'gross' : '';
    for (let p = 0; p < POSITIONS; p++) {
      const cc = mine[int(mine.length)] as string;
      const list = byCc.get(cc) as { code: string }[];
      rows.push(`A${String(a).padStart(6, '0')},${cc},${(list[int(list.length)] as { code: string }).code},${(1 + int(20)) * (rand() < 0.5 ? -1 : 1)},${basis}`);
    }
  }
  // Shuffled: an account's rows are anywhere in the file.
  for (let i = rows.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [rows[i], rows[j]] = [rows[j] as string, rows[i] as string];
  }
  writeFileSync(BOOK, `account,cc,series,quantity,basis\n${rows.join('\n')}\n`);
  console.log(`inputs generated in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${byCc.size} CCs, ${rows.length.toLocaleString('en')} rows`);
}

// --- runs ---------------------------------------------------------------------------------
interface Summary {
  accounts: { total: number; margined: number; failed: number };
  chunks: { total: number };
  timings: { inputsMs: number; partitionMs: number; marginMs: number; mergeMs: number; totalMs: number };
}

function waitExit(child: ChildProcess, what: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what}: no result after ${RUN_TIMEOUT_MS / 60_000} min`));
    }, RUN_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * The peak resident memory of a running process (its threads included), from Linux's
 * /proc/PID/status (VmHWM, a high-water mark): read until the process ends, the last read kept.
 * Undefined where /proc is missing.
 */
function watchPeakRss(pid: number | undefined): () => number | undefined {
  let peak: number | undefined;
  const read = () => {
    try {
      const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m !== null) peak = Math.max(peak ?? 0, Number(m[1]) * 1024);
    } catch {
      // The process has ended (or there is no /proc): keep the last figure.
    }
  };
  const timer = setInterval(read, 100);
  return () => {
    clearInterval(timer);
    return peak;
  };
}

async function runBook(name: string, args: readonly string[]): Promise<{ name: string; wallMs: number; load: number; peakRss: number | undefined; summary: Summary }> {
  const out = mkdtempSync(join(tmpdir(), 'mk-worker-bench-'));
  const load = loadavg()[0] as number;
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, 'run', '--rpf', RPF, '--catalogue', CATALOGUE, '--positions', BOOK, '--out', out, '--json', '--quiet', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const peak = watchPeakRss(child.pid);
  const r = await waitExit(child, name);
  const peakRss = peak();
  const wallMs = performance.now() - t0;
  rmSync(out, { recursive: true, force: true });
  if (r.code !== 0) throw new Error(`${name}: exit ${r.code}: ${r.stderr}`);
  const summary = JSON.parse(r.stdout) as Summary;
  if (summary.accounts.margined !== ACCOUNTS) throw new Error(`${name}: ${summary.accounts.margined} of ${ACCOUNTS} accounts margined`);
  return { name, wallMs, load, peakRss, summary };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const results = [await runBook('in-process, 1 thread', ['--threads', '1']), await runBook('in-process, 2 threads', ['--threads', '2'])];

// Through Redis: a private redis-server on loopback, 2 worker processes of 1 thread each.
if (spawnSync('redis-server', ['--version']).error !== undefined) {
  console.log('redis-server is not installed: the queue run is left out (apt-get install -y redis-server)');
} else {
  const port = await freePort();
  const redisDir = mkdtempSync(join(tmpdir(), 'mk-worker-bench-redis-'));
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', redisDir], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  const workers: ChildProcess[] = [];
  try {
    for (let i = 0; i < 50 && spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() !== 'PONG'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (let i = 0; i < 2; i++) {
      workers.push(spawn(process.execPath, [BIN, 'work', '--redis', url, '--threads', '1', '--quiet', '--cache', join(redisDir, `cache-${i}`)], { stdio: 'ignore' }));
    }
    results.push(await runBook('Redis queue, 2 worker processes × 1 thread', ['--redis', url]));
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => new Promise((resolve) => (w.exitCode !== null ? resolve(undefined) : w.once('exit', resolve)))));
    redis.kill('SIGTERM');
    await new Promise((resolve) => (redis.exitCode !== null ? resolve(undefined) : redis.once('exit', resolve)));
    rmSync(redisDir, { recursive: true, force: true });
  }
}

// --- report -------------------------------------------------------------------------------
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const rate = (r: (typeof results)[number]) => ACCOUNTS / (r.wallMs / 1000);
console.log(`${ACCOUNTS.toLocaleString('en')} accounts × ${POSITIONS} positions (${readFileSync(BOOK).length.toLocaleString('en')} bytes of CSV), full-day RPF`);
for (const r of results) {
  const t = r.summary.timings;
  console.log(
    `${r.name}: ${Math.round(rate(r)).toLocaleString('en')} accounts/s, ${s(r.wallMs)} wall ` +
      `(inputs ${s(t.inputsMs)}, partition ${s(t.partitionMs)}, margin ${s(t.marginMs)}, merge ${s(t.mergeMs)}; ${r.summary.chunks.total} chunks)` +
      `${r.peakRss === undefined ? '' : `, peak RSS of the run's process ${(r.peakRss / 2 ** 20).toFixed(0)} MB`}; load average ${r.load.toFixed(1)} before`,
  );
}
const [one, two] = results;
if (one !== undefined && two !== undefined) console.log(`scaling 1 → 2 threads: × ${(rate(two) / rate(one)).toFixed(2)}`);
