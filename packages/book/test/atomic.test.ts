import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtomicFile } from '../src/atomic';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mk-atomic-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('AtomicFile', () => {
  it('flushes to disk each time syncEvery more bytes are in, and appears whole only at commit', async () => {
    const path = join(dir, 'merged.jsonl');
    const file = await AtomicFile.open(path, { syncEvery: 100 });
    await file.append('a'.repeat(60));
    expect(file.bytes).toEqual({ written: 60, flushed: 0 });
    await file.append(Buffer.from('b'.repeat(60)));
    // 120 bytes since the last flush (none): flushed, all of them.
    expect(file.bytes).toEqual({ written: 120, flushed: 120 });
    await file.append('c'.repeat(90));
    expect(file.bytes).toEqual({ written: 210, flushed: 120 });
    await file.append('d'.repeat(10));
    expect(file.bytes).toEqual({ written: 220, flushed: 220 });
    expect(existsSync(path)).toBe(false);
    await file.commit();
    expect(readFileSync(path, 'utf8')).toBe(`${'a'.repeat(60)}${'b'.repeat(60)}${'c'.repeat(90)}${'d'.repeat(10)}`);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('flushes only at commit without syncEvery, and refuses a syncEvery that is not positive', async () => {
    const file = await AtomicFile.open(join(dir, 'plain.csv'));
    await file.append('x'.repeat(1 << 16));
    expect(file.bytes).toEqual({ written: 1 << 16, flushed: 0 });
    await file.abort();
    expect(readdirSync(dir).filter((n) => n.startsWith('.plain.csv'))).toEqual([]);
    await expect(AtomicFile.open(join(dir, 'bad.csv'), { syncEvery: 0 })).rejects.toThrow(/syncEvery must be positive/);
    await expect(AtomicFile.open(join(dir, 'bad.csv'), { syncEvery: Number.NaN })).rejects.toThrow(/syncEvery must be positive/);
  });
});
