import { describe, expect, it } from 'vitest';
import { ByteBuilder } from '../src/bytes';

/** The builder of a chunk's lines, in new memory or in memory handed back from an earlier chunk. */
describe('ByteBuilder', () => {
  it('writes into the memory it is given when that holds the capacity, whatever it held before', () => {
    const old = new ArrayBuffer(64);
    new Uint8Array(old).fill(0x58); // "X": an earlier chunk's bytes
    const b = new ByteBuilder(32, old);
    b.append('é,');
    b.appendBytes(new Uint8Array([0x41, 0x0a]));
    expect(b.bytes().buffer).toBe(old);
    expect(Buffer.from(b.bytes()).toString('utf8')).toBe('é,A\n');
    expect(b.length).toBe(5);
  });

  it('takes new memory when what it is given is too small, and grows past its capacity', () => {
    const small = new ArrayBuffer(8);
    const b = new ByteBuilder(16, small);
    expect(b.bytes().buffer).not.toBe(small);
    b.append('0123456789abcdefXYZ');
    expect(Buffer.from(b.bytes()).toString('latin1')).toBe('0123456789abcdefXYZ');
    expect(new Uint8Array(small)).toEqual(new Uint8Array(8));
  });
});
