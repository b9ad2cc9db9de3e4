/**
 * HTTP margin service benchmark (figures in apps/api/README.md, "Performance"): POST /v1/margin
 * with 20-position portfolios over a generated full-day RPF, offered at a fixed 500 requests/s
 * for 10 s by autocannon on loopback. The server runs in a child process (this file with
 * --server), so the load generator does not share its event loop; both stop by themselves.
 * Run: pnpm --filter @marginkit/bench bench:api
 * The script builds the packages first (turbo, cached) and measures the built code (dist), as a
 * user runs it: not the sources through tsx, whose transform adds work to every call that makes
 * a named closure (a `__name` call each).
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { catalogueToCsv, generatePreset, mulberry32, parseRpf, writeRpf } from '@marginkit/rpf';
import { buildServer, hashApiKey } from '@marginkit/api';
import { preparePrime } from '@marginkit/risk-engine';
import { pacedLoadInChild } from './src/paced-load';
import { marginableSeriesByCc } from './src/portfolios';

const KEY = 'bench-key';
const RATE = 500;
const SECONDS = 10;
const RPF_NAME = 'rpf______-_____-__-_____-160930.lis';

// --- the server (child process) ---
if (process.argv[2] === '--server') {
  const dir = process.argv[3] as string;
  const started = performance.now();
  const app = await buildServer({
    host: '127.0.0.1',
    port: 0,
    apiKeyHashes: [hashApiKey(KEY).slice('sha256:'.length)],
    rpf: join(dir, RPF_NAME),
    rpfKind: undefined,
    rpfTime: undefined,
    catalogue: join(dir, 'catalogue.csv'),
    rpf01: undefined,
    dataDir: join(dir, 'data'),
    bodyLimit: 1 << 20,
    uploadLimit: 1 << 30,
    // The limiter runs on every request as in production; its ceiling is above the offered load.
    rateLimitMax: 1_000_000,
    rateLimitWindowMs: 60_000,
    rpfCache: 0,
    // Request logs as in production (two lines per request), written to /dev/null by the parent.
    logLevel: 'info',
    shutdownTimeoutMs: 5000,
    trustProxy: false,
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  process.send?.({ address, startMs: performance.now() - started });
  process.on('message', (m) => {
    if (m === 'stop') void app.close().then(() => process.exit(0));
    // CPU time the server has used so far: per request, it does not stretch when other
    // processes compete for the cores, as wall-clock latency does.
    if (m === 'cpu') {
      const u = process.cpuUsage();
      process.send?.({ cpuMs: (u.user + u.system) / 1000 });
    }
  });
} else {
  await main();
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mk-api-bench-'));
  let server: ChildProcess | undefined;
  try {
    const { bodies, rpfMb, seriesCount } = writeInputs(dir);

    server = fork(fileURLToPath(import.meta.url), ['--server', dir], { execArgv: process.execArgv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const child = server;
    const { address, startMs } = await new Promise<{ address: string; startMs: number }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as { address: string; startMs: number }));
      child.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
    });
    console.log(`load average (1 min) at the start: ${loadavg()[0]?.toFixed(2)} on ${cpus().length} cores`);
    console.log(`RPF: generated full day, ${rpfMb.toFixed(1)} MB, ${seriesCount} series; server ready in ${(startMs / 1000).toFixed(1)} s (parse + prepare + listen)`);

    const cpu = () =>
      new Promise<number>((resolve) => {
        child.once('message', (m) => resolve((m as { cpuMs: number }).cpuMs));
        child.send('cpu');
      });
    const payloadsOf = (view: 'full' | 'summary') => bodies.map((positions) => JSON.stringify({ view, positions }));
    // Warm-up on both views first (JIT, and the garbage of loading the RPF collected).
    for (const view of ['full', 'summary'] as const) await run(address, payloadsOf(view), 3, `warm-up (${view})`, false);
    // autocannon's rate is a budget per connection per second: each connection sends back to
    // back (the next request when the previous answer arrives) until it has sent its share of
    // the second, then waits for the next second. So "1 connection at 500/s" is one client
    // sending its 500 requests in a row each second (it never waits behind another request),
    // and "16 connections at 500/s" is 16 clients sending at once, 16 requests in flight, until
    // the second's 500 are sent: every request may queue behind up to 15 others.
    for (const connections of [1, 16]) {
      for (const view of ['full', 'summary'] as const) {
        const before = await cpu();
        const r = await run(address, payloadsOf(view), SECONDS, `POST /v1/margin, 20 positions, view ${view}, ${connections} connection${connections === 1 ? '' : 's'}`, true, connections);
        const used = (await cpu()) - before;
        console.log(`  server CPU ${(used / r.requests.total).toFixed(2)} ms per request (${((used / (SECONDS * 1000)) * 100).toFixed(0)} % of one core)`);
        const ok = r.errors === 0 && r.non2xx === 0 && r.latency.p99 <= 10;
        console.log(`  goal p99 <= 10 ms with 0 errors at ${RATE}/s: ${ok ? 'met' : 'NOT met'}`);
      }
    }
    // The same 500 requests/s arriving evenly (one every 2 ms) from 16 keep-alive connections,
    // as independent clients would send them; latency from each request's due time.
    for (const view of ['full', 'summary'] as const) {
      const before = await cpu();
      const r = await pacedLoadInChild({ url: `${address}/v1/margin`, headers: { 'content-type': 'application/json', 'x-api-key': KEY }, bodies: payloadsOf(view), rate: RATE, seconds: SECONDS, connections: 16 });
      const used = (await cpu()) - before;
      const ms = (x: number) => x.toFixed(1);
      console.log(
        `POST /v1/margin, 20 positions, view ${view}, paced: ${RATE}/s evenly over up to 16 connections: ${r.requests} requests (${r.throughput.toFixed(0)}/s), ` +
          `latency p50 ${ms(r.p50)} ms, p90 ${ms(r.p90)} ms, p99 ${ms(r.p99)} ms, max ${ms(r.max)} ms; errors ${r.errors}, non-2xx ${r.non2xx}`,
      );
      console.log(`  server CPU ${(used / r.requests).toFixed(2)} ms per request`);
      console.log(`  goal p99 <= 10 ms with 0 errors at ${RATE}/s: ${r.errors === 0 && r.non2xx === 0 && r.p99 <= 10 ? 'met' : 'NOT met'}`);
    }
    console.log(`load average (1 min) at the end: ${loadavg()[0]?.toFixed(2)} on ${cpus().length} cores`);
  } finally {
    server?.send('stop');
    await new Promise((resolve) => (server === undefined || server.exitCode !== null ? resolve(undefined) : server.once('exit', resolve)));
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The RPF and catalogue files for the server, and the request bodies. Nothing else of the
 * generated day stays reachable here: the load generator shares this process, and a heap holding
 * a full-day RPF makes its own garbage collections long enough to delay requests and answers,
 * which would count as the server's latency.
 */
