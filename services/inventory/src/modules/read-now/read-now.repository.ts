import type { Kysely } from 'kysely';
import type { InventoryTables } from '../../tables';
import type { TeslaLink, TeslaLinks } from '../tesla/vehicle-fleet';

/** Which vehicles came from a Tesla account, and through which connection. */
export class ReadNowRepository implements TeslaLinks {
  constructor(private readonly db: Kysely<InventoryTables>) {}

  async linkOf(vehicleId: string): Promise<TeslaLink | undefined> {
    const row = await this.db
      .selectFrom('inventory.vehicle')
      .select(['id', 'vin', 'tesla_connection_id'])
      .where('id', '=', vehicleId)
      .executeTakeFirst();
    return row?.tesla_connection_id
      ? { vehicleId: row.id, vin: row.vin, connectionId: row.tesla_connection_id }
      : undefined;
  }

  /** The ids of every vehicle that has a Tesla connection. */
  async linkedVehicleIds(): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('inventory.vehicle')
      .select('id')
      .where('tesla_connection_id', 'is not', null)
      .execute();
    return new Set(rows.map((r) => r.id));
  }
}
