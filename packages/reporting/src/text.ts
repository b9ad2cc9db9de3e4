import type { RpfProvenance } from '@marginkit/risk-engine';

/** Words shared by the human formats (table and HTML), so both name things alike. */

/** `final RPF of 2016-09-30 18:30 (rpf…-160930.lis)`: the first thing to check when figures disagree. */
export function rpfTitle(rpf: RpfProvenance): string {
  const file = rpf.fileName === undefined ? '' : ` (${rpf.fileName})`;
  return `${rpf.kind} RPF of ${rpf.businessDate} ${rpf.businessTime}${file}`;
}

/** prime.md "The 16 scenarios": what scenario s (1-based) moves. */
export function scenarioDescription(s: number): string {
  if (s === 15) return 'price up extreme × covered fraction';
  if (s === 16) return 'price down extreme × covered fraction';
  if (s < 1 || s > 16) return `scenario ${s}`;
  const pair = Math.floor((s - 1) / 2); // 0: unchanged, 1: ±1/3, 2: ±2/3 …
  const vol = s % 2 === 1 ? 'vol up' : 'vol down';
  if (pair === 0) return `price unchanged, ${vol}`;
  const thirds = Math.ceil(pair / 2);
  const direction = pair % 2 === 1 ? 'up' : 'down';
  return `price ${direction} ${thirds}/3 of range, ${vol}`;
}
