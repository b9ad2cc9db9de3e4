/**
 * Writes a synthetic RPF01 file (see src/rpf01/generate.ts), streaming, for fixtures and benchmarks:
 *   node --import tsx packages/rpf/scripts/generate-rpf01.ts --out bench/.data/rpf01-3000.csv --instruments 3000
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { rpf01Lines } from '../src/rpf01/generate';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    instruments: { type: 'string', default: '3000' },
    hvar: { type: 'string', default: '1000' },
    svar: { type: 'string', default: '1018' },
    seed: { type: 'string', default: '1' },
    help: { type: 'boolean', default: false },
  },
});
const usage = 'usage: generate-rpf01.ts --out FILE [--instruments 3000] [--hvar 1000] [--svar 1018] [--seed 1]';
const int = (name: string, text: string | undefined): number => {
  if (text === undefined || !/^\d+$/.test(text)) {
    console.error(`--${name} must be a whole number\n${usage}`);
    process.exit(2);
  }
  return Number(text);
};
if (values.help || values.out === undefined) {
  console.error(usage);
  process.exit(values.help ? 0 : 2);
}
const out = values.out;
await mkdir(dirname(out), { recursive: true });
const stream = createWriteStream(out);
for (const line of rpf01Lines({
  tierP: int('instruments', values.instruments),
  hvarScenarios: int('hvar', values.hvar),
  svarScenarios: int('svar', values.svar),
  seed: int('seed', values.seed),
})) {
  if (!stream.write(line + '\n')) await once(stream, 'drain');
}
stream.end();
await once(stream, 'finish');
console.log(`wrote ${out}`);
