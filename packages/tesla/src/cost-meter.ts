/** Fleet API pay-per-use prices (TESLA.md "Billing"): every response under 500 is billed. */
export type BillingCategory = 'data' | 'command' | 'wake' | 'signal';

export const TESLA_PRICES_USD: Readonly<Record<BillingCategory, number>> = {
  data: 1 / 500,
  command: 1 / 1000,
  wake: 1 / 50,
  signal: 1 / 150_000,
};

export type BillingCounts = Record<BillingCategory, number>;
export type BillingTotals = BillingCounts & { usd: number };

export interface BillableEvent {
  connectionId: string;
  vin: string | null;
  category: BillingCategory;
  /** Units; default 1 (streamed signals come in batches). */
  count?: number;
  at: Date;
}

export interface CostSnapshot {
  byConnection: Record<string, BillingTotals>;
  byVehicleDay: { vin: string; day: string; counts: BillingCounts; usd: number }[];
  total: BillingTotals;
}

const zero = (): BillingCounts => ({ data: 0, command: 0, wake: 0, signal: 0 });

/** Units per dollar, so sums are exact integers until the single division at the end. */
const UNITS_PER_SIGNAL_PRICE: Readonly<BillingCounts> = { signal: 1, command: 150, data: 300, wake: 3_000 };

/** Dollars for a set of counts, to the micro-dollar. */
export function estimateUsd(counts: Partial<BillingCounts>): number {
  let units = 0;
  for (const category of Object.keys(UNITS_PER_SIGNAL_PRICE) as BillingCategory[]) {
    units += (counts[category] ?? 0) * UNITS_PER_SIGNAL_PRICE[category];
  }
  return Math.round((units / 150_000) * 1e6) / 1e6;
}

/**
 * Counts what the app's Fleet API use costs, per connection and per vehicle per UTC day, so
 * operators see the bill coming (one wake costs as much as ~3,000 streamed signals).
 */
export class CostMeter {
  private readonly total = zero();
  private readonly byConnection = new Map<string, BillingCounts>();
  private readonly byVehicleDay = new Map<string, { vin: string; day: string; counts: BillingCounts }>();
  private readonly listeners = new Set<(e: BillableEvent) => void>();

  record(e: BillableEvent): void {
    const count = e.count ?? 1;
    if (count <= 0) return;
    this.total[e.category] += count;
    let conn = this.byConnection.get(e.connectionId);
    if (!conn) this.byConnection.set(e.connectionId, (conn = zero()));
    conn[e.category] += count;
    if (e.vin !== null) {
      const day = e.at.toISOString().slice(0, 10);
      const key = `${e.vin}\u0000${day}`;
      let entry = this.byVehicleDay.get(key);
      if (!entry) this.byVehicleDay.set(key, (entry = { vin: e.vin, day, counts: zero() }));
      entry.counts[e.category] += count;
    }
    for (const listener of this.listeners) listener(e);
  }

  /** Subscribes to every recorded event (e.g. to persist or export metrics); returns the unsubscribe. */
  onRecord(listener: (e: BillableEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  snapshot(): CostSnapshot {
    const totals = (c: BillingCounts): BillingTotals => ({ ...c, usd: estimateUsd(c) });
    return {
      byConnection: Object.fromEntries([...this.byConnection].map(([id, c]) => [id, totals(c)])),
      byVehicleDay: [...this.byVehicleDay.values()]
        .map((v) => ({ vin: v.vin, day: v.day, counts: { ...v.counts }, usd: estimateUsd(v.counts) }))
        .sort((a, b) => a.vin.localeCompare(b.vin) || a.day.localeCompare(b.day)),
      total: totals(this.total),
    };
  }
}
