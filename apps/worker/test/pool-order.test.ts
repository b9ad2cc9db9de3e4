import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { piscinaOptions } from '../src/pool';

/**
 * The pool hands out chunks in the order they are given: the merge appends chunks in order, and
 * a chunk margined late holds every later one in memory until it is in (piscina's default put
 * each task it could not hand out at once back at the tail: 0, 1, 3, 5, …, 2, 6, 10, …).
 */

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mk-pool-order-'));
  // A task that takes its turn at its start (a shared counter) and then a few milliseconds, so
  // that the others queue behind it. With `barrier`, it waits until that many tasks have started:
  // the pool's threads are all up before the ordered tasks come, as a run's threads have loaded
  // the RPF before any chunk.
  writeFileSync(
    join(dir, 'task.mjs'),
    `export default async ({ counter, barrier }) => {
  const turn = Atomics.add(counter, 0, 1);
  if (barrier !== undefined) {
    const end = Date.now() + 10_000;
    while (Atomics.load(counter, 0) < barrier && Date.now() < end) Atomics.wait(counter, 1, 0, 5);
  }
  await new Promise((r) => setTimeout(r, 5));
  return turn;
};
`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the chunk pool', () => {
  it.each([1, 2])('runs tasks in the order they are given, on %i thread(s)', async (threads) => {
    const pool = new Piscina<{ counter: Int32Array; barrier?: number }, number>(piscinaOptions(threads, pathToFileURL(join(dir, 'task.mjs')).href));
    try {
      const warm = new Int32Array(new SharedArrayBuffer(8));
      expect((await Promise.all(Array.from({ length: threads }, () => pool.run({ counter: warm, barrier: threads })))).sort()).toEqual(
        Array.from({ length: threads }, (_, i) => i),
      );
      const counter = new Int32Array(new SharedArrayBuffer(8));
      const turns = await Promise.all(Array.from({ length: 12 }, () => pool.run({ counter })));
      // Task i starts i-th on one thread. On two, each holding two tasks (one running, the next
      // waiting), the threads take their tasks in order but may start them a little either way
      // round: no task starts more than three places from its turn (piscina's default put
      // tasks 2, 6, 10 after all the others).
      if (threads === 1) expect(turns).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      else turns.forEach((turn, i) => expect(Math.abs(turn - i), `task ${i} started ${turn}-th: ${turns.join(' ')}`).toBeLessThanOrEqual(3));
    } finally {
      await pool.destroy();
    }
  });
});
