import { TESLA_PRICES_USD, estimateUsd, type BillingCounts } from '@cybertacotruck/tesla';
import type { VehiclesService } from '../vehicles/vehicles.service';
import type { UsageRepository } from './usage.repository';

export interface UsageDay extends BillingCounts {
  day: string;
  vin: string;
  displayName: string | null;
  usd: number;
}

export interface UsageSummary {
  /** The first UTC day counted (YYYY-MM-DD). */
  from: string;
  prices: BillingCounts;
  rows: UsageDay[];
  total: BillingCounts & { usd: number };
}

const zero = (): BillingCounts => ({ data: 0, command: 0, wake: 0, signal: 0 });

/** The Fleet API bill: the usage counters per vehicle per day, priced at Tesla's list prices. */
export class UsageService {
  constructor(
    private readonly usage: Pick<UsageRepository, 'since'>,
    private readonly vehicles: Pick<VehiclesService, 'list'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The last `days` UTC days, today included. */
  async report(days: number): Promise<UsageSummary> {
    const from = new Date(this.now().getTime() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
    const [rows, vehicles] = await Promise.all([this.usage.since(from), this.vehicles.list({})]);
    const names = new Map(vehicles.map((v) => [v.vin, v.displayName]));
    const grouped = new Map<string, { day: string; vin: string; counts: BillingCounts }>();
    const total = zero();
    for (const r of rows) {
      const key = `${r.day}|${r.vin}`;
      let g = grouped.get(key);
      if (!g) grouped.set(key, (g = { day: r.day, vin: r.vin, counts: zero() }));
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
}
