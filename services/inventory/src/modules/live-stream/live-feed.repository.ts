import { sql, type Kysely } from 'kysely';
import type { VehicleStatusChangedV1 } from '@cybertacotruck/contracts';
import type { InventoryTables } from '../../tables';

const TYPE = 'inventory.vehicle.status_changed';

export interface StatusEventRow {
  seq: string;
  data: VehicleStatusChangedV1;
}

/**
 * Inventory's own status events, read from its outbox in append order: the outbox is committed with
 * the live state, in whichever inventory process wrote it (telemetry, sync, the lost-telemetry sweep),
 * so every process serving streams sees every change without joining a consumer group.
 */
export class LiveFeedRepository {
  constructor(private readonly db: Kysely<InventoryTables>) {}

  async latestSeq(): Promise<string> {
    const { rows } = await sql<{
      seq: string | null;
    }>`select max(seq)::text as seq from inventory.outbox`.execute(this.db);
    return rows[0]?.seq ?? '0';
  }

  async after(seq: string, limit: number): Promise<StatusEventRow[]> {
    const { rows } = await sql<{ seq: string; data: VehicleStatusChangedV1 }>`
      select seq::text as seq, data from inventory.outbox
      where seq > ${seq}::bigint and type = ${TYPE}
      order by seq limit ${limit}`.execute(this.db);
    return rows;
  }
}
