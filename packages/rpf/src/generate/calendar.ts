/** Contract-month arithmetic for the generator (months are CCYYMM integers). */

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` → days since 1970-01-01 (UTC). */
export function dayNumber(isoDate: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (m === null) throw new Error(`not a YYYY-MM-DD date: ${JSON.stringify(isoDate)}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

export function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** CCYYMM of a `YYYY-MM-DD` date. */
export function monthOf(isoDateText: string): number {
  return Number(isoDateText.slice(0, 4)) * 100 + Number(isoDateText.slice(5, 7));
}

/** CCYYMM plus `n` months. */
export function addMonths(month: number, n: number): number {
  const index = Math.floor(month / 100) * 12 + (month % 100) - 1 + n;
  return Math.floor(index / 12) * 100 + (index % 12) + 1;
}

/**
 * Expiry (last trading day) of a contract month, HKEX-style for index and stock derivatives:
 * the business day before the last business day of the month (holidays ignored: weekdays).
 */
export function expiryDay(month: number): number {
  const year = Math.floor(month / 100);
  const mon = month % 100;
  let day = Date.UTC(year, mon, 0) / DAY_MS; // last calendar day of the month
  let weekdays = 0;
  for (;;) {
    const wd = new Date(day * DAY_MS).getUTCDay();
    if (wd !== 0 && wd !== 6) {
      weekdays++;
      if (weekdays === 2) return day;
    }
    day--;
  }
}
