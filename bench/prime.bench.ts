/**
 * PRiME engine benchmark (figures in packages/risk-engine/README.md, "Performance"):
 * (a) 10,000 accounts × 20 positions over ~50 CCs of a generated full-day RPF, on one core;
 * (b) one 500-position portfolio;
 * (c) memory of the loaded (parsed) RPF and of the engine's prepared layout.
 * Run: pnpm --filter @marginkit/bench bench:prime
 * The script builds the packages first (turbo, cached) and measures the built code (dist), as a
 * user runs it: not the sources through tsx, whose transform adds work to every call that makes
 * a named closure (a `__name` call each).
 *
 * Wall-clock time is what a user waits; CPU time (process.cpuUsage) is printed beside it because
 * the machine may be shared: when other processes compete for the cores, wall time stretches
 * while CPU time stays close to the engine's own cost. Best and median of several rounds.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import type { ContractCatalogue, RiskParameterFile, Series } from '@marginkit/rpf';
import { generatePreset, mulberry32, parseRpf, writeRpf } from '@marginkit/rpf';
import type { Basis, PortfolioPosition, PrimeContext } from '@marginkit/risk-engine';
import { accountSheetJsonText, marginPortfolio, preparePrime } from '@marginkit/risk-engine';

const gc = (globalThis as { gc?: () => void }).gc;
function memory(): { heap: number; external: number } {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, external: m.external };
}
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

// --- (c) load: a generated full day written as a .lis file and parsed back, as a user loads it.
// Memory is measured in a fresh process (this file with --load), so that nothing of the
// generator or of this process's history is counted.
if (process.argv[2] === '--load') {
  const path = process.argv[3] as string;
  const cat = JSON.parse(readFileSync(`${path}.catalogue.json`, 'utf8')) as { contracts: ContractCatalogue['contracts'] };
  const catalogueIn: ContractCatalogue = { contracts: cat.contracts, byCommodity: new Map(cat.contracts.map((c) => [c.commodity, c])) };
  const before = memory();
  let input: Buffer | undefined = readFileSync(path);
  const loaded = parseRpf(input, { fileName: 'rpf______-_____-__-_____-160930.lis' });
  input = undefined;
  if (!loaded.ok) throw new Error('parse failed');
  const parsedMem = memory();
  const prepared = preparePrime(loaded.value, catalogueIn);
  const preparedMem = memory();
  marginPortfolio(prepared, [], 'net');
  const scratchMem = memory();
  console.log(
    JSON.stringify({
      rpf: parsedMem.heap - before.heap + (parsedMem.external - before.external),
      rpfArrays: parsedMem.external - before.external,
      prepared: preparedMem.heap - parsedMem.heap + (preparedMem.external - parsedMem.external),
      scratch: scratchMem.heap - preparedMem.heap + (scratchMem.external - preparedMem.external),
    }),
  );
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'mk-prime-bench-'));
const file = join(dir, 'rpf______-_____-__-_____-160930.lis');
let catalogue: ContractCatalogue;
{
  const generated = generatePreset('fullDay', 20160930);
  writeFileSync(file, writeRpf(generated.rpf), 'latin1');
  writeFileSync(`${file}.catalogue.json`, JSON.stringify({ contracts: generated.catalogue.contracts }));
  catalogue = generated.catalogue;
}
const loadFigures = JSON.parse(
  execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--load', file], { encoding: 'utf8' }),
) as { rpf: number; rpfArrays: number; prepared: number; scratch: number };
const fileBytes = statSync(file).size;
const parsed = parseRpf(readFileSync(file), { fileName: 'rpf______-_____-__-_____-160930.lis' });
rmSync(dir, { recursive: true, force: true });
if (!parsed.ok) throw new Error(`parse failed: ${parsed.errors[0]?.message ?? ''}`);
const rpf: RiskParameterFile = parsed.value;
const ctx: PrimeContext = preparePrime(rpf, catalogue);
gc?.();

// --- portfolios ---
const rand = mulberry32(42);
const int = (n: number) => Math.floor(rand() * n);
const seriesOfCc = new Map<string, Series[]>();
for (const s of rpf.series) {
  if (ctx.engine.problem[s.row] !== 0) continue;
  const list = seriesOfCc.get(s.cc);
  if (list === undefined) seriesOfCc.set(s.cc, [s]);
  else list.push(s);
}
// ~50 CCs: the index CCs, then stock futures and stock options picked at random.
const all = [...seriesOfCc.keys()];
const ccs: string[] = all.filter((c) => c.startsWith('FE'));
for (const c of all) if (ccs.length < 50 && !ccs.includes(c) && int(3) === 0) ccs.push(c);
for (const c of all) if (ccs.length < 50 && !ccs.includes(c)) ccs.push(c);
const indexCcs = ccs.filter((c) => c.startsWith('FE'));

/** A position as `resolvePositions` gives it to the engine: the series, its row, the quantity. */
function holding(cc: string): PortfolioPosition {
  const list = seriesOfCc.get(cc) as Series[];
  const series = list[int(list.length)] as Series;
  return { series, quantity: (1 + int(20)) * (rand() < 0.5 ? -1 : 1), row: series.row };
}
/** 20 positions over 4-8 of the CCs; a third of the accounts also hold index spreads. */
function account(): PortfolioPosition[] {
  const mine = Array.from({ length: 4 + int(5) }, () => ccs[int(ccs.length)] as string);
  if (int(3) === 0) mine.push(indexCcs[0] as string, indexCcs[1 + int(indexCcs.length - 1)] as string);
  return Array.from({ length: 20 }, () => holding(mine[int(mine.length)] as string));
}
const ACCOUNTS = 10_000;
const accounts = Array.from({ length: ACCOUNTS }, account);
const big = Array.from({ length: 500 }, (_, i) => holding(ccs[i % ccs.length] as string));