function writeInputs(dir: string): { bodies: { series: string; quantity: number }[][]; rpfMb: number; seriesCount: number } {
  const generated = generatePreset('fullDay', 20160930);
  const text = writeRpf(generated.rpf);
  writeFileSync(join(dir, RPF_NAME), text, 'latin1');
  writeFileSync(join(dir, 'catalogue.csv'), catalogueToCsv(generated.catalogue));
  return { bodies: portfolios(text, generated.catalogue, 2000), rpfMb: text.length / 2 ** 20, seriesCount: generated.rpf.series.length };
}

async function run(address: string, payloads: readonly string[], seconds: number, name: string, print: boolean, connections = 16): Promise<autocannon.Result> {
  let i = 0;
  const result = await autocannon({
    url: `${address}/v1/margin`,
    method: 'POST',
    connections,
    overallRate: RATE,
    duration: seconds,
    headers: { 'content-type': 'application/json', 'x-api-key': KEY },
    requests: [{ setupRequest: (req) => ({ ...req, body: payloads[i++ % payloads.length] as string }) }],
  });
  if (print) {
    const l = result.latency;
    console.log(
      `${name}: ${result.requests.total} requests in ${seconds} s (${result.requests.average.toFixed(0)}/s), ` +
        `latency p50 ${l.p50} ms, p90 ${l.p90} ms, p99 ${l.p99} ms, max ${l.max} ms; ` +
        `errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}; ${(result.throughput.average / 1024).toFixed(0)} KiB/s`,
    );
  }
  return result;
}

/**
 * Request bodies of 20 positions each, as a client sends them (HKEX series codes), over 4-8 CCs
 * of the day, a third of them with an index spread; quantities 1-20 long or short.
 */
function portfolios(text: string, catalogue: Parameters<typeof preparePrime>[1], count: number): { series: string; quantity: number }[][] {
  const parsed = parseRpf(text, { fileName: RPF_NAME });
  if (!parsed.ok) throw new Error(`parse failed: ${parsed.errors[0]?.message ?? ''}`);
  const ctx = preparePrime(parsed.value, catalogue);
  const rand = mulberry32(42);
  const int = (n: number) => Math.floor(rand() * n);
  const byCc = marginableSeriesByCc(parsed.value, catalogue, ctx);
  const ccs = [...byCc.keys()];
  const index = ccs.filter((c) => c.startsWith('FE'));
  return Array.from({ length: count }, () => {
    const mine = Array.from({ length: 4 + int(5) }, () => ccs[int(ccs.length)] as string);
    if (int(3) === 0 && index.length > 1) mine.push(index[0] as string, index[1 + int(index.length - 1)] as string);
    return Array.from({ length: 20 }, () => {
      const list = byCc.get(mine[int(mine.length)] as string) as { code: string }[];
      return { series: (list[int(list.length)] as { code: string }).code, quantity: (1 + int(20)) * (rand() < 0.5 ? -1 : 1) };
    });
  });
}
