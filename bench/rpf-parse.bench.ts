/**
 * RPF parse benchmark (packages/rpf README, "Performance"), on a generated full-day RPF
 * (≈ 105,000 series, ≈ 24 MB), kept in bench/.data/ (git-ignored; delete it to regenerate):
 *   (a) the floor: read the file and split it into lines — as line strings, and as a byte scan;
 *   (b) a full parse: readRpfFile (streamed from disk) and parseRpf of a Buffer already in memory;
 *   (c) memory of the loaded model.
 * Goal: (b) ≥ 100 MB/s and ≤ 3 × (a). Run: pnpm --filter @marginkit/bench bench (it passes
 * --expose-gc, needed for (c)); @marginkit/rpf resolves to its build (`pnpm build` first).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { generatePreset, parseRpf, readRpfFile, writeRpfBytes } from '@marginkit/rpf';

const SEED = 1;
// The HKEX name of a final file of the preset's business day (2024-03-15), so that the parse
// also exercises the file-name check without a warning.
const dir = join(import.meta.dirname, '.data', `fullDay-seed${SEED}`);
const path = join(dir, 'rpf______-_____-__-_____-240315.lis');

if (!existsSync(path)) {
  console.log(`generating ${path} …`);
  const { rpf } = generatePreset('fullDay', SEED);
  await mkdir(dir, { recursive: true });
  await writeFile(path, writeRpfBytes(rpf));
}

const bytes = await readFile(path);
const size = bytes.length;
const mb = (n: number) => n / 1e6;
const check = await readRpfFile(path);
if (!check.ok) throw new Error(`parse failed: ${check.errors[0]?.message}`);
if (check.warnings.length > 0) throw new Error(`unexpected warnings: ${check.warnings[0]?.message}`);
const seriesCount = check.value.series.length;
const ccCount = check.value.combinedCommodities.length;
console.log(`file: ${path}\n  ${mb(size).toFixed(1)} MB, ${seriesCount} series, ${ccCount} CCs\n`);

let sink = 0;
/**
 * CPU time (all threads: the GC's helpers too) per task, beside tinybench's wall time: on a
 * shared machine wall time includes waiting for a core, CPU time does not.
 */
const cpu = new Map<string, { ms: number; runs: number }>();
const timed = <T>(name: string, f: () => Promise<T> | T) => async () => {
  const c0 = process.cpuUsage();
  await f();
  const c = process.cpuUsage(c0);
  const acc = cpu.get(name) ?? { ms: 0, runs: 0 };
  acc.ms += (c.user + c.system) / 1000;
  acc.runs++;
  cpu.set(name, acc);
};
const tasks: [string, () => Promise<unknown> | unknown][] = [
  ['(a) read + split into line strings', async () => (sink += (await readFile(path, 'latin1')).split('\n').length)],
  [
    '(a′) read + scan line ends (bytes)',
    async () => {
      const buf = await readFile(path);
      for (let p = buf.indexOf(10); p >= 0; p = buf.indexOf(10, p + 1)) sink++;
    },
  ],
  ['(b) readRpfFile (from disk, streamed)', async () => {
    const r = await readRpfFile(path);
    sink += r.ok ? r.value.series.length : -1;
  }],
  ['(b′) parseRpf (Buffer in memory)', () => {
    const r = parseRpf(bytes);
    sink += r.ok ? r.value.series.length : -1;
  }],
];
const bench = new Bench({ name: 'rpf parse', time: 4000, iterations: 8, warmupIterations: 2 });
for (const [name, f] of tasks) bench.add(name, timed(name, f));
await bench.run();

const mean = new Map<string, number>();
console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.availableParallelism()} cores`);
console.log('task                                     wall ms   MB/s    cpu ms   MB/s (cpu)');
for (const t of bench.tasks) {
  if (t.result.state !== 'completed') throw new Error(`${t.name}: ${t.result.state}`);
  const ms = t.result.latency.mean;
  mean.set(t.name, ms);
  const c = cpu.get(t.name)!;
  const cms = c.ms / c.runs;
  console.log(
    `${t.name.padEnd(40)} ${ms.toFixed(1).padStart(7)} ${(mb(size) / (ms / 1000)).toFixed(0).padStart(6)}` +
      ` ${cms.toFixed(1).padStart(9)} ${(mb(size) / (cms / 1000)).toFixed(0).padStart(6)}`,
  );
}
const a = mean.get('(a) read + split into line strings')!;
const aBytes = mean.get('(a′) read + scan line ends (bytes)')!;
const fromDisk = mean.get('(b) readRpfFile (from disk, streamed)')!;
const fromBuffer = mean.get('(b′) parseRpf (Buffer in memory)')!;
console.log(`\nratio readRpfFile / (a) = ${(fromDisk / a).toFixed(2)}, parseRpf(Buffer) / (a) = ${(fromBuffer / a).toFixed(2)}`);
console.log(`ratio readRpfFile / (a′) = ${(fromDisk / aBytes).toFixed(2)}, parseRpf(Buffer) / (a′) = ${(fromBuffer / aBytes).toFixed(2)}`);
const cpuOf = (name: string) => cpu.get(name)!.ms / cpu.get(name)!.runs;
const cpuA = cpuOf('(a) read + split into line strings');
console.log(
  `ratio in CPU time: readRpfFile / (a) = ${(cpuOf('(b) readRpfFile (from disk, streamed)') / cpuA).toFixed(2)}, ` +
    `parseRpf(Buffer) / (a) = ${(cpuOf('(b′) parseRpf (Buffer in memory)') / cpuA).toFixed(2)}`,
);
const goal = mb(size) / (fromDisk / 1000) >= 100 && fromDisk <= 3 * a;
console.log(`goal (readRpfFile ≥ 100 MB/s and ≤ 3 × (a)): ${goal ? 'met' : 'NOT met'}`);

// (c) memory of the loaded model: after gc, before and after a parse from disk, model kept.
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  console.log('\n(c) memory: run with --expose-gc');
} else {
  const settle = () => {
    gc();
    gc();
    return process.memoryUsage();
  };
  const before = settle();
  const loaded = await readRpfFile(path);
  const after = settle();
  if (!loaded.ok) throw new Error('parse failed');
  const heap = after.heapUsed - before.heapUsed;
  const buffers = after.arrayBuffers - before.arrayBuffers;
  console.log(
    `\n(c) loaded model (${loaded.value.series.length} series): heapUsed +${mb(heap).toFixed(1)} MB, ` +
      `arrayBuffers +${mb(buffers).toFixed(1)} MB, total +${mb(heap + buffers).toFixed(1)} MB ` +
      `(${Math.round((heap + buffers) / loaded.value.series.length)} bytes per series); rss ${mb(after.rss).toFixed(0)} MB`,
  );
}
if (sink === 0) console.log('');
