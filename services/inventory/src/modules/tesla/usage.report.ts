import { TESLA_PRICES_USD, estimateUsd, type BillingCounts } from '@cybertacotruck/tesla';
import type { UsageReport } from '@cybertacotruck/contracts';
import type { InventoryModules } from '../../index';

/** Turns the usage counters into rows per vehicle per day, priced at Tesla's list prices. */
export async function usageReport(modules: InventoryModules, days: number, now: Date): Promise<UsageReport> {
  const from = new Date(now.getTime() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  const [rows, vehicles] = await Promise.all([modules.usage.since(from), modules.vehicles.list({})]);
  const names = new Map(vehicles.map((v) => [v.vin, v.displayName]));
  const grouped = new Map<string, { day: string; vin: string; counts: BillingCounts }>();
  const total: BillingCounts = { data: 0, command: 0, wake: 0, signal: 0 };
  for (const r of rows) {
    const key = `${r.day}|${r.vin}`;
    let g = grouped.get(key);
    if (!g)
      grouped.set(key, (g = { day: r.day, vin: r.vin, counts: { data: 0, command: 0, wake: 0, signal: 0 } }));
    g.counts[r.category] += r.count;
    total[r.category] += r.count;
  }
  return {
    from,
    prices: { ...TESLA_PRICES_USD },
    rows: [...grouped.values()].map((g) => ({
      day: g.day,
      vin: g.vin,
      displayName: names.get(g.vin) ?? null,
      ...g.counts,
      usd: estimateUsd(g.counts),
    })),
    total: { ...total, usd: estimateUsd(total) },
  };
}
