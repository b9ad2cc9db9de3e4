import type { ScenarioReturns } from './model';

/**
 * Growing storage for one kind of scenario returns while the file streams in: the row width is
 * known from the header, the number of rows is not, so the typed arrays double as rows arrive.
 */
export class ScenarioMatrixBuilder {
  readonly count: number;
  private rows = 0;
  private capacity: number;
  private units: Float64Array;
  private maxAbs: Float64Array;
  private lines: Int32Array;
  private readonly instruments: string[] = [];
  private readonly rowOf = new Map<string, number>();

  constructor(count: number, initialRows = 64) {
    this.count = count;
    this.capacity = initialRows;
    this.units = new Float64Array(initialRows * count);
    this.maxAbs = new Float64Array(initialRows);
    this.lines = new Int32Array(initialRows);
  }

  /** Line of the row already held for `instrument`, if any. */
  lineOf(instrument: string): number | undefined {
    const r = this.rowOf.get(instrument);
    return r === undefined ? undefined : (this.lines[r] ?? 0);
  }

  /** The storage the next row is scanned into, and where it starts. Commit with {@link commitRow}. */
  nextRow(): { readonly units: Float64Array; readonly base: number } {
    if (this.rows === this.capacity) this.grow();
    return { units: this.units, base: this.rows * this.count };
  }

  commitRow(instrument: string, line: number, maxAbsUnits: number): void {
    const r = this.rows++;
    this.instruments.push(instrument);
    this.rowOf.set(instrument, r);
    this.lines[r] = line;
    this.maxAbs[r] = maxAbsUnits;
  }

  build(): ScenarioReturns {
    const n = this.rows;
    return {
      count: this.count,
      instruments: this.instruments,
      rowOf: this.rowOf,
      // Views, not copies: a copy of a 3,000-row matrix would cost time and double the peak memory.
      lines: this.lines.subarray(0, n),
      units: this.units.subarray(0, n * this.count),
      maxAbsUnits: this.maxAbs.subarray(0, n),
    };
  }

  private grow(): void {
    this.capacity *= 2;
    const units = new Float64Array(this.capacity * this.count);
    units.set(this.units);
    this.units = units;
    const maxAbs = new Float64Array(this.capacity);
    maxAbs.set(this.maxAbs);
    this.maxAbs = maxAbs;
    const lines = new Int32Array(this.capacity);
    lines.set(this.lines);
    this.lines = lines;
  }
}
