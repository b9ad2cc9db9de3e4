import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseRpf01, validateRpf01 } from '@marginkit/rpf';
import type { VarMargin } from '@marginkit/risk-engine';
import { computeVarMargin, parseVarParams, parseVarPositions } from '@marginkit/risk-engine';

/**
 * The VaR Platform margin of fixtures/var (a hand-made RPF01 file, positions and CP parameters
 * whose every component fixtures/var/README.md computes by hand), through the real pipeline:
 * RPF01 parser and validation → position and parameter loaders → engine.
 */
export const VAR_FIXTURES = fileURLToPath(new URL('../../../fixtures/var/', import.meta.url));
export const VAR_FILES = { rpf01File: 'rpf01-small.csv', positionsFile: 'positions-small.csv', paramsFile: 'params-small.json' } as const;

export function fixtureVarMargin(): VarMargin {
  const read = (name: string) => readFileSync(VAR_FIXTURES + name, 'utf8');
  const file = parseRpf01(read(VAR_FILES.rpf01File), { fileName: VAR_FILES.rpf01File });
  if (!file.ok) throw new Error(file.errors.map((e) => e.message).join('\n'));
  const invalid = validateRpf01(file.value);
  if (invalid.length > 0) throw new Error(invalid.map((e) => e.message).join('\n'));
  const positions = parseVarPositions(read(VAR_FILES.positionsFile), { fileName: VAR_FILES.positionsFile });
  if (!positions.ok) throw new Error(positions.errors.map((e) => e.message).join('\n'));
  const params = parseVarParams(read(VAR_FILES.paramsFile), { fileName: VAR_FILES.paramsFile });
  if (!params.ok) throw new Error(params.errors.map((e) => e.message).join('\n'));
  const margin = computeVarMargin(file.value, positions.value, params.value);
  if (!margin.ok) throw new Error(margin.errors.map((e) => e.message).join('\n'));
  return margin.value;
}

/**
 * fixtures/var/README.md's hand-computed components (steps 1-10), in the order the spec forms
 * them, as the human formats show them: grouped, fractional figures to 2 places.
 */
export const HAND_COMPUTED_COMPONENTS: readonly (readonly [label: string, figure: string])[] = [
  ['Portfolio margin', '32,394'], // round(max(32393.75, 19680, 0))
  ['Flat-rate margin', '20,880'], // (15000 + 2400) × 1.2
  ['Liquidation-risk add-on', '34,440'],
  ['instrument level', '28,000'], // 22500 + 5500
  ['portfolio level', '6,440'], // (422000 − 100000) × 0.02
  ['Structured-product add-on', '650'], // 500 + 150
  ['Corporate-action margin', '2,117'], // 617 + 1500
  ['Holiday add-on', '22,067'], // round(53274 × 0.4142135624)
  ['Aggregate margin', '120,000'], // 112548 rounded up to 10000
  ['Mark-to-market', '5,345.50'],
  ['Favourable MTM', '5,345.50'],
  ['MTM requirement', '0'],
  ['Net margin', '114,654.50'], // 120000 − 5345.5
  ['Margin after credit', '64,654.50'], // − 50000
  ['Position-limit add-on', '2,899'], // 39346 / 339346 × 100000 × 0.25 = 2898.66…
  ['Credit-risk add-on', '1,000'],
  ['Ad-hoc add-on', '500'],
  ['Total', '69,053.50'], // 64654.5 + 0 + 2899 + 1000 + 500
];
