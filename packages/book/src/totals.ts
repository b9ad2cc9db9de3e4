import type Decimal from 'decimal.js';
import type { ClearingHouse } from '@marginkit/rpf';
import type { ScaledUnits } from '@marginkit/risk-engine';
import { decimalText, PrimeDecimal, sheetTotalUnits } from '@marginkit/risk-engine';
import { clientTotalUnits } from '@marginkit/client-margin';
import type { AccountReport } from '@marginkit/reporting';

/**
 * Totals of a book: per clearing house and currency, and in HKD, summed exactly (decimal, never a
 * binary float) over the accounts that have results. Chunks keep theirs as decimal text; the run
 * summary adds the chunks'.
 */

export interface ClearingHouseTotalJson {
  readonly clearingHouse: ClearingHouse;
  readonly currency: string;
  /** Accounts holding positions at this clearing house in this currency. */
  readonly accounts: number;
  /** Σ the accounts' clearing-house requirement (whole units of `currency`). */
  readonly requirement: string;
  /** Σ requirement × the RPF's HKD rate, unrounded. */
  readonly requirementHkd: string;
  /** Σ the accounts' client margin total (whole units of `currency`). */
  readonly clientTotal: string;
  /** Σ the accounts' client maintenance margin. */
  readonly clientMaintenance: string;
}

export interface TotalsJson {
  /** HKCC before SEOCH, then by currency. */
  readonly clearingHouses: readonly ClearingHouseTotalJson[];
  /** Σ the accounts' clearing-house total in HKD (each whole HKD). */
  readonly clearingHouseTotalHkd: string;
  /** Σ the accounts' client total in HKD. */
  readonly clientTotalHkd: string;
  readonly clientMaintenanceHkd: string;
}

/**
 * Each sum in two parts: an exact integer for the accounts whose figures come as units (the
 * engine's sheets, the client rules' units path: nearly all), and a decimal for any others. Summing
 * integers is a fraction of what decimal objects cost per account (4 % of a chunk's time went to
 * them); the parts are added once, in `toJson`.
 */
interface Entry {
  readonly clearingHouse: ClearingHouse;
  readonly currency: string;
  accounts: number;
  requirement: Decimal;
  requirementHkd: Decimal;
  clientTotal: Decimal;
  clientMaintenance: Decimal;
  /** Whole units. */
  requirementUnits: bigint;
  readonly requirementHkdUnits: ScaledSum;
  clientTotalUnits: bigint;
  clientMaintenanceUnits: bigint;
}

const zero = () => new PrimeDecimal(0);

/** `units` at `scale` decimals as a decimal (the constructor does not round). */
function decimalOf(units: bigint, scale: number): Decimal {
  return new PrimeDecimal(scale === 0 ? units.toString() : `${units}e-${scale}`);
}

export class BookTotals {
  private readonly entries = new Map<string, Entry>();
  private clearingHouseTotalHkd = zero();
  private clientTotalHkd = zero();
  private clientMaintenanceHkd = zero();
  private clearingHouseTotalHkdUnits = 0n;
  private clientTotalHkdUnits = 0n;
  private clientMaintenanceHkdUnits = 0n;

  private entry(clearingHouse: ClearingHouse, currency: string): Entry {
    const key = `${clearingHouse}\u0000${currency}`;
    let e = this.entries.get(key);
    if (e === undefined) {
      e = {
        clearingHouse,
        currency,
        accounts: 0,
        requirement: zero(),
        requirementHkd: zero(),
        clientTotal: zero(),
        clientMaintenance: zero(),
        requirementUnits: 0n,
        requirementHkdUnits: new ScaledSum(),
        clientTotalUnits: 0n,
        clientMaintenanceUnits: 0n,
      };
      this.entries.set(key, e);
    }
    return e;
  }

