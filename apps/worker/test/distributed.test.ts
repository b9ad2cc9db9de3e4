import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Running } from './support';
import { committedChunks, generatedBook, INPUTS, linesByAccount, runWorker, start, until } from './support';

/**
 * The distributed mode on a private redis-server (test/redis-setup.ts): a producer and worker
 * processes; one worker SIGKILLed mid-run, a replacement started; every account must come out
 * exactly once with the figures of the in-process run.
 */

const ACCOUNTS = 3000;
const CHUNKS = '40';
const redis = inject('redisUrl');
let dir: string;
let book: string;
const workers: Running[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mk-worker-dist-'));
  book = join(dir, 'book.csv');
  writeFileSync(book, generatedBook(ACCOUNTS, 11));
  const r = await runWorker(['run', ...INPUTS, '--positions', book, '--out', join(dir, 'in-process'), '--chunks', CHUNKS, '--threads', '2', '--quiet']);
  expect(r.code).toBe(0);
});
afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  rmSync(dir, { recursive: true, force: true });
});

function worker(queue: string, name: string, extra: readonly string[] = []): Running {
  const w = start(['work', '--redis', redis, '--queue', queue, '--threads', '1', '--lock-ms', '1000', '--cache', join(dir, `cache-${name}`), ...extra]);
  workers.push(w);
  return w;
}

describe('marginkit-worker run --redis', () => {
  it('survives a worker killed mid-run: every account exactly once, same figures as in-process', async () => {
    const queue = `q-kill-${process.pid}`;
    const out = join(dir, 'distributed');
    const producer = start(['run', ...INPUTS, '--positions', book, '--out', out, '--chunks', CHUNKS, '--redis', redis, '--queue', queue, '--backoff-ms', '100', '--status-ms', '300']);
    const a = worker(queue, 'a', ['--throttle-ms', '150']);
    const b = worker(queue, 'b', ['--throttle-ms', '150']);
    await until('5 committed chunks', () => committedChunks(out).length >= 5);
    // Kill worker a inside a chunk (it spends 150 ms of each in the pool's throttle).
    const open = /chunk (\d+): started[^\n]*\n$/;
    await until('worker a inside a chunk', () => open.test(a.stderr()));
    a.child.kill('SIGKILL');
    expect((await a.exited).signal).toBe('SIGKILL');
    const lost = open.exec(a.stderr())?.[1];
    const c = worker(queue, 'c');
    const done = await producer.exited;
    expect(done.code).toBe(0);
    // Progress from the producer: the run's chunk states in the queue, polled.
    const status = done.stderr.trimEnd().split('\n');
    expect(status.length).toBeGreaterThan(0);
    for (const line of status) expect(line).toMatch(/^marginkit-worker: chunks (\w+ \d+, )*committed \d+$/);
    b.child.kill('SIGTERM');
    c.child.kill('SIGTERM');
    const [bLog, cLog] = [(await b.exited).stderr, (await c.exited).stderr];
    // The chunk worker a held when killed was margined by another worker (its lock expired).
    expect(`${bLog}${cLog}`).toMatch(new RegExp(`chunk ${lost}: \\d+ accounts`));

    const reference = linesByAccount(join(dir, 'in-process'));
    const lines = linesByAccount(out); // throws on an account found twice
    expect(lines.size).toBe(ACCOUNTS);
    expect(lines).toEqual(reference);
    expect(readFileSync(join(out, 'accounts.csv'), 'utf8')).toBe(readFileSync(join(dir, 'in-process', 'accounts.csv'), 'utf8'));
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { complete: boolean; totals: unknown };
    const inProcess = JSON.parse(readFileSync(join(dir, 'in-process', 'summary.json'), 'utf8')) as { totals: unknown };
    expect(summary.complete).toBe(true);
    expect(summary.totals).toEqual(inProcess.totals);
  });

  it('retries a failing chunk with backoff, then dead-letters its accounts with the error', async () => {
    const queue = `q-dead-${process.pid}`;
    const out = join(dir, 'dead');
    const blocked = join(dir, 'not-a-directory');
    writeFileSync(blocked, '');
    // This worker cannot store the run's RPF (its cache is a file): every chunk fails.
    const w = start(['work', '--redis', redis, '--queue', queue, '--threads', '1', '--cache', blocked]);
    workers.push(w);
    const r = await runWorker(['run', ...INPUTS, '--positions', book, '--out', out, '--chunks', '3', '--redis', redis, '--queue', queue, '--attempts', '2', '--backoff-ms', '50', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^marginkit-worker: ${ACCOUNTS} of ${ACCOUNTS} accounts failed`));
    const failures = readFileSync(join(out, 'failures.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { account: string; reasons: { reason: string; message: string }[] });
    expect(new Set(failures.map((f) => f.account)).size).toBe(ACCOUNTS);
    expect(failures[0]?.reasons[0]).toMatchObject({ reason: 'ChunkFailed', message: expect.stringMatching(/2 attempts failed; last: .*(ENOTDIR|EEXIST)/) });
    expect(readFileSync(join(out, 'accounts.jsonl'), 'utf8')).toBe('');
    w.child.kill('SIGTERM');
    await w.exited;
  });
});
