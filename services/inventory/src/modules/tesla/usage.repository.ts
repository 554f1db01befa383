import { sql, type Kysely } from 'kysely';
import type { BillableEvent, BillingCategory } from '@cybertacotruck/tesla';
import type { InventoryTables } from '../../tables';

export interface UsageRow {
  connectionId: string;
  vin: string;
  day: string;
  category: BillingCategory;
  count: number;
}

/** The Fleet API bill as it accrues: one counter per connection × vehicle × UTC day × category. */
export class UsageRepository {
  constructor(private readonly db: Kysely<InventoryTables>) {}

  async add(events: BillableEvent[]): Promise<void> {
    const merged = new Map<string, UsageRow>();
    for (const e of events) {
      const row: UsageRow = {
        connectionId: e.connectionId,
        vin: e.vin ?? '',
        day: e.at.toISOString().slice(0, 10),
        category: e.category,
        count: e.count ?? 1,
      };
      const key = `${row.connectionId}|${row.vin}|${row.day}|${row.category}`;
      const existing = merged.get(key);
      if (existing) existing.count += row.count;
      else merged.set(key, row);
    }
    if (merged.size === 0) return;
    await this.db
      .insertInto('inventory.tesla_usage')
      .values(
        [...merged.values()].map((r) => ({
          connection_id: r.connectionId,
          vin: r.vin,
          day: r.day,
          category: r.category,
          count: r.count,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['connection_id', 'vin', 'day', 'category'])
          .doUpdateSet({ count: sql<number>`inventory.tesla_usage.count + excluded.count` }),
      )
      .execute();
  }

  async since(day: string): Promise<UsageRow[]> {
    const rows = await this.db
      .selectFrom('inventory.tesla_usage')
      .selectAll()
      .where('day', '>=', day)
      .orderBy('day', 'desc')
      .orderBy('vin')
      .execute();
    return rows.map((r) => ({
      connectionId: r.connection_id,
      vin: r.vin,
      day: r.day,
      category: r.category,
      count: r.count,
    }));
  }
}