  addAccount(account: AccountReport): void {
    const sheet = sheetTotalUnits(account.sheet);
    if (sheet === undefined) {
      for (const h of account.sheet.clearingHouses) {
        const e = this.entry(h.clearingHouse, h.currency);
        e.accounts++;
        e.requirement = e.requirement.plus(h.requirement);
        e.requirementHkd = e.requirementHkd.plus(h.requirementHkd);
      }
      this.clearingHouseTotalHkd = this.clearingHouseTotalHkd.plus(account.sheet.clearingHouseTotalHkd);
    } else {
      for (const h of sheet.clearingHouses) {
        const e = this.entry(h.clearingHouse, h.currency);
        e.accounts++;
        e.requirementUnits += h.requirement;
        e.requirementHkdUnits.add(h.requirementHkd);
      }
      this.clearingHouseTotalHkdUnits += sheet.clearingHouseTotalHkd;
    }
    const client = clientTotalUnits(account.client);
    if (client === undefined) {
      for (const t of account.client.totals) {
        const e = this.entry(t.clearingHouse, t.currency);
        e.clientTotal = e.clientTotal.plus(t.total);
        e.clientMaintenance = e.clientMaintenance.plus(t.maintenance);
      }
      this.clientTotalHkd = this.clientTotalHkd.plus(account.client.total);
      this.clientMaintenanceHkd = this.clientMaintenanceHkd.plus(account.client.maintenance);
    } else {
      for (const t of client.totals) {
        const e = this.entry(t.clearingHouse, t.currency);
        e.clientTotalUnits += BigInt(t.totalUnits);
        e.clientMaintenanceUnits += BigInt(t.maintenanceUnits);
      }
      this.clientTotalHkdUnits += BigInt(client.totalUnits);
      this.clientMaintenanceHkdUnits += BigInt(client.maintenanceUnits);
    }
  }

  addJson(t: TotalsJson): void {
    for (const c of t.clearingHouses) {
      const e = this.entry(c.clearingHouse, c.currency);
      e.accounts += c.accounts;
      e.requirement = e.requirement.plus(c.requirement);
      e.requirementHkd = e.requirementHkd.plus(c.requirementHkd);
      e.clientTotal = e.clientTotal.plus(c.clientTotal);
      e.clientMaintenance = e.clientMaintenance.plus(c.clientMaintenance);
    }
    this.clearingHouseTotalHkd = this.clearingHouseTotalHkd.plus(t.clearingHouseTotalHkd);
    this.clientTotalHkd = this.clientTotalHkd.plus(t.clientTotalHkd);
    this.clientMaintenanceHkd = this.clientMaintenanceHkd.plus(t.clientMaintenanceHkd);
  }

  toJson(): TotalsJson {
    const order = (h: ClearingHouse) => (h === 'HKCC' ? 0 : 1);
    const entries = [...this.entries.values()].sort(
      (a, b) => order(a.clearingHouse) - order(b.clearingHouse) || (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0),
    );
    const sum = (d: Decimal, units: bigint, scale = 0) => decimalText(units === 0n ? d : d.plus(decimalOf(units, scale)));
    return {
      clearingHouses: entries.map((e) => ({
        clearingHouse: e.clearingHouse,
        currency: e.currency,
        accounts: e.accounts,
        requirement: sum(e.requirement, e.requirementUnits),
        requirementHkd: sum(e.requirementHkd, e.requirementHkdUnits.units, e.requirementHkdUnits.scale),
        clientTotal: sum(e.clientTotal, e.clientTotalUnits),
        clientMaintenance: sum(e.clientMaintenance, e.clientMaintenanceUnits),
      })),
      clearingHouseTotalHkd: sum(this.clearingHouseTotalHkd, this.clearingHouseTotalHkdUnits),
      clientTotalHkd: sum(this.clientTotalHkd, this.clientTotalHkdUnits),
      clientMaintenanceHkd: sum(this.clientMaintenanceHkd, this.clientMaintenanceHkdUnits),
    };
  }
}

/**
 * A sum of scaled integers (value = units × 10^−scale) kept exact at the largest scale added: an
 * HKD requirement comes at the decimals its rate × requirement happened to need (7,781.2 at one,
 * 77,812 at none).
 */
export class ScaledSum {
  units = 0n;
  scale = 0;

  add(x: ScaledUnits): void {
    if (x.scale > this.scale) {
      this.units *= 10n ** BigInt(x.scale - this.scale);
      this.scale = x.scale;
    }
    this.units += x.scale === this.scale ? x.units : x.units * 10n ** BigInt(this.scale - x.scale);
  }
}
