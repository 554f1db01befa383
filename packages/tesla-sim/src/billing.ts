/** Fleet API pay-per-use billing, exactly as TESLA.md prices it. */
export type BillingCategory = 'data' | 'command' | 'wake' | 'signal';

export interface Counts {
  data: number;
  command: number;
  wake: number;
  signal: number;
}
export type Bill = Counts & { usd: number };

export interface BillingSnapshot {
  total: Bill;
  byVin: Record<string, Bill>;
  byAccount: Record<string, Bill>;
}

/** How many units one US dollar buys, per category. */
export const UNITS_PER_USD: Readonly<Counts> = { signal: 150_000, command: 1_000, data: 500, wake: 50 };

/** Dollars for a set of counts, computed over a common denominator so sums stay exact. */
export function usdFor(c: Counts): number {
  const units = c.signal + c.command * 150 + c.data * 300 + c.wake * 3_000; // 1 unit = $1/150,000
  return Math.round((units / 150_000) * 1e6) / 1e6;
}

const zero = (): Counts => ({ data: 0, command: 0, wake: 0, signal: 0 });

export class BillingMeter {
  private total = zero();
  private byVin = new Map<string, Counts>();
  private byAccount = new Map<string, Counts>();

  record(category: BillingCategory, units: number, who: { vin?: string; account?: string } = {}): void {
    if (units <= 0) return;
    this.total[category] += units;
    if (who.vin) bump(this.byVin, who.vin, category, units);
    if (who.account) bump(this.byAccount, who.account, category, units);
  }

  snapshot(): BillingSnapshot {
    const bill = (c: Counts): Bill => ({ ...c, usd: usdFor(c) });
    const map = (m: Map<string, Counts>): Record<string, Bill> =>
      Object.fromEntries([...m].map(([k, c]) => [k, bill(c)]));
    return { total: bill(this.total), byVin: map(this.byVin), byAccount: map(this.byAccount) };
  }

  reset(): void {
    this.total = zero();
    this.byVin.clear();
    this.byAccount.clear();
  }
}

function bump(map: Map<string, Counts>, key: string, category: BillingCategory, units: number): void {
  let c = map.get(key);
  if (!c) map.set(key, (c = zero()));
  c[category] += units;
}
