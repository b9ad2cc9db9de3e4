import type { Fixed } from './model';

/**
 * What the RPF does not carry: the contract catalogue (cli-contract.md, rpf-format.md). One
 * row per commodity code.
 */
export type ClearingHouse = 'HKCC' | 'SEOCH';

export interface ContractSpec {
  readonly clearingHouse: ClearingHouse;
  readonly cc: string;
  readonly commodity: string;
  readonly currency: string;
  /** Contract multiplier (contract size), exact. */
  readonly multiplier: Fixed;
  /** Implied decimals of strikes and settlement prices of this commodity. */
  readonly priceDecimals: number;
}

export interface ContractCatalogue {
  readonly contracts: readonly ContractSpec[];
  readonly byCommodity: ReadonlyMap<string, ContractSpec>;
}