// --- (a) ---
interface Rates {
  wall: number[];
  cpu: number[];
}
function round(basis: Basis, json: boolean, into: Rates): void {
  const w0 = performance.now();
  const c0 = process.cpuUsage();
  let check = 0;
  for (const positions of accounts) {
    const sheet = marginPortfolio(ctx, positions, basis);
    check += json ? accountSheetJsonText(sheet).length : sheet.clearingHouses.length;
  }
  const c = process.cpuUsage(c0);
  into.wall.push(ACCOUNTS / ((performance.now() - w0) / 1000));
  into.cpu.push(ACCOUNTS / ((c.user + c.system) / 1e6));
  if (check < 0) throw new Error('unreachable');
}
const best = (xs: number[]) => Math.max(...xs);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const n = (x: number) => Math.round(x).toLocaleString('en');
const cases: [string, Basis, boolean, number][] = [
  ['net, sheets', 'net', false, 9],
  ['gross, sheets', 'gross', false, 9],
  ['net, sheets + JSON text of every figure', 'net', true, 3],
];
console.log(`RPF: ${rpf.combinedCommodities.length} CCs, ${rpf.series.length} series, ${rpf.interSpreads.length} type-6 spreads, ${mb(fileBytes)}; portfolios over ${ccs.length} CCs`);
for (const [name, basis, json, rounds] of cases) {
  const r: Rates = { wall: [], cpu: [] };
  round(basis, json, { wall: [], cpu: [] }); // warm-up
  for (let i = 0; i < rounds; i++) round(basis, json, r);
  console.log(
    `(a) 10,000 accounts × 20 positions, ${name}: ${n(best(r.wall))} accounts/s best, ${n(median(r.wall))} median (wall); ` +
      `${n(best(r.cpu))} best, ${n(median(r.cpu))} median (CPU time)`,
  );
}

// --- (b) ---
const single = new Bench({ time: 2000, warmupTime: 500 });
single
  .add('(b) one 500-position portfolio, net', () => void marginPortfolio(ctx, big, 'net'))
  .add('(b) one 500-position portfolio, gross', () => void marginPortfolio(ctx, big, 'gross'))
  .add('(b) one 500-position portfolio, net + JSON text', () => void accountSheetJsonText(marginPortfolio(ctx, big, 'net')));
await single.run();
for (const t of single.tasks) {
  const r = t.result as unknown as { latency?: { mean: number; p50?: number; min?: number } } | undefined;
  if (r?.latency === undefined) continue;
  console.log(`${t.name}: ${(r.latency.p50 ?? r.latency.mean).toFixed(3)} ms median, ${(r.latency.min ?? Number.NaN).toFixed(3)} ms best`);
}

// --- (c) ---
console.log(
  `(c) memory${gc === undefined ? ' (approximate: run node with --expose-gc)' : ''}: parsed RPF ${mb(loadFigures.rpf)} ` +
    `(of which ${mb(loadFigures.rpfArrays)} typed arrays); preparePrime adds ${mb(loadFigures.prepared)}; ` +
    `the per-RPF scratch space of the first margin call ${mb(loadFigures.scratch)}`,
);
