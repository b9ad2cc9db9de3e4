import type { ProductType, Series } from './model';
import { SCENARIOS } from './model';

/**
 * The risk-array block of one file, shared by its series. The parser sets `block` once the
 * file is read (the block it filled may be trimmed then); nothing reads a series' `riskArray`
 * before that.
 */
export interface RiskArrayBlock {
  block: Int32Array;
}

/**
 * A series of a parsed or assembled file (`RiskParameterFile.series`).
 *
 * `riskArray` is an accessor: the view of row `row` of the file's `riskArrays` is made the first
 * time it is read, then kept (every read gives the same view). A full-day file has ~100,000
 * series, and making ~100,000 views at parse time, with the garbage collection they cost, was
 * ~15 % of a parse, while a file is often read for a few series (inspection, a position
 * lookup); code that walks every series' values can read `riskArrays` at `row × 16` and make
 * no view at all. Unlike the other fields, `riskArray` is therefore not an own property: a
 * spread (`{ ...series }`) or `JSON.stringify` leaves it out.
 */
export class RpfSeries implements Series {
  #view: Int32Array | undefined = undefined;
  readonly #arrays: RiskArrayBlock;

  constructor(
    readonly exchange: string,
    readonly commodity: string,
    readonly underlying: string,
    readonly productType: ProductType,
    readonly right: '' | 'C' | 'P',
    readonly futuresMonth: number,
    readonly futuresDayWeek: string,
    readonly optionMonth: number,
    readonly optionDayWeek: string,
    readonly strike: number,
    readonly key: string,
    readonly cc: string,
    readonly riskScale: number,
    readonly row: number,
    readonly compositeDelta: number,
    readonly impliedVolatility: number,
    readonly settlementPrice: number,
    arrays: RiskArrayBlock,
  ) {
    this.#arrays = arrays;
  }

  get riskArray(): Int32Array {
    return (this.#view ??= this.#arrays.block.subarray(this.row * SCENARIOS, this.row * SCENARIOS + SCENARIOS));
  }
}
