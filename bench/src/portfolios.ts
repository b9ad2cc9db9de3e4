import type { ContractCatalogue, RiskParameterFile, Series } from '@marginkit/rpf';
import { formatSeriesCode } from '@marginkit/rpf';
import type { PrimeContext } from '@marginkit/risk-engine';

/** A series the engine can margin, with its HKEX code (as a participant writes it). */
export interface CodedSeries {
  readonly series: Series;
  readonly code: string;
}

/**
 * The series of an RPF that positions can name, by CC: those the engine can margin (commodity
 * in the catalogue, an HKD rate) whose HKEX code reads back to them. What the benchmarks draw
 * their portfolios from.
 */
export function marginableSeriesByCc(rpf: RiskParameterFile, catalogue: ContractCatalogue, ctx: PrimeContext): Map<string, CodedSeries[]> {
  const byCc = new Map<string, CodedSeries[]>();
  for (const s of rpf.series) {
    if (ctx.engine.problem[s.row] !== 0) continue;
    const code = formatSeriesCode(s, catalogue);
    if (!code.ok) continue;
    const list = byCc.get(s.cc) ?? [];
    list.push({ series: s, code: code.value });
    byCc.set(s.cc, list);
  }
  return byCc;
}
