import { formatFixed } from '../fixed';
import type { Rpf01HeaderKey } from './header';
import { RPF01_HEDGE_INSTRUMENT, RPF01_RETURN_SCALE } from './model';

/**
 * A synthetic RPF01 file for fixtures and benchmarks: realistic shape and size (a market factor
 * plus idiosyncratic noise per scenario, stressed scenarios wider than historical ones), fully
 * determined by the seed. Every number is written from an integer, so the file's decimals are
 * exactly what the generator meant.
 */
export interface Rpf01GeneratorOptions {
  /** Tier P stocks (FieldType 1, 2 and 4), the hedge instrument 2800 included. */
  readonly tierP: number;
  /** Tier N instruments (FieldType 3). Default: tierP / 10. */
  readonly tierN?: number;
  /** Structured products on Tier P stocks (FieldType 1, 2, 5; every other one also FieldType 6). Default: tierP / 20. */
  readonly structuredProducts?: number;
  /** Stocks with a corporate-action record (FieldType 7, entitlement types 1-3 in turn). Default: tierP / 100. */
  readonly corporateActions?: number;
  readonly hvarScenarios?: number;
  readonly svarScenarios?: number;
  readonly seed?: number;
  /** D/M/YYYY. */
  readonly valuationDate?: string;
  readonly holidayFactor?: string;
}

/** What the generator wrote, so that a caller can build positions without re-reading the file. */
export interface GeneratedInstruments {
  readonly tierP: readonly string[];
  readonly tierN: readonly string[];
  readonly structuredProducts: readonly string[];
  /** Codes with FieldType 7 records, with the entitlement type written for each. */
  readonly corporateActions: readonly { readonly code: string; readonly entitlementType: 1 | 2 | 3 }[];
}

/** Header values like HKSCC's (var-platform.md's examples), for generated and hand-written files. */
export const RPF01_TYPICAL_HEADER: Readonly<Record<Rpf01HeaderKey, string>> = {
  Valuation_DT: '30/6/2022',
  HVaR_WGT: '0.75',
  SVaR_WGT: '0.25',
  HVaR_Scen_Count: '1000',
  SVaR_Scen_Count: '1018',
  STV_Count: '0',
  HVaR_CL: '0.994',
  SVaR_CL: '0.98',
  HVaR_Measure: '4',
  SVaR_Measure: '4',
  Rounding: '10000',
  Holiday_Factor: '0',
};

/**
 * The header block and the column-header row: the typical values overridden by `header` (a value
 * '' leaves its key out), columns numbered up to the larger scenario count (at least 4).
 */
export function rpf01HeaderLines(header: Partial<Record<Rpf01HeaderKey, string>> = {}): string[] {
  const h: Record<string, string> = { ...RPF01_TYPICAL_HEADER };
  for (const [k, v] of Object.entries(header)) if (v !== undefined) h[k] = v;
  const count = (k: Rpf01HeaderKey) => (/^\d+$/.test(h[k] ?? '') ? Number(h[k]) : 0);
  const width = Math.max(count('HVaR_Scen_Count'), count('SVaR_Scen_Count'), 4);
  return [
    ...Object.entries(h)
      .filter(([, v]) => v !== '')
      .map(([k, v]) => `${k},${v}`),
    `InstrumentId,FieldType,${Array.from({ length: width }, (_, i) => i + 1).join(',')}`,
  ];
}

