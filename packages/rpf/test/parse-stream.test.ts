import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateRpf, parseRpf, parseRpfStream, presetSpec, readRpfFile, writeRpfBytes } from '../src/index';

const SMALL = readFileSync(new URL('../../../fixtures/rpf/small.lis', import.meta.url));

/** The bytes cut at the given offsets, as an async iterable of chunks. */
async function* chunks(bytes: Uint8Array, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  let from = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    yield bytes.subarray(from, cut);
    from = cut;
  }
  yield bytes.subarray(from);
}

// Variants whose streamed parse must equal the whole-input parse: the file as is, with CRLF
// (the CR and LF may land in different chunks), trimmed, and one with an error.
const CRLF = Buffer.from(SMALL.toString('latin1').replaceAll('\n', '\r\n'), 'latin1');
const BROKEN = Buffer.from(SMALL.toString('latin1').replace('01234-', '01X34-'), 'latin1');
const TRIMMED = Buffer.from(
  SMALL.toString('latin1')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .slice(0, -1), // no final line end either
  'latin1',
);

describe('parseRpfStream', () => {
  it('equals parseRpf for one-byte chunks', async () => {
    const cuts = Array.from({ length: SMALL.length }, (_, i) => i);
    expect(await parseRpfStream(chunks(SMALL, cuts))).toEqual(parseRpf(SMALL));
    expect(await parseRpfStream(chunks(CRLF, cuts))).toEqual(parseRpf(CRLF));
  });

  it('equals parseRpf for any chunking (property)', async () => {
    for (const bytes of [SMALL, CRLF, BROKEN, TRIMMED]) {
      const whole = parseRpf(bytes, { fileName: 'f.lis' });
      await fc.assert(
        fc.asyncProperty(fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 40 }), async (cuts) => {
          expect(await parseRpfStream(chunks(bytes, cuts), { fileName: 'f.lis' })).toEqual(whole);
        }),
        { numRuns: 150 },
      );
    }
  });

  it('accepts a Node readable stream, including string chunks', async () => {
    expect(await parseRpfStream(Readable.from([SMALL]))).toEqual(parseRpf(SMALL));
    const text = SMALL.toString('latin1');
    expect(await parseRpfStream(Readable.from([text.slice(0, 1000), text.slice(1000)]))).toEqual(parseRpf(SMALL));
  });

  it('survives a producer that refills one buffer for every chunk', async () => {
    // Chunks longer than an 81/82 line, so that some pairs have their 81 in one chunk and
    // their 82 in the next.
    async function* reused(size: number): AsyncGenerator<Uint8Array> {
      const buf = new Uint8Array(size);
      for (let at = 0; at < SMALL.length; at += size) {
        const n = Math.min(size, SMALL.length - at);
        buf.set(SMALL.subarray(at, at + n));
        yield buf.subarray(0, n);
      }
    }
    for (const size of [97, 250, 300, 333, 1000]) {
      expect(await parseRpfStream(reused(size))).toEqual(parseRpf(SMALL));
    }
  });

  it('turns a failing stream into an Io error', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield SMALL.subarray(0, 100);
      throw new Error('connection reset');
    }
    const r = await parseRpfStream(failing(), { fileName: 'remote.lis' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => [e._tag, e.file, e.message])).toEqual([
      ['Io', 'remote.lis', 'remote.lis: file "remote.lis": connection reset'],
    ]);
  });
});

describe('readRpfFile', () => {
  it('reads a .lis file and records its name and what the name says', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rpf-read-'));
    const path = join(dir, 'rpf______-_____-__-_____-160930.lis');
    writeFileSync(path, SMALL);
    const r = await readRpfFile(path);
    const expected = parseRpf(SMALL, { fileName: 'rpf______-_____-__-_____-160930.lis' });
    expect(r).toEqual(expected);
    expect(r.ok && r.value.source).toEqual({
      fileName: 'rpf______-_____-__-_____-160930.lis',
      fromFileName: { kind: 'final', businessDate: '2016-09-30', businessTime: undefined },
    });
  });

  it('reads a file of several chunks (lines straddling them) as the file is', async () => {
    // The small preset with 1,400 strikes a month on FEHSI: ~1.3 MB, so the file is read in two
    // 1 MB chunks read into one buffer, with an 81 line straddling them (the refill test above
    // pins that the parser keeps nothing of a chunk).
    const spec = presetSpec('small', 1);
    const combinedCommodities = spec.combinedCommodities.map((cc) =>
      cc.code === 'FEHSI' && cc.options !== undefined ? { ...cc, options: { ...cc.options, strikes: { grid: { count: 1400, step: 5 } } } } : cc,
    );
    const generated = generateRpf({ ...spec, combinedCommodities }, 1).rpf;
    const bytes = writeRpfBytes(generated);
    expect(bytes.length).toBeGreaterThan(1 << 20);
    const dir = mkdtempSync(join(tmpdir(), 'rpf-read-'));
    const path = join(dir, 'big.lis');
    writeFileSync(path, bytes);
    const r = await readRpfFile(path);
    if (!r.ok) throw new Error(r.errors[0]!.message);
    expect(r.warnings).toEqual([]);
    // The written model is the file byte for byte (a normalised file): every field came through.
    expect(Buffer.from(writeRpfBytes(r.value)).equals(Buffer.from(bytes))).toBe(true);
    expect(r.value.series.length).toBe(generated.series.length);
  });
});
