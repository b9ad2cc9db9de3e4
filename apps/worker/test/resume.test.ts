import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committedChunks, generatedBook, INPUTS, linesByAccount, runWorker, start, until } from './support';

/**
 * A run killed half-way (SIGKILL, no chance to clean up) and started again finishes without
 * recomputing a committed chunk and without duplicating an account, with the same results as a
 * run never interrupted.
 */

const ACCOUNTS = 3000;
const CHUNKS = '40';
let dir: string;
let book: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mk-worker-resume-'));
  book = join(dir, 'book.csv');
  writeFileSync(book, generatedBook(ACCOUNTS));
  const r = await runWorker(['run', ...INPUTS, '--positions', book, '--out', join(dir, 'reference'), '--chunks', CHUNKS, '--threads', '2', '--quiet']);
  expect(r.code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resuming a killed run', () => {
  it('skips committed chunks, margins the rest, every account exactly once with the same figures', async () => {
    const out = join(dir, 'killed');
    // Slowed down (150 ms per chunk on one thread) so that the kill lands mid-run.
    const first = start(['run', ...INPUTS, '--positions', book, '--out', out, '--chunks', CHUNKS, '--threads', '1', '--throttle-ms', '150', '--quiet']);
    await until('5 committed chunks', () => committedChunks(out).length >= 5);
    first.child.kill('SIGKILL');
    const killed = await first.exited;
    expect(killed.signal).toBe('SIGKILL');
    const committed = committedChunks(out);
    expect(committed.length).toBeGreaterThanOrEqual(5);
    expect(committed.length).toBeLessThan(40);
    const before = new Map(committed.map((f) => [f, statSync(join(out, 'chunks', f))]));

    const second = await runWorker(['run', ...INPUTS, '--positions', book, '--out', out, '--chunks', CHUNKS, '--threads', '2', '--json']);
    expect(second.code).toBe(0);
    const summary = JSON.parse(second.stdout) as { chunks: { total: number; computed: number; resumed: number }; accounts: { total: number; margined: number } };
    expect(summary.chunks).toMatchObject({ total: 40, resumed: committed.length, computed: 40 - committed.length });
    expect(summary.accounts).toMatchObject({ total: ACCOUNTS, margined: ACCOUNTS });
    // Committed chunks were not written again: same inode, same modification time.
    for (const [f, s] of before) {
      const now = statSync(join(out, 'chunks', f));
      expect([f, now.ino, now.mtimeMs]).toEqual([f, s.ino, s.mtimeMs]);
    }
    // Every account once (linesByAccount throws on a repeat), byte for byte as the uninterrupted run.
    expect(linesByAccount(out).size).toBe(ACCOUNTS);
    expect(readFileSync(join(out, 'accounts.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'reference', 'accounts.jsonl'), 'utf8'));
    expect(readFileSync(join(out, 'accounts.csv'), 'utf8')).toBe(readFileSync(join(dir, 'reference', 'accounts.csv'), 'utf8'));
  });
});