/** A whole RPF01 text from header overrides and record rows (for hand-written test files). */
export function rpf01Text(rows: readonly string[], header: Partial<Record<Rpf01HeaderKey, string>> = {}): string {
  return [...rpf01HeaderLines(header), ...rows].join('\n') + '\n';
}

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same file everywhere. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(rand: () => number): number {
  // Box-Muller; 1 - u keeps the logarithm finite.
  const u = 1 - rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Instrument ids the generator uses for a given size (2800 is always a Tier P stock). */
export function generatedInstruments(options: Rpf01GeneratorOptions): GeneratedInstruments {
  const tierPCount = Math.max(1, options.tierP);
  const tierP: string[] = [RPF01_HEDGE_INSTRUMENT];
  for (let code = 1; tierP.length < tierPCount; code++) if (String(code) !== RPF01_HEDGE_INSTRUMENT) tierP.push(String(code));
  const tierN = Array.from({ length: options.tierN ?? Math.floor(tierPCount / 10) }, (_, i) => String(80000 + i));
  const structuredProducts = Array.from({ length: options.structuredProducts ?? Math.floor(tierPCount / 20) }, (_, i) => String(10000 + i));
  const corporateActions = Array.from({ length: options.corporateActions ?? Math.floor(tierPCount / 100) }, (_, i) => ({
    code: tierP[(i * 7 + 1) % tierP.length] ?? RPF01_HEDGE_INSTRUMENT,
    entitlementType: ((i % 3) + 1) as 1 | 2 | 3,
  }));
  return { tierP, tierN, structuredProducts, corporateActions };
}

/** The file, line by line (no newlines), for writing a large file as a stream. */
export function* rpf01Lines(options: Rpf01GeneratorOptions): Generator<string> {
  const rand = mulberry32(options.seed ?? 1);
  const hCount = options.hvarScenarios ?? 1000;
  const sCount = options.svarScenarios ?? 1018;
  const ids = generatedInstruments(options);
  yield* rpf01HeaderLines({
    ...(options.valuationDate === undefined ? {} : { Valuation_DT: options.valuationDate }),
    HVaR_Scen_Count: String(hCount),
    SVaR_Scen_Count: String(sCount),
    Holiday_Factor: options.holidayFactor ?? '0',
  });

  const hMarket = Array.from({ length: hCount }, () => normal(rand) * 0.012);
  const sMarket = Array.from({ length: sCount }, () => normal(rand) * 0.03);
  const returns = (market: readonly number[], beta: number, vol: number): string => {
    const cells: string[] = new Array<string>(market.length);
    for (let s = 0; s < market.length; s++) {
      const r = beta * (market[s] ?? 0) + normal(rand) * vol;
      cells[s] = decimalFromUnits(Math.round(Math.max(-0.95, r) * 10 ** RPF01_RETURN_SCALE), RPF01_RETURN_SCALE);
    }
    return cells.join(',');
  };
  const betaOf = new Map<string, number>();
  const priceOf = new Map<string, number>();
  for (const id of ids.tierP) {
    const beta = id === RPF01_HEDGE_INSTRUMENT ? 1 : 0.4 + rand() * 1.2;
    const vol = id === RPF01_HEDGE_INSTRUMENT ? 0.002 : 0.005 + rand() * 0.03;
    betaOf.set(id, beta);
    yield `${id},1,${returns(hMarket, beta, vol)}`;
    yield `${id},2,${returns(sMarket, beta, vol * 2)}`;
    const price = 1 + Math.floor(rand() * 500_000); // thousandths of a dollar
    priceOf.set(id, price);
    yield `${id},4,${decimalFromUnits(500 + Math.floor(rand() * 1500), 4)},${decimalFromUnits(Math.round(beta * 10_000), 4)},${
      (1 + Math.floor(rand() * 50)) * 1_000_000},${decimalFromUnits(price, 3)}`;
  }
  for (const id of ids.tierN) yield `${id},3,${decimalFromUnits(15 + Math.floor(rand() * 85), 2)}`;
  for (let i = 0; i < ids.structuredProducts.length; i++) {
    const id = ids.structuredProducts[i] ?? '';
    const underlying = ids.tierP[(i * 13 + 2) % ids.tierP.length] ?? RPF01_HEDGE_INSTRUMENT;
    const gearing = (i % 2 === 0 ? 1 : -1) * (3 + rand() * 7);
    yield `${id},1,${returns(hMarket, (betaOf.get(underlying) ?? 1) * gearing, 0.05)}`;
    yield `${id},2,${returns(sMarket, (betaOf.get(underlying) ?? 1) * gearing, 0.1)}`;
    const delta = Math.round((i % 2 === 0 ? 1 : -1) * (2000 + rand() * 8000)); // × 10^-4
    const ratio = 10 * (1 + Math.floor(rand() * 10));
    // price (10^-3) × delta (10^-4) / conversion ratio: cash delta per quantity in 10^-7 dollars.
    const cashDelta = Math.round(((priceOf.get(underlying) ?? 1000) * delta) / ratio);
    yield `${id},5,${underlying},${decimalFromUnits(delta, 4)},${ratio},${decimalFromUnits(cashDelta, 7)}`;
    if (i % 2 === 0) yield `${id},6,0.01,${decimalFromUnits(1 + Math.floor(rand() * 9), 1)}`;
  }
  for (const { code, entitlementType } of ids.corporateActions) {
    yield `${code},7,${entitlementType},${decimalFromUnits(1 + Math.floor(rand() * 100_000), 3)},${decimalFromUnits(Math.floor(rand() * 50), 2)},${decimalFromUnits(Math.floor(rand() * 50), 2)}`;
  }
}

/** The whole file as one string (LF line ends). */
export function generateRpf01(options: Rpf01GeneratorOptions): string {
  return Array.from(rpf01Lines(options)).join('\n') + '\n';
}

/** Shortest decimal text of units × 10^-scale (trailing fraction zeros dropped). */
function decimalFromUnits(units: number, scale: number): string {
  const s = formatFixed(units, scale);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}
