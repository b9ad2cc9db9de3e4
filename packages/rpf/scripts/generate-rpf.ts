/**
 * Writes a synthetic PRiME RPF (see src/generate/) and, optionally, its contract catalogue CSV,
 * for fixtures and benchmarks:
 *   node --import tsx packages/rpf/scripts/generate-rpf.ts --preset fullDay --seed 1 --out /tmp/x.lis [--catalogue /tmp/cat.csv]
 * The same preset and seed give the same bytes on every machine.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { catalogueToCsv } from '../src/catalogue';
import type { PresetName } from '../src/generate/presets';
import { PRESET_NAMES, generatePreset } from '../src/generate/presets';
import { writeRpfBytes } from '../src/write';

const usage = `usage: generate-rpf.ts --preset ${PRESET_NAMES.join('|')} [--seed 1] --out FILE.lis [--catalogue FILE.csv]`;
const { values } = parseArgs({
  options: {
    preset: { type: 'string', default: 'small' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
    catalogue: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help || values.out === undefined) {
  console.error(usage);
  process.exit(values.help ? 0 : 2);
}
if (!(PRESET_NAMES as readonly string[]).includes(values.preset)) {
  console.error(`--preset must be one of ${PRESET_NAMES.join(', ')}, not ${JSON.stringify(values.preset)}\n${usage}`);
  process.exit(2);
}
if (!/^\d+$/.test(values.seed) || !Number.isSafeInteger(Number(values.seed))) {
  console.error(`--seed must be a whole number, not ${JSON.stringify(values.seed)}\n${usage}`);
  process.exit(2);
}

const { rpf, catalogue } = generatePreset(values.preset as PresetName, Number(values.seed));
const bytes = writeRpfBytes(rpf);
await mkdir(dirname(values.out), { recursive: true });
await writeFile(values.out, bytes);
const what = `${rpf.series.length} series, ${rpf.combinedCommodities.length} CCs, ${bytes.length} bytes`;
console.log(`wrote ${values.out} (${values.preset}, seed ${values.seed}: ${what})`);
if (values.catalogue !== undefined) {
  await mkdir(dirname(values.catalogue), { recursive: true });
  await writeFile(values.catalogue, catalogueToCsv(catalogue));
  console.log(`wrote ${values.catalogue} (${catalogue.contracts.length} contracts)`);
}
