import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The bundled sample the service starts on when nothing is configured: HKEX's 2016 sample RPF
 * (a reconstruction, see fixtures/hkex-2016-sample/README.md), its catalogue, and the small
 * RPF01 worked example of fixtures/var. A build copies them into `dist/sample/`; from a checkout
 * (tsx on src/, or dist/ before the copy) they are found in the repository's fixtures/.
 */

export const SAMPLE_RPF = 'rpf______-_____-__-_____-160930.lis';
export const SAMPLE_CATALOGUE = 'catalogue.csv';
export const SAMPLE_RPF01 = 'rpf01-small.csv';

export interface BundledSample {
  readonly rpf: string;
  readonly catalogue: string;
  readonly rpf01: string | undefined;
}

export function bundledSample(): BundledSample | undefined {
  const places = [
    // dist/main.js or dist/index.js of a build: dist/sample/
    { prime: new URL('./sample/', import.meta.url), rpf01: new URL('./sample/', import.meta.url) },
    // src/sample.ts or dist/*.js in a checkout: the repository's fixtures
    { prime: new URL('../../../fixtures/hkex-2016-sample/', import.meta.url), rpf01: new URL('../../../fixtures/var/', import.meta.url) },
  ];
  for (const place of places) {
    const rpf = fileURLToPath(new URL(SAMPLE_RPF, place.prime));
    const catalogue = fileURLToPath(new URL(SAMPLE_CATALOGUE, place.prime));
    if (!existsSync(rpf) || !existsSync(catalogue)) continue;
    const rpf01 = fileURLToPath(new URL(SAMPLE_RPF01, place.rpf01));
    return { rpf, catalogue, rpf01: existsSync(rpf01) ? rpf01 : undefined };
  }
  return undefined;
}
