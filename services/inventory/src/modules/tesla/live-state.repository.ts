import { sql, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { InventoryTables, VehicleLiveStateTable, VehiclePositionTable } from '../../tables';

export type LiveStateRow = Selectable<VehicleLiveStateTable>;
export type DbOrTx = Kysely<InventoryTables> | Transaction<InventoryTables>;

export class LiveStateRepository {
  constructor(readonly db: Kysely<InventoryTables>) {}

  async getForUpdate(tx: DbOrTx, vehicleId: string): Promise<LiveStateRow | undefined> {
    return tx
      .selectFrom('inventory.vehicle_live_state')
      .selectAll()
      .where('vehicle_id', '=', vehicleId)
      .forUpdate()
      .executeTakeFirst();
  }

  async save(tx: DbOrTx, row: Insertable<VehicleLiveStateTable>): Promise<void> {
    const { vehicle_id: _id, ...rest } = row;
    await tx
      .insertInto('inventory.vehicle_live_state')
      .values(row)
      .onConflict((oc) => oc.column('vehicle_id').doUpdateSet({ ...rest, updated_at: new Date() }))
      .execute();
  }

  async addPosition(tx: DbOrTx, row: VehiclePositionTable): Promise<void> {
    await tx
      .insertInto('inventory.vehicle_position')
      .values(row)
      .onConflict((oc) => oc.columns(['vehicle_id', 'at']).doNothing())
      .execute();
  }

  async forVehicles(vehicleIds: string[]): Promise<LiveStateRow[]> {
    if (vehicleIds.length === 0) return [];
    return this.db
      .selectFrom('inventory.vehicle_live_state')
      .selectAll()
      .where('vehicle_id', 'in', vehicleIds)
      .execute();
  }

  async all(): Promise<LiveStateRow[]> {
    return this.db.selectFrom('inventory.vehicle_live_state').selectAll().execute();
  }

  async byVehicle(vehicleId: string): Promise<LiveStateRow | undefined> {
    return this.db
      .selectFrom('inventory.vehicle_live_state')
      .selectAll()
      .where('vehicle_id', '=', vehicleId)
      .executeTakeFirst();
  }

  async positions(
    vehicleId: string,
    since: Date,
    limit: number,
  ): Promise<Selectable<VehiclePositionTable>[]> {
    const rows = await this.db
      .selectFrom('inventory.vehicle_position')
      .selectAll()
      .where('vehicle_id', '=', vehicleId)
      .where('at', '>=', since)
      .orderBy('at', 'desc')
      .limit(limit)
      .execute();
    return rows.reverse();
  }

  /**
   * Deletes at most `limit` positions recorded before `cutoff` (one short transaction, however
   * much history a fleet piled up); returns how many. Run again until it deletes fewer than `limit`.
   */
  async purgePositionsBefore(cutoff: Date, limit: number): Promise<number> {
    const result = await sql`
      delete from inventory.vehicle_position p
      using (
        select vehicle_id, at from inventory.vehicle_position
        where at < ${cutoff.toISOString()}::timestamptz
        limit ${limit}
      ) old
      where p.vehicle_id = old.vehicle_id and p.at = old.at`.execute(this.db);
    return Number(result.numAffectedRows ?? 0n);
  }
}
