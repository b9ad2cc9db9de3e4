import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogueToCsv, formatSeriesCode, generatePreset, writeRpf } from '@marginkit/rpf';
import type { RiskParameterFile } from '@marginkit/rpf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

// A generated full trading day, written as HKEX names a final file, then read by the built CLI.
let dir: string;
let rpfPath: string;
let cataloguePath: string;
let rpf: RiskParameterFile;
let someCodes: string[];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mk-cli-full-day-'));
  const generated = generatePreset('fullDay', 11);
  rpf = generated.rpf;
  rpfPath = join(dir, 'rpf______-_____-__-_____-240315.lis');
  cataloguePath = join(dir, 'catalogue.csv');
  await writeFile(rpfPath, writeRpf(rpf), 'latin1');
  await writeFile(cataloguePath, catalogueToCsv(generated.catalogue));
  // A future, and the first and last series of the file (options of different CCs).
  const picks = [rpf.series.find((s) => s.productType === 'FUT'), rpf.series[0], rpf.series.at(-1)];
  someCodes = picks.map((s) => {
    const code = s === undefined ? undefined : formatSeriesCode(s, generated.catalogue);
    if (code === undefined || !code.ok) throw new Error('generated series without a code');
    return code.value;
  });
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the CLI on a generated full-day RPF', () => {
  it('inspect counts every CC and series the generator wrote', () => {
    const r = runCli(['rpf', 'inspect', rpfPath, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    // The counts come from the generator's model; the CLI got them by parsing the written text.
    expect(out).toEqual({
      file: 'rpf______-_____-__-_____-240315.lis',
      kind: 'final',
      businessDate: rpf.header.businessDate,
      businessTime: rpf.header.businessTime,
      combinedCommodities: rpf.combinedCommodities.length,
      series: rpf.series.length,
      warnings: [],
    });
    expect(rpf.series.length).toBeGreaterThan(50_000);
    expect(rpf.combinedCommodities.length).toBeGreaterThan(100);
  });

  it('series finds generated codes in the file', () => {
    for (const code of someCodes) {
      const r = runCli(['rpf', 'series', rpfPath, code, '--catalogue', cataloguePath, '--json']);
      expect(r.stderr, code).toBe('');
      expect((JSON.parse(r.stdout) as { code: string }).code).toBe(code);
    }
  });
});
