import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';

/**
 * An open-loop load at a constant arrival rate (the method of wrk2): request i is due at
 * start + i / rate, whether or not earlier answers have come back, and goes out on the first free
 * one of `connections` keep-alive connections (or waits for one). Its latency is counted from the
 * moment it was due, not from when a connection took it, so a server that falls behind is charged
 * for the queue it causes ("coordinated omission" corrected).
 *
 * autocannon's rate is another load: a budget per connection per second, sent back to back (see
 * api.bench.ts). With many connections its requests arrive in bursts at the start of each second.
 */
export interface PacedLoadOptions {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly bodies: readonly string[];
  readonly rate: number;
  readonly seconds: number;
  readonly connections: number;
}

export interface PacedLoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly non2xx: number;
  /** Achieved throughput: answers per second of the run's wall time. */
  readonly throughput: number;
  /** Latency percentiles (ms, from the due time). */
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export async function pacedLoad(o: PacedLoadOptions): Promise<PacedLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: o.connections });
  const url = new URL(o.url);
  const total = Math.round(o.rate * o.seconds);
  const latencies = new Float64Array(total);
  let errors = 0;
  let non2xx = 0;
  let done = 0;
  let sent = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const send = (i: number, due: number) => {
      const body = o.bodies[i % o.bodies.length] as string;
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { ...o.headers, 'content-length': Buffer.byteLength(body) } },
        (res) => {
          if (res.statusCode === undefined || res.statusCode < 200 || res.statusCode >= 300) non2xx++;
          res.on('data', () => {});
          res.on('end', () => finish(i, due));
        },
      );
      req.on('error', () => {
        errors++;
        finish(i, due);
      });
      req.end(body);
    };
    const finish = (i: number, due: number) => {
      latencies[i] = performance.now() - due;
      if (++done === total) resolve();
    };
    // A timer tick sends every request that has fallen due; ticks are ~1 ms apart, so a request
    // may go out up to a tick late, which its latency (from its due time) includes.
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + (sent * 1000) / o.rate <= now) {
        send(sent, start + (sent * 1000) / o.rate);
        sent++;
      }
      if (sent < total) setTimeout(tick, Math.max(0, start + (sent * 1000) / o.rate - performance.now()));
    };
    tick();
  });
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
  return { requests: total, errors, non2xx, throughput: total / elapsed, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0 };
}

/**
 * {@link pacedLoad} in a child process of its own: the generator's garbage collections then walk
 * only its own small heap (not a benchmark's generated RPF and loaded modules), so their pauses do
 * not delay requests and answers, which would be counted as the server's latency.
 */
export async function pacedLoadInChild(o: PacedLoadOptions): Promise<PacedLoadResult> {
  const child = fork(fileURLToPath(import.meta.url), ['--paced-load-child'], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    return await new Promise<PacedLoadResult>((resolve, reject) => {
      child.once('message', (m) => resolve(m as PacedLoadResult));
      child.once('exit', (code) => reject(new Error(`the load generator exited (${code})`)));
      child.send(o);
    });
  } finally {
    child.kill();
  }
}

if (process.argv[2] === '--paced-load-child') {
  process.once('message', (o) => {
    void pacedLoad(o as PacedLoadOptions).then((r) => process.send?.(r));
  });
}
