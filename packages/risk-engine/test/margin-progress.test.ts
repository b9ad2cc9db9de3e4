import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { readCatalogue, readRpfFile } from '@marginkit/rpf';
import { marginAccounts, parsePositions, preparePrime } from '../src/index';

const DIR = fileURLToPath(new URL('../../../fixtures/hkex-2016-sample/', import.meta.url));

it('marginAccounts reports progress once per account, in order, after margining it', async () => {
  const rpf = await readRpfFile(`${DIR}rpf______-_____-__-_____-160930.lis`);
  const catalogue = await readCatalogue(`${DIR}catalogue.csv`);
  const rows = parsePositions(readFileSync(`${DIR}positions.csv`, 'utf8'), { fileName: 'positions.csv' });
  if (!rpf.ok || !catalogue.ok || !rows.ok) throw new Error('fixture does not load');
  const calls: [number, number][] = [];
  const run = marginAccounts(preparePrime(rpf.value, catalogue.value), rows.value, { basis: 'net', onAccount: (done, total) => calls.push([done, total]) });
  expect(run.ok).toBe(true);
  // positions.csv holds HKEX's 8 cases × gross and net = 16 accounts.
  expect(calls).toEqual(Array.from({ length: 16 }, (_, i) => [i + 1, 16]));
});
