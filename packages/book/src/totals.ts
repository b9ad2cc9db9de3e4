import type Decimal from 'decimal.js';
import type { ClearingHouse } from '@marginkit/rpf';
import { decimalText, PrimeDecimal } from '@marginkit/risk-engine';
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

interface Entry {
  readonly clearingHouse: ClearingHouse;
  readonly currency: string;
  accounts: number;
  requirement: Decimal;
  requirementHkd: Decimal;
  clientTotal: Decimal;
  clientMaintenance: Decimal;
}

const zero = () => new PrimeDecimal(0);

export class BookTotals {
  private readonly entries = new Map<string, Entry>();
  private clearingHouseTotalHkd = zero();
  private clientTotalHkd = zero();
  private clientMaintenanceHkd = zero();

  private entry(clearingHouse: ClearingHouse, currency: string): Entry {
    const key = `${clearingHouse}\u0000${currency}`;
    let e = this.entries.get(key);
    if (e === undefined) {
      e = { clearingHouse, currency, accounts: 0, requirement: zero(), requirementHkd: zero(), clientTotal: zero(), clientMaintenance: zero() };
      this.entries.set(key, e);
    }
    return e;
  }

  addAccount(account: AccountReport): void {
    for (const h of account.sheet.clearingHouses) {
      const e = this.entry(h.clearingHouse, h.currency);
      e.accounts++;
      e.requirement = e.requirement.plus(h.requirement);
      e.requirementHkd = e.requirementHkd.plus(h.requirementHkd);
    }
    for (const t of account.client.totals) {
      const e = this.entry(t.clearingHouse, t.currency);
      e.clientTotal = e.clientTotal.plus(t.total);
      e.clientMaintenance = e.clientMaintenance.plus(t.maintenance);
    }
    this.clearingHouseTotalHkd = this.clearingHouseTotalHkd.plus(account.sheet.clearingHouseTotalHkd);
    this.clientTotalHkd = this.clientTotalHkd.plus(account.client.total);
    this.clientMaintenanceHkd = this.clientMaintenanceHkd.plus(account.client.maintenance);
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
    return {
      clearingHouses: entries.map((e) => ({
        clearingHouse: e.clearingHouse,
        currency: e.currency,
        accounts: e.accounts,
        requirement: decimalText(e.requirement),
        requirementHkd: decimalText(e.requirementHkd),
        clientTotal: decimalText(e.clientTotal),
        clientMaintenance: decimalText(e.clientMaintenance),
      })),
      clearingHouseTotalHkd: decimalText(this.clearingHouseTotalHkd),
      clientTotalHkd: decimalText(this.clientTotalHkd),
      clientMaintenanceHkd: decimalText(this.clientMaintenanceHkd),
    };
  }
}
