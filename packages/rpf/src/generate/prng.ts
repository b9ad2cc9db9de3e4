import { mulberry32 } from '../rpf01/generate';

/**
 * The generator's seeded randomness, on the package's one small local PRNG (mulberry32, shared
 * with the RPF01 generator) so that a seed gives the same file on every machine and Node
 * version (no Math.random, no dependency whose algorithm could change).
 */
export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Approximately standard normal (Irwin–Hall sum of 12 uniforms: arithmetic only). */
  normal(): number;
  pick<T>(items: readonly T[]): T;
}

export function seededPrng(seed: number): Prng {
  const next = mulberry32(seed);
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    normal: () => {
      let s = 0;
      for (let i = 0; i < 12; i++) s += next();
      return s - 6;
    },
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(items.length * next())] as T;
    },
  };
}
