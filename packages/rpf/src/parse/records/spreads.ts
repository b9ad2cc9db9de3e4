import type { InterSpreadLeg } from '../../model';
import type { LineReader } from '../fields';
import type { ModelBuilder } from '../builder';

/** Record 5: a group of CCs, up to ten per line; lines with the same group code continue it. */
export function readCcGroup(r: LineReader, b: ModelBuilder): void {
  const code = r.requiredText(3, 3, 'CC group code');
  const ccs: string[] = [];
  for (let k = 0; k < 10; k++) {
    const col = 13 + 6 * k;
    const cc = r.text(col, 6);
    if (cc === '') continue;
    b.cc(cc, r, col, `CC code ${k + 1}`);
    ccs.push(cc);
  }
  if (r.failed) return;
  const group = b.groups.get(code);
  if (group === undefined) b.groups.set(code, { code, ccs });
  else group.ccs.push(...ccs);
}

/** Record 6: an intercommodity spread between CCs, up to four legs of 18 bytes from column 17. */
export function readInterSpread(r: LineReader, b: ModelBuilder): void {
  const group = r.requiredText(3, 3, 'CC group code');
  const priority = r.digits(6, 4, 'spread priority');
  const creditRate = r.fixed(10, 7, 4, 'credit rate');
  const legs: InterSpreadLeg[] = [];
  for (let k = 0; k < 4; k++) {
    const col = 17 + 18 * k;
    const cc = r.text(col + 4, 6);
    if (cc === '') continue;
    const exchange = r.text(col, 3);
    const requiredForScanning = r.text(col + 3, 1);
    const ratio = r.fixed(col + 10, 7, 4, `leg ${k + 1} delta-per-spread ratio`);
    const side = r.choice(col + 17, 'AB', `leg ${k + 1} market side`);
    const tier = r.optionalDigits(102 + 2 * k, 2, `leg ${k + 1} tier number`);
    b.cc(cc, r, col + 4, `leg ${k + 1} CC code`);
    legs.push({ exchange, requiredForScanning, cc, ratio, side: side as 'A' | 'B', tier });
  }
  if (legs.length < 2 && !r.failed) r.fail('InvalidValue', 21, 6, 'leg 2 CC code', 'a spread has at least two legs');
  const method = r.text(89, 2);
  if (method !== '') r.optionalDigits(89, 2, 'intercommodity spread method code');
  // Only the weighted-futures-price-risk credit is specified; another method would be guessed.
  r.choice(101, ' W', 'credit method');
  if (r.failed) return;
  b.interSpreads.push({ group, priority, creditRate, legs, method, creditMethod: 'W' });
}
